"""Write the CIFAR ResNet zoo specs: He et al.'s ResNet-20 … ResNet-1202 (option A shortcuts),
the pre-activation ResNet-164 and ResNet-1001, and Wide ResNets WRN-n-k, all on 32×32×3 with a
10-way classifier (CIFAR-10).

``python -m tools.zoo_cifar_resnet`` rewrites the files that differ; ``--check`` only says
whether they are current (tests/test_zoo_cifar.py runs the same check). No TensorFlow.

- ``resnet{20,32,44,56,110,1202}_cifar``: He, Zhang, Ren, Sun 2015 (arXiv:1512.03385) §4.2 and
  Table 6: a 3×3 conv of 16, then three stages of n basic blocks (two 3×3 convs + BN, ReLU after
  the add) of 16, 32, 64 channels on 32², 16², 8² maps (6n + 2 layers), global average pool, FC.
  The stride-2 sits in the first conv of stages 2 and 3; their shortcut is option A, an
  identity with zero channels added: a 1×1/2 average pool (subsampling) then ``PadChannels``
  — fb.resnet.torch's CIFAR shortcut type A (``SpatialAveragePooling(1, 1, 2, 2)``
  concatenated with ``MulConstant(0)``). No parameters, no multiply-adds.
- ``preact_resnet{164,1001}_cifar``: He et al. 2016, *Identity Mappings in Deep Residual
  Networks* (arXiv:1603.05027), the CIFAR bottleneck network of its authors' code
  (KaimingHe/resnet-1k-layers): 3×3 conv 16, three stages of n = (depth − 2)/9 pre-activation
  bottlenecks (BN-ReLU-1×1 w, BN-ReLU-3×3 w, BN-ReLU-1×1 4w) with w = 16, 32, 64; each stage's
  first unit projects its pre-activated input (1×1 conv to 4w, the stride), the others add the
  identity; final BN-ReLU, pool, FC.
- ``wrn_{n}_{k}_cifar``: Zagoruyko & Komodakis 2016 (arXiv:1605.07146), Table 1 with B(3,3):
  3×3 conv 16, three stages of N = (n − 4)/6 pre-activation basic blocks (BN-ReLU-3×3,
  BN-ReLU-3×3) of 16k, 32k, 64k channels, a 1×1 projection of the pre-activated input where
  the width changes (the stride in the first conv of stages 2 and 3); final BN-ReLU, pool, FC.
  Dropout between the convolutions is training-only (left out).

No convolution has a bias; the FC layer has one.
"""

from __future__ import annotations

import sys

from tools.zoo_densenet import dump_spec
from tools.zoo_efficientnet import ZOO, _conv, _relu, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

CLASSES = 10
RESNET_DEPTHS = (20, 32, 44, 56, 110, 1202)
PREACT_DEPTHS = (164, 1001)
WRN = ((16, 8), (16, 10), (22, 8), (28, 10), (40, 2), (40, 4))  # (depth n, widening k)

REF_RESNET = ("He et al. 2015, Deep Residual Learning for Image Recognition, arXiv:1512.03385, "
              "Sec. 4.2 and Table 6 (CIFAR-10)")
REF_PREACT = ("He et al. 2016, Identity Mappings in Deep Residual Networks, arXiv:1603.05027, "
              "Tables 4 and 5 (CIFAR); KaimingHe/resnet-1k-layers")
REF_WRN = ("Zagoruyko and Komodakis 2016, Wide Residual Networks, arXiv:1605.07146, Tables 1, "
           "4 and 5 (CIFAR)")


def _bn(name):
    return {"type": "BatchNorm", "name": name}


def _c3(name, filters, stride=1):
    return _conv(name, filters, 3, strides=None if stride == 1 else stride)


def _head():
    return [{"type": "GlobalAvgPool2D", "name": "pool"},
            {"type": "Dense", "name": "fc", "units": CLASSES},
            {"type": "Softmax", "name": "softmax"}]


def _stem():
    return [_c3("conv1", 16)]


