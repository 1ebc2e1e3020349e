"""``macc check``: TF's profiler output in three forms (written by TF: tools/fixtures/meta.py)
against macc's tf_flops, node by node."""

import json
import sys

import pytest

from conftest import FIXTURES
from macc.check import TFProfile, compare, format_number, read_tfprof
from macc.cli import main
from macc.errors import FormatError
from macc.proto import tfprof_output_pb2

FORMS = ["seed.tfprof.txt", "seed.tfprof.pb", "seed.flops.json", "seed_meta.tfprof.json"]


@pytest.mark.parametrize("graph", ["seed.meta", "seed.pb"])
@pytest.mark.parametrize("tfprof", FORMS)
def test_parity_fixtures_have_no_differences(capsys, graph, tfprof):
    code = main(["check", str(FIXTURES / graph), "--tfprof", str(FIXTURES / tfprof)])
    out = capsys.readouterr().out
    assert code == 0, out
    # 8 nodes with flops: MatMul, add, 3 random_normal and 3 random_normal/mul
    assert "8 nodes compared: no differences" in out


def test_each_form_reads_tfs_numbers():
    text = read_tfprof(str(FIXTURES / "seed.tfprof.txt"))
    proto = read_tfprof(str(FIXTURES / "seed.tfprof.pb"))
    plain = read_tfprof(str(FIXTURES / "seed.flops.json"))
    # the text report prints 7200 as 7.20k and the root's total 8531 as 8.53k
    assert (text.kind, text.nodes["MatMul"], text.total) == ("text", "7.20k", "8.53k")
    assert (proto.kind, proto.nodes["MatMul"], proto.total) == ("graphnodeproto", 7200, 8531)
    assert (plain.kind, plain.total) == ("json", None)
    assert proto.nodes == plain.nodes
    assert set(text.nodes) == set(proto.nodes)


def test_altered_text_names_the_node(tmp_path, capsys):
    altered = (FIXTURES / "seed.tfprof.txt").read_text().replace("add (225/225", "add (226/226")
    p = tmp_path / "altered.txt"
    p.write_text(altered)
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof", str(p)]) == 1
    out = capsys.readouterr().out
    assert "differs: add: macc 225 (225), TF 226" in out
    assert "1 node differs" in out


def test_altered_proto_names_the_node(tmp_path, capsys):
    root = tfprof_output_pb2.GraphNodeProto.FromString((FIXTURES / "seed.tfprof.pb").read_bytes())
    rn = next(c for c in root.children if c.name == "random_normal")
    mul = next(c for c in rn.children if c.name == "random_normal/mul")
    mul.float_ops = 401
    p = tmp_path / "altered.pb"
    p.write_bytes(root.SerializeToString())
    assert main(["check", str(FIXTURES / "seed.pb"), "--tfprof", str(p)]) == 1
    assert "differs: random_normal/mul: macc 400, TF 401" in capsys.readouterr().out


def test_altered_json_extra_node_and_total(tmp_path, capsys):
    rec = json.loads((FIXTURES / "seed_meta.tfprof.json").read_text())
    rec["nodes"]["ghost"] = 5
    rec["total_float_ops"] += 5
    p = tmp_path / "altered.json"
    p.write_text(json.dumps(rec))
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof", str(p)]) == 1
    out = capsys.readouterr().out
    assert "differs: ghost: macc 0, TF 5" in out
    assert "macc 8,531, TF 8,536 (differs)" in out


def test_format_number_is_tfs():
    assert [format_number(n) for n in (0, 999, 1000, 7200, 8531, 1_234_567, 2_500_000_000)] == [
        "0", "999", "1.00k", "7.20k", "8.53k", "1.23m", "2.50b"]


class _Row:
    def __init__(self, name, tf):
        self.name, self.tf_flops = name, tf


class _Report:
    def __init__(self, rows, total):
        self.nodes = rows
        self.totals = type("T", (), {"tf_flops": total})()


def test_text_compares_at_printed_precision():
    prof = TFProfile("text", {"conv": "7.20k"}, "7.20k")
    # 7204 prints as 7.20k: not a difference at the report's precision; 7205 prints 7.21k
    assert compare(_Report([_Row("conv", 7204)], 7204), prof).ok
    res = compare(_Report([_Row("conv", 7215)], 7215), prof)
    assert res.diffs == [("conv", 7215, "7.20k")] and not res.total_ok


