"""Layer kinds for audio, video, segmentation and sequence specs (macc/layers/models_seq.py):
Conv1D, 1-D and 3-D pools, Conv3D, ZeroPadding2D, Cropping2D, UpSampling2D, SimpleRNN, LSTM,
GRU — hand counts, one-line errors, and the equality with small frozen Keras 3 models profiled
by TF 2.21 (tests/fixtures/l2_*; tools/fixtures/layers2.py holds the same networks in Keras)."""

import collections
import json

import pytest
from test_transformer import _tf_by_op

import macc
from conftest import FIXTURES
from macc import SpecError
from macc.layers import (
    GRU,
    LSTM,
    Conv1D,
    Conv3D,
    Input,
    Network,
    SimpleRNN,
    count_lowered,
    count_network,
    from_dict,
    lower,
)


def totals(layers, shape, batch=1):
    t = count_network(Network(input=list(shape), layers=layers, batch=batch)).totals
    return t.maccs, t.flops, t.tf_flops, t.params


def ops_of(layers, shape):
    return [n.op for n in lower(Network(input=list(shape), layers=layers)).graph
            if n.op not in ("Const", "VariableV2", "Placeholder")]


# ---- hand counts -------------------------------------------------------------------------------
def test_conv1d_same():
    # [100, 16] -> [100, 32], k = 3: K = 3·16 = 48 per output, 3200 outputs.
    # maccs 3200·48 = 153,600; exact 3200·(2·48 − 1) = 304,000 + bias 3200 = 307,200;
    # TF 2·3200·48 = 307,200 + bias 3200 = 310,400; params 3·16·32 + 32 = 1568
    layer = {"type": "Conv1D", "filters": 32, "kernel_size": 3, "padding": "same"}
    assert totals([layer], (100, 16)) == (153_600, 307_200, 310_400, 1568)
    assert ops_of([layer], (100, 16)) == ["ExpandDims", "ExpandDims", "Conv2D", "Squeeze",
                                          "BiasAdd"]


def test_conv1d_causal_and_dilated():
    # causal, k = 3, dilation 2 on [10, 3]: Pad 4 steps in front -> 14, SpaceToBatchND by 2
    # -> [2, 7, 3], valid conv -> [2, 5, 4]: 40 outputs (= 10·4), K = 9: maccs 360,
    # exact 40·17 = 680, TF 2·40·9 = 720; no bias: params 3·3·4 = 36
    causal = {"type": "Conv1D", "filters": 4, "kernel_size": 3, "padding": "causal",
              "dilation": 2, "bias": False}
    assert totals([causal], (10, 3)) == (360, 680, 720, 36)
    assert ops_of([causal], (10, 3)) == ["Pad", "SpaceToBatchND", "ExpandDims", "ExpandDims",
                                         "Conv2D", "Squeeze", "BatchToSpaceND"]
    # valid, dilation 2 on [11, 3]: 7 outputs per channel, but 11 steps pad to 12 for the
    # space-to-batch, [2, 6, 3] -> [2, 4, 4]: the conv computes 8 positions and the crop keeps 7
    # (as TF runs it): maccs 32·9 = 288, where 7·4·9 = 252 would be the dilated conv's own
    valid = {**causal, "padding": "valid"}
    net = Network(input=[11, 3], layers=[valid])
    assert count_network(net).layers[-1].output_shape == [7, 4]
    assert count_network(net).totals.maccs == 288


def test_conv1d_grouped_and_width():
    # [20, 8], 16 filters in 4 groups, k = 3: K = 3·(8/4) = 6, 18·16 = 288 outputs:
    # maccs 1728, exact 288·11 + 288 = 3456; kernel [3, 2, 16] + bias: 112 params
    layer = {"type": "Conv1D", "filters": 16, "kernel_size": 3, "groups": 4}
    maccs, flops, _, params = totals([layer], (20, 8))
    assert (maccs, flops, params) == (1728, 3456, 112)


