"""The op -> family index is current, and families loaded on demand give the numbers loading
them all gives (in fresh interpreters: the test session itself loads every family up front)."""

import json
import pathlib
import subprocess
import sys

import macc
from macc import op_index
from macc.errors import MaccError
from macc.families import current_index
from tests.conftest import FIXTURES

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_index_is_current():
    from tools.op_index import render
    assert (ROOT / "macc" / "op_index.py").read_text() == render(), \
        "macc/op_index.py is stale: run `python -m tools.op_index`"


def test_index_names_every_registered_op_once():
    shapes, costs = current_index()
    for table, committed in ((shapes, op_index.SHAPES), (costs, op_index.COSTS)):
        ops = [op for text in committed.values() for op in text.split()]
        assert len(ops) == len(set(ops))
        assert {m: text.split() for m, text in committed.items()} == table
    from macc.costs import FORMULAS
    from macc.shapes import SHAPE_FNS
    assert sum(len(v.split()) for v in op_index.SHAPES.values()) == len(SHAPE_FNS)
    # formulas, plus the zero ops the families add to registry.py's own
    assert set(FORMULAS) <= {op for v in op_index.COSTS.values() for op in v.split()}


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


_SUMMARY = """
import json, pathlib, sys
import macc
from macc.errors import MaccError
out = {}
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.pb")):
    try:
        r = macc.profile(str(p))
    except MaccError as e:
        out[p.name] = str(e)
        continue
    out[p.name] = [r.totals.model_dump(mode="json"), sorted(r.unsupported.items()),
                   [(n.name, n.status, n.flops, n.tf_flops, n.maccs) for n in r.nodes]]
print(json.dumps(out))
"""


def _summary(path: pathlib.Path):
    try:
        r = macc.profile(str(path))
    except MaccError as e:
        return str(e)
    return [r.totals.model_dump(mode="json"), sorted(r.unsupported.items()),
            [[n.name, n.status, n.flops, n.tf_flops, n.maccs] for n in r.nodes]]


def test_on_demand_equals_all_loaded():
    """Every fixture graph, in a fresh interpreter that imports each family the first time a
    graph holds one of its ops (mid-pass), against this session's (every family loaded)."""
    lazy = json.loads(_run(_SUMMARY.replace("sys.argv[1]", repr(str(FIXTURES)))))
    paths = sorted(FIXTURES.glob("*.pb"))
    assert len(lazy) == len(paths) > 150
    for p in paths:
        got = lazy[p.name]
        want = _summary(p)
        if isinstance(want, str):
            assert got == want, p.name
        else:
            assert got[0] == want[0] and [tuple(u) for u in got[1]] == [tuple(u) for u in want[1]], p.name
            assert got[2] == want[2], p.name


def test_a_small_graph_loads_few_families():
    out = _run("import sys, json, macc\n"
               "r = macc.profile('macc/examples/seed.pb')\n"
               "print(json.dumps([r.totals.tf_flops, sorted(m for m in sys.modules "
               "if m.startswith(('macc.shapes.', 'macc.costs.')))]))")
    tf_flops, loaded = json.loads(out)
    assert tf_flops == 8531  # the brief's seed graph: 7425 + the initializers' Mul and Add
    families = {f"macc.shapes.{m}" for m in op_index.SHAPES} | {f"macc.costs.{m}" for m in op_index.COSTS}
    assert len(families & set(loaded)) < len(families) // 3, loaded
    for never in ("macc.costs.audio", "macc.shapes.queues", "macc.shapes.text", "macc.costs.sparse"):
        assert never not in loaded


def test_macc_ops_lists_every_family():
    """`macc ops` in a fresh interpreter loads every family first."""
    listed = json.loads(_run("from macc.commands.ops import render; print(render('json'))"))
    from macc.costs import FORMULAS, ZERO_OPS
    assert set(listed["ops"]) == set(FORMULAS)
    assert set(listed["zero"]) == ZERO_OPS
