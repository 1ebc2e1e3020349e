"""Scale and depth: long chains, deep nesting. Nothing recursive over graph depth, nothing hangs."""

import re
import time

import pytest
from gdbuild import FLOAT, add, new, placeholder, write

import macc
from macc.graph import Graph
from macc.proto import graph_pb2, meta_graph_pb2

CHAIN = 200_000


def test_chain_of_200k_nodes(tmp_path):
    gd = new()
    placeholder(gd, "x", [1, 8])
    prev = "x"
    ops = ("Identity", "StopGradient", "AddV2")
    for i in range(CHAIN):
        op = ops[i % 3]
        add(gd, f"n{i}", op, [prev, prev] if op == "AddV2" else [prev])
        prev = f"n{i}"
    path = write(tmp_path, gd)
    t0 = time.perf_counter()
    r = macc.profile(path)
    elapsed = time.perf_counter() - t0
    assert len(r.nodes) == CHAIN + 1
    assert r.nodes[-1].name == f"n{CHAIN - 1}" and r.nodes[-1].output_shapes == [[1, 8]]
    assert r.by_op["Identity"].count == 66_667  # i % 3 == 0 for i in 0..199999
    assert r.by_op["AddV2"].count == 66_666
    dumped = r.to_dict()  # pydantic dumping is not recursive over the chain either
    assert len(dumped["nodes"]) == CHAIN + 1
    # about 5 s on the 2-core CI machine (graph 1.7 s, shapes 3 s, report 2.5 s under cProfile);
    # the bound only catches a quadratic slip or a hang
    assert elapsed < 30, elapsed


def test_chain_built_in_reverse_file_order():
    # consumers before producers in the file: the topological order must still be iterative
    n = 50_000
    gd = graph_pb2.GraphDef()
    for i in reversed(range(1, n)):
        add(gd, f"n{i}", "Identity", [f"n{i - 1}"])
    placeholder(gd, "n0", [3])
    order = Graph.from_graph_def(gd).topological()
    assert [node.name for node in order[:3]] == ["n0", "n1", "n2"]
    assert len(order) == n


def test_long_cycle_is_named_without_recursion(tmp_path):
    n = 100_000
    gd = new()
    for i in range(n):
        add(gd, f"n{i}", "Identity", [f"n{(i - 1) % n}"])
    msg = str(pytest.raises(macc.GraphError, macc.profile, write(tmp_path, gd)).value)
    # six names, an ellipsis, back to the first: "n5 -> n6 -> ... -> n10 -> ... -> n5"
    m = re.fullmatch(r".*: node '(n\d+)' \(Identity\): is on a cycle that is not a v1 while loop "
                     r"\(no NextIteration on it\): ((?:n\d+ -> ){6})\.\.\. -> (n\d+)", msg)
    assert m and m.group(1) == m.group(3), msg
    first = int(m.group(1)[1:])
    assert m.group(2) == "".join(f"n{(first + k) % n} -> " for k in range(6))


def nested_library(depth: int, recursive: bool = False):
    """x -> call = f0(x); f0 calls f1 calls ... f{depth-1}, a Relu (or f0 calls itself)."""
    gd = new()
    placeholder(gd, "x", [2])
    add(gd, "call", "f0", ["x"])
    for i in range(depth):
        f = gd.library.function.add()
        f.signature.name = f"f{i}"
        f.signature.input_arg.add(name="a", type=FLOAT)
        f.signature.output_arg.add(name="o", type=FLOAT)
        op = "f0" if recursive else (f"f{i + 1}" if i < depth - 1 else "Relu")
        f.node_def.add(name="n", op=op).input.append("a")
        f.ret["o"] = "n:activations:0" if op == "Relu" else "n:o:0"
    return gd


def as_metagraph(tmp_path, gd):
    mg = meta_graph_pb2.MetaGraphDef()
    mg.meta_info_def.tags.append("serve")
    mg.graph_def.CopyFrom(gd)
    p = tmp_path / "nested.meta"
    p.write_bytes(mg.SerializeToString())
    return str(p)


def test_deeply_nested_function_library_in_a_graphdef(tmp_path):
    # a frozen GraphDef's calls are not inlined: the call is listed as an unsupported op
    r = macc.profile(write(tmp_path, nested_library(2000)))
    assert r.unsupported == {"f0": 1}
    assert [row.name for row in r.nodes] == ["x", "call"]


def test_deeply_nested_functions_in_a_metagraph(tmp_path):
    # inlined, with a depth limit instead of a RecursionError
    path = as_metagraph(tmp_path, nested_library(2000))
    with pytest.raises(macc.GraphError) as info:
        macc.profile(path)
    name = "call" + "/n" * 65
    assert str(info.value) == f"{path}: node '{name}' (f65): function calls nested deeper than 64"


def test_recursive_function(tmp_path):
    path = as_metagraph(tmp_path, nested_library(1, recursive=True))
    with pytest.raises(macc.GraphError) as info:
        macc.profile(path)
    assert str(info.value) == f"{path}: node 'call/n' (f0): calls function 'f0' recursively"


def test_deeply_nested_attr_binary(tmp_path):
    # an AttrValue -> func -> attr -> AttrValue ... chain 300 deep: protobuf refuses past 100
    gd = new()
    n = placeholder(gd, "x", [2])
    a = n.attr["deep"]
    for i in range(300):
        a.func.name = f"f{i}"
        a = a.func.attr["inner"]
    path = write(tmp_path, gd)
    with pytest.raises(macc.FormatError) as info:
        macc.profile(path)
    assert str(info.value) == (
        f"{path}: is not a GraphDef, MetaGraphDef or SavedModel ({len(gd.SerializeToString())} "
        "bytes that do not parse as any of them; truncated, corrupt, or nested deeper than "
        "protobuf's limit of 100?)")


def test_deeply_nested_text(tmp_path):
    depth = 5000
    text = ('node { name: "x" op: "Placeholder" attr { key: "a" value { '
            + 'func { name: "f" attr { key: "a" value { ' * depth + "} } }" * depth + "} } }")
    p = tmp_path / "deep.pbtxt"
    p.write_text(text)
    with pytest.raises(macc.FormatError) as info:
        macc.profile(str(p))
    assert str(info.value) == f"{p}: is a text GraphDef nested too deeply to parse"
