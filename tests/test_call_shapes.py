"""Call nodes' output shapes through the called function's body (macc.shapes.calls), as TF 2.21
infers them at import.

tests/fixtures/sweep_grouped*.pb: frozen Keras models whose grouped / depthwise Conv2D runs in a
``jit_compile`` function, so a ``StatefulPartitionedCall`` feeds the counted BiasAdd and the rest
of the model; sweep_tf1_calls_b1.pb: a TF1 graph calling tf.functions. Their TF parity (every
node, the total) is checked by tests/test_parity.py; here, the pieces.
"""

import macc
from conftest import FIXTURES
from macc.graph import Graph
from macc.load import load
from macc.shapes import infer_shapes
from macc.shapes.calls import CallShapes, call_output_shapes


def _library(name):
    return load(str(FIXTURES / name)).graph_def.library


def _functions(library):
    return sorted(f.signature.name for f in library.function)


def test_grouped_conv_body_gives_the_output_shape():
    lib = _library("sweep_grouped_b1.pb")
    first, second = _functions(lib)
    # Conv2D(8, 3, groups=2, padding="same") on [1,8,8,4]: filter [3,3,4/2,8] -> [1,8,8,8]
    assert call_output_shapes(lib, first, [(3, 3, 2, 8), (1, 8, 8, 4)]) == [(1, 8, 8, 8)]
    # Conv2D(8, 3, groups=8, strides=2) VALID on [1,8,8,8]: (8-3)//2+1 = 3 -> [1,3,3,8]
    assert call_output_shapes(lib, second, [(3, 3, 1, 8), (1, 8, 8, 8)]) == [(1, 3, 3, 8)]
    # an unknown batch stays unknown; an input of unknown rank still leaves Conv2D rank 4 with
    # the filter's output channels (TF's conv shape function does the same)
    assert call_output_shapes(lib, first, [(3, 3, 2, 8), (None, 8, 8, 4)]) == [(None, 8, 8, 8)]
    assert call_output_shapes(lib, first, [(3, 3, 2, 8), None]) == [(None, None, None, 8)]


def test_unknown_function_or_arity_is_not_inferred():
    lib = _library("sweep_grouped_b1.pb")
    assert call_output_shapes(lib, "no_such_function", [(1,)]) is None
    assert call_output_shapes(lib, _functions(lib)[0], [(1, 8, 8, 4)]) is None  # takes 2 inputs


def test_each_distinct_call_is_inferred_once():
    lib = _library("sweep_grouped_b1.pb")
    calls = CallShapes(lib)
    first = _functions(lib)[0]
    body = calls._body(first, [(3, 3, 2, 8), (1, 8, 8, 4)], None)
    assert calls._body(first, [(3, 3, 2, 8), (1, 8, 8, 4)], None) is body
    calls.output_shapes(first, [(3, 3, 2, 8), (1, 8, 8, 4)])
    calls.body_cost(first, [(3, 3, 2, 8), (1, 8, 8, 4)])
    assert len(calls._cache) == 1


def test_the_engine_sizes_call_outputs():
    loaded = load(str(FIXTURES / "sweep_grouped_b1.pb"))
    graph = Graph.from_graph_def(loaded.graph_def)
    assert graph.library is not None
    shapes = infer_shapes(graph)
    calls = [n for n in graph if n.op == "StatefulPartitionedCall"]
    assert calls and all(shapes.of(n.name) is not None for n in calls)
    r = macc.profile(str(FIXTURES / "sweep_grouped_b1.pb"))
    row = {n.name: n for n in r.nodes}["functional_1/conv2d_1/BiasAdd"]
    # the BiasAdd after the grouped conv's call: 1·8·8·8 = 512, as TF counts it
    assert (row.status, row.tf_flops) == ("counted", 512)
    # TF's profiler never counts a call (it does not visit function bodies)
    assert all(n.tf_flops == 0 for n in r.nodes if n.op == "StatefulPartitionedCall")


def test_call_flops_and_maccs_are_the_bodys():
    r = macc.profile(str(FIXTURES / "sweep_grouped_b1.pb"))
    rows = {n.name: n for n in r.nodes}
    first = rows["functional_1/conv2d_1/StatefulPartitionedCall"]
    # Conv2D(8, 3x3, groups=2) SAME on [1,8,8,4]: K = 3*3*(4/2) = 18 per output, 1*8*8*8 = 512
    # outputs: maccs 512*18 = 9216, exact 512*(2*18-1) = 17920; TF counts the call as 0
    assert (first.status, first.flops, first.maccs, first.tf_flops) == ("counted", 17920, 9216, 0)
    second = rows["functional_1/conv2d_1_2/StatefulPartitionedCall"]
    # Conv2D(8, 3x3, groups=8, stride 2) VALID on [1,8,8,8] -> [1,3,3,8]: K = 3*3*1 = 9,
    # 72 outputs: maccs 72*9 = 648, exact 72*(2*9-1) = 1224
    assert (second.flops, second.maccs, second.tf_flops) == (1224, 648, 0)
    assert second.formula.startswith("body of ")
    assert "StatefulPartitionedCall" not in r.unsupported


