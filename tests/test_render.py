"""Renderers: human numbers, escaping, the JSON shapes of the op and scope views, the footer, the
self-contained HTML page and the CLI flags."""

import json
import re
import subprocess
import sys

import pytest

import macc
from conftest import FIXTURES
from macc.render import RENDERERS
from macc.render.latex import latex_escape
from macc.render.numbers import human, percent
from macc.render.treemap import squarify, treemap_cells
from macc.report import NodeRow, Report, Totals


@pytest.mark.parametrize("n,text", [
    (0, "0"), (999, "999"), (1000, "1.00 k"),
    (7425, "7.43 k"),               # 7.425 rounds half up (integer arithmetic, no float 7.4249...)
    (9995, "10.0 k"), (99_950, "100 k"), (999_499, "999 k"),
    (999_500, "1.00 M"),            # not "1000 k"
    (21_274_624, "21.3 M"), (4_090_000_000, "4.09 G"), (5_710_000_000_000, "5.71 T"),
])
def test_human(n, text):
    assert human(n) == text


def test_percent():
    assert percent(6975 / 8306) == "84.0 %"    # 0.83975...
    assert percent(0.0001) == "<0.1 %"
    assert percent(0) == "0 %"


def test_latex_escape():
    assert latex_escape("a_b%c&d#e") == r"a\_b\%c\&d\#e"
    assert latex_escape("25·9·(2·16−1)") == r"25$\cdot$9$\cdot$(2$\cdot$16$-$1)"


def seed():
    return macc.profile(str(FIXTURES / "seed.pb"))


def made_report(nodes, unsupported=None, warnings=()):
    rows = [NodeRow(**n) for n in nodes]
    t = Totals(**{m: sum(getattr(r, m) for r in rows) for m in ("flops", "tf_flops", "maccs",
                                                                 "params")})
    by_op = {}
    for r in rows:
        s = by_op.setdefault(r.op, {"count": 0, "flops": 0, "tf_flops": 0, "maccs": 0})
        s["count"] += 1
        for m in ("flops", "tf_flops", "maccs"):
            s[m] += getattr(r, m)
    return Report(source="made.pb", format="graphdef", totals=t, nodes=rows, by_op=by_op,
                  unsupported=unsupported or {}, warnings=list(warnings))


def test_footer_names_unsupported_and_skipped():
    r = made_report([
        {"name": "a/mm", "op": "MatMul", "flops": 7200, "tf_flops": 7425, "maccs": 3600},
        {"name": "a/weird", "op": "FancyOp", "status": "unsupported"},
        {"name": "b/x1", "op": "Conv2D", "status": "unknown_shape"},
        {"name": "b/x2", "op": "Conv2D", "status": "unknown_shape"},
    ], unsupported={"FancyOp": 1}, warnings=["1 node of unsupported ops counted as 0: FancyOp ×1",
                                             "something else"])
    out = r.to_table()
    assert "unsupported ops (counted as 0): FancyOp ×1" in out
    assert "skipped nodes (unknown shapes, counted as 0): 2: b/x1, b/x2" in out
    assert "warning: something else" in out
    assert "nodes of unsupported ops" not in out    # said once, not twice
    assert "7.20 k" in out and "7,200" in r.to_table(exact=True)


def test_json_op_view_shape():
    d = json.loads(RENDERERS["json"](seed(), by="op", top=2))
    assert list(d) == ["source", "format", "view", "sort", "totals", "by_op", "ops", "other",
                       "unsupported", "warnings"]
    assert d["view"] == "op" and d["sort"] == "flops"
    # MatMul 25*9*(2*16-1) = 6975 exact, 2*16*25*9 = 7200 TF, 25*9*16 = 3600 MACC
    assert d["ops"][0] == {"op": "MatMul", "count": 1, "flops": 6975, "tf_flops": 7200,
                           "maccs": 3600, "params": 0, "share": 6975 / 8306}
    assert d["other"]["op_types"] == 8 and d["other"]["count"] == 31


