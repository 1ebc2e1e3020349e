"""Shapes of array ops, reductions, gathers and elementwise ops on hand-built graphs.

Expected shapes are derived by hand (the comment says how); "TF 2.21" marks one read from
TensorFlow's import-time shape inference where the rule is not obvious.
"""

import numpy as np
import pytest
from shapes_graph import G

from macc.errors import ShapeError


def one(op, shapes, consts=(), **attrs):
    """Shape of ``op`` applied to placeholders of ``shapes`` and then constants ``consts``."""
    g = G()
    names = []
    for i, s in enumerate(shapes):
        g.ph(f"p{i}", s)
        names.append(f"p{i}")
    for i, c in enumerate(consts):
        g.const(f"c{i}", c)
        names.append(f"c{i}")
    g.op("y", op, *names, **attrs)
    shapes_ = g.infer()
    n = len(shapes_.outputs["y"])
    return shapes_.of("y") if n == 1 else tuple(shapes_.outputs["y"])


def test_reshape():
    # 2*3*4 = 24 = 6 * -1 -> 4
    assert one("Reshape", [(2, 3, 4)], [[6, -1]]) == (6, 4)
    # unknown batch with -1: the known 3*4 = 12 matches, the unknown dim moves across
    assert one("Reshape", [(None, 3, 4)], [[-1, 12]]) == (None, 12)
    # unknown shape input of known length 3: rank 3, dims unknown
    g = G().ph("x", (2, 3)).ph("s", (3,), dtype=3).op("y", "Reshape", "x", "s")
    assert g.shape("y") == (None, None, None)
    with pytest.raises(ShapeError, match=r"cannot reshape \[2,3\] \(6 elements\) to \[4,\?\]"):
        one("Reshape", [(2, 3)], [[4, -1]])
    with pytest.raises(ShapeError, match="more than one -1"):
        one("Reshape", [(2, 3)], [[-1, -1]])
    with pytest.raises(ShapeError, match="cannot reshape"):
        one("Reshape", [(2, 3)], [[5]])


def test_transpose():
    assert one("Transpose", [(2, 3, 4)], [[2, 0, 1]]) == (4, 2, 3)
    # unknown perm of length 3: rank 3, every dim unknown
    g = G().ph("x", (2, 3, 4)).ph("p", (3,), dtype=3).op("y", "Transpose", "x", "p")
    assert g.shape("y") == (None, None, None)
    with pytest.raises(ShapeError, match="not a permutation"):
        one("Transpose", [(2, 3)], [[0, 0]])


def test_concat_pack_unpack_split():
    # 3 + 5 along axis 1 (negative axis -1 of rank 2)
    assert one("ConcatV2", [(2, 3), (None, 5)], [-1], N=2) == (2, 8)
    assert one("ConcatV2", [(2, None), (2, 5)], [1], N=2) == (2, None)
    g = G().const("ax", 0).ph("a", (2, 3)).ph("b", (4, 3)).op("y", "Concat", "ax", "a", "b")
    assert g.shape("y") == (6, 3)  # v1 Concat: axis first; 2 + 4
    with pytest.raises(ShapeError, match="incompatible"):
        one("ConcatV2", [(2, 3), (2, 4)], [0], N=2)
    # Pack of three [2,3] at axis 1 -> [2,3,3]
    assert one("Pack", [(2, 3), (2, None), (None, 3)], axis=1, N=3) == (2, 3, 3)
    assert one("Unpack", [(4, 5)], num=5, axis=1) == ((4,),) * 5
    # Split 12 into 3 along axis 1 (split_dim comes first)
    g = G().const("ax", 1).ph("x", (2, 12)).op("y", "Split", "ax", "x", num_split=3)
    assert g.infer().outputs["y"] == ((2, 4),) * 3
    # SplitV [2, -1, 3] of 10 -> 2, 5, 3
    g = G().ph("x", (10, 7)).const("s", [2, -1, 3]).const("ax", 0)
    g.op("y", "SplitV", "x", "s", "ax", num_split=3)
    assert g.infer().outputs["y"] == ((2, 7), (5, 7), (3, 7))


