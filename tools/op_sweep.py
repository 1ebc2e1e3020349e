"""Every registered op on inputs of unknown rank: macc's shape functions against TF's import.

    /work/tfenv/bin/python -m tools.op_sweep [--only SUBSTR] [--show N]

For each op in TensorFlow's registry this writes a GraphDef of one node fed by Placeholders of
unknown rank (one per input tensor, of the dtype the OpDef asks for), with every attr that has
no default set to a plain value of its kind (a dtype: float32 where allowed; an int: 2, or its
minimum; a list of ints: four 1s; a string: its first allowed value; a shape: unknown). TF's
``import_graph_def`` runs the op's shape function; an op TF refuses in that form is skipped.
macc reads the same bytes and infers shapes; the node's output shapes are compared, as TF's
import gives them. Ops whose attrs need a function or a tensor, or whose inputs are refs, are
not built. The randomized sweeps (tools/sweep_cases/fuzz*.py) found the last unknown-rank
mistakes one at a time; this looks at every op once.

The exit status is 1 when any op differs (``KNOWN`` lists the differences that come from the
sweep's own inputs). Ops macc has no shape function for (TF's test ops, the Risc* and _Mkl*
internals) are counted, not compared: macc reports them as unsupported by name. Needs
TensorFlow; never part of the test run.

First run (TF 2.21): 1,106 ops equal, 24 differ, 4 refused, all unknown-rank handling: outputs
TF gives a rank (WithRank) where macc had none (BlockLSTMGrad, the sparse ops' shape outputs,
SpaceToBatch, the V2 conv gradients...), shapes TF passes through unknown (ConcatOffset,
SparseSplit, Unique's idx), UniqueV2's idx on the wrong axis, EncodePng's batch. After the
fixes: 1,127 equal and the seven ``KNOWN``.

``--one-known`` also gives each input alone a known shape (the others of unknown rank): 3,776
forms equal at first, 3,803 after fixing how BatchMatMul v1, Cross, the softmax loss,
SpaceToBatch, Reverse v1, PlaceholderWithDefault, the set ops, TensorListPushBackBatch,
TensorListConcatLists and the fused quantized convolutions' ranges take their inputs, and
DrawBoundingBoxesV2's rank. ``--min-rank 1`` skips the scalars TF accepts unchecked for many
tensor inputs: 3,356 equal after Betainc (merged, not broadcast), MirrorPad (a known input's
rank) and TensorListPopBack (the list's element shape alone). Left, on inputs no real graph
has: 50 (37) forms macc refuses where TF's shape function skips a rank check (its kernel
refuses them) and 13 (14) that differ: scalar inputs, the fused GRU gradient, count ops,
EncodeProto's batch from its values, UnbatchGrad, RandomIndexShuffle.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

DT_FLOAT, DT_INT32, DT_INT64, DT_STRING = 1, 3, 9, 7
PREFERRED = (DT_FLOAT, DT_INT32, DT_INT64, DT_STRING)
UNBUILT = ("func", "list(func)", "tensor")
PRODUCER = 1205  # a TF 2.x GraphDef (an old producer changes some shape functions)
# Differences that are the sweep's own inputs, not macc's rules: printed as KNOWN, not counted
KNOWN = {
    # TF reads the width from the method input, a constant "farmhash64" in practice; macc does
    # not decode string constants and takes its 8 bytes (macc/shapes/seq_io.py)
    "Fingerprint": "a method that is not a constant",
    # a variant Placeholder carries no TensorList handle data, which every real list has
    "TensorListElementShape": "a list without handle data",
    # a `shape` attr of unknown rank, which TF reads as a scalar; real graphs give full shapes
    "TPUDummyInput": "shape attr of unknown rank", "XlaCustomCall": "shape attr of unknown rank",
    "XlaCustomCallV2": "shape attr of unknown rank", "XlaRecv": "shape attr of unknown rank",
    "XlaSpmdShardToFullShape": "shape attr of unknown rank",
}


def _pick_type(attr):
    allowed = list(attr.allowed_values.list.type) if attr.HasField("allowed_values") else []
    if not allowed:
        return DT_FLOAT
    return next((t for t in PREFERRED if t in allowed), allowed[0])


def node_def(op_def, tf):
    """The op on unknown-rank placeholders as a GraphDef, or None when it cannot be built (an
    attr that needs a function or a tensor, or a ref input)."""
    gd = tf.compat.v1.GraphDef()
    nd = tf.compat.v1.NodeDef(name="op", op=op_def.name)
    values = {}
    for attr in op_def.attr:
        if attr.HasField("default_value"):
            values[attr.name] = attr.default_value
            continue
        if attr.type in UNBUILT:
            return None
        v = tf.compat.v1.AttrValue()
        lo = attr.minimum if attr.has_minimum else 0
        if attr.type == "type":
            v.type = _pick_type(attr)
        elif attr.type == "list(type)":
            v.list.type.extend([_pick_type(attr)] * max(lo, 1))
        elif attr.type == "int":
            v.i = max(lo, 2)
        elif attr.type == "list(int)":
            v.list.i.extend([1] * max(lo, 4))
        elif attr.type == "float":
            v.f = 1.0
        elif attr.type == "bool":
            v.b = False
        elif attr.type == "string":
            allowed = list(attr.allowed_values.list.s) if attr.HasField("allowed_values") else []
            v.s = allowed[0] if allowed else b""
        elif attr.type == "shape":
            v.shape.unknown_rank = True
        elif attr.type == "list(shape)":
            for _ in range(max(lo, 1)):
                v.list.shape.add().unknown_rank = True
        elif attr.type in ("list(string)", "list(float)", "list(bool)"):
            pass
        else:
            return None
        values[attr.name] = v
    for k, v in values.items():
        nd.attr[k].CopyFrom(v)
    n_in = 0
    for arg in op_def.input_arg:
        if arg.is_ref:
            return None
        if arg.number_attr:
            types = [arg.type or values[arg.type_attr].type] * values[arg.number_attr].i
        elif arg.type_list_attr:
            types = list(values[arg.type_list_attr].list.type)
        else:
            types = [arg.type or values[arg.type_attr].type]
        for t in types:
            ph = gd.node.add(name=f"in{n_in}", op="Placeholder")
            ph.attr["dtype"].type = t
            ph.attr["shape"].shape.unknown_rank = True
            nd.input.append(ph.name)
            n_in += 1
    gd.node.add().CopyFrom(nd)
    gd.versions.producer = PRODUCER
    return gd


DIMS = (2, 3, 4, 5, 6)  # the dims of the one known input: distinct, so a mixed-up one shows


def one_known(gd, j: int, rank: int):
    """A copy of ``gd`` whose placeholder ``in{j}`` has the known shape DIMS[:rank]."""
    out = type(gd)()
    out.CopyFrom(gd)
    for nd in out.node:
        if nd.name == f"in{j}":
            s = nd.attr["shape"].shape
            s.unknown_rank = False
            for d in DIMS[:rank]:
                s.dim.add(size=d)
    return out


def tf_shapes(gd, tf):
    """TF's import shapes of node ``op``, in a forked child (a few ops' shape functions crash
    TF on inputs like these); raises when TF refuses the graph or crashes."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: import, write the shapes as JSON, exit without cleanup
        os.close(r)
        try:
            g = tf.Graph()
            with g.as_default():
                tf.graph_util.import_graph_def(gd, name="")
            op = g.get_operation_by_name("op")
            out = [o.shape.as_list() if o.shape.rank is not None else None for o in op.outputs]
            os.write(w, json.dumps(out).encode())
        except BaseException:  # noqa: BLE001 - refused: the parent sees no output
            pass
        os._exit(0)
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(r)
    os.waitpid(pid, 0)
    if not chunks:
        raise ValueError("TF refuses the op in this form (or crashes on it)")
    return json.loads(b"".join(chunks))


