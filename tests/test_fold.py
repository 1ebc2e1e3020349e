"""Values TF's import evaluates on constant shape vectors (macc/shapes/fold.py): the numpy
semantics of each op by hand, and the r11_* fixtures (TF 2.21's profiler with the placeholders
fixed, tools/fixtures/round11.py) node by node: each ``<pattern>/m`` counts only when the value
of its pattern folded. test_parity.py compares every node and shape of these fixtures too."""

import numpy as np
import pytest

import macc
from conftest import FIXTURES, tf_fixtures
from macc.shapes import fold

I32 = np.int32


def _v(*xs):
    return np.array(xs, dtype=I32)


def test_split_and_split_v():
    # SplitV of Shape [4,100] by [1,-1]: the -1 takes what is left, 100 - 0... -> [4] and [100]
    a, b = fold.split_v(_v(4, 100), [1, -1], 0)
    assert (a.tolist(), b.tolist()) == ([4], [100])
    # sizes that do not add up: TF's kernel fails, no value
    assert fold.split_v(_v(4, 100), [1, 2], 0) is None
    # Split into 2 equal parts; a dim of 3 does not split in 2
    assert [p.tolist() for p in fold.split(_v(4, 100), 0, 2)] == [[4], [100]]
    assert fold.split(_v(1, 2, 3), 0, 2) is None


def test_cumulative_exclusive_and_reverse():
    x = _v(64, 2, 3)
    assert fold.cumulative(x, 0, False, False, False).tolist() == [64, 66, 69]
    # exclusive: shifted, from 0; reverse: from the end -> [2+3, 3, 0]
    assert fold.cumulative(x, 0, True, True, False).tolist() == [5, 3, 0]
    assert fold.cumulative(_v(2, 64), 0, True, False, True).tolist() == [1, 2]
    assert fold.cumulative(x, 0, False, True, True).dtype == I32  # stays in the input's type


def test_gather_nd():
    s = _v(2, 64, 48, 3)
    assert fold.gather_nd(s, _v(1, 2).reshape(2, 1)).tolist() == [64, 48]
    m = s.reshape(2, 2)  # [[2, 64], [48, 3]]: [0,1] -> 64, [1,0] -> 48
    assert fold.gather_nd(m, np.array([[0, 1], [1, 0]], I32)).tolist() == [64, 48]
    assert fold.gather_nd(m, np.array([[0]], I32)).tolist() == [[2, 64]]  # a whole row
    assert fold.gather_nd(s, np.array([[4]], I32)) is None  # out of range: TF's kernel fails


def test_top_k_sorted_with_ties_by_lower_index():
    vals, idx = fold.top_k(_v(48, 64, 48), 3, I32)
    assert (vals.tolist(), idx.tolist()) == ([64, 48, 48], [1, 0, 2])
    vals, idx = fold.top_k(np.array([[1, 3, 2], [5, 5, 4]], I32), 2, np.int64)
    assert (vals.tolist(), idx.tolist()) == ([[3, 2], [5, 5]], [[1, 2], [0, 1]])
    assert idx.dtype == np.int64
    assert fold.top_k(_v(1, 2), 3, I32) is None


def test_tensor_scatter():
    hw = _v(64, 48)
    assert fold.tensor_scatter("TensorScatterUpdate", hw, _v(0).reshape(1, 1), _v(16)).tolist() \
        == [16, 48]
    # two adds at index 1: 48 + 3 + 4 = 55
    assert fold.tensor_scatter("TensorScatterAdd", hw, _v(1, 1).reshape(2, 1), _v(3, 4)).tolist() \
        == [64, 55]
    assert fold.tensor_scatter("TensorScatterMin", hw, _v(0).reshape(1, 1), _v(9)).tolist() \
        == [9, 48]
    assert fold.tensor_scatter("TensorScatterAdd", hw, _v(2).reshape(1, 1), _v(1)) is None


def test_unsorted_segment():
    data = _v(64, 48, 5)
    assert fold.unsorted_segment("UnsortedSegmentSum", data, _v(0, 1, 0), 2).tolist() == [69, 48]
    # an empty segment of a max holds the type's lowest value; a negative id is dropped
    out = fold.unsorted_segment("UnsortedSegmentMax", data, _v(1, 1, -1), 3)
    assert out.tolist() == [np.iinfo(I32).min, 64, np.iinfo(I32).min]
    assert fold.unsorted_segment("UnsortedSegmentProd", data, _v(0, 0, 0), 1).tolist() \
        == [64 * 48 * 5]
    assert fold.unsorted_segment("UnsortedSegmentSum", data, _v(0, 1, 2), 2) is None  # id 2 >= 2


def test_matmul_bitcast_one_hot_diag():
    # [[64, 48]]·I = [[64, 48]]; [2,1]ᵀ·[1,2]ᵀ = 64·1 + 48·2 = 160
    eye = np.eye(2, dtype=I32)
    assert fold.matmul(_v(64, 48).reshape(1, 2), eye, False, False).tolist() == [[64, 48]]
    assert fold.matmul(_v(64, 48).reshape(2, 1), _v(1, 2).reshape(1, 2), True, True).tolist() \
        == [[160]]
    # int32 64 as two little-endian int16 halves: [64, 0]; back to int32: 64
    halves = fold.bitcast(_v(64, 48), np.int16)
    assert halves.tolist() == [[64, 0], [48, 0]]
    assert fold.bitcast(halves, I32).tolist() == [64, 48]
    assert fold.bitcast(fold.bitcast(_v(7), np.float32), I32).tolist() == [7]
    # one_hot of [1, 5] with depth 4: 5 is out of range, a row of off values
    assert fold.one_hot(_v(1, 5), 4, 1, 0, -1).tolist() == [[0, 1, 0, 0], [0, 0, 0, 0]]
    assert fold.one_hot(_v(1, 0), 2, 1, 0, 0).tolist() == [[0, 1], [1, 0]]  # new axis first
    assert fold.one_hot(_v(1), 1 << 20, 1, 0, -1) is None  # a million elements: not built
    # tf.eye(2) is MatrixDiagV3 of ones; diagonal k=1 of a 3x3 from [7, 8]
    assert fold.matrix_diag(_v(1, 1), 0, 2, 2, 0).tolist() == [[1, 0], [0, 1]]
    assert fold.matrix_diag(_v(7, 8), 1, 3, 3, -1).tolist() == [[-1, 7, -1], [-1, -1, 8],
                                                               [-1, -1, -1]]


