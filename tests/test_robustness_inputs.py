"""Malformed inputs a reviewer found accepted: each is now one exact error line, exit 1.

TF's profiler output for ``macc check``; layer specs; graphs with missing or wrongly typed attrs,
a wrongly typed Placeholder shape and wrong input counts.
"""

import json

import pytest
from gdbuild import FLOAT, INT32, add, const, dtype, new, placeholder, shape, write

import macc
from conftest import FIXTURES
from macc.check import read_tfprof
from macc.cli import main
from macc.errors import FormatError, SpecError
from macc.layers import count_network, from_dict, lower

# --- macc check: TF's profiler output ------------------------------------------------------

SEED_TXT = (FIXTURES / "seed.tfprof.txt").read_text()
SEED_OP = (FIXTURES / "seed.tfprof_op.txt").read_text()
HEADER = "==================Model Analysis Report======================\n"
TRAILER = "\n======================End of Report==========================\n"


def _file_form(stdout_text: str) -> str:
    """The report as TF writes it with -output file:outfile=...: what it prints to stdout between
    the 'Model Analysis Report' line and the newline before 'End of Report' (byte for byte the
    same with TF 2.21, scope and op view compared)."""
    return stdout_text[stdout_text.index(HEADER) + len(HEADER):stdout_text.index(TRAILER)]


