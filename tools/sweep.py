"""Sweep many TF graphs through TF 2.21's profiler and macc; report where they disagree.

    /work/tfenv/bin/python -m tools.sweep [GROUP ...] [--only SUBSTR] [--keep DIR]

Groups: ``apps`` (Keras applications), ``layers`` (Keras layers, one small model each), ``raw``
(TF1 graph-mode ops), ``train`` (TF1 training graphs). Each group runs in its own process
(Keras groups eager, the others in graph mode). Per graph: TF total vs macc total, incomplete
counts, every node whose numbers differ (with macc's input/output shapes next to TF's import
shapes), and any TF-counted node macc calls unsupported. Graphs are written (weights stripped) to
``--keep`` (default /tmp/macc_sweep) so a disagreement can be replayed with ``macc check``.
Needs TensorFlow and pydantic in the interpreter; never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

# round12: Keras 3 layers and TF2 tf.function patterns; fuzz: seeded random TF1 graphs
GROUPS = ["apps", "layers", "raw", "train", "round2", "round2k", "round3", "round3k", "round4s", "round4r",
          "round5i", "round5t", "round6", "round7", "round8", "round9", "round10", "round11", "round12",
          "round13", "round13g", "round14", "round15", "round16", "round16v", "round16d", "fuzz"]
EAGER = {"apps", "layers", "round2k", "round3k", "round12", "round13", "round15", "round16",
         "round16v", "round16d"}


def tf_import_shapes(graph_def):
    """{node: [output shape as list (None = unknown) or None for unknown rank]} as TF imports it."""
    import tensorflow as tf
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(graph_def, name="")
    return {op.name: [o.shape.as_list() if o.shape.rank is not None else None for o in op.outputs]
            for op in g.get_operations()}


def _batch1_inputs(graph_def):
    """Placeholder shapes with an unknown leading dim set to 1 (what ``--batch 1`` means)."""
    out = {}
    for nd in graph_def.node:
        if nd.op == "Placeholder" and "shape" in nd.attr and not nd.attr["shape"].shape.unknown_rank:
            dims = [d.size for d in nd.attr["shape"].shape.dim]
            if dims and dims[0] == -1:
                out[nd.name] = [1] + [None if d < 0 else d for d in dims[1:]]
    return out


def _tf_value(v):
    """A node's value as TF's profiler reports it: int(), and values below 1 are 0."""
    return int(v) if v is not None and v >= 1 else 0


def compare(name, graph_def, keep, inputs=None, out=sys.stdout, batch=None):
    """Profile ``graph_def`` with TF and macc; print and return the disagreements. With ``batch``
    macc gets the graph as is plus ``batch=`` and TF the graph with that batch imposed."""
    from macc.costs import count
    from macc.graph import Graph
    from macc.load import load
    from macc.shapes import infer_shapes
    from tools.fixtures.common import profile_graph_def, strip_weights, with_inputs

    gd = with_inputs(graph_def, inputs) if inputs else graph_def
    path = os.path.join(keep, name + ".pb")
    with open(path, "wb") as f:
        f.write(strip_weights(gd).SerializeToString(deterministic=True))
    if batch is not None:
        gd = with_inputs(gd, {k: [batch] + v[1:] for k, v in _batch1_inputs(gd).items()})
    prof = profile_graph_def(gd)
    tfshapes = tf_import_shapes(gd)
    res = {"name": name, "tf": prof["total_float_ops"], "tf_incomplete": prof["incomplete"]}
    try:
        loaded = load(path)
        graph = Graph.from_graph_def(loaded.graph_def, source=loaded.source,
                                     node_sizes=loaded.node_sizes)
        shapes = infer_shapes(graph, None, batch)
        counts = count(graph, shapes)
    except Exception as e:  # noqa: BLE001 - a sweep reports every failure and goes on
        res.update(macc=None, error=f"{type(e).__name__}: {e}")
        print(f"{name}: TF {res['tf']}  macc ERROR {res['error']}", file=out)
        return res
    ours = {nc.node.name: nc for nc in counts}
    total = sum(nc.cost.tf_flops for nc in counts if nc.cost.tf_flops and nc.cost.tf_flops >= 1)
    res.update(macc=total, macc_incomplete=sum(nc.tf_incomplete for nc in counts))
    diffs = []
    for n in sorted(set(prof["nodes"]) | {k for k, v in ours.items() if v.cost.tf_flops}):
        want = prof["nodes"].get(n, 0)
        nc = ours.get(n)
        got = _tf_value(nc.cost.tf_flops) if nc else None
        if want != got or (want and nc and nc.status == "unsupported"):
            ins = [shapes.of(s, p) for s, p in nc.node.inputs] if nc else None
            tf_ins = None
            if nc:
                tf_ins = [(tfshapes.get(s) or [None] * (p + 1))[p] if len(tfshapes.get(s, [])) > p
                          else "?" for s, p in nc.node.inputs]
            diffs.append({"node": n, "op": nc.node.op if nc else "?", "tf": want, "macc": got,
                          "status": nc.status if nc else None, "incomplete": nc.tf_incomplete if nc else None,
                          "in": ins, "tf_in": tf_ins,
                          "out": shapes.outputs.get(n) if nc else None, "tf_out": tfshapes.get(n)})
    res["diffs"] = diffs
    shape_diffs = {}  # op -> [(node, macc outputs, TF outputs)]: every node, counted or not
    for n, tf_outs in tfshapes.items():
        mine = shapes.outputs.get(n)
        mine = [list(o) if o is not None else None for o in mine] if mine is not None else None
        if mine is not None and mine != tf_outs[:len(mine)] or mine is None and any(
                o is not None for o in tf_outs):
            shape_diffs.setdefault(ours[n].node.op if n in ours else "?", []).append(
                (n, mine, tf_outs))
    res["shape_diffs"] = {k: v[:3] for k, v in shape_diffs.items()}
    res["unsupported"] = sorted({nc.node.op for nc in counts if nc.status == "unsupported"})
    flag = "OK " if total == res["tf"] and not diffs else "BAD"
    if flag == "OK " and shape_diffs:
        flag = "SHP"
    print(f"{flag} {name}: TF {res['tf']} macc {total}  incomplete TF {res['tf_incomplete']} "
          f"macc {res['macc_incomplete']}  unsupported {res['unsupported']}", file=out)
    for op, rows in sorted(shape_diffs.items()):
        n, mine, theirs = rows[0]
        print(f"     shapes differ on {len(rows)} {op} node(s), e.g. {n}: macc {mine} TF {theirs}",
              file=out)
    for d in diffs[:12]:
        print(f"     {d['node']} [{d['op']}] TF {d['tf']} macc {d['macc']} {d['status']}"
              f" in={d['in']} tf_in={d['tf_in']} out={d['out']} tf_out={d['tf_out']}", file=out)
    if len(diffs) > 12:
        print(f"     ... {len(diffs) - 12} more", file=out)
    out.flush()
    return res


def run_group(group, only, keep, as_b1=False):
    import importlib

    import tensorflow as tf
    if group not in EAGER:
        tf.compat.v1.disable_eager_execution()
    mod = importlib.import_module(f"tools.sweep_cases.{group}")
    results = []
    for name, build in mod.cases():
        if only and not any(o in name for o in only):
            continue
        try:
            gd, inputs = build()
        except Exception as e:  # noqa: BLE001
            print(f"SKIP {name}: could not build ({type(e).__name__}: {str(e)[:200]})", flush=True)
            continue
        results.append(compare(name, gd, keep, inputs))
        if as_b1 and _batch1_inputs(gd):
            try:
                results.append(compare(name + "_as_b1", gd, keep, inputs, batch=1))
            except ValueError as e:  # TF's import refuses batch 1 (a graph built for another)
                print(f"SKIP {name}_as_b1: TF refuses batch 1 ({str(e)[:160]})", flush=True)
    with open(os.path.join(keep, f"results_{group}.jsonl"), "a") as f:
        for r in results:
            f.write(json.dumps(r, default=str) + "\n")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("groups", nargs="*")
    ap.add_argument("--only", action="append")
    ap.add_argument("--keep", default="/tmp/macc_sweep")
    ap.add_argument("--as-b1", action="store_true", help="also: unknown batch, given as --batch 1")
    a = ap.parse_args(argv)
    groups = a.groups or GROUPS
    os.makedirs(a.keep, exist_ok=True)
    if len(groups) > 1:
        for g in groups:
            cmd = [sys.executable, "-m", "tools.sweep", g, "--keep", a.keep] + \
                (["--as-b1"] if a.as_b1 else [])
            for o in a.only or []:
                cmd += ["--only", o]
            subprocess.run(cmd, check=False)
        return
    run_group(groups[0], a.only, a.keep, a.as_b1)


if __name__ == "__main__":
    main(sys.argv[1:])
