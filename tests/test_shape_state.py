"""ShapeState: the per-node shape API shared by the graph pass and the layers builder, and its
memo of repeated blocks (a hit must give what running the shape function gives)."""

import numpy as np

from macc.graph import Graph
from macc.proto import graph_pb2
from macc.shapes import ShapeState, infer_shapes
from macc.shapes import state as state_mod
from tests.shapes_graph import tensor


def _graph(pbtxt_nodes):
    gd = graph_pb2.GraphDef()
    for name, op, inputs, attrs in pbtxt_nodes:
        nd = gd.node.add(name=name, op=op)
        nd.input.extend(inputs)
        for k, v in attrs.items():
            if k == "value":
                nd.attr[k].tensor.CopyFrom(v)
            elif k == "shape":
                for d in v:
                    nd.attr[k].shape.dim.add(size=d)
            elif isinstance(v, bool):
                nd.attr[k].b = v
            elif isinstance(v, list):
                nd.attr[k].list.i.extend(v)
            elif isinstance(v, str):
                nd.attr[k].s = v.encode()
            elif k == "N":  # an int attr (TF rejects N given as a type)
                nd.attr[k].i = v
            else:
                nd.attr[k].type = v
    gd = graph_pb2.GraphDef.FromString(gd.SerializeToString())
    return Graph.from_graph_def(gd)


def _blocks():
    nodes = [("x", "Placeholder", [], {"shape": [1, 8, 8, 4], "dtype": 1}),
             ("w", "Const", [], {"value": tensor(np.zeros((3, 3, 4, 4), np.float32)), "dtype": 1})]
    prev = "x"
    for i, (stride, cols) in enumerate([(1, 4), (1, 8), (2, 16), (2, 16), (1, 8)]):
        nodes.append((f"c{i}", "Conv2D", [prev, "w"], {"strides": [1, stride, stride, 1],
                                                       "padding": "SAME", "T": 1}))
        nodes.append((f"s{i}", "Shape", [f"c{i}"], {"T": 1, "out_type": 3}))
        nodes.append((f"r{i}", "Reshape", [f"c{i}", f"k{i}"], {"T": 1, "Tshape": 3}))
        # the shape tensor differs per block: a memo keyed without values would confuse them
        nodes.insert(-1, (f"k{i}", "Const", [], {"value": tensor([-1, cols]), "dtype": 3}))
        prev = f"c{i}"
    return _graph(nodes)


def test_memo_hits_match_running_the_functions():
    g = _blocks()
    state_mod._MEMO.clear()
    first = infer_shapes(g)
    assert state_mod._MEMO  # the pure ops were memoised
    second = infer_shapes(g)  # every pure node a hit now
    for n in g:
        assert first.outputs[n.name] == second.outputs[n.name]
    # SAME: 8 -> 8 -> 8 -> ceil(8/2) = 4 -> ceil(4/2) = 2 -> 2
    assert [second.of(f"c{i}") for i in range(5)] == [
        (1, 8, 8, 4), (1, 8, 8, 4), (1, 4, 4, 4), (1, 2, 2, 4), (1, 2, 2, 4)]
    # Shape values come from the memo too: equal inputs and attrs, equal values
    assert second.value("s2").tolist() == [1, 4, 4, 4]
    assert second.value("s4").tolist() == [1, 2, 2, 4]
    # Reshape to (-1, cols): 1*8*8*4 = 256 elements -> (64, 4), (32, 8); 1*4*4*4 = 64 -> (4, 16);
    # 1*2*2*4 = 16 -> (1, 16), and the same input shape with another shape value -> (2, 8)
    assert [second.of(f"r{i}") for i in range(5)] == [(64, 4), (32, 8), (4, 16), (1, 16), (2, 8)]


def test_infer_node_is_the_engine_step():
    g = _blocks()
    st = ShapeState()
    for n in g.topological():
        out = st.infer_node(n)
        st.outputs[n.name] = tuple(out)
    ref = infer_shapes(g)
    assert st.outputs == ref.outputs
    assert st.values.keys() == ref.values.keys()
    assert ShapeState().infer_node(type(next(iter(g)))("q", "NoSuchOp")) is None


def test_count_memo_keeps_what_formulas_read():
    from macc.costs import count
    from macc.costs import engine as count_engine
    nodes = [("x", "Placeholder", [], {"shape": [2, 3], "dtype": 1}),
             ("y", "Placeholder", [], {"shape": [3, 5], "dtype": 1}),
             ("z", "Placeholder", [], {"shape": [5, 3], "dtype": 1})]
    for i in range(2):
        nodes.append((f"mm{i}", "MatMul", ["x", "y"], {"T": 1}))
        nodes.append((f"mt{i}", "MatMul", ["x", "z"], {"T": 1, "transpose_b": True}))
        # the same attrs and shapes; a control input more (TF's AddN counts every input entry)
        nodes.append((f"add{i}", "AddN", ["x", "x"] + (["^y"] if i else []), {"T": 1, "N": 2}))
    g = _graph(nodes)
    count_engine._MEMO.clear()
    shapes = infer_shapes(g)
    costs = {nc.node.name: nc.cost for nc in count(g, shapes)}
    # MatMul [2,3]x[3,5]: 2*5*(2*3-1) = 50 FLOPs, 2*3*5 = 30 MACCs, TF 2*30 = 60
    assert [(costs[f"mm{i}"].flops, costs[f"mm{i}"].tf_flops, costs[f"mm{i}"].maccs)
            for i in range(2)] == [(50, 60, 30)] * 2
    # transpose_b: [2,3] x [5,3]^T, the same numbers from another key
    assert costs["mt1"].flops == 50 and costs["mt1"].maccs == 30
    # AddN of two [2,3]: 6 FLOPs; TF 6*(entries-1): 6 with 2 entries, 12 with the control one
    assert (costs["add0"].flops, costs["add0"].tf_flops) == (6, 6)
    assert (costs["add1"].flops, costs["add1"].tf_flops) == (6, 12)
    assert count_engine._MEMO  # the repeated nodes went through the memo


def test_no_memo_functions_always_run(monkeypatch):
    from macc.shapes import SHAPE_FNS, shape_fn
    from macc.shapes.registry import no_memo
    calls = []

    def counting(ctx):  # an op whose shape the test decides: (number of calls so far,)
        calls.append(ctx.node.name)
        return [(len(calls),)]

    g = _graph([("a", "MemoProbe", [], {"T": 1}), ("b", "MemoProbe", [], {"T": 1})])
    monkeypatch.setitem(SHAPE_FNS, "MemoProbe", counting)
    state_mod._MEMO.clear()
    state_mod._PURE.clear()
    s = infer_shapes(g)
    assert calls == ["a"] and s.of("b") == (1,)  # equal op, attrs, inputs: b is a's memo hit
    calls.clear()
    monkeypatch.setitem(SHAPE_FNS, "MemoProbe", no_memo(lambda ctx: counting(ctx)))
    s = infer_shapes(g)
    assert calls == ["a", "b"] and s.of("b") == (2,)
    with monkeypatch.context() as m:  # the decorator form registers and marks
        m.delitem(SHAPE_FNS, "MemoProbe")
        fn = shape_fn("MemoProbe", memo=False)(lambda ctx: [()])
        assert SHAPE_FNS["MemoProbe"] is fn and fn.macc_no_memo
