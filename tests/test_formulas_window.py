"""Pooling, pooling gradients, convolution gradients and Einsum against hand counts."""

import numpy as np
import pytest
from formula_helpers import cost, triple

from macc.errors import ShapeError

POOL = {"ksize": [1, 3, 3, 1], "strides": [1, 2, 2, 1], "padding": "SAME"}
NCHW_POOL = {"ksize": [1, 1, 3, 3], "strides": [1, 1, 2, 2], "padding": "SAME",
             "data_format": "NCHW"}


def test_max_pool():
    # [1,8,8,4] -> [1,4,4,4] = 64 outputs, k = 9: 8 comparisons each = 512; TF 9*64 = 576
    c = cost("MaxPool", [(1, 8, 8, 4)], [(1, 4, 4, 4)], POOL)
    assert triple(c) == (512, 576, 0)
    assert c.formula == "1·4·4·4·(9−1)"


def test_avg_pool():
    # 64 outputs, 8 adds + 1 divide = 9 each = 576; TF 9*64 = 576
    assert triple(cost("AvgPool", [(1, 8, 8, 4)], [(1, 4, 4, 4)], POOL)) == (576, 576, 0)


def test_nchw_pool_tf_incomplete_exact_counted():
    # NCHW [1,4,8,8] -> [1,4,4,4]: exact 64*8 = 512; TF rejects the layout -> None (skipped)
    assert triple(cost("MaxPool", [(1, 4, 8, 8)], [(1, 4, 4, 4)], NCHW_POOL)) == (512, None, 0)
    assert triple(cost("AvgPool", [(1, 4, 8, 8)], [(1, 4, 4, 4)], NCHW_POOL)) == (576, None, 0)


def test_max_pool_v2_reads_ksize_input():
    ks = np.array([1, 2, 2, 1], dtype=np.int32)
    c = cost("MaxPoolV2", [(1, 8, 8, 4), (4,), (4,)], [(1, 4, 4, 4)], {},
             values=[None, ks, ks])
    # 64 outputs, k = 4: 3 comparisons each = 192; TF has no formula for MaxPoolV2: 0
    assert triple(c) == (192, 0, 0)
    # ksize not a known constant: exact unknown
    assert triple(cost("MaxPoolV2", [(1, 8, 8, 4), (4,), (4,)], [(1, 4, 4, 4)])) == (None, 0, 0)


def test_pool3d():
    attrs = {"ksize": [1, 2, 2, 2, 1], "strides": [1, 2, 2, 2, 1], "padding": "VALID"}
    # [1,2,2,2,3] = 24 outputs, k = 8: MaxPool3D 7 each = 168, AvgPool3D 8 each = 192
    assert triple(cost("MaxPool3D", [(1, 4, 4, 4, 3)], [(1, 2, 2, 2, 3)], attrs)) == (168, 0, 0)
    assert triple(cost("AvgPool3D", [(1, 4, 4, 4, 3)], [(1, 2, 2, 2, 3)], attrs)) == (192, 0, 0)


def test_pool_grads():
    # AvgPoolGrad(orig_input_shape [4], grad [1,4,4,4] = 64), 3x3 stride 2 SAME on 8x8: 64
    # divides, 64*9 = 576 landings on the 8*8*4 = 256 covered dx elements (SAME pads 1 after:
    # windows at rows 0-2, 2-4, 4-6, 6-8 reach rows 0..7): 64 + 576 - 256 = 384; TF 2*9*64 = 1152
    c = cost("AvgPoolGrad", [(4,), (1, 4, 4, 4)], [(1, 8, 8, 4)], POOL)
    assert triple(c) == (384, 1152, 0)
    assert c.formula == "1·4·4·4·(9+1)−1·8·8·4"
    # MaxPoolGrad(x, y, grad): 64*8 comparisons = 512, adds <= 64 - D, D = 1*2*2*4 = 16 windows
    # pairwise disjoint (every ceil(3/2) = 2nd one along h and w): 512 + 48 = 560; TF (9+1)*64 = 640
    c = cost("MaxPoolGrad", [(1, 8, 8, 4), (1, 4, 4, 4), (1, 4, 4, 4)], [(1, 8, 8, 4)], POOL)
    assert triple(c) == (560, 640, 0)
    assert c.formula == "1·4·4·4·9−1·2·2·4"
    c = cost("MaxPoolGrad", [(1, 4, 8, 8), (1, 4, 4, 4), (1, 4, 4, 4)], [(1, 4, 8, 8)], NCHW_POOL)
    assert triple(c) == (560, None, 0)


def test_bias_add_grad():
    # [2,3,3,8] -> [8]: 144-8 = 136 adds, as TF
    assert triple(cost("BiasAddGrad", [(2, 3, 3, 8)], [(8,)])) == (136, 136, 0)


# Forward conv of this geometry: x [1,6,6,4], f [3,3,4,8], stride 2, SAME -> y [1,3,3,8].
# maccs = 72 outputs * 36 taps = 2592.
GEOM = {"strides": [1, 2, 2, 1], "padding": "SAME"}


