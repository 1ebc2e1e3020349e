"""Sweep Keras models saved as TF2 SavedModels: macc on the SavedModel vs TF's profiler on the
frozen concrete function of the same signature (issue 6).

    /work/tfenv/bin/python tools/sweep_savedmodel.py [--only SUBSTR] [--keep DIR] [--json FILE]
    /work/tfenv/bin/python tools/sweep_savedmodel.py --keras2     # the same models in tf_keras
    /work/tfenv/bin/python tools/sweep_savedmodel.py --keras-hub  # KerasHub LLM backbones

Per model and mode (``b1``: signature traced at batch 1; ``bN``: unknown batch, macc ``--batch 1``;
``export``: ``model.export()``, unknown batch; with ``--keras2`` the models are Keras 2's
(``tf_keras``) and ``k2save`` is Keras 2's own ``model.save(DIR)``, its default signature at an
unknown batch): TF's frozen total and per-op-type sums, macc's
SavedModel tf_flops total and per-op-type sums, macc's exact flops on the SavedModel vs on the
frozen GraphDef (should be equal), params vs the Keras model's trainable elements, and macc's
unsupported ops. Needs TensorFlow and pydantic in the interpreter; never part of the test run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework.convert_to_constants import (  # noqa: E402
    convert_variables_to_constants_v2,
)

import macc  # noqa: E402


def tf_profile(graph) -> tuple[int, dict[str, int]]:
    opts = (tf.compat.v1.profiler.ProfileOptionBuilder(
        tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()).with_empty_output().build())
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        res = tf.compat.v1.profiler.profile(graph, cmd="scope", options=opts)
    ops = {op.name: op.type for op in graph.get_operations()}
    by_op: dict[str, int] = {}

    def walk(n):
        if n.float_ops and n.name in ops:
            by_op[ops[n.name]] = by_op.get(ops[n.name], 0) + int(n.float_ops)
        for c in n.children:
            walk(c)

    walk(res)
    return int(res.total_float_ops), by_op


def frozen(concrete):
    """TF's frozen GraphDef of ``concrete``, re-imported into a fresh tf.Graph (as users do)."""
    gd = convert_variables_to_constants_v2(concrete).graph.as_graph_def()
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(gd, name="")
    return gd, g


def macc_by_op(report) -> dict[str, int]:
    out: dict[str, int] = {}
    for n in report.nodes:
        if n.tf_flops:
            out[n.op] = out.get(n.op, 0) + n.tf_flops
    return out


# -- models ------------------------------------------------------------------------------------

def _keras(keras2: bool):
    if keras2:
        import tf_keras
        return tf_keras
    import keras
    return keras


def apps(keras2=False):
    A = _keras(keras2).applications
    return [
        ("MobileNet", lambda: A.MobileNet(weights=None, input_shape=(96, 96, 3)), (96, 96, 3)),
        ("MobileNetV2", lambda: A.MobileNetV2(weights=None, input_shape=(96, 96, 3)), (96, 96, 3)),
        ("MobileNetV3Small", lambda: A.MobileNetV3Small(weights=None, input_shape=(96, 96, 3)),
         (96, 96, 3)),
        ("ResNet50", lambda: A.ResNet50(weights=None, input_shape=(64, 64, 3)), (64, 64, 3)),
        ("EfficientNetB0", lambda: A.EfficientNetB0(weights=None, input_shape=(64, 64, 3)),
         (64, 64, 3)),
        ("DenseNet121", lambda: A.DenseNet121(weights=None, input_shape=(64, 64, 3)), (64, 64, 3)),
        ("Xception", lambda: A.Xception(weights=None, input_shape=(75, 75, 3)), (75, 75, 3)),
        ("InceptionV3", lambda: A.InceptionV3(weights=None, input_shape=(75, 75, 3)), (75, 75, 3)),
    ]


def keras_hub():
    """KerasHub LLM backbones (tools/sweep_cases/round16.py), on 8 token ids and a padding mask."""
    from tools.sweep_cases import round16
    inputs = {"token_ids": round16.SEQ, "padding_mask": round16.SEQ}
    return [(f"kh_{name}", round16.BACKBONES[name], inputs)
            for name in ("llama", "mistral", "gemma", "mixtral", "gpt2")]


def customs(keras2=False):
    keras = _keras(keras2)
    L = keras.layers

    def convbn():
        return keras.Sequential([keras.Input((16, 16, 3)), L.Conv2D(8, 3), L.BatchNormalization(),
                                 L.ReLU(), L.Dropout(0.3), L.GlobalAveragePooling2D(),
                                 L.Dense(10, activation="softmax")])

    def rnn(cell, unroll):
        def make():
            return keras.Sequential([keras.Input((6, 4)), cell(8, return_sequences=True,
                                                               unroll=unroll),
                                     cell(8, unroll=unroll), L.Dense(3)])
        return make

    def mha():
        x = keras.Input((6, 16))
        h = L.MultiHeadAttention(num_heads=2, key_dim=8)(x, x)
        h = L.LayerNormalization()(L.Add()([x, h]))
        f = L.Dense(16)(L.Dense(32, activation="gelu")(h))
        return keras.Model(x, L.LayerNormalization()(L.Add()([h, f])))

    def grouped():
        return keras.Sequential([keras.Input((8, 8, 4)), L.Conv2D(8, 3, groups=2),
                                 L.Conv2D(4, 1, groups=4), L.Flatten(), L.Dense(2)])

    class CondLoop(keras.Model):
        def __init__(self):
            super().__init__()
            self.d = L.Dense(8)

        @tf.function
        def inner(self, h):
            h = tf.cond(tf.reduce_sum(h) > 0, lambda: tf.matmul(h, tf.transpose(h)) @ h,
                        lambda: h * 2.0)
            _, h = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v + 1.0),
                                 [tf.constant(0), h])
            return h

        def call(self, x):
            return self.inner(self.d(x))

    def condloop():
        m = CondLoop()
        m(np.zeros((1, 4), np.float32))
        return m

    return [
        ("ConvBNDropDense", convbn, (16, 16, 3)),
        ("LSTM_unroll", rnn(L.LSTM, True), (6, 4)),
        ("LSTM_loop", rnn(L.LSTM, False), (6, 4)),
        ("GRU_unroll", rnn(L.GRU, True), (6, 4)),
        ("MHA_block", mha, (6, 16)),
        ("GroupedConv", grouped, (8, 8, 4)),
        ("CondLoop", condloop, (4,)),
    ]


