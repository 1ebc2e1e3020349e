"""Sweep round 6's fixtures (tools/fixtures/sweep6.py) beyond node-by-node parity and shapes
(test_parity.py, from the records' ``tf_shapes``): the solvers carry the hand-derived counts of
tests/test_formulas_round6.py, the value-dependent ops are named."""

import macc
from conftest import FIXTURES, fixture_rows

RECORDS = sorted(FIXTURES.glob("sweep6_*.tfprof.json"))


def test_sweep6_fixtures_exist():
    assert len(RECORDS) == 7


def test_linalg_nodes():
    rows = fixture_rows("sweep6_linalg")
    # rhs [2,5,3]: M = 5, K = 3, 2 batches (test_formulas_round6.py)
    assert (rows["TridiagonalMatMul"].flops, rows["TridiagonalMatMul"].maccs) == (126, 78)
    assert rows["TridiagonalSolve"].flops == 152  # Thomas: 2·(13 + 3·21)
    assert rows["TridiagonalSolve_1"].status == "unknown_shape"  # partial pivoting
    assert rows["BandedTriangularSolve"].flops == 78  # 2 bands: 6·(5 + 2·4)
    assert rows["BandedTriangularSolve_1"].flops == 114  # 3 bands, upper adjoint: 6·(5 + 2·7)
    assert rows["TridiagonalSolve"].output_shapes == [[2, 5, 3]]


def test_detection_and_counts():
    rows = fixture_rows("sweep6_detection")
    assert rows["GenerateBoundingBoxProposals"].output_shapes == [[2, 5, 4], [2, 5]]
    assert rows["NonMaxSuppressionWithOverlaps"].flops == 2  # two scores thresholded
    rows = fixture_rows("sweep6_counts")
    assert rows["DenseCountSparseOutput"].flops == 6  # values [2,3]: one add each
    assert rows["SparseBincount"].output_shapes == [[2, 6]]  # constant dense shape and size


def test_value_dependent_ops_are_named():
    report = macc.profile(str(FIXTURES / "sweep6_counts.pb"))
    assert set(report.unsupported) == {"RaggedFillEmptyRowsGrad"}
    report = macc.profile(str(FIXTURES / "sweep6_detection.pb"))
    assert set(report.unsupported) == {"GenerateBoundingBoxProposals"}


def test_misc_nodes():
    rows = fixture_rows("sweep6_misc")
    # triangle taps: 10 per gradient element of [2,12,10,3]; the BN: 5·384 + 18·3
    assert rows["ScaleAndTranslateGrad"].flops == 7200
    assert rows["ScaleAndTranslateGrad"].output_shapes == [[2, 8, 8, 3]]
    assert rows["QuantizedBatchNormWithGlobalNormalization"].flops == 1974
    assert rows["CudnnRNNBackpropV3"].output_shapes == [[6, 2, 4], [1, 2, 5], [1, 2, 5], [220]]
    report = macc.profile(str(FIXTURES / "sweep6_misc.pb"))
    # QuantizedInstanceNorm and the cuDNN backprops are counted (tests/test_formulas_derived2.py)
    assert not report.unsupported


def test_uniform_conv_nodes():
    rows = fixture_rows("sweep6_uniform_conv")
    # test_formulas_round6.py: SAME stride 2 (7296), the hybrid (27352), NHWC grouped (16128)
    a = rows["UniformQuantizedConvolution"]
    assert (a.output_shapes, a.flops, a.maccs) == ([[2, 4, 4, 4]], 7296, 3456)
    assert rows["UniformQuantizedConvolutionHybrid"].flops == 27352
    assert rows["UniformQuantizedConvolution_3"].flops == 16128
    assert rows["UniformQuantizedConvolution_2"].output_shapes == [[2, 4, 7, 10]]  # EXPLICIT
