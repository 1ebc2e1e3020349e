"""Sweep round 4r's fixtures (tools/fixtures/sweep4r.py) beyond node-by-node parity
(test_parity.py): every node's output shapes equal TF 2.21's import shapes, and the fused RNN,
audio and quantized nodes carry the hand-derived counts of tests/test_formulas_round4.py."""

import json

import pytest

import macc
from conftest import FIXTURES
from macc.graph import Graph
from macc.load import load
from macc.shapes import infer_shapes

RECORDS = sorted(FIXTURES.glob("sweep4r_*.tfprof.json"))


def _rows(name):
    return {n.name: n for n in macc.profile(str(FIXTURES / f"{name}.pb")).nodes}


@pytest.mark.parametrize("path", RECORDS, ids=[p.name.split(".")[0] for p in RECORDS])
def test_shapes_equal_tf_import_shapes(path):
    record = json.loads(path.read_text())
    loaded = load(str(FIXTURES / record["graph"]))
    shapes = infer_shapes(Graph.from_graph_def(loaded.graph_def, source=loaded.source))
    differ = {}
    for name, theirs in record["tf_shapes"].items():
        mine = [list(s) if s is not None else None for s in shapes.outputs.get(name, ())]
        if mine != theirs:
            differ[name] = (mine, theirs)
    assert not differ, f"{len(differ)} nodes differ from TF (macc, TF): {differ}"


@pytest.mark.parametrize("path", RECORDS, ids=[p.name.split(".")[0] for p in RECORDS])
def test_totals_equal_tf(path):
    record = json.loads(path.read_text())
    report = macc.profile(str(FIXTURES / record["graph"]))
    assert report.totals.tf_flops == record["total_float_ops"]


def test_sweep4r_fixtures_exist():
    assert len(RECORDS) == 11


def test_fused_rnn_nodes():
    rows = _rows("sweep4r_lstm_cell")
    # B=2, I=5, H=3: 24·15 + 24 + 21·6 = 510; peepholes, no clip: 534; maccs 24·8 = 192
    assert (rows["LSTMBlockCell"].flops, rows["LSTMBlockCell"].maccs) == (510, 192)
    assert rows["LSTMBlockCell_1"].flops == 534
    rows = _rows("sweep4r_cudnn_bi")
    # input_h [2, 2, 3]: two unidirectional LSTM layers, (516 + 420)·7 = 6552, or one
    # bidirectional layer, 2·516·7 = 7224
    assert (rows["CudnnRNN"].flops, rows["CudnnRNN"].maccs) == (6552, 2352)
    assert rows["CudnnRNN_1"].output_shapes[0] == [7, 2, 6]
    assert rows["CudnnRNN_1"].flops == 7224
    assert rows["CudnnRNNParamsSize"].status == "zero"


def test_audio_nodes():
    rows = _rows("sweep4r_audio")
    assert rows["AudioSpectrogram"].output_shapes == [[2, 30, 33]]
    assert rows["AudioSpectrogram"].flops == 67380  # 60 frames·(64 + 960 + 3·33)
    assert (rows["Mfcc"].flops, rows["Mfcc"].maccs) == (71220, 31200)  # 60·(80 + 80 + 1027)


def test_quantized_nodes():
    rows = _rows("sweep4r_quantized")
    assert (rows["QuantizedConv2D"].flops, rows["QuantizedConv2D"].maccs) == (6784, 3456)
    assert rows["QuantizedBiasAdd"].flops == 392  # 3·128 + 2·4
    # QuantizeDownAndShrinkRange on 128 values: min and max 2·127 = 254, then 4·128 = 512
    assert rows["QuantizeDownAndShrinkRange"].flops == 766
    assert rows["QuantizedReshape"].output_shapes[0] == [32, 8]


def test_value_dependent_ops_are_named():
    report = macc.profile(str(FIXTURES / "sweep4r_ctc.pb"))
    assert set(report.unsupported) == {"CTCBeamSearchDecoder", "CTCLoss"}
    assert _rows("sweep4r_ctc")["CTCGreedyDecoder"].flops == 72  # 6·2·6
