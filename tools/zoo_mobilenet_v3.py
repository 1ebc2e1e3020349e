"""Write the MobileNetV3 width and "minimalistic" zoo specs (macc/zoo/mobilenet_v3_large_0.75_224,
mobilenet_v3_small_0.75_224, mobilenet_v3_large_minimalistic_1.0_224,
mobilenet_v3_small_minimalistic_1.0_224) from the two block tables.

``python -m tools.zoo_mobilenet_v3`` rewrites the four files; ``--check`` only says whether they are
current (tests/test_zoo_more3.py runs the same check). No TensorFlow. The generator builds the
1.0 Large and Small too (``spec("large", 1.0)``): the committed mobilenet_v3_large_1.0_224.json
and mobilenet_v3_small_1.0_224.json were written by hand before it; the tests check that it
builds the same layers, and it does not write those two files.

Howard et al. 2019, *Searching for MobileNetV3* (arXiv:1905.02244), Tables 1 and 2, as Keras's
``keras.applications.MobileNetV3Large/Small(alpha, minimalistic)`` builds them (and the TF-slim
``mobilenet_v3`` definitions the paper's checkpoints come from):

- stem 3×3/2 conv of 16 (never scaled by alpha) + BN + activation;
- bnecks: [1×1 expand to ``d(c_in·e)``] + BN + act, depthwise k×k (the stride) + BN + act,
  [squeeze-excite: global average pool, 1×1 conv with bias to ``d(expansion/4)`` + ReLU, 1×1
  conv with bias back + hard sigmoid, multiply], 1×1 project to ``d(c·alpha)`` + BN; residual
  where the stride is 1 and the channels match. ``d`` is the make-divisible-by-8 rule (at least 8,
  never more than 10 % below: ``zoo_efficientnet.round_filters``). The first bneck of each has no
  expand conv (expansion 1);
- head: 1×1 conv to ``d(6·c_last)`` + BN + act, global average pool (kept 1×1), 1×1 conv with
  bias to 1280 (Large) / 1024 (Small) + act, no BN (scaled by alpha only above 1), dropout,
  1×1 conv classifier with bias, flatten, softmax;
- "minimalistic" (the paper's Section 6.3 variants, Table 3's "minimalistic" rows): every
  kernel 3×3, no squeeze-excite, ReLU for every activation (no hard swish).
"""

from __future__ import annotations

import sys

from tools.zoo_efficientnet import (  # noqa: F401 (ZOO: the tests read the files through it)
    ZOO,
    _bn,
    _conv,
    network,
    round_filters,
    se_block,
    spec_text,
    write_specs,
)

# Howard et al., Tables 1 (Large) and 2 (Small): (expansion, output channels, kernel, stride,
# squeeze-excite, nonlinearity) per bneck; "hs" is hard swish. Expansions are Keras's (the
# table's exp size over the input channels: Small's 72/16 and 88/24).
LARGE = [
    (1, 16, 3, 1, False, "re"), (4, 24, 3, 2, False, "re"), (3, 24, 3, 1, False, "re"),
    (3, 40, 5, 2, True, "re"), (3, 40, 5, 1, True, "re"), (3, 40, 5, 1, True, "re"),
    (6, 80, 3, 2, False, "hs"), (2.5, 80, 3, 1, False, "hs"), (2.3, 80, 3, 1, False, "hs"),
    (2.3, 80, 3, 1, False, "hs"), (6, 112, 3, 1, True, "hs"), (6, 112, 3, 1, True, "hs"),
    (6, 160, 5, 2, True, "hs"), (6, 160, 5, 1, True, "hs"), (6, 160, 5, 1, True, "hs"),
]
SMALL = [
    (1, 16, 3, 2, True, "re"), (72 / 16, 24, 3, 2, False, "re"), (88 / 24, 24, 3, 1, False, "re"),
    (4, 40, 5, 2, True, "hs"), (6, 40, 5, 1, True, "hs"), (6, 40, 5, 1, True, "hs"),
    (3, 48, 5, 1, True, "hs"), (3, 48, 5, 1, True, "hs"), (6, 96, 5, 2, True, "hs"),
    (6, 96, 5, 1, True, "hs"), (6, 96, 5, 1, True, "hs"),
]
TABLES = {"large": (LARGE, 1280), "small": (SMALL, 1024)}
STEM, SE_RATIO, DROPOUT = 16, 0.25, 0.2

