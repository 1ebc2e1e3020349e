"""Node sizes read from a binary GraphDef's wire format (macc.load.sniff.node_sizes): the shape
memo decides from them which constants are weights, so it never asks protobuf for a size
(ByteSize encodes the whole message: a transient copy of every weight)."""

import pathlib

import numpy as np
from gdbuild import FLOAT, add, const, dtype, new, placeholder, write

import macc
from macc.graph import Graph
from macc.load import load
from macc.load.sniff import node_sizes
from macc.shapes import infer_shapes
from macc.shapes.state import ShapeState

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def test_sizes_are_protobufs_on_every_graph_fixture():
    checked = 0
    for p in sorted(FIXTURES.glob("*.pb")):
        if p.name.endswith(".tfprof.pb"):  # TF's profiler output, not a graph
            continue
        loaded = load(str(p))
        if loaded.format != "graphdef":
            continue
        assert loaded.node_sizes == [nd.ByteSize() for nd in loaded.graph_def.node], p.name
        checked += 1
    assert checked > 100


def test_not_a_graphdef_or_cut_off():
    data = (FIXTURES / "seed_frozen.pb").read_bytes()
    assert node_sizes(data) is not None
    assert node_sizes(data[:-3]) is None  # the last field runs past the end
    assert node_sizes(b"\x0f\x01") is None  # wire type 7 does not exist
    assert node_sizes(b"") == []


def _dense_graph(tmp_path, k):
    # x[1,k] · W[k,8], W a real float weight of k*8*4 bytes
    gd = new()
    placeholder(gd, "x", [1, k])
    const(gd, "w", [k, 8], content=np.zeros(k * 8, np.float32).tobytes())
    add(gd, "y", "MatMul", ["x", "w"], T=dtype(FLOAT))
    return write(tmp_path, gd)


def test_a_weight_gets_no_memo_key(tmp_path):
    path = _dense_graph(tmp_path, 4096)  # W: 4096*8*4 = 131,072 bytes
    loaded = load(path)
    graph = Graph.from_graph_def(loaded.graph_def, node_sizes=loaded.node_sizes)
    assert graph["w"].size == loaded.graph_def.node[1].ByteSize() > 131_072
    state = ShapeState()
    state.infer_node(graph["x"])
    state.infer_node(graph["w"])
    assert state.last_attrs is None  # no key: the weight was never serialized
    # MatMul [1,4096]x[4096,8]: 1*8*(2*4096-1) = 65,528 flops, TF 2*1*8*4096 = 65,536
    r = macc.profile(path)
    assert (r.totals.flops, r.totals.tf_flops, r.totals.weights) == (65_528, 65_536, 32_768)


def test_big_weight_taken_at_its_declared_shape(tmp_path):
    # above 64 KB a whole weight's tensor_content is not read (that would copy it): its node's
    # size lies between the declared bytes and 64 KB more, and its shape counts: [100, 200]
    # float32 declares 80,000 bytes (a truncated one is an error: tests/test_errors.py)
    gd = new()
    const(gd, "w", [100, 200], content=b"\0" * 80_000)
    add(gd, "y", "Identity", ["w"], T=dtype(FLOAT))
    r = macc.profile(write(tmp_path, gd))
    assert r.totals.weights == 100 * 200
    assert infer_shapes(Graph.from_graph_def(load(write(tmp_path, gd)).graph_def)).of("y") == \
        (100, 200)


def test_a_weight_in_a_text_graph_gets_no_memo_key(tmp_path):
    # no wire format to read sizes from: the weight's declared dtype and shape rule it out
    from google.protobuf import text_format
    gd = load(_dense_graph(tmp_path, 4096)).graph_def
    path = tmp_path / "dense.pbtxt"
    path.write_text(text_format.MessageToString(gd))
    loaded = load(str(path))
    assert loaded.format == "graphdef-text" and loaded.node_sizes is None
    graph = Graph.from_graph_def(loaded.graph_def, node_sizes=loaded.node_sizes)
    state = ShapeState()
    state.infer_node(graph["x"])
    state.infer_node(graph["w"])
    assert graph["w"].size is None and state.last_attrs is None
    r = macc.profile(str(path))
    assert (r.totals.flops, r.totals.tf_flops) == (65_528, 65_536)  # as the binary graph
