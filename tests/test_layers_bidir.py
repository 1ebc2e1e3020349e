"""Bidirectional, go_backwards and stacked recurrent layers in specs (macc/layers/models_seq.py,
lower_rnn.py): hand counts, the ops Keras 3 emits, one-line errors, and the equality with small
frozen Keras 3 models (``unroll=True``) profiled by TF 2.21 (tests/fixtures/l2_bi*,
l2_stacked_lstm, l2_backwards; tools/fixtures/layers2.py holds the same networks in Keras)."""

import collections

import pytest
from test_layers2 import check_spec_equals_frozen, fixture_numbers, totals

from macc import SpecError
from macc.layers import LSTM, Bidirectional, Network, count_network, from_dict, lower


def bi(inner, merge="concat", **kw):
    return {"type": "Bidirectional", "layer": {"units": 32, **inner, **kw}, "merge_mode": merge}


# ---- hand counts -------------------------------------------------------------------------------
def test_bidirectional_lstm_is_two_directions_plus_the_merge():
    # One LSTM direction, d = 16, u = 32, T = 10, batch 1 (tests/test_layers2.py derives it):
    # maccs 10·4·(16·32 + 32·32) = 61,440; exact 10·12,864 = 128,640; TF 10·12,672 = 126,720;
    # params 4·(16·32 + 32·32 + 32) = 6272.
    one = (61_440, 128_640, 126_720, 6272)
    assert totals([{"type": "LSTM", "units": 32}], (10, 16)) == one
    two = tuple(2 * v for v in one)  # (122,880, 257,280, 253,440, 12,544)
    seq = {"type": "LSTM", "return_sequences": True}
    # concat: ConcatV2 and the backward sequence's ReverseV2 move data, 0 flops
    assert totals([bi(seq)], (10, 16)) == two
    # sum / mul: one AddV2 / Mul per output element, [10, 32] = 320 (TF counts it too)
    for merge in ("sum", "mul"):
        assert totals([bi(seq, merge)], (10, 16)) == (122_880, 257_600, 253_760, 12_544)
    # ave: AddV2 and RealDiv by 2, 2·320 = 640
    assert totals([bi(seq, "ave")], (10, 16)) == (122_880, 257_920, 254_080, 12_544)
    # without return_sequences the merge reads the two last states, [32]: sum + 32
    assert totals([bi({"type": "LSTM"}, "sum")], (10, 16)) == (
        122_880, 257_312, 253_472, 12_544)


def test_bidirectional_shapes_and_ops():
    def run(inner, merge, shape=(5, 3)):
        net = Network(input=list(shape), layers=[bi(inner, merge, units=4)])
        g = lower(net).graph
        ops = collections.Counter(n.op for n in g)
        return count_network(net).layers[-1].output_shape, ops
    shape, ops = run({"type": "GRU", "return_sequences": True}, "concat")
    assert shape == [5, 8]  # 2u features
    assert (ops["ReverseV2"], ops["ConcatV2"], ops["Unpack"], ops["Pack"]) == (1, 1, 2, 2)
    shape, ops = run({"type": "SimpleRNN"}, "ave")
    assert shape == [4]
    # the last states are merged as they are: no ReverseV2, no Pack
    assert (ops["ReverseV2"], ops["Pack"], ops["RealDiv"]) == (0, 0, 1)
    assert count_network(Network(input=[5, 3], layers=[bi({"type": "LSTM"})])).layers[
        -1].kind == "Bidirectional LSTM"


def test_go_backwards_reads_the_steps_last_first():
    # Keras's unrolled loop indexes the Unpack's outputs backwards (no ReverseV2), same counts
    def first_and_last_step(go_backwards):
        net = Network(input=[4, 3], layers=[{"type": "GRU", "units": 2,
                                             "go_backwards": go_backwards}])
        g = {n.name: n for n in lower(net).graph}
        return g["gru/cell_0/MatMul"].inputs[0], g["gru/cell_3/MatMul"].inputs[0]
    assert first_and_last_step(False) == (("gru/unstack", 0), ("gru/unstack", 3))
    assert first_and_last_step(True) == (("gru/unstack", 3), ("gru/unstack", 0))
    gru = {"type": "GRU", "units": 8}
    assert totals([gru], (6, 5)) == totals([{**gru, "go_backwards": True}], (6, 5))


def test_stacked_layers_read_the_sequence_before():
    # LSTM(5, sequences) on [6, 3], then LSTM(4) on its [6, 5]: the stack counts what the two
    # count alone. Second layer: maccs 6·4·(5·4 + 4·4) = 864, params 4·(20 + 16 + 4) = 160
    first = {"type": "LSTM", "units": 5, "return_sequences": True}
    second = {"type": "LSTM", "units": 4}
    a, b = totals([first], (6, 3)), totals([second], (6, 5))
    assert (b[0], b[3]) == (864, 160)
    assert totals([first, second], (6, 3)) == tuple(x + y for x, y in zip(a, b))


def test_python_classes():
    net = Network(input=[7, 3], layers=[Bidirectional(layer=LSTM(units=4, return_sequences=True),
                                                      merge_mode="sum"), LSTM(units=2)])
    assert count_network(net).layers[1].output_shape == [7, 4]
    assert Bidirectional(layer=LSTM(units=1)).merge_mode == "concat"