def test_squeeze_expand_dims():
    assert one("Squeeze", [(1, 3, 1, 2)], squeeze_dims=[]) == (3, 2)
    assert one("Squeeze", [(None, 1, 1, 8)], squeeze_dims=[1, -2]) == (None, 8)
    # TF 2.21: squeezing every 1 with an unknown dim gives an unknown shape
    assert one("Squeeze", [(None, 1, 3)], squeeze_dims=[]) is None
    with pytest.raises(ShapeError, match="not 1"):
        one("Squeeze", [(2, 3)], squeeze_dims=[0])
    assert one("ExpandDims", [(2, 3)], [-1]) == (2, 3, 1)
    assert one("ExpandDims", [(2, 3)], [0]) == (1, 2, 3)


def test_pad_tile_fill_broadcast():
    # 5+1+2 = 8, 6+3+3 = 12
    assert one("Pad", [(None, 5, 6, 3)], [[[0, 0], [1, 2], [3, 3], [0, 0]]]) == (None, 8, 12, 3)
    assert one("MirrorPad", [(4, 4)], [[[1, 1], [2, 2]]], mode="SYMMETRIC") == (6, 8)
    # REFLECT by the whole dim: TF 2.21's import still gives 4+4 = 8 (its kernel refuses it)
    assert one("MirrorPad", [(4, 4)], [[[4, 0], [0, 0]]], mode="REFLECT") == (8, 4)
    with pytest.raises(ShapeError, match="rows"):
        one("Pad", [(4, 4)], [[[1, 1]]])
    # Tile [2,3] by [3,1] -> [6,3]
    assert one("Tile", [(2, None)], [[3, 2]]) == (6, None)
    g = G().const("d", [2, 3]).const("v", 1.5).op("y", "Fill", "d", "v")
    shapes = g.infer()
    assert shapes.of("y") == (2, 3) and shapes.value("y").tolist() == [[1.5] * 3] * 2
    assert one("BroadcastTo", [(3, 1)], [[2, 3, 4]]) == (2, 3, 4)
    with pytest.raises(ShapeError, match="broadcast"):
        one("BroadcastTo", [(3, 2)], [[3, 4]])
    # TF 2.21 checks only input dims above 1: a 0 against 11 imports (its kernel refuses it)
    assert one("BroadcastTo", [(2, 0, 0)], [[1, 2, 2, 6, 11]]) == (1, 2, 2, 6, 11)
    # ... and fills an unknown target dim only from them: [3,4] to [?,?] is [3,4], [0,3] [?,3]
    for x, want in (((3, 4), (3, 4)), ((0, 3), (None, 3)), ((1, 3), (None, 3))):
        g = G().ph("x", x).ph("s", (2,), dtype=3).op("y", "BroadcastTo", "x", "s")
        assert g.shape("y") == want
    # a constant [0,3] broadcast to [2,3]: TF imports it, and it has no value to fold
    g = G().const("x", np.zeros((0, 3), np.int32)).const("s", [2, 3]).op(
        "y", "BroadcastTo", "x", "s")
    shapes = g.infer()
    assert shapes.of("y") == (2, 3) and shapes.value("y") is None


def test_reductions():
    assert one("Mean", [(None, 7, 7, 1024)], [[1, 2]], keep_dims=False) == (None, 1024)
    assert one("Mean", [(None, 7, 7, 1024)], [[1, 2]], keep_dims=True) == (None, 1, 1, 1024)
    assert one("Sum", [(2, 3)], [-1], keep_dims=False) == (2,)  # scalar, negative axis
    assert one("Max", [(2, 3)], [np.zeros(0, np.int32)], keep_dims=False) == (2, 3)  # no axes
    with pytest.raises(ShapeError, match="out of range"):
        one("Sum", [(2, 3)], [2], keep_dims=False)
    # TF 2.21: unknown axes give an unknown shape, or the rank with keep_dims
    g = G().ph("x", (2, 3, 4)).ph("a", (1,), dtype=3)
    g.op("y", "Sum", "x", "a", keep_dims=False).op("z", "Sum", "x", "a", keep_dims=True)
    assert g.shape("y") is None and g.shape("z") == (None, None, None)
    assert one("ArgMax", [(None, 10)], [1]) == (None,)
    assert one("ArgMin", [(4, 10)], [-2]) == (10,)