def test_pad_and_where():
    hw = _v(64, 48)
    assert fold.pad(hw, np.array([[1, 0]]), 3, None).tolist() == [3, 64, 48]
    assert fold.pad(hw, np.array([[0, 1]]), 0, "REFLECT").tolist() == [64, 48, 64]
    assert fold.pad(hw, np.array([[0, 2]]), 0, "REFLECT") is None  # past the dim: TF fails
    assert fold.pad(hw, np.array([[0, 2]]), 0, "SYMMETRIC").tolist() == [64, 48, 48, 64]
    # Where of [2,64,48,3] > 3: rows 1 and 2, int64 coordinates [[1], [2]]
    w = fold.where(_v(2, 64, 48, 3) > 3)
    assert (w.tolist(), w.dtype) == ([[1], [2]], np.int64)


def _record(name):
    return dict(tf_fixtures())[name]


@pytest.mark.parametrize("name", ["r11_split", "r11_frame", "r11_ops"])
def test_fixture_nodes_equal_tf(name):
    record = _record(name)
    r = macc.profile(str(FIXTURES / record["graph"]),
                     inputs={k: tuple(v) for k, v in record["inputs"].items()})
    ours = {n.name: n.tf_flops for n in r.nodes if n.tf_flops}
    assert ours == record["nodes"]
    assert r.totals.tf_flops == record["total_float_ops"]


def test_fixture_patterns_by_hand():
    """x [2,64,48,3]: h 64, w 48; each pattern's vector sizes a Fill, times 2 in ``/m``."""
    nodes = _record("r11_ops")["nodes"]
    # SplitV [1,-1] of Shape [4,100]: Fill [4,100]: 400; Split in 2 with d·2: [4,200]: 800;
    # strided_slice to [4, 100//8·8 = 96]: 384
    split = _record("r11_split")["nodes"]
    assert (split["splitv_1/m"], split["split_1/m"], split["sl"]) == (400, 800, 384)
    # tf.signal.frame of [2,1000], length 64, step 32: 1 + (1000-64)//32 = 30 frames: 2·30·64
    assert _record("r11_frame")["nodes"]["framed"] == 3840
    assert nodes["cumsum_2/m"] == 64 * 66  # cumsum [64, 2]
    assert nodes["cumsum_ex_rev/m"] == 5 * 3  # exclusive reverse of [64,2,3]: [5,3,0][:2]
    assert nodes["cumprod_ex/m"] == 1 * 2  # exclusive cumprod of [2, 64]
    # top_k([48,64,48], 3).indices = [1,0,2] (ties by lower index), + 64//8: [9,8,10]
    assert nodes["top_k_idx/m"] == 9 * 8 * 10
    assert nodes["scatter_add/m"] == 64 * 55
    assert nodes["seg_max/m"] == 7 * 64 * 7  # max(segment max, 7): the empty one is lowest
    assert nodes["matmul_t/m"] == 160
    assert nodes["onehot/m"] == 2 * 2  # one_hot of 64 and 48 in depth 4: all zeros, + 2
    assert nodes["mirror_pad/m"] == 64 * 48 * 64
    assert nodes["where_1/m"] == 65 * 50  # Where [[1],[2]] flattened + [64, 48]
    assert nodes["mean_1/m"] == 56 * 3  # mean of 64 and 48


def test_sparse_reshape_folds_only_with_every_input_constant():
    from tests.shapes_graph import G
    # indices of a [3,2] sparse tensor: (0,0), (1,1), (2,0) -> linear 0, 3, 4; reshaped to
    # [-1,3]: 6 / 3 = 2 rows -> (0,0), (1,0), (1,1); the new shape [2,3]
    g = (G().const("i", [[0, 0], [1, 1], [2, 0]], np.int64).const("s", [3, 2], np.int64)
         .const("n", [-1, 3], np.int64).op("r", "SparseReshape", "i", "s", "n"))
    s = g.infer()
    assert s.value("r", 0).tolist() == [[0, 0], [1, 0], [1, 1]]
    assert s.value("r", 1).tolist() == [2, 3]
    # sizes that do not add up (6 into rows of 4): the kernel would fail, nothing is folded
    bad = (G().const("i", [[0, 0]], np.int64).const("s", [3, 2], np.int64)
           .const("n", [-1, 4], np.int64).op("r", "SparseReshape", "i", "s", "n")).infer()
    assert bad.value("r", 1) is None
    # indices that are not constant: TF folds nothing, neither does macc
    g = (G().ph("i", (None, 2), 9).const("s", [3, 2], np.int64).const("n", [-1, 3], np.int64)
         .op("r", "SparseReshape", "i", "s", "n"))
    assert g.infer().value("r", 1) is None
