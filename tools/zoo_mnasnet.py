"""Write the MnasNet zoo specs (macc/zoo/mnasnet_a1.json, mnasnet_b1.json) from their block
tables.

``python -m tools.zoo_mnasnet`` rewrites the two files; ``--check`` only says whether they are
current (tests/test_zoo_more.py runs the same check). No TensorFlow.

The block tables are those of the reference implementation (tensorflow/tpu
``models/official/mnasnet/mnasnet_models.py``, ``mnasnet_a1`` and ``mnasnet_b1``), which the
paper (Tan et al. 2019, MnasNet, arXiv:1807.11626, Fig. 7) draws for A1:

- stem 3×3/2 conv of 32 + BN + ReLU;
- MBConv blocks: [1×1 expand + BN + ReLU when the ratio is not 1], k×k depthwise (the stride) +
  BN + ReLU, [squeeze-excite: global average pool, 1×1 conv with bias to
  ``max(1, int(c_in · 0.25))`` of the block's *input* channels + ReLU, 1×1 conv with bias back +
  sigmoid, multiply], 1×1 project + BN (linear); a residual add where the stride is 1, the
  channels match and the block is not marked ``noskip``; only a stage's first block strides;
- head 1×1 conv of 1280 + BN + ReLU, global pooling, dropout 0.2 (an identity here), FC 1000.

B1 has no squeeze-excite; it is torchvision's ``mnasnet1_0``. The paper's Table 1 row
"MnasNet-A1" is the network with squeeze-excite (``mnasnet_a1``).
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import ZOO, _bn, _conv, _relu, classifier, network, spec_text, write_specs  # noqa: F401 (ZOO: the tests read the files through it)
from tools.zoo_efficientnet import mbconv as efficientnet_mbconv

REFERENCE = ("Tan et al. 2019, MnasNet: Platform-Aware Neural Architecture Search for Mobile, "
             "arXiv:1807.11626, Table 1 and Fig. 7")

# (repeats, kernel, first stride, expand ratio, input channels, output channels, SE ratio, skip):
# the block strings of tensorflow/tpu mnasnet_models.py ('r2_k3_s22_e6_i16_o24' ...)
VARIANTS = {
    "a1": [
        (1, 3, 1, 1, 32, 16, None, False),
        (2, 3, 2, 6, 16, 24, None, True),
        (3, 5, 2, 3, 24, 40, 0.25, True),
        (4, 3, 2, 6, 40, 80, None, True),
        (2, 3, 1, 6, 80, 112, 0.25, True),
        (3, 5, 2, 6, 112, 160, 0.25, True),
        (1, 3, 1, 6, 160, 320, None, True),
    ],
    "b1": [
        (1, 3, 1, 1, 32, 16, None, False),
        (3, 3, 2, 3, 16, 24, None, True),
        (3, 5, 2, 3, 24, 40, None, True),
        (3, 5, 2, 6, 40, 80, None, True),
        (2, 3, 1, 6, 80, 96, None, True),
        (4, 5, 2, 6, 96, 192, None, True),
        (1, 3, 1, 6, 192, 320, None, False),
    ],
}
STEM, HEAD, DROPOUT = 32, 1280, 0.2

DESCRIPTIONS = {
    "a1": ("MnasNet-A1, 224x224 (Fig. 7; the Table 1 row): MBConv blocks (1x1 expand, depthwise "
           "3x3/5x5, squeeze-excite in the 40, 112 and 160 stages reducing to a quarter of the "
           "block's input channels with ReLU then sigmoid, 1x1 linear project), ReLU; residual "
           "where stride 1 and channels match; head 1x1 conv 1280, pool, FC 1000; written by "
           "tools/zoo_mnasnet.py"),
    "b1": ("MnasNet-B1 (torchvision's mnasnet1_0), 224x224: MBConv blocks without "
           "squeeze-excite (1x1 expand, depthwise 3x3/5x5, 1x1 linear project), ReLU; residual "
           "where stride 1 and channels match; head 1x1 conv 1280, pool, FC 1000; written by "
           "tools/zoo_mnasnet.py"),
}


def mbconv(c_in, c_out, expand, kernel, stride, se_ratio):
    """One MnasNet block's layers (without its residual): EfficientNet's block with relu."""
    return efficientnet_mbconv(c_in, c_out, expand, kernel, stride, se_ratio, "relu")


def spec(variant: str) -> dict:
    """The spec of MnasNet-``variant`` (``"a1"`` or ``"b1"``) as a JSON-ready dict."""
    layers = [_conv("stem", STEM, 3, strides=2), _bn("stem_bn"), _relu("stem_relu")]
    for s, (repeats, kernel, stride, expand, c_in, c_out, se, skip) in enumerate(
            VARIANTS[variant], 1):
        for j in range(repeats):
            name = f"block{s}{chr(ord('a') + j)}"
            body = mbconv(c_in, c_out, expand, kernel, stride, se)
            if skip and stride == 1 and c_in == c_out:
                layers.append({"type": "Branches", "name": name, "merge": "add",
                               "branches": [[], body]})
            else:
                layers.append({"type": "Sequential", "name": name, "layers": body})
            c_in, stride = c_out, 1
    layers += [_conv("head", HEAD), _bn("head_bn"), _relu("head_relu"),
               {"type": "GlobalAvgPool2D", "name": "pool"},
               {"type": "Dropout", "name": "dropout", "rate": DROPOUT},
               *classifier()]
    return network(f"mnasnet_{variant}", DESCRIPTIONS[variant], REFERENCE, 224, layers)


def text(variant: str) -> str:
    return spec_text(spec(variant))


def main(argv=None) -> int:
    return write_specs({f"mnasnet_{v}.json": text(v) for v in VARIANTS}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