def test_conv3d_same():
    # [8, 16, 16, 3] -> [8, 16, 16, 8] = 16,384 outputs, K = 3·3·3·3 = 81:
    # maccs 16,384·81 = 1,327,104; exact 16,384·161 + 16,384 = 2,654,208;
    # TF 2·16,384·81 + 16,384 = 2,670,592; params 27·3·8 + 8 = 656
    layer = {"type": "Conv3D", "filters": 8, "kernel_size": 3, "padding": "same"}
    assert totals([layer], (8, 16, 16, 3)) == (1_327_104, 2_654_208, 2_670_592, 656)
    assert ops_of([layer], (8, 16, 16, 3)) == ["Conv3D", "BiasAdd"]


def test_pools_3d_and_1d():
    # MaxPool3D 2 on [4, 8, 8, 3] -> [2, 4, 4, 3] = 96 outputs of 8 inputs: 7 comparisons each
    # = 672 exact, TF 0 (no 3-D pool formula); GlobalAvgPool3D: Mean, 96 elements to 3 (TF N(in))
    t = count_network(Network(input=[4, 8, 8, 3], layers=[{"type": "MaxPool3D"},
                                                          {"type": "GlobalAvgPool3D"}]))
    rows = {r.name: r for r in t.layers}
    assert (rows["max_pool3d"].flops, rows["max_pool3d"].tf_flops) == (672, 0)
    assert rows["max_pool3d"].output_shape == [2, 4, 4, 3]
    assert (rows["global_avg_pool3d"].tf_flops, rows["global_avg_pool3d"].output_shape) == (96, [3])
    # AvgPool1D 3/2 same on [15, 3] -> [8, 3]: TF 3·24 = 72 (prod(ksize)·N(out))
    t = count_network(Network(input=[15, 3], layers=[
        {"type": "AvgPool1D", "pool_size": 3, "strides": 2, "padding": "same"}]))
    assert (t.totals.tf_flops, t.layers[-1].output_shape) == (72, [8, 3])


def test_padding_cropping_upsampling_shapes():
    t = count_network(Network(input=[6, 6, 3], layers=[
        {"type": "ZeroPadding2D", "padding": [[1, 2], [3, 4]]},        # 9 × 13
        {"type": "Cropping2D", "cropping": [[1, 2], [0, 1]]},           # 6 × 12
        {"type": "UpSampling2D", "size": [2, 3]},                       # 12 × 36
        {"type": "UpSampling2D", "interpolation": "bilinear"}]))        # 24 × 72
    assert [r.output_shape for r in t.layers[1:]] == [[9, 13, 3], [6, 12, 3], [12, 36, 3],
                                                      [24, 72, 3]]
    # nearest: Keras's two repeats each compute the new size with an int32 Mul (TF counts 1);
    # bilinear: ResizeBilinear 9 exact flops per output (3 two-tap weighted sums), TF 0
    assert t.totals.tf_flops == 2
    assert t.totals.flops == 2 + 9 * 24 * 72 * 3


def test_simple_rnn():
    # [10, 16], 32 units: per step x·W 16·32 + h·U 32·32 = 1536 maccs, 10 steps: 15,360;
    # params 16·32 + 32·32 + 32 = 1568
    assert totals([{"type": "SimpleRNN", "units": 32}], (10, 16))[0::3] == (15_360, 1568)


def test_lstm_per_step():
    # d = 16, u = 32, T = 10, batch 1. Per step:
    # maccs 4·(d·u + u·u) = 4·(512 + 1024) = 6144            -> 61,440
    # exact: x·W 128·(2·16 − 1) = 3968, h·U 128·(2·32 − 1) = 8064, the sum 128, bias 128,
    #   3 sigmoid gates 3·32·4 = 384, 2 tanh 64, 3 Mul 96, c's add 32 = 12,864   -> 128,640
    # TF: 2·16·128 = 4096 + 2·32·128 = 8192 + 128 + 128 + 96 + 32 = 12,672       -> 126,720
    # params 4·(d·u + u·u + u) = 4·1568 = 6272
    assert totals([{"type": "LSTM", "units": 32}], (10, 16)) == (61_440, 128_640, 126_720, 6272)


