"""Round 6 (macc/costs/features.py, macc/costs/banded.py, macc/shapes/features.py,
macc/shapes/seq_io.py): the tridiagonal and banded solver counts derived by hand from TF 2.21's
kernels, the counts' per-value adds, and the shapes TF can no longer build (SelfAdjointEig v1)."""

import pytest
from formula_helpers import cost, triple
from gdbuild import add, new, placeholder

from macc.costs import UNCOUNTED_OPS, ZERO_OPS
from macc.costs.banded import band_sum
from macc.errors import MaccError
from macc.graph import Graph
from macc.shapes import infer_shapes


def _shapes(gd):
    return infer_shapes(Graph.from_graph_def(gd), {}, None)


def test_tridiagonal_matmul():
    # M = 5, K = 3, 2 batches: rows 0 and 4 are 2-term dot products, rows 1-3 3-term ones:
    # 3M − 2 = 13 multiplies + 2M − 2 = 8 adds = 21 per column; 2·3·21 = 126; maccs 2·3·13 = 78
    ins = [(2, 1, 5)] * 3 + [(2, 5, 3)]
    assert triple(cost("TridiagonalMatMul", ins, [(2, 5, 3)])) == (126, 0, 78)
    # M = 1: one product per column
    assert triple(cost("TridiagonalMatMul", [(1, 1)] * 3 + [(1, 4)], [(1, 4)])) == (4, 0, 4)


def test_tridiagonal_solve_thomas():
    # M = 5, K = 3: u0 and x0 (1 + 3 divides), rows 1-4: pivot (2) + u_i (1) + 3·3 = 12 each
    # (48), back substitution 4 rows · 3 columns · 2 = 24: 52 + 24 = 76 = 3·5 − 2 + 3·(5·5 − 4);
    # 2 batches: 152
    c = cost("TridiagonalSolve", [(2, 3, 5), (2, 5, 3)], [(2, 5, 3)], {"partial_pivoting": False})
    assert triple(c) == (152, 0, 0)
    # M = 1, K = 2: u0 and two divides
    c = cost("TridiagonalSolve", [(3, 1), (1, 2)], [(1, 2)], {"partial_pivoting": False})
    assert c.flops == 3


def test_tridiagonal_solve_pivoting_is_unknown():
    c = cost("TridiagonalSolve", [(2, 3, 5), (2, 5, 3)], [(2, 5, 3)])
    assert (c.flops, c.tf_flops) == (None, 0)
    assert "pivoting" in c.formula


def test_banded_triangular_solve():
    # 2 bands, M = 5: rows 1-4 read one solved row: Σ min(i, 1) = 4; per column 5 + 2·4 = 13;
    # 2 batches · 3 columns = 78
    assert triple(cost("BandedTriangularSolve", [(2, 2, 5), (2, 5, 3)], [(2, 5, 3)])) == (78, 0, 0)
    # 3 bands, upper adjoint: Σ = 0 + 1 + 2 + 2 + 2 = 7, 5 + 14 = 19 per column: 6·19 = 114
    c = cost("BandedTriangularSolve", [(2, 3, 5), (2, 5, 3)], [(2, 5, 3)],
             {"lower": False, "adjoint": True})
    assert c.flops == 114
    # lower adjoint: the last row is divided twice: 19 + 1 = 20 for one column
    c = cost("BandedTriangularSolve", [(3, 5), (5, 1)], [(5, 1)], {"lower": True, "adjoint": True})
    assert c.flops == 20
    # more bands than rows: every row reads all earlier rows, 0 + 1 + 2 = 3
    assert band_sum(3, 5) == 3