EXPORT = {"ConvBNDropDense", "MobileNetV2", "MHA_block"}


# -- one model -----------------------------------------------------------------------------------

def check(name, make, shape, keep, keras2=False):
    keras = _keras(keras2)
    keras.utils.set_random_seed(0)
    keras.backend.clear_session()
    model = make()
    params = int(sum(int(np.prod(v.shape)) for v in model.trainable_variables))
    rows = []
    if isinstance(shape, dict):  # named int inputs of one length (KerasHub's token models)
        names, length = list(shape), next(iter(shape.values()))
        fn = tf.function(lambda *xs: model(dict(zip(names, xs)), training=False))

        def specs(batch):
            return [tf.TensorSpec([batch, length], tf.int32, name=n) for n in names]
    else:
        fn = tf.function(lambda x: model(x, training=False))

        def specs(batch):
            return [tf.TensorSpec([batch, *shape], tf.float32, name="x")]
    cf1 = fn.get_concrete_function(*specs(1))
    gd, g = frozen(cf1)
    tf_total, tf_ops = tf_profile(g)
    fpath = os.path.join(keep, f"{name}.frozen.pb")
    with open(fpath, "wb") as f:
        f.write(gd.SerializeToString())
    mf = macc.profile(fpath)
    modes = [("b1", None)]
    cfn = fn.get_concrete_function(*specs(None))
    modes.append(("bN", 1))
    if keras2:
        modes.append(("k2save", 1))
    elif name in EXPORT:
        modes.append(("export", 1))
    for mode, batch in modes:
        path = os.path.join(keep, f"{name}_{mode}")
        shutil.rmtree(path, ignore_errors=True)
        with contextlib.redirect_stdout(io.StringIO()):
            if mode == "b1":
                tf.saved_model.save(model, path, signatures={"serving_default": cf1})
            elif mode == "bN":
                tf.saved_model.save(model, path, signatures={"serving_default": cfn})
            elif mode == "k2save":
                model.save(path)  # Keras 2: a directory path is a SavedModel
            else:
                model.export(path)
        row = {"model": name, "mode": mode, "tf": tf_total, "params_keras": params,
               "macc_frozen_flops": mf.totals.flops, "macc_frozen_tf": mf.totals.tf_flops}
        try:
            r = macc.profile(path, batch=batch)
            mops = macc_by_op(r)
            row.update({
                "macc_tf": r.totals.tf_flops, "macc_flops": r.totals.flops,
                "params": r.totals.params, "unsupported": dict(r.unsupported),
                "op_diff": {op: (tf_ops.get(op, 0), mops.get(op, 0))
                            for op in sorted(set(tf_ops) | set(mops))
                            if tf_ops.get(op, 0) != mops.get(op, 0)},
                "warnings": [w for w in r.warnings if "If" in w or "While" in w][:3],
            })
        except Exception as e:  # noqa: BLE001 - a sweep reports, it does not stop
            row["error"] = f"{type(e).__name__}: {e}"
            if not isinstance(e, macc.MaccError):
                row["trace"] = traceback.format_exc()[-1500:]
        rows.append(row)
    return rows


def fmt(row) -> str:
    if "error" in row:
        return f"{row['model']:17} {row['mode']:6} {row['tf']:>12,}  ERROR {row['error'][:150]}"
    ok = "ok" if row["macc_tf"] == row["tf"] and not row["op_diff"] else "DIFF"
    san = "ok" if row["macc_flops"] == row["macc_frozen_flops"] else \
        f"frozen {row['macc_frozen_flops']:,} vs sm {row['macc_flops']:,}"
    par = "ok" if row["params"] == row["params_keras"] else \
        f"{row['params']:,} vs keras {row['params_keras']:,}"
    s = (f"{row['model']:17} {row['mode']:6} {row['tf']:>12,} {row['macc_tf']:>12,} {ok:4} "
         f"flops:{san} params:{par}")
    if row["op_diff"]:
        s += f" ops:{row['op_diff']}"
    if row["unsupported"]:
        s += f" unsupported:{row['unsupported']}"
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", default="/tmp/macc_sweep_sm")
    ap.add_argument("--json", default="")
    ap.add_argument("--keras2", action="store_true", help="the models in Keras 2 (tf_keras)")
    ap.add_argument("--keras-hub", action="store_true", help="KerasHub LLM backbones instead")
    a = ap.parse_args()
    os.makedirs(a.keep, exist_ok=True)
    rows = []
    models = keras_hub() if a.keras_hub else customs(a.keras2) + apps(a.keras2)
    for name, make, shape in models:
        if a.only and not any(s in name for s in a.only.split(",")):
            continue
        try:
            got = check(name, make, shape, a.keep, a.keras2)
        except Exception as e:  # noqa: BLE001
            got = [{"model": name, "mode": "-", "tf": 0,
                    "error": f"sweep: {type(e).__name__}: {str(e)[:300]}"}]
        for row in got:
            print(fmt(row), flush=True)
            if "trace" in row:
                print(row["trace"], flush=True)
        rows += got
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
