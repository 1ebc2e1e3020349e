"""The CLI's and the Python API's contract under hostile conditions (docs/errors.md): a failed
write of the output, nesting past the recursion limit, FIFOs and huge files, bad ``inputs``/
``batch`` values, nodes without an op, ``--input`` on nodes that are not placeholders, odd
SavedModel directories. Exit 0 success, 1 bad input with one stderr line, 2 bad usage; never a
traceback, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

import macc
from conftest import FIXTURES
from macc import cli
from macc.errors import FormatError, GraphError, UsageError
from macc.load.readfile import read_bytes
from macc.proto import graph_pb2, saved_model_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "macc", "examples", "seed.pb")  # 8,306 flops (README)

PH = ('node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } '
      'attr { key: "shape" value { shape { dim { size: %s } dim { size: 16 } } } } }\n')
W = ('node { name: "w" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: '
     '"value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 16 } dim { size: 9 } } '
     '} } } }\n')
MM = 'node { name: "mm" op: "MatMul" input: "x" input: "w" attr { key: "T" value { type: DT_FLOAT } } }\n'


def run_cli(*argv, capsys):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sh(script: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``script`` in bash from the repository root, with this interpreter as ``$PY``."""
    env = dict(os.environ, PY=sys.executable, PYTHONPATH=ROOT)
    env.pop("MACC_DEBUG", None)
    return subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def mm_graph(tmp_path):
    def make(batch="25"):
        p = tmp_path / f"mm_{batch}.pbtxt"
        p.write_text(PH % batch + W + MM)
        return p
    return make


# --- 1. a failed write of the output ---------------------------------------------------------

def test_failed_writes_are_one_line_exit_1():
    # table, json chunks, layers and ops: no space on /dev/full, and stdout closed
    r = sh('for a in "profile macc/examples/seed.pb" "profile macc/examples/seed.pb --format json" '
           '"layers resnet50" "ops"; do $PY -m macc $a > /dev/full; echo "rc=$?"; done; '
           'for a in "profile macc/examples/seed.pb --format json" "ops"; do $PY -m macc $a >&-; '
           'echo "rc=$?"; done')
    assert r.stdout.split() == ["rc=1"] * 6
    assert r.stderr.splitlines() == (
        ["macc: error: cannot write the output: No space left on device"] * 4
        + ["macc: error: cannot write the output: standard output is closed"] * 2)


def test_reader_going_away_is_quiet_exit_0():
    r = sh('$PY -m macc profile macc/examples/seed.pb --format json | head -1; '
           'echo "rc=${PIPESTATUS[0]}"; $PY -m macc ops | head -1 > /dev/null; '
           'echo "rc=${PIPESTATUS[0]}"')
    assert (r.stdout, r.stderr) == ("{\nrc=0\nrc=0\n", "")


# --- 2. nesting past the recursion limit --------------------------------------------------------

def deep_scope_graph(path, depth: int):
    """A placeholder and one Relu named s0/s1/.../s{depth-1}/relu: a valid graph of two nodes."""
    name = "/".join(f"s{i}" for i in range(depth)) + "/relu"
    path.write_text('node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: '
                    'DT_FLOAT } } attr { key: "shape" value { shape { dim { size: 4 } } } } }\n'
                    f'node {{ name: "{name}" op: "Relu" input: "x" }}\n')
    return path


def test_scope_json_at_any_depth(tmp_path, capsys):
    import json

    from macc.render import RENDERERS, jsontext
    from macc.render.jsonfmt import report_dict
    p = deep_scope_graph(tmp_path / "deep.pbtxt", 600)  # the reviewer's depth
    code, out, err = run_cli("profile", p, "--by", "scope", "--format", "json", capsys=capsys)
    assert (code, err) == (0, "")
    r = macc.profile(str(p))
    d = report_dict(r, "scope")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20000)  # json's own encoder, to compare with
    try:
        assert out == json.dumps(d, indent=2, ensure_ascii=False) + "\n"
        compact = json.dumps(d, ensure_ascii=False)
    finally:
        sys.setrecursionlimit(limit)
    with pytest.raises(RecursionError):  # past the limit: the iterative writer wrote it
        jsontext._write(d, [].append, "  ", "\n")
    assert RENDERERS["json"](r, by="scope") == out[:-1]
    assert RENDERERS["json"](r, by="scope", indent=None) == compact
    # the deepest entry: the Relu, 4 elements, 4 flops (one per element)
    assert '"name": "relu"' in out and '"op": "Relu"' in out and d["totals"]["flops"] == 4


