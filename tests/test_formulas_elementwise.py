"""Elementwise, activation, reduction, softmax, batch-norm and resize formulas against hand counts."""

import pytest
from formula_helpers import cost, triple

from macc.costs import OpCtx
from macc.costs.registry import FORMULAS
from macc.graph import Node


def test_add_broadcast_counts_output():
    c = cost("AddV2", [(25, 9), (9,)], [(25, 9)])
    # 25*9 = 225 in every flops column, no MACCs
    assert triple(c) == (225, 225, 0)
    assert c.formula == "25·9"


def test_binary_tf_needs_output_only():
    c = cost("Mul", [None, None], [(4, 5)])
    # 4*5 = 20
    assert triple(c) == (20, 20, 0)
    assert triple(cost("Mul", [(4, 5), (4, 5)], [(None, 5)])) == (None, None, 0)


def test_squared_difference_and_pow():
    # subtract then square: 2*3*4 = 24
    assert triple(cost("SquaredDifference", [(3, 4), (3, 4)], [(3, 4)])) == (24, 24, 0)
    # pow is one elementary function: 3*4 = 12
    assert triple(cost("Pow", [(3, 4), ()], [(3, 4)])) == (12, 12, 0)


def test_comparisons_count_whatever_the_dtype():
    # Greater on [6] ints: 6 (TF never checks dtypes)
    assert triple(cost("Greater", [(6,), (6,)], [(6,)], {"T": 3})) == (6, 6, 0)


def test_tf_unary_group_reads_in0():
    # Rsqrt: sqrt then divide, 2*2*5 = 20; TF 2*N(in0) = 20, needs in0 even with out known
    assert triple(cost("Rsqrt", [(2, 5)], [(2, 5)])) == (20, 20, 0)
    assert triple(cost("Rsqrt", [None], [(2, 5)])) == (None, None, 0)
    # AssignAdd(ref [7], value [7]): 7 adds
    assert triple(cost("AssignAdd", [(7,), (7,)], [(7,)])) == (7, 7, 0)


def test_ops_tf_does_not_count_are_zero_there_even_unknown():
    # Exp: 1 per element, 3*3 = 9; TF 0
    assert triple(cost("Exp", [(3, 3)], [(3, 3)])) == (9, 0, 0)
    # unknown shape: exact unknown, TF still 0 (no formula there, never "incomplete")
    assert triple(cost("Exp", [None], [None])) == (None, 0, 0)
    # AssignAddVariableOp(resource, value [4,4]): 16 adds
    assert triple(cost("AssignAddVariableOp", [(), (4, 4)], [])) == (16, 0, 0)


@pytest.mark.parametrize("op,per", [("Relu", 1), ("Relu6", 2), ("LeakyRelu", 2), ("Elu", 3),
                                    ("Selu", 5), ("Sigmoid", 4), ("Tanh", 1), ("Softplus", 3),
                                    ("Softsign", 3), ("ReluGrad", 1), ("SigmoidGrad", 3),
                                    ("TanhGrad", 3), ("SoftplusGrad", 4)])
def test_activations(op, per):
    ins = [(2, 10)] if not op.endswith("Grad") else [(2, 10), (2, 10)]
    # per-element counts from the definitions in macc/costs/activation.py, times 2*10 = 20
    assert triple(cost(op, ins, [(2, 10)])) == (per * 20, 0, 0)


def test_rsqrt_grad_matches_tf():
    # dy*(-0.5)*y^3: 4 per element, 4*3*3 = 36 (TF: 4*N(out))
    assert triple(cost("RsqrtGrad", [(3, 3), (3, 3)], [(3, 3)])) == (36, 36, 0)


def test_bias_add():
    # [2,4,4,8] + b[8]: 2*4*4*8 = 256
    assert triple(cost("BiasAdd", [(2, 4, 4, 8), (8,)], [(2, 4, 4, 8)])) == (256, 256, 0)
    assert triple(cost("BiasAddV1", [(2, 4, 4, 8), (8,)], [(2, 4, 4, 8)])) == (256, 0, 0)


def test_addn_control_inputs_quirk():
    # 3 data inputs [4,5] and 2 control inputs: exact (3-1)*20 = 40; TF 20*(5-1) = 80
    c = cost("AddN", [(4, 5)] * 3, [(4, 5)], control=("c1", "c2"))
    assert triple(c) == (40, 80, 0)


