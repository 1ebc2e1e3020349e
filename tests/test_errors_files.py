"""Whole files: truncated, random, mistyped messages, bad specs; and the CLI's exit codes.

Bad input -> exit 1 and exactly one stderr line ``macc: error: <file>: ...``; bad usage -> exit 2.
An unknown ``--input`` name is bad usage (exit 2): the file is fine, the option names a node it
does not have.
"""

import pathlib
import subprocess
import sys

import pytest
from gdbuild import new, placeholder, write

import macc
from macc import cli
from macc.proto import meta_graph_pb2, saved_model_pb2, tensor_pb2

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
EXAMPLES = pathlib.Path(macc.__file__).parent / "examples"
NOT_A_GRAPH = "is not a GraphDef, MetaGraphDef or SavedModel ({n} bytes that do not parse as any " \
              "of them; truncated, corrupt, or nested deeper than protobuf's limit of 100?)"


def cli_run(*argv, capsys):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def error_line(path, **kw):
    with pytest.raises(macc.MaccError) as info:
        macc.profile(str(path), **kw)
    return str(info.value)


def test_truncated_fixture(tmp_path):
    data = (FIXTURES / "seed.pb").read_bytes()
    p = tmp_path / "cut.pb"
    p.write_bytes(data[:1000])
    assert error_line(p) == f"{p}: " + NOT_A_GRAPH.format(n=1000)