def test_conv2d_backprop_input_is_a_transposed_conv():
    # dx [1,6,6,4] = 144; dy [1,3,3,8] = 72; maccs 72*3*3*4 = 2592 (the forward conv's)
    # exact 2*2592 - 144 = 5040; TF int(2*144*288/(4*2*2)) = 5184
    c = cost("Conv2DBackpropInput", [(4,), (3, 3, 4, 8), (1, 3, 3, 8)], [(1, 6, 6, 4)], GEOM)
    assert triple(c) == (5040, 5184, 2592)
    assert c.formula == "2·1·3·3·8·3·3·4−1·6·6·4"


def test_conv2d_backprop_filter():
    # df [3,3,4,8] = 288, each a dot product over N*OH*OW = 72/8 = 9 positions
    # exact 288*17 = 4896; maccs 288*9 = 2592; TF int(2*144*288/(4*2*2)) = 5184
    c = cost("Conv2DBackpropFilter", [(1, 6, 6, 4), (4,), (1, 3, 3, 8)], [(3, 3, 4, 8)], GEOM)
    assert triple(c) == (4896, 5184, 2592)


def test_conv_backprop_nchw_tf_incomplete():
    attrs = {"strides": [1, 1, 2, 2], "padding": "SAME", "data_format": "NCHW"}
    c = cost("Conv2DBackpropInput", [(4,), (3, 3, 4, 8), (1, 8, 3, 3)], [(1, 4, 6, 6)], attrs)
    assert triple(c) == (5040, None, 2592)


def test_conv_backprop_tf_truncates():
    # dx [1,5,5,7] = 175, f [2,2,7,2] = 56, stride 3: 2*175*56/(7*3*3) = 19600/63 = 311.1 -> 311
    c = cost("Conv2DBackpropInput", [(4,), (2, 2, 7, 2), (1, 2, 2, 2)], [(1, 5, 5, 7)],
             {"strides": [1, 3, 3, 1], "padding": "VALID"})
    assert c.tf_flops == 311


def test_depthwise_backprops():
    # forward: x [1,4,4,3], f [3,3,3,2] SAME stride 1 -> y [1,4,4,6] = 96; maccs 96*9 = 864
    ins = [(4,), (3, 3, 3, 2), (1, 4, 4, 6)]
    # input grad: dx [1,4,4,3] = 48: exact 2*864 - 48 = 1680; TF 0
    assert triple(cost("DepthwiseConv2dNativeBackpropInput", ins, [(1, 4, 4, 3)])) == (1680, 0, 864)
    # filter grad: df [3,3,3,2] = 54, L = 96/6 = 16: exact 54*31 = 1674, maccs 864
    ins = [(1, 4, 4, 3), (4,), (1, 4, 4, 6)]
    assert triple(cost("DepthwiseConv2dNativeBackpropFilter", ins, [(3, 3, 3, 2)])) == (1674, 0, 864)


def einsum(eq, ins, out):
    return cost("Einsum", ins, [out], {"equation": eq})


def test_einsum_matmul_equals_matmul():
    # ij,jk->ik with [25,16],[16,9]: 25*9*(2*16-1) = 6975, maccs 25*16*9 = 3600, TF 0
    c = einsum("ij,jk->ik", [(25, 16), (16, 9)], (25, 9))
    assert triple(c) == (6975, 0, 3600)
    assert c.formula == "25·9·(2·16−1)"


def test_einsum_ellipsis_broadcast():
    # ...ij,...jk->...ik with [2,1,3,4] and [5,4,6]: batch broadcasts to [2,5]; out [2,5,3,6] = 180
    # C = 4: exact 180*7 = 1260; maccs 2*5*3*4*6 = 720
    assert triple(einsum("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 6)], (2, 5, 3, 6))) == \
        (1260, 0, 720)


def test_einsum_implicit_output_and_single_operand():
    # implicit "ij,jk": output ik -> same as matmul: [3,4]x[4,5]: 15*7 = 105, maccs 60
    assert triple(einsum("ij,jk", [(3, 4), (4, 5)], (3, 5))) == (105, 0, 60)
    # trace "ii->": 5 terms, 4 adds; transpose "ij->ji": 0; row sums "ij->i" [3,4]: 12-3 = 9
    assert triple(einsum("ii->", [(5, 5)], ())) == (4, 0, 0)
    assert triple(einsum("ij->ji", [(3, 4)], (4, 3))) == (0, 0, 0)
    assert triple(einsum("ij->i", [(3, 4)], (3,))) == (9, 0, 0)


def test_einsum_outer_and_batched_contraction():
    # outer product i,j->ij: 3*4 = 12 products, no adds
    assert triple(einsum("i,j->ij", [(3,), (4,)], (3, 4))) == (12, 0, 12)
    # bhqd,bhkd->bhqk attention scores [2,4,8,16]x[2,4,8,16]: out 2*4*8*8 = 512, C = 16
    # exact 512*31 = 15872; maccs 512*16 = 8192
    assert triple(einsum("bhqd,bhkd->bhqk", [(2, 4, 8, 16)] * 2, (2, 4, 8, 8))) == (15872, 0, 8192)


def test_einsum_unknown_and_bad():
    assert triple(einsum("ij,jk->ik", [(None, 16), (16, 9)], (None, 9))) == (None, 0, None)
    with pytest.raises(ShapeError):
        einsum("ij,jk->ik", [(3, 4), (5, 6)], (3, 6))
    with pytest.raises(ShapeError):
        einsum("ij,jk->iz", [(3, 4), (4, 6)], (3, 6))
