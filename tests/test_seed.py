"""The seed example of the brief, end to end through the Python API and the CLI."""

import json
import subprocess
import sys

import pytest

import macc
from conftest import FIXTURES


def prof(name, **kw):
    return macc.profile(str(FIXTURES / name), **kw)


def test_seed_with_initializers():
    r = prof("seed.pb")
    # MatMul 2*16*25*9 = 7200; add 25*9 = 225; initializers 2*(400+144+9) = 1106 -> 8531
    assert r.totals.tf_flops == 8531
    # params: X 25*16 + W 16*9 + b 9 = 553
    assert r.totals.params == 553
    # exact: MatMul 25*9*(2*16-1) = 6975; add 225; initializers 1106 -> 8306
    assert r.totals.flops == 8306
    # MACC: 25*9*16 = 3600
    assert r.totals.maccs == 3600
    assert r.format == "graphdef"


@pytest.mark.parametrize("name,fmt", [("seed_frozen.pb", "graphdef"),
                                      ("seed_frozen_text.pbtxt", "graphdef-text")])
def test_seed_frozen(name, fmt):
    r = prof(name)
    assert r.format == fmt
    # 25*9*2*16 + 25*9 = 7425
    assert r.totals.tf_flops == 7425
    # 25*9*(2*16-1) + 25*9 = 7200
    assert r.totals.flops == 7200
    # 25*9*16 = 3600
    assert r.totals.maccs == 3600
    # a frozen graph has no variables: params 0; its constants X, W, b hold 400+144+9 = 553
    assert r.totals.params == 0
    assert r.totals.weights == 553
    matmul = next(n for n in r.nodes if n.op == "MatMul")
    assert (matmul.flops, matmul.tf_flops, matmul.maccs) == (6975, 7200, 3600)
    assert matmul.formula == "25·9·(2·16−1)"
    assert matmul.output_shapes == [[25, 9]]


def test_seed_without_bias():
    # b is created (its initializer counts: 2*9) but not added
    # 7200 + 2*(400+144+9) = 8306
    assert prof("seed_nobias.pb").totals.tf_flops == 8306
    r = prof("seed_nobias_frozen.pb")
    # frozen: only the MatMul: 2*16*25*9 = 7200, exact 25*9*(2*16-1) = 6975
    assert (r.totals.tf_flops, r.totals.flops, r.totals.maccs) == (7200, 6975, 3600)


def test_rows_sum_to_totals():
    r = prof("seed.pb")
    for col in ("flops", "tf_flops", "maccs", "params"):
        assert sum(getattr(n, col) for n in r.nodes) == getattr(r.totals, col)
    assert sum(s.count for s in r.by_op.values()) == len(r.nodes)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "macc", *args], capture_output=True, text=True,
                          timeout=60)


def test_cli_json_contract():
    p = run_cli("profile", str(FIXTURES / "seed_frozen.pb"), "--format", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert list(d) == ["source", "format", "totals", "nodes", "by_op", "unsupported", "warnings"]
    assert d["totals"] == {"flops": 7200, "tf_flops": 7425, "maccs": 3600, "params": 0,
                           "weights": 553}
    assert set(d["nodes"][0]) == {"name", "op", "output_shapes", "flops", "tf_flops", "maccs",
                                  "params", "status", "formula"}
    # MatMul 7200 + add 225
    assert d["by_op"]["MatMul"] == {"count": 1, "flops": 6975, "tf_flops": 7200, "maccs": 3600}
    assert d["unsupported"] == {}


def test_cli_table():
    p = run_cli("profile", str(FIXTURES / "seed_frozen.pb"))
    assert p.returncode == 0, p.stderr
    # the terminal shows human-friendly numbers: 7425 -> 7.43 k; --exact shows 7,425
    assert "7.43 k" in p.stdout and "25·9·(2·16−1)" in p.stdout
    p = run_cli("profile", str(FIXTURES / "seed_frozen.pb"), "--exact")
    assert p.returncode == 0, p.stderr
    assert "7,425" in p.stdout


def test_no_tensorflow_imported():
    code = "import macc, sys; macc.profile(sys.argv[1]); assert 'tensorflow' not in sys.modules"
    p = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "seed.pb")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


def test_model_in_memory():
    """The model as bytes or as a protobuf message (TF's own GraphDef works the same way: read by
    its SerializeToString, never through TensorFlow)."""
    from macc.proto import graph_pb2
    data = (FIXTURES / "seed_frozen.pb").read_bytes()
    msg = graph_pb2.GraphDef.FromString(data)
    text = (FIXTURES / "seed_frozen_text.pbtxt").read_bytes()
    for model, source, fmt in ((data, "<bytes>", "graphdef"), (msg, "<GraphDef>", "graphdef"),
                               (bytearray(text), "<bytes>", "graphdef-text")):
        r = macc.profile(model)
        # the frozen seed: 7200 / 7425 / 3600 as from its file (test_seed_frozen)
        assert (r.totals.flops, r.totals.tf_flops, r.totals.maccs) == (7200, 7425, 3600)
        assert (r.source, r.format) == (source, fmt)
    with pytest.raises(macc.MaccError, match="cannot read a model from int"):
        macc.profile(42)
    with pytest.raises(macc.MaccError, match=r"^<bytes>: is not a GraphDef"):
        macc.profile(b"\x08\x96\x01 not a graph")


def test_bundled_examples_are_the_fixtures_the_readme_describes():
    # README: seed.pb totals 8,306 / 8,531 / 3,600, params 553; seed_frozen.pb 7,200 / 7,425 /
    # 3,600, params 0, weights 553 (the fixtures' numbers, derived above and by TF's profiler)
    examples = FIXTURES.parent.parent / "macc" / "examples"
    for name in ("seed.pb", "seed_frozen.pb"):
        assert (examples / name).read_bytes() == (FIXTURES / name).read_bytes()
    readme = (FIXTURES.parent.parent / "README.md").read_text()
    assert "flops 8,306, tf_flops 8,531" in readme and "params 553" in readme
    assert "`macc/examples/seed_frozen.pb`" in readme and "7,200 / 7,425 / 3,600" in readme
