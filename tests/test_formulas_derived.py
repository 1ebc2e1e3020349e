"""Formulas derived for ops that were sized but left uncounted: XlaDequantize, SdcaShrinkL1,
BoostedTreesBucketize, DebugNumericSummary(V2) (macc/costs/xla.py, leftovers.py). TF's profiler
has no formula for any of them: tf_flops 0. Numbers derived by hand in the comments."""

import pytest
from formula_helpers import cost, triple
from gdbuild import add, new, placeholder

import macc
from conftest import fixture_rows
from macc.costs import UNCOUNTED_OPS
from macc.errors import MaccError

DERIVED = ("XlaDequantize", "SdcaShrinkL1", "BoostedTreesBucketize", "DebugNumericSummary",
           "DebugNumericSummaryV2")


def test_no_longer_uncounted():
    assert not set(DERIVED) & UNCOUNTED_OPS


def test_xla_dequantize():
    # [2,3] uint32 -> 24 unpacked values, each shift, mask, + half_range, · scale, + min: 5·24
    c = cost("XlaDequantize", [(2, 3)], [None], {"mode": b"MIN_COMBINED"})
    assert triple(c) == (120, 0, 0)
    assert cost("XlaDequantize", [(None, 3)], [None], {"mode": b"MIN_COMBINED"}).flops is None
    with pytest.raises(MaccError, match="mode 'SCALED' is not supported"):
        cost("XlaDequantize", [(2, 3)], [None], {"mode": b"SCALED"})


def test_sdca_shrink_l1():
    # weights [3] and [2,4]: 11 weights, sign, abs, subtract, max, multiply each: 55
    assert triple(cost("SdcaShrinkL1", [(3,), (2, 4)], [])) == (55, 0, 0)
    assert cost("SdcaShrinkL1", [(3,), (None,)], []).flops is None


def test_boosted_trees_bucketize():
    # feature 0: 10 values in 4 boundaries, ⌈log2(5)⌉ = 3 each: 30; feature 1: 7 values in 7
    # boundaries, ⌈log2(8)⌉ = 3: 21; 51 in all
    ins = [(10,), (7,), (4,), (7,)]
    assert triple(cost("BoostedTreesBucketize", ins, [(10,), (7,)], {"num_features": 2})) == (51, 0, 0)
    # no boundaries: bucket 0 without a search, 0
    assert cost("BoostedTreesBucketize", [(10,), (0,)], [(10,)], {"num_features": 1}).flops == 0
    # boundaries of unknown length (as GetBucketBoundaries gives them): unknown
    assert cost("BoostedTreesBucketize", [(10,), (None,)], [(10,)], {"num_features": 1}).flops is None


def test_debug_numeric_summary():
    # [2,6], default bounds (±inf, not compared): pass 1 9 per element, pass 2 5, mean and
    # variance divides: 12·14 + 2 = 170
    assert triple(cost("DebugNumericSummary", [(2, 6)], [None])) == (170, 0, 0)
    # a finite lower bound and a finite upper bound: 2 more comparisons each: 12·16 + 2 = 194
    assert cost("DebugNumericSummary", [(2, 6)], [None],
                {"lower_bound": -1.0, "upper_bound": 1.0}).flops == 194
    assert cost("DebugNumericSummary", [(0, 6)], [None]).flops == 0  # no mean, no variance


def test_debug_numeric_summary_v2_modes():
    # 12 elements: CURT_HEALTH, CONCISE_HEALTH, REDUCE_INF_NAN_THREE_SLOTS one is-finite test
    # each: 12; FULL_HEALTH is-finite, x < 0, x == 0 and the count: 48; SHAPE 0
    got = [cost("DebugNumericSummaryV2", [(2, 6)], [None], {"tensor_debug_mode": m}).flops
           for m in (2, 3, 8, 4, 5)]
    assert got == [12, 12, 12, 48, 0]
    gd = new()
    placeholder(gd, "x", [2, 6])
    add(gd, "s", "DebugNumericSummaryV2", ["x"], T=1, tensor_debug_mode=1)
    with pytest.raises(MaccError, match="node 's'.*tensor_debug_mode 1 is not implemented"):
        macc.profile(gd)


def test_round10_fixture_counts():
    rows = fixture_rows("r10_misc")
    # x [2,6]: v1 12·14 + 2 = 170; V2 CURT_HEALTH 12
    assert (rows["DebugNumericSummary"].flops, rows["DebugNumericSummaryV2"].flops) == (170, 12)
    assert rows["DebugNumericSummary"].status == "counted"
    # the trees' boundaries come from GetBucketBoundaries, of unknown length: unknown shape
    assert fixture_rows("r10_trees")["BoostedTreesBucketize"].status == "unknown_shape"
