"""The sparse / input-pipeline / text sweep's fixtures (tools/fixtures/sweep4s.py) beyond node-by-
node parity and shapes (test_parity.py, from the records' ``tf_shapes``): the sparse formulas
derived by hand, both on the fixtures and as pure functions of shapes."""

import json

import numpy as np
import pytest
from formula_helpers import cost, triple

import macc
from conftest import FIXTURES, fixture_rows

RECORDS = sorted(FIXTURES.glob("sweep4s_*.tfprof.json"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.name.split(".")[0] for p in RECORDS])
def test_no_op_is_unsupported(path):
    assert macc.profile(str(FIXTURES / json.loads(path.read_text())["graph"])).unsupported == {}


def test_sweep4s_fixtures_exist():
    assert len(RECORDS) == 13


def test_iterator_get_next_sizes_the_estimator_graph():
    rows = fixture_rows("sweep4s_estimator")
    assert rows["IteratorGetNext"].output_shapes == [[2, 4], [2, 1]]  # its output_shapes attr
    assert rows["OneShotIterator"].status == "zero"
    # x [2,4] · W [4,8]: TF 2·4·2·8 = 128; exact 2·8·(2·4−1) = 112; maccs 2·4·8 = 64
    mm = rows["MatMul"]
    assert (mm.flops, mm.tf_flops, mm.maccs) == (112, 128, 64)


def test_sparse_dense_matmul_counts_each_entry_times_a_row():
    rows = fixture_rows("sweep4s_wide")
    # constant A [3,4] with nnz 4 times B [4,6]: 2·4·6 = 48 flops, 4·6 = 24 maccs, TF 0
    k = rows["SparseTensorDenseMatMul_1/SparseTensorDenseMatMul"]
    assert (k.flops, k.tf_flops, k.maccs, k.output_shapes) == (48, 0, 24, [[3, 6]])
    # adjoint_a and adjoint_b: Aᵀ [4,3] · (B [6,3])ᵀ: out [4,6], still 2·4·6
    kt = rows["SparseTensorDenseMatMul_2/SparseTensorDenseMatMul"]
    assert (kt.flops, kt.maccs, kt.output_shapes) == (48, 24, [[4, 6]])
    # the sparse placeholder's nnz is a runtime value: unknown, never guessed
    assert rows["SparseTensorDenseMatMul/SparseTensorDenseMatMul"].status == "unknown_shape"


def test_sparse_segments_read_constant_segment_ids():
    rows = fixture_rows("sweep4s_segments")
    # 4 rows of 4 gathered into segments {0, 1, 3}: S = 3. Sum (4−3)·4 = 4; Mean + 3·4 = 16;
    # SqrtN + 3 square roots = 19
    got = {op: rows[op].flops for op in ("SparseSegmentSum", "SparseSegmentMean",
                                         "SparseSegmentSqrtN", "SparseSegmentSqrtNWithNumSegments")}
    assert got == {"SparseSegmentSum": 4, "SparseSegmentMean": 16, "SparseSegmentSqrtN": 19,
                   "SparseSegmentSqrtNWithNumSegments": 19}
    assert rows["SparseSegmentSumWithNumSegments"].output_shapes == [[5, 4]]
    assert rows["SparseSegmentSqrtNWithNumSegments"].output_shapes == [[6, 4]]  # tf.shape(x)[0]


def test_embedding_lookup_sparse_with_constant_ids():
    rows = fixture_rows("sweep4s_embedding")
    seg = [n for n in rows.values() if n.op == "SparseSegmentSqrtN" and n.status == "counted"]
    # ids at [0,0], [0,1], [2,0]: 3 rows of 4 into segments {0, 2}: (3−2)·4 + 2·4 + 2 = 14
    assert [n.flops for n in seg] == [14]


def test_sparse_family_on_a_constant_sparse_tensor():
    rows = fixture_rows("sweep4s_sparse_misc")
    # entries at [0,0], [1,2], [1,3], [2,1] of a [3,4]
    assert rows["SparseSoftmax/SparseSoftmax"].flops == 14  # rows 0,1,2 of 1,2,1: 5·4 − 2·3
    assert rows["SparseReduceSum"].flops == 1  # axis 1: 4 values into 3 rows
    assert rows["SparseReduceSum_2"].flops == 3  # all axes: 4 values into one
    assert rows["SparseReduceMax"].flops == 0  # axis 0: every column holds one value
    assert rows["SparseAdd"].flops == 8  # st + st: 4 adds + 4 threshold comparisons
    assert rows["SparseSparseMaximum"].flops == 4  # union of equal indices: 4 positions
    assert rows["SparseTensorDenseAdd"].flops == 4  # one add per entry
    assert rows["SparseFillEmptyRows/SparseFillEmptyRows"].output_shapes == [
        [None, 2], [None], [3], [4]]
    # from_dense: indices come from Where, so nnz and the counts are unknown
    assert rows["SparseSoftmax_1/SparseSoftmax"].status == "unknown_shape"


def test_parse_example_sizes_dense_features_by_batch():
    rows = fixture_rows("sweep4s_parse")
    p = rows["ParseExample/ParseExampleV2"]
    # 2 sparse (indices [?,2], values [?], shapes [2]), 2 dense ([2]+[1], [2]+[2,3]), 1 ragged
    # (values [?], row splits [2+1])
    assert p.output_shapes == [[None, 2], [None, 2], [None], [None], [2], [2], [2, 1],
                               [2, 2, 3], [None], [3]]
    assert rows["MatMul"].tf_flops == 2 * 7 * 2 * 3  # concat [2,7] · W [7,3]


# --- the formulas as pure functions of shapes (and constant values) ----------------------------

def test_sparse_dense_matmul_formula():
    # a_values [5] (nnz 5), out [10, 7]: 2·5·7 = 70 flops, 5·7 = 35 maccs, TF 0
    assert triple(cost("SparseTensorDenseMatMul", [(5, 2), (5,), (2,), (8, 7)], [(10, 7)])) == (
        70, 0, 35)
    assert cost("SparseTensorDenseMatMul", [(None, 2), (None,), (2,), (8, 7)],
                [(None, 7)]).flops is None


def test_sparse_segment_formula():
    segs = np.array([0, 0, 0, 2, 5])  # 5 rows into 3 non-empty segments, rows of 3·2 = 6
    ins = [(9, 3, 2), (5,), (5,)]
    vals = [None, None, segs]
    assert cost("SparseSegmentSum", ins, [(6, 3, 2)], values=vals).flops == 12  # (5−3)·6
    assert cost("SparseSegmentMean", ins, [(6, 3, 2)], values=vals).flops == 30  # + 3·6
    assert cost("SparseSegmentSqrtN", ins, [(6, 3, 2)], values=vals).flops == 33  # + 3
    assert cost("SparseSegmentSum", ins, [(6, 3, 2)]).flops is None  # ids not constant


def test_sparse_elementwise_formulas():
    sp = [(6, 2), (6,), (2,)]
    assert cost("SparseDenseCwiseMul", sp + [(4, 5)], [(6,)]).flops == 6
    assert cost("SparseTensorDenseAdd", sp + [(4, 5)], [(4, 5)]).flops == 6
    assert cost("SparseAdd", sp + [(3, 2), (3,), (2,), ()], [(None, 2), (None,), (2,)]).flops == 9
