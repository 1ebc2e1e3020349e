"""Write the ShuffleNet V2 zoo specs (macc/zoo/shufflenet_v2_0.5.json, _1.0, _1.5, _2.0, and the
authors' variant shufflenet_v2_megvii_*) from Table 5's channel widths.

``python -m tools.zoo_shufflenet_v2`` rewrites the files that differ; ``--check`` only says
whether they are current (tests/test_zoo_more3.py runs the same check). No TensorFlow.
shufflenet_v2_1.0.json was written by hand before this script; it writes it byte for byte as it
was.

Ma, Zhang, Zheng, Sun 2018, *ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture
Design* (arXiv:1807.11164), Table 5 and Fig. 3(c)(d), as torchvision's ``shufflenet_v2_x0_5`` …
``x2_0`` build it:

- conv1 3×3/2 24 + BN + ReLU, 3×3/2 max pool;
- stages 2, 3, 4 of 4, 8, 4 units with c channels out: (0.5×) 48, 96, 192; (1×) 116, 232, 464;
  (1.5×) 176, 352, 704; (2×) 244, 488, 976. The first unit of a stage (Fig. 3d) runs a 3×3/2
  depthwise + BN + 1×1 + BN + ReLU path and a 1×1 + BN + ReLU, 3×3/2 depthwise + BN, 1×1 + BN +
  ReLU path on the whole input, each to c/2, concatenated and shuffled (2 groups); the others
  (Fig. 3c) split the channels in half, put the second half through 1×1, 3×3 depthwise, 1×1
  (c/2 each, BN after each, ReLU after the 1×1s), concatenate with the first half and shuffle;
- conv5 1×1 to 1024 (2×: 2048) + BN + ReLU, global average pool, FC 1000 with bias. No
  convolution has a bias.

``shufflenet_v2_megvii_{w}.json``: the same widths as the authors' code builds them
(megvii-model/ShuffleNet-Series, ShuffleNetV2): a stage's first unit keeps the input's channels
on its depthwise path (3×3/2 depthwise, 1×1 c_in → c_in) and takes its other path from c_in
through c/2 to c − c_in channels, where torchvision gives both paths c/2; the FC has no bias.
That changes the first unit of stage 2 alone (24 ≠ c/2 except at 0.5×), and reproduces Table 5's
146 / 299 / 591 MFLOPs. The code shuffles channels at the start of a stride-1 unit rather than
after each unit; a shuffle does no arithmetic, so the units are torchvision's.
"""

from __future__ import annotations

import sys

from tools.zoo_densenet import dump_spec
from tools.zoo_efficientnet import ZOO, _bn, _conv, classifier, network, write_specs  # noqa: F401 (ZOO: the tests read the files through it)

REFERENCE = "Ma et al. 2018, ShuffleNet V2, arXiv:1807.11164, Table 5 and Fig. 3(c)(d)"
# width -> (stage 2, 3, 4 output channels, conv5 channels): Table 5
WIDTHS = {"0.5": ((48, 96, 192), 1024), "1.0": ((116, 232, 464), 1024),
          "1.5": ((176, 352, 704), 1024), "2.0": ((244, 488, 976), 2048)}
UNITS = (4, 8, 4)
_BODY = ("stride-2 units (3x3 depthwise + 1x1 on both paths, concat) then units that split the "
         "channels in half, transform one half (1x1, 3x3 depthwise, 1x1), concat and shuffle "
         "(2 groups); convolutions without bias, batch norm after each")
DESCRIPTIONS = {
    "1.0": "ShuffleNet V2 1x, 224x224 (Table 5): " + _BODY,
    "0.5": ("ShuffleNet V2 0.5x, 224x224 (Table 5: stages of 48, 96, 192 channels, conv5 1024): "
            + _BODY + "; written by tools/zoo_shufflenet_v2.py"),
    "1.5": ("ShuffleNet V2 1.5x, 224x224 (Table 5: stages of 176, 352, 704 channels, conv5 1024): "
            + _BODY + "; written by tools/zoo_shufflenet_v2.py"),
    "2.0": ("ShuffleNet V2 2x, 224x224 (Table 5: stages of 244, 488, 976 channels, conv5 2048): "
            + _BODY + "; written by tools/zoo_shufflenet_v2.py"),
}


def _relu(name):
    return {"type": "Activation", "name": name, "function": "relu"}


