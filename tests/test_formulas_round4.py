"""Fused RNN kernels, audio features, sampling, legacy quantized ops, CTC/InTopK/histograms and
projective transforms (macc/costs/rnn.py, audio.py, decoding.py, quantized.py,
image_transform.py): numbers derived by hand. TF counts all of them 0."""

import numpy as np
from formula_helpers import cost, triple

from macc.costs import UNCOUNTED_OPS, ZERO_OPS


def test_lstm_block_cell():
    # B=2, I=5, H=3: 4·2·3 = 24 gate pre-activations, dot products of length 8: 24·15 = 360;
    # bias 24; cell 3 sigmoids (12) + 2 tanh (2) + c (3) + h (1) + forget bias (1) + cell_clip
    # 3.0 by default (2) = 21 per element, 21·6 = 126 -> 510; maccs 24·8 = 192
    ins = [(2, 5), (2, 3), (2, 3), (8, 12), (3,), (3,), (3,), (12,)]
    assert triple(cost("LSTMBlockCell", ins, [(2, 3)] * 7)) == (510, 0, 192)
    # peepholes (+6), no clip (−2): 25·6 = 150 -> 360 + 24 + 150 = 534
    c = cost("LSTMBlockCell", ins, [(2, 3)] * 7, {"use_peephole": True, "cell_clip": 0.0})
    assert c.flops == 534


def test_block_lstm():
    # 6 steps of the cell above: 6·510 = 3060, maccs 6·192 = 1152
    ins = [(), (6, 2, 5), (2, 3), (2, 3), (8, 12), (3,), (3,), (3,), (12,)]
    assert triple(cost("BlockLSTM", ins, [(6, 2, 3)] * 7)) == (3060, 0, 1152)
    # V2: no forget bias, cell_clip 0 by default: 18·6 = 108 -> 6·(360 + 24 + 108) = 2952
    assert cost("BlockLSTMV2", ins, [(6, 2, 3)] * 7).flops == 2952
    # unknown time: unknown
    assert cost("BlockLSTM", [(), (None, 2, 5)] + ins[2:], [(None, 2, 3)] * 7).flops is None


def test_gru_block_cell():
    # 3·2·3 = 18 pre-activations of length 8: 18·15 = 270; biases 18; cell 2 sigmoids (8) +
    # tanh (1) + r·h_prev (1) + u·(h_prev − c) + c (3) = 13, 13·6 = 78 -> 366; maccs 18·8 = 144
    ins = [(2, 5), (2, 3), (8, 6), (8, 3), (6,), (3,)]
    assert triple(cost("GRUBlockCell", ins, [(2, 3)] * 4)) == (366, 0, 144)


def test_cudnn_rnn():
    x, out = (7, 2, 5), (7, 2, 3)
    h = (1, 2, 3)
    # LSTM: 24 pre-activations·15 = 360, two biases each 48, cell 18·6 = 108: 516 per step,
    # 7 steps 3612; maccs 7·24·8 = 1344
    assert triple(cost("CudnnRNN", [x, h, h, (None,)], [out, h, h, None])) == (3612, 0, 1344)
    # bidirectional, one layer: twice, 7224
    h2 = (2, 2, 3)
    c = cost("CudnnRNNV2", [x, h2, h2, (None,)], [(7, 2, 6), h2, h2, None, None],
             {"direction": "bidirectional"})
    assert c.flops == 7224
    # two layers: layer 1 reads width 3: 24·11 = 264 + 48 + 108 = 420; (516 + 420)·7 = 6552;
    # maccs (24·8 + 24·6)·7 = 2352
    assert triple(cost("CudnnRNN", [x, h2, h2, (None,)], [out, h2, h2, None])) == (6552, 0, 2352)
    # GRU: 18 pre-activations·15 = 270, biases 36, cell 2 sigmoids + tanh + r·(R·h + b) +
    # (1 − u)·h̃ + u·h (4) = 14, 14·6 = 84: 390·7 = 2730
    assert cost("CudnnRNN", [x, h, h, (None,)], [out, h, (), None], {"rnn_mode": "gru"}).flops == 2730
    # RNN tanh: 6·15 = 90, biases 12, tanh 6: 108·7 = 756
    assert cost("CudnnRNN", [x, h, h, (None,)], [out, h, (), None],
                {"rnn_mode": "rnn_tanh"}).flops == 756
    # V3 batch-major input [B, T, I], states [B, layers·dirs, H]: the LSTM's 3612 again
    hb = (2, 1, 3)
    assert cost("CudnnRNNV3", [(2, 7, 5), hb, hb, (None,), (2,)], [(2, 7, 3), hb, hb, None, None],
                {"time_major": False}).flops == 3612
    # skip_input, projections and dropout: tests/test_cudnn_configs.py
    # auto_select with input width ≠ units is linear_input
    assert cost("CudnnRNN", [x, h, h, (None,)], [out, h, h, None],
                {"input_mode": "auto_select"}).flops == 3612


