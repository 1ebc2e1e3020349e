"""Write the Inception-ResNet-v2 zoo spec (macc/zoo/inception_resnet_v2.json).

``python -m tools.zoo_inception_resnet_v2`` rewrites the file; ``--check`` only says whether it
is current (tests/test_zoo_more3.py runs the same check). No TensorFlow.

Szegedy, Ioffe, Vanhoucke, Alemi 2016, *Inception-v4, Inception-ResNet and the Impact of Residual
Connections on Learning* (arXiv:1602.07261), Figs. 3, 7 and 16-19 with the filter counts of the
TF-slim ``inception_resnet_v2`` and Keras's ``keras.applications.InceptionResNetV2``, which this
follows (Keras's layer for layer; the paper's figures differ in a few widths), at 299×299:

- every convolution is conv (no bias) + batch norm without scale (β only) + ReLU
  ("conv-bn"), except the residual "up" projections;
- stem: 3×3/2 32 valid, 3×3 32 valid, 3×3 64, 3×3/2 max pool, 1×1 80 valid, 3×3 192 valid,
  3×3/2 max pool (35², 192 channels); Mixed-5b: 1×1 96 | 1×1 48, 5×5 64 | 1×1 64, 3×3 96, 3×3 96
  | 3×3 average pool, 1×1 64, concatenated (320);
- 10 × block35 (Inception-ResNet-A, 35²): 1×1 32 | 1×1 32, 3×3 32 | 1×1 32, 3×3 48, 3×3 64,
  concatenated, a 1×1 conv *with bias* back to 320 (no BN), scaled by 0.17, added to the input,
  ReLU; Mixed-6a (reduction A): 3×3/2 384 valid | 1×1 256, 3×3 256, 3×3/2 384 valid | 3×3/2 max
  pool (17², 1088);
- 20 × block17 (B): 1×1 192 | 1×1 128, 1×7 160, 7×1 192; up 1088, scale 0.1;
  Mixed-7a (reduction B): 1×1 256, 3×3/2 384 | 1×1 256, 3×3/2 288 | 1×1 256, 3×3 288, 3×3/2 320 |
  3×3/2 max pool (8², 2080);
- 10 × block8 (C): 1×1 192 | 1×1 192, 1×3 224, 3×1 256; up 2080, scale 0.2 — the tenth with scale
  1.0 and no ReLU (Keras still multiplies by 1.0);
- 1×1 conv-bn 1536, global average pool, FC 1000.

The scaled residual is ``x + scale · up`` with a constant: macc's ``Rescaling`` layer with
``offset`` null (a Mul by a scalar, no params), as Keras's ``CustomScaleLayer`` computes it.
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import ZOO, _conv, classifier, network, spec_text, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

NAME = "inception_resnet_v2"
REFERENCE = ("Szegedy et al. 2016, Inception-v4, Inception-ResNet and the Impact of Residual "
             "Connections on Learning, arXiv:1602.07261, Figs. 3, 7, 16-19; "
             "keras.applications.InceptionResNetV2")
DESCRIPTION = ("Inception-ResNet-v2, 299x299, as Keras's InceptionResNetV2 (and TF-slim) build it: "
               "stem to 35x35x192, Mixed-5b (320), 10 Inception-ResNet-A blocks (residual scaled "
               "by 0.17), reduction Mixed-6a (1088), 20 B blocks (0.1), Mixed-7a (2080), 10 C blocks "
               "(0.2; the last 1.0 without ReLU), 1x1 conv 1536, pool, FC 1000; conv + BN without "
               "scale + ReLU throughout, the residual 1x1 projections with bias and no BN; written "
               "by tools/zoo_inception_resnet_v2.py")
# (name, repeats, output channels, scale, branches as lists of (filters, kernel))
BLOCKS = {
    "block35": (10, 320, 0.17, [[(32, 1)], [(32, 1), (32, 3)], [(32, 1), (48, 3), (64, 3)]]),
    "block17": (20, 1088, 0.1, [[(192, 1)], [(128, 1), (160, [1, 7]), (192, [7, 1])]]),
    "block8": (10, 2080, 0.2, [[(192, 1)], [(192, 1), (224, [1, 3]), (256, [3, 1])]]),
}


def conv_bn(name, filters, kernel, strides=1, padding="same"):
    """Conv (no bias) + BN without scale + ReLU, as Keras's ``conv2d_bn``."""
    conv = {**_conv(name, filters, kernel, strides=strides if strides != 1 else None),
            "padding": padding}
    return [conv, {"type": "BatchNorm", "name": f"{name}_bn", "scale": False},
            {"type": "Activation", "name": f"{name}_relu", "function": "relu"}]


