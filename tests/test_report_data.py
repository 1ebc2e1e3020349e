"""The CLI's JSON path writes the plain ReportData (no pydantic): the same bytes as the Report."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import macc
from conftest import FIXTURES
from macc.api import profile_data
from macc.render import render_json
from macc.render.jsonfmt import render_json_chunks
from macc.report import OpSummary, Report, Totals
from macc.report.data import OP_FIELDS, REPORT_FIELDS, TOTALS_FIELDS

FILES = sorted(p.name[: -len(".tfprof.json")] + ".pb" for p in FIXTURES.glob("*.tfprof.json")
               if (FIXTURES / (p.name[: -len(".tfprof.json")] + ".pb")).exists())[:12]
FILES.append("seed_frozen_text.pbtxt")


def test_field_orders_match_models():
    assert REPORT_FIELDS == tuple(Report.model_fields)
    assert TOTALS_FIELDS == tuple(Totals.model_fields)
    assert OP_FIELDS == tuple(OpSummary.model_fields)


@pytest.mark.parametrize("name", FILES)
def test_data_json_equals_report_json(name):
    path = str(FIXTURES / name)
    data = profile_data(path)
    report = macc.profile(path)
    for indent in (2, None):
        text = render_json(data, indent=indent)
        assert text == render_json(report, indent=indent)
        assert text == json.dumps(report.model_dump(mode="json"), indent=indent,
                                  ensure_ascii=False)
        # what the CLI writes: the same text as UTF-8 chunks (never joined there)
        assert b"".join(render_json_chunks(data, indent=indent)) == text.encode()
    for by in ("op", "scope"):
        assert b"".join(render_json_chunks(data, by=by)) == render_json(report, by=by).encode()
    assert data.to_report() == report


def test_unsupported_and_warnings_carried():
    # a graph with an unsupported op: the warning and the per-op dict reach the JSON
    path = str(FIXTURES / "seed_frozen.pb")
    data = profile_data(path)
    data.unsupported["Foo"] = 2
    data.warnings.append("w ü")
    data.by_op["Foo"] = [2, 0, 0, 0]
    d = json.loads(render_json(data))
    assert d["unsupported"] == {"Foo": 2}
    assert d["warnings"][-1] == "w ü"
    assert d["by_op"]["Foo"] == {"count": 2, "flops": 0, "tf_flops": 0, "maccs": 0}
    assert render_json(data) == render_json(data.to_report())


def test_cli_json_never_imports_pydantic():
    code = ("import sys; from macc.cli import main; "
            f"main(['profile', {str(FIXTURES / 'seed_frozen.pb')!r}, '--format', 'json']); "
            "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pydantic', 'pydantic_core'))))")
    root = Path(macc.__file__).resolve().parent.parent
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       cwd=root)
    assert r.stderr == "[]"
    assert json.loads(r.stdout)["totals"] == macc.profile(
        str(FIXTURES / "seed_frozen.pb")).totals.model_dump()


def test_cli_json_is_the_rendered_text(capsysbinary):
    from macc.cli import main
    path = str(FIXTURES / "keras_mobilenetv2_b1.pb")  # formulas with "·" and "−": UTF-8
    assert main(["profile", path, "--format", "json"]) == 0
    out = capsysbinary.readouterr().out
    assert out == (render_json(macc.profile(path)) + "\n").encode()
    assert "−".encode() in out


def test_cli_json_error_while_writing_is_one_line(monkeypatch, capsys):
    # the JSON is made while it is written: a failure then is still the CLI's one-line error
    from macc.cli import main
    from macc.render import jsonfmt

    def broken(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(jsonfmt, "encode_basestring", broken)
    assert main(["profile", str(FIXTURES / "seed_frozen.pb"), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("macc: error: internal error (RuntimeError: boom)")
    assert err.count("\n") == 1