def check_error(tmp_path, capsys, content, name="tf.txt", graph="seed.meta") -> str:
    p = tmp_path / name
    p.write_bytes(content.encode() if isinstance(content, str) else content)
    assert main(["check", str(FIXTURES / graph), "--tfprof", str(p)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.count("\n") == 1, err
    return err.replace(str(p), "FILE").rstrip("\n")


@pytest.mark.parametrize("old,new,line,shown", [
    # line 34 of the seed's report is MatMul's row
    ("MatMul (7.20k/", "MatMul (7.2Qk/", 34, "MatMul (7.2Qk/7.20k flops)"),
    ("MatMul (7.20k/7.20k flops)", "MatMul (7.20k/7.20k flops", 34, "MatMul (7.20k/7.20k flops"),
    ("MatMul (7.20k/", "MatMul (-7.20k/", 34, "MatMul (-7.20k/7.20k flops)"),
    ("(--/8.53k flops)", "(--/999T flops)", 33, "_TFProfRoot (--/999T flops)"),
])
def test_text_row_that_tf_cannot_print(tmp_path, capsys, old, new, line, shown):
    assert old in SEED_TXT
    err = check_error(tmp_path, capsys, SEED_TXT.replace(old, new))
    assert err == (f"macc: error: FILE: line {line}: '{shown}' is not a profiler row "
                   "'name (self/total flops)'")


def test_text_report_cut_before_end_of_report(tmp_path, capsys):
    # TF prints the trailer after every report it writes to stdout (print_model_analysis.cc)
    cut = SEED_TXT[:SEED_TXT.index("  random_normal (400")]
    assert check_error(tmp_path, capsys, cut) == (
        "macc: error: FILE: is cut short: TF's report ends with its 'End of Report' line and "
        "this one does not")


def test_file_output_form_is_read_and_checked(tmp_path, capsys):
    p = tmp_path / "file_form.txt"
    p.write_text(_file_form(SEED_TXT))
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof", str(p)]) == 0
    assert "8 nodes compared: no differences" in capsys.readouterr().out
    # cut in the middle of a row: the last line has no newline
    cut = _file_form(SEED_TXT)[:-10]
    assert check_error(tmp_path, capsys, cut) == (
        "macc: error: FILE: is cut short: its last line 'random_normal_2/mul (9' has no "
        "newline (TF ends every row with one)")


def test_op_view_rows_are_strict(tmp_path, capsys):
    err = check_error(tmp_path, capsys, SEED_OP.replace("553 float_ops", "5x3 float_ops"))
    assert err == ("macc: error: FILE: line 35: 'Mul 5x3 float_ops (6.48%, 6.48%)' is not an "
                   "op-view row 'OpType N float_ops (a%, b%)'")


def test_op_view_long_name_runs_into_the_number(tmp_path):
    # TF writes '%-25s' then '%30s': a 26-character type ending in a digit touches the count
    row = f"{'SparseSegmentSqrtNGradVV2':<25}{'7.20k float_ops (100.00%, 100.00%)':>30}"
    assert row == "SparseSegmentSqrtNGradVV27.20k float_ops (100.00%, 100.00%)"
    p = tmp_path / "op.txt"
    p.write_text(SEED_OP.replace("MatMul                   7.20k float_ops (100.00%, 84.40%)",
                                 row))
    assert read_tfprof(str(p)).nodes["SparseSegmentSqrtNGradVV2"] == "7.20k"


def test_text_with_more_columns_than_float_ops(tmp_path, capsys):
    text = SEED_TXT.replace("node name | # float_ops", "node name | # parameters | # float_ops")
    assert check_error(tmp_path, capsys, text) == (
        "macc: error: FILE: has the columns '# parameters | # float_ops'; macc reads TF's report "
        "with the float_ops column alone (ProfileOptionBuilder.float_operation())")


@pytest.mark.parametrize("obj,msg", [
    ({}, "is an empty JSON object: no {node: flops} entries (a graph TF counts nothing in is "
         "{\"nodes\": {}, \"total_float_ops\": 0})"),
    ({"nodes": {"MatMul": 7200}, "total_float_ops": "x"},
     "'total_float_ops' must be an integer in [0, 2**63) (TF's int64 count), got 'x'"),
    ({"nodes": [1]}, "'nodes' must be an object {node: flops}, got list"),
    ({"MatMul": -5}, "node 'MatMul': flops must be an integer in [0, 2**63) (TF's int64 count), "
                     "got -5"),
    ({"MatMul": 2**63}, "node 'MatMul': flops must be an integer in [0, 2**63) (TF's int64 "
                        "count), got 9223372036854775808"),
])
def test_json_values_are_strict(tmp_path, capsys, obj, msg):
    assert check_error(tmp_path, capsys, json.dumps(obj), "tf.json") == f"macc: error: FILE: {msg}"


def test_json_infinity_and_deep_nesting(tmp_path, capsys):
    assert check_error(tmp_path, capsys, '{"MatMul": 1e400}', "tf.json") == (
        "macc: error: FILE: node 'MatMul': flops must be an integer in [0, 2**63) (TF's int64 "
        "count), got inf")
    assert check_error(tmp_path, capsys, "[" * 100000, "tf.json") == (
        "macc: error: FILE: is JSON nested too deeply (not TF profiler output)")


def test_json_integral_float_and_wrapped_total_still_read(tmp_path, capsys):
    # 7200.0 is the integer 7200; the wrapped record's total is compared (7200+225+553 = 8531
    # would be the seed's; 7200 alone differs)
    p = tmp_path / "ok.json"
    rec = json.loads((FIXTURES / "seed_meta.tfprof.json").read_text())
    rec["nodes"]["MatMul"] = 7200.0
    p.write_text(json.dumps(rec))
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof", str(p)]) == 0
    assert "macc 8,531, TF 8,531 (same)" in capsys.readouterr().out
    assert read_tfprof(str(p)).nodes["MatMul"] == 7200


def test_successful_diff_keeps_its_exit_codes(tmp_path, capsys):
    p = tmp_path / "altered.txt"
    p.write_text(SEED_TXT.replace("add (225/225", "add (226/226"))
    assert main(["check", str(FIXTURES / "seed.meta"), "--tfprof", str(p)]) == 1
    out = capsys.readouterr().out
    assert "differs: add: macc 225 (225), TF 226" in out and "1 node differs" in out


def test_read_tfprof_raises_format_error(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text(SEED_TXT.replace("add (225/225 flops)", "add (225/225 flops) extra"))
    with pytest.raises(FormatError, match=r"line 39: 'add \(225/225 flops\) extra'"):
        read_tfprof(str(p))


# --- layer specs ---------------------------------------------------------------------------

def _spec_error(spec) -> str:
    with pytest.raises(SpecError) as e:
        count_network(from_dict(spec))
    assert "\n" not in str(e.value)
    return str(e.value)


def test_dense_past_int32_units_is_an_int64_shape_as_in_tf():
    # TF makes a constant of Python ints past int32 an int64 one, and the Reshape's Tshape follows
    low = lower(from_dict({"input": [8, 8, 3], "layers": [{"type": "Dense", "units": 2**31}]}))
    shape = next(n for n in low.graph_def.node if n.name == "dense/Tensordot/shape")
    back = next(n for n in low.graph_def.node if n.name == "dense/Tensordot")
    assert shape.attr["dtype"].type == 9 and list(shape.attr["value"].tensor.int64_val) == [
        1, 8, 8, 2**31]
    assert back.attr["Tshape"].type == 9
    t = count_network(from_dict({"input": [8, 8, 3], "layers": [{"type": "Dense",
                                                                  "units": 2**31}]}))
    # kernel 3·2^31 + bias 2^31 = 8,589,934,592; 64 rows · 3 · 2^31 = 412,316,860,416 MACCs
    assert (t.totals.params, t.totals.maccs) == (8_589_934_592, 412_316_860_416)


def test_input_dim_past_int32():
    t = count_network(from_dict({"input": [3_000_000_000, 3], "layers": [{"type": "Dense",
                                                                           "units": 4}]}))
    # 3e9 rows · 3 · 4 = 36e9 MACCs; 3·4 + 4 params
    assert (t.totals.maccs, t.totals.params) == (36_000_000_000, 16)


@pytest.mark.parametrize("spec,msg", [
    ({"input": [8, 8, 3], "layers": [{"type": "Conv2D", "filters": True, "kernel_size": 3}]},
     "layer '#0' (Conv2D): field 'filters': expected a number, got True"),
    ({"input": [8, 8, 3], "layers": [{"type": "Conv2D", "filters": "4", "kernel_size": 3}]},
     "layer '#0' (Conv2D): field 'filters': expected a number, got '4'"),
    ({"input": [8, 8, 3], "layers": [{"type": "Conv2D", "name": "c", "filters": 4,
                                      "kernel_size": [3, "3"]}]},
     "layer 'c' (Conv2D): field 'kernel_size': expected numbers, got [3, '3']"),
    ({"input": [8, 8, 3], "layers": [{"type": "Conv2D", "name": "c", "filters": 4,
                                      "kernel_size": 3, "padding": "1"}]},
     "layer 'c' (Conv2D): field 'padding': expected a number, got '1'"),
    ({"input": [8, "8", 3], "layers": [{"type": "Dense", "units": 4}]},
     "field 'input': expected numbers, got [8, '8', 3]"),
    ({"input": [8], "batch": True, "layers": [{"type": "Dense", "units": 4}]},
     "field 'batch': expected a number, got True"),
    ({"input": [8], "layers": [{"type": "Dense", "units": 4.5}]},
     "layer '#0' (Dense): field 'units': Input should be a valid integer, got a number with a "
     "fractional part"),
])
def test_spec_numbers_are_numbers(spec, msg):
    assert _spec_error(spec) == f"<spec>: {msg}"


def test_integral_float_is_that_integer():
    # 4.0 filters are 4: 6·6 outputs · 4 filters · 27 = 3,888 MACCs
    t = count_network(from_dict({"input": [8, 8, 3], "layers": [
        {"type": "Conv2D", "filters": 4.0, "kernel_size": 3}]}))
    assert t.totals.maccs == 3_888


def test_layers_list_takes_no_spec(capsys):
    assert main(["layers", "--list", "resnet50"]) == 2
    assert capsys.readouterr().err == (
        "macc: error: --list takes no spec ('resnet50'): macc layers --list, or macc layers "
        "resnet50\n")


# --- graphs: attrs TF requires, attr kinds, input counts ----------------------------------

def _graph_error(tmp_path, gd, **kw) -> str:
    path = write(tmp_path, gd)
    with pytest.raises(macc.MaccError) as e:
        macc.profile(path, **kw)
    assert "\n" not in str(e.value)
    return str(e.value).replace(path, "PATH")


def _conv(drop=(), **over):
    gd = new()
    placeholder(gd, "x", [1, 8, 8, 3])
    const(gd, "f", [3, 3, 3, 4])
    attrs = {"T": dtype(FLOAT), "strides": [1, 1, 1, 1], "padding": "SAME", **over}
    add(gd, "c", "Conv2D", ["x", "f"], **{k: v for k, v in attrs.items() if k not in drop})
    return gd


def _matmul(n_inputs=2, **attrs):
    gd = new()
    placeholder(gd, "x", [25, 16])
    const(gd, "w", [16, 9])
    add(gd, "mm", "MatMul", ["x", "w", "w"][:n_inputs], **attrs)
    return gd


@pytest.mark.parametrize("gd,msg", [
    # TF's Conv2D OpDef has no default for padding or strides: TF refuses the graph
    (_conv(drop=("padding",)), "node 'c' (Conv2D): attr 'padding' is missing (TF requires it)"),
    (_conv(drop=("strides",)), "node 'c' (Conv2D): attr 'strides' is missing (TF requires it)"),
    (_conv(strides=1), "node 'c' (Conv2D): attr 'strides' is an int, expected a list of ints"),
    (_matmul(transpose_a="yes"),
     "node 'mm' (MatMul): attr 'transpose_a' is a string, expected a bool"),
    (_matmul(transpose_a=5), "node 'mm' (MatMul): attr 'transpose_a' is an int, expected a bool"),
    (_matmul(T=shape([2])), "node 'mm' (MatMul): attr 'T' is a shape, expected a type"),
    (_matmul(3), "node 'mm' (MatMul): has 3 data inputs, its OpDef takes 2"),
])
def test_attrs_and_inputs_as_tf_requires(tmp_path, gd, msg):
    assert _graph_error(tmp_path, gd) == f"PATH: {msg}"


def test_placeholder_shape_that_is_not_a_shape_blames_the_placeholder(tmp_path):
    gd = _matmul()
    gd.node[0].attr["shape"].Clear()
    gd.node[0].attr["shape"].i = 3
    for kw in ({}, {"batch": 2}):  # --batch reads placeholders' shapes before inference
        assert _graph_error(tmp_path, gd, **kw) == (
            "PATH: node 'x' (Placeholder): attr 'shape' is an int, expected a shape")


@pytest.mark.parametrize("op,n,inputs,msg", [
    ("ConcatV2", 7, ["a", "b"], "has 2 data inputs, N = 7 takes 8"),
    ("ConcatV2", 1, ["a", "axis"], "attr 'N' is 1, TF requires at least 2"),
    ("Pack", 3, ["a", "b"], "has 2 data inputs, N = 3 takes 3"),
    ("AddN", 2, ["a", "b", "a"], "has 3 data inputs, N = 2 takes 2"),
    ("AddN", None, ["a", "b"], "attr 'N' is missing (TF requires it)"),
])
def test_n_attr_against_the_inputs(tmp_path, op, n, inputs, msg):
    gd = new()
    placeholder(gd, "a", [2, 3])
    placeholder(gd, "b", [2, 3])
    const(gd, "axis", [], INT32, int_val=[0])
    attrs = {"T": dtype(FLOAT)} if n is None else {"T": dtype(FLOAT), "N": n}
    add(gd, "y", op, inputs, **attrs)
    assert _graph_error(tmp_path, gd) == f"PATH: node 'y' ({op}): {msg}"


def test_well_formed_nodes_still_count(tmp_path):
    # 25·9 outputs · 16 products: 3,600 MACCs; the Conv2D: 8·8·4 outputs · 27 = 6,912 MACCs
    assert macc.profile(write(tmp_path, _matmul(), "mm.pb")).totals.maccs == 3_600
    assert macc.profile(write(tmp_path, _conv(), "c.pb")).totals.maccs == 6_912


def _with_default(declared):
    # a retrain.py-style input: PlaceholderWithDefault of a [1,4] default, then a Mul by itself
    gd = new()
    const(gd, "d", [1, 4])
    add(gd, "p", "PlaceholderWithDefault", ["d"], dtype=dtype(FLOAT), shape=shape(declared))
    add(gd, "sq", "Mul", ["p", "p"], T=dtype(FLOAT))
    return gd


def test_placeholder_with_default_must_fit_its_default(tmp_path):
    path = write(tmp_path, _with_default([-1, 4]))
    # TF gives the declared [?,4]: the Mul is skipped; --batch 1 fits the default: 1·4 = 4
    assert macc.profile(path).totals.tf_flops == 0
    assert macc.profile(path, batch=1).totals.tf_flops == 4
    # --batch 8 gives [8,4], which TF cannot import against the [1,4] default: usage, not a count
    with pytest.raises(macc.UsageError) as e:
        macc.profile(path, batch=8)
    assert str(e.value).replace(path, "PATH") == (
        "PATH: node 'p' (PlaceholderWithDefault): the given shape [8,4] does not fit [1,4], the "
        "shape of its default input (TF cannot import a PlaceholderWithDefault whose shape its "
        "default does not fit); give other placeholders their shapes with --input")
    # a declared shape its default does not fit: TF rejects the graph
    assert _graph_error(tmp_path, _with_default([2, 4])) == (
        "PATH: node 'p' (PlaceholderWithDefault): the shape attr and the default input have "
        "incompatible shapes [2,4] and [1,4]")


@pytest.mark.parametrize("name,op,attrs", [
    ("r10_trees", "BoostedTreesUpdateEnsembleV2", ("logits_dimension", "num_groups")),
    ("sweep3_tables", "MutableDenseHashTableV2", ("value_shape",)),
])
def test_attrs_stripped_at_their_opdef_default(name, op, attrs):
    # SavedModels and strip_default_attrs drop attrs equal to their OpDef default (1, 1 and a
    # scalar shape here); TF re-adds them on import, so its numbers (the fixture's) still hold
    from macc.proto import graph_pb2
    gd = graph_pb2.GraphDef.FromString((FIXTURES / f"{name}.pb").read_bytes())
    stripped = 0
    for nd in gd.node:
        if nd.op == op:
            for key in attrs:
                if key in nd.attr:
                    del nd.attr[key]
                    stripped += 1
    assert stripped
    rec = json.loads((FIXTURES / f"{name}.tfprof.json").read_text())
    r = macc.profile(gd.SerializeToString())
    assert r.totals.tf_flops == rec["total_float_ops"]
    assert {n.name: n.tf_flops for n in r.nodes if n.tf_flops} == rec["nodes"]


def test_tfprof_report_without_rows_or_with_other_columns_is_named(tmp_path):
    # a code view of a graph without Python traces: TF prints its header and trailer, no rows
    empty = tmp_path / "code.txt"
    empty.write_text("\n==================Model Analysis Report======================\n\n"
                     "======================End of Report==========================\n")
    with pytest.raises(FormatError) as e:
        read_tfprof(str(empty))
    assert str(e.value) == (f"{empty}: is a TF profiler report with no rows (a code view of a "
                            "graph without Python traces prints none: profile the scope, graph "
                            "or op view)")
    # a scope view written to a file with many select columns (rows end "...flops, 0B/0B, ...")
    many = tmp_path / "scope.txt"
    many.write_text("\nProfile:\nnode name | # parameters | # float_ops | requested bytes\n"
                    "_TFProfRoot (--/0 params, --/7.42k flops, --/0B)\n"
                    "  dense/MatMul (0/0 params, 7.20k/7.20k flops, 0B/0B)\n")
    with pytest.raises(FormatError, match="has the columns '# parameters | # float_ops | "
                                          "requested bytes'; macc reads TF's report with the "
                                          "float_ops column alone"):
        read_tfprof(str(many))
