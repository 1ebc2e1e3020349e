"""Formulas derived for the last ops left 'not derived yet': CholeskyGrad (and its Batch alias),
BatchNormWithGlobalNormalizationGrad, QuantizedInstanceNorm and the cuDNN RNN backprops
(macc/costs/linalg.py, normalization.py, quantized.py, rnn.py). TF's profiler has no formula
for any of them: tf_flops 0. Numbers derived by hand in the comments."""

from formula_helpers import cost, triple

from conftest import fixture_rows
from macc.costs import UNCOUNTED_OPS
from macc.costs.linalg import _grad_unblocked, cholesky_grad

DERIVED = ("CholeskyGrad", "BatchCholeskyGrad", "BatchNormWithGlobalNormalizationGrad",
           "QuantizedInstanceNorm", "CudnnRNNBackprop", "CudnnRNNBackpropV2",
           "CudnnRNNBackpropV3")


def test_no_longer_uncounted():
    assert not set(DERIVED) & UNCOUNTED_OPS


def _unblocked_by_steps(m):
    """The kernel's CholeskyGradUnblocked loop, one statement at a time (q rows below column k;
    an empty dot product, q = 0, counts 0 with its divide and subtraction)."""
    total = 0
    for k in range(m - 1, -1, -1):
        q = m - 1 - k
        total += (2 * q + 1) if q else 0  # d̄ −= (cᵀ·c̄)/d
        total += q + 1                    # [d̄; c̄] /= d
        total += 2 * (q + 1) * k          # r̄ −= [d̄; c̄]ᵀ·[r; B]
        total += 2 * q * k                # B̄ −= c̄·r
        total += 1                        # d̄ /= 2
    return total


def test_cholesky_grad_unblocked():
    # m = 3: column 2 (q = 0): 1 divide + r̄ 2·1·2 + halve = 6; column 1 (q = 1): 3 + 2 + 2·2·1
    # + 2·1·1 + 1 = 12; column 0 (q = 2): 5 + 3 + 1 = 9: 27 = (9 − 1) + 6 + 3 + 3·2·5/3
    assert _grad_unblocked(3) == 27
    assert [_grad_unblocked(m) for m in range(6)] == [_unblocked_by_steps(m) for m in range(6)]
    assert [_grad_unblocked(m) for m in (1, 2, 32)] == [2, 10, 22415]


def test_cholesky_grad():
    # n = 3: one block (s = 3, no rows below, no columns left): 27, then 0.5·(X + Xᵀ) 2·9: 45
    # per matrix; [2,3,3]: 90
    assert triple(cost("CholeskyGrad", [(2, 3, 3), (2, 3, 3)], [(2, 3, 3)])) == (90, 0, 0)
    # n = 40: blocks of 32 from the bottom right. Block 1, columns 8..39 (s = 32, b = 8, t = 0):
    # unblocked 22415 (1023 + 528 + 32 + 32·31·63/3 = 20832), R̄ −= (D̄ + D̄ᵀ)·R: 1024 adds +
    # 2·1024·8 = 16384. Block 2, columns 0..7 (s = 8, b = 0, t = 32): solve 32·64 = 2048,
    # D̄ −= lower(C̄ᵀC): 64·63 + 36 = 4068, unblocked 63 + 36 + 8 + 8·7·15/3 = 387. Symmetrise
    # 2·1600 = 3200. 22415 + 17408 + 2048 + 4068 + 387 + 3200 = 49526
    assert cholesky_grad(40) == 49526
    assert cost("CholeskyGrad", [(40, 40), (None, None)], [(40, 40)]).flops == 49526
    assert cost("CholeskyGrad", [(None, 3, 3), (None, 3, 3)], [(None, 3, 3)]).flops is None
    assert cholesky_grad(0) == 0


def test_batch_cholesky_grad_fixture():
    # r10_legacy: BatchCholeskyGrad of x [2,3,3] (TF gives it no output shape): 2·45 = 90
    row = fixture_rows("r10_legacy")["batchcholeskygrad"]
    assert (row.status, row.flops, row.tf_flops, row.maccs) == ("counted", 90, 0, 0)


def test_batch_norm_global_grad():
    # t [2,4,4,3]: N = 96, C = 3. db 96 − 3 = 93; rsqrt(v + ε) 3·3 = 9; Σ dy·(t − m) 2·96 + 93
    # = 285; dx 3 + 96 = 99; dm 3·3 = 9; dγ 3; s1·(−1/2)/(v + ε) 9; dv 2·3 = 6: 513 = 5·96 + 11·3
    ins, outs = [(2, 4, 4, 3), (3,), (3,), (3,), (2, 4, 4, 3)], [(2, 4, 4, 3)] + [(3,)] * 4
    assert triple(cost("BatchNormWithGlobalNormalizationGrad", ins, outs)) == (513, 0, 0)
    # without scale_after_normalization: dx 96, dm 2·3, dγ a fill, dv 3: 5·96 + 7·3 = 501
    assert cost("BatchNormWithGlobalNormalizationGrad", ins, outs,
                {"scale_after_normalization": False}).flops == 501
    unknown = [(None, 4, 4, 3)] + [(3,)] * 3 + [(None, 4, 4, 3)]
    assert cost("BatchNormWithGlobalNormalizationGrad", unknown,
                [(None, 4, 4, 3)] + [(3,)] * 4).flops is None


