"""Write the ResNet-50 v2 zoo spec (macc/zoo/resnet50_v2.json): the pre-activation ResNet.

``python -m tools.zoo_resnet_v2`` rewrites the file; ``--check`` only says whether it is current
(tests/test_zoo_more3.py runs the same check). No TensorFlow.

He et al. 2016, *Identity Mappings in Deep Residual Networks* (arXiv:1603.05027), Fig. 4(e) and
its ImageNet ResNet-50 (the stage sizes of He et al. 2015, Table 1), as Keras's
``keras.applications.ResNet50V2`` builds it at 224×224:

- stem: zero padding 3, 7×7/2 conv 64 *with* bias and no BN (the first block's pre-activation
  normalises it), zero padding 1, 3×3/2 max pool;
- four stages of 3, 4, 6, 3 bottlenecks of width 64·2^i and output 256·2^i. A block:
  pre-activation BN + ReLU; 1×1 conv (no bias) + BN + ReLU; zero padding 1, 3×3 conv (no bias, the
  stride) + BN + ReLU; 1×1 conv to 4·width *with* bias; added to the shortcut. The first block of
  a stage has a 1×1 projection conv (with bias) on the pre-activated input, stride 1; the others
  the identity — except that Keras (as the authors' Torch code) strides in the stage's *last*
  block (stages 1–3), whose shortcut is then a 1×1/2 max pool of the block's input. So stage i's
  first blocks run at the previous stage's resolution;
- head: BN + ReLU (the last pre-activation), global average pool, FC 1000 with bias.
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import ZOO, _conv, _relu, classifier, network, spec_text, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

NAME = "resnet50_v2"
REFERENCE = ("He et al. 2016, Identity Mappings in Deep Residual Networks, arXiv:1603.05027, "
             "Fig. 4(e); keras.applications.ResNet50V2")
STAGES = [(64, 3, 2), (128, 4, 2), (256, 6, 2), (512, 3, 1)]  # (width, blocks, last block's stride)
EPSILON = 1.001e-5  # Keras's batch norms here
DESCRIPTION = ("ResNet-50 v2 (pre-activation), 224x224, as Keras's ResNet50V2: 7x7/2 conv 64 "
               "with bias, max pool; bottlenecks BN-ReLU-1x1-BN-ReLU-3x3-BN-ReLU-1x1 (with bias) "
               "of 3, 4, 6, 3 blocks, projection (1x1 with bias) in each stage's first block, the "
               "stride in each stage's last block (1x1/2 max-pool shortcut); BN-ReLU, pool, FC "
               "1000; written by tools/zoo_resnet_v2.py")


def _bn(name):
    return {"type": "BatchNorm", "name": name, "epsilon": EPSILON}


def _valid(name, filters, kernel=1, bias=False, strides=None):
    return {**_conv(name, filters, kernel, bias=bias, strides=strides), "padding": "valid"}


def residual(width, stride):
    """The bottleneck's main path after its pre-activation."""
    return [_valid("conv1", width), _bn("conv1_bn"), _relu("conv1_relu"),
            {"type": "ZeroPadding2D", "name": "pad", "padding": 1},
            _valid("conv2", width, 3, strides=stride), _bn("conv2_bn"), _relu("conv2_relu"),
            _valid("conv3", 4 * width, bias=True)]


def spec() -> dict:
    layers = [{"type": "ZeroPadding2D", "name": "conv1_pad", "padding": 3},
              _valid("conv1", 64, 7, bias=True, strides=2),
              {"type": "ZeroPadding2D", "name": "pool1_pad", "padding": 1},
              {"type": "MaxPool2D", "name": "pool1", "pool_size": 3, "strides": 2}]
    for s, (width, blocks, last_stride) in enumerate(STAGES, 2):
        for b in range(1, blocks + 1):
            name = f"conv{s}_block{b}"
            if b == 1:
                layers += [_bn(f"{name}_preact_bn"), _relu(f"{name}_preact_relu"),
                           {"type": "Branches", "name": name, "merge": "add", "branches": [
                               [_valid("shortcut", 4 * width, bias=True)], residual(width, 1)]}]
                continue
            stride = last_stride if b == blocks else 1
            shortcut = [] if stride == 1 else [
                {"type": "MaxPool2D", "name": "shortcut_pool", "pool_size": 1, "strides": stride}]
            body = [_bn("preact_bn"), _relu("preact_relu")] + residual(width, stride)
            layers.append({"type": "Branches", "name": name, "merge": "add",
                           "branches": [shortcut, body]})
    layers += [_bn("post_bn"), _relu("post_relu"),
               {"type": "GlobalAvgPool2D", "name": "pool"},
               *classifier()]
    return network(NAME, DESCRIPTION, REFERENCE, 224, layers)


def text() -> str:
    return spec_text(spec())


def main(argv=None) -> int:
    return write_specs({f"{NAME}.json": text()}, argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