def resnet(depth: int) -> dict:
    """ResNet-``depth`` (6n + 2) with option A shortcuts."""
    n = (depth - 2) // 6
    assert 6 * n + 2 == depth, depth
    blocks = {"basic": {"params": {"stride": 1, "shortcut": []}, "layers": [{
        "type": "Branches", "name": "block", "merge": "add", "activation": "relu",
        "branches": ["$shortcut", [
            {**_c3("conv1", "$filters"), "strides": "$stride"}, _bn("bn1"), _relu("relu1"),
            _c3("conv2", "$filters"), _bn("bn2")]]}]}}
    layers = _stem() + [_bn("bn1"), _relu("relu1")]
    for s, c in enumerate((16, 32, 64), 1):
        stage = {"type": "Block", "name": f"stage{s}", "block": "basic", "repeat": n,
                 "args": {"filters": c}}
        if s > 1:  # option A: subsample by 2, then c/2 zero channels after the input's c/2
            stage["first"] = {"stride": 2, "shortcut": [
                {"type": "AvgPool2D", "name": "subsample", "pool_size": 1, "strides": 2},
                {"type": "PadChannels", "name": "zeros", "padding": c // 2}]}
        layers.append(stage)
    layers += _head()
    description = (f"ResNet-{depth} for CIFAR-10 (n = {n}), 32x32: 3x3 conv 16, 3 stages of {n} "
                   f"basic blocks of 16, 32, 64 channels (3x3-BN-ReLU-3x3-BN, add, ReLU), "
                   f"option A shortcuts (1x1/2 subsampling + zero channels) where the shape "
                   f"changes, pool, FC 10; written by tools/zoo_cifar_resnet.py")
    return _net(f"resnet{depth}_cifar", description, REF_RESNET, layers, blocks)


def preact_resnet(depth: int) -> dict:
    """The pre-activation bottleneck ResNet-``depth`` (9n + 2)."""
    n = (depth - 2) // 9
    assert 9 * n + 2 == depth, depth

    blocks = {
        "unit": {"layers": [{"type": "Branches", "name": "unit", "merge": "add", "branches": [
            [], [_bn("bn1"), _relu("relu1"), _conv("conv1", "$width"), _bn("bn2"), _relu("relu2"),
                 _c3("conv2", "$width"), _bn("bn3"), _relu("relu3"), _conv("conv3", "$out")]]}]},
        # a stage's first unit: the pre-activation feeds both the projection and the residual
        "first_unit": {"params": {"stride": 1}, "layers": [
            _bn("bn1"), _relu("relu1"),
            {"type": "Branches", "name": "unit", "merge": "add", "branches": [
                [{**_conv("shortcut", "$out"), "strides": "$stride"}],
                [_conv("conv1", "$width"), _bn("bn2"), _relu("relu2"),
                 {**_c3("conv2", "$width"), "strides": "$stride"}, _bn("bn3"), _relu("relu3"),
                 _conv("conv3", "$out")]]}]},
    }
    layers = _stem()
    for s, w in enumerate((16, 32, 64), 1):
        args = {"width": w, "out": 4 * w}
        first = {"type": "Block", "name": f"stage{s}_unit1", "block": "first_unit", "args": args}
        if s > 1:
            first["args"] = {**args, "stride": 2}
        layers += [first, {"type": "Block", "name": f"stage{s}", "block": "unit",
                           "repeat": n - 1, "args": args}]
    layers += [_bn("bn_final"), _relu("relu_final")] + _head()
    description = (f"Pre-activation ResNet-{depth} for CIFAR-10 (n = {n} bottlenecks a stage), "
                   f"32x32: 3x3 conv 16, bottlenecks BN-ReLU-1x1-BN-ReLU-3x3-BN-ReLU-1x1 of "
                   f"width 16, 32, 64 (outputs 64, 128, 256), a 1x1 projection of the "
                   f"pre-activated input in each stage's first unit (the stride in stages 2, 3), "
                   f"BN-ReLU, pool, FC 10; written by tools/zoo_cifar_resnet.py")
    return _net(f"preact_resnet{depth}_cifar", description, REF_PREACT, layers, blocks)


def wrn(depth: int, k: int) -> dict:
    """WRN-``depth``-``k`` with B(3,3) blocks."""
    n = (depth - 4) // 6
    assert 6 * n + 4 == depth, depth
    blocks = {
        "block": {"layers": [{"type": "Branches", "name": "block", "merge": "add", "branches": [
            [], [_bn("bn1"), _relu("relu1"), _c3("conv1", "$filters"), _bn("bn2"),
                 _relu("relu2"), _c3("conv2", "$filters")]]}]},
        "first_block": {"params": {"stride": 1}, "layers": [
            _bn("bn1"), _relu("relu1"),
            {"type": "Branches", "name": "block", "merge": "add", "branches": [
                [{**_conv("shortcut", "$filters"), "strides": "$stride"}],
                [{**_c3("conv1", "$filters"), "strides": "$stride"}, _bn("bn2"), _relu("relu2"),
                 _c3("conv2", "$filters")]]}]},
    }
    layers = _stem()
    for s, c in enumerate((16 * k, 32 * k, 64 * k), 1):
        args = {"filters": c} if s == 1 else {"filters": c, "stride": 2}
        layers += [{"type": "Block", "name": f"stage{s}_block1", "block": "first_block",
                    "args": args},
                   {"type": "Block", "name": f"stage{s}", "block": "block", "repeat": n - 1,
                    "args": {"filters": c}}]
    layers += [_bn("bn_final"), _relu("relu_final")] + _head()
    description = (f"WRN-{depth}-{k} for CIFAR-10 (N = {n} blocks a stage), 32x32: 3x3 conv 16, "
                   f"pre-activation basic blocks B(3,3) (BN-ReLU-3x3-BN-ReLU-3x3) of {16 * k}, "
                   f"{32 * k}, {64 * k} channels, a 1x1 projection of the pre-activated input "
                   f"where the width changes (the stride in stages 2, 3), BN-ReLU, pool, FC 10 "
                   f"(dropout is training-only); written by tools/zoo_cifar_resnet.py")
    return _net(f"wrn_{depth}_{k}_cifar", description, REF_WRN, layers, blocks)


def _net(name, description, reference, layers, blocks) -> dict:
    return {"name": name, "description": description, "reference": reference,
            "input": [32, 32, 3], "blocks": blocks, "layers": layers}


def specs() -> dict[str, dict]:
    """Every spec this script writes, by zoo name."""
    out = {}
    for d in RESNET_DEPTHS:
        out[f"resnet{d}_cifar"] = resnet(d)
    for d in PREACT_DEPTHS:
        out[f"preact_resnet{d}_cifar"] = preact_resnet(d)
    for d, k in WRN:
        out[f"wrn_{d}_{k}_cifar"] = wrn(d, k)
    return out


def main(argv=None) -> int:
    return write_specs({f"{name}.json": dump_spec(s) for name, s in specs().items()}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