def test_addn_no_inputs():
    node = Node("n", "AddN", [], [], {})
    c = FORMULAS["AddN"](OpCtx(node, [], [None]))
    # TF: 0 with no inputs (not incomplete)
    assert c.tf_flops == 0 and c.flops is None


def test_sum_and_mean():
    # [4,6,5] -> [4,5]: 120-20 = 100 adds; Mean adds 20 divides -> 120 (TF: N(in0) = 120)
    assert triple(cost("Sum", [(4, 6, 5), (1,)], [(4, 5)])) == (100, 100, 0)
    assert triple(cost("Mean", [(4, 6, 5), (1,)], [(4, 5)])) == (120, 120, 0)
    assert cost("Mean", [(4, 6, 5), (1,)], [(4, 5)]).formula == "4·6·5−4·5 + 4·5"
    # TF needs out too
    assert triple(cost("Sum", [(4, 6, 5), (1,)], [None])) == (None, None, 0)


def test_max_prod_argmax():
    # 120 -> 20: 100 comparisons; TF counts ArgMax (100), not Max (0)
    assert triple(cost("Max", [(4, 6, 5), (1,)], [(4, 5)])) == (100, 0, 0)
    assert triple(cost("Prod", [(4, 6, 5), (1,)], [(4, 5)])) == (100, 0, 0)
    assert triple(cost("ArgMax", [(4, 6, 5), ()], [(4, 5)])) == (100, 100, 0)


def test_l2loss():
    # sum(x^2)/2 on [10,3]: 30 squares + 29 adds + 1 halving = 60; TF 3*30-1 = 89
    assert triple(cost("L2Loss", [(10, 3)], [()])) == (60, 89, 0)


def test_l2loss_empty_tensor_tf_minus_one():
    # TF: 3*0-1 = -1 (the report then drops it); exact: 0 squares, 0 adds, 1 halving
    assert triple(cost("L2Loss", [(0, 3)], [()])) == (1, -1, 0)


def test_euclidean_norm():
    # [3,4] -> [3]: 12 squares, 12-3 = 9 adds, 3 sqrt = 24
    assert triple(cost("EuclideanNorm", [(3, 4), ()], [(3,)])) == (24, 0, 0)


def test_softmax():
    # 8 rows of 10: per row 9 max-comparisons + 10 sub + 10 exp + 9 adds + 10 div = 48 -> 384
    c = cost("Softmax", [(8, 10)], [(8, 10)])
    # TF 5*80 = 400
    assert triple(c) == (384, 400, 0)
    assert c.formula == "8·(5·10−2)"
    # LogSoftmax: 9 + 10 + 10 + 9 + 1 log + 10 sub = 49 per row -> 392; TF 0
    assert triple(cost("LogSoftmax", [(8, 10)], [(8, 10)])) == (392, 0, 0)


def test_fused_batch_norm_inference_and_training():
    x, c = (2, 4, 4, 16), (16,)
    ins = [x, c, c, c, c]
    # inference: 2 per element (x*a + b) + 6 per channel: 2*512 + 6*16 = 1120
    c_inf = cost("FusedBatchNormV3", ins, [x], {"is_training": False})
    assert triple(c_inf) == (1120, 0, 0)
    # training (the op's default): 6*512 + 7*16 = 3184
    assert triple(cost("FusedBatchNormV3", ins, [x])) == (3184, 0, 0)
    # with a running average (factor 0.99): + 6*16 = 3280
    assert triple(cost("FusedBatchNorm", ins, [x], {"exponential_avg_factor": 0.99})) == (3280, 0, 0)


def test_resize():
    # bilinear: 3 two-tap weighted sums of 3 FLOPs each = 9 per output; [1,8,8,3] = 192 -> 1728
    assert triple(cost("ResizeBilinear", [(1, 4, 4, 3), (2,)], [(1, 8, 8, 3)])) == (1728, 0, 0)
    # bicubic: 5 four-tap sums of 7 = 35 per output -> 6720
    assert triple(cost("ResizeBicubic", [(1, 4, 4, 3), (2,)], [(1, 8, 8, 3)])) == (6720, 0, 0)