def test_quantized_instance_norm():
    # x [1,2,2,3]: E = 12. Mean 12 (9 adds, 3 divides); variance 3·12 + 12; normalised 6·12
    # (x − mean, × input_scale, × rsqrt(var + ε) recomputed per element: add, sqrt, divide);
    # min and max 2·11; quantized 5·12: 12 + 48 + 72 + 22 + 60 = 214 = 18·12 − 2
    assert triple(cost("QuantizedInstanceNorm", [(1, 2, 2, 3), (), ()],
                       [(1, 2, 2, 3), (), ()])) == (214, 0, 0)
    # output_range_given: no min and max: 16·12 = 192
    assert cost("QuantizedInstanceNorm", [(1, 2, 2, 3), (), ()], [(1, 2, 2, 3), (), ()],
                {"output_range_given": True}).flops == 192
    assert cost("QuantizedInstanceNorm", [(0, 2, 2, 3), (), ()], []).flops == 0
    assert cost("QuantizedInstanceNorm", [(None, 2, 2, 3), (), ()], []).flops is None


def test_cudnn_rnn_backprop_lstm():
    # T = 6, B = 2, I = 4, H = 5, LSTM (G = 4), one layer, K = 9. Per step: gates' derivatives
    # (22 + the dh add) 23·10 = 230; dx, dh_prev: B·K = 18 dot products of length 4H = 20,
    # 18·39 = 702; dW, dR: 20·9 sums of 2 products added into the running sums, 20·9·4 = 720;
    # both biases, 2·20·2 = 80: 1732, ·6 = 10392. MACCs 18·20 + 20·9·2 = 720, ·6 = 4320 (twice
    # the forward's 6·4·2·5·9 = 2160)
    ins = [(6, 2, 4), (1, 2, 5), (1, 2, 5), (220,)]
    assert triple(cost("CudnnRNNBackprop", ins, [None] * 4)) == (10392, 0, 4320)
    assert cost("CudnnRNN", ins, [None] * 4).maccs == 2160


def test_cudnn_rnn_backprop_gru():
    # GRU (G = 3), same shapes: 18·10 = 180; 18 dot products of length 15, 18·29 = 522;
    # 15·9·4 = 540; 2·15·2 = 60: 1302 per step, ·6 = 7812; MACCs (18·15 + 15·9·2)·6 = 3240
    ins = [(6, 2, 4), (1, 2, 5), (1, 2, 5), (220,)]
    assert triple(cost("CudnnRNNBackpropV2", ins, [None] * 4, {"rnn_mode": b"gru"})) == (
        7812, 0, 3240)


def test_cudnn_rnn_backprop_bidirectional_layers():
    # rnn_tanh (G = 1, 1 + TanhGrad's 3 = 4 per B·H), T = 3, B = 2, I = 4, H = 5, h [4,2,5]: two
    # layers of two directions. Layer 0 (K = 9), per direction: 4·10 + 18·(2·5 − 1) + 5·9·4 +
    # 2·5·2 = 40 + 162 + 180 + 20 = 402; both, and the two input gradients summed (2·4): 812.
    # Layer 1 (I = 10, K = 15): 40 + 30·9 + 5·15·4 + 20 = 630; 1260 + 2·10 = 1280. Per step 2092,
    # ·3 = 6276. MACCs per step 2·(18·5 + 90) + 2·(30·5 + 150) = 960, ·3 = 2880
    ins = [(3, 2, 4), (4, 2, 5), (4, 2, 5), (500,), (2,)]
    attrs = {"rnn_mode": b"rnn_tanh", "direction": b"bidirectional"}
    assert triple(cost("CudnnRNNBackpropV3", ins, [None] * 4, attrs)) == (6276, 0, 2880)
    # batch-major V3 (time_major false): x [2,3,4] and the states [B, layers·dirs, H] = [2,4,5]
    # (TF's kernel) are the same sequence; read as [4,2,5] they would be one layer: not 6276
    attrs_bm = dict(attrs, time_major=False)
    bm = [(2, 3, 4), (2, 4, 5), (2, 4, 5)] + ins[3:]
    assert cost("CudnnRNNBackpropV3", bm, [None] * 4, attrs_bm).flops == 6276
    assert cost("CudnnRNNBackpropV3", [(2, 3, 4)] + ins[1:], [None] * 4, attrs_bm).flops != 6276
    # rnn_relu: 1 + ReluGrad's 1 = 2 per B·H, 2·10 fewer per direction per layer and step:
    # 6276 − 3·4·20 = 6036
    attrs_relu = dict(attrs, rnn_mode=b"rnn_relu")
    assert cost("CudnnRNNBackpropV3", ins, [None] * 4, attrs_relu).flops == 6036


def test_sweep6_fixture_counts():
    rows = fixture_rows("sweep6_misc")
    # x [2,8,8,3] quantized: 18·384 − 2 = 6910; the backprops on s [6,2,4], h [1,2,5]: LSTM
    # 10392 (v1 and V3), GRU 7812 (above)
    assert rows["QuantizedInstanceNorm"].flops == 6910
    got = [(rows[n].flops, rows[n].tf_flops, rows[n].maccs)
           for n in ("CudnnRNNBackprop", "CudnnRNNBackpropV2", "CudnnRNNBackpropV3")]
    assert got == [(10392, 0, 4320), (7812, 0, 3240), (10392, 0, 4320)]
