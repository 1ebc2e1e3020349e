"""ConvNeXt-T (Liu et al. 2022) by hand, against Keras 3's ConvNeXtTiny and TF's profiler.

Keras's numbers are in tests/fixtures/keras_zoo_counts.json (``python -m tools.fixtures
keras_zoo``: ``keras.applications.ConvNeXtTiny(weights=None)`` frozen at batch 1 and counted by
macc); tests/fixtures/zoo_convnext_tiny.* is the spec's export profiled by TF 2.21
(``python -m tools.fixtures zoo_export``; tests/test_parity.py checks it node by node).
"""

import json

from test_zoo import shown

from conftest import FIXTURES
from macc.layers import Network, count_lowered, count_network, load, lower

KERAS = json.loads((FIXTURES / "keras_zoo_counts.json").read_text())["convnext_tiny"]
_CACHE = {}


def counted():
    if not _CACHE:
        _CACHE["t"] = count_lowered(lower(load("convnext_tiny")), "convnext_tiny")
    return _CACHE["t"]


# per block of width d: depthwise 7×7 49d + d, LayerNorm 2d, Dense d->4d 4d² + 4d, Dense 4d->d
# 4d² + d, layer scale d: 8d² + 58d
def block_params(d):
    return 8 * d * d + 58 * d


def test_params_by_hand_and_timm():
    # stem 4·4·3·96 + 96 = 4,704 + LayerNorm 192; downsampling LayerNorm 2·c + conv 2·2·c·2c + 2c
    # (73,920, 295,296, 1,180,416 with 192, 384, 768 of LayerNorm); head LayerNorm 1,536,
    # fc 768·1000 + 1000 = 769,000. timm's convnext_tiny has the same 28,589,128.
    assert block_params(96) == 79_296 and block_params(768) == 4_763_136
    by_hand = (4_704 + 192 + 3 * block_params(96) + 192 + 73_920 + 3 * block_params(192)
               + 384 + 295_296 + 9 * block_params(384) + 768 + 1_180_416
               + 3 * block_params(768) + 1_536 + 769_000)
    assert by_hand == 28_589_128
    tbl, _ = counted()
    assert tbl.totals.params == by_hand
    assert sum(r.params for r in tbl.layers if r.type == "Scale") == 3 * 96 + 3 * 192 + 9 * 384 + 3 * 768


def test_maccs_by_hand():
    # stem 56²·96·(4·4·3) = 14,450,688; a block at h×h of width d: h²·(49d + 8d²) (depthwise,
    # two Dense); downsampling conv h²·2c·(2·2·c) = 57,802,752 at each of 28², 14², 7²;
    # fc 768·1000
    def block(h, d):
        return h * h * (49 * d + 8 * d * d)
    assert block(56, 96) == 245_962_752 and block(7, 768) == 233_054_976
    by_hand = (14_450_688 + 3 * block(56, 96) + 57_802_752 + 3 * block(28, 192) + 57_802_752
               + 9 * block(14, 384) + 57_802_752 + 3 * block(7, 768) + 768_000)
    assert by_hand == 4_455_531_264
    assert counted()[0].totals.maccs == by_hand


# Σ over the 18 blocks of the depthwise outputs: 56²·96·3 + 28²·192·3 + 14²·384·9 + 7²·768·3
DW_OUT = 903_168 + 451_584 + 677_376 + 112_896
PRE = 224 * 224 * 3  # elements the input Normalization subtracts from and divides


def test_equals_keras_convnext_tiny():
    tbl, rep = counted()
    # params: Keras's trainable count exactly; Keras has no non-trainable weights here (its
    # Normalization preprocessing gets fixed ImageNet mean and variance as constants, not
    # weights), so model.count_params() is 28,589,128 too — the same as timm's
    assert KERAS["trainable"] == tbl.totals.params == 28_589_128
    assert KERAS["non_trainable"] == 0
    k = KERAS["macc"]
    assert k["unsupported"] == {} and tbl.totals.maccs == k["maccs"]
    # per op: the 4 stem/downsampling convs and the 37 MatMuls (36 Dense on NHWC maps through
    # Tensordot, the classifier) agree; Keras's depthwise conv is Conv2D(groups=d), which the
    # frozen graph keeps as a function call (StatefulPartitionedCall) macc counts inline: the
    # same MACCs as the spec's DepthwiseConv2dNative, 49·DW_OUT
    mine = {op: s.maccs for op, s in rep.by_op.items() if s.maccs}
    assert mine["DepthwiseConv2dNative"] == k["maccs_by_op"]["StatefulPartitionedCall"] == 49 * DW_OUT
    assert (mine["Conv2D"], mine["MatMul"]) == (k["maccs_by_op"]["Conv2D"], k["maccs_by_op"]["MatMul"])
    # flops: Keras's graph also normalises its input: Sub and RealDiv per element, Sqrt and
    # Maximum on the 3 variances (2·150,528 + 6 = 301,062); everything else is equal
    assert k["flops"] - tbl.totals.flops == 2 * PRE + 6 == 301_062
    # tf_flops: TF's profiler gives the function call 0 where the spec's depthwise has
    # 2·49·DW_OUT = 210,212,352, and counts the preprocessing but Sqrt (2·150,528 + 3)
    assert tbl.totals.tf_flops - k["tf_flops"] == 98 * DW_OUT - (2 * PRE + 3)
    assert k["tf_flops"] == KERAS["tf_total_float_ops"] == 8_780_086_883


def test_tf_profiler_on_the_export():
    record = json.loads((FIXTURES / "zoo_convnext_tiny.tfprof.json").read_text())
    assert counted()[0].totals.tf_flops == record["total_float_ops"] == 8_989_998_176


def test_published():
    # Liu et al. 2022 print ConvNeXt-T at 224² as 28M params and 4.5G FLOPs (fvcore multiply-
    # adds): 4.456 G rounds to 4.5 (truncation would print 4.4); 28.59 M prints as 28M only
    # truncated (rounding gives 29)
    t = counted()[0].totals
    assert shown(t.maccs, 10 ** 9, 1, "round") == 4.5 and shown(t.maccs, 10 ** 9, 1, "floor") == 4.4
    assert shown(t.params, 10 ** 6, 0, "floor") == 28 and shown(t.params, 10 ** 6, 0, "round") == 29


def test_scale_layer():
    # a [C] trainable gamma and one Mul: C params, one flop (and TF flop) per element, no MACCs
    net = Network(input=[5, 5, 8], layers=[{"type": "Scale", "name": "s"}])
    ops = [n.op for n in lower(net).graph_def.node if n.name.startswith("s/")]
    assert sorted(ops) == ["Mul", "VariableV2"]
    t = count_network(net).totals
    assert (t.params, t.flops, t.tf_flops, t.maccs) == (8, 5 * 5 * 8, 5 * 5 * 8, 0)