def test_deeply_nested_spec_names_the_file(tmp_path, capsys):
    p = tmp_path / "spec.json"
    p.write_text("[" * 100_000)
    assert run_cli("layers", p, capsys=capsys) == (
        1, "", f"macc: error: {p}: is nested too deeply to parse (JSON or TOML nested past "
               "Python's recursion limit)\n")


def test_deeply_nested_tfprof_json_names_the_file(tmp_path, capsys):
    p = tmp_path / "prof.json"
    p.write_text("[" * 100_000)
    code, out, err = run_cli("check", SEED, "--tfprof", p, capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"macc: error: {p}: is JSON nested too deeply") and err.count("\n") == 1


# --- 3. FIFOs, streams and huge files ---------------------------------------------------------

def test_fifo_without_writer_does_not_hang(tmp_path, capsys):
    f = tmp_path / "f.pb"
    os.mkfifo(f)
    line = f"macc: error: {f}: is a pipe with nothing written to it (no writer, or an empty one)\n"
    # a thread, so that a hang fails the test instead of blocking the suite
    got = []
    t = threading.Thread(target=lambda: got.append(run_cli("profile", f, capsys=capsys)),
                         daemon=True)
    t.start()
    t.join(20)
    assert got == [(1, "", line)]
    got.clear()
    t = threading.Thread(target=lambda: got.append(
        run_cli("check", SEED, "--tfprof", f, capsys=capsys)), daemon=True)
    t.start()
    t.join(20)
    assert got == [(1, "", line)]
    got.clear()
    spec = tmp_path / "spec.json"  # a layer spec is read the same way
    os.mkfifo(spec)
    t = threading.Thread(target=lambda: got.append(run_cli("layers", spec, capsys=capsys)),
                         daemon=True)
    t.start()
    t.join(20)
    assert got == [(1, "", line.replace(str(f), str(spec)))]


def test_pipes_with_a_writer_still_work():
    # process substitution, /dev/stdin and a FIFO written to: seed.pb's 8,306 flops each time
    r = sh('$PY -m macc profile <(cat macc/examples/seed.pb) --format csv | tail -1; '
           '$PY -m macc profile /dev/stdin --format csv < macc/examples/seed.pb | tail -1; '
           'd=$(mktemp -d); mkfifo $d/f; cat macc/examples/seed.pb > $d/f & '
           '$PY -m macc profile $d/f --format csv | tail -1; wait; rm -r $d')
    assert r.stderr == ""
    rows = r.stdout.splitlines()
    assert len(rows) == 3 and all(row.startswith("TOTAL,,,8306,") for row in rows), rows


def test_dev_zero_stops_at_its_first_byte(capsys):
    assert run_cli("profile", "/dev/zero", capsys=capsys) == (
        1, "", "macc: error: /dev/zero: is not a GraphDef, MetaGraphDef or SavedModel (a stream "
               "starting with a zero byte, as no protobuf message or text does)\n")


def test_files_over_2_gib_are_refused_unread(tmp_path, capsys):
    p = tmp_path / "sparse.pb"
    with open(p, "wb") as f:
        f.truncate(3 << 30)  # sparse: no disk, and never read
    assert run_cli("profile", p, capsys=capsys) == (
        1, "", f"macc: error: {p}: is 3.0 GiB, over 2 GiB, protobuf's limit for one message (not "
               "a GraphDef, MetaGraphDef or SavedModel)\n")


def test_streams_are_read_up_to_the_limit_only():
    r, w = os.pipe()
    os.write(w, b"\n" * 1000)
    os.close(w)
    try:
        with pytest.raises(FormatError, match=r"^/dev/fd/\d+: is over 999 bytes, the most macc "
                                               r"reads \(not a GraphDef\)$"):
            read_bytes(f"/dev/fd/{r}", limit=999)
    finally:
        os.close(r)


# --- 4. the Python API's inputs and batch -------------------------------------------------------

DIMS = "a sequence of dims, each an int from 0 to 2**63-1 or None/-1 (unknown)"


