"""The one-pass engine (macc.onepass) gives exactly what the phases give, or leaves the graph to
them. ``macc.profile`` takes it for every GraphDef but SavedModels whose loops it inlined; the
phases run when it returns None (and they raise the errors)."""

import struct

import pytest
from gdbuild import FLOAT, INT32, add, const, dtype, new, placeholder, write

import macc
from conftest import FIXTURES
from macc.api import _graph_data
from macc.graph import Graph, Node
from macc.load import load
from macc.onepass import one_pass
from macc.render import render_json

GRAPHS = sorted(p.name for pattern in ("*.pb", "*.pbtxt", "*.meta") for p in FIXTURES.glob(pattern)
                if not p.name.endswith(".tfprof.pb"))
F = dtype(FLOAT)
SAVED = sorted(p.name for p in (FIXTURES / "savedmodels").iterdir() if p.is_dir())


def _both(path, **kw):
    try:
        loaded = load(path)
    except macc.UsageError:  # a SavedModel without a default signature: all of it
        loaded = load(path, whole_graph=True)
    gd = loaded.graph_def
    graph = Graph.from_graph_def(gd, source=loaded.source, node_sizes=loaded.node_sizes)
    phases = _graph_data(graph, source=loaded.source, fmt=loaded.format,
                         trainable=loaded.trainable, **kw)
    fast = one_pass(gd, source=loaded.source, fmt=loaded.format, sizes=loaded.node_sizes,
                    trainable=loaded.trainable, **kw)
    return loaded, fast, phases


def _same(fast, phases):
    assert fast.rows == phases.rows
    assert fast.totals == phases.totals
    assert list(fast.by_op.items()) == list(phases.by_op.items())
    assert list(fast.unsupported.items()) == list(phases.unsupported.items())
    assert fast.warnings == phases.warnings
    assert render_json(fast) == render_json(phases)


def _plain(gd) -> bool:
    """No v1 loop frame, no While call of a library, and every data input names an earlier
    node: what the one pass takes (control inputs may name later nodes)."""
    seen = set()
    library = len(gd.library.function)
    for nd in gd.node:
        if nd.op in ("Enter", "RefEnter") or (library and nd.op in ("While", "StatelessWhile")):
            return False
        for text in nd.input:
            if not text.startswith("^") and text not in seen \
                    and text.rsplit(":", 1)[0] not in seen:
                return False
        seen.add(nd.name)
    return True


@pytest.mark.parametrize("name", GRAPHS)
def test_one_pass_equals_the_phases(name):
    loaded, fast, phases = _both(str(FIXTURES / name))
    # it takes every graph in file order without v1 loop frames or While calls (all but a few)
    assert (fast is not None) == _plain(loaded.graph_def)
    if fast is not None:
        _same(fast, phases)


@pytest.mark.parametrize("name", ["keras_mobilenet.pb", "keras_resnet50.pb",
                                  "chains_reshape_pack.pb", "seed.pb"])
def test_one_pass_equals_the_phases_with_batch(name):
    # --batch 1: the placeholders' shapes change, and with them every key downstream
    _, fast, phases = _both(str(FIXTURES / name), batch=1)
    _same(fast, phases)
    _, unset, _ = _both(str(FIXTURES / name))
    if name != "seed.pb":
        assert fast.totals["tf_flops"] > unset.totals["tf_flops"]


@pytest.mark.parametrize("name", SAVED)
def test_one_pass_on_saved_models(name):
    # inlined SavedModels name later NoOps in control inputs (the outputs wait for them)
    loaded, fast, phases = _both(str(FIXTURES / "savedmodels" / name))
    if loaded.loops:
        return  # macc.profile never runs the pass on these (their loops were inlined)
    assert (fast is not None) == _plain(loaded.graph_def)
    if fast is not None:
        _same(fast, phases)


