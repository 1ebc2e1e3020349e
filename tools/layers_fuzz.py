"""Seeded randomized differential check of layer specs (macc/layers) against Keras 3 and TF 2.21.

Each seed makes one random but valid spec from the layer kinds the spec schema offers (see
``tools/layers_fuzz_gen.py``), builds the same network in Keras from the spec (``unroll=True``
recurrent layers, the custom layers docs/transformers.md describes for the layers Keras 3 lacks)
and compares:

1. every layer's output shape (macc's table row against the Keras layer of the same path);
2. params: macc's params against Keras's trainable count, and the batch-norm moving statistics
   macc holds as weights (``*/moving_mean``, ``*/moving_variance`` consts) against Keras's
   non-trainable count; their sum against ``model.count_params()``;
3. TF 2.21's profiler ``float_operation`` total on the frozen Keras model against macc's tf_flops
   on the same spec, and on macc's own ``--export`` graph against the same tf_flops;
4. macc's graph path on the frozen Keras graph itself, as ``tools/sweep.py`` compares a graph
   (totals, every node's tf_flops, every node's import shapes against TF's): frozen at the spec's
   batch, frozen at an unknown batch, and that graph with ``--batch 1`` (``--no-graph`` skips
   this). Kinds ``graph_frozen``, ``graph_unknown_batch``, ``graph_batch1`` and their ``_shapes``;
5. macc on the model saved as a SavedModel (``tf.saved_model.save`` with the spec's batch as its
   signature; macc inlines the functions) against TF's profiler on the frozen graph, its params
   against Keras's trainable count, and no unsupported op (skipped with ``--no-graph`` too).

Conventions where the spec intentionally differs from Keras are accounted for explicitly:

- ``BatchNorm`` with ``fused`` true (the default) is one FusedBatchNormV3, which TF's profiler
  counts 0; Keras 3 emits separate ops (docs/zoo.md, "Layer types": ``fused: false`` lowers to
  the separate ops Keras 3 emits). The Keras comparison counts the spec with every ``fused`` set
  to false; the export comparison counts the spec as written.
- ``swish`` lowers to x·sigmoid(x) (Sigmoid, Mul); Keras 3's ``silu`` is tf.nn.silu,
  x·sigmoid(β·x) with β = 1.0, one Mul per element more (docs/zoo.md, "Layer types"): the
  Keras comparison adds the elements of every swish to the spec's tf_flops.
- A grouped convolution (``groups`` > 1) is an XLA-compiled function call in Keras 3's graph,
  which TF's profiler counts 0 (docs/sequence-layers.md, "Where the spec and Keras part ways");
  the call's output has no static shape, so every op after it that TF's shape inference cannot
  pin again (the layer's BiasAdd, the next convolutions...) counts 0 too. The Keras tf_flops
  comparison is skipped for such specs (shapes, params and the export comparison still run).

Run (TF and Keras are only in /work/tfenv)::

    /work/tfenv/bin/python -m tools.layers_fuzz --seeds 0:300
    /work/tfenv/bin/python -m tools.layers_fuzz --seed 17 --show     # one spec, printed
    /work/tfenv/bin/python -m tools.layers_fuzz --seeds 0:300 --minimise

Disagreements print one line each (``seed kind detail``) and, with ``--minimise``, the smallest
spec (top-level layers dropped one at a time while the same kind of disagreement stays).
The exit status is 1 when any spec disagrees.

Findings (tests/test_layers_fuzz_found.py): a dilated DepthwiseConv2D/SeparableConv2D lowered to
one dilated op where Keras runs tf.nn.depthwise_conv2d's space-to-batch form; a fused BatchNorm
on a 5-d input said NHWC, which TF refused on import. With those fixed, seeds 0-599 agree
(about 0.4 s a spec). Check 4 (macc on the frozen Keras graphs, about 5 s a spec with TF's
imports and profiles) agreed on its first runs, seeds 0-899: every total, node and import shape;
check 5 (the SavedModel, about 3 s more a spec) on seeds 0-549.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers as L  # noqa: E402
from keras import ops  # noqa: E402
from tensorflow.python.framework.convert_to_constants import (  # noqa: E402
    convert_variables_to_constants_v2,
)

from macc.layers import count_lowered, from_dict, lower  # noqa: E402
from macc.layers.containers import substitute  # noqa: E402
from tools.layers_fuzz_gen import _divisible, generate  # noqa: E402
from tools.sweep import compare  # noqa: E402

GROUPED_OPS = ("Conv2D", "Conv3D")
KEEP = "/tmp/macc_layers_fuzz"  # the frozen graphs of (3c), weights stripped, for `macc check`


# ---- Keras from a spec -------------------------------------------------------------------------

class ClassToken(L.Layer):
    def build(self, shape):
        self.token = self.add_weight(shape=(1, 1, shape[-1]), name="token")

    def call(self, x):
        tok = ops.broadcast_to(self.token, (ops.shape(x)[0], 1, ops.shape(x)[-1]))
        return ops.concatenate([tok, x], axis=1)


class PositionEmbedding(L.Layer):
    def __init__(self, max_length=None, **kw):
        super().__init__(**kw)
        self.max_length = max_length

    def build(self, shape):
        self.table = self.add_weight(shape=(self.max_length or shape[1], shape[-1]),
                                     name="embeddings")

    def call(self, x):
        return x + ops.slice(self.table, (0, 0), (ops.shape(x)[1], ops.shape(x)[2]))


class LayerScale(L.Layer):
    def build(self, shape):
        self.gamma = self.add_weight(shape=(shape[-1],), name="gamma")

    def call(self, x):
        return x * self.gamma


def _act(name):
    """A spec activation as Keras's ``activation`` argument."""
    if name is None:
        return None
    return {"swish": "silu", "hard_swish": "hard_silu",
            "gelu_tanh": lambda x: keras.activations.gelu(x, approximate=True)}.get(name, name)