def test_gather_one_hot_select_where_topk():
    # params [10,3,5] gathered on axis 1 with indices [4,2] -> [10,4,2,5]
    assert one("GatherV2", [(10, 3, 5), (4, 2)], [1]) == (10, 4, 2, 5)
    assert one("Gather", [(10, 3), (None,)]) == (None, 3)
    g = G().const("p", [5, 6, 7]).const("i", [2, 0]).const("ax", 0)
    g.op("y", "GatherV2", "p", "i", "ax")
    assert g.infer().value("y").tolist() == [7, 5]
    # indices outside [0, 3): TF imports the graph (its kernel refuses them): [2] shape, no value
    for bad in ([3, 0], [-1, 0]):
        g = G().const("p", [5, 6, 7]).const("i", bad).const("ax", 0)
        shapes = g.op("y", "GatherV2", "p", "i", "ax").infer()
        assert shapes.of("y") == (2,) and shapes.value("y") is None
    assert one("GatherNd", [(4, 5, 6), (3, 2)]) == (3, 6)  # index depth 2 leaves [6]
    g = G().ph("i", (None, 3), dtype=3).const("d", 10).const("on", 1.0).const("off", 0.0)
    assert g.op("y", "OneHot", "i", "d", "on", "off", axis=-1).shape("y") == (None, 3, 10)
    assert g.op("z", "OneHot", "i", "d", "on", "off", axis=0).shape("z") == (10, None, 3)
    assert one("Select", [(4,), (4, 3), (4, 3)]) == (4, 3)
    assert one("SelectV2", [(4, 1), (1, 3), ()]) == (4, 3)
    assert one("Where", [(3, 4)]) == (None, 2)
    assert one("TopKV2", [(None, 100)], [5]) == ((None, 5), (None, 5))
    assert one("Unique", [(7,)]) == ((None,), (7,))


def test_elementwise():
    for op in ("Relu6", "Sigmoid", "Rsqrt", "Erf", "IsFinite", "LogicalNot", "Atanh"):
        assert one(op, [(None, 3)]) == (None, 3)
    assert one("AddN", [(2, None), (None, 3), (2, 3)], N=3) == (2, 3)
    with pytest.raises(ShapeError, match="AddN"):
        one("AddN", [(2, 3), (3, 2)], N=2)
    assert one("SquaredDifference", [(4, 1), (3,)]) == (4, 3)
    assert one("ClipByValue", [(None, 8), (), ()]) == (None, 8)
    assert one("Cumsum", [(3, 4)], [1]) == (3, 4)


def test_cast_and_neg_values():
    g = G().const("a", [3, -4]).op("c", "Cast", "a", DstT=9).op("n", "Neg", "c")
    shapes = g.infer()
    assert shapes.value("c").dtype == np.int64
    assert shapes.value("n").tolist() == [-3, 4]


def test_gradient_shape_ops():
    # BroadcastGradientArgs([2,3,4], [3,1]): the second is summed over axes 0 (missing) and 2
    g = G().const("a", [2, 3, 4]).const("b", [3, 1])
    g.op("r", "BroadcastGradientArgs", "a", "b")
    shapes = g.infer()
    assert shapes.value("r", 0).tolist() == [] and shapes.value("r", 1).tolist() == [0, 2]
    assert g.infer().of("r", 1) == (None,)  # TF 2.21 leaves the length unknown
    # mean-gradient chain: DynamicStitch([Range(3), axes], [Shape, Fill(1)]) -> [2,1,4]
    g = G().const("idx0", [0, 1, 2]).const("idx1", [1]).const("s", [2, 3, 4]).const("ones", [1])
    g.op("st", "DynamicStitch", "idx0", "idx1", "s", "ones", N=2)
    shapes = g.infer()
    assert shapes.of("st") == (3,) and shapes.value("st").tolist() == [2, 1, 4]
    g = G().const("ax", 1).const("a", [2, 3]).const("b", [2, 5])
    g.op("o", "ConcatOffset", "ax", "a", "b")
    assert g.infer().value("o", 1).tolist() == [0, 3]


