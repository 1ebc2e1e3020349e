"""Write the EfficientNet zoo specs (macc/zoo/efficientnet_b0.json … efficientnet_b7.json) from
B0's block table and the compound-scaling rules.

``python -m tools.zoo_efficientnet`` rewrites the eight files; ``--check`` only says whether they
are current (tests/test_zoo_efficientnet.py runs the same check). No TensorFlow.

B0 (Tan & Le 2019, Table 1) is a stem 3×3/2 conv of 32, seven MBConv stages and a 1×1 conv of
1280 before pooling and the classifier. B1–B7 scale it as the reference implementation
(tensorflow/tpu ``efficientnet_model.round_filters``/``round_repeats``) and Keras's
``keras.applications.EfficientNetB1..B7`` do:

- width w: every conv's filters (stem, each stage's input and output, the 1280 top) become
  ``max(8, int(f·w + 4) // 8 · 8)``, plus 8 when that is below 90 % of f·w; the expansion is
  the block's rounded input channels × its ratio, and squeeze-excite reduces to
  ``max(1, int(c_in · 0.25))`` of the block's (rounded) input channels c_in;
- depth d: a stage of r blocks gets ``ceil(d·r)``; only the first block of a stage strides and
  changes channels, the others are residual;
- resolution: the input size of each variant (its Table 2 row);
- dropout before the classifier: Keras's rate (an identity at inference, so it changes nothing).
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import sys

ZOO = pathlib.Path(__file__).resolve().parent.parent / "macc" / "zoo"

# Table 1 of Tan & Le: (expand ratio, kernel, first stride, input channels, output channels,
# repeats) of the seven MBConv stages; squeeze-excite ratio 0.25 in every block
B0_STAGES = [
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
]
STEM, TOP, SE_RATIO, DIVISOR = 32, 1280, 0.25, 8

# variant -> (width w, depth d, resolution, dropout rate): Keras's EfficientNetB0..B7 arguments
VARIANTS = {
    "b0": (1.0, 1.0, 224, 0.2), "b1": (1.0, 1.1, 240, 0.2), "b2": (1.1, 1.2, 260, 0.3),
    "b3": (1.2, 1.4, 300, 0.3), "b4": (1.4, 1.8, 380, 0.4), "b5": (1.6, 2.2, 456, 0.4),
    "b6": (1.8, 2.6, 528, 0.5), "b7": (2.0, 3.1, 600, 0.5),
}

REFERENCE = "Tan and Le 2019, EfficientNet, arXiv:1905.11946, Tables 1 and 2"
B0_DESCRIPTION = (
    "EfficientNet-B0, 224x224 (Table 1): MBConv blocks (1x1 expand, depthwise 3x3/5x5, "
    "squeeze-excite to a quarter of the block's input channels with swish then sigmoid, 1x1 "
    "project), swish; residual where stride 1 and channels match (drop-connect is training-only)")


def classifier(units: int = 1000) -> list[dict]:
    """The ImageNet head every generated spec ends with: a Dense ``fc`` with bias, a Softmax."""
    return [{"type": "Dense", "name": "fc", "units": units},
            {"type": "Softmax", "name": "softmax"}]


def network(name: str, description: str, reference: str, size: int, layers: list,
            blocks: dict | None = None) -> dict:
    """A zoo spec's top level (keys in the order the files have them), on a size×size×3 input."""
    out = {"name": name, "description": description, "reference": reference,
           "input": [size, size, 3]}
    if blocks is not None:
        out["blocks"] = blocks
    out["layers"] = layers
    return out


