"""Disagreements with TF 2.21 found by the randomized ``fuzz`` sweep group
(tools/sweep_cases/fuzz.py), each minimised to a small graph. Shapes here are TF 2.21's import
shapes, read from the fuzz graphs that showed the difference."""

from shapes_graph import G

INT32 = 3


def _s2b(op, x, block, pads):
    """``op`` on a placeholder ``x``; block and pads are constants, or shapes of placeholders."""
    g = G().ph("x", x)
    for name, v in (("block", block), ("pads", pads)):
        if isinstance(v, tuple):
            g.ph(name, v, INT32)
        else:
            g.const(name, v)
    return g.op("y", op, "x", "block", "pads").shape("y")


def test_space_to_batch_keeps_what_tf_keeps_with_unknown_paddings():
    # a dilated conv on [1, ?, ?, 3]: paddings computed from the unknown spatial dims (fuzz_279)
    # batch 1·2·2 = 4 from the block alone; depth 3 passes through (it was all unknown)
    assert _s2b("SpaceToBatchND", (1, None, None, 3), [2, 2], (2, 2)) == (4, None, None, 3)
    # crops unknown: batch 8 / (2·2) = 2; depth passes through
    assert _s2b("BatchToSpaceND", (8, 3, 3, 5), [2, 2], (2, 2)) == (2, None, None, 5)
    # the block unknown (length 2 from its shape): batch and block dims unknown, depth kept
    assert _s2b("SpaceToBatchND", (1, 4, 4, 3), (2,), [[0, 0], [0, 0]]) == (None, None, None, 3)
    assert _s2b("BatchToSpaceND", (None, 4, 4, 1), (2,), (2, 2)) == (None, None, None, 1)
    # known paddings still size the block dims: (6+1+1)/2 = 4, (5+0+1)/2 = 3
    assert _s2b("SpaceToBatchND", (None, 6, 5, 3), [2, 2], [[1, 1], [0, 1]]) == (None, 4, 3, 3)
    # no block dims: the input's shape
    assert _s2b("SpaceToBatchND", (2, 3), (0,), (0, 2)) == (2, 3)


def test_extract_patches_with_one_unknown_spatial_dim():
    # TF's shape functions size no spatial dim unless all are known (fuzz_056, fuzz_537)
    g = G().ph("x", (None, 5, None, 3)).op("y", "ExtractImagePatches", "x", ksizes=[1, 2, 2, 1],
                                            strides=[1, 1, 1, 1], rates=[1, 1, 1, 1],
                                            padding="VALID")
    # depth 2·2·3 = 12
    assert g.shape("y") == (None, None, None, 12)
    g = G().ph("x", (None, 5, 4, 3)).op("y", "ExtractImagePatches", "x", ksizes=[1, 2, 2, 1],
                                         strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="VALID")
    assert g.shape("y") == (None, 4, 3, 12)
    # ExtractVolumePatches: TF 2.21 gives a rank-4 shape then; depth 2·2·2·2 = 16
    attrs = {"ksizes": [1, 2, 2, 2, 1], "strides": [1, 1, 1, 1, 1], "padding": "VALID"}
    g = G().ph("x", (1, None, 4, 4, 2)).op("y", "ExtractVolumePatches", "x", **attrs)
    assert g.shape("y") == (1, None, None, 16)
    g = G().ph("x", (1, 6, 4, 4, 2)).op("y", "ExtractVolumePatches", "x", **attrs)
    assert g.shape("y") == (1, 5, 3, 3, 16)


def test_lrn_of_unknown_rank_has_rank_4():
    assert G().ph("x", None).op("y", "LRN", "x").shape("y") == (None,) * 4


def test_slice_of_unknown_rank_takes_the_rank_of_begin():
    # begin a constant [0, 0, 0], size a runtime vector of unknown length (fuzz_053)
    g = (G().ph("x", None).const("b", [0, 0, 0]).ph("s", (None,), INT32)
         .op("y", "Slice", "x", "b", "s"))
    assert g.shape("y") == (None,) * 3
    # size of known length 2, values unknown
    g = (G().ph("x", None).ph("b", (None,), INT32).ph("s", (2,), INT32)
         .op("y", "Slice", "x", "b", "s"))
    assert g.shape("y") == (None, None)


