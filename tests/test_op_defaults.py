"""OpDef defaults (macc/op_defaults.py, generated from TF's op registry): a node that leaves an attr
out reads TF's default for it, as TF's import fills it in. SavedModels and
``strip_default_attrs`` leave out every attr equal to its default, so stripping them from a graph
must change nothing macc reports."""

import gdbuild as gb
import pytest

from conftest import FIXTURES
from macc.api import profile_data
from macc.attrs import decode_attr, op_default
from macc.graph import Graph, Node
from macc.load import load
from macc.op_defaults import DEFAULTS
from macc.proto import graph_pb2
from macc.shapes import infer_shapes


def _at_default(graph_def):
    """(node, attr) of every attr equal to its OpDef default, top level and function bodies."""
    nodes = list(graph_def.node)
    for fn in graph_def.library.function:
        nodes.extend(fn.node_def)
    for nd in nodes:
        table = DEFAULTS.get(nd.op, {})
        for key in [k for k in nd.attr if k in table]:
            if decode_attr(nd.attr[key]) == table[key]:
                yield nd, key


def _strip(graph_def) -> int:
    """Drop every attr equal to its OpDef default; how many."""
    found = list(_at_default(graph_def))
    for nd, key in found:
        del nd.attr[key]
    return len(found)


# the graph fixtures holding an attr at its default (most; ~0.4 s to find them)
GRAPHS = sorted(p.name for p in FIXTURES.glob("*.pb") if not p.name.endswith(".tfprof.pb")
                and next(_at_default(load(str(p)).graph_def), None) is not None)


def _data(graph_def, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(graph_def.SerializeToString())
    return profile_data(str(path))


def test_most_fixtures_hold_attrs_at_their_default():
    assert len(GRAPHS) > 200  # 232 of 261 graph fixtures when written


def test_table_holds_what_tf_registers():
    # spot checks against TF's OpDefs (tensorflow/core/ops/nn_ops.cc, lookup_ops.cc, ...)
    assert DEFAULTS["Conv2D"]["data_format"] == "NHWC"
    assert DEFAULTS["Conv2D"]["dilations"] == [1, 1, 1, 1]
    assert DEFAULTS["MatMul"]["transpose_b"] is False
    assert DEFAULTS["FusedBatchNormV3"]["epsilon"] == pytest.approx(1e-4)
    assert DEFAULTS["BoostedTreesUpdateEnsembleV2"]["logits_dimension"] == 1
    assert DEFAULTS["MutableHashTableOfTensorsV2"]["value_shape"] == ()
    assert "padding" not in DEFAULTS["Conv2D"]  # required: no default
    assert DEFAULTS["DebugNumericSummary"]["upper_bound"] == float("inf")


def test_lookup_prefers_the_node_then_the_opdef_then_the_caller():
    conv = Node("c", "Conv2D", [], attrs={"data_format": "NCHW"})
    assert conv.attr("data_format", "NHWC") == "NCHW"
    assert conv.attr("dilations") == [1, 1, 1, 1]  # OpDef default over the caller's None
    assert conv.attr("no_such_attr", 7) == 7
    assert Node("f", "my_function", []).attr("T", 3) == 3  # not an op TF registers
    first = op_default("Conv2D", "dilations")
    first.append(9)  # a list handed out is the caller's own
    assert op_default("Conv2D", "dilations") == [1, 1, 1, 1]


def test_stripped_reduction_keeps_tf_default():
    # Sum without keep_dims: TF's default is false, so [2,3,4] summed over axis 1 is [2,4]
    g = gb.new()
    gb.placeholder(g, "x", [2, 3, 4])
    gb.const(g, "ax", [1], gb.INT32, int_val=[1])
    gb.add(g, "s", "Sum", ["x", "ax"], T=gb.dtype(gb.FLOAT), Tidx=gb.dtype(gb.INT32))
    graph = Graph.from_graph_def(g)
    assert "keep_dims" not in graph.nodes["s"].attrs
    assert infer_shapes(graph).outputs["s"] == ((2, 4),)


@pytest.mark.parametrize("name", GRAPHS)
def test_stripping_defaults_changes_nothing(name, tmp_path):
    loaded = load(str(FIXTURES / name))
    graph_def = graph_pb2.GraphDef()
    graph_def.CopyFrom(loaded.graph_def)
    whole = _data(graph_def, tmp_path, "whole.pb")
    assert _strip(graph_def)
    stripped = _data(graph_def, tmp_path, "stripped.pb")
    assert stripped.totals == whole.totals
    assert stripped.rows == whole.rows
    assert list(stripped.unsupported.items()) == list(whole.unsupported.items())
