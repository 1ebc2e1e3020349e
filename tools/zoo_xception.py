"""Write the Xception zoo spec (macc/zoo/xception.json) from its flow table.

``python -m tools.zoo_xception`` rewrites the file; ``--check`` only says whether it is current
(tests/test_zoo_more3.py runs the same check). No TensorFlow.

Chollet 2017, *Xception: Deep Learning with Depthwise Separable Convolutions* (arXiv:1610.02357),
Fig. 5, as Keras's ``keras.applications.Xception`` builds it, at 299×299:

- entry flow: 3×3/2 conv 32 and 3×3 conv 64 (both "valid", no bias, BN, ReLU); then three
  blocks of two 3×3 separable convs (128, 256, 728; each + BN, a ReLU between them and, from the
  second block on, before the first) and a 3×3/2 max pool, added to a 1×1/2 conv + BN shortcut;
- middle flow: eight residual blocks of three (ReLU, separable 3×3 728, BN), identity shortcut;
- exit flow: (ReLU, separable 728, BN, ReLU, separable 1024, BN, 3×3/2 max pool) + 1×1/2 conv
  1024 + BN shortcut; separable 1536 and 2048 (each + BN, ReLU); global average pool, FC 1000.

No convolution has a bias. A separable conv is a depthwise 3×3 then a 1×1 (macc's
``SeparableConv2D``, the DepthwiseConv2dNative + Conv2D that Keras's layer lowers to).
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import ZOO, _bn, _conv, _relu, classifier, network, spec_text, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

NAME = "xception"
REFERENCE = ("Chollet 2017, Xception: Deep Learning with Depthwise Separable Convolutions, "
             "arXiv:1610.02357, Fig. 5; keras.applications.Xception")
ENTRY = [(128, False), (256, True), (728, True)]  # (filters, ReLU before the first separable)
MIDDLE_BLOCKS = 8
DESCRIPTION = ("Xception, 299x299 (Fig. 5) as Keras builds it: entry flow (3x3/2 conv 32, 3x3 "
               "conv 64, three blocks of two separable 3x3 convs and a 3x3/2 max pool beside a "
               "1x1/2 conv shortcut), middle flow (8 residual blocks of three separable 3x3 728), "
               "exit flow (separable 728 and 1024, max pool, 1x1/2 shortcut; separable 1536 and "
               "2048); no conv bias, BN after each; written by tools/zoo_xception.py")


def _sep(name, filters):
    return {"type": "SeparableConv2D", "name": name, "filters": filters, "kernel_size": 3,
            "padding": "same", "bias": False}


def _down(name, f1, f2, pre_relu):
    """Two separable convs and a 3×3/2 max pool beside a 1×1/2 conv shortcut of ``f2``."""
    body = [_relu("relu0")] if pre_relu else []
    body += [_sep("sep1", f1), _bn("sep1_bn"), _relu("relu1"), _sep("sep2", f2), _bn("sep2_bn"),
             {"type": "MaxPool2D", "name": "pool", "pool_size": 3, "strides": 2,
              "padding": "same"}]
    shortcut = [_conv("shortcut", f2, strides=2), _bn("shortcut_bn")]
    return {"type": "Branches", "name": name, "merge": "add", "branches": [shortcut, body]}


def spec() -> dict:
    layers = [{**_conv("conv1", 32, 3, strides=2), "padding": "valid"}, _bn("conv1_bn"),
              _relu("conv1_relu"),
              {**_conv("conv2", 64, 3), "padding": "valid"}, _bn("conv2_bn"), _relu("conv2_relu")]
    layers += [_down(f"entry{i}", f, f, pre) for i, (f, pre) in enumerate(ENTRY, 1)]
    for j in range(1, MIDDLE_BLOCKS + 1):
        body = []
        for k in (1, 2, 3):
            body += [_relu(f"relu{k}"), _sep(f"sep{k}", 728), _bn(f"sep{k}_bn")]
        layers.append({"type": "Branches", "name": f"middle{j}", "merge": "add",
                       "branches": [[], body]})
    layers += [_down("exit1", 728, 1024, True),
               _sep("exit_sep1", 1536), _bn("exit_sep1_bn"), _relu("exit_relu1"),
               _sep("exit_sep2", 2048), _bn("exit_sep2_bn"), _relu("exit_relu2"),
               {"type": "GlobalAvgPool2D", "name": "pool"},
               *classifier()]
    return network(NAME, DESCRIPTION, REFERENCE, 299, layers)


def text() -> str:
    return spec_text(spec())


def main(argv=None) -> int:
    return write_specs({f"{NAME}.json": text()}, argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