def test_gru_per_step():
    # d = 16, u = 32, T = 10, batch 1, reset_after (Keras's default). Per step:
    # maccs 3·(d·u + u·u) = 3·1536 = 4608                    -> 46,080
    # exact: x·W 96·31 = 2976, h·U 96·63 = 6048, input bias 96, recurrent bias 96, z and r
    #   pre-activation adds 64, 2 sigmoids 2·32·4 = 256, r·(h·U_h) 32, h̃'s add 32, tanh 32,
    #   z·h 32, 1 − z 32, (1 − z)·h̃ 32, the sum 32 = 9760                          -> 97,600
    # TF: 2·16·96 = 3072 + 2·32·96 = 6144 + 96 + 96 + 8·32 (adds, muls, sub) = 9664 -> 96,640
    # params 3·(d·u + u·u + 2u) = 3·1600 = 4800 (bias [2, 96])
    assert totals([{"type": "GRU", "units": 32}], (10, 16)) == (46_080, 97_600, 96_640, 4800)
    # reset_after False: bias [96], r·h goes into the product (h·U_zr, then (r·h)·U_h):
    # params 3·(512 + 1024 + 32) = 4704; maccs unchanged per step (32·64 + 32·32 = 3072)
    assert totals([{"type": "GRU", "units": 32, "reset_after": False}], (10, 16))[0::3] == (
        46_080, 4704)


def test_return_sequences_and_batch_add_form():
    # return_sequences: Pack and Transpose back to [batch, T, u]
    t = count_network(Network(input=[5, 3], layers=[
        {"type": "LSTM", "units": 4, "return_sequences": True}]))
    assert t.layers[-1].output_shape == [5, 4]
    # Keras's ops.add(x·W, h·U): a BiasAdd at batch 1 ([1, 16] squeezes to a vector), AddV2 above
    def adds(batch):
        g = lower(Network(input=[2, 3], batch=batch, layers=[{"type": "LSTM", "units": 4}])).graph
        return collections.Counter(n.op for n in g if n.op in ("BiasAdd", "AddV2"))
    assert adds(1) == {"BiasAdd": 4, "AddV2": 2}
    assert adds(2) == {"BiasAdd": 2, "AddV2": 4}


def test_unrolled_spec_counts_every_step_the_loop_graph_one():
    # The same Keras LSTM(6) on [1, 5, 4], frozen with its While loop (sweep3k_lstm_while):
    # macc counts the body once, 4·24 + 6·24 = 240 maccs; the spec unrolls the 5 steps: 1200
    loop = macc.profile(str(FIXTURES / "sweep3k_lstm_while.pb"))
    spec = count_network(Network(input=[5, 4], layers=[{"type": "LSTM", "units": 6}]))
    assert (loop.totals.maccs, spec.totals.maccs) == (240, 5 * 240)


def test_python_classes():
    net = Network(layers=[Input(shape=[12, 8]), Conv1D(filters=8, kernel_size=3, padding="same"),
                          SimpleRNN(units=4, return_sequences=True), LSTM(units=4)])
    assert count_network(net).layers[-1].output_shape == [4]
    assert GRU(units=3).reset_after and Conv3D(filters=2, kernel_size=1).padding == "valid"