# ---- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("layer,needle", [
    (bi({"type": "LSTM", "go_backwards": True}),
     "layer '#0/#layer' (LSTM): Value error, the wrapped layer runs forward"),
    (bi({"type": "LSTM", "inputs": ["input"]}),
     "layer '#0/#layer' (LSTM): Value error, the wrapped layer reads the Bidirectional's input"),
    (bi({"type": "Dense"}), "layer '#0/#layer' (Dense): layer type 'Dense' is not allowed here "
                            "(one of 'SimpleRNN', 'LSTM', 'GRU')"),
    (bi({"type": "LSTM"}, None),
     "layer '#0' (Bidirectional): field 'merge_mode': Input should be 'concat', 'sum', 'mul' or "
     "'ave'"),
])
def test_bad_fields_are_one_line(layer, needle):
    with pytest.raises(SpecError) as e:
        from_dict({"input": [5, 3], "layers": [layer]})
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_needs_a_sequence_input():
    with pytest.raises(SpecError) as e:
        count_network(Network(input=[5], layers=[bi({"type": "GRU"})]))
    assert str(e.value).endswith("layer 'bidirectional' (Bidirectional): needs a sequence input "
                                 "(batch, steps, channels), got [1, 5]")


# ---- equal to frozen Keras 3 models ------------------------------------------------------------
def _bi(inner, merge="concat"):
    return {"type": "Bidirectional", "layer": inner, "merge_mode": merge}


# stem: (batch, per-example input shape, layers) — tools/fixtures/layers2.py in Keras
SPECS = {
    "l2_bilstm_concat": (2, [5, 3], [
        _bi({"type": "LSTM", "units": 4, "return_sequences": True}),
        {"type": "LSTM", "units": 3}]),
    "l2_bilstm_sum": (1, [4, 3], [
        _bi({"type": "LSTM", "units": 4, "return_sequences": True}, "sum")]),
    "l2_bilstm_mul": (2, [4, 3], [_bi({"type": "LSTM", "units": 5}, "mul"),
                                  {"type": "Dense", "units": 2}]),
    "l2_bilstm_ave": (1, [4, 3], [
        _bi({"type": "LSTM", "units": 4, "return_sequences": True}, "ave"),
        _bi({"type": "SimpleRNN", "units": 3}, "ave")]),
    "l2_bigru": (2, [5, 3], [_bi({"type": "GRU", "units": 4}), {"type": "Dense", "units": 3}]),
    "l2_stacked_lstm": (2, [6, 3], [
        {"type": "LSTM", "units": 5, "return_sequences": True},
        {"type": "LSTM", "units": 4, "return_sequences": True}, {"type": "LSTM", "units": 3}]),
    "l2_backwards": (2, [5, 3], [
        {"type": "GRU", "units": 4, "go_backwards": True, "return_sequences": True},
        {"type": "LSTM", "units": 3, "go_backwards": True}, {"type": "Dense", "units": 2}]),
}


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_spec_equals_frozen_keras_model(stem):
    rep, frozen = check_spec_equals_frozen(stem, *SPECS[stem])
    # ReverseV2 and the merge included: _cols keeps counted rows, so compare the data-movement
    # ops' counts apart
    moves = ("ReverseV2", "ConcatV2", "Unpack", "Pack", "Transpose")
    assert {op: rep.by_op[op].count for op in moves if op in rep.by_op} == {
        op: frozen.by_op[op].count for op in moves if op in frozen.by_op}


def test_fixture_numbers():
    # TF 2.21's totals and Keras's params, so a regenerated fixture that changes them is noticed
    got = fixture_numbers(SPECS)
    assert got == {
        "l2_bilstm_concat": (8440, 400), "l2_bilstm_sum": (2192, 256),
        "l2_bilstm_mul": (6134, 372), "l2_bilstm_ave": (2598, 304), "l2_bigru": (4582, 243),
        "l2_stacked_lstm": (11_040, 436), "l2_backwards": (4308, 212)}
    # l2_bilstm_sum by hand, LSTM(4) on d = 3, T = 4, batch 1, TF's rules: per step x·W
    # 2·3·16 = 96, h·U 2·4·16 = 128, their sum 16, bias 16, 3 Mul 12, c's add 4 = 272;
    # 4 steps, 2 directions: 2176, + the merge's AddV2 on [4, 4]: 16
    assert 2 * 4 * (96 + 128 + 16 + 16 + 12 + 4) + 16 == got["l2_bilstm_sum"][0]
    # params: Bidirectional doubles the layer; LSTM(4) on 3: 4·(12 + 16 + 4) = 128
    assert 2 * 4 * (3 * 4 + 16 + 4) == got["l2_bilstm_sum"][1]
    # l2_bilstm_concat: then LSTM(3) on the 8 concatenated features, 4·(8·3 + 9 + 3) = 144
    assert 256 + 4 * (8 * 3 + 9 + 3) == got["l2_bilstm_concat"][1]
    # l2_bigru: 2 GRU(4) reset_after 2·3·(12 + 16 + 8) = 216, Dense 8 -> 3: 27
    assert 2 * 3 * (12 + 16 + 8) + 8 * 3 + 3 == got["l2_bigru"][1]
    # l2_stacked_lstm: LSTM(5) on 3, LSTM(4) on 5, LSTM(3) on 4
    assert 4 * (15 + 25 + 5) + 4 * (20 + 16 + 4) + 4 * (12 + 9 + 3) == got["l2_stacked_lstm"][1]
