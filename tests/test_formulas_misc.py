"""Hand-derived counts for the smaller families added for full coverage: special functions,
complex numbers, quantisation, segment reductions and scans, cross-entropy, batch-norm gradients,
LRN, pooling and resize gradients, image adjustments, scatters, selection. TF counts 0 for all."""

import numpy as np
from formula_helpers import cost, triple


def test_elementwise_additions():
    # Xlog1py: log1p(y) then a multiply, 2·N(out): [4,5] -> 40
    assert triple(cost("Xlog1py", [(4, 5), (4, 5)], [(4, 5)])) == (40, 0, 0)
    # Igamma: one special function per output element (broadcast [4,5] with [5] -> 20)
    assert cost("Igamma", [(4, 5), (5,)], [(4, 5)]).flops == 20
    # ComplexAbs: 2 squares, an add, a sqrt = 4 per element: [6] -> 24
    assert cost("ComplexAbs", [(6,)], [(6,)]).flops == 24
    # Cross on [10, 3]: 3 per output element -> 90
    assert cost("Cross", [(10, 3), (10, 3)], [(10, 3)]).flops == 90
    # AccumulateNV2 of 3 [4,5] tensors: AddN's (3 − 1)·20 = 40, TF 0
    assert triple(cost("AccumulateNV2", [(4, 5)] * 3, [(4, 5)])) == (40, 0, 0)


def test_quantization():
    # FakeQuant: 7 per element, [2, 8] -> 112
    assert cost("FakeQuantWithMinMaxVars", [(2, 8), (), ()], [(2, 8)]).flops == 112
    # QuantizeAndDequantizeV3 (range given): 5·16 = 80; V2 (range not given, whole tensor):
    # + min and max 2·(16 − 1) = 30 -> 110; per channel (axis 1 of [2, 8]): 2·(16 − 8) = 16 -> 96
    assert cost("QuantizeAndDequantizeV3", [(2, 8), (), (), ()], [(2, 8)]).flops == 80
    assert cost("QuantizeAndDequantizeV2", [(2, 8), (), ()], [(2, 8)]).flops == 110
    assert cost("QuantizeAndDequantizeV4", [(2, 8), (), ()], [(2, 8)], {"axis": 1}).flops == 96


def test_segments_and_scans():
    # SegmentSum [10, 4] -> [3, 4]: 40 − 12 = 28 adds; SegmentMean + 12 divides = 40
    assert cost("SegmentSum", [(10, 4), (10,)], [(3, 4)]).flops == 28
    assert cost("SegmentMean", [(10, 4), (10,)], [(3, 4)]).flops == 40
    assert cost("UnsortedSegmentMax", [(10, 4), (10,), ()], [(3, 4)]).flops == 28
    # Cumsum along axis 1 of [3, 5]: 3 lines of 4 adds = 12; exclusive: 3 lines of 3 = 9
    axis1 = [None, np.array(1)]
    assert triple(cost("Cumsum", [(3, 5), ()], [(3, 5)], values=axis1)) == (12, 0, 0)
    assert cost("Cumprod", [(3, 5), ()], [(3, 5)], {"exclusive": True}, values=axis1).flops == 9
    # CumulativeLogsumexp: 7 per step -> 84; axis not known -> not counted
    assert cost("CumulativeLogsumexp", [(3, 5), ()], [(3, 5)], values=axis1).flops == 84
    assert cost("Cumsum", [(3, 5), ()], [(3, 5)]).flops is None


def test_cross_entropy():
    # [8, 10]: log-softmax 5c − 1 = 49, loss 2c = 20, gradient 2c = 20 -> 89 per row, 712
    assert cost("SoftmaxCrossEntropyWithLogits", [(8, 10), (8, 10)], [(8,), (8, 10)]).flops == 712
    # sparse: 49 + 1 + (c + 1) = 61 per row -> 488
    assert cost("SparseSoftmaxCrossEntropyWithLogits", [(8, 10), (8,)], [(8,), (8, 10)]).flops == 488


def test_normalization_grads_and_lrn():
    # FusedBatchNormGradV3 training on x [2,4,4,16] (N 512, C 16): 10·512 + 3·16 = 5168;
    # inference: 6·512 + 2·16 = 3104
    ins = [(2, 4, 4, 16), (2, 4, 4, 16), (16,), (16,), (16,), (None,)]
    assert cost("FusedBatchNormGradV3", ins, [(2, 4, 4, 16)]).flops == 5168
    assert cost("FusedBatchNormGrad", ins, [(2, 4, 4, 16)], {"is_training": False}).flops == 3104
    # BatchNormWithGlobalNormalization = inference batch norm: 2·512 + 6·16 = 1120
    c = cost("BatchNormWithGlobalNormalization", [(2, 4, 4, 16)] + [(16,)] * 4, [(2, 4, 4, 16)])
    assert c.flops == 1120
    # LRN with depth_radius 2: w = 5, 2w + 3 = 13 per element on [1,2,2,8] (32) -> 416;
    # LRNGrad 4w + 7 = 27 -> 864
    assert cost("LRN", [(1, 2, 2, 8)], [(1, 2, 2, 8)], {"depth_radius": 2}).flops == 416
    assert cost("LRNGrad", [(1, 2, 2, 8)] * 3, [(1, 2, 2, 8)], {"depth_radius": 2}).flops == 864


