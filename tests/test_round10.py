"""Round 10 (macc/shapes/csr.py, estimator_ops.py, leftovers.py; macc/costs/csr.py, leftovers.py):
CSR sparse matrices (a variant whose dense shape travels as handle data), the legacy Batch*
aliases (TF 2.21 imports them with unknown shapes; counted from their inputs as the modern ops),
gradient-boosted trees, SDCA, clustering and the remaining leaf ops. Fixtures (r10_*) are
compared node by node with TF 2.21 in test_parity.py; here the counts and the bad inputs."""

import pytest
from gdbuild import add, const, new, placeholder

import macc
from conftest import FIXTURES, fixture_rows
from macc.costs import UNCOUNTED_OPS, ZERO_OPS
from macc.errors import MaccError
from macc.graph import Graph
from macc.shapes import infer_shapes

INT64, VARIANT = 9, 21


def _shapes(gd):
    return infer_shapes(Graph.from_graph_def(gd), {}, None)


def test_round10_fixtures_exist():
    assert len(sorted(FIXTURES.glob("r10_*.tfprof.json"))) == 4


def test_legacy_batch_aliases_count_as_the_modern_ops():
    rows = fixture_rows("r10_legacy")
    # TF 2.21 (GraphDef producer 10) gives every Batch* output an unknown rank
    assert rows["batchcholesky"].output_shapes == [None]
    assert rows["batchsvd"].output_shapes == [None, None, None]
    # x [2,3,3]: Cholesky 3·4·7/6 = 14 per matrix: 28; inverse (4·27 − 9 − 3)/2 = 48: 96;
    # determinant lu(3) = (108 − 27 − 3)/6 = 13, + 3 − 1: 15 per matrix, 30
    assert [rows[n].flops for n in ("batchcholesky", "batchmatrixinverse",
                                    "batchmatrixdeterminant")] == [28, 96, 30]
    # rhs r [2,3,2]: solve 13 + 2·(2·9 − 3) = 43 per matrix: 86; triangular 2·9 = 18: 36
    assert (rows["batchmatrixsolve"].flops, rows["batchmatrixtriangularsolve"].flops) == (86, 36)
    # z complex [2,4,4]: 8 transforms of 4 points, 5·4·2 = 40 each: 320; 2D: 2 of 16 points,
    # 5·16·4 = 320 each: 640; 3D: one of 32 points, 5·32·5 = 800
    assert [rows[n].flops for n in ("batchfft", "batchfft2d", "batchfft3d")] == [320, 640, 800]
    assert rows["batchifft3d"].flops == 800
    assert all(rows[n].tf_flops == 0 for n in rows)
    for n in ("batchsvd", "batchselfadjointeigv2", "batchmatrixsolvels", "skipgram"):
        assert rows[n].status == "unsupported"
    assert rows["batchmatrixdiag"].status == "zero"


def test_quantization_and_debug_leftovers():
    rows = fixture_rows("r10_misc")
    # QuantizeAndDequantizeV4Grad on [2,6]: 4 comparisons per element (48) and two sums of
    # 12 elements into 1 (axis −1: 2·11 = 22): 70; with axis 1 into 6 channels 2·(12 − 6) = 12: 60
    assert rows["QuantizeAndDequantizeV4Grad"].flops == 70
    assert rows["QuantizeAndDequantizeV4Grad_1"].flops == 60
    assert rows["QuantizeAndDequantizeV4Grad_1"].output_shapes == [[2, 6], [6], [6]]
    # DebugNanCount on 12 elements: 12 tests + 11 adds = 23; StochasticCastToInt 12 adds
    assert (rows["DebugNanCount"].flops, rows["StochasticCastToInt"].flops) == (23, 12)
    # QuantizedConcatV2 [2,6] ++ [2,6] on axis 1: [2,12], 2 per element (QuantizedConcat's): 48
    assert rows["QuantizedConcatV2"].output_shapes == [[2, 12], [], []]
    assert rows["QuantizedConcatV2"].flops == 48
    # 16000 samples, window 400, step 160, stride 2: (15600//160)//2 + 1 = 49 frames of
    # 32·(1 + 1 + 1) = 96 features (its count: tests/test_formulas_derived.py)
    assert rows["AudioMicrofrontend"].output_shapes == [[49, 96]]
    assert rows["AudioMicrofrontend"].status == "counted"