@pytest.mark.parametrize("inputs, message", [
    ([("x", (2, 16))], "inputs: expected a mapping {name: shape} such as {'x': (1, 224, 224, 3)}, "
                       "got list [('x', (2, 16))]"),
    ("x=2,16", "inputs: expected a mapping {name: shape} such as {'x': (1, 224, 224, 3)}, got str "
               "'x=2,16'"),
    ({"x": 2}, f"input 'x': expected {DIMS}, got 2"),
    ({"x": None}, f"input 'x': expected {DIMS}, got None"),
    ({"x": "2,16"}, f"input 'x': expected {DIMS}, got '2,16'"),
    ({"x": ("2", "16")}, f"input 'x': bad dim '2' in ('2', '16') (expected {DIMS})"),
    ({"x": (2.9, 16)}, f"input 'x': bad dim 2.9 in (2.9, 16) (expected {DIMS})"),
    ({"x": (2, 16.0)}, f"input 'x': bad dim 16.0 in (2, 16.0) (expected {DIMS})"),
    ({"x": (-3, 16)}, f"input 'x': bad dim -3 in (-3, 16) (expected {DIMS})"),
    ({"x": (True, 16)}, f"input 'x': bad dim True in (True, 16) (expected {DIMS})"),
    ({"x": (2**63, 16)}, f"input 'x': bad dim 9223372036854775808 in (9223372036854775808, 16) "
                         f"(expected {DIMS})"),
    ({1: (2, 16)}, "inputs: expected node names (non-empty str) as keys, got 1"),
])
def test_api_bad_inputs_are_usage_errors(mm_graph, inputs, message):
    with pytest.raises(UsageError) as info:
        macc.profile(str(mm_graph()), inputs=inputs)
    assert str(info.value) == message


@pytest.mark.parametrize("batch", ["2", 2.5, 0, -1, True, 2**63])
def test_api_bad_batch_is_a_usage_error(mm_graph, batch):
    with pytest.raises(UsageError) as info:
        macc.profile(str(mm_graph("-1")), batch=batch)
    assert str(info.value) == f"batch: expected an int from 1 to 2**63-1, got {batch!r}"


def test_api_accepts_what_the_cli_accepts(mm_graph):
    import numpy as np
    p = str(mm_graph("-1"))
    # 3·9·(2·16−1) = 837 flops, whatever the spelling of the dims
    for inputs in ({"x": (3, 16)}, {"x": [np.int64(3), 16]}, {"x": (3, -1)}, {"x": (3, None)}):
        assert macc.profile(p, inputs=inputs).totals.flops == 837
    assert macc.profile(p, batch=np.int32(3)).totals.flops == 837
    # -1 and None leave the dim unknown: MatMul's flops then count 0
    assert macc.profile(p, inputs={"x": (-1, 16)}).totals.flops == 0


def test_text_given_as_a_str_path_is_one_line():
    with open(os.path.join(ROOT, "macc", "examples", "seed.pbtxt")) as f:
        text = f.read()
    with pytest.raises(UsageError) as info:
        macc.profile(text)
    msg = str(info.value)
    assert "\n" not in msg and len(msg) < 200
    assert msg.endswith("…: a str is read as a path, and this one holds line breaks (a graph's "
                        "text? pass it as bytes: text.encode())")
    assert msg.startswith("node {\\n  name: ")
    # the frozen seed: MatMul 2·25·16·9 = 7200 flops
    assert macc.profile(text.encode()).totals.flops == 7200


# --- 5. nodes without an op ------------------------------------------------------------------

def chain(n: int) -> str:
    """x [4], then Relu r0..r{n-1} each on the previous."""
    return (PH.replace("dim { size: %s } dim { size: 16 }", "dim { size: 4 }")
            + "".join(f'node {{ name: "r{i}" op: "Relu" input: "{"x" if i == 0 else f"r{i-1}"}" }}\n'
                      for i in range(n)))


@pytest.mark.parametrize("where", [0, 70])
@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("bad", ['op: ""', ""])
def test_empty_op_names_the_node(tmp_path, where, binary, bad):
    from google.protobuf import text_format
    text = (chain(where) + f'node {{ name: "z" {bad} input: "x" }}\n'
            'node { name: "y" op: "Relu" input: "z" }\n')
    if binary:
        gd = graph_pb2.GraphDef()
        text_format.Parse(text, gd)
        p = tmp_path / "g.pb"
        p.write_bytes(gd.SerializeToString())
    else:
        p = tmp_path / "g.pbtxt"
        p.write_text(text)
    with pytest.raises(GraphError) as info:
        macc.profile(str(p))
    assert str(info.value) == f"{p}: node 'z': has an empty op (every NodeDef names its operation)"


# --- 6. --input --------------------------------------------------------------------------------