def _blocks(gd, n: int):
    """x[4,16] -> n x (MatMul by its own 16x16 weight, Relu): the weights differ in value,
    which no consumer sees (more than 64 floats are never decoded)."""
    placeholder(gd, "x", [4, 16])
    prev = "x"
    for i in range(n):
        const(gd, f"w{i}", [16, 16], content=struct.pack("<256f", *[float(i + 1)] * 256))
        add(gd, f"mm{i}", "MatMul", [prev, f"w{i}"], T=F)
        add(gd, f"r{i}", "Relu", [f"mm{i}"], T=F)
        prev = f"r{i}"


def test_repeats_are_answered_from_the_memo(tmp_path, monkeypatch):
    gd = new()
    _blocks(gd, 3)
    path = write(tmp_path, gd)
    made = []
    real = Node.from_proto
    monkeypatch.setattr(Node, "from_proto", classmethod(
        lambda cls, nd, *read: made.append(nd.name) or real(nd, *read)))
    report = macc.profile(path)
    # the first block runs the phases' steps; the later MatMuls and Relus are repeats (their
    # inputs look alike: [4,16] and an undecoded [16,16]); each weight is a new constant
    assert made == ["x", "w0", "mm0", "r0", "w1", "w2"]
    # MatMul 4*16*(2*16-1) = 1,984 exact, 4*16*2*16 = 2,048 TF-style, 4*16*16 = 1,024 MACCs;
    # Relu 4*16 = 64 exact, none for TF
    assert report.totals.flops == 3 * (1984 + 64)
    assert report.totals.tf_flops == 3 * 2048
    assert report.totals.maccs == 3 * 1024
    assert report.totals.weights == 3 * 256
    assert [r.flops for r in report.nodes if r.op == "MatMul"] == [1984] * 3


def test_values_a_consumer_reads_are_in_the_key(tmp_path):
    # two Reshapes of one input by two shape constants of equal shape: the constants' values
    # make their outputs differ, so the second Reshape is no repeat of the first
    gd = new()
    placeholder(gd, "x", [6, 4])
    const(gd, "s1", [2], INT32, int_val=[4, 6])
    const(gd, "s2", [2], INT32, int_val=[2, 12])
    add(gd, "a", "Reshape", ["x", "s1"], T=F, Tshape=dtype(INT32))
    add(gd, "b", "Reshape", ["x", "s2"], T=F, Tshape=dtype(INT32))
    add(gd, "sa", "Softmax", ["a"], T=F)
    add(gd, "sb", "Softmax", ["b"], T=F)
    report = macc.profile(write(tmp_path, gd))
    shapes = {r.name: r.output_shapes for r in report.nodes}
    assert shapes["a"] == [[4, 6]] and shapes["b"] == [[2, 12]]
    loaded, fast, phases = _both(write(tmp_path, gd))
    assert fast is not None
    _same(fast, phases)


def test_an_input_shape_on_a_repeated_node_is_applied(tmp_path):
    # --input on a non-placeholder whose key repeats an earlier node's: not a repeat
    gd = new()
    placeholder(gd, "x", [-1, 16])
    add(gd, "r0", "Relu", ["x"], T=F)
    add(gd, "r1", "Relu", ["x"], T=F)
    add(gd, "s0", "Relu", ["r0"], T=F)
    add(gd, "s1", "Relu", ["r1"], T=F)
    path = write(tmp_path, gd)
    loaded, fast, phases = _both(path, inputs={"r1": (3, 16)})
    _same(fast, phases)
    rows = {r[0]: r for r in fast.rows}
    assert rows["r0"][2] == ((None, 16),) and rows["r1"][2] == ((3, 16),)
    # s1 reads r1's given shape: 3*16 = 48 (the Relus of x's unknown shape count nothing)
    assert fast.totals["flops"] == 48


@pytest.mark.parametrize("case", ["forward", "duplicate", "bad_port", "no_such_input"])
def test_left_to_the_phases(tmp_path, case):
    gd = new()
    placeholder(gd, "x", [2])
    if case == "forward":  # file order is not topological: the phases order it
        add(gd, "b", "Relu", ["a"], T=F)
        add(gd, "a", "Relu", ["x"], T=F)
    elif case == "duplicate":
        add(gd, "a", "Relu", ["x"], T=F)
        add(gd, "a", "Relu", ["x"], T=F)
    elif case == "bad_port":
        add(gd, "a", "Relu", ["x:1"], T=F)
    else:
        add(gd, "a", "Relu", ["y"], T=F)
    path = write(tmp_path, gd)
    loaded = load(path)
    assert one_pass(loaded.graph_def, source=path, fmt=loaded.format,
                    sizes=loaded.node_sizes) is None
    if case == "forward":  # the phases count it: 2 + 2 Relu flops
        assert macc.profile(path).totals.flops == 4
    else:
        with pytest.raises(macc.GraphError):
            macc.profile(path)