def test_misc_ops():
    # ExtractImagePatches 3x3, stride 2, VALID on 12: (12-3)//2+1 = 5; depth 3*3*3 = 27
    assert one("ExtractImagePatches", [(None, 12, 12, 3)], ksizes=[1, 3, 3, 1],
               strides=[1, 2, 2, 1], rates=[1, 1, 1, 1], padding="VALID") == (None, 5, 5, 27)
    g = G().ph("d", (None, 5, 6)).const("ids", [0, 1, 1]).const("n", 4)
    assert g.op("u", "UnsortedSegmentSum", "d", "ids", "n").shape("u") == (4, 5, 6)
    assert one("SegmentSum", [(7, 5)], [[0] * 7]) == (None, 5)
    g = G().ph("d", (7, 5, 6)).ph("p", (7, 5), dtype=3)
    outs = g.op("y", "DynamicPartition", "d", "p", num_partitions=3).infer().outputs["y"]
    assert outs == ((None, 6),) * 3
    assert one("Diag", [(2, 3)]) == (2, 3, 2, 3)
    assert one("DiagPart", [(2, 3, 2, 3)]) == (2, 3)
    assert one("MatrixDeterminant", [(None, 5, 5)]) == (None,)
    assert one("Mod", [(3, 1), (4,)]) == (3, 4)


def test_output_counts_are_bounded():
    # a corrupt num_split of 2^40 must not build a list of 2^40 shapes
    g = G().const("ax", 0).ph("x", (4,)).op("y", "Split", "ax", "x", num_split=1 << 40)
    with pytest.raises(ShapeError, match="num_split"):
        g.infer()
    with pytest.raises(ShapeError, match="'num'"):
        one("Unpack", [(1 << 40, 2)], axis=0)


def test_bitcast_follows_the_type_sizes():
    # DT_FLOAT 1 (4 bytes), DT_DOUBLE 2 (8), DT_INT32 3 (4), DT_UINT8 4 (1), DT_HALF 19 (2)
    assert one("Bitcast", [(2, 3)], T=1, type=3) == (2, 3)  # 4 -> 4 bytes
    assert one("Bitcast", [(2, 3)], T=2, type=3) == (2, 3, 2)  # 8 / 4 = 2
    assert one("Bitcast", [(2, 3)], T=1, type=4) == (2, 3, 4)  # 4 / 1 = 4
    assert one("Bitcast", [(5, 4)], T=4, type=1) == (5,)  # 4 bytes -> 1
    assert one("Bitcast", [(None, 2)], T=19, type=1) == (None,)  # 2·2 = 4
    with pytest.raises(ShapeError, match=r"the last dim must be 2"):
        one("Bitcast", [(2, 3)], T=3, type=2)


def test_unique_of_a_constant_gives_its_values_to_shape():
    # Unique([3, 1, 3, 2]) -> [3, 1, 2]: the shape function says [?], Shape of it folds to [3]
    g = G().const("c", np.array([3, 1, 3, 2], np.int32)).op("u", "Unique", "c")
    g.op("s", "Shape", "u").op("n", "Size", "u")
    shapes = g.infer()
    assert shapes.of("u") == (None,)
    assert shapes.value("u", 0).tolist() == [3, 1, 2]
    assert shapes.value("u", 1).tolist() == [0, 1, 0, 2]
    assert shapes.value("s", 0).tolist() == [3]
    assert int(shapes.value("n", 0)) == 3


def test_decompositions():
    # Qr of [2, 5, 3]: thin q [2, 5, 3], r [2, 3, 3]; full q [2, 5, 5], r [2, 5, 3]
    assert one("Qr", [(2, 5, 3)]) == ((2, 5, 3), (2, 3, 3))
    assert one("Qr", [(2, 5, 3)], full_matrices=True) == ((2, 5, 5), (2, 5, 3))
    # Svd of [5, 3]: s [3]; u [5, 3], v [3, 3]; full u [5, 5]; without uv u and v are [0]
    assert one("Svd", [(5, 3)]) == ((3,), (5, 3), (3, 3))
    assert one("Svd", [(5, 3)], full_matrices=True) == ((3,), (5, 5), (3, 3))
    assert one("Svd", [(5, 3)], compute_uv=False) == ((3,), (0,), (0,))
    assert one("Svd", [(None, 3)]) == ((None,), (None, None), (3, None))
    assert one("SelfAdjointEigV2", [(2, 4, 4)]) == ((2, 4), (2, 4, 4))
    # TF 2.21 with an input of unknown rank: without uv (matrix_rank's Svd) u and v are still
    # [0], and without compute_v so is v; with them, all unknown (found by the fuzz sweep)
    assert one("Svd", [None], compute_uv=False) == (None, (0,), (0,))
    assert one("Svd", [None]) == (None, None, None)
    assert one("SelfAdjointEigV2", [None], compute_v=False) == (None, (0,))
    assert one("SelfAdjointEigV2", [None]) == (None, None)
    assert one("Lu", [(4, 4)]) == ((4, 4), (4,))
    # solves: rhs [2, 4, 3] -> [2, 4, 3]; the triangular one broadcasts [1] against [2]
    assert one("MatrixSolve", [(2, 4, 4), (2, 4, 3)]) == (2, 4, 3)
    assert one("MatrixTriangularSolve", [(1, 4, 4), (2, 4, 3)]) == (2, 4, 3)
    assert one("MatrixSolveLs", [(2, 4, 3), (2, 4, 2)]) == (2, 3, 2)
    with pytest.raises(ShapeError, match="is not square"):
        one("MatrixSolve", [(2, 4, 3), (2, 4, 3)])
    # FractionalMaxPool [2, 9, 7, 3] by [1, 1.44, 1.73, 1]: floor(9/1.44) = 6, floor(7/1.73) = 4
    got = one("FractionalMaxPool", [(2, 9, 7, 3)], pooling_ratio=[1.0, 1.44, 1.73, 1.0])
    assert got == ((2, 6, 4, 3), (6,), (4,))


