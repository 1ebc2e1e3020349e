"""Views by node, op type and name scope: hand-checked numbers on the seed graph, and the sum
invariant (rows add up to the printed totals) for every view, option set and format, on every
committed graph fixture."""

import csv
import functools
import io
import json
import re

import pytest

import macc
from conftest import FIXTURES
from macc.render import RENDERERS
from macc.report.views import METRICS, node_view, op_view, scope_view


@functools.cache
def prof(name):
    return macc.profile(str(FIXTURES / name))


# ---- hand-checked numbers on seed.pb ----------------------------------------------------------
# seed.pb: X = random_normal([25,16]), W = random_normal([16,9]), b = random_normal([9]) as
# variables; C = X @ W + b. Each random_normal scope: mul (n elements) and the AddV2 "random_normal"
# itself (n elements). MatMul exact 25*9*(2*16-1) = 6975, TF 2*16*25*9 = 7200, MACC 25*9*16 = 3600.

def test_op_view_seed():
    v = op_view(prof("seed.pb"))
    assert v.sort == "flops"
    rows = {o.op: o for o in v.rows}
    assert [o.op for o in v.rows[:3]] == ["MatMul", "AddV2", "Mul"]
    assert (rows["MatMul"].count, rows["MatMul"].metrics.flops, rows["MatMul"].metrics.tf_flops,
            rows["MatMul"].metrics.maccs) == (1, 6975, 7200, 3600)
    # AddV2: 25*16 + 16*9 + 9 (the three random_normal adds) + 25*9 (the bias add) = 778
    assert (rows["AddV2"].count, rows["AddV2"].metrics.flops) == (4, 778)
    # Mul: 25*16 + 16*9 + 9 = 553
    assert (rows["Mul"].count, rows["Mul"].metrics.flops) == (3, 553)
    # params sit on the VarHandleOps: 400 + 144 + 9 = 553
    assert rows["VarHandleOp"].metrics.params == 553
    # 6975 / (6975 + 778 + 553) = 6975 / 8306
    assert rows["MatMul"].share == pytest.approx(6975 / 8306)


def test_op_view_top_folds_the_rest():
    v = op_view(prof("seed.pb"), top=2, sort="tf_flops")
    assert [o.op for o in v.rows] == ["MatMul", "AddV2"]
    # the other 8 op types: 36 - 1 - 4 = 31 nodes, Mul 553 tf_flops, 553 params
    assert (v.other.count, v.other.nodes, v.other.metrics.tf_flops, v.other.metrics.params) == \
        (8, 31, 553, 553)
    assert v.other_share == pytest.approx(553 / 8531)


def test_node_view_top_and_sort():
    r = prof("seed.pb")
    v = node_view(r, top=4)
    assert [n.name for n in v.rows] == ["MatMul", "random_normal/mul", "random_normal", "add"]
    # the rest: 144 + 144 + 9 + 9 = 306 flops from the other random_normal scopes; params 553
    assert (v.other.count, v.other.metrics.flops, v.other.metrics.params) == (32, 306, 553)
    v = node_view(r, sort="params")
    assert [n.name for n in v.rows[:3]] == ["X", "W", "b"]
    assert node_view(r).rows == r.nodes   # file order by default


def test_scope_view_self_and_cumulative():
    rows = {s.path: s for s in scope_view(prof("seed.pb")).rows}
    rn = rows["random_normal"]
    # the node "random_normal" (AddV2, 25*16 = 400) is also the scope of random_normal/mul (400)
    assert (rn.op, rn.self_metrics.flops, rn.cum.flops, rn.nodes) == ("AddV2", 400, 800, 6)
    assert rows["random_normal/mul"].depth == 1
    # X: VarHandleOp of 25*16 = 400 params, with Assign, IsInitialized/..., Read/... below it
    assert (rows["X"].cum.params, rows["X"].nodes) == (400, 4)
    assert rows["X/Read"].op is None and rows["X/Read/ReadVariableOp"].depth == 2
    # pre-order: each scope's children follow it
    paths = [s.path for s in scope_view(prof("seed.pb")).rows]
    assert paths.index("random_normal/mul") == paths.index("random_normal") + 5