def test_call_with_unknown_shapes_inside_is_unknown_not_unsupported():
    # the same model traced at an unknown batch: its bodies' convolutions have no known size, so
    # the calls are of unknown shape (not unsupported: every op in them has a formula), and
    # --batch 1 counts them as test_call_flops_and_maccs_are_the_bodys does
    r = macc.profile(str(FIXTURES / "sweep_grouped.pb"))
    calls = [n for n in r.nodes if n.op == "StatefulPartitionedCall"]
    assert [(n.status, n.flops, n.tf_flops) for n in calls] == [("unknown_shape", 0, 0)] * 2
    assert calls[0].formula.endswith("shapes unknown inside")
    assert r.unsupported == {}
    r = macc.profile(str(FIXTURES / "sweep_grouped.pb"), batch=1)
    calls = [n for n in r.nodes if n.op == "StatefulPartitionedCall"]
    assert [(n.flops, n.maccs) for n in calls] == [(17920, 9216), (1224, 648)]


def _fn(library, prefix):
    return next(f for f in _functions(library) if f.startswith(prefix))


def test_a_captured_variables_handle_shape_reaches_the_body():
    # callshape_capture_b3 (tools/fixtures/call_shapes.py): capt(a) = a·w·2 with w a resource
    # variable [8,8] passed as the call's second input; TF passes the handle's shape into the body
    lib = _library("callshape_capture_b3.pb")
    capt = _fn(lib, "__inference_capt")
    assert call_output_shapes(lib, capt, [(3, 8), ()], None, [None, (8, 8)]) == [(3, 8)]
    # without the handle data the ReadVariableOp in the body is of unknown shape
    assert call_output_shapes(lib, capt, [(3, 8), ()]) == [(3, None)]
    # and the call's own flops are the body's: MatMul 3·8·(2·8−1) = 360, Mul 3·8 = 24
    r = macc.profile(str(FIXTURES / "callshape_capture_b3.pb"))
    rows = {n.name: n for n in r.nodes}
    call = rows["StatefulPartitionedCall"]
    assert (call.status, call.flops, call.maccs, call.tf_flops) == ("counted", 384, 192, 0)
    # outer(a) = capt(a) − 1: the handle goes one call further down: 384 + 3·8 = 408
    assert (rows["StatefulPartitionedCall_1"].flops, rows["after_outer"].tf_flops) == (408, 384)


def test_if_and_while_in_a_body_keep_their_output_shapes():
    # callshape_ctrl_in_body: functions traced for [None,8] called on [3,8]; the StatelessWhile
    # and StatelessIf in them declare output_shapes [?,8], which TF's shape functions return
    r = macc.profile(str(FIXTURES / "callshape_ctrl_in_body.pb"))
    rows = {n.name: n for n in r.nodes}
    assert rows["PartitionedCall"].output_shapes == [[None, 8]]  # the loop
    assert rows["PartitionedCall_1"].output_shapes == [[None, 8]]  # the cond
    assert rows["PartitionedCall_2"].output_shapes == [[3, 8]]  # the loop traced for [3,8]
    # the cond's body, counted: Sum 3·8−1 = 23, Greater 1, then the costlier branch of the If
    # (MatMul 3·8·(2·8−1) = 360 against a·3: 24), as an If at top level is counted: 384
    assert rows["PartitionedCall_1"].flops == 23 + 1 + 360
    # the loop's body: its While counted as at top level, one iteration on the loop inputs'
    # shapes: cond i < 4 (1) + body i + 1 (1), t·c on [3,8] (360), the loop counter + 1 (1)
    assert rows["PartitionedCall"].flops == 1 + 1 + 360 + 1


def test_a_function_calling_itself_is_not_inferred_forever():
    from macc.proto import function_pb2
    lib = function_pb2.FunctionDefLibrary()
    f = lib.function.add()
    f.signature.name = "f"
    f.signature.input_arg.add(name="a", type=1)
    f.signature.output_arg.add(name="out", type=1)
    nd = f.node_def.add(name="c", op="PartitionedCall", input=["a"])
    nd.attr["f"].func.name = "f"
    nd.attr["Tin"].list.type.append(1)
    nd.attr["Tout"].list.type.append(1)
    f.ret["out"] = "c:output:0"
    calls = CallShapes(lib)
    # the inner call of f is not inferred through f again: its shape stays unknown
    assert calls.output_shapes("f", [(2,)]) == [None]
    # and its body cannot be counted (the inner call is left unsupported), without recursing
    assert calls.body_cost("f", [(2,)]) is None


def test_a_call_body_is_counted_with_its_constant_arguments():
    # fuzz_call_body_cost: g(n) = fill([n, 3], 1) @ ones([3, 2]), called with the constant 4.
    # The shape pass passes the value into the body (TF's _Arg of a constant), and the count
    # must too: MatMul [4,3]·[3,2] -> maccs 4*2*3 = 24, exact 4*2*(2*3-1) = 40; TF counts the
    # call as 0 and the Mul after it as 4*2 = 8 (its total in the fixture)
    r = macc.profile(str(FIXTURES / "fuzz_call_body_cost.pb"))
    call = next(n for n in r.nodes if n.op in ("PartitionedCall", "StatefulPartitionedCall"))
    assert (call.status, call.flops, call.maccs, call.tf_flops) == ("counted", 40, 24, 0)
    assert call.output_shapes == [[4, 2]]
    assert r.totals.tf_flops == 8