# the specs this script writes: zoo name -> (kind, alpha, minimalistic)
VARIANTS = {
    "mobilenet_v3_large_0.75_224": ("large", 0.75, False),
    "mobilenet_v3_small_0.75_224": ("small", 0.75, False),
    "mobilenet_v3_large_minimalistic_1.0_224": ("large", 1.0, True),
    "mobilenet_v3_small_minimalistic_1.0_224": ("small", 1.0, True),
}
REFERENCE = ("Howard et al. 2019, Searching for MobileNetV3, arXiv:1905.02244, Tables 1-3; "
             "keras.applications.MobileNetV3Large/Small")


def name_of(kind: str, alpha: float, minimal: bool) -> str:
    return f"mobilenet_v3_{kind}{'_minimalistic' if minimal else ''}_{alpha}_224"


def _act(name: str, function: str) -> dict:
    return {"type": "Activation", "name": name, "function": function}


def bneck(c_in, expansion, c_out, kernel, stride, se, act, first):
    """One bneck's layers (without its residual)."""
    layers = []
    c_mid = round_filters(c_in, expansion)
    if not first:
        layers += [_conv("expand", c_mid), _bn("expand_bn"), _act("expand_act", act)]
    layers += [{"type": "DepthwiseConv2D", "name": "dw", "kernel_size": kernel, "strides": stride,
                "padding": "same", "bias": False},
               _bn("dw_bn"), _act("dw_act", act)]
    if se:
        layers.append(se_block(round_filters(c_mid, SE_RATIO), c_mid, "relu", "hard_sigmoid"))
    return layers + [_conv("project", c_out), _bn("project_bn")]


def spec(kind: str, alpha: float, minimal: bool = False) -> dict:
    """MobileNetV3-``kind`` (``"large"``/``"small"``) at width ``alpha`` as a JSON-ready dict."""
    table, last_point = TABLES[kind]
    top_act = "relu" if minimal else "hard_swish"
    layers = [_conv("conv1", STEM, 3, strides=2), _bn("conv1_bn"), _act("conv1_act", top_act)]
    c_in = STEM
    for i, (e, c, k, s, se, nl) in enumerate(table):
        c_out = round_filters(c, alpha)
        act = "relu" if minimal or nl == "re" else "hard_swish"
        body = bneck(c_in, e, c_out, 3 if minimal else k, s, se and not minimal, act, i == 0)
        if s == 1 and c_in == c_out:
            layers.append({"type": "Branches", "name": f"block{i}", "merge": "add",
                           "branches": [[], body]})
        else:
            layers.append({"type": "Sequential", "name": f"block{i}", "layers": body})
        c_in = c_out
    if alpha > 1:
        last_point = round_filters(last_point, alpha)
    layers += [_conv("conv_last", round_filters(c_in, 6)), _bn("conv_last_bn"),
               _act("conv_last_act", top_act),
               {"type": "GlobalAvgPool2D", "name": "pool", "keepdims": True},
               _conv("conv_head", last_point, bias=True, activation=top_act),
               {"type": "Dropout", "name": "dropout", "rate": DROPOUT},
               _conv("logits", 1000, bias=True),
               {"type": "Flatten", "name": "flatten"},
               {"type": "Softmax", "name": "softmax"}]
    if minimal:
        what = ("minimalistic (every kernel 3x3, no squeeze-excite, ReLU everywhere, no hard "
                "swish)")
    else:
        what = (f"width {alpha} (output channels made divisible by 8, never 10% below; the "
                "stem stays 16, the 1x1 head conv stays " + str(last_point) + ")")
    description = (f"MobileNetV3-{kind.title()}, 224x224, {what}: bnecks of Table "
                   f"{1 if kind == 'large' else 2} as Keras's MobileNetV3{kind.title()} builds "
                   f"them; written by tools/zoo_mobilenet_v3.py")
    return network(name_of(kind, alpha, minimal), description, REFERENCE, 224, layers)


def text(name: str) -> str:
    return spec_text(spec(*VARIANTS[name]))


def main(argv=None) -> int:
    return write_specs({f"{name}.json": text(name) for name in VARIANTS}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
