"""Write the DenseNet zoo specs (macc/zoo/densenet121.json, densenet161, densenet169, densenet201)
from their block counts, growth rate and stem width.

``python -m tools.zoo_densenet`` rewrites the files that differ; ``--check`` only says whether they
are current (tests/test_zoo_more3.py runs the same check). No TensorFlow. DenseNet-121/169/201
were written by hand before this script; it writes them byte for byte as they were.

Huang, Liu, van der Maaten, Weinberger 2017, *Densely Connected Convolutional Networks*
(arXiv:1608.06993), Table 1: DenseNet-BC (bottleneck, compression 0.5) on ImageNet, as
torchvision's ``densenet121/161/169/201`` and Keras's ``DenseNet121/169/201`` build it:

- stem: 7×7/2 conv of 2k channels (DenseNet-161: 96) + BN + ReLU, 3×3/2 max pool;
- four dense blocks of (6, 12, 24, 16) layers (121), (6, 12, 32, 32) (169), (6, 12, 48, 32) (201),
  (6, 12, 36, 24) (161); a dense layer is BN + ReLU + 1×1 conv to 4k + BN + ReLU + 3×3 conv to k,
  concatenated to its input, with growth rate k = 32 (161: k = 48, so 192 and 48);
- between blocks a transition: BN + ReLU + 1×1 conv to half the channels + 2×2/2 average pool;
- head: BN + ReLU, global average pool, FC 1000. No convolution has a bias.

DenseNet-161's 96 stem channels and k = 48 are the paper's Table 1 footnote ("k = 48" for the
161-layer network, whose first convolution has 2k = 96 outputs); its ImageNet table gives no
params or FLOPs (they are points in Fig. 3).
"""

from __future__ import annotations

import json
import sys

from tools.zoo_efficientnet import ZOO, _conv, _dump, classifier, network, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

REFERENCE = ("Huang et al. 2017, Densely Connected Convolutional Networks, arXiv:1608.06993, "
             "Table 1 (architecture; the paper tabulates no ImageNet params or FLOPs)")
# depth -> (layers per dense block, growth rate k, stem channels)
VARIANTS = {
    121: ((6, 12, 24, 16), 32, 64),
    161: ((6, 12, 36, 24), 48, 96),
    169: ((6, 12, 32, 32), 32, 64),
    201: ((6, 12, 48, 32), 32, 64),
}
_LAYERS = ("dense layers BN-ReLU-1x1 conv {b}-BN-ReLU-3x3 conv {k} concatenated to their input; "
           "transitions BN-ReLU-1x1 conv (half the channels)-2x2 average pool")
DESCRIPTIONS = {
    121: "DenseNet-121 (DenseNet-BC, growth rate 32, compression 0.5), 224x224: ",
    161: ("DenseNet-161 (DenseNet-BC, growth rate 48, stem 96, compression 0.5, dense blocks of "
          "6, 12, 36, 24 layers), 224x224, as torchvision's densenet161: "),
    169: ("DenseNet-169 (DenseNet-BC, growth rate 32, compression 0.5, dense blocks of 6, 12, "
          "32, 32 layers), 224x224: "),
    201: ("DenseNet-201 (DenseNet-BC, growth rate 32, compression 0.5, dense blocks of 6, 12, "
          "48, 32 layers), 224x224: "),
}


def _bn(name):
    return {"type": "BatchNorm", "name": name}


def _relu(name):
    return {"type": "Activation", "name": name, "function": "relu"}


def templates(growth: int) -> dict:
    """The two block templates: a dense layer (a concat of the input and the 1×1/3×3 path), and a
    transition with its filters as ``$filters``."""
    path = [_bn("bn1"), _relu("relu1"), _conv("conv1", 4 * growth), _bn("bn2"), _relu("relu2"),
            _conv("conv2", growth, 3)]
    return {
        "dense_layer": {"layers": [{"type": "Branches", "name": "layer", "merge": "concat",
                                    "branches": [[], path]}]},
        "transition": {"layers": [_bn("bn"), _relu("relu"), _conv("conv", "$filters"),
                                  {"type": "AvgPool2D", "name": "pool", "pool_size": 2,
                                   "strides": 2}]},
    }


def spec(depth: int) -> dict:
    blocks, growth, stem = VARIANTS[depth]
    layers = [_conv("conv0", stem, 7, strides=2), _bn("bn0"), _relu("relu0"),
              {"type": "MaxPool2D", "name": "pool0", "pool_size": 3, "strides": 2,
               "padding": "same"}]
    c = stem
    for i, n in enumerate(blocks, 1):
        layers.append({"type": "Block", "name": f"denseblock{i}", "block": "dense_layer",
                       "repeat": n})
        c += n * growth
        if i < len(blocks):
            c //= 2
            layers.append({"type": "Block", "name": f"transition{i}", "block": "transition",
                           "args": {"filters": c}})
    layers += [_bn("bn5"), _relu("relu5"), {"type": "GlobalAvgPool2D", "name": "pool"},
               *classifier()]
    return network(f"densenet{depth}",
                   DESCRIPTIONS[depth] + _LAYERS.format(b=4 * growth, k=growth), REFERENCE, 224,
                   layers, blocks=templates(growth))


def dump_spec(d: dict) -> str:
    """A spec with block templates in the zoo style: ``_dump``'s, each template spread over lines
    as a container (ShuffleNet V2's generator writes its templates with it too)."""
    items = []
    for key, value in d.items():
        if key == "blocks":
            inner = ",\n".join(f"    {json.dumps(k)}: {_dump(v, 4)}" for k, v in value.items())
            items.append(f'  "blocks": {{\n{inner}\n  }}')
        else:
            items.append(f"  {json.dumps(key)}: {_dump(value, 2)}")
    return "{\n" + ",\n".join(items) + "\n}\n"


def text(depth: int) -> str:
    return dump_spec(spec(depth))


def main(argv=None) -> int:
    return write_specs({f"densenet{d}.json": text(d) for d in VARIANTS}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