# ---- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,layers,needle", [
    ([8, 8, 3], [{"type": "Conv1D", "filters": 4, "kernel_size": 3}],
     "layer 'conv1d' (Conv1D): needs a sequence input (batch, steps, channels), got [1, 8, 8, 3]"),
    ([8, 8, 3], [{"type": "Conv3D", "filters": 4, "kernel_size": 3}],
     "layer 'conv3d' (Conv3D): needs a volume input"),
    ([16], [{"type": "LSTM", "units": 4}], "layer 'lstm' (LSTM): needs a sequence input"),
    ([8, 3], [{"type": "MaxPool3D"}], "layer 'max_pool3d' (MaxPool3D): needs a volume input"),
    ([8, 3], [{"type": "UpSampling2D"}], "layer 'up_sampling2d' (UpSampling2D): needs a 4-d"),
    ([8, 4], [{"type": "Conv1D", "filters": 4, "kernel_size": 3, "strides": 2, "dilation": 2}],
     "layer 'conv1d' (Conv1D): field 'strides': strides above 1 with a dilation above 1"),
    ([8, 4], [{"type": "Conv1D", "filters": 4, "kernel_size": 3, "groups": 3}],
     "layer 'conv1d' (Conv1D): field 'groups': 3 groups do not divide 4 input channels"),
    ([4, 4, 3], [{"type": "Cropping2D", "cropping": 2}],
     "layer 'cropping2d' (Cropping2D): field 'cropping': crops 4 rows and 4 columns of a 4×4"),
])
def test_lowering_errors_are_one_line(shape, layers, needle):
    with pytest.raises(SpecError) as e:
        count_network(Network(input=shape, layers=layers))
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_bad_fields_are_one_line():
    with pytest.raises(SpecError) as e:
        from_dict({"input": [8, 3], "layers": [{"type": "Conv1D", "filters": 4,
                                                "kernel_size": 3, "padding": "full"}]},
                  source="s.json")
    assert str(e.value).startswith("s.json: layer '#0' (Conv1D): field 'padding': Input should "
                                   "be 'same', 'valid' or 'causal'")
    with pytest.raises(SpecError, match=r"layer '#0' \(GRU\): field 'units'"):
        from_dict({"input": [8, 3], "layers": [{"type": "GRU", "units": 0}]})


