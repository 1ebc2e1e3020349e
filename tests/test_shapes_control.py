"""v1 control flow, optimizer ops, and whole committed graphs against TF 2.21's own shapes."""

import pytest
from shapes_graph import G

from conftest import FIXTURES
from macc.errors import ShapeError
from macc.graph import Graph
from macc.load import load
from macc.shapes import SHAPE_FNS, infer_shapes


def _loop(invariant=False):
    """while i < 3: x = x + c, with i and x loop variables (or x a loop invariant)."""
    g = G().const("i0", 0).ph("x0", (None, 4)).const("lim", 3).const("c", [1.0] * 4)
    g.op("ei", "Enter", "i0", frame_name="w", is_constant=False)
    g.op("ex", "Enter", "x0", frame_name="w", is_constant=invariant)
    g.op("mi", "Merge", "ei", "ni", N=2).op("mx", "Merge", "ex", "nx", N=2)
    g.op("lim_e", "Enter", "lim", frame_name="w", is_constant=True)
    g.op("less", "Less", "mi", "lim_e").op("cond", "LoopCond", "less")
    g.op("si", "Switch", "mi", "cond").op("sx", "Switch", "mx", "cond")
    g.const("one", 1)
    g.op("bi", "Add", "si:1", "one").op("bx", "AddV2", "sx:1", "c")
    g.op("ni", "NextIteration", "bi").op("nx", "NextIteration", "bx")
    g.op("out", "Exit", "sx:0")
    return g


def test_v1_while_loop_back_edges():
    shapes = _loop().infer()
    # TF 2.21: a loop variable's Enter is unknown, so the whole loop is (and nothing crashes
    # on the Merge whose NextIteration input has not been seen yet)
    assert shapes.of("ex") is None and shapes.of("mx") is None and shapes.of("out") is None
    assert shapes.of("mi", 1) == ()  # value_index
    assert shapes.of("lim_e") == ()  # a loop invariant keeps its shape
    assert shapes.of("cond") == ()
    # x a loop invariant: Merge takes its known (Enter) input, the back edge is not ready yet
    shapes = _loop(invariant=True).infer()
    assert shapes.of("mx") == (None, 4) and shapes.of("sx", 1) == (None, 4)
    assert shapes.of("bx") == (None, 4) and shapes.of("out") == (None, 4)


def test_merge_relaxes_disagreeing_inputs():
    g = G().ph("a", (2, 3)).ph("b", (2, 5)).ph("c", (2, 3, 1))
    g.op("m", "Merge", "a", "b", N=2).op("m2", "Merge", "a", "c", N=2)
    shapes = g.infer()
    assert shapes.of("m") == (2, None)  # 3 vs 5 -> unknown
    assert shapes.of("m2") is None  # ranks differ
    with pytest.raises(ShapeError, match="pred must be a scalar"):
        G().ph("a", (2,)).ph("p", (2,), dtype=10).op("s", "Switch", "a", "p").infer()


def test_optimizer_ops():
    g = G().ph("v", (3, 4)).ph("lr", ()).ph("grad", (3, 4)).ph("m", (3, 4))
    g.op("sgd", "ApplyGradientDescent", "v", "lr", "grad")
    g.op("mom", "ApplyMomentum", "v", "m", "lr", "grad", "lr")
    g.op("h", "VarHandleOp", shape=(3, 4), dtype=1)
    g.op("rsgd", "ResourceApplyGradientDescent", "h", "lr", "grad")
    g.op("init", "VarIsInitializedOp", "h").op("vs", "VariableShape", "h")
    shapes = g.infer()
    assert shapes.of("sgd") == shapes.of("mom") == (3, 4)
    assert shapes.outputs["rsgd"] == ()
    assert shapes.of("init") == ()
    assert shapes.value("vs").tolist() == [3, 4]


# Nodes whose outputs have an unknown dim, counted by TF 2.21's import-time shape inference on
# the committed fixtures (tensor.shape of every op output after tf.compat.v1.import_graph_def)
TF_UNKNOWN_OUTPUTS = {
    "keras_efficientnetb0.pb": (2219, 544),
    "keras_inceptionv3.pb": (2216, 410),
    "keras_mobilenetv2.pb": (1052, 211),
    "keras_resnet50.pb": (1830, 286),
    "training_adam_dyn.pb": (454, 64),
    "chains_dynamic_mlp.pb": (19, 5),
}


@pytest.mark.parametrize("name", sorted(TF_UNKNOWN_OUTPUTS))
def test_fixture_graphs_match_tf_shape_inference(name):
    path = FIXTURES / name
    if not path.exists():
        pytest.fail(f"fixture {name} is missing")
    g = Graph.from_graph_def(load(str(path)).graph_def, source=str(path))
    shapes = infer_shapes(g)
    assert not [n.op for n in g if n.op not in SHAPE_FNS]
    outs = [s for n in g for s in shapes.outputs[n.name]]
    unknown = sum(1 for s in outs if s is None or None in s)
    assert (len(outs), unknown) == TF_UNKNOWN_OUTPUTS[name]