def test_counts_add_per_value():
    # SparseBincount(indices [6,2], values [6], dense_shape [2], size, weights [6]): 6 adds
    ins = [(6, 2), (6,), (2,), (), (6,)]
    assert triple(cost("SparseBincount", ins, [(2, 6)])) == (6, 0, 0)
    # RaggedBincount(splits [3], values [6], size, weights [6]) -> 6
    assert cost("RaggedBincount", [(3,), (6,), (), (6,)], [None]).flops == 6
    # DenseCountSparseOutput(values [2,3], weights [2,3]) -> 6; unknown values: unknown
    assert cost("DenseCountSparseOutput", [(2, 3), (2, 3)], [(None, 2), (None,), (2,)]).flops == 6
    assert cost("SparseCountSparseOutput", [(None, 2), (None,), (2,), (None,)],
                [(None, 2), (None,), (2,)]).flops is None


def test_nms_with_overlaps_lower_bound():
    # overlaps [7,7], scores [7]: the score threshold, 7 comparisons
    c = cost("NonMaxSuppressionWithOverlaps", [(7, 7), (7,), (), (), ()], [(None,)])
    assert triple(c) == (7, 0, 0)


def test_classes():
    assert {"SparseCross", "RaggedCross", "ParseSequenceExampleV2", "ReadFile", "Fingerprint",
            "Timestamp", "ToBool"} <= ZERO_OPS
    assert {"GenerateBoundingBoxProposals", "RaggedFillEmptyRowsGrad",
            "SelfAdjointEig"} <= UNCOUNTED_OPS


def test_self_adjoint_eig_v1_shape():
    # removed at GraphDef version 11: TF cannot build it; [..., N, N] -> [..., N + 1, N]
    gd = new()
    placeholder(gd, "x", [2, 4, 4])
    add(gd, "e", "SelfAdjointEig", ["x"])
    placeholder(gd, "y", [-1, 3])
    add(gd, "f", "Fingerprint", ["y", "m"])
    placeholder(gd, "m", [])
    s = _shapes(gd)
    assert s.of("e", 0) == (2, 5, 4)
    assert s.of("f", 0) == (None, 8)


def test_sequence_example_v2_scalar():
    # one serialized example (TF 2.21's import): context sparse rank 1, ragged splits unknown,
    # feature-list sparse rank 2
    gd = new()
    placeholder(gd, "s", [])
    add(gd, "p", "ParseSequenceExampleV2", ["s"], Ncontext_sparse=1, Nfeature_list_sparse=1,
        context_ragged_value_types=[1])
    s = _shapes(gd)
    assert [s.of("p", i) for i in range(8)] == [(None, 1), (None,), (1,), (None,), (None,),
                                                 (None, 2), (None,), (2,)]


def test_scale_and_translate_grad():
    # triangle kernel, t = 2 taps: ResizeBilinearGrad's scatter, 2 + 2·4 = 10 per gradient element;
    # grads [2,12,10,3] = 720 elements -> 7200
    ins = [(2, 12, 10, 3), (2, 8, 8, 3), (2,), (2,)]
    c = cost("ScaleAndTranslateGrad", ins, [(2, 8, 8, 3)], {"kernel_type": "triangle"})
    assert triple(c) == (7200, 0, 0)
    # lanczos3 (the default), t = 6: 6 + 72 = 78 per element
    assert cost("ScaleAndTranslateGrad", ins, [(2, 8, 8, 3)]).flops == 78 * 720


def test_quantized_batch_norm_global():
    # t [2,8,8,3]: 384 elements · (2 + 3) = 1920; 3 channels · (8 + 3 + 1 + 2 + 4) = 54 -> 1974
    ins = [(2, 8, 8, 3), (), ()] + [(3,), (), ()] * 4
    outs = [(2, 8, 8, 3), (), ()]
    assert triple(cost("QuantizedBatchNormWithGlobalNormalization", ins, outs)) == (1974, 0, 0)
    # without scale_after_normalization, no multiply by gamma: 1920 + 3·17 = 1971
    c = cost("QuantizedBatchNormWithGlobalNormalization", ins, outs,
             {"scale_after_normalization": False})
    assert c.flops == 1971


def test_leftover_classes():
    assert "SymbolicGradient" in UNCOUNTED_OPS
    assert "RefSelect" in ZERO_OPS