def _window(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


class KerasBuilder:
    """Walks a spec as macc's Lowerer does (same paths) and calls the Keras layers."""

    def __init__(self, spec):
        self.spec = spec
        self.width = spec.get("width", 1.0)
        self.by_path: dict[str, object] = {}
        self.out_of: dict[str, object] = {}  # macc row path -> the Keras layer's output

    def filters(self, d):
        n = d["filters"]
        if not d.get("scale_width", True):
            return n
        div = self.spec.get("width_divisor")
        return _divisible(n * self.width, div) if div else max(1, int(n * self.width))

    def build(self):
        inp = self.spec["layers"][0]
        dtype = inp.get("dtype", "float32")
        self.inp = keras.Input(tuple(inp["shape"]), batch_size=self.spec.get("batch", 1),
                               dtype=dtype, name="x")
        self.by_path[inp["name"]] = self.inp
        out = self.seq(self.spec["layers"][1:], "", self.inp)
        return keras.Model(self.inp, out)

    def seq(self, layers, scope, x):
        for d in layers:
            path = scope + d["name"]
            xs = [x] if d.get("inputs") is None else [
                self.by_path.get(scope + n, self.by_path.get(n)) for n in d["inputs"]]
            if d["type"] == "Sequential":
                x = self.seq(d["layers"], path + "/", xs[0])
            elif d["type"] == "Block":
                tpl = self.spec["blocks"][d["block"]]
                y = xs[0]
                for i in range(d.get("repeat", 1)):
                    args = {**tpl.get("params", {}), **d.get("args", {}),
                            **(d.get("first", {}) if i == 0 else {})}
                    at = path if d.get("repeat", 1) == 1 else f"{path}_{i + 1}"
                    y = self.by_path[at] = self.seq(substitute(tpl["layers"], args), at + "/", y)
                x = y
            elif d["type"] == "Branches":
                outs = [self.seq(br, f"{path}/branch{i}/", xs[0]) if br else xs[0]
                        for i, br in enumerate(d["branches"])]
                merge = {"add": L.Add, "mul": L.Multiply, "concat": L.Concatenate}[d["merge"]]
                x = self.call(f"{path}/merge", merge(name=_kname(f"{path}/merge")), outs)
                if d.get("activation"):
                    act = f"{path}/{d['activation']}"
                    x = self.call(act, L.Activation(_act(d["activation"]), name=_kname(act)), x)
            elif d["type"] == "Split":
                k, axis = d.get("num_splits", 2), d.get("axis", -1)
                parts = L.Lambda(lambda v, k=k, axis=axis: ops.split(v, k, axis=axis),
                                 name=_kname(path))(xs[0])
                for i, part in enumerate(parts):
                    self.by_path[f"{path}:{i}"] = part
                x = self.out_of[path] = parts[0]
            else:
                x = self.call(path, self.leaf(d, _kname(path)), xs if len(xs) > 1 else xs[0])
            self.by_path[path] = x
        return x

    def call(self, path, layer, x):
        y = self.out_of[path] = layer(x)
        return y

    def leaf(self, d, name):  # noqa: C901 - one branch per layer type
        t, act = d["type"], _act(d.get("activation"))
        bias = d.get("bias", True)
        if t == "Dense":
            return L.Dense(d["units"], use_bias=bias, activation=act, name=name)
        if t in ("Conv1D", "Conv2D", "Conv3D"):
            n = int(t[-2])
            return getattr(L, t)(self.filters(d), _window(d["kernel_size"], n),
                                 strides=_window(d.get("strides", 1), n),
                                 padding=d.get("padding", "valid"),
                                 dilation_rate=_window(d.get("dilation", 1), n),
                                 groups=d.get("groups", 1), use_bias=bias, activation=act,
                                 name=name)
        if t == "DepthwiseConv2D":
            return L.DepthwiseConv2D(d["kernel_size"], strides=d.get("strides", 1),
                                     padding=d.get("padding", "valid"),
                                     depth_multiplier=d.get("multiplier", 1),
                                     dilation_rate=d.get("dilation", 1), use_bias=bias,
                                     activation=act, name=name)
        if t == "SeparableConv2D":
            return L.SeparableConv2D(self.filters(d), d["kernel_size"],
                                     strides=d.get("strides", 1),
                                     padding=d.get("padding", "valid"),
                                     depth_multiplier=d.get("multiplier", 1),
                                     dilation_rate=d.get("dilation", 1), use_bias=bias,
                                     activation=act, name=name)
        if t == "Conv2DTranspose":
            return L.Conv2DTranspose(self.filters(d), d["kernel_size"],
                                     strides=d.get("strides", 1),
                                     padding=d.get("padding", "valid"), use_bias=bias,
                                     activation=act, name=name)
        pools = {"MaxPool1D": L.MaxPool1D, "AvgPool1D": L.AvgPool1D, "MaxPool2D": L.MaxPool2D,
                 "AvgPool2D": L.AvgPool2D, "MaxPool3D": L.MaxPool3D, "AvgPool3D": L.AvgPool3D}
        if t in pools:
            return pools[t](d.get("pool_size", 2), strides=d.get("strides"),
                            padding=d.get("padding", "valid"), name=name)
        if t.startswith("Global"):
            return getattr(L, t.replace("Avg", "Average").replace("Pool", "Pooling"))(
                keepdims=d.get("keepdims", False), name=name)
        if t == "BatchNorm":
            return L.BatchNormalization(epsilon=d.get("epsilon", 0.001),
                                        scale=d.get("scale", True),
                                        center=d.get("center", True), name=name)
        if t == "LayerNorm":
            return L.LayerNormalization(epsilon=d.get("epsilon", 0.001),
                                        scale=d.get("scale", True),
                                        center=d.get("center", True), name=name)
        if t == "RMSNorm":
            return L.RMSNormalization(epsilon=d.get("epsilon", 1e-6), name=name)
        if t == "Activation":
            return L.Activation(_act(d["function"]), name=name)
        if t == "Add":
            return L.Add(name=name)
        if t == "Mul":
            return L.Multiply(name=name)
        if t == "Concat":
            return L.Concatenate(axis=d.get("axis", -1), name=name)
        if t == "Flatten":
            return L.Flatten(name=name)
        if t == "Reshape":
            return L.Reshape(tuple(d["target_shape"]), name=name)
        if t == "Dropout":
            return L.Dropout(d.get("rate", 0.5), name=name)
        if t == "Softmax":
            return L.Softmax(name=name)
        if t == "ChannelShuffle":
            g = d.get("groups", 2)

            def shuffle(x):
                n, h, w, c = x.shape
                n = -1 if n is None else n  # frozen at an unknown batch (check 4)
                y = ops.reshape(x, (n, h, w, g, c // g))
                return ops.reshape(ops.transpose(y, (0, 1, 2, 4, 3)), (n, h, w, c))
            return L.Lambda(shuffle, name=name)
        if t == "PadChannels":
            p = d["padding"]
            before, after = (0, p) if isinstance(p, int) else p
            return L.Lambda(lambda x: ops.pad(x, [[0, 0]] * (len(x.shape) - 1)
                                              + [[before, after]]), name=name)
        if t == "Scale":
            return LayerScale(name=name)
        if t == "Rescaling":
            return L.Rescaling(d.get("scale", 1.0), offset=d.get("offset", 0.0), name=name)
        if t == "Embedding":
            return L.Embedding(d["input_dim"], d["output_dim"], name=name)
        if t == "MultiHeadAttention":
            mha = L.MultiHeadAttention(d["num_heads"], d["key_dim"], value_dim=d.get("value_dim"),
                                       use_bias=bias, name=name)
            return _SelfAttention(mha)
        if t == "GroupQueryAttention":
            return _SelfAttention(L.GroupQueryAttention(
                d["head_dim"], d["num_query_heads"], d["num_key_value_heads"], use_bias=bias,
                name=name))
        if t == "PositionEmbedding":
            return PositionEmbedding(d.get("max_length"), name=name)
        if t == "ClassToken":
            return ClassToken(name=name)
        if t == "SelectToken":
            i = d.get("index", 0)
            return L.Lambda(lambda x: x[:, i], name=name)
        if t == "ZeroPadding2D":
            return L.ZeroPadding2D(_margins(d.get("padding", 1)), name=name)
        if t == "Cropping2D":
            return L.Cropping2D(_margins(d.get("cropping", 0)), name=name)
        if t == "UpSampling2D":
            return L.UpSampling2D(d.get("size", 2), interpolation=d.get("interpolation",
                                                                        "nearest"), name=name)
        if t in ("SimpleRNN", "LSTM", "GRU"):
            return self.rnn(d, name)
        if t == "Bidirectional":
            inner = self.rnn(d["layer"], d["layer"].get("name") or {
                "SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}[d["layer"]["type"]])
            return L.Bidirectional(inner, merge_mode=d.get("merge_mode", "concat"), name=name)
        raise ValueError(f"no Keras layer for {t}")

    def rnn(self, d, name):
        kw = dict(activation=_act(d.get("activation", "tanh")) or "linear",
                  use_bias=d.get("bias", True), return_sequences=d.get("return_sequences", False),
                  go_backwards=d.get("go_backwards", False), unroll=True, name=name)
        if d["type"] != "SimpleRNN":
            kw["recurrent_activation"] = _act(d.get("recurrent_activation", "sigmoid")) or "linear"
        if d["type"] == "GRU":
            kw["reset_after"] = d.get("reset_after", True)
        return getattr(L, d["type"])(d["units"], **kw)


class _SelfAttention:
    """Calls a MultiHeadAttention or GroupQueryAttention as self-attention (one input) or on
    [query, value(, key)]."""

    def __init__(self, mha):
        self.mha = mha

    def __call__(self, x):
        if isinstance(x, list):
            return self.mha(x[0], x[1], key=x[2] if len(x) > 2 else None)
        return self.mha(x, x)


def _margins(v):
    if isinstance(v, int):
        return v
    return tuple(tuple(p) if isinstance(p, list) else p for p in v)


def _kname(path):
    return path.replace("/", "__")


# ---- the three comparisons ---------------------------------------------------------------------

def _unfused(value):
    """The spec with every BatchNorm's ``fused`` false (Keras 3's separate ops)."""
    if isinstance(value, dict):
        out = {k: _unfused(v) for k, v in value.items()}
        if out.get("type") == "BatchNorm":
            out["fused"] = False
        return out
    if isinstance(value, list):
        return [_unfused(v) for v in value]
    return value


def _profile(graph) -> int:
    opts = (tf.compat.v1.profiler.ProfileOptionBuilder(
        tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()).with_empty_output().build())
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return int(tf.compat.v1.profiler.profile(graph, cmd="scope", options=opts).total_float_ops)


def _macc(spec):
    """(table, report, lowered) of a spec dict."""
    low = lower(from_dict(spec, source="fuzz"), "fuzz")
    table, report = count_lowered(low, "fuzz")
    return table, report, low


def _grouped_tf_flops(spec, report, low) -> int:
    """macc's tf_flops of the grouped convolutions' ops (an XLA call in Keras: counted 0)."""
    grouped = set()

    def walk(layers, scope):
        for d in layers:
            path = scope + d.get("name", "")
            if d.get("groups", 1) > 1:
                grouped.add(path)
            if d["type"] == "Sequential":
                walk(d["layers"], path + "/")
            if d["type"] == "Branches":
                for i, br in enumerate(d["branches"]):
                    walk(br, f"{path}/branch{i}/")
            if d["type"] == "Block":
                tpl = spec["blocks"][d["block"]]
                for i in range(d.get("repeat", 1)):
                    args = {**tpl.get("params", {}), **d.get("args", {}),
                            **(d.get("first", {}) if i == 0 else {})}
                    at = path if d.get("repeat", 1) == 1 else f"{path}_{i + 1}"
                    walk(substitute(tpl["layers"], args), at + "/")
    walk(spec["layers"], "")
    nodes = {n for info in low.layers if info.path in grouped for n in info.nodes}
    return sum(r.tf_flops for r in report.nodes if r.name in nodes and r.op in GROUPED_OPS)


def _graph_checks(graph_def, kind, tag, batch=None) -> list[tuple[str, str]]:
    """macc on a frozen Keras GraphDef against TF's profiler and import shapes on the same graph
    (kept as ``KEEP/{tag}_{kind}.pb``)."""
    os.makedirs(KEEP, exist_ok=True)
    res = compare(f"{tag}_{kind}", graph_def, KEEP, out=io.StringIO(), batch=batch)
    if res.get("error"):
        return [(f"graph_{kind}", f"macc error: {res['error'][:300]}")]
    bad = []
    if res["macc"] != res["tf"] or res["diffs"]:
        d = res["diffs"][0] if res["diffs"] else {}
        bad.append((f"graph_{kind}", f"TF {res['tf']} macc {res['macc']}, {len(res['diffs'])} "
                                     f"node(s) differ, e.g. {d.get('node')} [{d.get('op')}] "
                                     f"TF {d.get('tf')} macc {d.get('macc')}"))
    if res["shape_diffs"]:
        op, rows = next(iter(sorted(res["shape_diffs"].items())))
        bad.append((f"graph_{kind}_shapes", f"{op} {rows[0][0]}: macc {rows[0][1]} TF {rows[0][2]}"))
    return bad


def _savedmodel_check(model, concrete, tf_total, trainable, tag) -> list[tuple[str, str]]:
    """``macc.profile`` on ``model`` saved with ``concrete`` as its serving signature (kept as
    ``KEEP/{tag}_sm``); ``tf_total`` None skips the tf_flops comparison (a grouped convolution's
    XLA call, which TF's frozen count leaves at 0 and macc inlines)."""
    import macc
    path = os.path.join(KEEP, f"{tag}_sm")
    shutil.rmtree(path, ignore_errors=True)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        tf.saved_model.save(model, path, signatures={"serving_default": concrete})
    try:
        r = macc.profile(path)
    except macc.MaccError as e:
        return [("savedmodel", f"macc error: {str(e)[:300]}")]
    bad = []
    if tf_total is not None and r.totals.tf_flops != tf_total:
        bad.append(("savedmodel_tf_flops", f"TF frozen {tf_total} macc {r.totals.tf_flops}"))
    if r.totals.params != trainable:
        bad.append(("savedmodel_params", f"keras trainable {trainable} macc {r.totals.params}"))
    if r.unsupported:
        bad.append(("savedmodel_unsupported", str(dict(r.unsupported))))
    return bad


def check(spec, graph_checks=True, tag="spec") -> list[tuple[str, str]]:
    """Every disagreement of ``spec`` as (kind, detail); ``graph_checks``: also (3c), macc's
    graph path on the frozen Keras graph."""
    bad = []
    table, report, low = _macc(spec)
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    kb = KerasBuilder(spec)
    model = kb.build()
    # (1) output shapes, layer by layer
    for row in table.layers:
        out = kb.out_of.get(row.name)
        if out is None:
            continue  # the Input
        got = list(out.shape[1:])
        if got != row.output_shape:
            bad.append(("shape", f"{row.name} ({row.type}): macc {row.output_shape} keras {got}"))
    # (2) params
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    stats = sum(_size(n) for n in low.graph_def.node if n.op == "Const" and n.name.endswith(
        ("/moving_mean", "/moving_variance")))
    if table.totals.params != trainable:
        bad.append(("params", f"macc params {table.totals.params} keras trainable {trainable}"))
    if stats != non_trainable:
        bad.append(("non_trainable", f"macc moving statistics {stats} keras {non_trainable}"))
    if table.totals.params + stats != model.count_params():
        bad.append(("count_params", f"macc {table.totals.params + stats} keras "
                                    f"{model.count_params()}"))
    # (3a) TF's profiler on the frozen Keras model against the spec's tf_flops
    inp = spec["layers"][0]
    sig = tf.TensorSpec([spec.get("batch", 1), *inp["shape"]],
                        tf.int32 if inp.get("dtype") == "int32" else tf.float32)
    fn = tf.function(lambda x: model(x, training=False))
    frozen = convert_variables_to_constants_v2(fn.get_concrete_function(sig)).graph
    keras_tf = _profile(frozen)
    table_u, report_u, low_u = _macc(_unfused(spec))
    expect = table_u.totals.tf_flops + _swish_elements(report_u)
    if _grouped_tf_flops(spec, report_u, low_u):
        expect = None  # the XLA call: see the module docstring
    if expect is not None and keras_tf != expect:
        bad.append(("keras_tf_flops", f"keras frozen {keras_tf} macc {expect} (spec tf_flops "
                                      f"{table_u.totals.tf_flops} unfused)"))
    # (3c) macc's graph path on the frozen Keras graph itself: totals, every node and every
    # node's import shapes against TF (tools/sweep.compare); and the same model frozen at an
    # unknown batch, as is and with --batch 1 (TF given the batch on the placeholder)
    if graph_checks:
        bad += _graph_checks(frozen.as_graph_def(), "frozen", tag)
        sig_u = tf.TensorSpec([None, *inp["shape"]], sig.dtype)
        frozen_u = convert_variables_to_constants_v2(fn.get_concrete_function(sig_u)).graph
        bad += _graph_checks(frozen_u.as_graph_def(), "unknown_batch", tag)
        bad += _graph_checks(frozen_u.as_graph_def(), "batch1", tag, batch=1)
    # (5) macc on the model saved as a SavedModel (its functions inlined) against TF's profiler
    # on the frozen graph, and its params against Keras's trainable count
    if graph_checks:
        bad += _savedmodel_check(model, fn.get_concrete_function(sig),
                                 keras_tf if expect is not None else None, trainable, tag)
    # (3b) TF's profiler on macc's own export
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(
            tf.compat.v1.GraphDef.FromString(low.graph_def.SerializeToString()), name="")
    export_tf = _profile(g)
    if export_tf != table.totals.tf_flops:
        bad.append(("export_tf_flops", f"export {export_tf} macc {table.totals.tf_flops}"))
    return bad


def _swish_elements(report) -> int:
    """Elements through the spec's swish (its Sigmoid nodes ``*/swish/Sigmoid``): Keras 3's
    tf.nn.silu is x·sigmoid(1.0·x), one Mul per element more than the spec's x·sigmoid(x)."""
    return sum(_elements(r.output_shapes[0]) for r in report.nodes
               if r.op == "Sigmoid" and r.name.endswith("/swish/Sigmoid"))


def _elements(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _size(node) -> int:
    n = 1
    for d in node.attr["value"].tensor.tensor_shape.dim:
        n *= d.size
    return n


def safe_check(spec, graph_checks=True, tag="spec") -> list[tuple[str, str]]:
    try:
        return check(spec, graph_checks, tag)
    except Exception as e:  # a crash on either side is a finding too
        return [("error", f"{type(e).__name__}: {str(e).splitlines()[0][:300]}")]


def minimise(spec, kind) -> dict:
    """Drop top-level layers (never the Input) one at a time while a ``kind`` finding stays."""
    cur = spec
    changed = True
    while changed:
        changed = False
        for i in range(len(cur["layers"]) - 1, 0, -1):
            cand = {**cur, "layers": cur["layers"][:i] + cur["layers"][i + 1:]}
            try:
                from_dict(cand)
                lower(from_dict(cand))
            except Exception:
                continue
            if any(k == kind for k, _ in safe_check(cand)):
                cur, changed = cand, True
                break
    return cur


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="0:200", help="A:B, the seeds run")
    ap.add_argument("--seed", type=int, help="one seed")
    ap.add_argument("--show", action="store_true", help="print each spec")
    ap.add_argument("--minimise", action="store_true", help="minimise each disagreement")
    ap.add_argument("--no-graph", action="store_true",
                    help="skip (3c), macc on the frozen Keras graphs (about 3x faster)")
    args = ap.parse_args(argv)
    if args.seed is not None:
        seeds = [args.seed]
    else:
        a, b = (int(v) for v in args.seeds.split(":"))
        seeds = range(a, b)
    n_bad, kinds = 0, {}
    for seed in seeds:
        spec = generate(random.Random(seed))
        if args.show:
            print(json.dumps(spec))
        bad = safe_check(spec, not args.no_graph, f"seed{seed}")
        for kind, detail in bad:
            kinds[kind] = kinds.get(kind, 0) + 1
            print(f"seed {seed} {kind}: {detail}", flush=True)
        if bad:
            n_bad += 1
            if args.minimise:
                print(f"seed {seed} minimal: {json.dumps(minimise(spec, bad[0][0]))}", flush=True)
    print(f"{len(seeds)} specs, {n_bad} disagree; by kind {kinds}")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main())
