"""Write the RegNet zoo specs (macc/zoo/regnetx_400mf.json, regnety_400mf.json) from their stage
tables.

``python -m tools.zoo_regnet`` rewrites the two files; ``--check`` only says whether they are
current (tests/test_zoo_more2.py runs the same check). No TensorFlow.

Radosavovic et al. 2020, *Designing Network Design Spaces* (arXiv:2003.13678): a RegNet is set by
(depth d, w_0, w_a, w_m, group width g, bottleneck ratio 1). Per block j < d the width is
u_j = w_0 + w_a·j, quantised in log space to w_0·w_m^round(log(u_j/w_0)/log(w_m)) and then to a
multiple of 8; blocks of equal width form a stage. A stage's width is then made a multiple of
its group width g — and here the two reference implementations part ways for RegNetX-400MF
(d 22, w_0 24, w_a 24.48, w_m 2.54, g 16): the last stage's 392 = 24.5·16 goes to 384 in the
authors' pycls (``round``, half to even) and to 400 in torchvision (``_make_divisible``, half
up). ``STAGES`` holds the outcome (pycls's, the paper's 5.2 M params); ``torchvision_x`` is
torchvision's ``regnet_x_400mf``. RegNetY-400MF (d 16, w_0 48, w_a 27.89, w_m 2.09, g 8) has no
half-way case and is the same in both.

The network (pycls ``anynet.py``, torchvision ``regnet.py``):

- stem 3×3/2 conv of 32 + BN + ReLU;
- stages at 56, 28, 14, 7, each starting with a stride-2 block; a block of input c_in, width w:
  1×1 conv w + BN + ReLU, 3×3 conv w in w/g groups (the stride) + BN + ReLU, [Y:
  squeeze-excite: global average pool, 1×1 conv with bias to round(0.25·c_in) — a quarter of the
  block's *input* — + ReLU, 1×1 conv with bias back to w + sigmoid, multiply], 1×1 conv w + BN;
  a projection shortcut (1×1, the stride, + BN) where the shape changes, else the identity; add,
  ReLU;
- head: global average pooling, FC 1000 with bias. No convolution has a bias.
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

REFERENCE = ("Radosavovic et al. 2020, Designing Network Design Spaces, arXiv:2003.13678, "
             "Appendix (RegNetX/RegNetY model table); pycls and torchvision regnet")

# variant -> (stage widths, stage depths, group width, SE ratio of the block input)
STAGES = {
    "regnetx_400mf": ((32, 64, 160, 384), (1, 2, 7, 12), 16, None),
    "regnety_400mf": ((48, 104, 208, 440), (1, 3, 6, 6), 8, 0.25),
}
STEM = 32

DESCRIPTIONS = {
    "regnetx_400mf": ("RegNetX-400MF, 224x224, as the authors' pycls builds it: stem 3x3/2 32; "
                      "stages of widths 32, 64, 160, 384 with 1, 2, 7, 12 blocks (1x1, 3x3 in "
                      "groups of 16 channels with the stride, 1x1; bottleneck ratio 1; "
                      "projection shortcuts where the shape changes); pool, FC 1000; "
                      "torchvision's regnet_x_400mf has 400 in the last stage; written by "
                      "tools/zoo_regnet.py"),
    "regnety_400mf": ("RegNetY-400MF, 224x224 (pycls and torchvision alike): stem 3x3/2 32; "
                      "stages of widths 48, 104, 208, 440 with 1, 3, 6, 6 blocks (1x1, 3x3 in "
                      "groups of 8 channels with the stride, squeeze-excite to a quarter of the "
                      "block's input channels, 1x1; projection shortcuts where the shape "
                      "changes); pool, FC 1000; written by tools/zoo_regnet.py"),
}


def block(c_in, w, stride, group_width, se_ratio):
    """One residual bottleneck block (bottleneck ratio 1) as a Branches layer's two branches."""
    body = [_conv("conv_a", w), _bn("bn_a"), _relu("relu_a"),
            {**_conv("conv_b", w, 3, strides=stride if stride != 1 else None),
             "groups": w // group_width},
            _bn("bn_b"), _relu("relu_b")]
    if se_ratio:
        body.append(se_block(int(round(se_ratio * c_in)), w, "relu"))
    body += [_conv("conv_c", w), _bn("bn_c")]
    shortcut = []
    if stride != 1 or c_in != w:
        shortcut = [_conv("proj", w, strides=stride), _bn("proj_bn")]
    return [shortcut, body]


def spec(name: str, widths=None) -> dict:
    """The spec of ``name`` as a JSON-ready dict; ``widths`` replaces its stage widths."""
    stage_widths, depths, group_width, se_ratio = STAGES[name]
    widths = widths or stage_widths
    layers = [_conv("stem", STEM, 3, strides=2), _bn("stem_bn"), _relu("stem_relu")]
    c_in = STEM
    for s, (w, d) in enumerate(zip(widths, depths), 1):
        for j in range(d):
            layers.append({"type": "Branches", "name": f"s{s}_b{j + 1}", "merge": "add",
                           "activation": "relu",
                           "branches": block(c_in, w, 2 if j == 0 else 1, group_width, se_ratio)})
            c_in = w
    layers += [{"type": "GlobalAvgPool2D", "name": "pool"},
               *classifier()]
    return network(name, DESCRIPTIONS[name], REFERENCE, 224, layers)


def torchvision_x() -> dict:
    """torchvision's ``regnet_x_400mf``: the last stage 400 wide, not 384."""
    d = spec("regnetx_400mf", (32, 64, 160, 400))
    return {**d, "name": "regnetx_400mf_torchvision"}


def text(name: str) -> str:
    return spec_text(spec(name))


def main(argv=None) -> int:
    return write_specs({f"{name}.json": text(name) for name in STAGES}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