def test_pool_and_dilation_grads():
    ks = {"ksize": [1, 3, 3, 1]}
    # MaxPool3DGrad, k = 27, stride 2 SAME, grad [1,4,4,4,1] = 64: 64·26 comparisons = 1664;
    # adds ≤ 64 − D, D = 1·ceil(4/ceil(3/2))³·1 = 2³ = 8 disjoint windows: 56 -> 1720
    c = cost("MaxPool3DGrad", [(1, 8, 8, 8, 1), (1, 4, 4, 4, 1), (1, 4, 4, 4, 1)],
             [(1, 8, 8, 8, 1)], {"ksize": [1, 3, 3, 3, 1], "strides": [1, 2, 2, 2, 1],
                                 "padding": "SAME"})
    assert triple(c) == (1720, 0, 0)
    # MaxPoolGradV2: ksize [1,3,3,1], strides [1,2,2,1] from inputs 3, 4; grad 64:
    # 64·8 = 512 comparisons + 64 − D adds, D = 1·2·2·4 = 16: 560 (TF 0, unlike MaxPoolGrad)
    c = cost("MaxPoolGradV2", [(1, 8, 8, 4), (1, 4, 4, 4), (1, 4, 4, 4), (4,), (4,)],
             [(1, 8, 8, 4)], {"padding": "SAME"},
             values=[None, None, None, np.array([1, 3, 3, 1]), np.array([1, 2, 2, 1])])
    assert triple(c) == (560, 0, 0)
    # strides not a known constant: exact unknown
    c = cost("MaxPoolGradV2", [(1, 8, 8, 4), (1, 4, 4, 4), (1, 4, 4, 4), (4,), (4,)],
             [(1, 8, 8, 4)], values=[None, None, None, np.array([1, 3, 3, 1]), None])
    assert triple(c) == (None, 0, 0)
    # MaxPoolGradGrad: MaxPool's count on its output [1,4,4,4]: 64·8 = 512
    assert cost("MaxPoolGradGrad", [(1, 8, 8, 4)] * 3, [(1, 4, 4, 4)], ks).flops == 512
    # MaxPoolWithArgmax: as MaxPool, 512
    assert cost("MaxPoolWithArgmax", [(1, 8, 8, 4)], [(1, 4, 4, 4), (1, 4, 4, 4)], ks).flops == 512
    # Dilation2DBackpropInput, filter 3×3, dy [1,4,4,4]: 64·2·9 = 1152
    c = cost("Dilation2DBackpropInput", [(1, 8, 8, 4), (3, 3, 4), (1, 4, 4, 4)], [(1, 8, 8, 4)])
    assert c.flops == 1152


def test_resize_family():
    # ResizeBilinearGrad: 2 + 4 products + 4 adds = 10 per grad element: [1,8,8,3] -> 1920
    assert cost("ResizeBilinearGrad", [(1, 8, 8, 3), (1, 4, 4, 3)], [(1, 4, 4, 3)]).flops == 1920
    # ResizeBicubicGrad: 4 + 32 = 36 -> 6912
    assert cost("ResizeBicubicGrad", [(1, 8, 8, 3), (1, 4, 4, 3)], [(1, 4, 4, 3)]).flops == 6912
    # CropAndResize to [2, 5, 5, 3] (150 values): bilinear 9·150 = 1350; nearest 0
    ins = [(1, 10, 10, 3), (2, 4), (2,), (2,)]
    assert cost("CropAndResize", ins, [(2, 5, 5, 3)]).flops == 1350
    assert cost("CropAndResize", ins, [(2, 5, 5, 3)], {"method": "nearest"}).flops == 0
    # ResizeArea [1,8,8,3] -> [1,4,4,3]: K = 2·2 = 4, 2K = 8 per output (48) -> 384
    assert cost("ResizeArea", [(1, 8, 8, 3), (2,)], [(1, 4, 4, 3)]).flops == 384


def test_image_adjustments():
    # [2, 4, 4, 3]: 32 pixels. RGBToHSV 10 per pixel = 320; AdjustHue 23 per pixel = 736
    assert triple(cost("RGBToHSV", [(2, 4, 4, 3)], [(2, 4, 4, 3)])) == (320, 0, 0)
    assert cost("AdjustHue", [(2, 4, 4, 3), ()], [(2, 4, 4, 3)]).flops == 736
    # AdjustContrastv2: mean (96) + 3 per element (288) = 4·96 = 384
    assert cost("AdjustContrastv2", [(2, 4, 4, 3), ()], [(2, 4, 4, 3)]).flops == 384


def test_scatter_and_selection():
    # ScatterAdd(ref [100, 8], indices [5], updates [5, 8]): 40 adds
    assert triple(cost("ScatterAdd", [(100, 8), (5,), (5, 8)], [(100, 8)])) == (40, 0, 0)
    # ScatterNd(indices [5, 1], updates [5, 8], shape): 40
    assert cost("ScatterNd", [(5, 1), (5, 8), (2,)], [(100, 8)]).flops == 40
    # TopKV2 k = 3 on [2, 100]: ⌈log2(4)⌉ = 2 comparisons per element -> 400; k = 1: 200
    assert cost("TopKV2", [(2, 100), ()], [(2, 3), (2, 3)]).flops == 400
    assert cost("TopK", [(2, 100)], [(2, 1), (2, 1)]).flops == 200
    # Bucketize with 4 boundaries: ⌈log2(5)⌉ = 3 per element, [10] -> 30
    assert cost("Bucketize", [(10,)], [(10,)], {"boundaries": [0.0, 1.0, 2.0, 3.0]}).flops == 30
    # NMS of 50 boxes: areas 3·50 + threshold 50 = 200 (lower bound)
    c = cost("NonMaxSuppressionV3", [(50, 4), (50,), (), (), ()], [(None,)])
    assert triple(c) == (200, 0, 0)