def test_every_dataset_kernel_is_a_scalar_handle():
    # TF 2.21's dataset kernels each have one variant output (op_def_registry), of scalar shape;
    # ReduceDataset's values are its output_shapes attr, as IteratorGetNext's
    from macc.costs import ZERO_OPS
    from macc.shapes.data import DATASET_OPS
    for op in ("IgnoreErrorsDataset", "SnapshotDatasetV2", "ExperimentalSqlDataset",
               "DataServiceDatasetV4", "RegisterDatasetV2"):
        assert op in DATASET_OPS and op in ZERO_OPS
        assert one(op, [()]) == ()
    g = G().ph("d", (), dtype=21).op("r", "ReduceDataset", "d",
                                      output_shapes=[(), (3, None)], output_types=[9, 1])
    assert tuple(g.infer().outputs["r"]) == ((), (3, None))


def test_folding_inf_nan_and_zero_division_is_quiet():
    """Constant folding with TF's edge values (1/0 = inf cast back to int32, 0/0, x % 0) gives
    numbers, not numpy RuntimeWarnings on the user's stderr (warnings as errors here)."""
    import warnings
    g = (G().const("one", [1, 4], np.int32).const("zero", [0, 2], np.int32)
         .op("div", "RealDiv", "one", "zero").op("mod", "FloorMod", "one", "zero")
         .op("pow", "Pow", "zero", "zero"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = g.infer()
    assert s.of("div") == (2,) and s.of("mod") == (2,) and s.of("pow") == (2,)
    assert s.value("div")[1] == 2  # 4 / 2 folds as TF does


def test_matrix_set_diag_fills_the_input_from_the_diagonal():
    """TF 2.21's import shapes (gen_array_ops on placeholders; k a constant unless '?')."""
    def run(op, x, d, k=None):
        g = G().ph("x", x).ph("d", d)
        ins = ["x", "d"]
        if k == "?":
            g.ph("k", None, dtype=3)
            ins.append("k")
        elif k is not None:
            g.const("k", k)
            ins.append("k")
        return g.op("y", op, *ins).shape("y")

    v3 = "MatrixSetDiagV3"
    # the diagonal's batch dims and two unknown ones: rank 3 of one k -> rank 4
    assert run(v3, None, (None, None, None), 0) == (None,) * 4
    assert run(v3, (None, None, 3, 3), (2, 5, 3), 0) == (2, 5, 3, 3)
    # a range of k: the last two dims of the diagonal are (diagonals, length)
    assert run(v3, None, (2, 3, 3), [-1, 1]) == (2, None, None)
    # an unknown k counts as one diagonal
    assert run(v3, None, (2, 3, 3), "?") == (2, 3, None, None)
    assert run("MatrixSetDiag", None, (2, 3)) == (2, None, None)
    assert run(v3, (4, 4), (4,), 0) == (4, 4)
    assert run(v3, (None, 4, 4), (2, 4), 0) == (2, 4, 4)
    with pytest.raises(ShapeError, match="does not fit"):
        run(v3, (4, 4), (2, 4), 0)
