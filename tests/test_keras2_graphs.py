"""Keras 2 (tf_keras) graphs: the round13/round13g fixtures, derived by hand where the graph is
small enough (test_parity checks every node of every fixture against TF's record)."""

import macc
from conftest import FIXTURES


def _rows(r):
    return {n.name: n for n in r.nodes}


def test_keras2_dense_trained_with_adam_in_graph_mode():
    # the brief's example as Keras 2 builds it live in TF1 graph mode: Dense(9) on input_1 [1,16]
    # with random-normal kernel and bias, compiled with Adam (mse) and its train function made
    r = macc.profile(str(FIXTURES / "round13g_dense_adam_bN.pb"), inputs={"input_1": (1, 16)})
    rows = _rows(r)
    # forward MatMul 2·1·16·9 = 288 (exact 1·9·(2·16−1) = 279, MACCs 144); BiasAdd 9
    mm = rows["dense/MatMul"]
    assert (mm.tf_flops, mm.flops, mm.maccs) == (288, 279, 144)
    assert rows["dense/BiasAdd"].tf_flops == 9
    # backward: dX = dY·Wᵀ [1,9]x[9,16] and dW = Xᵀ·dY [16,1]x[1,9], 2·1·9·16 = 288 each
    grad = "training/Adam/gradients/gradients/dense/MatMul_grad/"
    assert rows[grad + "MatMul"].tf_flops == rows[grad + "MatMul_1"].tf_flops == 288
    # the initializers TF's profiler counts: kernel mean + stddev·z, 16·9 = 144 each; bias 9 each
    init = "dense/kernel/Initializer/stateless_random_normal"
    assert rows[init].tf_flops == rows[init + "/mul"].tf_flops == 144
    # ResourceApplyAdam updates the weights in one fused op TF does not count; 16 scalar ops
    # (β powers, learning-rate arithmetic, the loss's mean and weighting) count 1 each:
    # 3·288 + 2·144 + 3·9 + 16 = 1,195, TF's total_float_ops for this graph at batch 1
    assert r.totals.tf_flops == 3 * 288 + 2 * 144 + 3 * 9 + 16 == 1195
    # params: a bare GraphDef has no trainable_variables collection, so every variable counts
    # (docs/conventions.md): kernel and bias 16·9 + 9 = 153, Adam's m and v for each 2·153,
    # and five scalars (iter, beta_1, beta_2, decay, learning_rate): 153 + 306 + 5 = 464
    assert rows["dense/kernel"].params == rows["training/Adam/dense/kernel/m"].params == 144
    assert r.totals.params == 153 + 2 * 153 + 5 == 464


def test_keras2_lstm_loop_counts_nothing_unrolled_counts_every_step():
    # Keras 2's LSTM is a While loop (standard_lstm), lowered when frozen: its Merge outputs are
    # unknown, so TF (and macc) count none of its 22 body ops...
    loop = macc.profile(str(FIXTURES / "round13_k2_lstm_bN.pb"), batch=1)
    assert loop.totals.tf_flops == 0
    # ...while unroll=True makes 4 steps of MatMuls on input [1,4,3], 5 units:
    # per step x·W [1,3]x[3,20] 2·3·20 = 120 and h·U [1,5]x[5,20] 2·5·20 = 200
    unrolled = macc.profile(str(FIXTURES / "round13_k2_lstm_unroll_b1.pb"))
    mm = [n for n in unrolled.nodes if n.op == "MatMul"]
    assert sorted(n.tf_flops for n in mm) == [120] * 4 + [200] * 4
    assert unrolled.totals.tf_flops == 1520  # TF's total: MatMuls 1,280 + bias and gates 240