def test_ref_select_shape():
    # every input fully known and equal: that shape; one with an unknown dim: unknown rank
    gd = new()
    placeholder(gd, "i", [])
    placeholder(gd, "a", [2, 3])
    placeholder(gd, "b", [2, 3])
    placeholder(gd, "c", [-1, 3])
    add(gd, "r", "RefSelect", ["i", "a", "b"])
    add(gd, "r2", "RefSelect", ["i", "a", "c"])
    s = _shapes(gd)
    assert s.of("r", 0) == (2, 3)
    assert s.of("r2", 0) is None


# NHWC input/output, HWIO kernel, as serialized UniformQuantizedConvolutionDimensionNumbersAttr
# bytes: fields 1..9 = 0, 3, [1, 2], 2, 3, [0, 1], 0, 3, [1, 2] (repeated ones packed)
NHWC = bytes.fromhex("08001003" "1a020102" "20022803" "32020001" "38004003" "4a020102")


def test_uniform_conv_dimension_numbers():
    from macc.shapes.uniform_conv import dimension_numbers
    dn = dimension_numbers(NHWC, 4)
    assert (dn.input_feature, dn.input_spatial, dn.kernel_output_feature) == (3, (1, 2), 3)
    # empty: batch, feature, spatial (the kernel: out feature, in feature, spatial)
    dn = dimension_numbers(b"", 4)
    assert (dn.input_feature, dn.kernel_input_feature, dn.kernel_output_feature) == (1, 1, 0)
    with pytest.raises(MaccError):
        dimension_numbers(bytes.fromhex("0809"), 4)  # input batch dim 9 of a rank-4 input


def test_uniform_quantized_convolution():
    # lhs [2,3,8,8], rhs [4,3,3,3] (default layout) SAME stride 2 -> [2,4,4,4] = 128 outputs of
    # K = 108/4 = 27 taps: 128·53 = 6784 + Requantize 4·128 = 7296; maccs 128·27 = 3456
    c = cost("UniformQuantizedConvolution", [(2, 3, 8, 8), (4, 3, 3, 3)] + [()] * 6,
             [(2, 4, 4, 4)])
    assert triple(c) == (7296, 0, 3456)
    # NHWC, rhs [3,3,1,6], 3 feature groups -> [2,8,8,6] = 768 outputs of K = 54/6 = 9:
    # 768·17 = 13056 + 4·768 = 16128; maccs 6912
    c = cost("UniformQuantizedConvolution", [(2, 8, 8, 3), (3, 3, 1, 6)] + [()] * 6,
             [(2, 8, 8, 6)], {"dimension_numbers": NHWC})
    assert triple(c) == (16128, 0, 6912)
    # hybrid: rhs dequantized (2·108 = 216) + [2,4,8,8] = 512 outputs · 53 = 27136 -> 27352
    c = cost("UniformQuantizedConvolutionHybrid", [(2, 3, 8, 8), (4, 3, 3, 3), (), ()],
             [(2, 4, 8, 8)])
    assert triple(c) == (27352, 0, 13824)


def test_uniform_quantized_convolution_shapes():
    gd = new()
    placeholder(gd, "x", [2, 8, 8, 3])
    placeholder(gd, "w", [3, 3, 1, 6])
    placeholder(gd, "u", [-1, 8, 8, 3])
    # VALID, strides [1, 2]: H 8 − 3 + 1 = 6, W ⌈6/2⌉ = 3
    for name, lhs in (("c", "x"), ("cu", "u")):
        n = add(gd, name, "UniformQuantizedConvolutionHybrid", [lhs, "w", "s", "z"],
                padding="VALID", window_strides=[1, 2], feature_group_count=3)
        n.attr["dimension_numbers"].s = NHWC
    placeholder(gd, "s", [])
    placeholder(gd, "z", [])
    s = _shapes(gd)
    assert s.of("c", 0) == (2, 6, 3, 6)
    assert s.of("cu", 0) == (None,) * 4  # TF 2.21: only the rank unless both are fully known