def test_json_scope_view_shape():
    d = json.loads(RENDERERS["json"](seed(), by="scope", depth=2))
    assert list(d) == ["source", "format", "view", "sort", "depth", "top", "totals", "by_op",
                       "scopes", "unsupported", "warnings"]
    rn = next(s for s in d["scopes"] if s["name"] == "random_normal")
    # the AddV2 node "random_normal" (25*16 = 400) is also the scope of random_normal/mul (400)
    assert (rn["op"], rn["kind"], rn["self"]["flops"], rn["cum"]["flops"], rn["nodes"]) == \
        ("AddV2", "node", 400, 800, 6)
    assert [c["name"] for c in rn["children"]] == ["shape", "mean", "stddev",
                                                   "RandomStandardNormal", "mul"]
    x = next(s for s in d["scopes"] if s["name"] == "X")
    read = next(c for c in x["children"] if c["name"] == "Read")
    # depth 2 cuts X/Read: it carries X/Read/ReadVariableOp as its own
    assert (read["kind"], read["op"], read["children"]) == ("folded", None, [])


def test_markdown_and_latex_tree_indent():
    md = RENDERERS["markdown"](seed(), by="scope")
    assert "| \u00a0\u00a0mul | Mul | 1 | 400 |" in md
    tex = RENDERERS["latex"](seed(), by="scope")
    assert r"\hspace{1em}mul & Mul & 1 & 400 &" in tex
    assert tex.count(r"\begin{tabular}") == 1 and r"\bottomrule" in tex


def test_html_self_contained_and_escaped():
    r = made_report([
        {"name": "s/</script><img src=x>", "op": "MatMul", "flops": 7200, "tf_flops": 7425,
         "maccs": 3600},
        {"name": "s/add", "op": "AddV2", "flops": 225, "tf_flops": 225},
    ])
    html = RENDERERS["html"](r)
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert "<img" not in html
    data_text = re.search(r'id="macc-data">(.*?)</script>', html, re.S).group(1)
    page = html.replace(data_text, "").replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"(src|href)\s*=|https?://|@import|<link", page)   # nothing to fetch
    assert "<svg" in html and "7.43 k" in html
    data = json.loads(data_text)
    assert data["nodes"]["rows"][0][0] == "s/</script><img src=x>"


def test_treemap_opens_the_dominant_scope_and_tiles_the_box():
    r = made_report([
        {"name": "net/conv1/op", "op": "Conv2D", "flops": 600},
        {"name": "net/conv2/op", "op": "Conv2D", "flops": 300},
        {"name": "net/bn/mul", "op": "Mul", "flops": 60},
        {"name": "net/bn/add", "op": "AddV2", "flops": 40},
    ])
    cells, prefix = treemap_cells(r, "flops")
    # "net" holds everything: it opens into its three layers; "conv1/op" stays "conv1"
    assert prefix == "net/"
    assert [(c.label, c.value, c.op) for c in cells] == [
        ("conv1", 600, "Conv2D"), ("conv2", 300, "Conv2D"), ("bn", 100, "Mul")]
    squarify(cells, 0, 0, 100, 50)
    assert sum(c.rect[2] * c.rect[3] for c in cells) == pytest.approx(100 * 50)
    # areas proportional to values: conv1 holds 600/1000 of the box
    assert cells[0].rect[2] * cells[0].rect[3] == pytest.approx(0.6 * 5000)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "macc", *args], capture_output=True, text=True,
                          timeout=60)


def test_cli_views():
    path = str(FIXTURES / "seed.pb")
    p = run_cli("profile", path, "--by", "op", "--format", "json", "--sort", "maccs", "--top", "1")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["sort"] == "maccs" and [o["op"] for o in d["ops"]] == ["MatMul"]
    p = run_cli("profile", path, "--by", "scope", "--depth", "1", "--exact")
    assert p.returncode == 0, p.stderr
    # random_normal folded: 25*16 (mul) + 25*16 (add) = 800
    assert re.search(r"^random_normal/…\s+AddV2\s+6\s+800\b", p.stdout, re.M)
    p = run_cli("profile", path, "--format", "html")
    assert p.returncode == 0 and p.stdout.startswith("<!doctype html>")
    assert run_cli("profile", path, "--sort", "weights").returncode == 2
    assert run_cli("profile", path, "--by", "scope", "--depth", "0").returncode == 2
    p = run_cli("profile", path, "--depth", "2")
    assert p.returncode == 2 and "--depth applies to --by scope" in p.stderr
