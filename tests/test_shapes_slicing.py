"""StridedSlice / Slice shapes and values, and the classic shape chains with an unknown batch.

Expected shapes are numpy's slicing (TF's StridedSlice follows Python semantics); the chain
results marked "TF 2.21" were read from TensorFlow's own import-time shape inference
(``tf.compat.v1`` graph, ``tensor.shape``).
"""

import numpy as np
import pytest
from shapes_graph import G

from macc.errors import ShapeError


def ss(x_shape, begin, end, strides, **masks):
    g = (G().ph("x", x_shape).const("b", begin).const("e", end).const("s", strides)
         .op("y", "StridedSlice", "x", "b", "e", "s", **masks))
    return g.shape("y")


@pytest.mark.parametrize("x,b,e,s,masks,expected", [
    # x[1:3] on [5,4]: 2 rows, the last dim untouched
    ((5, 4), [1], [3], [1], {}, (2, 4)),
    # x[::-1] (begin and end masked, stride -1): all 5
    ((5, 4), [0], [0], [-1], {"begin_mask": 1, "end_mask": 1}, (5, 4)),
    # x[4:0:-2] -> indices 4, 2: 2
    ((5, 4), [4], [0], [-2], {}, (2, 4)),
    # x[-1] with shrink: the first dim disappears
    ((5, 4), [-1], [0], [1], {"shrink_axis_mask": 1}, (4,)),
    # x[..., 1:3] on [2,3,4]: ellipsis covers dims 0,1
    ((2, 3, 4), [0, 1], [0, 3], [1, 1], {"ellipsis_mask": 1}, (2, 3, 2)),
    # x[:, tf.newaxis, 0] on [2,3,4]: new axis of 1, dim 1 shrunk, dim 2 kept
    ((2, 3, 4), [0, 0, 0], [0, 0, 1], [1, 1, 1],
     {"begin_mask": 1, "end_mask": 1, "new_axis_mask": 2, "shrink_axis_mask": 4}, (2, 1, 4)),
    # x[..., tf.newaxis] on [2,3]: a trailing 1
    ((2, 3), [0, 0], [0, 0], [1, 1], {"ellipsis_mask": 1, "new_axis_mask": 2}, (2, 3, 1)),
    # an unknown dim stays unknown unless shrunk away: x[1:, 2] on [?,5]
    ((None, 5), [1, 2], [0, 3], [1, 1], {"end_mask": 1, "shrink_axis_mask": 2}, (None,)),
    # end past the dim is clamped: x[2:100] on [5] -> 3
    ((5,), [2], [100], [1], {}, (3,)),
    # an empty slice x[3:1] -> 0
    ((5,), [3], [1], [1], {}, (0,)),
])
def test_strided_slice_masks(x, b, e, s, masks, expected):
    assert ss(x, b, e, s, **masks) == expected


def test_strided_slice_matches_numpy_on_values():
    arr = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
    g = (G().const("x", arr).const("b", [1, 0, 3]).const("e", [0, 0, 0])
         .const("s", [1, 1, -2])
         .op("y", "StridedSlice", "x", "b", "e", "s", begin_mask=0, end_mask=3,
             shrink_axis_mask=1))
    shapes = g.infer()
    expected = arr[1, :, 3::-2]  # begin 3, end masked, stride -2 -> columns 3, 1
    assert shapes.of("y") == expected.shape == (3, 2)
    assert shapes.value("y").tolist() == expected.tolist()


def test_strided_slice_errors():
    with pytest.raises(ShapeError, match="out of bounds"):
        ss((5, 4), [7], [8], [1], shrink_axis_mask=1)
    with pytest.raises(ShapeError, match="stride 0 is 0"):
        ss((5, 4), [0], [1], [0])
    with pytest.raises(ShapeError, match="lengths"):
        ss((5, 4), [0, 0], [1], [1])


def test_slice():
    g = G().ph("x", (None, 5, 4)).const("b", [0, 1, 0]).const("n", [-1, 3, 2])
    g.op("y", "Slice", "x", "b", "n")
    # size -1 of an unknown dim stays unknown; 3 and 2 are given
    assert g.shape("y") == (None, 3, 2)
    # past the end: TF 2.21's import still gives [2] (the bounds are its kernel's check)
    assert G().ph("x", (3,)).const("b", [2]).const("n", [2]).op("y", "Slice", "x", "b", "n") \
        .shape("y") == (2,)


def _shape_of(g, name="x"):
    return g.op("shape", "Shape", name)


