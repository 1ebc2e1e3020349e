"""MetaGraphDef loading (the seed exported from the live graph) and function inlining on
hand-built FunctionDefLibraries."""

import json

import pytest
from gdbuild import FLOAT, add, dtype, placeholder, shape
from google.protobuf import text_format

import macc
from conftest import FIXTURES
from macc.errors import GraphError, UsageError
from macc.inline import inline_library
from macc.inline.ports import flat_port
from macc.load import load
from macc.proto import attr_value_pb2, meta_graph_pb2


def seed_meta():
    return meta_graph_pb2.MetaGraphDef.FromString((FIXTURES / "seed.meta").read_bytes())


def test_seed_meta_matches_tf():
    record = json.loads((FIXTURES / "seed_meta.tfprof.json").read_text())
    r = macc.profile(str(FIXTURES / "seed.meta"))
    assert r.format == "metagraph"
    # TF: MatMul 2*16*25*9 = 7200, add 225, initializers 2*(400+144+9) = 1106 -> 8531
    assert r.totals.tf_flops == record["total_float_ops"] == 8531
    # trainable_variables collection: X 25*16 + W 16*9 + b 9 = 553 (TF says the same)
    assert r.totals.params == record["params"] == 553
    assert {n.name: n.tf_flops for n in r.nodes if n.tf_flops} == record["nodes"]


def test_trainable_collection_decides_params(tmp_path):
    mg = seed_meta()
    coll = mg.collection_def["trainable_variables"].bytes_list.value
    keep = [raw for raw in coll if b"W:0" in raw]
    del coll[:]
    coll.extend(keep)
    p = tmp_path / "w_only.meta"
    p.write_bytes(mg.SerializeToString())
    # only W is trainable: 16*9 = 144
    assert macc.profile(str(p)).totals.params == 144


def test_text_metagraph(tmp_path):
    p = tmp_path / "seed.meta.pbtxt"
    p.write_text(text_format.MessageToString(seed_meta()))
    r = macc.profile(str(p))
    assert r.format == "metagraph"
    assert (r.totals.tf_flops, r.totals.params) == (8531, 553)


def test_signature_on_meta_without_signatures():
    with pytest.raises(UsageError, match="no signature 'x'.*signatures: none"):
        load(FIXTURES / "seed.meta", signature="x")


def test_signature_on_graphdef_is_usage_error():
    with pytest.raises(UsageError, match="not to a GraphDef"):
        load(FIXTURES / "seed.pb", signature="serving_default")


# ------------------------------------------------------------------ hand-built function libraries

def _func(lib, name, inputs, outputs, rets):
    f = lib.function.add()
    f.signature.name = name
    for a in inputs:
        f.signature.input_arg.add(name=a, type=FLOAT)
    for a in outputs:
        f.signature.output_arg.add(name=a, type=FLOAT)
    for k, v in rets.items():
        f.ret[k] = v
    return f


def _body(fdef, name, op, inputs=(), **attrs):
    n = fdef.node_def.add(name=name, op=op)
    n.input.extend(inputs)
    for k, v in attrs.items():
        n.attr[k].CopyFrom(v)
    return n


def _fn(name):
    return attr_value_pb2.AttrValue(func=attr_value_pb2.NameAttrList(name=name))


def nested_graph():
    """x[2,3] -> outer(x, w) -> inner(x, w) = x @ w, w a [3,4] variable; then y = out + out."""
    mg = meta_graph_pb2.MetaGraphDef()
    gd = mg.graph_def
    placeholder(gd, "x", [2, 3])
    add(gd, "w", "VarHandleOp", dtype=dtype(FLOAT), shape=shape([3, 4]))
    add(gd, "call", "StatefulPartitionedCall", ["x", "w"], f=_fn("outer"))
    add(gd, "y", "AddV2", ["call", "call:0"])
    lib = gd.library
    inner = _func(lib, "inner", ["a", "h"], ["out"], {"out": "mm:product:0"})
    _body(inner, "read", "ReadVariableOp", ["h"])
    _body(inner, "mm", "MatMul", ["a", "read:value:0"])
    outer = _func(lib, "outer", ["a", "h"], ["out"], {"out": "id:output:0"})
    _body(outer, "sub", "PartitionedCall", ["a", "h"], f=_fn("inner"))
    _body(outer, "id", "Identity", ["sub:output:0", "^sub"])
    return mg


def _write(tmp_path, mg, name="g.meta"):
    p = tmp_path / name
    p.write_bytes(mg.SerializeToString())
    return str(p)


def test_nested_calls_inline(tmp_path):
    r = macc.profile(_write(tmp_path, nested_graph()))
    rows = {n.name: n for n in r.nodes}
    # the inner MatMul, two calls deep: [2,3]x[3,4] -> TF 2*3*2*4 = 48, exact 2*4*(2*3-1) = 40
    mm = rows["call/sub/mm"]
    assert (mm.op, mm.output_shapes, mm.tf_flops, mm.flops) == ("MatMul", [[2, 4]], 48, 40)
    # the call node stands for the body's outputs: y = out + out, 2*4 = 8
    assert rows["call"].op == "IdentityN"
    assert rows["y"].tf_flops == 8
    assert r.totals.tf_flops == 56
    assert any("inlined 2 function calls" in w for w in r.warnings)


def test_unknown_function_names_the_node(tmp_path):
    mg = nested_graph()
    mg.graph_def.node[2].attr["f"].func.name = "missing"
    with pytest.raises(GraphError, match="node 'call'.*function 'missing'"):
        macc.profile(_write(tmp_path, mg))


