"""Formulas derived for ops that were sized but left uncounted: XlaDequantize, SdcaShrinkL1,
BoostedTreesBucketize, DebugNumericSummary(V2), AudioMicrofrontend (macc/costs/xla.py,
leftovers.py, audio.py). TF's profiler has no formula for any of them: tf_flops 0. Numbers
derived by hand in the comments."""

import pytest
from formula_helpers import cost, triple
from gdbuild import add, new, placeholder

import macc
from conftest import fixture_rows
from macc.costs import UNCOUNTED_OPS
from macc.costs.audio import filterbank_layout
from macc.errors import MaccError

DERIVED = ("XlaDequantize", "SdcaShrinkL1", "BoostedTreesBucketize", "DebugNumericSummary",
           "DebugNumericSummaryV2", "AudioMicrofrontend")


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


def test_microfrontend_filterbank_layout():
    # 16 kHz, 400-sample windows: a 512-point FFT, 257 bins of 31.25 Hz. start = int(1.5 +
    # 125/31.25) = 5; 3 mel centers (2 channels + 1) from mel(125) = 185.2 to mel(7500) = 2773.3,
    # 862.7 apart: 1047.9 (1073.8 Hz, bin 34.4), 1910.6 (3113.9 Hz, bin 99.6), 2773.3 (bin 240).
    # Channels: bins 5..34 (30, aligned from 4: 31, padded to 32), 35..99 (65, from 34: 66 -> 68),
    # 100..240 (141, from 100 -> 144): E = 241 − 5 = 236, S = 32 + 68 + 144 = 244
    assert filterbank_layout(2, 16000, 512, 125.0, 7500.0) == (236, 244)
    # lower 20 Hz, 40 channels: the first channel gets no bin (a block of 4 zero weights)
    assert filterbank_layout(40, 16000, 512, 20.0, 4000.0) == (127, 216)


def test_audio_microfrontend():
    # 800 samples: (800 − 400)//160 + 1 = 3 frames; per frame window 4·400 + FFT input shift 400,
    # real FFT 2.5·512·9 = 11520, energy 3·236 = 708, accumulation 4·244 = 976, per channel
    # sqrt 2 + noise reduction 12 + log 10 + out_scale 1 = 25: 2000 + 11520 + 708 + 976 + 50
    # = 15254; 3·15254 = 45762
    c = cost("AudioMicrofrontend", [(800,)], [(3, 2)], {"num_channels": 2})
    assert triple(c) == (45762, 0, 0)
    # PCAN adds 18 per channel: 3·(15254 + 36) = 45870; no log: 9 fewer, 3·(15254 − 18) = 45708
    assert cost("AudioMicrofrontend", [(800,)], [(3, 2)],
                {"num_channels": 2, "enable_pcan": True}).flops == 45870
    assert cost("AudioMicrofrontend", [(800,)], [(3, 2)],
                {"num_channels": 2, "enable_log": False}).flops == 45708
    # shorter than a window: no frame; unknown length: unknown
    assert cost("AudioMicrofrontend", [(399,)], [(0, 32)]).flops == 0
    assert cost("AudioMicrofrontend", [(None,)], [(0, 32)]).flops is None
    # an upper band limit above 8 kHz reaches past the spectrum: TF's kernel fails
    with pytest.raises(MaccError, match="beyond the 257 bins"):
        cost("AudioMicrofrontend", [(800,)], [(3, 32)], {"upper_band_limit": 9000.0})


def test_audio_microfrontend_fixture():
    row = fixture_rows("r10_misc")["AudioMicrofrontend"]
    # 16000 samples, all 98 windows computed ((16000 − 400)//160 + 1; frame_stride 2 writes 49):
    # 32 channels, E = 236 (bins 5..240), S = 308 (the 33 channels' widths 1, 2, 3, 2, 2, 3, ...,
    # 15, 17, 18, each padded from its even start to a multiple of 4; a float64 recomputation
    # agrees): 2000 + 11520 + 708 + 1232 + 25·32 = 16260
    # per frame, 98·16260 = 1593480
    assert (row.status, row.flops, row.tf_flops) == ("counted", 1593480, 0)
