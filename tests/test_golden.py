"""Golden outputs: the CLI's text for a few graphs in every format and view, compared byte for
byte with tests/golden/. After an intended change of the output, regenerate them with

    MACC_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff (git diff tests/golden) before committing it. The numbers inside are the
same ones other tests derive by hand (seed: 7,200 / 7,425 / 3,600) or take from TF's profiler."""

import os
import pathlib

import pytest

from macc.cli import main

HERE = pathlib.Path(__file__).parent
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("MACC_UPDATE_GOLDEN") == "1"

CASES = {  # golden file stem -> CLI arguments after the graph path
    "table": [],
    "table_exact": ["--exact"],
    "json": ["--format", "json"],
    "csv": ["--format", "csv"],
    "markdown": ["--format", "markdown"],
    "latex": ["--format", "latex"],
    "op_table": ["--by", "op"],
    "op_json": ["--by", "op", "--format", "json"],
    "scope_table": ["--by", "scope", "--depth", "2"],
    "top3_sorted": ["--top", "3", "--sort", "maccs", "--exact"],
}
GRAPHS = {"seed": "seed.pb", "seed_frozen": "seed_frozen.pb",
          "mobilenetv2_b1": "keras_mobilenetv2_b1.pb"}
# every view of the seeds; the summary views of a real network (its per-node texts are big)
PAIRS = [(g, c) for g in ("seed", "seed_frozen") for c in sorted(CASES)] + [
    ("mobilenetv2_b1", c) for c in ("op_table", "op_json", "scope_table", "top3_sorted")]


@pytest.mark.parametrize("graph,case", PAIRS)
def test_cli_output_matches_golden(graph, case, capsysbinary, monkeypatch):
    monkeypatch.chdir(HERE / "fixtures")  # the report's source line is the path as given
    assert main(["profile", GRAPHS[graph], *CASES[case]]) == 0
    out = capsysbinary.readouterr().out
    path = GOLDEN / f"{graph}.{case}.txt"
    if UPDATE:
        path.write_bytes(out)
    assert path.exists(), f"no golden file {path.name}: run with MACC_UPDATE_GOLDEN=1"
    assert out == path.read_bytes(), f"{path.name} differs (MACC_UPDATE_GOLDEN=1 regenerates it)"