def test_audio():
    # [1000, 2] samples, window 64, stride 32: 30 frames of 33 bins; per frame and channel the
    # Hann window 64, an RFFT of 64 points 2.5·64·6 = 960, |.|² 3·33 = 99: 1123·60 = 67380
    c = cost("AudioSpectrogram", [(1000, 2)], [(2, 30, 33)],
             {"window_size": 64, "stride": 32, "magnitude_squared": True})
    assert triple(c) == (67380, 0, 0)
    # window 48 (FFT 64), with the sqrt: 48 + 960 + 4·33 = 1140, 2·48 frames -> 109440
    assert cost("AudioSpectrogram", [(1000, 2)], [(2, 48, 33)],
                {"window_size": 48, "stride": 20}).flops == 109440
    # Mfcc on [2, 30, 33] at 16 kHz: 250 Hz per bin, bins int(1.5 + 0.08) = 1 .. int(16) = 16:
    # 16 bins·5 = 80, 40 channels·2 = 80, DCT 13·79 = 1027 -> 1187 per frame, ·60 = 71220;
    # maccs 60·13·40 = 31200
    c = cost("Mfcc", [(2, 30, 33), ()], [(2, 30, 13)], values=[None, np.array(16000)])
    assert triple(c) == (71220, 0, 31200)
    # the sample rate not known: unknown
    assert cost("Mfcc", [(2, 30, 33), ()], [(2, 30, 13)], values=[None, None]).flops is None


def test_sampling_and_decoding():
    # logits [2, 5], 7 samples: rows 2·(4·5 − 2) = 36, draws 2·7 = 14, searches 14·⌈log2 6⌉ = 42
    assert triple(cost("Multinomial", [(2, 5), ()], [(2, 7)])) == (92, 0, 0)
    # [6, 2, 6] logits: 6·2 steps of an argmax (5) and an add (1): 72
    assert cost("CTCGreedyDecoder", [(6, 2, 6), (2,)], [(None, 2), (None,), (2,), (2, 1)]).flops == 72
    # predictions [2, 5]: 2·(5 + 1) = 12
    assert cost("InTopKV2", [(2, 5), (2,), ()], [(2,)]).flops == 12
    # 10 values, 5 each: 50
    assert cost("HistogramFixedWidth", [(2, 5), (2,), ()], [(10,)]).flops == 50
    for op in ("RandomGamma", "RandomPoissonV2", "ParameterizedTruncatedNormal", "CTCLoss",
               "CTCBeamSearchDecoder", "MatrixSquareRoot", "SampleDistortedBoundingBoxV2"):
        assert op in UNCOUNTED_OPS, op
    for op in ("RandomShuffle", "DecodeWav", "EncodePng", "QuantizedReshape", "Stack",
               "CudnnRNNParamsSize"):
        assert op in ZERO_OPS, op


def test_projective_transform_and_crop_grad():
    # bilinear: 14 (coordinates) + 8 (floors, neighbours, distances) + 9 (three two-tap sums)
    # = 31 per element; [2, 8, 8, 3] = 384 -> 11904
    ins = [(2, 8, 8, 3), (1, 8), (2,), ()]
    c = cost("ImageProjectiveTransformV3", ins, [(2, 8, 8, 3)], {"interpolation": "BILINEAR"})
    assert triple(c) == (11904, 0, 0)
    # nearest: 14 + 2 roundings = 16; [2, 5, 6, 3] = 180 -> 2880
    assert cost("ImageProjectiveTransformV2", ins[:3], [(2, 5, 6, 3)],
                {"interpolation": "NEAREST"}).flops == 2880
    # grads [2, 5, 5, 3] = 150: bilinear 10 each 1500, nearest 150
    ins = [(2, 5, 5, 3), (2, 4), (2,), (4,)]
    assert cost("CropAndResizeGradImage", ins, [(2, 8, 8, 3)]).flops == 1500
    assert cost("CropAndResizeGradImage", ins, [(2, 8, 8, 3)], {"method": "nearest"}).flops == 150


def test_quantized():
    # Conv2D's arithmetic: out [2, 4, 4, 4] = 128, K = 27: 128·53 = 6784, maccs 128·27 = 3456
    c = cost("QuantizedConv2D", [(2, 8, 8, 3), (3, 3, 3, 4), (), (), (), ()],
             [(2, 4, 4, 4), (), ()])
    assert triple(c) == (6784, 0, 3456)
    # MatMul's: [2, 5]·[5, 7]: 14·9 = 126, maccs 70
    c = cost("QuantizedMatMul", [(2, 5), (5, 7), (), (), (), ()], [(2, 7), (), ()])
    assert triple(c) == (126, 0, 70)
    # 128 inputs and 4 biases mapped (2 each) and 128 adds: 3·128 + 2·4 = 392
    assert cost("QuantizedBiasAdd", [(2, 4, 4, 4), (4,), (), (), (), ()],
                [(2, 4, 4, 4), (), ()]).flops == 392
    x = [(2, 4), (), ()]
    assert cost("QuantizedRelu", x, [(2, 4), (), ()]).flops == 8  # max: 8
    assert cost("QuantizedRelu6", x, [(2, 4), (), ()]).flops == 16  # min, max: 16
    assert cost("Requantize", x + [(), ()], [(2, 4), (), ()]).flops == 32  # map 2 + clamp 2
    assert cost("RequantizationRange", x, [(), ()]).flops == 14  # min, max: 2·7
    assert cost("QuantizeDownAndShrinkRange", x, [(2, 4), (), ()]).flops == 46  # 14 + 32
    # concat output [2, 4, 4, 8] = 256 elements mapped: 512
    assert cost("QuantizedConcat", [(), (2, 4, 4, 4), (2, 4, 4, 4)] + [()] * 4,
                [(2, 4, 4, 8), (), ()]).flops == 512
