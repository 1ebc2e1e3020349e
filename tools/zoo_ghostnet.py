"""Write the GhostNet 1.0× zoo spec (macc/zoo/ghostnet_1.0.json) from its block table.

``python -m tools.zoo_ghostnet`` rewrites the file; ``--check`` only says whether it is current
(tests/test_zoo_more3.py runs the same check). No TensorFlow.

Han, Wang, Tian, Guo, Xu, Xu 2020, *GhostNet: More Features from Cheap Operations*
(arXiv:1911.11907), Table 1, as the authors' code (huawei-noah ``ghostnet.py``) and timm's
``ghostnet_100`` build it, at 224×224:

- stem 3×3/2 conv 16 + BN + ReLU;
- 16 Ghost bottlenecks (kernel, expansion, output, squeeze-excite ratio, stride) of Table 1. A
  Ghost module of n outputs (ratio 2, so n is even here) is a 1×1 "primary" conv to n/2 + BN
  [+ ReLU], then a 3×3 depthwise "cheap" conv of those n/2 + BN [+ ReLU], the two concatenated.
  A bottleneck: Ghost module to the expansion (ReLU), [a k×k/2 depthwise + BN where the stride
  is 2], [squeeze-excite: global average pool, 1×1 conv with bias to the expansion/4 made
  divisible by 4, ReLU, 1×1 conv with bias back, hard sigmoid, multiply], Ghost module to the
  output (no ReLU); added to the identity where the stride is 1 and the channels match, else to
  a k×k depthwise (the stride) + BN + 1×1 conv + BN shortcut;
- head: 1×1 conv 960 + BN + ReLU, global average pool (kept 1×1), 1×1 conv 1280 with bias +
  ReLU (no BN), flatten, FC 1000 with bias. No other convolution has a bias.
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import (  # noqa: F401 (ZOO: the tests read the files through it)
    ZOO,
    _bn,
    _conv,
    _relu,
    classifier,
    network,
    se_block,
    spec_text,
    write_specs,
)

NAME = "ghostnet_1.0"
REFERENCE = ("Han et al. 2020, GhostNet: More Features from Cheap Operations, arXiv:1911.11907, "
             "Tables 1 and 7; huawei-noah ghostnet.py, timm ghostnet_100")
DESCRIPTION = ("GhostNet 1.0x, 224x224 (Table 1): stem 3x3/2 16; 16 Ghost bottlenecks (Ghost "
               "modules: 1x1 primary conv to half the outputs, 3x3 depthwise cheap conv of them, "
               "concatenated; a k x k/2 depthwise between them where the stride is 2; "
               "squeeze-excite to a quarter made divisible by 4 with a hard sigmoid gate; "
               "depthwise + 1x1 shortcut where the shape changes); 1x1 960, pool, 1x1 1280 with "
               "bias, FC 1000; written by tools/zoo_ghostnet.py")
# Table 1: (kernel, expansion, output, squeeze-excite ratio, stride)
CFG = [
    (3, 16, 16, 0, 1), (3, 48, 24, 0, 2), (3, 72, 24, 0, 1), (5, 72, 40, 0.25, 2),
    (5, 120, 40, 0.25, 1), (3, 240, 80, 0, 2), (3, 200, 80, 0, 1), (3, 184, 80, 0, 1),
    (3, 184, 80, 0, 1), (3, 480, 112, 0.25, 1), (3, 672, 112, 0.25, 1), (5, 672, 160, 0.25, 2),
    (5, 960, 160, 0, 1), (5, 960, 160, 0.25, 1), (5, 960, 160, 0, 1), (5, 960, 160, 0.25, 1),
]
STEM, HEAD_CONV, HEAD_FC = 16, 960, 1280


def make_divisible(v: float, divisor: int = 4) -> int:
    """``v`` to a multiple of ``divisor`` (at least ``divisor``), never more than 10 % below."""
    new = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new + divisor if new < 0.9 * v else new


def _dw(name, kernel, stride=None):
    d = {"type": "DepthwiseConv2D", "name": name, "kernel_size": kernel}
    if stride:
        d["strides"] = stride
    return {**d, "padding": "same", "bias": False}


def ghost_module(name, outputs, relu):
    """Primary 1×1 conv to outputs/2, then the concat of it and its 3×3 depthwise."""
    act = [_relu("primary_relu")] if relu else []
    cheap = [_dw("cheap", 3), _bn("cheap_bn")] + ([_relu("cheap_relu")] if relu else [])
    return {"type": "Sequential", "name": name, "layers": [
        _conv("primary", outputs // 2), _bn("primary_bn"), *act,
        {"type": "Branches", "name": "concat", "merge": "concat", "branches": [[], cheap]}]}


def bottleneck(c_in, kernel, mid, out, se, stride):
    """(shortcut, body) of one Ghost bottleneck."""
    body = [ghost_module("ghost1", mid, True)]
    if stride > 1:
        body += [_dw("dw", kernel, stride), _bn("dw_bn")]
    if se:
        body.append(se_block(make_divisible(mid * se), mid, "relu", "hard_sigmoid"))
    body.append(ghost_module("ghost2", out, False))
    shortcut = []
    if stride != 1 or c_in != out:
        shortcut = [_dw("shortcut_dw", kernel, stride if stride > 1 else None),
                    _bn("shortcut_dw_bn"), _conv("shortcut_pw", out), _bn("shortcut_pw_bn")]
    return [shortcut, body]


def spec() -> dict:
    layers = [_conv("conv_stem", STEM, 3, strides=2), _bn("conv_stem_bn"), _relu("conv_stem_relu")]
    c_in = STEM
    for i, (k, mid, out, se, s) in enumerate(CFG, 1):
        layers.append({"type": "Branches", "name": f"block{i}", "merge": "add",
                       "branches": bottleneck(c_in, k, mid, out, se, s)})
        c_in = out
    layers += [_conv("conv_last", HEAD_CONV), _bn("conv_last_bn"), _relu("conv_last_relu"),
               {"type": "GlobalAvgPool2D", "name": "pool", "keepdims": True},
               _conv("conv_head", HEAD_FC, bias=True, activation="relu"),
               {"type": "Flatten", "name": "flatten"},
               *classifier()]
    return network(NAME, DESCRIPTION, REFERENCE, 224, layers)


def text() -> str:
    return spec_text(spec())


def main(argv=None) -> int:
    return write_specs({f"{NAME}.json": text()}, argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
