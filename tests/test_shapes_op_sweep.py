"""Shape rules tools/op_sweep.py found (each op on inputs of unknown rank, or with one input
known) and the last fuzz seed's RFFT, against TF 2.21's import shapes (the figures in each test
are TF's, read from its import of the same node)."""

import numpy as np
import pytest
from shapes_graph import G

from macc.errors import ShapeError


def test_unknown_rank_inputs_as_tf_imports_them():
    """TF 2.21's import shapes with every input of unknown rank (tools/op_sweep.py): a checked
    rank is kept as unknown dims, a passed-through shape stays unknown."""
    def outs(op, n_in, **attrs):
        g = G()
        for i in range(n_in):
            g.ph(f"p{i}", None)
        g.op("y", op, *[f"p{i}" for i in range(n_in)], **attrs)
        return list(g.infer().outputs["y"])

    u4 = (None,) * 4
    assert outs("SpaceToBatch", 2, block_size=2) == [u4]
    assert outs("BatchToSpace", 2, block_size=2) == [u4]
    assert outs("Conv2DBackpropInputV2", 3, strides=[1, 1, 1, 1], padding="SAME") == [u4]
    assert outs("Conv2DBackpropFilterV2", 3, strides=[1, 1, 1, 1], padding="SAME") == [u4]
    assert outs("InvertPermutation", 1) == [(None,)]
    assert outs("ConcatOffset", 3) == [None, None]  # each its shape input's shape
    assert outs("CTCLoss", 4)[1] == (None, None, None)  # the gradient: rank 3
    assert outs("SparseTensorDenseMatMul", 4) == [(None, None)]
    assert outs("SparseSplit", 4, num_split=2)[4:] == [None, None]
    assert outs("StringNGrams", 2, separator="", ngram_widths=[2], left_pad="", right_pad="",
                pad_width=0, preserve_short_sequences=False) == [(None,), (None,)]
    assert outs("TensorListPushBackBatch", 2) == [(None,)]
    assert outs("RaggedFillEmptyRowsGrad", 2) == [(None,), ()]
    assert outs("QuantizedBatchNormWithGlobalNormalization", 15, variance_epsilon=0.001,
                scale_after_normalization=False) == [u4, (), ()]
    # Unique: idx is x's shape; the V2 forms: y of x's rank, idx [x's dim on the axis]
    assert outs("Unique", 1) == [(None,), None]
    assert outs("UniqueWithCounts", 1) == [(None,), None, (None,)]


def test_unique_v2_axis_and_encode_png_batch():
    def unique(op, x, axis):
        g = G().ph("x", x).const("a", axis)
        return list(g.op("y", op, "x", "a").infer().outputs["y"])

    # TF 2.21: [4,3] on axis 1 -> y [?,?], idx [3]; axis -1 the same; a vector with no axis [5]
    assert unique("UniqueV2", (4, 3), [1]) == [(None, None), (3,)]
    assert unique("UniqueWithCountsV2", (4, 3), [-1]) == [(None, None), (3,), (None,)]
    assert unique("UniqueV2", (5,), np.zeros(0, np.int32)) == [(None,), (5,)]
    with pytest.raises(ShapeError, match="vector"):
        unique("UniqueV2", (4, 3), np.zeros(0, np.int32))
    # EncodePng takes a batch: [2,4,4,3] -> [2]; one image -> a scalar; unknown rank -> unknown
    for x, want in (((2, 4, 4, 3), (2,)), ((4, 4, 3), ()), (None, None)):
        assert G().ph("x", x, dtype=4).op("y", "EncodePng", "x").shape("y") == want


def test_one_known_input_as_tf_imports_it():
    """TF 2.21's import shapes with one input known and the others of unknown rank
    (tools/op_sweep.py --one-known)."""
    def out(op, shapes, **attrs):
        g = G()
        for i, s in enumerate(shapes):
            g.ph(f"p{i}", s, dtype=attrs.pop(f"dtype{i}", 1))
        return list(g.op("y", op, *[f"p{i}" for i in range(len(shapes))], **attrs)
                    .infer().outputs["y"])

    # BatchMatMul v1 merges batch dims: the other input's rank comes from the known one
    assert out("BatchMatMul", [(2, 3), None]) == [(2, None)]
    assert out("BatchMatMul", [None, (2, 3)]) == [(None, 3)]
    assert out("BatchMatMulV2", [(2, 3), None]) == [None]  # broadcasting: unknown
    assert out("Cross", [(2, 3), None]) == [(2, 3)]
    assert out("SoftmaxCrossEntropyWithLogits", [(2, 3), None]) == [(2,), (2, 3)]
    # SpaceToBatch/BatchToSpace without paddings: batch and depth still known
    assert out("SpaceToBatch", [(2, 3, 4, 5), None], block_size=2, dtype1=3) == \
        [(8, None, None, 5)]
    assert out("BatchToSpace", [(8, 3, 4, 5), None], block_size=2, dtype1=3) == \
        [(2, None, None, 5)]
    assert out("Reverse", [None, (3,)], dtype1=10) == [(None, None, None)]  # one bool a dim
    # PlaceholderWithDefault gives its declared shape, even of unknown rank
    assert out("PlaceholderWithDefault", [()], dtype=1) == [None]
    # set operations take the rank from whichever input is known
    assert out("DenseToDenseSetOperation", [None, (2, 3)], set_operation="a-b",
               validate_indices=True, dtype0=3, dtype1=3) == [(None, 2), (None,), (2,)]
    # TensorListPushBackBatch: the handles' batch merged with the tensor's
    assert out("TensorListPushBackBatch", [None, (2,)], dtype0=21) == [(2,)]
    # DrawBoundingBoxesV2 takes images of rank 3 too (V1 only 4): [2,3,4] -> [2,3,4]
    assert out("DrawBoundingBoxesV2", [(2, 3, 4), None, None]) == [(2, 3, 4)]
    with pytest.raises(ShapeError, match="rank 3, expected 4"):
        out("DrawBoundingBoxes", [(2, 3, 4), None])
    with pytest.raises(ShapeError, match="'block_size' is 1, must be at least 2"):
        out("BatchToSpace", [(8, 3, 4, 5), None], block_size=1, dtype1=3)


