"""Write the EfficientNetV2-S zoo spec (macc/zoo/efficientnetv2_s.json) from its block table.

``python -m tools.zoo_efficientnetv2`` rewrites the file; ``--check`` only says whether it is
current (tests/test_zoo_more2.py runs the same check). No TensorFlow.

Tan & Le 2021, *EfficientNetV2: Smaller Models and Faster Training* (arXiv:2104.00298), Table 4,
as Keras 3's ``keras.applications.EfficientNetV2S`` (and the reference implementation) build it,
at 384×384 (the inference size of Table 7):

- stem 3×3/2 conv of 24 + BN + swish;
- Fused-MBConv stages (no squeeze-excite): with expansion e ≠ 1 a k×k conv (the stride) to e·c_in
  + BN + swish, then a 1×1 conv + BN (linear); with e = 1 one k×k conv (the stride) + BN + swish;
- MBConv stages: 1×1 expand + BN + swish, k×k depthwise (the stride) + BN + swish,
  squeeze-excite (pool, 1×1 conv with bias to ``max(1, int(c_in · 0.25))`` of the block's *input*
  channels + swish, 1×1 conv with bias back + sigmoid, multiply), 1×1 project + BN;
- a residual add where the stride is 1 and the channels match (stochastic depth is
  training-only); only a stage's first block strides;
- head 1×1 conv of 1280 + BN + swish, pooling, dropout 0.2 (an identity), FC 1000.

Keras's preprocessing (a Rescaling layer, no weights) is left out; it does no multiply-adds.
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import ZOO, _bn, _conv, _swish, classifier, network, spec_text, write_specs  # noqa: F401 (ZOO: the tests read the file through it)
from tools.zoo_efficientnet import mbconv as efficientnet_mbconv

REFERENCE = ("Tan & Le 2021, EfficientNetV2: Smaller Models and Faster Training, "
             "arXiv:2104.00298, Tables 4 and 7; keras.applications.EfficientNetV2S")
NAME = "efficientnetv2_s"
RESOLUTION, STEM, TOP, DROPOUT, SE_RATIO = 384, 24, 1280, 0.2, 0.25

# (fused, expand ratio, kernel, first stride, input channels, output channels, repeats, SE):
# Table 4 of the paper (= Keras's DEFAULT_BLOCKS_ARGS["efficientnetv2-s"])
STAGES = [
    (True, 1, 3, 1, 24, 24, 2, False),
    (True, 4, 3, 2, 24, 48, 4, False),
    (True, 4, 3, 2, 48, 64, 4, False),
    (False, 4, 3, 2, 64, 128, 6, True),
    (False, 6, 3, 1, 128, 160, 9, True),
    (False, 6, 3, 2, 160, 256, 15, True),
]

DESCRIPTION = ("EfficientNetV2-S, 384x384 (Table 4; Keras's EfficientNetV2S): stem 3x3/2 24; three "
               "Fused-MBConv stages (k x k conv expand with the stride + 1x1 project; a single "
               "k x k conv where the expansion is 1), three MBConv stages with squeeze-excite to a "
               "quarter of the block's input channels; swish; residual where stride 1 and "
               "channels match; head 1x1 conv 1280, pool, FC 1000; written by "
               "tools/zoo_efficientnetv2.py")


def fused(c_in, c_out, expand, kernel, stride):
    """One Fused-MBConv block's layers (without its residual)."""
    if expand == 1:
        return [_conv("project", c_out, kernel, strides=stride), _bn("project_bn"),
                _swish("project_swish")]
    return [_conv("expand", c_in * expand, kernel, strides=stride), _bn("expand_bn"),
            _swish("expand_swish"), _conv("project", c_out), _bn("project_bn")]


def mbconv(c_in, c_out, expand, kernel, stride):
    """One MBConv block's layers (without its residual): EfficientNet's (every V2 MBConv stage
    expands, so its 1×1 expand is always there)."""
    if expand == 1:
        raise ValueError("an EfficientNetV2 MBConv stage always expands")
    return efficientnet_mbconv(c_in, c_out, expand, kernel, stride, SE_RATIO)


def spec() -> dict:
    layers = [_conv("stem", STEM, 3, strides=2), _bn("stem_bn"), _swish("stem_swish")]
    for s, (is_fused, expand, kernel, stride, c_in, c_out, repeats, _se) in enumerate(STAGES, 1):
        for j in range(repeats):
            name = f"block{s}{chr(ord('a') + j)}"
            body = (fused if is_fused else mbconv)(c_in, c_out, expand, kernel, stride)
            if stride == 1 and c_in == c_out:
                layers.append({"type": "Branches", "name": name, "merge": "add",
                               "branches": [[], body]})
            else:
                layers.append({"type": "Sequential", "name": name, "layers": body})
            c_in, stride = c_out, 1
    layers += [_conv("top", TOP), _bn("top_bn"), _swish("top_swish"),
               {"type": "GlobalAvgPool2D", "name": "pool"},
               {"type": "Dropout", "name": "dropout", "rate": DROPOUT},
               *classifier()]
    return network(NAME, DESCRIPTION, REFERENCE, RESOLUTION, layers)


def text() -> str:
    return spec_text(spec())


def main(argv=None) -> int:
    return write_specs({f"{NAME}.json": text()}, argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
