"""Loops are counted once; the warnings give each loop's cost per iteration (what to multiply)."""

import macc
from conftest import FIXTURES
from macc.graph import Graph, Node
from macc.report.loops import inlined_loop_costs, v1_frames, while_warning


def _node(name, op, *inputs, **attrs):
    return Node(name, op, [(i, 0) for i in inputs], attrs=attrs)


def test_v1_frames_follow_enter_and_exit_nested():
    g = Graph([
        _node("x", "Placeholder"),
        _node("e", "Enter", "x", frame_name="outer"),
        _node("m", "Neg", "e"),
        _node("e2", "Enter", "m", frame_name="inner"),
        _node("m2", "Neg", "e2"),
        _node("ex2", "Exit", "m2"),  # back in the outer frame
        _node("m3", "Neg", "ex2"),
        _node("ex", "Exit", "m3"),  # back at the top
        _node("after", "Neg", "ex"),
        Node("c", "Const", control_inputs=["m"]),  # a loop constant hangs on its pivot
    ])
    assert v1_frames(g) == {"e": "outer", "m": "outer", "e2": "inner", "m2": "inner",
                            "ex2": "outer", "m3": "outer", "c": "outer"}


def test_v1_loop_warning_on_a_tf1_rnn():
    # controlflow_rnn_known: h = tanh(x_t·W + h·U + b) over 5 steps, batch 4, a v1 while loop.
    # Inside the frame: x_t·W [4,8]x[8,6] 24·(2·8 − 1) = 360 flops, 4·8·6 = 192 MACCs; the two
    # adds and the tanh on [4,6] 3·24 = 72 (h·U and the counter have unknown shapes in the loop,
    # as in TF: 0) -> 432 flops per iteration, counted once. The cond is t < 5, t from 0 by 1
    # (Merge of Enter(0) and NextIteration(t + 1)): 5 iterations, 2,160 flops and 960 MACCs
    r = macc.profile(str(FIXTURES / "controlflow_rnn_known.pb"))
    w = [w for w in r.warnings if "v1 while loop" in w]
    assert len(w) == 1
    assert ("'rnn/while_context' (34 nodes): 432 flops and 192 MACCs per iteration; 5 iterations "
            "(its cond bounds a counter): 2,160 flops and 960 MACCs in all") in w[0]


def test_v1_trip_count_of_a_tensor_array_loop():
    # controlflow_tensor_array_known: out[t] = x[:, t]·w in a v1 while_loop, t < 4 from 0 by 1:
    # [4,6]x[6,5] 20·(2·6 − 1) = 220 flops and 4·6·5 = 120 MACCs per iteration, 4 iterations
    r = macc.profile(str(FIXTURES / "controlflow_tensor_array_known.pb"))
    assert any("'steps/while_context' (30 nodes): 220 flops and 120 MACCs per iteration; 4 "
               "iterations" in w for w in r.warnings)


def test_no_loop_no_warning():
    r = macc.profile(str(FIXTURES / "seed_frozen.pb"))
    assert not any("loop" in w for w in r.warnings)


def test_inlined_costs_count_nested_loops_in_both():
    names = ["a/cond/less", "a/body/mm", "a/body/b/body/mm", "a/body/b/cond/lt", "other/mm"]
    tails = [(None, None, f, None, m) for f, m in ((1, 0), (10, 4), (100, 40), (2, 0), (7, 3))]
    assert inlined_loop_costs(["a", "a/body/b"], names, tails) == [
        ("a", 1 + 10 + 100 + 2, 4 + 40), ("a/body/b", 100 + 2, 40)]


def test_while_warning_lists_five_then_counts():
    w = while_warning([(f"w{i}", i, 0) for i in range(7)])
    assert w.startswith("7 While loops: ") and "'w4': 4 flops" in w and w.endswith("; and 2 more")


def test_keras_lstm_trip_count_from_its_cond():
    # Keras LSTM(6) on [1, 5, 4] in a SavedModel: the cond is loop_counter < max_iterations
    # (a Max folded to 5) and time < 5, both stepped by 1 from 0: 5 iterations. 5·240 = 1,200
    # MACCs, what the same LSTM as an unrolled layer spec counts (tests/test_layers2.py)
    r = macc.profile(str(FIXTURES / "savedmodels" / "keras_lstm_b1"))
    assert any("593 flops and 240 MACCs per iteration; 5 iterations (its cond bounds a "
               "counter): 2,965 flops and 1,200 MACCs in all" in w for w in r.warnings)


def _loop(cond_nodes, body_rets, inputs, extra=()):
    """A flat graph as inlining leaves one While: initial values, cond nodes, body nodes."""
    from macc.inline import LoopWiring
    from macc.shapes import infer_shapes
    from tests.shapes_graph import tensor

    def const(name, v):
        t = tensor(v)
        return Node(name, "Const", attrs={"value": t, "dtype": t.dtype})
    nodes = [const("i0", 0), const("n", 7), const("one", 1), const("two", 2),
             Node("x", "Placeholder", attrs={"shape": (), "dtype": 10}), *extra, *cond_nodes]
    nodes.append(_node("step", "AddV2", "i0", body_rets.get("step_by", "one")))
    nodes.append(_node("body_ret", "Identity", "step"))
    g = Graph(nodes)
    wiring = LoopWiring("w", inputs, "cond_ret", [body_rets.get(i, i) for i in inputs])
    return wiring, g, infer_shapes(g)


def test_trip_count_rules():
    from macc.report.loops import trip_count
    less = [_node("lt", "Less", "i0", "n"), _node("cond_ret", "Identity", "lt")]
    # i from 0 by 1 while i < 7: 7; by 2: ceil(7/2) = 4
    assert trip_count(*_loop(less, {"i0": "body_ret"}, ["i0", "n"])) == (7, True)
    assert trip_count(*_loop(less, {"i0": "body_ret", "step_by": "two"}, ["i0", "n"])) == (4, True)
    # i <= 7: 8; 7 > i (swapped): 7
    le = [_node("lt", "LessEqual", "i0", "n"), _node("cond_ret", "Identity", "lt")]
    assert trip_count(*_loop(le, {"i0": "body_ret"}, ["i0", "n"])) == (8, True)
    gt = [_node("lt", "Greater", "n", "i0"), _node("cond_ret", "Identity", "lt")]
    assert trip_count(*_loop(gt, {"i0": "body_ret"}, ["i0", "n"])) == (7, True)
    # and a data-dependent predicate: at most 7
    both = [_node("lt", "Less", "i0", "n"), _node("cond_ret", "LogicalAnd", "lt", "x")]
    assert trip_count(*_loop(both, {"i0": "body_ret"}, ["i0", "n", "x"])) == (7, False)
    # the bound is a loop variable the body changes: unknown
    assert trip_count(*_loop(less, {"i0": "body_ret", "n": "body_ret"}, ["i0", "n"])) is None
    # the counter is not stepped by a constant (passed through): unknown
    assert trip_count(*_loop(less, {}, ["i0", "n"])) is None