def test_an_input_naming_no_node_is_the_phases_error(tmp_path):
    gd = new()
    placeholder(gd, "x", [2])
    path = write(tmp_path, gd)
    loaded = load(path)
    assert one_pass(loaded.graph_def, source=path, fmt=loaded.format,
                    inputs={"nope": (1,)}) is None
    with pytest.raises(macc.UsageError, match="input 'nope' is not a node of the graph"):
        macc.profile(path, inputs={"nope": (1,)})


CYCLES = {
    # a waits for b, which reads a
    "direct": [("a", "Identity", ["x", "^b"]), ("b", "Identity", ["a"])],
    "self": [("a", "Identity", ["x", "^a"])],
    # c -> p2 -> (c2 waits for p2) -> p -> (c waits for p): closed only through both waits
    "two_waits": [("c2", "Identity", ["x", "^p2"]), ("c", "Identity", ["x", "^p"]),
                  ("p", "Identity", ["c2"]), ("p2", "Identity", ["c"])],
}


@pytest.mark.parametrize("case", sorted(CYCLES))
def test_a_wait_that_closes_a_cycle_is_left_to_the_phases(tmp_path, case):
    gd = new()
    placeholder(gd, "x", [2])
    for name, op, inputs in CYCLES[case]:
        add(gd, name, op, inputs, T=F)
    path = write(tmp_path, gd)
    loaded = load(path)
    assert one_pass(loaded.graph_def, source=path, fmt=loaded.format,
                    sizes=loaded.node_sizes) is None
    with pytest.raises(macc.GraphError, match="is on a cycle"):
        macc.profile(path)


def test_waits_as_inlined_calls_nest_them(tmp_path):
    # two levels of an inlined call: each output waits for its level's NoOp, and the outer
    # NoOp waits on the inner call's output (as convdense's SavedModel does): no cycle
    gd = new()
    placeholder(gd, "x", [2, 3])
    add(gd, "inner/r", "Relu", ["x"], T=F)
    add(gd, "inner/Identity", "Identity", ["inner/r", "^inner/NoOp"], T=F)
    add(gd, "inner/NoOp", "NoOp", ["^x"])
    add(gd, "inner", "IdentityN", ["inner/Identity"], T=[FLOAT])
    add(gd, "outer/Identity", "Identity", ["inner", "^outer/NoOp"], T=F)
    add(gd, "outer/NoOp", "NoOp", ["^inner"])
    add(gd, "y", "Relu", ["outer/Identity"], T=F)
    loaded, fast, phases = _both(write(tmp_path, gd))
    assert fast is not None
    _same(fast, phases)
    assert fast.totals["flops"] == 2 * 6  # two Relus of 2*3 elements


def test_calls_of_a_library_are_counted_through_their_bodies():
    # a frozen Keras model whose grouped Conv2D runs in a jit_compile function: the pass takes
    # it and counts the call through the body, as the phases do
    loaded, fast, phases = _both(str(FIXTURES / "sweep_grouped_b1.pb"))
    assert len(loaded.graph_def.library.function) and fast is not None
    _same(fast, phases)
    rows = {r[0]: r for r in fast.rows}
    call = rows["functional_1/conv2d_1/StatefulPartitionedCall"]
    # Conv2D(8, 3x3, groups=2) SAME on [1,8,8,4]: K = 3*3*(4/2) = 18 per output, 512 outputs:
    # exact 512*(2*18-1) = 17,920, TF 0 (it never counts a call), MACCs 512*18 = 9,216
    assert call[3:6] == (17920, 0, 9216)