def test_shape_strided_slice_pack_reshape_unknown_batch():
    # flatten: Reshape(x, Pack(Shape(x)[0], -1)) of a [?,7,7,1024] tensor
    g = _shape_of(G().ph("x", (None, 7, 7, 1024)))
    g.const("b", [0]).const("e", [1]).const("s", [1])
    g.op("batch", "StridedSlice", "shape", "b", "e", "s", shrink_axis_mask=1)
    g.const("m1", -1).op("pack", "Pack", "batch", "m1", axis=0, N=2)
    g.op("flat", "Reshape", "x", "pack")
    g.const("n", 50176).op("pack2", "Pack", "batch", "n", axis=0, N=2)
    g.op("flat2", "Reshape", "x", "pack2")
    shapes = g.infer()
    # TF 2.21 gives (?, ?): the shape vector [?, -1] has two unknown entries, and an unknown
    # entry cannot be told from -1 (TF's MakeShapeFromShapeTensor), so nothing is solved
    assert shapes.of("flat") == (None, None)
    assert shapes.value("batch") is None  # the batch itself is not known
    assert shapes.partial("pack").tolist() == [None, -1]
    # Pack(batch, 50176) keeps the known entry: (?, 50176), as TF 2.21
    assert shapes.of("flat2") == (None, 50176)
    # with the batch given, everything is a constant
    shapes = g.infer(x=(8, 7, 7, 1024))
    assert shapes.value("pack").tolist() == [8, -1]
    assert shapes.of("flat") == (8, 50176)  # 7*7*1024 = 50176


def test_known_dim_of_partial_shape_is_a_constant():
    # TF 2.21: Reshape(y, Pack(Shape(x)[1] * 2, -1)) with x [?,5,4] -> (10, ?)
    g = _shape_of(G().ph("x", (None, 5, 4)).ph("y", (None,)))
    g.const("b", [1]).const("e", [2]).const("s", [1]).const("two", 2).const("m1", -1)
    g.op("d1", "StridedSlice", "shape", "b", "e", "s", shrink_axis_mask=1)
    g.op("d2", "Mul", "d1", "two").op("pack", "Pack", "d2", "m1", N=2)
    g.op("r", "Reshape", "y", "pack")
    shapes = g.infer()
    assert shapes.value("d2").item() == 10
    assert shapes.of("r") == (10, None)


def test_vector_slice_of_partial_shape_is_not_evaluated():
    # TF 2.21: Shape(x)[1:] of [?,2,3,4] is a partial shape [2,3,4] for Reshape/Fill, but
    # Prod over it is not folded: Reshape(x, [-1, Prod(...)]) -> (?, ?)
    g = _shape_of(G().ph("x", (None, 2, 3, 4)))
    g.const("b", [1]).const("e", [0]).const("s", [1]).const("ax", [0]).const("m1", -1)
    g.op("tail", "StridedSlice", "shape", "b", "e", "s", end_mask=1)
    g.op("n", "Prod", "tail", "ax", keep_dims=False)
    g.op("pack", "Pack", "m1", "n", N=2).op("flat", "Reshape", "x", "pack")
    g.const("one", 1.0).op("fill", "Fill", "tail", "one")
    shapes = g.infer()
    assert shapes.of("tail") == (3,)
    assert shapes.value("tail") is None and shapes.partial("tail").tolist() == [2, 3, 4]
    assert shapes.value("n") is None
    assert shapes.of("flat") == (None, None)
    assert shapes.of("fill") == (2, 3, 4)
    # known batch: everything folds, 2*3*4 = 24
    assert g.shape("flat", x=(5, 2, 3, 4)) == (5, 24)


def test_shape_prod_and_range():
    g = _shape_of(G().ph("x", (3, 4, 5))).const("ax", [0])
    g.op("n", "Prod", "shape", "ax", keep_dims=False)
    g.const("zero", 0).const("one", 1).op("r", "Range", "zero", "n", "one")
    shapes = g.infer()
    assert shapes.value("n").item() == 60  # 3*4*5
    assert shapes.of("r") == (60,)
    assert shapes.value("r").tolist() == list(range(60))
    # an unknown dim: the product and the range length are unknown
    shapes = g.infer(x=(None, 4, 5))
    assert shapes.value("n") is None and shapes.of("r") == (None,)


def test_concat_of_partial_shapes():
    # TF 2.21: Reshape(y, Concat(Shape(x)[1:], [-1])) with x [?,5,4] -> (5, 4, ?)
    g = _shape_of(G().ph("x", (None, 5, 4)).ph("y", (None,)))
    g.const("b", [1]).const("e", [0]).const("s", [1]).const("m1", [-1]).const("ax", 0)
    g.op("tail", "StridedSlice", "shape", "b", "e", "s", end_mask=1)
    g.op("cat", "ConcatV2", "tail", "m1", "ax", N=2).op("r", "Reshape", "y", "cat")
    assert g.shape("r") == (5, 4, None)


def test_huge_dims_allocate_nothing():
    # a 2^62 x 2^62 placeholder: shapes only, no arrays
    big = 1 << 62
    g = _shape_of(G().ph("x", (big, big))).const("b", [0]).const("e", [1]).const("s", [1])
    g.op("d0", "StridedSlice", "shape", "b", "e", "s", shrink_axis_mask=1)
    g.const("zero", 0.0).op("z", "Fill", "shape", "zero").op("t", "Tile", "x", "shape")
    shapes = g.infer()
    assert shapes.value("d0").item() == big
    assert shapes.of("z") == (big, big) and shapes.value("z") is None
    assert shapes.of("t") == (big * big, big * big)
