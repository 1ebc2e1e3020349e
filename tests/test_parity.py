"""Every TF-profiled fixture: macc's tf_flops equals TF's profiler, in total and node by node, and
macc skips as many nodes for incomplete shapes as TF did.

A record's ``inputs`` (placeholder shapes) and ``batch`` are what macc is given; TF profiled the
same graph with those placeholder shapes (tools/fixtures/common.py ``with_inputs``).
"""

import pytest

import macc
from conftest import FIXTURES, tf_fixtures
from macc.costs import count
from macc.graph import Graph
from macc.load import load
from macc.shapes import infer_shapes

CASES = tf_fixtures()
SHAPED = [c for c in CASES if "tf_shapes" in c[1]]
IDS = [c[0] for c in CASES]


def _inputs(record):
    return {k: tuple(v) for k, v in record.get("inputs", {}).items()} or None


def _diff(report, record) -> str:
    """One line per disagreeing node: what TF said, what macc said and why."""
    rows = {n.name: n for n in report.nodes}
    theirs = record["nodes"]
    lines = []
    for name in sorted(set(theirs) | {n.name for n in report.nodes if n.tf_flops}):
        want = theirs.get(name, 0)
        row = rows.get(name)
        got = row.tf_flops if row else None
        if want != got:
            detail = (f"{row.op} status={row.status} out={row.output_shapes} formula={row.formula!r}"
                      if row else "not in macc's report")
            lines.append(f"  {name}: TF {want}, macc {got} ({detail})")
    if report.unsupported:
        lines.append(f"  unsupported ops: {report.unsupported}")
    return "\n".join(lines)


@pytest.mark.parametrize("name,record", CASES, ids=IDS)
def test_matches_tf_profiler(name, record):
    r = macc.profile(str(FIXTURES / record["graph"]), inputs=_inputs(record),
                     batch=record.get("batch"))
    ours = {n.name: n.tf_flops for n in r.nodes if n.tf_flops}
    assert ours == record["nodes"], f"{name}: per-node tf_flops differ:\n{_diff(r, record)}"
    assert r.totals.tf_flops == record["total_float_ops"]


@pytest.mark.parametrize("name,record", [c for c in CASES if "incomplete" in c[1]],
                         ids=[i for i, c in zip(IDS, CASES) if "incomplete" in c[1]])
def test_incomplete_count_matches_tf(name, record):
    """TF's stderr line ``N ops no flops stats due to incomplete shapes``: the nodes whose TF
    formula could not run (shapes not fully known, or a non-NHWC pool/backprop)."""
    loaded = load(str(FIXTURES / record["graph"]))
    graph = Graph.from_graph_def(loaded.graph_def, source=loaded.source)
    shapes = infer_shapes(graph, _inputs(record), record.get("batch"))
    skipped = sorted(nc.node.name for nc in count(graph, shapes) if nc.tf_incomplete)
    assert len(skipped) == record["incomplete"], f"macc skips {skipped}"


@pytest.mark.parametrize("name,record", SHAPED, ids=[c[0] for c in SHAPED])
def test_shapes_equal_tf_import_shapes(name, record):
    """Records that keep TF 2.21's import shapes of every node (``tf_shapes``: the sweep
    fixture groups): macc's output shapes equal them node by node, counted or not."""
    loaded = load(str(FIXTURES / record["graph"]))
    shapes = infer_shapes(Graph.from_graph_def(loaded.graph_def, source=loaded.source),
                          _inputs(record), record.get("batch"))
    differ = {}
    for node, theirs in record["tf_shapes"].items():
        mine = [list(s) if s is not None else None for s in shapes.outputs.get(node, ())]
        if mine != theirs:
            differ[node] = (mine, theirs)
    assert not differ, f"{len(differ)} nodes differ from TF (macc, TF): {differ}"


def test_sweep_groups_keep_tf_shapes():
    # sweep3 (13), sweep3k (3), sweep4s (13), sweep4r (11) fixtures carry them
    groups = {n.split("_")[0] for n, _ in SHAPED}
    assert {"sweep3", "sweep3k", "sweep4s", "sweep4r"} <= groups