# ---- the same networks as frozen Keras 3 models (tools/fixtures/layers2.py) --------------------
SPECS = {
    "l2_conv1d": (2, [16, 3], [
        {"type": "Conv1D", "filters": 8, "kernel_size": 3, "padding": "causal", "dilation": 2},
        {"type": "Conv1D", "filters": 8, "kernel_size": 5, "strides": 2, "padding": "same",
         "activation": "relu"},
        {"type": "Conv1D", "filters": 4, "kernel_size": 3, "dilation": 3, "padding": "same",
         "bias": False},
        {"type": "Conv1D", "filters": 6, "kernel_size": 2, "dilation": 2}]),
    "l2_maxpool1d": (1, [15, 3], [
        {"type": "MaxPool1D"}, {"type": "MaxPool1D", "pool_size": 3, "strides": 2,
                                "padding": "same"},
        {"type": "Flatten"}, {"type": "Dense", "units": 4}]),
    "l2_avgpool1d": (1, [15, 3], [
        {"type": "AvgPool1D", "pool_size": 3, "strides": 2, "padding": "same"},
        {"type": "AvgPool1D"}]),
    "l2_gap1d": (2, [10, 3], [{"type": "GlobalAvgPool1D", "keepdims": True},
                              {"type": "Dense", "units": 4}]),
    "l2_gmp1d": (2, [10, 3], [{"type": "GlobalMaxPool1D"}, {"type": "Dense", "units": 4}]),
    "l2_conv3d": (1, [6, 8, 8, 2], [
        {"type": "Conv3D", "filters": 4, "kernel_size": 3, "padding": "same"},
        {"type": "Conv3D", "filters": 4, "kernel_size": [1, 3, 3], "strides": [1, 2, 2],
         "activation": "relu"},
        {"type": "Conv3D", "filters": 3, "kernel_size": 3, "dilation": [1, 2, 2],
         "padding": "same"}]),
    "l2_maxpool3d": (1, [6, 8, 7, 2], [
        {"type": "MaxPool3D"}, {"type": "MaxPool3D", "pool_size": [1, 2, 2], "padding": "same"},
        {"type": "Conv3D", "filters": 3, "kernel_size": 1}]),
    "l2_avgpool3d": (1, [6, 8, 7, 2], [
        {"type": "AvgPool3D"},
        {"type": "AvgPool3D", "pool_size": [1, 2, 2], "strides": 1, "padding": "same"},
        {"type": "Conv3D", "filters": 3, "kernel_size": 1}]),
    "l2_gap3d": (2, [4, 5, 6, 3], [{"type": "GlobalAvgPool3D"}, {"type": "Dense", "units": 4}]),
    "l2_zeropad2d": (1, [6, 6, 3], [
        {"type": "ZeroPadding2D", "padding": [[1, 2], [3, 4]]}, {"type": "ZeroPadding2D"},
        {"type": "Conv2D", "filters": 4, "kernel_size": 3}]),
    "l2_crop2d": (1, [9, 9, 3], [
        {"type": "Cropping2D", "cropping": [[1, 2], [0, 1]]}, {"type": "Cropping2D", "cropping": 1},
        {"type": "Conv2D", "filters": 4, "kernel_size": 3}]),
    "l2_upsample_nearest": (1, [6, 5, 3], [{"type": "UpSampling2D", "size": [2, 3]},
                                          {"type": "Conv2D", "filters": 4, "kernel_size": 3}]),
    "l2_upsample_bilinear": (1, [6, 5, 3], [
        {"type": "UpSampling2D", "interpolation": "bilinear"},
        {"type": "Conv2D", "filters": 4, "kernel_size": 3}]),
    "l2_simple_rnn": (2, [5, 3], [
        {"type": "SimpleRNN", "units": 4, "return_sequences": True},
        {"type": "SimpleRNN", "units": 6, "activation": "relu"}]),
    "l2_lstm": (2, [5, 3], [{"type": "LSTM", "units": 4, "return_sequences": True},
                            {"type": "LSTM", "units": 6, "bias": False}]),
    "l2_lstm_b1": (1, [4, 3], [{"type": "LSTM", "units": 5}]),
    "l2_gru": (2, [5, 3], [{"type": "GRU", "units": 4, "return_sequences": True},
                           {"type": "GRU", "units": 6, "reset_after": False}]),
    "l2_gru_b1": (1, [4, 3], [{"type": "GRU", "units": 5, "return_sequences": True},
                              {"type": "GRU", "units": 3, "bias": False}]),
    "l2_mix": (1, [4, 8, 8, 3], [
        {"type": "Conv3D", "filters": 4, "kernel_size": 3, "padding": "same",
         "activation": "relu"},
        {"type": "MaxPool3D", "pool_size": [1, 2, 2]},
        {"type": "Reshape", "target_shape": [4, 4, 16]}, {"type": "ZeroPadding2D"},
        {"type": "Conv2D", "filters": 8, "kernel_size": 3}, {"type": "UpSampling2D"},
        {"type": "Cropping2D", "cropping": 1}, {"type": "Reshape", "target_shape": [36, 8]},
        {"type": "Conv1D", "filters": 8, "kernel_size": 3, "padding": "causal", "dilation": 2},
        {"type": "AvgPool1D"},
        {"type": "LSTM", "units": 8, "return_sequences": True}, {"type": "GRU", "units": 6},
        {"type": "Dense", "units": 5}]),
}


def _cols(r):
    return {op: (s.count, s.flops, s.tf_flops, s.maccs) for op, s in r.by_op.items()
            if s.flops or s.maccs or s.tf_flops}


