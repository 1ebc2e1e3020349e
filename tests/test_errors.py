"""Bad graphs get one clear line naming the file, the node and its op; never a traceback.

Each test builds the smallest GraphDef showing one fault, writes it to a file and asserts the
exact message ``macc.profile`` raises (the CLI prints the same line after ``macc: error: ``).
"""

import pytest
from gdbuild import FLOAT, INT32, add, const, dtype, new, placeholder, shape, write

import macc


def profile_error(tmp_path, gd, cls=macc.MaccError, **kw) -> str:
    path = write(tmp_path, gd)
    with pytest.raises(cls) as info:
        macc.profile(path, **kw)
    msg = str(info.value)
    assert "\n" not in msg
    return msg.replace(path, "PATH")


# --- graph structure -----------------------------------------------------------------------


def test_duplicate_node_name(tmp_path):
    gd = new()
    placeholder(gd, "x", [2])
    add(gd, "a", "Identity", ["x"])
    add(gd, "a", "Relu", ["x"])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'a' (Relu): duplicate node name"


def test_empty_node_name(tmp_path):
    gd = new()
    add(gd, "", "Relu")
    # a nameless node is not a plausible GraphDef at all
    assert "is not a GraphDef" in profile_error(tmp_path, gd, macc.FormatError)


def test_input_names_missing_node(tmp_path):
    gd = new()
    placeholder(gd, "x", [2])
    add(gd, "y", "Relu", ["nope"])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'y' (Relu): input 'nope:0' names a node that does not exist"


def test_control_input_names_missing_node(tmp_path):
    gd = new()
    placeholder(gd, "x", [2])
    add(gd, "y", "Identity", ["x", "^gone"])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'y' (Identity): control input '^gone' names a node that does not exist"


def test_input_names_missing_port(tmp_path):
    gd = new()
    placeholder(gd, "x", [1, 4])
    add(gd, "y", "Identity", ["x:5"])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'y' (Identity): input 'x:5' names output 5 of 'x' (Placeholder), which has 1 output"


def test_data_input_from_node_without_outputs(tmp_path):
    gd = new()
    add(gd, "init", "NoOp")
    add(gd, "y", "Identity", ["init"])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'y' (Identity): input 'init:0' names output 0 of 'init' (NoOp), which has 0 outputs"


@pytest.mark.parametrize("order", [("down", "a", "b"), ("a", "b", "down"), ("b", "down", "a")])
def test_cycle_names_a_node_on_the_cycle(tmp_path, order):
    # a -> b -> a is the cycle; 'down' hangs below it and must never be the one named
    gd = new()
    placeholder(gd, "x", [2])
    inputs = {"down": ["a"], "a": ["b", "x"], "b": ["a"]}
    for name in order:
        add(gd, name, "Identity" if name != "a" else "AddV2", inputs[name])
    msg = profile_error(tmp_path, gd, macc.GraphError)
    assert msg in (
        "PATH: node 'a' (AddV2): is on a cycle that is not a v1 while loop (no NextIteration on "
        "it): a -> b -> a",
        "PATH: node 'b' (Identity): is on a cycle that is not a v1 while loop (no NextIteration on "
        "it): b -> a -> b")


def test_self_loop_and_control_cycle(tmp_path):
    gd = new()
    add(gd, "s", "Identity", ["s"])
    assert profile_error(tmp_path, gd, macc.GraphError).endswith(": s -> s")
    gd = new()
    add(gd, "p", "NoOp", ["^q"])
    add(gd, "q", "NoOp", ["^p"])
    msg = profile_error(tmp_path, gd, macc.GraphError)
    assert msg.endswith(("p -> q -> p", "q -> p -> q")), msg