def _pool(name, strides=2):
    return {"type": "MaxPool2D", "name": name, "pool_size": 3, "strides": strides}


def _chain(prefix, convs):
    out = []
    for i, (f, k) in enumerate(convs):
        out += conv_bn(f"{prefix}_{i}", f, k)
    return out


def residual(name, channels, scale, branches, relu=True):
    """x + scale · (1×1 conv with bias of the concatenated branches), then ReLU."""
    mixed = {"type": "Branches", "name": "mixed", "merge": "concat",
             "branches": [_chain(f"b{j}", b) for j, b in enumerate(branches)]}
    body = [mixed, _conv("up", channels, bias=True),
            {"type": "Rescaling", "name": "scale", "scale": scale, "offset": None}]
    d = {"type": "Branches", "name": name, "merge": "add", "branches": [[], body]}
    if relu:
        d["activation"] = "relu"
    return d


def spec() -> dict:
    layers = (conv_bn("conv1a", 32, 3, 2, "valid") + conv_bn("conv2a", 32, 3, padding="valid")
              + conv_bn("conv2b", 64, 3) + [_pool("pool3a")]
              + conv_bn("conv3b", 80, 1, padding="valid") + conv_bn("conv4a", 192, 3,
                                                                    padding="valid")
              + [_pool("pool5a")])
    layers.append({"type": "Branches", "name": "mixed_5b", "merge": "concat", "branches": [
        conv_bn("b0", 96, 1), conv_bn("b1_0", 48, 1) + conv_bn("b1_1", 64, 5),
        _chain("b2", [(64, 1), (96, 3), (96, 3)]),
        [{"type": "AvgPool2D", "name": "b3_pool", "pool_size": 3, "strides": 1,
          "padding": "same"}] + conv_bn("b3", 64, 1)]})
    reductions = {
        "block35": ("mixed_6a", [
            conv_bn("b0", 384, 3, 2, "valid"),
            conv_bn("b1_0", 256, 1) + conv_bn("b1_1", 256, 3) + conv_bn("b1_2", 384, 3, 2, "valid"),
            [_pool("b2_pool")]]),
        "block17": ("mixed_7a", [
            conv_bn("b0_0", 256, 1) + conv_bn("b0_1", 384, 3, 2, "valid"),
            conv_bn("b1_0", 256, 1) + conv_bn("b1_1", 288, 3, 2, "valid"),
            conv_bn("b2_0", 256, 1) + conv_bn("b2_1", 288, 3) + conv_bn("b2_2", 320, 3, 2, "valid"),
            [_pool("b3_pool")]]),
    }
    for kind, (repeats, channels, scale, branches) in BLOCKS.items():
        for i in range(1, repeats + 1):
            last = kind == "block8" and i == repeats
            layers.append(residual(f"{kind}_{i}", channels, 1.0 if last else scale, branches,
                                   relu=not last))
        if kind in reductions:
            name, parts = reductions[kind]
            layers.append({"type": "Branches", "name": name, "merge": "concat", "branches": parts})
    layers += conv_bn("conv7b", 1536, 1)
    layers += [{"type": "GlobalAvgPool2D", "name": "pool"},
               *classifier()]
    return network(NAME, DESCRIPTION, REFERENCE, 299, layers)


def text() -> str:
    return spec_text(spec())


def main(argv=None) -> int:
    return write_specs({f"{NAME}.json": text()}, argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