def test_input_given_twice_is_usage(mm_graph, capsys):
    assert run_cli("profile", mm_graph(), "--input", "x=3,16", "--input", "x=4,16",
                   capsys=capsys) == (
        2, "", "macc: error: --input x is given twice ([3,16] and [4,16]): give each input once\n")


REPLACE = ("(only a placeholder's shape is replaced; on other nodes a given shape may only fill "
           "in unknown dims)")


@pytest.mark.parametrize("given, node, shapes", [
    ("mm=3,9", "'mm' (MatMul)", "[3,9] conflicts with [25,9]"),
    ("w=3,3", "'w' (Const)", "[3,3] conflicts with [16,9]"),
    ("mm=25", "'mm' (MatMul)", "[25] conflicts with [25,9]"),
])
def test_input_on_a_computed_node_may_not_contradict_it(mm_graph, capsys, given, node, shapes):
    p = mm_graph()
    assert run_cli("profile", p, "--input", given, capsys=capsys) == (
        2, "", f"macc: error: {p}: node {node}: the given input shape {shapes}, the shape the "
               f"graph gives it {REPLACE}\n")


def test_input_refines_unknown_dims_and_replaces_placeholders(mm_graph):
    p = str(mm_graph("-1"))
    # mm is [?,9]: its unknown dim may be given; 7·9·(2·16−1) = 1953 flops
    r = macc.profile(p, inputs={"mm": (7, None)})
    assert ({n.name: n.output_shapes for n in r.nodes}["mm"], r.totals.flops) == ([[7, 9]], 1953)
    # a known dim given again is no conflict; 3·9·31 = 837
    assert macc.profile(p, inputs={"x": (3, 16), "w": (16, 9)}).totals.flops == 837
    # a placeholder's declared shape is replaced, even a known one: 5·9·31 = 1395
    assert macc.profile(str(mm_graph()), inputs={"x": (5, 16)}).totals.flops == 1395


