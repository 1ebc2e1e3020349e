"""Write the CIFAR DenseNet zoo specs (macc/zoo/densenet{L}_k{k}_cifar.json and
densenet_bc{L}_k{k}_cifar.json): the six networks of Huang et al. 2017, Table 2.

``python -m tools.zoo_densenet_cifar`` rewrites the files that differ; ``--check`` only says
whether they are current (tests/test_zoo_cifar.py runs the same check). No TensorFlow.

Huang, Liu, van der Maaten, Weinberger 2017, *Densely Connected Convolutional Networks*
(arXiv:1608.06993), §3 "Implementation Details" and Table 2, as the authors' Torch code
(liuzhuang13/DenseNet ``models/densenet.lua``) builds it for 32×32 inputs:

- a 3×3 conv of 16 channels (DenseNet-BC: 2k), no BN after it;
- three dense blocks of equal size with transitions between them; a transition is BN + ReLU +
  1×1 conv + 2×2/2 average pool, to the same channels (DenseNet) or floor(c/2) (DenseNet-BC,
  compression θ = 0.5);
- DenseNet: L − 4 = 3N, a dense layer is BN + ReLU + 3×3 conv to k, concatenated to its input;
  DenseNet-BC: L − 4 = 6N, a dense layer is BN + ReLU + 1×1 conv to 4k + BN + ReLU + 3×3 conv
  to k (tools/zoo_densenet.py's ImageNet layer);
- BN + ReLU, global average pool (8×8), FC 10. No convolution has a bias.

Dropout (0.2, used without data augmentation) is training-only and left out.
"""

from __future__ import annotations

import sys

from tools import zoo_densenet
from tools.zoo_densenet import dump_spec
from tools.zoo_efficientnet import ZOO, _conv, _relu, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

CLASSES = 10
# (depth L, growth rate k, bottleneck and compression: DenseNet-BC), Table 2's rows
VARIANTS = ((40, 12, False), (100, 12, False), (100, 24, False),
            (100, 12, True), (250, 24, True), (190, 40, True))
REFERENCE = ("Huang et al. 2017, Densely Connected Convolutional Networks, arXiv:1608.06993, "
             "Sec. 3 and Table 2 (CIFAR); liuzhuang13/DenseNet models/densenet.lua")


def _bn(name):
    return {"type": "BatchNorm", "name": name}


def name_of(depth: int, growth: int, bc: bool) -> str:
    return f"densenet{'_bc' if bc else ''}{depth}_k{growth}_cifar"


def templates(growth: int, bc: bool) -> dict:
    if bc:
        return zoo_densenet.templates(growth)
    out = zoo_densenet.templates(growth)
    out["dense_layer"] = {"layers": [{"type": "Branches", "name": "layer", "merge": "concat",
                                      "branches": [[], [_bn("bn1"), _relu("relu1"),
                                                        _conv("conv1", growth, 3)]]}]}
    return out


def spec(depth: int, growth: int, bc: bool) -> dict:
    n = (depth - 4) // (6 if bc else 3)
    assert n * (6 if bc else 3) + 4 == depth, depth
    c = 2 * growth if bc else 16
    layers = [_conv("conv0", c, 3)]
    for i in range(1, 4):
        layers.append({"type": "Block", "name": f"denseblock{i}", "block": "dense_layer",
                       "repeat": n})
        c += n * growth
        if i < 3:
            c = c // 2 if bc else c
            layers.append({"type": "Block", "name": f"transition{i}", "block": "transition",
                           "args": {"filters": c}})
    layers += [_bn("bn_final"), _relu("relu_final"), {"type": "GlobalAvgPool2D", "name": "pool"},
               {"type": "Dense", "name": "fc", "units": CLASSES},
               {"type": "Softmax", "name": "softmax"}]
    if bc:
        kind = (f"DenseNet-BC (L = {depth}, k = {growth}) for CIFAR-10, 32x32: 3x3 conv "
                f"{2 * growth}, 3 dense blocks of {n} layers BN-ReLU-1x1 conv {4 * growth}-BN-"
                f"ReLU-3x3 conv {growth}, transitions BN-ReLU-1x1 conv (half the channels)-2x2 "
                f"average pool")
    else:
        kind = (f"DenseNet (L = {depth}, k = {growth}) for CIFAR-10, 32x32: 3x3 conv 16, 3 dense "
                f"blocks of {n} layers BN-ReLU-3x3 conv {growth}, transitions BN-ReLU-1x1 conv "
                f"(same channels)-2x2 average pool")
    description = (kind + f"; BN-ReLU, pool, FC 10 ({c} features); written by "
                   f"tools/zoo_densenet_cifar.py")
    return {"name": name_of(depth, growth, bc), "description": description,
            "reference": REFERENCE, "input": [32, 32, 3], "blocks": templates(growth, bc),
            "layers": layers}


def specs() -> dict[str, dict]:
    return {name_of(*v): spec(*v) for v in VARIANTS}


def main(argv=None) -> int:
    return write_specs({f"{name}.json": dump_spec(s) for name, s in specs().items()}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