def test_run_tf_without_tensorflow(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # import tensorflow -> ImportError
    assert main(["check", str(FIXTURES / "seed.pb"), "--run-tf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("macc: error: --run-tf needs TensorFlow") and err.count("\n") == 1


def test_tfprof_or_run_tf_required(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", str(FIXTURES / "seed.pb")])
    assert e.value.code == 2


@pytest.mark.parametrize("content,match", [
    (b"", "empty file"),
    (b"{\"a\": \"x\"}", "node 'a': flops must be an integer"),
    (b"[1, 2]", "not an object"),
    (b"just words\n", "neither a TF profiler text report"),
])
def test_bad_tfprof_files(tmp_path, content, match):
    p = tmp_path / "bad"
    p.write_bytes(content)
    with pytest.raises(FormatError, match=match):
        read_tfprof(str(p))


def test_bad_tfprof_is_one_line_exit_1(tmp_path, capsys):
    p = tmp_path / "bad.json"
    p.write_text("{nope")
    assert main(["check", str(FIXTURES / "seed.pb"), "--tfprof", str(p)]) == 1
    err = capsys.readouterr().err
    assert "bad.json: is not valid JSON" in err and err.count("\n") == 1


def test_run_tf_refuses_shape_overrides(capsys):
    assert main(["check", str(FIXTURES / "seed.pb"), "--run-tf", "--batch", "2"]) == 2
    assert "--run-tf runs TF on the graph's own shapes" in capsys.readouterr().err


def test_op_view_compares_per_op_type(capsys):
    # TF's op view of the seed MetaGraphDef: MatMul 7.20k (7,200); AddV2 778 = the bias add
    # 25·9 = 225 + the random_normal initializers' adds 25·16 + 16·9 + 9 = 553; Mul 553
    prof = read_tfprof(str(FIXTURES / "seed.tfprof_op.txt"))
    assert (prof.view, prof.nodes, prof.total) == ("op", {"MatMul": "7.20k", "AddV2": "778",
                                                          "Mul": "553"}, None)
    code = main(["check", str(FIXTURES / "seed.meta"), "--tfprof",
                 str(FIXTURES / "seed.tfprof_op.txt")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "3 op types compared: no differences" in out


def test_op_view_names_the_op_type(tmp_path, capsys):
    altered = (FIXTURES / "seed.tfprof_op.txt").read_text().replace("553 float_ops", "554 float_ops")
    p = tmp_path / "op.txt"
    p.write_text(altered)
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof", str(p)]) == 1
    out = capsys.readouterr().out
    assert "differs: Mul: macc 553 (553), TF 554" in out
    assert "1 op type differs" in out


def test_code_view_compares_the_total_only(capsys):
    # its rows are Python source lines (ops.py:1221:from_node_def ...), never node names
    prof = read_tfprof(str(FIXTURES / "seed.tfprof_code.txt"))
    assert (prof.view, prof.nodes, prof.total) == ("code", {}, "8.53k")  # 8531 printed
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof",
                 str(FIXTURES / "seed.tfprof_code.txt")]) == 0
    assert "the total compared: no differences" in capsys.readouterr().out


def test_run_tf_gets_the_signature_tag_and_whole_graph(monkeypatch, capsys):
    # --run-tf must profile what macc counts: the same signature (a SavedModel's frozen, compared
    # per op type), tag and --whole-graph; TF's side is its recorded profile of the frozen
    # signature (tools/fixtures/savedmodel_prune.py), MatMul 224
    import macc.check
    rec = json.loads((FIXTURES / "savedmodels" / "prune_multi_sig_dead.savedmodel.json")
                     .read_text())
    calls = []

    def fake_run_tf(path, **kw):
        calls.append(kw)
        return TFProfile("tensorflow", rec["frozen_by_op"], rec["frozen_total_float_ops"],
                         view="op")

    monkeypatch.setattr(macc.check, "run_tf", fake_run_tf)
    sm = str(FIXTURES / "savedmodels" / "prune_multi_sig")
    assert main(["check", sm, "--signature", "dead", "--tag", "serve", "--run-tf"]) == 0
    out = capsys.readouterr().out
    assert "total tf_flops: macc 224, TF 224 (same)" in out
    assert calls == [{"signature": "dead", "tag": "serve", "whole_graph": False}]
    # the whole graph counts every signature's dead code too (774): TF's frozen 224 differs
    assert main(["check", sm, "--whole-graph", "--run-tf"]) == 1
    assert calls[-1] == {"signature": None, "tag": None, "whole_graph": True}