def test_input_help_documents_the_rules(capsys):
    with pytest.raises(SystemExit):
        cli.main(["profile", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "NAME= (nothing after =) a scalar" in text
    assert "on any other node it may only fill in dims the graph leaves unknown" in text
    assert "a MetaGraphDef (.meta) counts the whole graph unless given one of its signatures" in text


# --- 7. SavedModel directories -----------------------------------------------------------------

def test_savedmodel_file_messages(tmp_path):
    cases = {}
    d = tmp_path / "a"
    (d / "saved_model.pb").mkdir(parents=True)
    cases[d] = f"{d / 'saved_model.pb'}: is a directory, not a SavedModel's saved_model.pb"
    d = tmp_path / "b"
    d.mkdir()
    (d / "saved_model.pb").write_bytes(b"")
    cases[d] = f"{d / 'saved_model.pb'}: empty file (not a SavedModel)"
    d = tmp_path / "c"
    d.mkdir()
    (d / "saved_model.pbtxt").write_text("garbage {\n")
    cases[d] = (f"{d / 'saved_model.pbtxt'}: is not a valid SavedModel (saved_model.pbtxt does "
                "not parse: 1:1 : Message type \"macc_tf.SavedModel\" has no field named "
                "\"garbage\".)")
    d = tmp_path / "d"
    d.mkdir()
    (d / "saved_model.pb").write_bytes(open(SEED.replace("seed.pb", "seed_frozen.pb"), "rb").read())
    cases[d] = (f"{d / 'saved_model.pb'}: is a GraphDef, not a SavedModel (give this file's own "
                "path to count it)")
    for d, line in cases.items():
        with pytest.raises(FormatError) as info:
            macc.profile(str(d))
        assert str(info.value) == line


def test_comma_separated_tag_set(tmp_path, capsys):
    from macc.proto import meta_graph_pb2
    sm = saved_model_pb2.SavedModel(saved_model_schema_version=1)
    mg = sm.meta_graphs.add()
    mg.CopyFrom(meta_graph_pb2.MetaGraphDef.FromString((FIXTURES / "seed.meta").read_bytes()))
    mg.meta_info_def.tags.extend(["serve", "gpu"])
    mg.signature_def["serving_default"].outputs["c"].name = "add:0"
    (tmp_path / "saved_model.pb").write_bytes(sm.SerializeToString())
    # MatMul 2·16·25·9 = 7200 + add 225 = 7425, whichever way the tag set is spelled
    for tag in ("serve,gpu", "gpu, serve", "gpu"):
        assert macc.profile(str(tmp_path), tag=tag).totals.tf_flops == 7425
    code, out, err = run_cli("profile", tmp_path, "--tag", "serve,tpu", capsys=capsys)
    assert (code, err) == (2, f"macc: error: {tmp_path}: no MetaGraphDef tagged 'serve,tpu' (tag "
                              "sets: serve,gpu; choose one with --tag TAG[,TAG...], --tag '' for "
                              "the empty set)\n")


def test_empty_tag_set_of_a_tf1_hub_module(tmp_path):
    # a hub.Module-style SavedModel: MetaGraphDefs tagged {train} and {} (the inference graph);
    # --tag '' picks the empty set: the seed's MatMul 7200 + add 225 = 7425 with its initializers
    # 2·(400+144+9) = 1106 as the whole graph, the `c` signature alone 7425
    from macc.proto import meta_graph_pb2
    sm = saved_model_pb2.SavedModel(saved_model_schema_version=1)
    seed = meta_graph_pb2.MetaGraphDef.FromString((FIXTURES / "seed.meta").read_bytes())
    for tags in (["train"], []):
        mg = sm.meta_graphs.add()
        mg.CopyFrom(seed)
        mg.meta_info_def.tags.extend(tags)
        mg.signature_def["serving_default"].outputs["c"].name = "add:0"
    (tmp_path / "saved_model.pb").write_bytes(sm.SerializeToString())
    r = macc.profile(str(tmp_path), tag="")
    assert r.totals.tf_flops == 7425 and "tagged (none)" in r.warnings[0]
    assert macc.profile(str(tmp_path), tag="", whole_graph=True).totals.tf_flops == 8531
    with pytest.raises(UsageError, match="no MetaGraphDef tagged 'serve'"):
        macc.profile(str(tmp_path))


# --- 8. dims past int64 ---------------------------------------------------------------------------

def test_batch_and_dims_past_int64_are_usage(mm_graph, capsys):
    p = mm_graph()
    with pytest.raises(SystemExit) as info:
        cli.main(["profile", str(p), "--batch", "99999999999999999999999"])
    assert (info.value.code, capsys.readouterr().err.splitlines()[-1]) == (
        2, "macc profile: error: argument --batch: expected a positive integer up to 2**63-1 "
           "(int64), got '99999999999999999999999'")
    with pytest.raises(SystemExit) as info:
        cli.main(["profile", str(p), "--input", f"x={2**63},16"])
    assert (info.value.code, capsys.readouterr().err.splitlines()[-1]) == (
        2, f"macc profile: error: argument --input: a dim in 'x={2**63},16' is over 2**63-1 "
           "(TensorFlow's dims are int64)")
    # 2**63-1 itself is a dim: (2**63-1)·9·(2·16−1) flops
    r = macc.profile(str(p), inputs={"x": (2**63 - 1, 16)})
    assert r.totals.flops == (2**63 - 1) * 9 * 31


def test_a_graphdef_cut_between_two_nodes_is_flagged():
    # TF writes the nodes first and `versions` last: seed.pb cut after its first 6 nodes still
    # parses (6 nodes: random_normal's shape, mean, stddev, RandomStandardNormal, mul, add:
    # 25·16 = 400 flops each for mul and add), and the loss is flagged rather than silent
    from macc.load.sniff import node_sizes
    data = open(SEED, "rb").read()
    sizes = node_sizes(data)
    cut = sum(1 + len(_varint(n)) + n for n in sizes[:6])
    r = macc.profile(data[:cut])
    assert len(r.nodes) == 6 and r.totals.flops == 800
    assert any("no 'versions' field" in w and "cut short" in w for w in r.warnings)
    assert not any("versions" in w for w in macc.profile(data).warnings)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def test_a_text_graph_with_a_byte_that_is_not_utf8_says_where(tmp_path):
    # 0xff 0xfe put at the start of the first node's name (line 2, column 10, after `  name: "`)
    text = (FIXTURES / "seed_frozen_text.pbtxt").read_bytes()
    i = text.index(b'name: "') + 7
    p = tmp_path / "bad.pbtxt"
    p.write_bytes(text[:i] + b"\xff\xfe" + text[i:])
    with pytest.raises(FormatError) as e:
        macc.profile(str(p))
    assert str(e.value) == (f"{p}: is a text file with a byte that is not UTF-8 (0xff at line 2, "
                            "column 10); the text format is UTF-8")
