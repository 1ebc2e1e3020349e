"""Scatters into a zeroed output (transposed convolutions, pooling gradients) against hand counts.

The rule: the first value landing on an output element is free, each further one is an add.
A transposed convolution therefore costs maccs products + (maccs − C) adds, C the dx elements
some product lands on; C < N(dx) when the stride outruns the kernel or VALID windows never
reach the last rows. (macc.costs.coverage was checked against TensorFlow by counting the
nonzero elements of conv2d_backprop_input / avg_pool_grad of all-ones inputs over 204
geometries: SAME, VALID, EXPLICIT, strides 1–4, dilation 2.)
"""

import itertools

import numpy as np
from formula_helpers import cost, triple
from hypothesis import given, settings
from hypothesis import strategies as st

from macc.costs import DOCS
from macc.costs.coverage import covered, disjoint_windows, pad_before

S2_SAME = {"strides": [1, 2, 2, 1], "padding": "SAME"}


def test_bpi_1x1_stride2_leaves_gaps():
    # ResNet's 1x1/s2 shortcut, its input gradient: dx [1,8,8,4], f [1,1,4,8], dy [1,4,4,8]
    # products 16*8 dy elements * 4 taps = 512 = maccs; dy row j lands on dx row 2j only:
    # covered 4*4 positions * 4 channels = 64, each summing 8 products -> 64*7 = 448 adds
    # exact 512 + 448 = 960 (was 2*512 - 256 = 768); TF int(2*256*32/(4*2*2)) = 1024
    c = cost("Conv2DBackpropInput", [(4,), (1, 1, 4, 8), (1, 4, 4, 8)], [(1, 8, 8, 4)], S2_SAME)
    assert triple(c) == (960, 1024, 512)
    assert c.formula == "2·1·4·4·8·1·1·4−1·4·4·4"


def test_bpi_valid_leaves_last_row():
    # 3x3/s2 VALID on 8x8 -> dy 3x3: windows at rows 0-2, 2-4, 4-6; row 7 (and col 7) never read
    # maccs 9 dy positions * 5 * 3*3*3 = 1215; covered 7*7*3 = 147 -> 2*1215 - 147 = 2283
    c = cost("Conv2DBackpropInput", [(4,), (3, 3, 3, 5), (1, 3, 3, 5)], [(1, 8, 8, 3)],
             {"strides": [1, 2, 2, 1], "padding": "VALID"})
    assert (c.flops, c.maccs) == (2283, 1215)
    assert c.formula == "2·1·3·3·5·3·3·3−1·7·7·3"


def test_bpi_stride4_never_below_maccs():
    # 1x1/s4 VALID on 13x13 -> dy 4x4: rows 0, 4, 8, 12 each get one product per channel
    # maccs 16*1*3 = 48 products, 48 covered elements, 0 adds: exact 48 (was max(96 - 507, 0) = 0)
    c = cost("Conv2DBackpropInput", [(4,), (1, 1, 3, 1), (1, 4, 4, 1)], [(1, 13, 13, 3)],
             {"strides": [1, 4, 4, 1], "padding": "VALID"})
    assert (c.flops, c.maccs) == (48, 48)
    assert c.formula == "2·1·4·4·1·1·1·3−1·4·4·3"


def test_conv2d_transpose_1x1_stride2():
    # tf.nn.conv2d_transpose(x [1,4,4,4], w [1,1,3,4], [1,8,8,3], strides 2, SAME):
    # maccs 16*4 dy elements * 3 = 192; covered 4*4*3 = 48 -> 384 - 48 = 336 (was 384 - 192 = 192)
    c = cost("Conv2DBackpropInput", [(4,), (1, 1, 3, 4), (1, 4, 4, 4)], [(1, 8, 8, 3)], S2_SAME)
    assert (c.flops, c.maccs) == (336, 192)