def test_keras_shape_chains():
    # TF 2.21 on keras_efficientnetb0.pb: the squeeze-excite Reshape(x, Pack(Shape(x)[0], 1, 1,
    # 32)) is [?,1,1,32]; inception's last concat is [?,8,8,2048]
    g = Graph.from_graph_def(load(str(FIXTURES / "keras_efficientnetb0.pb")).graph_def)
    shapes = infer_shapes(g)
    assert shapes.of("efficientnetb0_1/block1a_se_reshape_1/Reshape") == (None, 1, 1, 32)
    g = Graph.from_graph_def(load(str(FIXTURES / "keras_inceptionv3.pb")).graph_def)
    assert infer_shapes(g).of("inception_v3_1/mixed10_1/concat") == (None, 8, 8, 2048)


def _lists():
    # lists declared with an unknown first dim (-1), as a Keras RNN declares them
    g = G().ph("x", (5, 1, 4)).const("es4", [-1, 4]).const("es6", [-1, 6]).const("n", 5)
    g.const("i", 0).ph("h", (1, 6)).ph("h2", (2, 6))
    g.op("fl", "TensorListFromTensor", "x", "es4")
    g.op("get", "TensorListGetItem", "fl", "i", "es4")
    g.op("res", "TensorListReserve", "es6", "n")  # elements [?,6] as declared
    g.op("get0", "TensorListGetItem", "res", "i", "es6")
    g.op("set", "TensorListSetItem", "res", "i", "h")
    g.op("idn", "IdentityN", "set", "x")  # the handle passes through (an inlined call/loop)
    g.op("st", "TensorListStack", "idn", "es6", num_elements=5)
    g.op("set2", "TensorListSetItem", "set", "i", "h2")
    g.op("st2", "TensorListStack", "set2", "es6")
    g.op("push", "TensorListPushBack", "fl", "h")
    g.op("get2", "TensorListGetItem", "push", "i", "es4")
    return Graph(g.nodes)


def test_tensor_lists_keep_their_declared_element_shape_as_tf_does():
    # TF 2.21's import: TensorListFromTensor's handle is its element_shape input alone, and a
    # write leaves the handle as declared (a list reserved [?,5] and set with [4,5] reads [?,5])
    shapes = infer_shapes(_lists())
    assert shapes.of("fl") == () and shapes.of("get") == (None, 4)
    assert shapes.of("get0") == (None, 6)
    assert shapes.of("st") == (5, None, 6)
    assert shapes.of("st2") == (None, None, 6)
    assert shapes.of("get2") == (None, 4)


def test_inlined_loops_refine_their_tensor_lists():
    # refine_lists (loops macc inlined from a SavedModel): a list made from a tensor merges in
    # its dims, and writes refine the element shape
    shapes = infer_shapes(_lists(), refine_lists=True)
    assert shapes.of("get") == (1, 4)  # the tensor's dims 1..
    assert shapes.of("get0") == (None, 6)  # read before any write: as declared
    assert shapes.of("st") == (5, 1, 6)  # the [1,6] write
    assert shapes.of("st2") == (None, None, 6)  # a [2,6] write too: the dim differs
    assert shapes.of("get2") == (1, 4)  # [1,6] pushed on [1,4] elements: 4 vs 6 unknown, then
    # merged with the element_shape input [-1,4]


def test_switch_n_forwards_the_data_to_every_branch():
    # _SwitchN (a lowered tf.switch_case): num_outs copies of the data's shape, the index a scalar
    g = G().ph("x", (2, 8)).ph("i", (), dtype=3).op("s", "_SwitchN", "x", "i", num_outs=3, T=1)
    shapes = g.infer()
    assert [shapes.of("s", p) for p in range(3)] == [(2, 8)] * 3
    with pytest.raises(ShapeError, match="output_index must be a scalar"):
        G().ph("x", (2,)).ph("i", (2,), dtype=3).op("s", "_SwitchN", "x", "i", num_outs=2, T=1).infer()


def test_while_output_shapes_as_declared():
    # TF's While: a non-empty output_shapes is taken as declared (unknown rank stays unknown,
    # as tf.nn.ctc_loss's loops declare); an empty one gives the inputs' shapes
    def loop(declared):
        g = G().ph("a", (2, 3)).ph("b", (4,))
        return g.op("w", "While", "a", "b", T=[1, 1], output_shapes=declared, cond="c", body="b").infer()
    shapes = loop([None, (None,)])
    assert shapes.of("w", 0) is None and shapes.of("w", 1) == (None,)
    shapes = loop([])
    assert shapes.of("w", 0) == (2, 3) and shapes.of("w", 1) == (4,)