def test_recursive_function_is_an_error(tmp_path):
    mg = nested_graph()
    inner = next(f for f in mg.graph_def.library.function if f.signature.name == "inner")
    _body(inner, "again", "PartitionedCall", ["a", "h"], f=_fn("outer"))
    with pytest.raises(GraphError, match="recursively"):
        macc.profile(_write(tmp_path, mg))


def branch_graph(op="If"):
    """x[4,8] @ w[8,8] in one branch, x * 2 in the other (If) or a third, x (Case)."""
    mg = meta_graph_pb2.MetaGraphDef()
    gd = mg.graph_def
    placeholder(gd, "x", [4, 8])
    add(gd, "p", "Placeholder", dtype=dtype(10 if op == "If" else 3), shape=shape([]))
    add(gd, "w", "VarHandleOp", dtype=dtype(FLOAT), shape=shape([8, 8]))
    lib = gd.library
    mm = _func(lib, "mm", ["a", "h"], ["o"], {"o": "m:product:0"})
    _body(mm, "r", "ReadVariableOp", ["h"])
    _body(mm, "m", "MatMul", ["a", "r:value:0"])
    dbl = _func(lib, "dbl", ["a", "h"], ["o"], {"o": "y:z:0"})
    _body(dbl, "two", "Const", dtype=dtype(FLOAT),
          value=attr_value_pb2.AttrValue(tensor={"dtype": FLOAT, "float_val": [2.0]}))
    _body(dbl, "y", "Mul", ["a", "two:output:0"])
    _func(lib, "ident", ["a", "h"], ["o"], {"o": "a"})  # returns its argument
    if op == "If":  # the cheap branch first: the costlier one must win anyway
        add(gd, "c", "If", ["p", "x", "w"], then_branch=_fn("dbl"), else_branch=_fn("mm"))
    else:
        branches = attr_value_pb2.AttrValue()
        for name in ("ident", "dbl", "mm"):
            branches.list.func.add(name=name)
        add(gd, "c", "Case", ["p", "x", "w"], branches=branches)
    add(gd, "out", "AddV2", ["c", "c"])
    return mg


@pytest.mark.parametrize("op,label", [("If", "else"), ("Case", "branch_2")])
def test_costlier_branch_counts(tmp_path, op, label):
    r = macc.profile(_write(tmp_path, branch_graph(op)))
    names = {n.name for n in r.nodes}
    assert f"c/{label}/m" in names and not any(n.startswith("c/then/") for n in names)
    assert not any("/y" in n for n in names)  # the Mul branch was dropped
    # MatMul [4,8]x[8,8]: TF 2*8*32 = 512; out = c + c: 32 -> 544
    assert r.totals.tf_flops == 544
    assert any(f"{op} 'c': counted only its costlier branch '{label}'" in w for w in r.warnings)


def test_while_body_counted_once(tmp_path):
    mg = meta_graph_pb2.MetaGraphDef()
    gd = mg.graph_def
    placeholder(gd, "x", [4, 8])
    add(gd, "w", "VarHandleOp", dtype=dtype(FLOAT), shape=shape([8, 8]))
    lib = gd.library
    body = _func(lib, "body", ["v", "h"], ["v2", "h2"], {"v2": "m:product:0", "h2": "h"})
    _body(body, "r", "ReadVariableOp", ["h"])
    _body(body, "m", "MatMul", ["v", "r:value:0"])
    cond = _func(lib, "cond", ["v", "h"], ["ok"], {"ok": "s:output:0"})
    cond.signature.output_arg[0].type = 10
    _body(cond, "s", "Const", dtype=dtype(10),
          value=attr_value_pb2.AttrValue(tensor={"dtype": 10, "bool_val": [True]}))
    add(gd, "loop", "While", ["x", "w"], cond=_fn("cond"), body=_fn("body"))
    r = macc.profile(_write(tmp_path, mg))
    # one body iteration: MatMul [4,8]x[8,8] = 2*8*32 = 512
    assert r.totals.tf_flops == 512
    assert {n.name: n.output_shapes for n in r.nodes}["loop"][0] == [4, 8]
    # exact: 32 outputs · (2·8 − 1) = 480 flops, 32·8 = 256 MACCs per iteration (cond: a Const)
    assert any("'loop': 480 flops and 256 MACCs per iteration" in w for w in r.warnings)


def test_ports_of_multi_output_ops():
    # FusedBatchNormV3: y, batch_mean, batch_variance, ... -> batch_variance:0 is port 2
    assert flat_port("FusedBatchNormV3", "batch_variance", 0, seen_args={"batch_variance"}) == 2
    # a list output arg (Split's "output"): the index is the port
    assert flat_port("Split", "output", 3, seen_args={"output"}) == 3
    # a function called by name: its output args in order
    assert flat_port("my_fn", "b", 0, seen_args={"b"}, fn_outputs=["a", "b"]) == 1
    # an unknown op used through two output args: unknown layout, no guess
    assert flat_port("Mystery", "second", 0, seen_args={"first", "second"}) is None


def test_unknown_output_layout_names_the_node():
    mg = meta_graph_pb2.MetaGraphDef()
    gd = mg.graph_def
    placeholder(gd, "x", [2])
    add(gd, "call", "PartitionedCall", ["x"], f=_fn("f"))
    f = _func(gd.library, "f", ["a"], ["o"], {"o": "add:z:0"})
    _body(f, "m", "Mystery", ["a"])
    _body(f, "add", "AddV2", ["m:first:0", "m:second:0"])
    with pytest.raises(GraphError, match="node 'call/add'.*output args of op 'Mystery'"):
        inline_library(gd, source="g.meta")