def test_depthwise_bpi_gaps_and_nchw():
    # 1x1 multiplier 1, stride 2 VALID on 7x7x3 -> dy 4x4x3: 48 products on 48 covered elements
    # (rows 0, 2, 4, 6): 0 adds, exact 48 (was max(96 - 147, 0) = 0)
    c = cost("DepthwiseConv2dNativeBackpropInput", [(4,), (1, 1, 3, 1), (1, 4, 4, 3)],
             [(1, 7, 7, 3)], {"strides": [1, 2, 2, 1], "padding": "VALID"})
    assert triple(c) == (48, 0, 48)
    # same in NCHW: dx [1,3,7,7], dy [1,3,4,4]
    c = cost("DepthwiseConv2dNativeBackpropInput", [(4,), (1, 1, 3, 1), (1, 3, 4, 4)],
             [(1, 3, 7, 7)], {"strides": [1, 1, 2, 2], "padding": "VALID", "data_format": "NCHW"})
    assert (c.flops, c.formula) == (48, "2·1·3·4·4·1·1−1·3·4·4")
    # 3x3 multiplier 2 SAME stride 2 on 7x7x3: maccs 96*9 = 864; SAME pads 1 before
    # ((4-1)*2 + 3 - 7 = 2 in all): windows rows -1..1, 1..3, 3..5, 5..7 cover all 7 rows:
    # covered 147 -> 1728 - 147 = 1581
    c = cost("DepthwiseConv2dNativeBackpropInput", [(4,), (3, 3, 3, 2), (1, 4, 4, 6)],
             [(1, 7, 7, 3)], S2_SAME)
    assert (c.flops, c.maccs) == (1581, 864)


def test_conv3d_bpi_stride_over_kernel():
    # 1x1x1 stride 2 SAME, dx [1,4,6,6,2], f [1,1,1,2,3], dy [1,2,3,3,3]: maccs 54*2 = 108;
    # covered 2*3*3 positions * 2 channels = 36, each summing 3 products -> 216 - 36 = 180
    c = cost("Conv3DBackpropInputV2", [(5,), (1, 1, 1, 2, 3), (1, 2, 3, 3, 3)], [(1, 4, 6, 6, 2)],
             {"strides": [1, 2, 2, 2, 1], "padding": "SAME"})
    assert triple(c) == (180, 0, 108)
    # 2x3x3 stride 2 SAME covers everything: 2*1944 - 288 = 3600 (maccs 54*2*3*3*2 = 1944)
    c = cost("Conv3DBackpropInputV2", [(5,), (2, 3, 3, 2, 3), (1, 2, 3, 3, 3)], [(1, 4, 6, 6, 2)],
             {"strides": [1, 2, 2, 2, 1], "padding": "SAME"})
    assert (c.flops, c.maccs) == (3600, 1944)


def test_bpi_explicit_and_dilation():
    # EXPLICIT pads 2 before, 0 after on h and w; 1x1 stride 3 on 6x6 -> dy (6+2-1)//3+1 = 3:
    # taps at -2, 1, 4: rows 1 and 4 -> covered 2*2*2 channels = 8; maccs 9*4*2 = 72 -> 136
    attrs = {"strides": [1, 3, 3, 1], "padding": "EXPLICIT",
             "explicit_paddings": [0, 0, 2, 0, 2, 0, 0, 0]}
    c = cost("Conv2DBackpropInput", [(4,), (1, 1, 2, 4), (1, 3, 3, 4)], [(1, 6, 6, 2)], attrs)
    assert (c.flops, c.maccs) == (136, 72)
    # 2x2 dilation 3, stride 1 VALID on 7 -> dy 7-4+1 = 4: taps j and j+3, j = 0..3: rows 0..6
    # all covered: 2*maccs - N(dx); a 1-wide w axis: dx [1,7,1,1], f [2,1,1,1], dy [1,4,1,1]
    # maccs 4*2 = 8 -> 16 - 7 = 9
    c = cost("Conv2DBackpropInput", [(4,), (2, 1, 1, 1), (1, 4, 1, 1)], [(1, 7, 1, 1)],
             {"strides": [1, 1, 1, 1], "dilations": [1, 3, 1, 1], "padding": "VALID"})
    assert (c.flops, c.maccs) == (9, 8)
    # 2x1 dilation 2, stride 4 VALID on 9: dy (9-3)//4+1 = 2, taps {0,2} and {4,6}: 2*2 = 4
    # products on 4 distinct rows (8 uncovered), no adds -> 2*4 - 4 = 4
    c = cost("Conv2DBackpropInput", [(4,), (2, 1, 1, 1), (1, 2, 1, 1)], [(1, 9, 1, 1)],
             {"strides": [1, 4, 1, 1], "dilations": [1, 2, 1, 1], "padding": "VALID"})
    assert (c.flops, c.maccs) == (4, 4)


