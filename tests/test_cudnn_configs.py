"""cuDNN RNN configurations beyond the plain one (macc/costs/rnn.py): skip_input, LSTM
projections (num_proj, CudnnRNNV3) and dropout between layers while training, forward and
backprop. TF's profiler counts these ops 0. Numbers derived by hand in the comments."""

import pytest
from formula_helpers import cost, triple

from macc.errors import ShapeError


def test_projection_forward_and_backprop():
    # LSTM (G = 4), T = 2, B = 2, I = 4, H = 5 (input_c), P = 3 (input_h, num_proj), one layer.
    # Per step: 4·2·5 = 40 pre-activations, products of length I + P = 7: 40·13 = 520; two
    # biases 80; cell 18·10 = 180; projection: B·P = 6 dot products of length H, 6·9 = 54:
    # 834, ·2 = 1668. MACCs 40·7 + 6·5 = 310, ·2 = 620
    ins = [(2, 2, 4), (1, 2, 3), (1, 2, 5), (None,), (2,)]
    attrs = {"num_proj": 3}
    assert triple(cost("CudnnRNNV3", ins, [None] * 5, attrs)) == (1668, 0, 620)
    # backprop, per step: dh add on B·P 6; dr = dh·W_proj: B·H = 10 dot products of length 3,
    # 10·5 = 50; dW_proj: P·H = 15 sums of 2 products added in, 15·4 = 60; gate derivatives
    # 22·10 = 220; dx, dh_prev: B·K = 14 dot products of length 20, 14·39 = 546; dW, dR:
    # 20·7 sums ·4 = 560; biases 2·20·2 = 80: 1522, ·2 = 3044. MACCs 30 + 30 + 280 + 280 =
    # 620, ·2 = 1240 (twice the forward's)
    assert triple(cost("CudnnRNNBackpropV3", ins, [None] * 4, attrs)) == (3044, 0, 1240)


def test_projection_bidirectional_two_layers_batch_major_dropout():
    # LSTM, batch-major V3: x [B=1, T=2, I=3], h [B, layers·dirs = 4, P = 2], c [1, 4, H = 4],
    # dropout 0.5 (training by default). Forward, per direction and step: layer 0: 16
    # pre-activations of length 3 + 2 = 5, 16·9 = 144, biases 32, cell 18·4 = 72, projection 2
    # dot products of length 4, 2·7 = 14: 262; layer 1 reads dirs·P = 4: 16·11 = 176 + 32 + 72
    # + 14 = 294; both directions 1112; dropout on layer 0's output B·dirs·P = 4 elements, 2
    # each: 8. Per step 1120, ·2 = 2240. MACCs per direction 16·5 + 8 = 88 and 16·6 + 8 = 104:
    # 2·192 = 384, ·2 = 768
    ins = [(1, 2, 3), (1, 4, 2), (1, 4, 4), (None,), (1,)]
    attrs = {"num_proj": 2, "direction": "bidirectional", "time_major": False, "dropout": 0.5}
    assert triple(cost("CudnnRNNV3", ins, [None] * 5, attrs)) == (2240, 0, 768)
    # inference (is_training false): no dropout, 1112·2 = 2224
    assert cost("CudnnRNNV3", ins, [None] * 5, dict(attrs, is_training=False)).flops == 2224
    # backprop, per direction: layer 0: dh add 2, dr 4 dot products of length 2 (3 each) 12,
    # dW_proj 8·2 = 16, gates 22·4 = 88, data B·K = 5 dot products of length 16, 5·31 = 155,
    # weights 16·5·2 = 160, biases 2·16 = 32: 465; both directions and their input gradients
    # summed (B·I = 3): 933. Layer 1 (K = 6): 2 + 12 + 16 + 88 + 6·31 + 16·6·2 + 32 = 528;
    # 1056 + B·dirs·P 4 = 1060. Dropout's mask and scale on the gradient 8. Per step 2001, ·2 =
    # 4002. MACCs per direction 8 + 8 + 80 + 80 = 176 and 8 + 8 + 96 + 96 = 208: ·2·2 = 1536
    assert triple(cost("CudnnRNNBackpropV3", ins, [None] * 4, attrs)) == (4002, 0, 1536)