def test_scope_view_depth_and_top():
    v = scope_view(prof("seed.pb"), depth=1, top=2, sort="flops")
    assert [(s.label, s.folded, s.other) for s in v.rows] == \
        [("MatMul", True, 0), ("random_normal", True, 0), ("(7 more scopes)", False, 7)]
    # a folded scope carries its subtree as self: 400 + 400
    assert v.rows[1].self_metrics.flops == 800
    # the rest: 8306 - 6975 - 800 = 531 flops, all 553 params
    assert (v.rows[2].cum.flops, v.rows[2].cum.params) == (531, 553)


def test_bad_view_options():
    with pytest.raises(ValueError):
        op_view(prof("seed.pb"), sort="weights")
    with pytest.raises(ValueError):
        scope_view(prof("seed.pb"), depth=0)


# ---- the sum invariant, every view x format ---------------------------------------------------

ALL_GRAPHS = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".pb", ".pbtxt")
                    and not p.name.endswith(".tfprof.pb"))
# the full view x option x format matrix runs on the seed graphs and real networks when committed
GRAPHS = [g for g in ("seed.pb", "seed_frozen.pb", "keras_mobilenetv2_b1.pb",
                      "keras_inceptionv3_b1.pb") if (FIXTURES / g).exists()]
OPTIONS = {"node": [{}, {"top": 3}, {"sort": "maccs", "top": 5}],
           "op": [{}, {"top": 2, "sort": "params"}],
           "scope": [{}, {"depth": 2}, {"top": 2, "sort": "tf_flops"}, {"depth": 1, "top": 3}]}
CASES = [(view, opts) for view, opt_list in OPTIONS.items() for opts in opt_list]


def totals(report):
    return [getattr(report.totals, m) for m in METRICS]


def _int(text):
    return int(text.replace(",", "").replace("{}", "").strip())


def check_rows(rows, total, expected, what):
    """rows: lists of per-metric ints; total: the printed total; expected: the report's totals."""
    sums = [sum(r[i] for r in rows) for i in range(len(METRICS))]
    assert total == expected, f"{what}: printed total {total} != report totals {expected}"
    assert sums == total, f"{what}: rows sum to {sums}, total row says {total}"


def metric_cols(header, by):
    """Indices of the numbers that must sum: the metrics, or the self metrics for the tree."""
    names = [f"self {m}" if by == "scope" else m for m in METRICS]
    return [header.index(n) for n in names]


def parse_table(text):
    lines = text.splitlines()
    rules = [i for i, ln in enumerate(lines) if ln and set(ln) <= {"-", " "}]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[rules[0]])]

    def cut(ln):
        return [ln[a:b + 1].strip() if k < len(spans) - 1 else ln[a:].strip()
                for k, (a, b) in enumerate(spans)]
    header = cut(lines[rules[0] - 1])
    body = [cut(ln) for ln in lines[rules[0] + 1:rules[1]]]
    return header, body, cut(lines[rules[1] + 1])


def parse_markdown(text):
    rows = [ln for ln in text.splitlines() if ln.startswith("| ")]
    split = [[c.strip().replace("**", "").replace("\\_", "_") for c in ln[2:-2].split(" | ")]
             for ln in rows]
    return split[0], split[1:-1], split[-1]


def parse_latex(text):
    lines = text.splitlines()
    a, b = lines.index(r"\midrule"), len(lines) - 1 - lines[::-1].index(r"\midrule")

    def cells(ln):
        ln = ln.removesuffix(r" \\")
        return [re.sub(r"\\textbf\{(.*)\}", r"\1", c).replace(r"\_", "_") for c in ln.split(" & ")]
    return cells(lines[a - 1]), [cells(ln) for ln in lines[a + 1:b]], cells(lines[b + 1])


@pytest.mark.parametrize("fmt", ["table", "markdown", "latex"])
@pytest.mark.parametrize("view,opts", CASES)
@pytest.mark.parametrize("graph", GRAPHS)
def test_sum_invariant_text(graph, view, opts, fmt):
    r = prof(graph)
    out = RENDERERS[fmt](r, by=view, exact=True, **opts)
    header, body, total = {"table": parse_table, "markdown": parse_markdown,
                           "latex": parse_latex}[fmt](out)
    cols = metric_cols(header, view)
    check_rows([[_int(row[i]) for i in cols] for row in body], [_int(total[i]) for i in cols],
               totals(r), f"{graph} {view} {opts} {fmt}")
    if not opts.get("top") and view != "scope":
        assert len(body) == (len(r.nodes) if view == "node" else len(r.by_op))


