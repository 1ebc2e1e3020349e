"""Sweep round 4r's fixtures (tools/fixtures/sweep4r.py) beyond node-by-node parity
and shapes (test_parity.py, from the records' ``tf_shapes``): the fused RNN, audio and quantized
nodes carry the hand-derived counts of tests/test_formulas_round4.py."""



import macc
from conftest import FIXTURES, fixture_rows

RECORDS = sorted(FIXTURES.glob("sweep4r_*.tfprof.json"))


def test_sweep4r_fixtures_exist():
    assert len(RECORDS) == 11


def test_fused_rnn_nodes():
    rows = fixture_rows("sweep4r_lstm_cell")
    # B=2, I=5, H=3: 24·15 + 24 + 21·6 = 510; peepholes, no clip: 534; maccs 24·8 = 192
    assert (rows["LSTMBlockCell"].flops, rows["LSTMBlockCell"].maccs) == (510, 192)
    assert rows["LSTMBlockCell_1"].flops == 534
    rows = fixture_rows("sweep4r_cudnn_bi")
    # input_h [2, 2, 3]: two unidirectional LSTM layers, (516 + 420)·7 = 6552, or one
    # bidirectional layer, 2·516·7 = 7224
    assert (rows["CudnnRNN"].flops, rows["CudnnRNN"].maccs) == (6552, 2352)
    assert rows["CudnnRNN_1"].output_shapes[0] == [7, 2, 6]
    assert rows["CudnnRNN_1"].flops == 7224
    assert rows["CudnnRNNParamsSize"].status == "zero"


def test_audio_nodes():
    rows = fixture_rows("sweep4r_audio")
    assert rows["AudioSpectrogram"].output_shapes == [[2, 30, 33]]
    assert rows["AudioSpectrogram"].flops == 67380  # 60 frames·(64 + 960 + 3·33)
    assert (rows["Mfcc"].flops, rows["Mfcc"].maccs) == (71220, 31200)  # 60·(80 + 80 + 1027)


def test_quantized_nodes():
    rows = fixture_rows("sweep4r_quantized")
    assert (rows["QuantizedConv2D"].flops, rows["QuantizedConv2D"].maccs) == (6784, 3456)
    assert rows["QuantizedBiasAdd"].flops == 392  # 3·128 + 2·4
    # QuantizeDownAndShrinkRange on 128 values: min and max 2·127 = 254, then 4·128 = 512
    assert rows["QuantizeDownAndShrinkRange"].flops == 766
    assert rows["QuantizedReshape"].output_shapes[0] == [32, 8]


def test_value_dependent_ops_are_named():
    report = macc.profile(str(FIXTURES / "sweep4r_ctc.pb"))
    assert set(report.unsupported) == {"CTCBeamSearchDecoder", "CTCLoss"}
    assert fixture_rows("sweep4r_ctc")["CTCGreedyDecoder"].flops == 72  # 6·2·6
