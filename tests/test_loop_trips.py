"""Trip counts the loop warnings state are the iterations TF runs, or none is stated: While
loops whose step or bound is a loop variable the body changes, and loops nested in another's
body (fixtures: tools/fixtures/loop_trips.py, each with the iterations TF ran in trips.json;
.pb keeps the While as a call, .meta is inlined)."""

import json
import re

import pytest
from test_loop_warnings import _loop, _node

import macc
from conftest import FIXTURES
from macc.report.loops import trip_count

LOOPS = FIXTURES / "loops"
RAN = json.loads((LOOPS / "trips.json").read_text())


def _trips(path) -> dict:
    """Loop name -> the iterations its warning states (None: 'decided at run time')."""
    w = [w for w in macc.profile(str(path)).warnings if "While loop" in w]
    assert len(w) == 1, w
    out = {}
    for m in re.finditer(r"'([^']+)': [\d,]+ flops and [\d,]+ MACCs per iteration"
                         r"(?:; (?:at most )?([\d,]+) iterations?| \(trip count decided)", w[0]):
        out[m.group(1)] = None if m.group(2) is None else int(m.group(2).replace(",", ""))
    return out


@pytest.mark.parametrize("ext", ["pb", "meta"])
def test_a_step_or_bound_the_body_changes_gives_no_count(ext):
    # i += s, s += 1 from (0, 1) while i < 20: 6 trips, not 20 (the first step, 1)
    assert RAN["step_var"] == 6 and _trips(LOOPS / f"step_var.{ext}") == {"while": None}
    # i < Cast(n), n -= 1 from (0, 10): 5 trips, not 10 (the first bound)
    assert RAN["bound_cast"] == 5 and _trips(LOOPS / f"bound_cast.{ext}") == {"while": None}


@pytest.mark.parametrize("ext", ["pb", "meta"])
def test_a_step_or_bound_the_body_keeps_is_counted(ext):
    # i += s, s = 3 passed through, while i < 10: 0 3 6 9, 4 trips
    assert RAN["step_kept"] == 4 and _trips(LOOPS / f"step_kept.{ext}") == {"while": 4}
    # i < n - 1, n = 10 passed through: 9 trips
    assert RAN["bound_sub"] == 9 and _trips(LOOPS / f"bound_sub.{ext}") == {"while": 9}


def test_nested_loops_inlined():
    inner = "while/body/while/while"
    # inner j < i (i the outer counter): 0, 1, 2, 3 trips (6 in all): no one count; outer i < 4
    assert RAN["nested"] == 0 + 1 + 2 + 3
    assert _trips(LOOPS / "nested.meta") == {inner: None, "while": 4}
    # inner from j = i to 4: 4, 3, 2, 1 trips (10 in all): no one count
    assert RAN["nested_start"] == 4 + 3 + 2 + 1
    assert _trips(LOOPS / "nested_start.meta") == {inner: None, "while": 4}
    # inner j < 3 from 0 in every outer iteration: 3 each, 4·3 = 12 in all
    assert RAN["nested_const"] == 4 * 3
    assert _trips(LOOPS / "nested_const.meta") == {inner: 3, "while": 4}


def test_a_called_loop_with_a_loop_in_its_body_counts_its_own_cond():
    # the While kept as a call: its trip count is its own (i < 4), not the inner loop's
    # (0 on the first outer iteration of 'nested', 3 in 'nested_const')
    for name in ("nested", "nested_start", "nested_const"):
        assert _trips(LOOPS / f"{name}.pb") == {"while": 4}, name


def test_a_deep_logical_and_cond_is_read_without_recursion():
    # i < 7 joined with a placeholder x by 3,000 nested LogicalAnds: at most 7, no RecursionError
    cond = [_node("lt", "Less", "i0", "n"), _node("a0", "LogicalAnd", "lt", "x")]
    cond += [_node(f"a{k}", "LogicalAnd", f"a{k - 1}", "x") for k in range(1, 3000)]
    cond.append(_node("cond_ret", "Identity", "a2999"))
    assert trip_count(*_loop(cond, {"i0": "body_ret"}, ["i0", "n", "x"])) == (7, False)


def test_a_step_read_from_a_changed_variable_gives_no_count():
    # hand-built: i += s where s is a loop variable the body replaces (s -> i + s): unknown;
    # the same s passed through: 7 / 2 -> 4 trips
    less = [_node("lt", "Less", "i0", "n"), _node("cond_ret", "Identity", "lt")]
    loop = _loop(less, {"i0": "body_ret", "step_by": "two", "two": "body_ret"},
                 ["i0", "n", "two"])
    assert trip_count(*loop) is None
    loop = _loop(less, {"i0": "body_ret", "step_by": "two"}, ["i0", "n", "two"])
    assert trip_count(*loop) == (4, True)


def test_v1_enters_without_frame_names_give_no_count(tmp_path):
    # controlflow_rnn_known (5 iterations, 960 MACCs in all: test_loop_warnings) with its Enters'
    # frame_name removed: each Enter then starts a frame of its own, the loop's nodes are split
    # among them, and no frame's "in all" would be the loop's: no trip count is stated
    from macc.proto import graph_pb2
    gd = graph_pb2.GraphDef.FromString((FIXTURES / "controlflow_rnn_known.pb").read_bytes())
    enters = [n for n in gd.node if n.op == "Enter"]
    assert len(enters) > 1
    for n in enters:
        del n.attr["frame_name"]
    path = tmp_path / "rnn.pb"
    path.write_bytes(gd.SerializeToString())
    w = [w for w in macc.profile(str(path)).warnings if "v1 while loop" in w]
    assert len(w) == 1 and w[0].startswith("6 v1 while loops") and "(frame of rnn/Enter)" in w[0]
    assert "iterations" not in w[0] and "in all" not in w[0]
