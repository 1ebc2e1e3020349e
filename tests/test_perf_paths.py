"""The fast paths of the hot loop give what the plain code gives (no timing here)."""

import pytest

from macc.errors import GraphError
from macc.graph import Graph
from macc.proto import graph_pb2, tensor_pb2
from macc.tensors import tensor_shape, tensor_value


def weight(shape, content_bytes, **vals):
    t = tensor_pb2.TensorProto(dtype=1)
    for d in shape:
        t.tensor_shape.dim.add(size=d)
    t.tensor_content = b"\x01" * content_bytes
    for k, v in vals.items():
        getattr(t, k).extend(v)
    # parsed, as macc sees it
    return tensor_pb2.TensorProto.FromString(t.SerializeToString())


def test_big_content_length_checked_without_reading_it():
    # 64*64 floats = 16384 bytes: over the 4096-byte threshold of the size-only check
    assert tensor_shape(weight([64, 64], 16384)) == (64, 64)
    with pytest.raises(GraphError, match="tensor_content has 16380 bytes"):
        tensor_shape(weight([64, 64], 16380))
    with pytest.raises(GraphError, match="tensor_content has 16388 bytes"):
        tensor_shape(weight([64, 64], 16388))
    # other fields next to the content: the exact (copying) length decides, as before
    assert tensor_shape(weight([64, 64], 16384, float_val=[1.0, 2.0])) == (64, 64)
    # a version number and a REF dtype take part in the serialized size too
    t = weight([64, 64], 16384)
    t.version_number = 7
    t.dtype = 101
    assert tensor_shape(t) == (64, 64)


def test_small_value_fast_path_matches():
    t = tensor_pb2.TensorProto(dtype=3)
    t.tensor_shape.dim.add(size=2)
    t.tensor_shape.dim.add(size=2)
    t.int_val.extend([1, 2, 3, 4])
    assert tensor_value(t).tolist() == [[1, 2], [3, 4]]
    assert tensor_value(t, shape=(2, 2)).dtype.name == "int32"
    del t.int_val[2:]
    # fewer values than elements: TF repeats the last one
    assert tensor_value(t).tolist() == [[1, 2], [2, 2]]


def _gd(edges, order):
    gd = graph_pb2.GraphDef()
    for name in order:
        nd = gd.node.add(name=name, op="NextIteration" if name.startswith("next") else "Identity")
        nd.input.extend(edges.get(name, []))
    return gd


@pytest.mark.parametrize("order", [["a", "b", "c", "d"], ["d", "c", "b", "a"], ["b", "a", "d", "c"]])
def test_topological_any_file_order(order):
    edges = {"b": ["a"], "c": ["b", "^a"], "d": ["c:0", "b"]}
    got = [n.name for n in Graph.from_graph_def(_gd(edges, order)).topological()]
    assert sorted(got) == ["a", "b", "c", "d"]
    for src, dsts in [("a", "bc"), ("b", "cd"), ("c", "d")]:
        for dst in dsts:
            assert got.index(src) < got.index(dst)
    if order == ["a", "b", "c", "d"]:
        assert got == order  # already topological: file order is kept


def test_back_edge_from_next_iteration_is_not_a_dependency():
    # merge reads next (a NextIteration) that comes later in the file: still file order
    edges = {"merge": ["a", "next"], "next": ["merge"]}
    got = [n.name for n in Graph.from_graph_def(_gd(edges, ["a", "merge", "next"])).topological()]
    assert got == ["a", "merge", "next"]


def test_cycle_still_raises():
    with pytest.raises(GraphError, match="cycle"):
        Graph.from_graph_def(_gd({"a": ["b"], "b": ["a"]}, ["a", "b"])).topological()


def test_small_values_memoised_but_never_shared():
    t = tensor_pb2.TensorProto(dtype=3)
    t.tensor_shape.dim.add(size=3)
    t.int_val.extend([4, 5, 6])
    a = tensor_value(t)
    a[0] = 99  # a caller scribbling on its copy
    b = tensor_value(t)
    assert b.tolist() == [4, 5, 6] and a is not b
    # same shape, other dtype: its own entry, its own checks
    t.dtype = 1
    assert tensor_value(t).dtype.name == "float32"
    assert tensor_shape(t) == (3,)
    t.tensor_shape.dim[0].size = -3
    with pytest.raises(GraphError, match="negative dim"):
        tensor_shape(t)


def test_list_and_shape_attrs_memoised_but_never_shared():
    from macc.attrs import decode_attr
    from macc.proto import attr_value_pb2
    v = attr_value_pb2.AttrValue()
    v.list.i.extend([1, 2, 2, 1])
    a = decode_attr(v)
    a.append(7)  # the caller's own list
    assert decode_attr(v) == [1, 2, 2, 1]
    s = attr_value_pb2.AttrValue()
    for d in (1, -1, 3):
        s.shape.dim.add(size=d)
    assert decode_attr(s) == (1, None, 3)
    shapes = attr_value_pb2.AttrValue()
    shapes.list.shape.add().unknown_rank = True
    shapes.list.shape.add().dim.add(size=5)
    assert decode_attr(shapes) == [None, (5,)]
    bad = attr_value_pb2.AttrValue()
    bad.shape.dim.add(size=-4)
    for _ in range(2):  # an invalid value is never memoised: it raises every time
        with pytest.raises(GraphError, match="negative dim"):
            decode_attr(bad)