def test_quantized_conv_range_follows_max_filter():
    # TF 2.21 (QuantizedConv2DAndRelu on [1,4,4,3] quint8 and a [1,1,3,5] filter): min_output
    # and max_output take max_filter's shape: [] and [5] as given, unknown when it is unknown
    def ranges(min_f, max_f):
        g = G().ph("x", (1, 4, 4, 3), dtype=12).ph("f", (1, 1, 3, 5), dtype=11)
        for name in ("a", "b"):
            g.ph(name, ())
        g.ph("mn", min_f).ph("mx", max_f)
        outs = g.op("y", "QuantizedConv2DAndRelu", "x", "f", "a", "b", "mn", "mx",
                    strides=[1, 1, 1, 1], padding="SAME").infer().outputs["y"]
        assert outs[0] == (1, 4, 4, 5)
        return list(outs[1:])

    assert ranges((), ()) == [(), ()]
    assert ranges((5,), (5,)) == [(5,), (5,)]
    assert ranges((), None) == [None, None]
    assert ranges(None, (5,)) == [(5,), (5,)]


def test_betainc_merges_and_mirror_pad_keeps_the_input_rank():
    """TF 2.21's import shapes."""
    def out(op, shapes, **attrs):
        g = G()
        for i, s in enumerate(shapes):
            g.ph(f"p{i}", s, dtype=3 if (op.endswith("Pad") and i == 1) else 1)
        return g.op("y", op, *[f"p{i}" for i in range(len(shapes))], **attrs).shape("y")

    # Betainc: a, b, x are scalars or one shape, merged
    assert out("Betainc", [(2,), None, None]) == (2,)
    assert out("Betainc", [(2, 3), (), None]) == (2, 3)
    assert out("Betainc", [None, None, (3,)]) == (3,)
    assert out("Betainc", [(), (), ()]) == ()
    with pytest.raises(ShapeError, match="Betainc"):
        out("Betainc", [(2, 3), (3,), ()])  # no broadcasting
    # MirrorPad (as Pad) with unknown paddings keeps a known input's rank; unknown input and
    # paddings of unknown rows: unknown rank
    assert out("MirrorPad", [(2, 3), None], mode="REFLECT") == (None, None)
    assert out("MirrorPad", [(2, 3), (None, 2)], mode="REFLECT") == (None, None)
    assert out("MirrorPad", [None, (None, 2)], mode="REFLECT") is None


def test_tensor_list_pop_back_and_concat_lists():
    # TF 2.21: PopBack's tensor is the list's element shape; its element_shape input is not read
    # (a list of unknown elements popped with element_shape [2,3]: unknown; of [4,5] elements
    # popped with -1: [4,5])
    def popped(list_shape, pop_shape):
        g = G().const("ls", list_shape).const("n", -1).const("ps", pop_shape)
        g.op("l", "EmptyTensorList", "ls", "n", element_dtype=1)
        g.op("p", "TensorListPopBack", "l", "ps", element_dtype=1)
        return g.infer().outputs["p"][1]

    assert popped(-1, [2, 3]) is None
    assert popped([4, 5], -1) == (4, 5)
    # ConcatLists merges the two batches of lists: [2] with an unknown one is [2]
    g = G().ph("a", (2,), dtype=21).ph("b", None, dtype=21)
    assert g.op("c", "TensorListConcatLists", "a", "b", element_dtype=1).shape("c") == (2,)
    with pytest.raises(ShapeError, match="input_a and input_b"):
        G().ph("a", (3,), dtype=21).ph("b", (2,), dtype=21).op(
            "c", "TensorListConcatLists", "a", "b", element_dtype=1).shape("c")


def test_rfft_of_length_zero():
    # TF 2.21: RFFT's last dim is fft_length/2 + 1, but 0 for an fft_length of 0 (fuzz seed
    # 7070: an empty slice's length); IRFFT gives fft_length itself
    def fft(op, x, n):
        g = G().ph("x", x, dtype=1 if op.startswith("R") else 8).const("n", [n])
        return g.op("y", op, "x", "n").shape("y")

    assert fft("RFFT", (1, 0), 0) == (1, 0)
    assert fft("RFFT", (1, 6), 6) == (1, 4)  # 6 // 2 + 1
    assert fft("IRFFT", (1, 4), 6) == (1, 6)

