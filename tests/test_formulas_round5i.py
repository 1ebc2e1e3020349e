"""Inference and serving leftovers (macc/costs/serving.py, macc/shapes/serving.py,
macc/shapes/random_ops.py): formulas with numbers derived by hand, and the shape functions TF
can no longer build a graph for (AdjustContrast v1, RandomCrop) or folds values through
(DataFormatVecPermute / DataFormatDimMap). TF counts all of these ops 0."""

import numpy as np
import pytest
from formula_helpers import cost, triple
from gdbuild import INT32, add, const, new, placeholder

from macc.costs import UNCOUNTED_OPS, ZERO_OPS
from macc.errors import MaccError
from macc.graph import Graph
from macc.shapes import infer_shapes


def _shapes(gd):
    return infer_shapes(Graph.from_graph_def(gd), {}, None)


def test_fused_pad_conv2d():
    # x [2,8,8,3] padded by (1,1) rows and (2,2) cols -> [2,10,12,3]; 3x3x3x4 VALID -> [2,8,10,4]
    # N(out) = 640, K = 27: 640·(2·27 − 1) = 33920 flops, 640·27 = 17280 maccs; the pad copies
    ins = [(2, 8, 8, 3), (4, 2), (3, 3, 3, 4)]
    assert triple(cost("FusedPadConv2D", ins, [(2, 8, 10, 4)])) == (33920, 0, 17280)


def test_fused_resize_and_pad_conv2d():
    # resize to [12,10]: 2·12·10·3 = 720 values, 9 each (bilinear) = 6480; pad 1 -> [2,14,12,3];
    # 3x3 VALID -> [2,12,10,4], 960 outputs: 960·53 = 50880; total 57360; maccs 960·27 = 25920
    ins = [(2, 8, 8, 3), (2,), (4, 2), (3, 3, 3, 4)]
    size = np.array([12, 10], np.int32)
    c = cost("FusedResizeAndPadConv2D", ins, [(2, 12, 10, 4)], values=[None, size, None, None])
    assert triple(c) == (57360, 0, 25920)
    # size not a constant: the resize is unknown, so is the total (the maccs are known)
    c = cost("FusedResizeAndPadConv2D", ins, [(2, 12, 10, 4)], values=[None, None, None, None])
    assert triple(c) == (None, 0, 25920)


def test_adjust_contrast_v1():
    # AdjustContrastv2's 4 per element + the clamp (2): 6·2·8·8·3 = 2304
    assert triple(cost("AdjustContrast", [(2, 8, 8, 3), (), (), ()], [(2, 8, 8, 3)])) == (2304, 0, 0)


def test_search_sorted():
    # rows of 7: ⌈log2 8⌉ = 3 comparisons per value, 10 values -> 30; rows of 8: ⌈log2 9⌉ = 4 -> 40
    assert triple(cost("LowerBound", [(2, 7), (2, 5)], [(2, 5)])) == (30, 0, 0)
    assert cost("UpperBound", [(2, 8), (2, 5)], [(2, 5)]).flops == 40
    assert cost("UpperBound", [(2, 8), (None, 5)], [(None, 5)]).flops is None


def test_approx_top_k_and_unravel_index():
    # k = 4: ⌈log2 5⌉ = 3 comparisons per element, 2·16·3 = 96
    assert triple(cost("ApproxTopK", [(2, 16)], [(2, 4), (2, 4)], {"k": 4})) == (96, 0, 0)
    # 4 indices into dims [4, 6]: out [2, 4], a divide and a mod each: 16
    assert triple(cost("UnravelIndex", [(4,), (2,)], [(2, 4)])) == (16, 0, 0)


def test_bessel_and_classes():
    assert triple(cost("BesselJ0", [(2, 4)], [(2, 4)])) == (8, 0, 0)
    assert triple(cost("BesselK1e", [(3,)], [(3,)])) == (3, 0, 0)
    assert {"DataFormatVecPermute", "ImmutableConst", "DecodeImage", "Batch", "SobolSample",
            "StatefulUniform", "ReduceJoin"} <= ZERO_OPS
    assert {"NthElement", "EditDistance", "PyFunc", "For", "BatchFunction",
            "StatelessRandomGammaV2"} <= UNCOUNTED_OPS