def macc_shapes(data: bytes):
    from macc.graph import Graph
    from macc.load import load
    from macc.shapes import infer_shapes

    loaded = load(data)
    graph = Graph.from_graph_def(loaded.graph_def, source=loaded.source)
    out = infer_shapes(graph).outputs.get("op")
    return None if out is None else [list(s) if s is not None else None for s in out]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="ops whose name contains this")
    ap.add_argument("--show", type=int, default=200, help="differences printed")
    ap.add_argument("--one-known", action="store_true",
                    help="also give each input alone a known shape (dims 2, 3, 4, ...) at the "
                         "first rank TF accepts, the others of unknown rank")
    ap.add_argument("--min-rank", type=int, default=0,
                    help="with --one-known: the lowest rank tried (1 skips the scalars TF takes "
                         "without a check for many tensor inputs)")
    args = ap.parse_args(argv)
    import tensorflow as tf

    from macc.shapes.registry import lookup
    from tools.op_outputs import registered_ops

    _, op_defs = registered_ops()
    counts = {"equal": 0, "differ": 0, "macc refuses": 0, "macc crashes": 0, "not built": 0,
              "TF refuses": 0, "no outputs": 0, "no macc shape function": 0,
              "known": 0}
    shown = 0
    for op_def in op_defs:
        if args.only and args.only not in op_def.name:
            continue
        if not op_def.output_arg:
            counts["no outputs"] += 1
            continue
        if lookup(op_def.name) is None:  # reported as unsupported by name, never guessed
            counts["no macc shape function"] += 1
            continue
        gd = node_def(op_def, tf)
        if gd is None:
            counts["not built"] += 1
            continue
        try:
            want = tf_shapes(gd, tf)
        except Exception:  # noqa: BLE001 - TF refuses this form of the op
            counts["TF refuses"] += 1
            continue
        forms = [("", gd, want)]
        if args.one_known:  # also each input alone known, at the first rank TF accepts
            n_in = sum(1 for nd in gd.node if nd.op == "Placeholder")
            for j in range(n_in):
                for rank in range(args.min_rank, 5):
                    g2 = one_known(gd, j, rank)
                    try:
                        forms.append((f" [in{j} {list(DIMS[:rank])}]", g2, tf_shapes(g2, tf)))
                        break
                    except ValueError:
                        continue
        for form, gd, want in forms:
            line = compare_form(op_def.name + form, gd, want, counts)
            if line is None:
                continue
            if op_def.name in KNOWN:
                kind = line.split(" ", 1)[0]
                counts["differ" if kind == "DIFFER" else "macc refuses"] -= 1
                counts["known"] += 1
                line = f"KNOWN ({KNOWN[op_def.name]}) " + line
            if shown < args.show:
                print(line, flush=True)
                shown += 1
    print(counts)
    bad = counts["differ"] + counts["macc refuses"] + counts["macc crashes"]
    return 1 if bad else 0


def compare_form(name, gd, want, counts):
    """None when macc's shapes equal TF's (counted), else the line to print."""
    from macc.errors import MaccError

    try:
        got = macc_shapes(gd.SerializeToString())
    except MaccError as e:
        counts["macc refuses"] += 1
        return f"REFUSES {name}: TF {want}; macc: {str(e)[:200]}"
    except Exception as e:  # noqa: BLE001 - a bug: reported, the sweep goes on
        counts["macc crashes"] += 1
        return f"CRASH {name}: {type(e).__name__}: {str(e)[:200]}"
    if got is not None and got == want[:len(got)] and (
            len(got) == len(want) or all(w is None for w in want[len(got):])):
        counts["equal"] += 1
        return None
    counts["differ"] += 1
    return f"DIFFER {name}: macc {got} TF {want}"


if __name__ == "__main__":
    sys.exit(main())