def v1_while_loop():
    """i = 0; x = X; while i < 10: i += 1; x = x @ W  -- as TF 1.x's control flow writes it."""
    gd = new()
    placeholder(gd, "x", [4, 4])
    placeholder(gd, "w", [4, 4])
    const(gd, "i0", [], INT32, int_val=[0])
    const(gd, "ten", [], INT32, int_val=[10])
    const(gd, "one", [], INT32, int_val=[1])
    add(gd, "loop/enter_i", "Enter", ["i0"], frame_name="loop")
    add(gd, "loop/enter_x", "Enter", ["x"], frame_name="loop")
    add(gd, "loop/enter_w", "Enter", ["w"], frame_name="loop", is_constant=True)
    add(gd, "loop/merge_i", "Merge", ["loop/enter_i", "loop/next_i"])
    add(gd, "loop/merge_x", "Merge", ["loop/enter_x", "loop/next_x"])
    add(gd, "loop/less", "Less", ["loop/merge_i", "ten"])
    add(gd, "loop/cond", "LoopCond", ["loop/less"])
    add(gd, "loop/switch_i", "Switch", ["loop/merge_i", "loop/cond"])
    add(gd, "loop/switch_x", "Switch", ["loop/merge_x", "loop/cond"])
    add(gd, "loop/body_i", "Identity", ["loop/switch_i:1"])
    add(gd, "loop/body_x", "Identity", ["loop/switch_x:1"])
    add(gd, "loop/add", "AddV2", ["loop/body_i", "one"])
    add(gd, "loop/matmul", "MatMul", ["loop/body_x", "loop/enter_w"])
    add(gd, "loop/next_i", "NextIteration", ["loop/add"])
    add(gd, "loop/next_x", "NextIteration", ["loop/matmul"])
    add(gd, "loop/exit_x", "Exit", ["loop/switch_x"])
    add(gd, "y", "Identity", ["loop/exit_x"])
    return gd


def test_v1_while_loop_is_fine(tmp_path):
    gd = v1_while_loop()
    r = macc.profile(write(tmp_path, gd))
    names = [row.name for row in r.nodes]
    assert names == [n.name for n in gd.node]  # every node, in file order
    graph = macc.graph.Graph.from_graph_def(gd)
    order = [n.name for n in graph.topological()]
    assert len(order) == len(gd.node)
    for before, after in [("loop/merge_x", "loop/switch_x"), ("loop/switch_x", "loop/matmul"),
                          ("loop/matmul", "loop/next_x"), ("loop/exit_x", "y")]:
        assert order.index(before) < order.index(after)


# --- tensors and dims ----------------------------------------------------------------------