def test_bpi_empty_filter():
    # no output channels: no products, nothing lands: 0, 0
    c = cost("Conv2DBackpropInput", [(4,), (1, 1, 4, 0), (1, 4, 4, 0)], [(1, 8, 8, 4)], S2_SAME)
    assert (c.flops, c.maccs) == (0, 0)


def _brute_covered(size, out, k, stride, dilation, pad):
    return len({j * stride - pad + t * dilation for j in range(out) for t in range(k)}
               & set(range(size)))


def test_covered_matches_enumeration():
    for size, out, k, s, d, pad in itertools.product(range(0, 10), range(0, 6), range(0, 4),
                                                     range(1, 5), range(1, 4), range(0, 4)):
        assert covered(size, out, k, s, d, pad) == _brute_covered(size, out, k, s, d, pad), \
            (size, out, k, s, d, pad)


def test_pad_before_is_tf_same_rule():
    # SAME: total max((out-1)*s + (k-1)*d + 1 - size, 0), the smaller half before
    assert pad_before(8, 4, 3, 2, 1, "SAME") == 0  # total 1
    assert pad_before(7, 4, 3, 2, 1, "SAME") == 1  # total 2
    assert pad_before(5, 5, 3, 1, 2, "SAME") == 2  # total 4
    assert pad_before(7, 4, 3, 2, 1, "VALID") == 0
    assert pad_before(7, 4, 3, 2, 1, "EXPLICIT", 3) == 3


@settings(max_examples=80, deadline=None)
@given(h=st.integers(1, 16), kh=st.integers(1, 4), s=st.integers(1, 5), cin=st.integers(1, 3),
       cout=st.integers(1, 3), pad=st.sampled_from(["SAME", "VALID"]))
