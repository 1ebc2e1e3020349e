"""``macc ops``: every registered formula and the zero set, in three formats; the conventions doc
lists every op too."""

import json
import pathlib
import subprocess
import sys

from macc.commands.ops import render
from macc.costs import DOCS, FORMULAS, TF_COUNTED, ZERO_OPS

DOC = pathlib.Path(__file__).parent.parent / "docs" / "conventions.md"


def test_json_lists_every_op():
    d = json.loads(render("json"))
    assert set(d["ops"]) == set(FORMULAS)
    assert set(d["zero"]) == ZERO_OPS
    # the seed's MatMul: exact m·n·(2k−1), MACCs m·n·k
    assert d["ops"]["MatMul"] == {"flops": "m·n·(2k−1)",
                                  "tf_flops": "2·k·N(out), k = in0[0] if transpose_a else in0[1]",
                                  "maccs": "m·n·k"}


def test_markdown_and_table():
    md = render("markdown")
    assert md.count("\n| ") == len(FORMULAS)  # one row per op after the header line
    assert "| Conv2D | N(out)·(2K−1), K = prod(f[:-1]) = k·cin/groups |" in md
    table = render("table")
    assert f"{len(FORMULAS)} ops with formulas; {len(ZERO_OPS)} ops cost 0" in table


def test_cli():
    p = subprocess.run([sys.executable, "-m", "macc", "ops", "--format", "json"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert set(json.loads(p.stdout)["ops"]) == set(DOCS)


def test_conventions_doc_lists_every_op():
    text = DOC.read_text()
    for op in FORMULAS:
        assert f"| {op} |" in text, op
    for op in TF_COUNTED:
        assert f"| {op} |" in text
    for op in ZERO_OPS:
        assert op in text, op