def test_huge_constant_allocates_nothing(tmp_path):
    import tracemalloc
    big = 2 ** 62
    gd = new()
    const(gd, "c", [big, big])
    const(gd, "ci", [big, big], INT32)
    add(gd, "mm", "MatMul", ["c", "c"])
    path = write(tmp_path, gd)
    tracemalloc.start()
    try:
        r = macc.profile(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2 ** 20
    mm = next(row for row in r.nodes if row.name == "mm")
    assert mm.output_shapes == [[big, big]]
    # m·n·(2k−1) and m·n·k with m = n = k = 2^62: Python ints, exact
    assert mm.flops == big * big * (2 * big - 1)
    assert mm.maccs == big ** 3
    assert r.totals.weights == big * big  # the float constant feeds mm; the int one feeds nothing


def test_negative_dim_in_constant(tmp_path):
    gd = new()
    const(gd, "c", [3, -5])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'c' (Const): tensor has a negative dim in shape [3, -5]"


def test_negative_dim_in_placeholder_shape(tmp_path):
    gd = new()
    placeholder(gd, "x", [1, -7])
    expected = "PATH: node 'x' (Placeholder): shape [1, -7] has a negative dim other than -1 (unknown)"
    assert profile_error(tmp_path, gd, macc.GraphError) == expected
    assert profile_error(tmp_path, gd, macc.GraphError, batch=2) == expected


def test_minus_one_is_an_unknown_dim(tmp_path):
    gd = new()
    placeholder(gd, "x", [-1, 3])
    add(gd, "y", "Identity", ["x"])
    r = macc.profile(write(tmp_path, gd), batch=5)
    assert r.nodes[1].output_shapes == [[5, 3]]


def test_tensor_content_length_disagrees_with_shape(tmp_path):
    gd = new()
    const(gd, "w", [100, 100], content=b"\0" * 12)  # a big float weight: never decoded, still checked
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'w' (Const): tensor_content has 12 bytes, shape [100, 100] of float32 needs 40000"


def test_more_values_than_elements(tmp_path):
    gd = new()
    const(gd, "c", [2], INT32, int_val=[1, 2, 3, 4, 5])
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'c' (Const): tensor has 5 values, shape [2] holds 2"


# --- attrs of the wrong rank, length or value ----------------------------------------------


def conv_graph(x_dims, f_dims, **attrs):
    gd = new()
    placeholder(gd, "x", x_dims)
    placeholder(gd, "f", f_dims)
    a = {"strides": [1, 1, 1, 1], "padding": "SAME"}
    a.update(attrs)
    add(gd, "conv", "Conv2D", ["x", "f"], **a)
    return gd


CONV_CASES = {
    "filter_rank_3": (([1, 8, 8, 3], [3, 3, 3]), {}, "filter input has rank 3, expected 4"),
    "strides_len_3": (([1, 8, 8, 3], [3, 3, 3, 4]), {"strides": [1, 1, 1]},
                      "attr 'strides' has length 3, expected 4"),
    "strides_len_0": (([1, 8, 8, 3], [3, 3, 3, 4]), {"strides": []},
                      "attr 'strides' has length 0, expected 4"),
    "stride_zero": (([1, 8, 8, 3], [3, 3, 3, 4]), {"strides": [1, 0, 1, 1]},
                    "stride 0 and dilation 1 must be at least 1"),
    "unknown_padding": (([1, 8, 8, 3], [3, 3, 3, 4]), {"padding": "FOO"},
                        "unknown padding 'FOO' (expected SAME, VALID or EXPLICIT)"),
    "channels": (([1, 8, 8, 5], [3, 3, 3, 4]), {},
                 "input has 5 channels, the filter [3,3,3,4] expects a multiple of 3"),
    "input_rank_2": (([8, 3], [3, 3, 3, 4]), {}, "input has rank 2, expected 4"),
    "data_format": (([1, 8, 8, 3], [3, 3, 3, 4]), {"data_format": "HWNC"},
                    "unknown data_format 'HWNC'"),
    "window_too_big": (([1, 2, 2, 3], [5, 5, 3, 4]), {"padding": "VALID"},
                       "window 5 (dilation 1) is larger than the padded input 2"),
}


@pytest.mark.parametrize("case", sorted(CONV_CASES))
def test_conv2d_bad_attrs(tmp_path, case):
    (x, f), attrs, detail = CONV_CASES[case]
    assert profile_error(tmp_path, conv_graph(x, f, **attrs), macc.ShapeError) == \
        f"PATH: node 'conv' (Conv2D): {detail}"


def test_matmul_inner_dims(tmp_path):
    gd = new()
    placeholder(gd, "a", [2, 3])
    placeholder(gd, "b", [4, 5])
    add(gd, "mm", "MatMul", ["a", "b"])
    assert profile_error(tmp_path, gd, macc.ShapeError) == \
        "PATH: node 'mm' (MatMul): inner dims differ: a [2,3] · b [4,5]: 3 vs 4"


def test_unknown_ops_are_listed_not_errors(tmp_path):
    gd = new()
    placeholder(gd, "x", [2, 3])
    add(gd, "u1", "MyCustomOp", ["x"])
    add(gd, "u2", "MyCustomOp", ["u1"])
    add(gd, "v", "OtherCustomOp", ["u2"])
    r = macc.profile(write(tmp_path, gd))
    assert r.unsupported == {"MyCustomOp": 2, "OtherCustomOp": 1}
    assert [row.status for row in r.nodes] == ["zero", "unsupported", "unsupported", "unsupported"]
    assert all(row.flops == 0 for row in r.nodes)
    assert "3 nodes of unsupported ops counted as 0: MyCustomOp ×2, OtherCustomOp ×1" in r.warnings


def test_one_node_warnings_read_in_the_singular(tmp_path):
    # x [?,4]·w [4,2]: the MatMul's shape is incomplete (TF skips it, macc's flops are
    # unknown), and one op macc does not know
    gd = new()
    placeholder(gd, "x", [-1, 4])
    const(gd, "w", [4, 2], float_val=[1.0])
    add(gd, "mm", "MatMul", ["x", "w"], T=dtype(FLOAT))
    add(gd, "u", "MyCustomOp", ["mm"])
    w = macc.profile(write(tmp_path, gd)).warnings
    assert "1 node of unsupported ops counted as 0: MyCustomOp ×1" in w
    assert any(x.startswith("1 node has unknown shapes: its flops and maccs count 0") for x in w)
    assert any(x.startswith("1 node has tf_flops 0: TF's profiler skips it for incomplete shapes")
               for x in w)


def test_unknown_rank_shape_attr_is_fine(tmp_path):
    gd = new()
    add(gd, "x", "Placeholder", shape=shape([], unknown_rank=True))
    add(gd, "y", "Identity", ["x"])
    r = macc.profile(write(tmp_path, gd))
    assert r.nodes[1].output_shapes == [None]


def test_impossible_reshape(tmp_path):
    gd = new()
    placeholder(gd, "x", [2, 3, 4, 5])
    const(gd, "to", [2], INT32, int_val=[7, 11])
    add(gd, "r", "Reshape", ["x", "to"])
    assert profile_error(tmp_path, gd, macc.ShapeError) == \
        "PATH: node 'r' (Reshape): cannot reshape [2,3,4,5] (120 elements) to [7,11]"


def test_reshape_to_a_shape_of_absurd_rank(tmp_path):
    # the shape input is a (never decoded) vector of 2^62 entries: no tuple of 2^62 dims is built
    gd = new()
    placeholder(gd, "x", [4])
    const(gd, "to", [2 ** 62], INT32)
    add(gd, "r", "Reshape", ["x", "to"])
    assert profile_error(tmp_path, gd, macc.ShapeError) == (
        "PATH: node 'r' (Reshape): shape input has 4611686018427387904 entries, over TensorFlow's "
        "maximum rank of 254")


def test_strided_slice_spec_of_absurd_length(tmp_path):
    # found by tests/test_fuzz.py: the slice spec's length was a loop count (a hang)
    gd = new()
    placeholder(gd, "x", [4])
    const(gd, "begin", [2 ** 62], INT32, int_val=[1])
    const(gd, "end", [1], INT32, int_val=[0])
    const(gd, "strides", [1], INT32, int_val=[1])
    add(gd, "s", "StridedSlice", ["x", "begin", "end", "strides"])
    assert profile_error(tmp_path, gd, macc.ShapeError) == \
        "PATH: node 's' (StridedSlice): slice spec has 4611686018427387904 entries for a rank-1 input"


def test_big_weight_content_checked_by_the_nodes_size(tmp_path):
    # a [200, 200] float weight declares 160,000 bytes, over the 64 KB read unconditionally: the
    # node's size from the binary file says whether its content can be whole
    gd = new()
    const(gd, "w", [200, 200], content=b"\0" * 100)  # truncated: the node is ~130 bytes
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'w' (Const): tensor_content has 100 bytes, shape [200, 200] of float32 " \
        "needs 160000"
    gd = new()
    const(gd, "w", [200, 200], content=b"\0" * (160_000 + 70_000))  # 70 KB too long
    assert profile_error(tmp_path, gd, macc.GraphError) == \
        "PATH: node 'w' (Const): tensor_content has 230000 bytes, shape [200, 200] of float32 " \
        "needs 160000"
    gd = new()
    const(gd, "w", [200, 200])  # no values at all (a stripped weight): fine, sized by its shape
    add(gd, "y", "Identity", ["w"])
    r = macc.profile(write(tmp_path, gd))
    assert r.nodes[1].output_shapes == [[200, 200]] and r.totals.weights == 40_000