def test_reshape_of_an_empty_tensor_with_unknown_dims():
    # [0, ?, ?, 8] has 0 elements whatever the unknown dims (TF's NumElements): -1 -> 0
    # (fuzz_477 with --batch 1)
    g = G().ph("x", (0, None, None, 8)).const("s", [-1]).op("y", "Reshape", "x", "s")
    assert g.shape("y") == (0,)
    # two unknown input dims: TF checks nothing and keeps the target ([?, ?, 3] to [4])
    g = G().ph("x", (None, None, 3)).const("s", [4]).op("y", "Reshape", "x", "s")
    assert g.shape("y") == (4,)


def test_import_accepts_what_only_the_kernel_refuses():
    # a graph built for batch 5 run with --batch 1: TF's import sizes these, its kernels would
    # fail; macc gave an error (fuzz_142, fuzz_067 with --batch 1)
    g = G().ph("x", (1, 4)).const("b", [3, 0]).const("n", [2, 4]).op("y", "Slice", "x", "b", "n")
    assert g.shape("y") == (2, 4)
    # a constant sliced past its end is not folded (TF's kernel fails): the Fill stays unknown
    g = (G().const("c", [2, 3]).const("b", [1]).const("n", [2]).op("sl", "Slice", "c", "b", "n")
         .const("v", 1.0).op("f", "Fill", "sl", "v"))
    assert g.shape("sl") == (2,) and g.shape("f") == (None, None)
    # REFLECT by 1 on a dim of 1: 1+0+1 = 2
    g = G().ph("x", (1, 5)).const("p", [[0, 1], [0, 0]]).op("y", "MirrorPad", "x", "p",
                                                           mode="REFLECT")
    assert g.shape("y") == (2, 5)


def test_mirror_pad_rank_comes_from_the_paddings_rows():
    # paddings [?, 2] (runtime) on an input of unknown rank: TF's MirrorPad gives an unknown
    # rank; on a [2,3] input the input's rank, as Pad (TF 2.21, import_graph_def: [?,?])
    g = G().ph("x", (2, 3)).ph("u", None).ph("p", (None, 2), INT32)
    assert g.op("y", "MirrorPad", "u", "p", mode="REFLECT").shape("y") is None
    assert g.op("w", "MirrorPad", "x", "p", mode="REFLECT").shape("w") == (None, None)
    assert g.op("z", "Pad", "x", "p").shape("z") == (None, None)


def test_space_depth_of_unknown_rank_has_rank_4():
    # fuzz_621: SpaceToDepth/DepthToSpace of an unknown rank, TF [?,?,?,?]
    for op in ("SpaceToDepth", "DepthToSpace"):
        assert G().ph("x", None).op("y", op, "x", block_size=2).shape("y") == (None,) * 4


def _bga(a, b):
    g = G().const("a", a).const("b", b).op("r", "BroadcastGradientArgs", "a", "b")
    s = g.infer()
    return s.value("r", 0).tolist(), s.value("r", 1).tolist()


def test_broadcast_gradient_args_of_equal_shapes_reduce_nothing():
    # TF 2.21 (run): equal shapes give no axes, even where both hold 1 (fuzz_289's Xdivy grad:
    # its Sum kept [2,1,3,1], macc reduced it to [2,3])
    assert _bga([2, 1, 3, 1], [2, 1, 3, 1]) == ([], [])
    assert _bga([1], [1]) == ([], [])
    # unequal: every axis where a padded shape holds 1, in both lists when both do
    assert _bga([2, 1, 3, 1], [1, 3, 1]) == ([1, 3], [0, 1, 3])
    assert _bga([1, 1], [1]) == ([0, 1], [0, 1])


def test_a_folded_value_does_not_size_an_elementwise_output():
    # Einsum's gradient adds 2 to BroadcastGradientArgs' output (shape [?], value [0]): TF gives
    # the broadcast of the shapes, [?], and counts that AddV2 0 (macc had [1] and counted 1)
    g = (G().const("a", [2]).const("b", [], dtype="int32").op("r", "BroadcastGradientArgs", "a", "b")
         .const("two", 2).op("y", "AddV2", "two", "r:1"))
    s = g.infer()
    assert s.value("y", 0).tolist() == [2]
    assert s.of("y", 0) == (None,)