def test_csr_shapes_travel_with_the_variant():
    rows = fixture_rows("r10_csr")
    # a batch of 2 dense [4,4] -> CSR -> dense; components of batch 0: row_ptrs 4 + 1
    assert rows["CSRSparseMatrixToDense"].output_shapes == [[2, 4, 4]]
    assert rows["CSRSparseMatrixComponents"].output_shapes == [[5], [None], [None]]
    assert rows["SparseMatrixNNZ"].output_shapes == [[2]]
    # m [4,3] transposed: [3,4]; m^T·[4,5] with the output transposed: [5,3]
    assert rows["CSRSparseMatrixToDense_1"].output_shapes == [[3, 4]]
    assert rows["SparseMatrixMatMul_1"].output_shapes == [[5, 3]]
    # the products follow nnz, a run-time value: sized, reported unsupported
    assert rows["SparseMatrixMatMul"].status == "unsupported"
    assert rows["SparseTensorToCSRSparseMatrix"].status == "zero"


def test_classes():
    for op in ("SparseMatrixMatMul", "SparseMatrixSparseCholesky", "BoostedTreesPredict",
               "SdcaOptimizerV2", "TopKUnique", "MapDefun", "BatchSvd"):
        assert op in UNCOUNTED_OPS
    for op in ("CSRSparseMatrixToDense", "BatchMatrixSetDiag", "BoostedTreesSerializeEnsemble",
               "DatasetToGraphV2", "DecodeJxl", "SdcaFprint"):
        assert op in ZERO_OPS


def test_trees_shapes():
    rows = fixture_rows("r10_trees")
    # max_splits 3, 2 feature columns, num_buckets 5 (+1, the missing-value bucket), 1 + 1 stats
    assert rows["BoostedTreesAggregateStats"].output_shapes == [[3, 2, 6, 2]]
    # 2 features, max_splits 3, num_buckets 5, gradient and hessian
    assert rows["BoostedTreesMakeStatsSummary"].output_shapes == [[2, 3, 5, 2]]
    assert rows["BoostedTreesPredict"].output_shapes == [[2, 1]]


def _csr_graph(b_dims):
    gd = new()
    placeholder(gd, "x", [2, 4, 4])
    placeholder(gd, "i", [-1, 3], dt=INT64)
    add(gd, "m", "DenseToCSRSparseMatrix", ["x", "i"], T=1)
    placeholder(gd, "b", b_dims)
    add(gd, "mul", "SparseMatrixMul", ["m", "b"], T=1)
    return gd


def test_bad_csr_inputs():
    # SparseMatrixMul takes a scalar or [batch, 1, 1]
    _shapes(_csr_graph([2, 1, 1]))
    with pytest.raises(MaccError, match=r"node 'mul'.*must be a scalar or shaped \[batch_size, 1, 1\]"):
        _shapes(_csr_graph([3]))
    # a variant that carries no CSR matrix shape (a placeholder) fails, as in TF
    gd = new()
    placeholder(gd, "v", [], dt=VARIANT)
    add(gd, "d", "CSRSparseMatrixToDense", ["v"], type=1)
    with pytest.raises(MaccError, match="node 'd'.*carries no CSR matrix shape") as e:
        _shapes(gd)
    assert "\n" not in str(e.value)
    # a dense input of rank 1
    gd = new()
    placeholder(gd, "x", [4])
    placeholder(gd, "i", [-1, 1], dt=INT64)
    add(gd, "m", "DenseToCSRSparseMatrix", ["x", "i"], T=1)
    with pytest.raises(MaccError, match="node 'm'.*dense_input has rank 1, expected a known rank of 2 or 3"):
        _shapes(gd)


def test_bad_leftover_inputs():
    gd = new()
    placeholder(gd, "x", [4, 6, 2])
    add(gd, "k", "KthOrderStatistic", ["x"], k=2)
    with pytest.raises(MaccError, match="node 'k'.*input has rank 3, expected 2"):
        _shapes(gd)
    gd = new()
    placeholder(gd, "g", [4, 6])
    placeholder(gd, "mn", [5])
    add(gd, "q", "QuantizeAndDequantizeV4Grad", ["g", "g", "mn", "mn"], T=1, axis=1)
    with pytest.raises(MaccError, match="node 'q'.*input_min and the axis dim differ: 6 vs 5"):
        _shapes(gd)
    gd = new()
    placeholder(gd, "a", [100], dt=5)
    add(gd, "f", "AudioMicrofrontend", ["a"])
    assert _shapes(gd).of("f") == (0, 32)  # shorter than one 400-sample window: 0 frames


def test_debug_nan_count_of_an_empty_tensor():
    gd = new()
    const(gd, "x", [0, 3], float_val=[])
    add(gd, "n", "DebugNanCount", ["x"], T=1)
    rows = {r.name: r for r in macc.profile(gd).nodes}
    assert (rows["n"].flops, rows["n"].output_shapes) == (0, [[]])