def check_spec_equals_frozen(stem, batch, shape, layers):
    """The spec against its frozen Keras 3 fixture STEM: TF's profiler total and per op type,
    Keras's count_params, and every macc column op type by op type; (spec report, frozen one)."""
    table, rep = count_lowered(lower(Network(name=stem, batch=batch, input=shape,
                                             layers=layers)), stem)
    frozen = macc.profile(str(FIXTURES / f"{stem}.pb"))
    record, tf_by_op = _tf_by_op(stem, frozen)
    assert record["batch"] == batch
    # TF's profiler on the frozen Keras graph, total and per op type; Keras's count_params
    assert table.totals.tf_flops == record["total_float_ops"]
    assert {op: s.tf_flops for op, s in rep.by_op.items() if s.tf_flops} == tf_by_op
    assert table.totals.params == record["keras_params"]
    # every column of macc on the frozen graph, op type by op type
    assert _cols(rep) == _cols(frozen)
    assert (table.totals.flops, table.totals.maccs, table.totals.weights) == (
        frozen.totals.flops, frozen.totals.maccs, frozen.totals.weights)
    return rep, frozen


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_spec_equals_frozen_keras_model(stem):
    check_spec_equals_frozen(stem, *SPECS[stem])


def fixture_numbers(stems) -> dict:
    """stem -> (TF 2.21's total, Keras's params) as the fixtures recorded them."""
    got = {}
    for stem in stems:
        r = json.loads((FIXTURES / f"{stem}.tfprof.json").read_text())
        got[stem] = (r["total_float_ops"], r["keras_params"])
    return got


def test_fixture_numbers():
    # TF 2.21's totals and Keras's params, so a regenerated fixture that changes them is noticed
    got = fixture_numbers(SPECS)
    assert got == {
        "l2_conv1d": (19_912, 558), "l2_maxpool1d": (178, 52), "l2_avgpool1d": (96, 0),
        "l2_gap1d": (116, 16), "l2_gmp1d": (56, 16), "l2_conv3d": (245_562, 695),
        "l2_maxpool3d": (180, 9), "l2_avgpool3d": (540, 9), "l2_gap3d": (776, 16),
        "l2_zeropad2d": (25_740, 112), "l2_crop2d": (1760, 112),
        "l2_upsample_nearest": (28_602, 112), "l2_upsample_bilinear": (17_600, 112),
        "l2_simple_rnn": (1960, 98), "l2_lstm": (8000, 368), "l2_lstm_b1": (1520, 180),
        "l2_gru": (6500, 306), "l2_gru_b1": (1912, 222), "l2_mix": (249_115, 2555)}
    # l2_lstm: LSTM(4) on 3 features, then LSTM(6, no bias) on 4: 4·(3·4 + 16 + 4) + 4·(4·6 + 36)
    assert 4 * (3 * 4 + 16 + 4) + 4 * (4 * 6 + 36) == got["l2_lstm"][1]
    # l2_gru: GRU(4) reset_after 3·(12 + 16 + 8), GRU(6) reset_after False 3·(24 + 36 + 6)
    assert 3 * (12 + 16 + 8) + 3 * (24 + 36 + 6) == got["l2_gru"][1]


@pytest.mark.parametrize("padding,hw,tf_total", [
    # TF 2.21's profiler on the frozen Keras 3 model Conv2D(4, 3, dilation_rate=2) (measured):
    # same on 11×11×3: pad (3−1)·2 = 4, then 1 more to 16 (a multiple of 2): 4 blocks of 8×8,
    # VALID 3×3 -> 6×6 each, 144 positions: 2·144·4·27 = 31,104 + BiasAdd 11·11·4 = 484
    ("same", 11, 31_588),
    # valid on 11: 1 pixel to 12, 4 blocks of 6×6 -> 4×4: 64 positions: 13,824 + 7·7·4 = 196
    ("valid", 11, 14_020),
    # same on 12: 16, no extra: 144 positions again, BiasAdd 12·12·4 = 576
    ("same", 12, 31_680),
])
def test_dilated_conv2d_is_keras_space_to_batch_form(padding, hw, tf_total):
    from macc.layers import Network, count_network
    net = Network(input=[hw, hw, 3], layers=[{"type": "Conv2D", "filters": 4, "kernel_size": 3,
                                               "dilation": 2, "padding": padding}])
    r = count_network(net)
    assert r.totals.tf_flops == tf_total
    assert r.totals.params == 3 * 3 * 3 * 4 + 4  # 112, Keras's count_params