def test_data_format_values_fold():
    gd = new()
    const(gd, "s", [4], INT32, int_val=[2, 3, 8, 6])
    add(gd, "p", "DataFormatVecPermute", ["s"], src_format="NCHW", dst_format="NHWC")
    const(gd, "hw", [2], INT32, int_val=[8, 6])
    add(gd, "p2", "DataFormatVecPermute", ["hw"], src_format="NHWC", dst_format="NCHW")
    const(gd, "d", [5], INT32, int_val=[0, 1, 2, 3, -1])
    add(gd, "m", "DataFormatDimMap", ["d"])
    const(gd, "d2", [], INT32, int_val=[-3])
    add(gd, "m2", "DataFormatDimMap", ["d2"], dst_format="NWHC")
    s = _shapes(gd)
    assert s.value("p", 0).tolist() == [2, 8, 6, 3]  # y[j] = x[src.index(dst[j])]
    assert s.value("p2", 0).tolist() == [8, 6]  # two entries: the spatial letters only (HW)
    assert s.value("m", 0).tolist() == [0, 2, 3, 1, 1]  # N→0, H→2, W→3, C→1; −1 is C
    assert s.value("m2", 0).tolist() == 2  # −3 mod 4 = 1 (H), at index 2 of NWHC
    assert s.of("p", 0) == (4,)


def test_fused_conv_and_crop_shapes():
    gd = new()
    placeholder(gd, "x", [2, 8, 8, 3])
    const(gd, "pads", [4, 2], INT32, int_val=[0, 0, 1, 1, 2, 2, 0, 0])
    const(gd, "f", [3, 3, 3, 4], float_val=[0.0])
    add(gd, "c", "FusedPadConv2D", ["x", "pads", "f"], strides=[1, 1, 1, 1], padding="VALID")
    const(gd, "size", [2], INT32, int_val=[12, 10])
    add(gd, "r", "FusedResizeAndPadConv2D", ["x", "size", "pads", "f"], strides=[1, 2, 2, 1],
        padding="SAME")
    placeholder(gd, "img", [8, 8, 3])
    const(gd, "cs", [2], 9, int64_val=[5, 4])
    add(gd, "rc", "RandomCrop", ["img", "cs"])
    s = _shapes(gd)
    assert s.of("c", 0) == (2, 8, 10, 4)
    assert s.of("r", 0) == (2, 7, 7, 4)  # padded [2,14,14,3] (rows 12+2, cols 10+4), SAME /2
    assert s.of("rc", 0) == (5, 4, 3)


def test_fused_conv_channel_mismatch_is_an_error():
    gd = new()
    placeholder(gd, "x", [2, 8, 8, 5])
    const(gd, "pads", [4, 2], INT32, int_val=[0] * 8)
    const(gd, "f", [3, 3, 3, 4], float_val=[0.0])
    add(gd, "c", "FusedPadConv2D", ["x", "pads", "f"], strides=[1, 1, 1, 1], padding="VALID")
    with pytest.raises(MaccError, match="channels"):
        _shapes(gd)


def test_fft_nd():
    # [2,4,6] over axes 1,2 with fft_length [4,6]: 2 transforms of 24 points,
    # 2·5·24·log2 24 = 1100.39 -> 1100
    v = [None, np.array([4, 6]), np.array([1, 2])]
    assert triple(cost("FFTND", [(2, 4, 6), (2,), (2,)], [(2, 4, 6)], values=v)) == (1100, 0, 0)
    # RFFTND, fft_length [4, 8]: 2 transforms of 32 real points, 2·2.5·32·5 = 800
    v = [None, np.array([4, 8]), np.array([1, 2])]
    assert cost("RFFTND", [(2, 4, 6), (2,), (2,)], [(2, 4, 6)], values=v).flops == 800
    # axes not a constant: unknown
    assert cost("IFFTND", [(2, 4, 6), (2,), (2,)], [(2, 4, 6)], values=[None] * 3).flops is None


def test_generic_conv():
    # [2,8,8,4] * 3x3x4x6 VALID -> [2,6,6,6]: 432 outputs, K = 36: 432·71 = 30672, maccs 15552
    assert triple(cost("Conv", [(2, 8, 8, 4), (3, 3, 4, 6)], [(2, 6, 6, 6)])) == (30672, 0, 15552)