def test_bpi_exact_at_least_maccs(h, kh, s, cin, cout, pad):
    # every covered dx element gets >= 1 product: C <= maccs, so maccs <= exact <= 2*maccs
    if pad == "VALID" and kh > h:
        return
    o = -(-h // s) if pad == "SAME" else (h - kh) // s + 1
    c = cost("Conv2DBackpropInput", [(4,), (kh, kh, cin, cout), (1, o, o, cout)],
             [(1, h, h, cin)], {"strides": [1, s, s, 1], "padding": pad})
    assert c.maccs <= c.flops <= 2 * c.maccs
    p = pad_before(h, o, kh, s, 1, pad)
    assert c.flops == 2 * c.maccs - _brute_covered(h, o, kh, s, 1, p) ** 2 * cin


# --- pooling gradients -------------------------------------------------------------------------


def test_avg_pool_grad_without_overlap():
    # 2x2/s2 VALID on [1,4,4,2]: grad [1,2,2,2] = 8 divides, 8*4 = 32 landings on 32 distinct dx
    # elements (each receives exactly one): 0 adds -> 8 (was 8*(4+1) = 40); TF 2*4*8 = 64
    c = cost("AvgPoolGrad", [(4,), (1, 2, 2, 2)], [(1, 4, 4, 2)],
             {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"})
    assert triple(c) == (8, 64, 0)
    assert c.formula == "1·2·2·2·(4+1)−1·4·4·2"


def test_avg_pool_grad_gaps_and_3d():
    # 1x1/s2 VALID on [1,5,5,1] -> grad 3x3: 9 divides, 9 landings on rows/cols 0, 2, 4 (9
    # elements): 9 + 9 - 9 = 9
    c = cost("AvgPoolGrad", [(4,), (1, 3, 3, 1)], [(1, 5, 5, 1)],
             {"ksize": [1, 1, 1, 1], "strides": [1, 2, 2, 1], "padding": "VALID"})
    assert triple(c) == (9, 18, 0)
    # AvgPool3DGrad 3x3x3/s2 VALID on [1,7,7,7,1] -> grad 3x3x3 = 27: 27 divides + 27*27 = 729
    # landings on 7*7*7 = 343 covered (windows 0-2, 2-4, 4-6): 27 + 729 - 343 = 413
    c = cost("AvgPool3DGrad", [(5,), (1, 3, 3, 3, 1)], [(1, 7, 7, 7, 1)],
             {"ksize": [1, 3, 3, 3, 1], "strides": [1, 2, 2, 2, 1], "padding": "VALID"})
    assert triple(c) == (413, 0, 0)


def test_max_pool_grad_scatter():
    # 2x2/s2 VALID on [1,4,4,2], grad 8: windows disjoint, argmaxes distinct: 8*3 comparisons,
    # 0 adds -> 24 (was 8*4 = 32); TF (4+1)*8 = 40
    attrs = {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}
    c = cost("MaxPoolGrad", [(1, 4, 4, 2), (1, 2, 2, 2), (1, 2, 2, 2)], [(1, 4, 4, 2)], attrs)
    assert triple(c) == (24, 40, 0)
    # MaxPoolGradWithArgmax, same geometry: the argmax is given, no comparisons, no adds: 0
    c = cost("MaxPoolGradWithArgmax", [(1, 4, 4, 2), (1, 2, 2, 2), (1, 2, 2, 2)], [(1, 4, 4, 2)],
             attrs)
    assert triple(c) == (0, 0, 0)
    # 3x3/s1 SAME on [1,5,5,1]: grad 25, D = ceil(5/3)^2 = 4 disjoint windows; adds <= 25 - 4 = 21
    # MaxPoolGrad 25*8 + 21 = 221; WithArgmax 21
    attrs = {"ksize": [1, 3, 3, 1], "strides": [1, 1, 1, 1], "padding": "SAME"}
    c = cost("MaxPoolGrad", [(1, 5, 5, 1), (1, 5, 5, 1), (1, 5, 5, 1)], [(1, 5, 5, 1)], attrs)
    assert (c.flops, c.formula) == (221, "1·5·5·1·9−1·2·2·1")
    c = cost("MaxPoolGradWithArgmax", [(1, 5, 5, 1), (1, 5, 5, 1), (1, 5, 5, 1)], [(1, 5, 5, 1)],
             attrs)
    assert c.flops == 21


def test_disjoint_windows():
    # every ceil(k/s)-th window: 4 windows k3 s2 -> every 2nd -> 2; k2 s2 -> all 4; k5 s1 -> 1
    assert [disjoint_windows(4, 3, 2), disjoint_windows(4, 2, 2), disjoint_windows(4, 5, 1)] == \
        [2, 4, 1]
    assert disjoint_windows(0, 3, 1) == 0


def test_max_pool_grad_v2_needs_both_windows():
    # ksize and strides constant inputs: 2x2/s2 VALID on [1,4,4,2] -> 24 as MaxPoolGrad (TF 0)
    c = cost("MaxPoolGradV2", [(1, 4, 4, 2), (1, 2, 2, 2), (1, 2, 2, 2), (4,), (4,)],
             [(1, 4, 4, 2)], {"padding": "VALID"},
             values=[None, None, None, np.array([1, 2, 2, 1]), np.array([1, 2, 2, 1])])
    assert triple(c) == (24, 0, 0)


# --- formula strings that say what is computed ---------------------------------------------------


def test_matmul_k0_string_is_honest():
    # [3,0]x[0,4]: 12 empty sums, zero-filled: 0 flops, 0 maccs, and the string says so
    c = cost("MatMul", [(3, 0), (0, 4)], [(3, 4)])
    assert triple(c) == (0, 0, 0)
    assert c.formula == "3·4·0 (dot products of length 0)"


def test_cudnn_docs_projection_only_with_num_proj():
    for op in ("CudnnRNN", "CudnnRNNV2", "CudnnRNNV3"):
        flops, _, maccs = DOCS[op]
        assert "+ B·P·(2H−1)" not in flops and "proj = B·P·(2H−1) when num_proj > 0, else 0" in flops
        assert maccs.endswith("the B·P·H only when num_proj > 0")