def test_resize_grad_and_crop_sizes_need_a_whole_folded_size():
    # size = Shape(x)[1:3] of [5, ?, 1, 1] is the partial [?, 1]: TF 2.21 gives [5, ?, ?, 1]
    g = (G().ph("x", (5, None, 1, 1)).op("s", "Shape", "x").const("b", [1]).const("e", [3])
         .const("st", [1]).op("hw", "StridedSlice", "s", "b", "e", "st")
         .op("y", "ResizeNearestNeighborGrad", "x", "hw")
         .ph("boxes", (3, 4)).ph("ind", (None,), INT32)
         .op("c", "CropAndResize", "x", "boxes", "ind", "hw"))
    assert g.shape("y") == (5, None, None, 1)
    assert g.shape("c") == (3, None, None, 1)
    # boxes [?, 4] and box_ind [7]: 7 crops
    g = (G().ph("x", (1, 8, 8, 3)).ph("boxes", (None, 4)).ph("ind", (7,), INT32)
         .const("sz", [2, 2]).op("c", "CropAndResize", "x", "boxes", "ind", "sz"))
    assert g.shape("c") == (7, 2, 2, 3)


def _solve(op, a, b):
    return G().ph("a", a).ph("b", b).op("y", op, "a", "b").shape("y")


def test_solves_merge_what_tf_merges():
    # TF 2.21 (run): a matrix of unknown rank takes the rhs's batch dims (fuzz_570's
    # MatrixSolve grad: [?,?,?], macc had an unknown rank)
    assert _solve("MatrixSolve", None, (None, None, None)) == (None, None, None)
    assert _solve("MatrixSolve", (None, None, 4), None) == (None, 4, None)
    # [2,?,4] square, so 4 rows: [2,4,3] (macc had [2,?,3])
    assert _solve("MatrixSolve", (2, None, 4), (2, None, 3)) == (2, 4, 3)
    # triangular: [2,5,?] is square, so m = 5: [2,5,3]; an unknown rank broadcasts to unknown
    assert _solve("MatrixTriangularSolve", (2, 5, None), (2, None, 3)) == (2, 5, 3)
    assert _solve("MatrixTriangularSolve", None, (2, None, 3)) is None


def test_fuzz_found_fixtures_exist():
    # tools/fixtures/fuzz_found.py: each finding above as a TF-profiled graph with TF's import
    # shapes; tests/test_parity.py compares every node's count and shape
    from conftest import FIXTURES
    # 6 from the first palette; fuzz_call_const, fuzz_ta_concat, fuzz_rsqrt_fold,
    # fuzz_const_eval and fuzz_sparse_const from the second; fuzz_call_body_cost (a call's body
    # counted with its constant arguments, tests/test_call_shapes.py)
    assert len(sorted(FIXTURES.glob("fuzz_*.tfprof.json"))) == 12


def test_sparse_reorder_gives_its_outputs_their_ranks():
    # TF's WithRank: values of unknown rank come out as a vector (a SparseTranspose of a
    # SparseTensor whose values have no static shape; fuzz seed 7, fuzz_190)
    g = (G().ph("i", (None, None), 9).ph("v", None).ph("s", (2,), 9)
         .op("y", "SparseReorder", "i", "v", "s"))
    assert g.infer().outputs["y"] == ((None, None), (None,))
    g = G().ph("i", None, 9).ph("v", (5,)).ph("s", (2,), 9).op("y", "SparseReorder", "i", "v", "s")
    assert g.infer().outputs["y"] == ((None, None), (5,))


def test_matrix_diag_of_unknown_length_follows_tf_arithmetic():
    # TF's MatrixDiagV2Shape takes an unknown diagonal length as -1 (fuzz_659): k = 1 gives
    # min_rows -1 - min(1, 0) = -1, min_cols -1 + max(1, 0) = 0, so max(-1, 0) = 0 rows and cols
    def diag(k, rows=-1, cols=-1):
        return (G().ph("d", (5, 3, None)).const("k", k).const("r", rows).const("c", cols)
                .const("p", 0.0).op("y", "MatrixDiagV3", "d", "k", "r", "c", "p").shape("y"))
    assert diag(1) == (5, 3, 0, 0)
    # k = 0: -1 and -1, unknown; k = -2: min_rows -1 + 2 = 1, min_cols -1 -> 1 x 1
    assert diag(0) == (5, 3, None, None)
    assert diag(-2) == (5, 3, 1, 1)
    # num_rows given: 4 rows, columns -1 + 1 = 0
    assert diag(1, rows=4) == (5, 3, 4, 0)