def test_skip_input():
    # LSTM, T = 3, B = 2, I = H = 5, one layer: no input product; 40 pre-activations, R·h of
    # length 5 (9 each) 360, the input and b_R added (2 each) 80, cell 18·10 = 180: 620, ·3 =
    # 1860 (linear_input: 40·19 + 80 + 180 = 1020 per step, 3060). MACCs 40·5 = 200, ·3 = 600
    ins = [(3, 2, 5), (1, 2, 5), (1, 2, 5), (None,)]
    skip = {"input_mode": b"skip_input"}
    assert triple(cost("CudnnRNN", ins, [None] * 4, skip)) == (1860, 0, 600)
    assert cost("CudnnRNN", ins, [None] * 4).flops == 3060
    # auto_select with the input width equal to the units is skip_input
    assert cost("CudnnRNNV2", ins, [None] * 5, {"input_mode": "auto_select"}).flops == 1860
    # backprop per step: gates 23·10 = 230; dh_prev = dgates·R: B·H = 10 dot products of
    # length 20, 10·39 = 390; dx = the 4 gates' derivatives summed, 3·10 = 30; dR 20·5 sums ·4
    # = 400; b_R's gradient 20·2 = 40: 1090, ·3 = 3270. MACCs 200 + 200 = 400, ·3 = 1200
    assert triple(cost("CudnnRNNBackprop", ins, [None] * 4, skip)) == (3270, 0, 1200)


def test_skip_input_gru_two_layers():
    # GRU (G = 3, cell 14), T = 1, B = 1, I = H = 2, two layers. Layer 0 (skip): 6
    # pre-activations of R·h (length 2, 3 each) 18 + 12 + cell 28 = 58; layer 1 (K = 4): 6·7 =
    # 42 + 12 + 28 = 82: 140. MACCs 12 + 24 = 36
    ins = [(1, 1, 2), (2, 1, 2), (2, 1, 2), (None,)]
    skip = {"input_mode": "skip_input", "rnn_mode": "gru"}
    assert triple(cost("CudnnRNN", ins, [None] * 4, skip)) == (140, 0, 36)
    # backprop: layer 0: gates 18·2 = 36, dh_prev B·H = 2 dot products of length 6 (11) 22,
    # dx = 3 gates summed 2·2 = 4, dR 6·2 sums ·2 = 24, b_R 6: 92; layer 1: 36, B·K = 4 dot
    # products of length 6, 44, weights 6·4·2 = 48, biases 12: 140. 232; MACCs 12 + 12 + 24
    # + 24 = 72
    assert triple(cost("CudnnRNNBackpropV2", ins, [None] * 4, skip)) == (232, 0, 72)


def test_dropout_between_layers():
    # rnn_tanh (G = 1), T = 2, B = 2, I = 4, H = 3, three layers, dropout 0.5 in training.
    # Per step: layer 0: 6 pre-activations of length 7 (13) 78 + 12 + tanh 6 = 96; layers 1, 2
    # (K = 6): 66 + 12 + 6 = 84 each; dropout on layers 0 and 1's outputs, 2·6 each: 24. 288,
    # ·2 = 576; MACCs (42 + 36 + 36)·2 = 228
    ins = [(2, 2, 4), (3, 2, 3), (3, 2, 3), (None,)]
    attrs = {"rnn_mode": "rnn_tanh", "dropout": 0.5}
    assert triple(cost("CudnnRNN", ins, [None] * 4, attrs)) == (576, 0, 228)
    # not training: no dropout, 264·2 = 528; one layer: nothing between layers
    assert cost("CudnnRNN", ins, [None] * 4, dict(attrs, is_training=False)).flops == 528
    one = [(2, 2, 4), (1, 2, 3), (1, 2, 3), (None,)]
    assert cost("CudnnRNN", one, [None] * 4, attrs).flops == 96 * 2
    # backprop per step: layer 0: 4·6 = 24 + 14 dot products of length 3 (5) 70 + 3·7 sums ·4
    # = 84 + 12 = 190; layers 1, 2: 24 + 60 + 72 + 12 = 168 each; dropout 24: 550, ·2 = 1100.
    # MACCs (84 + 72 + 72)·2 = 456
    assert triple(cost("CudnnRNNBackprop", ins, [None] * 4, attrs)) == (1100, 0, 456)


def test_bad_configurations():
    x, h = (2, 2, 4), (1, 2, 3)
    # skip_input with an input width (4) that is not num_units (3): TF's kernel rejects it
    with pytest.raises(ShapeError, match="skip_input"):
        cost("CudnnRNN", [x, h, h, (None,)], [None] * 4, {"input_mode": "skip_input"})
    # projections are LSTMs only; input_h's last dim must be num_proj, ≤ input_c's
    with pytest.raises(ShapeError, match="LSTMs only"):
        cost("CudnnRNNV3", [x, h, h, (None,), (2,)], [None] * 5, {"num_proj": 3, "rnn_mode": "gru"})
    with pytest.raises(ShapeError, match="num_proj"):
        cost("CudnnRNNV3", [x, h, (1, 2, 5), (None,), (2,)], [None] * 5, {"num_proj": 2})
    # input_c unknown with a projection: H unknown
    assert cost("CudnnRNNV3", [x, h, None, (None,), (2,)], [None] * 5, {"num_proj": 3}).flops is None
