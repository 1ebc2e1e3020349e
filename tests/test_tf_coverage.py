"""Every op type TF's profiler counts has a parity fixture where TF counted it (a nonzero number),
and each documented quirk has a fixture that pins it. The numbers themselves are checked by
test_parity.py; this file only makes sure nothing TF counts goes unchecked.
"""

import functools
import json

import pytest

from conftest import FIXTURES, tf_fixtures
from macc.costs import TF_COUNTED
from macc.graph import Graph
from macc.load import load

# The op types with a flops formula in TF 2.21 (../shared/TF_PROFILER.md, "The formulas"; checked
# against TF 2.21's registry: ops._stats_registry entries "<op>,flops"). 46 types. None of them
# counts only 0: each has a nonzero case below. Older TF (<= 2.1) lacked AddV2 and BatchMatMulV2.
TF_OPS = frozenset({
    "Reciprocal", "Square", "Log", "Neg", "AssignSub", "AssignAdd", "Rsqrt", "Softmax", "L2Loss",
    "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow", "Greater",
    "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual", "SquaredDifference", "RsqrtGrad",
    "Mean", "Sum", "ArgMax", "ArgMin", "BiasAddGrad", "AvgPool", "MaxPool", "AvgPoolGrad",
    "MaxPoolGrad", "Conv2DBackpropInput", "Conv2DBackpropFilter", "AddN", "MatMul", "BatchMatMul",
    "BatchMatMulV2", "BatchMatMulV3", "Conv2D", "Conv3D", "DepthwiseConv2dNative", "Dilation2D",
    "BiasAdd",
})

# TF's formula for these rejects any data_format but NHWC: such a node counts 0 and is
# "incomplete" (TF_PROFILER.md, quirks).
NHWC_ONLY = ("AvgPool", "MaxPool", "AvgPoolGrad", "MaxPoolGrad", "Conv2DBackpropInput",
             "Conv2DBackpropFilter")


@functools.cache
def _graph(path):
    loaded = load(str(FIXTURES / path))
    return Graph.from_graph_def(loaded.graph_def, source=loaded.source)


@functools.lru_cache(maxsize=1)
def _counted():
    """op type -> [(fixture, node, TF's number)] over every fixture, TF's nonzero nodes only."""
    out = {}
    for name, record in tf_fixtures():
        g = _graph(record["graph"])
        for node, flops in record["nodes"].items():
            out.setdefault(g[node].op, []).append((name, node, flops))
    return out


def test_list_is_the_46_of_tf_2_21():
    assert len(TF_OPS) == 46
    assert TF_OPS == TF_COUNTED  # macc's own list agrees with TF_PROFILER.md


@pytest.mark.parametrize("op", sorted(TF_OPS))
def test_op_has_a_nonzero_parity_fixture(op):
    hits = [h for h in _counted().get(op, []) if h[2] > 0]
    assert hits, f"no committed fixture where TF counts a {op} node (tools/fixtures/ops.py)"


def test_every_counted_op_is_a_tf_op():
    """Only TF's 46 ever get a number from TF's profiler (everything else counts 0)."""
    assert set(_counted()) <= TF_OPS


@pytest.mark.parametrize("op", NHWC_ONLY)
def test_nchw_instance_is_pinned_at_zero(op):
    record = json.loads((FIXTURES / f"ops_{op.lower()}.tfprof.json").read_text())
    g = _graph(record["graph"])
    nchw = [n.name for n in g if n.op == op and n.attr("data_format") in ("NCHW", b"NCHW")]
    assert nchw, f"ops_{op.lower()} has no NCHW {op}"
    assert not set(nchw) & set(record["nodes"])  # TF: 0 for every one of them
    assert record["incomplete"] >= len(nchw)


def _record(stem):
    return json.loads((FIXTURES / f"{stem}.tfprof.json").read_text())


def test_quirks_are_pinned():
    # BatchMatMul* ignore adj_x: [3,6,4]^T x [3,6,2] -> 2*4*(3*4*2) = 192, not 2*6*24 = 288
    for op in ("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3"):
        assert _record(f"ops_{op.lower()}")["nodes"][f"{op}_quirk"] == 192
    # AddN counts its control inputs: 2 data + 2 control entries -> N(in0)*(4-1), vs N(in0)*(2-1)
    addn = _record("ops_addn")["nodes"]
    assert addn["AddN_2_ctrl2"] == 3 * addn["AddN_2"]
    # L2Loss of a [0, 3] tensor is 3*0 - 1 = -1: dropped from the nodes and the total
    l2 = _record("ops_l2loss")
    assert "L2Loss_empty" not in l2["nodes"]
    assert l2["nodes"]["L2Loss_scalar"] == 2  # 3*1 - 1
    assert l2["total_float_ops"] == sum(l2["nodes"].values())
    # dtypes are never checked: int32 arithmetic and string concatenation count
    assert _record("ops_add")["nodes"]["Add_string"] > 0
    assert _record("ops_matmul")["nodes"]["MatMul_int"] == 2 * 5 * 3 * 2  # 60