@pytest.mark.parametrize("view,opts", CASES)
@pytest.mark.parametrize("graph", GRAPHS)
def test_sum_invariant_csv(graph, view, opts):
    r = prof(graph)
    rows = list(csv.reader(io.StringIO(RENDERERS["csv"](r, by=view, **opts))))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert total[0] == "TOTAL"
    cols = [header.index(("self_" if view == "scope" else "") + m) for m in METRICS]
    check_rows([[int(row[i]) for i in cols] for row in body], [int(total[i]) for i in cols],
               totals(r), f"{graph} {view} {opts} csv")


def _walk(entries):
    for e in entries:
        yield e
        yield from _walk(e["children"])


@pytest.mark.parametrize("view,opts", CASES)
@pytest.mark.parametrize("graph", GRAPHS)
def test_sum_invariant_json(graph, view, opts):
    r = prof(graph)
    d = json.loads(RENDERERS["json"](r, by=view, **opts))
    expected = totals(r)
    assert [d["totals"][m] for m in METRICS] == expected
    assert sum(o["count"] for o in d["by_op"].values()) == len(r.nodes)
    if view == "node":
        assert list(d) == ["source", "format", "totals", "nodes", "by_op", "unsupported", "warnings"]
        rows = [[n[m] for m in METRICS] for n in d["nodes"]]
    elif view == "op":
        rows = [[o[m] for m in METRICS] for o in d["ops"]]
        if d["other"]:
            rows.append([d["other"][m] for m in METRICS])
        if expected[METRICS.index(d["sort"])]:
            shares = sum(o["share"] for o in d["ops"]) + (d["other"] or {}).get("share", 0)
            assert shares == pytest.approx(1.0)
    else:
        entries = list(_walk(d["scopes"]))
        rows = [[e["self"][m] for m in METRICS] for e in entries]
        check_rows([[e["cum"][m] for m in METRICS] for e in d["scopes"]], expected, expected,
                   f"{graph} scope roots")
        for e in entries:   # cumulative = self + the children's cumulative
            if e["children"]:
                assert [e["cum"][m] for m in METRICS] == [
                    e["self"][m] + sum(c["cum"][m] for c in e["children"]) for m in METRICS]
        assert sum(e["nodes"] for e in d["scopes"]) == len(r.nodes)
    check_rows(rows, expected, expected, f"{graph} {view} {opts} json")


@pytest.mark.parametrize("view", ["node", "op"])
@pytest.mark.parametrize("graph", GRAPHS)
def test_sum_invariant_html(graph, view):
    r = prof(graph)
    html = RENDERERS["html"](r, by=view)
    data = json.loads(re.search(r'id="macc-data">(.*?)</script>', html, re.S).group(1))
    for table in ("ops", "nodes"):
        t = data[table]
        idx = [[c["h"] for c in t["cols"]].index(m) for m in METRICS]
        check_rows([[row[i] for i in idx] for row in t["rows"]], [t["total"][i] for i in idx],
                   totals(r), f"{graph} html {table}")


@pytest.mark.parametrize("graph", ALL_GRAPHS)
def test_sum_invariant_every_fixture(graph):
    """Every committed graph: each view's JSON rows (self rows for the tree) sum to the totals."""
    r = prof(graph)
    expected = totals(r)
    check_rows([[getattr(n, m) for m in METRICS] for n in r.nodes], expected, expected, graph)
    v = op_view(r)
    check_rows([[o.metrics.get(m) for m in METRICS] for o in v.rows], expected, expected, graph)
    s = scope_view(r)
    check_rows([[x.self_metrics.get(m) for m in METRICS] for x in s.rows], expected, expected, graph)
    check_rows([[x.cum.get(m) for m in METRICS] for x in s.rows if x.depth == 0], expected,
               expected, graph)