def test_truncated_metagraph(tmp_path):
    data = (FIXTURES / "seed.meta").read_bytes()
    p = tmp_path / "cut.meta"
    p.write_bytes(data[: len(data) // 2])
    assert error_line(p) == f"{p}: " + NOT_A_GRAPH.format(n=len(data) // 2)


def test_tensor_proto_is_not_a_graph(tmp_path):
    t = tensor_pb2.TensorProto(dtype=1)
    t.tensor_shape.dim.add(size=3)
    t.float_val.extend([1, 2, 3])
    p = tmp_path / "tensor.pb"
    p.write_bytes(t.SerializeToString())
    assert error_line(p) == f"{p}: " + NOT_A_GRAPH.format(n=len(t.SerializeToString()))


def test_profiler_output_is_not_a_graph():
    p = FIXTURES / "seed.tfprof.pb"  # a tfprof GraphNodeProto, not a graph
    assert error_line(p) == f"{p}: " + NOT_A_GRAPH.format(n=p.stat().st_size)


def test_saved_model_bytes_given_as_a_file(tmp_path):
    # a SavedModel's saved_model.pb under another name: read as the SavedModel it is
    p = tmp_path / "model.pb"
    p.write_bytes((FIXTURES / "savedmodels" / "branchy" / "saved_model.pb").read_bytes())
    r = macc.profile(str(p))
    assert r.format == "savedmodel"
    assert r.totals.flops == macc.profile(str(FIXTURES / "savedmodels" / "branchy")).totals.flops


def test_metagraph_given_where_a_graphdef_is_expected(tmp_path):
    p = tmp_path / "graph.pb"
    p.write_bytes((FIXTURES / "seed.meta").read_bytes())
    r = macc.profile(str(p))
    assert r.format == "metagraph"


def test_empty_saved_model(tmp_path):
    d = tmp_path / "sm"
    d.mkdir()
    # a schema version and no MetaGraphDef (an empty message is a zero-byte file: "empty file")
    sm = saved_model_pb2.SavedModel(saved_model_schema_version=1)
    (d / "saved_model.pb").write_bytes(sm.SerializeToString())
    assert error_line(d) == f"{d / 'saved_model.pb'}: is a SavedModel without any MetaGraphDef"


def test_corrupt_saved_model(tmp_path):
    d = tmp_path / "sm"
    d.mkdir()
    (d / "saved_model.pb").write_bytes(b"garbage\x00\x01")
    assert error_line(d) == \
        f"{d / 'saved_model.pb'}: is not a valid SavedModel (saved_model.pb does not parse)"


def test_metagraph_without_graph(tmp_path):
    mg = meta_graph_pb2.MetaGraphDef()
    mg.meta_info_def.tags.append("serve")
    p = tmp_path / "empty.meta"
    p.write_bytes(mg.SerializeToString())
    assert error_line(p) == f"{p}: " + NOT_A_GRAPH.format(n=len(mg.SerializeToString()))


def test_directory_without_saved_model(tmp_path):
    assert error_line(tmp_path) == \
        f"{tmp_path}: is a directory without saved_model.pb (not a SavedModel)"


@pytest.mark.parametrize("text,detail", [
    ('node { name: "a" op: Const }\n',
     "1:22 : 'node { name: \"a\" op: Const }': Expected string but found: 'Const'"),
    ('node { name: "a" op: "Placeholder" }\nnode { nme: "b" }\n',
     '2:8 : Message type "macc_tf.NodeDef" has no field named "nme".'),
    ("hello world\n", '1:1 : Message type "macc_tf.GraphDef" has no field named "hello".'),
])
def test_pbtxt_syntax_errors(tmp_path, text, detail):
    p = tmp_path / "bad.pbtxt"
    p.write_text(text)
    assert error_line(p) == f"{p}: is not a valid text GraphDef: {detail}"


def test_pbtxt_cut_off(tmp_path):
    # the seed's text GraphDef cut after 300 bytes, inside an attr's value { ... }: the parser
    # runs out of text on the last line, which the message says
    p = tmp_path / "cut.pbtxt"
    p.write_bytes((EXAMPLES / "seed.pbtxt").read_bytes()[:300])
    line = error_line(p)
    assert line.startswith(f"{p}: is not a valid text GraphDef: ends inside an unclosed message "
                           "(truncated?): ")
    assert line.endswith('Expected "}".')


# --- layer specs -----------------------------------------------------------------------------


@pytest.mark.parametrize("spec,detail", [
    ('{"input": [1, 8], "layers": [{"type": "Dense", "units": -3}]}',
     "layer '#0' (Dense): field 'units': Input should be greater than 0"),
    ('{"input": [1, 8], "layers": [{"type": "Warp"}]}', "layer '#0' (Warp): unknown layer type 'Warp'"),
    ('{"layers": [', "not valid JSON (line 1, column 13: Expecting value)"),
])
def test_invalid_layer_spec(tmp_path, capsys, spec, detail):
    p = tmp_path / "spec.json"
    p.write_text(spec)
    code, out, err = cli_run("layers", str(p), capsys=capsys)
    assert (code, out, err) == (1, "", f"macc: error: {p}: {detail}\n")


# --- the CLI: exit codes and one stderr line -------------------------------------------------


def test_cli_bad_graph_exit_1(tmp_path, capsys):
    gd = new()
    placeholder(gd, "x", [1, -7])
    path = write(tmp_path, gd)
    code, out, err = cli_run("profile", path, capsys=capsys)
    assert (code, out) == (1, "")
    assert err == (f"macc: error: {path}: node 'x' (Placeholder): shape [1, -7] has a negative dim "
                   "other than -1 (unknown)\n")


def test_cli_unknown_input_name_is_usage_exit_2(tmp_path, capsys):
    gd = new()
    placeholder(gd, "x", [-1, 3])
    path = write(tmp_path, gd)
    code, out, err = cli_run("profile", path, "--input", "nope=1,3", capsys=capsys)
    assert (code, out) == (2, "")
    assert err == f"macc: error: {path}: input 'nope' is not a node of the graph (placeholders: x)\n"


@pytest.mark.parametrize("argv", [["profile"], ["profile", "x.pb", "--batch", "0"],
                                  ["profile", "x.pb", "--input", "x=1,a"], ["nosuchcommand"],
                                  ["profile", "x.pb", "--format", "nope"]])
def test_cli_bad_usage_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.splitlines()[-1].startswith("macc")


def test_cli_internal_error_is_one_line(tmp_path, capsys, monkeypatch):
    # a bug anywhere (here: a renderer raising) still ends as one line and exit 1
    import macc.commands.profile as prof

    def boom(args):
        raise RuntimeError("renderer exploded\nsecond line")
    monkeypatch.setattr(prof, "run", boom)
    monkeypatch.delenv("MACC_DEBUG", raising=False)
    code, out, err = cli_run("profile", "x.pb", capsys=capsys)
    assert (code, out) == (1, "")
    assert err == ("macc: error: internal error (RuntimeError: renderer exploded second line); "
                   "please report it (MACC_DEBUG=1 shows the traceback)\n")


def test_cli_subprocess_random_bytes_no_traceback(tmp_path):
    p = tmp_path / "noise.pb"
    p.write_bytes(bytes((i * 97 + 13) % 256 for i in range(5000)))
    r = subprocess.run([sys.executable, "-m", "macc", "profile", str(p)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"macc: error: {p}: ")