def test_fused_quantized_conv():
    # [2,8,8,3] * 3x3x3x4 SAME -> [2,8,8,4]: 512 outputs, K = 27: 512·53 = 27136, maccs 13824;
    # WithBias: + 512 adds + 2·4 (the bias scaled once) = 27656
    ins = [(2, 8, 8, 3), (3, 3, 3, 4), (4,)] + [()] * 4
    out = [(2, 8, 8, 4), (), ()]
    assert triple(cost("QuantizedConv2DWithBias", ins, out)) == (27656, 0, 13824)
    # bias 1 + summand 3 + Relu 1 + Requantize 4 = 9 per output: 27136 + 4608 + 8 = 31752
    ins_sum = ins + [(), (), (2, 8, 8, 4), (), ()]
    c = cost("QuantizedConv2DWithBiasSumAndReluAndRequantize", ins_sum, out)
    assert c.flops == 31752
    # per-channel, nothing fused: the contraction alone
    assert cost("QuantizedConv2DPerChannel", [(2, 8, 8, 3), (3, 3, 3, 4)] + [()] * 4,
                out).flops == 27136
    # depthwise 3x3x3x2 VALID -> [2,6,6,6]: 432·(2·9−1) = 7344, + bias 432 + Relu 432 + 2·6
    ins_dw = [(2, 8, 8, 3), (3, 3, 3, 2), (6,)] + [()] * 4
    c = cost("QuantizedDepthwiseConv2DWithBiasAndRelu", ins_dw, [(2, 6, 6, 6), None, None])
    assert triple(c) == (8220, 0, 3888)


def test_fused_quantized_matmul_and_binary():
    # [2,5]·[5,7]: 14·9 = 126, + bias 14 + Dequantize 2·14 + 2·7 = 182; maccs 70
    ins = [(2, 5), (5, 7), (7,)] + [()] * 6
    assert triple(cost("QuantizedMatMulWithBiasAndDequantize", ins, [(2, 7)])) == (182, 0, 70)
    # QuantizedAdd: both inputs into the output range (2 + 2) and the add: 5·10 = 50; Mul 3·10
    ins = [(2, 5), (2, 5)] + [()] * 4
    assert cost("QuantizedAdd", ins, [(2, 5), (), ()]).flops == 50
    assert cost("QuantizedMul", ins, [(2, 5), (), ()]).flops == 30
    # each of 4 channels' min and max over 128 values: 2·(128 − 4) = 248
    assert cost("RequantizationRangePerChannel", [(2, 4, 4, 4), (4,), (4,)], [(), ()]).flops == 248
    assert cost("RequantizePerChannel", [(2, 4, 4, 4)] + [(4,)] * 2 + [()] * 2,
                [(2, 4, 4, 4), (), ()]).flops == 512  # 4·128


def test_uniform_quantized_and_v1():
    # [2,4]·[4,3]: 6·7 = 42 + Requantize 4·6 = 66; hybrid: rhs dequantized 2·12 + 42 = 66
    assert triple(cost("UniformQuantizedDot", [(2, 4), (4, 3)] + [()] * 6, [(2, 3)])) == (66, 0, 24)
    assert triple(cost("UniformQuantizedDotHybrid", [(2, 4), (4, 3), (), ()], [(2, 3)])) == (66, 0, 24)
    # add: 5 + the clamp 2 = 7 per output element: 56; quantize 5 per element, dequantize 2
    assert cost("UniformQuantizedAdd", [(2, 4), (2, 4)] + [()] * 6, [(2, 4)]).flops == 56
    assert cost("UniformQuantize", [(2, 4), (), ()], [(2, 4)]).flops == 40
    assert cost("UniformDequantize", [(2, 4), (), ()], [(2, 4)]).flops == 16
    # v1 QuantizeAndDequantize, range_given false: 5·6 + the min and max 2·(6 − 1) = 40
    assert cost("QuantizeAndDequantize", [(2, 3)], [(2, 3)]).flops == 40


def test_immutable_const_is_a_sized_weight(tmp_path):
    from gdbuild import FLOAT, dtype, shape, write

    import macc
    gd = new()
    add(gd, "w", "ImmutableConst", dtype=dtype(FLOAT), shape=shape([4, 3]),
        memory_region_name="w_region")
    placeholder(gd, "x", [2, 4])
    add(gd, "y", "MatMul", ["x", "w"])
    r = macc.profile(write(tmp_path, gd))
    rows = {n.name: n for n in r.nodes}
    assert rows["w"].output_shapes == [[4, 3]] and rows["w"].status == "zero"
    assert r.totals.weights == 12  # 4·3 memmapped floats
    assert rows["y"].flops == 42  # 2·3·(2·4 − 1)