def round_filters(filters: int, width: float) -> int:
    """``filters·width`` to a multiple of 8 (at least 8), never more than 10 % below."""
    scaled = filters * width
    new = max(DIVISOR, int(scaled + DIVISOR / 2) // DIVISOR * DIVISOR)
    if new < 0.9 * scaled:
        new += DIVISOR
    return int(new)


def round_repeats(repeats: int, depth: float) -> int:
    return int(math.ceil(depth * repeats))


def _conv(name, filters, kernel=1, bias=False, activation=None, strides=None):
    d = {"type": "Conv2D", "name": name, "filters": filters, "kernel_size": kernel}
    if strides is not None:
        d["strides"] = strides
    d.update({"padding": "same", "bias": bias})
    if activation:
        d["activation"] = activation
    return d


def _bn(name):
    return {"type": "BatchNorm", "name": name}


def _swish(name):
    return {"type": "Activation", "name": name, "function": "swish"}


def _relu(name):
    return {"type": "Activation", "name": name, "function": "relu"}


def se_block(reduced: int, expanded: int, activation: str, gate: str = "sigmoid") -> dict:
    """Squeeze-and-excite: the input times gate(1×1 conv(activation(1×1 conv(mean)))) (the gate
    a sigmoid; MobileNetV3's and GhostNet's a hard sigmoid)."""
    return {"type": "Branches", "name": "se", "merge": "mul", "branches": [[], [
        {"type": "GlobalAvgPool2D", "name": "pool", "keepdims": True},
        _conv("reduce", reduced, bias=True, activation=activation),
        _conv("expand", expanded, bias=True, activation=gate)]]}


def mbconv(c_in, c_out, expand, kernel, stride, se_ratio=SE_RATIO, activation="swish"):
    """One MBConv block's layers (without its residual): [1×1 expand], depthwise, [SE], project
    (EfficientNet's: swish and SE 0.25; MnasNet's: relu and its own SE ratio, or none)."""
    def act(name):
        return {"type": "Activation", "name": f"{name}_{activation}", "function": activation}
    layers = []
    c_mid = c_in * expand
    if expand != 1:
        layers += [_conv("expand", c_mid), _bn("expand_bn"), act("expand")]
    layers += [
        {"type": "DepthwiseConv2D", "name": "dw", "kernel_size": kernel, "strides": stride,
         "padding": "same", "bias": False},
        _bn("dw_bn"), act("dw"),
    ]
    if se_ratio:
        layers.append(se_block(max(1, int(c_in * se_ratio)), c_mid, activation))
    layers += [_conv("project", c_out), _bn("project_bn")]
    return layers


def spec(variant: str) -> dict:
    """The spec of EfficientNet-``variant`` (``"b0"`` … ``"b7"``) as a JSON-ready dict."""
    w, d, res, rate = VARIANTS[variant]
    layers = [_conv("stem", round_filters(STEM, w), 3, strides=2), _bn("stem_bn"),
              _swish("stem_swish")]
    for s, (expand, kernel, stride, c_in, c_out, repeats) in enumerate(B0_STAGES, 1):
        c_in, c_out = round_filters(c_in, w), round_filters(c_out, w)
        for j in range(round_repeats(repeats, d)):
            name = f"block{s}{chr(ord('a') + j)}"
            body = mbconv(c_in, c_out, expand, kernel, stride)
            if stride == 1 and c_in == c_out:
                layers.append({"type": "Branches", "name": name, "merge": "add",
                               "branches": [[], body]})
            else:
                layers.append({"type": "Sequential", "name": name, "layers": body})
            c_in, stride = c_out, 1
    layers += [_conv("top", round_filters(TOP, w)), _bn("top_bn"), _swish("top_swish"),
               {"type": "GlobalAvgPool2D", "name": "pool"},
               {"type": "Dropout", "name": "dropout", "rate": rate},
               *classifier()]
    if variant == "b0":
        description = B0_DESCRIPTION
    else:
        description = (f"EfficientNet-{variant.upper()}, {res}x{res}: B0 (efficientnet_b0.json) "
                       f"scaled by width {w} and depth {d} (filters rounded to multiples of 8, "
                       f"never 10% below; each stage's repeats ceil(d*r)), as the reference "
                       f"implementation and Keras build it; written by tools/zoo_efficientnet.py")
    return network(f"efficientnet_{variant}", description, REFERENCE, res, layers)


def _dump(value, indent: int) -> str:
    """JSON with every leaf layer on one line and containers spread over lines (the zoo style)."""
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(value, dict):
        if not any(k in value for k in ("layers", "branches")):
            return json.dumps(value)
        items = [f"{inner}{json.dumps(k)}: {_dump(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        items = [inner + _dump(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value)


def text(variant: str) -> str:
    return spec_text(spec(variant))


def spec_text(spec: dict) -> str:
    """A spec's file text, as every generator writes it: ``_dump``'s layout, a final newline."""
    return _dump(spec, 0) + "\n"


def write_specs(texts: dict[str, str], argv, description: str) -> int:
    """The generators' command line: write each ``macc/zoo`` file of ``texts`` (file name ->
    JSON text) that differs, or with ``--check`` only list the stale ones (exit 1)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    args = ap.parse_args(argv)
    stale = []
    for name, want in texts.items():
        path = ZOO / name
        if path.exists() and path.read_text() == want:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(want)
    verb = "stale" if args.check else "written"
    print(f"{verb}: {', '.join(stale)}" if stale else "all current")
    return 1 if args.check and stale else 0


def main(argv=None) -> int:
    return write_specs({f"efficientnet_{v}.json": text(v) for v in VARIANTS}, argv,
                       __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