def _dw(stride=None):
    d = {"type": "DepthwiseConv2D", "name": "dw", "kernel_size": 3}
    if stride:
        d["strides"] = stride
    return {**d, "padding": "same", "bias": False}


def templates(megvii: bool = False) -> dict:
    """``down`` (Fig. 3d) and ``unit`` (Fig. 3c), each branch ``$half`` channels wide; with
    ``megvii`` the down unit's paths end in ``$inp`` and ``$rest`` channels (``$half`` inside)."""
    half = "$half"
    left, right_out = ("$inp", "$rest") if megvii else (half, half)
    down = {"type": "Branches", "name": "branches", "merge": "concat", "branches": [
        [_dw(2), _bn("dw_bn"), _conv("pw", left), _bn("pw_bn"), _relu("pw_relu")],
        [_conv("pw1", half), _bn("pw1_bn"), _relu("pw1_relu"), _dw(2), _bn("dw_bn"),
         _conv("pw2", right_out), _bn("pw2_bn"), _relu("pw2_relu")]]}
    right = {"type": "Sequential", "name": "right", "inputs": ["split:1"], "layers": [
        _conv("pw1", half), _bn("pw1_bn"), _relu("pw1_relu"), _dw(), _bn("dw_bn"),
        _conv("pw2", half), _bn("pw2_bn"), _relu("pw2_relu")]}
    shuffle = {"type": "ChannelShuffle", "name": "shuffle", "groups": 2}
    return {
        "down": {"layers": [down, shuffle]},
        "unit": {"layers": [{"type": "Split", "name": "split", "num_splits": 2}, right,
                            {"type": "Concat", "name": "concat", "inputs": ["split", "right"]},
                            shuffle]},
    }


def spec(width: str, megvii: bool = False) -> dict:
    stages, conv5 = WIDTHS[width]
    layers = [_conv("conv1", 24, 3, strides=2), _bn("conv1_bn"), _relu("conv1_relu"),
              {"type": "MaxPool2D", "name": "maxpool", "pool_size": 3, "strides": 2,
               "padding": "same"}]
    c_in = 24
    for s, (c, units) in enumerate(zip(stages, UNITS), 2):
        args = {"half": c // 2}
        down = {**args, "inp": c_in, "rest": c - c_in} if megvii else args
        layers += [{"type": "Block", "name": f"stage{s}_down", "block": "down", "args": down},
                   {"type": "Block", "name": f"stage{s}", "block": "unit", "repeat": units - 1,
                    "args": args}]
        c_in = c
    head = classifier()
    if megvii:
        head[0] = {**head[0], "bias": False}
    layers += [_conv("conv5", conv5), _bn("conv5_bn"), _relu("conv5_relu"),
               {"type": "GlobalAvgPool2D", "name": "pool"}, *head]
    if megvii:
        return network(f"shufflenet_v2_megvii_{width}", MEGVII_DESCRIPTION.format(
            width=width, stages=", ".join(map(str, stages)), conv5=conv5), MEGVII_REFERENCE, 224,
            layers, blocks=templates(megvii=True))
    return network(f"shufflenet_v2_{width}", DESCRIPTIONS[width], REFERENCE, 224, layers,
                   blocks=templates())


MEGVII_REFERENCE = REFERENCE + "; megvii-model/ShuffleNet-Series (ShuffleNetV2), the authors' code"
MEGVII_DESCRIPTION = (
    "ShuffleNet V2 {width}x, 224x224, as the authors' code builds it (Table 5: stages of {stages} "
    "channels, conv5 {conv5}): a stage's first unit keeps the input's channels on its depthwise "
    "path and gives the other path the rest of the stage's width; the other units split the "
    "channels in half, transform one half (1x1, 3x3 depthwise, 1x1), concat and shuffle "
    "(2 groups); convolutions and FC without bias, batch norm after each convolution; written "
    "by tools/zoo_shufflenet_v2.py")


def text(width: str, megvii: bool = False) -> str:
    return dump_spec(spec(width, megvii))


def main(argv=None) -> int:
    files = {f"shufflenet_v2_{w}.json": text(w) for w in WIDTHS}
    files.update({f"shufflenet_v2_megvii_{w}.json": text(w, megvii=True) for w in WIDTHS})
    return write_specs(files, argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
