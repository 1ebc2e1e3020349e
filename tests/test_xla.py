"""The XLA ops (macc/shapes/xla.py, macc/shapes/xla_tpu.py, macc/costs/xla.py): XlaDot(V2)'s
output from its serialized DotDimensionNumbers, XlaConv(V2) counted with an output size the
formula computes (TF's stays of unknown dims), the ops after them counted as TF counts them.
Fixtures (xla_*) are compared node by node with TF 2.21 in test_parity.py."""

import pytest
from gdbuild import add, const, new, placeholder

import macc
from conftest import FIXTURES, fixture_rows
from macc.costs import UNCOUNTED_OPS, ZERO_OPS
from macc.errors import MaccError
from macc.graph import Graph
from macc.proto import attr_value_pb2
from macc.shapes import infer_shapes

# DotDimensionNumbers {lhs_contracting: [1], rhs_contracting: [0]} on the wire (packed fields 1, 2)
MATMUL_DN = b"\x0a\x01\x01\x12\x01\x00"


def test_xla_fixtures_exist():
    assert len(sorted(FIXTURES.glob("xla_*.tfprof.json"))) == 5


def _dot_graph(m, k, n, dn=MATMUL_DN, k2=None):
    gd = new()
    placeholder(gd, "a", [m, k])
    placeholder(gd, "b", [k if k2 is None else k2, n])
    add(gd, "dot", "XlaDotV2", ["a", "b"], dimension_numbers=attr_value_pb2.AttrValue(s=dn),
        precision_config="", LhsT=1, RhsT=1, preferred_element_type=1)
    const(gd, "one", [], float_val=[1.0])
    add(gd, "add", "AddV2", ["dot", "one"])
    return gd


def test_dot_then_add_counted_as_tf():
    # the measured example: tf.add(xla.dot_general(m1[5,16], m2[16,9]), 1.0): TF imports [5, 9]
    # for the dot and counts the AddV2's 5·9 = 45
    rows = {r.name: r for r in macc.profile(_dot_graph(5, 16, 9)).nodes}
    assert rows["dot"].output_shapes == [[5, 9]]
    assert rows["add"].tf_flops == 45
    # the dot: 45 outputs, dot products of length 16: 45·(2·16−1) = 1395 exact, 45·16 = 720
    # MACCs; TF's profiler has no XlaDotV2 formula: 0
    assert (rows["dot"].flops, rows["dot"].maccs, rows["dot"].tf_flops) == (1395, 720, 0)


def test_dot_fixture_forms():
    rows = fixture_rows("xla_dots")
    # batched [2,3,4]·[3,4,5], batch lhs 1 / rhs 0, contracting lhs 2 / rhs 1: out [3, 2, 5]
    # (batch, lhs free, rhs free): 30·(2·4−1) = 210, 30·4 = 120 MACCs
    assert rows["XlaDotV2_1"].output_shapes == [[3, 2, 5]]
    assert (rows["XlaDotV2_1"].flops, rows["XlaDotV2_1"].maccs) == (210, 120)
    # no contracting dims (an outer product [2,16]x[5]): 160 products, 1 flop and 1 MACC each
    assert (rows["XlaDotV2_2"].flops, rows["XlaDotV2_2"].maccs) == (160, 160)
    # contracting lhs 0 of [16,7] with rhs 1 of [2,16]: out [7, 2], 14·31 = 434
    assert rows["XlaDotV2_3"].output_shapes == [[7, 2]] and rows["XlaDotV2_3"].flops == 434


def test_conv_output_computed_by_the_formula():
    rows = fixture_rows("xla_convs")
    # TF 2.21 keeps only the rank: the Mul after it is incomplete in TF and in macc
    assert rows["XlaConvV2"].output_shapes == [[None, None, None, None]]
    # 3x3 conv 2x8x8x3 -> 4 SAME (padding [[1,1],[1,1]]): out 2·8·8·4 = 512, K = 27:
    # 512·(2·27−1) = 27136 exact, 512·27 = 13824 MACCs, TF 0
    r = rows["XlaConvV2"]
    assert (r.flops, r.maccs, r.tf_flops) == (27136, 13824, 0)
    # stride 2, rhs dilation 2 (kernel spans 5), VALID: (8−5)//2+1 = 2 -> 2·2·2·4 = 32 outputs,
    # 32·53 = 1696, 32·27 = 864
    assert (rows["XlaConv"].flops, rows["XlaConv"].maccs) == (1696, 864)
    # NCHW [2,4,6,6], OIHW [8,2,3,3], 2 groups, lhs dilation [2,1], padding [[1,1],[0,2]]:
    # H (6−1)·2+1+2 = 13 -> 11, W 6+2 = 8 -> 6: out 2·8·11·6 = 1056, K = 2·9 = 18:
    # 1056·35 = 36960, 1056·18 = 19008
    assert (rows["XlaConvV2_1"].flops, rows["XlaConvV2_1"].maccs) == (36960, 19008)


def test_jax2tf_like_chain():
    rows = fixture_rows("xla_jaxchain")
    # XlaDotV2 [2,16]x[16,64]: 128·31 = 3968; its bias add 128 (TF too)
    assert (rows["XlaDotV2"].flops, rows["add"].tf_flops) == (3968, 128)
    # conv [2,4,4,4] 3x3 -> 8 SAME: 2·4·4·8 = 256 outputs, K = 36: 256·71 = 18176
    assert rows["XlaConvV2"].flops == 18176
    # the reduce window is sized (rank only) and unsupported; the pad of unknown dims is zero;
    # the dynamic slice takes its constant sizes: [1,3,3,8], the add after it 72 in TF too
    assert rows["XlaReduceWindow"].status == "unsupported"
    assert rows["XlaDynamicSlice"].output_shapes == [[1, 3, 3, 8]]
    assert rows["add_1"].tf_flops == 72
    report = macc.profile(str(FIXTURES / "xla_jaxchain.pb"))
    assert report.totals.tf_flops == 272  # TF 2.21's profiler (the fixture record)
    assert report.unsupported == {"XlaReduceWindow": 1}


def test_pad_and_slices_from_values():
    rows = fixture_rows("xla_pads")
    # [2,5,3], low [0,1,2], high [1,0,-1], interior [0,2,1]: 2+0+1 = 3, 5+1+0+2·4 = 14,
    # 3+2−1+1·2 = 6
    assert rows["XlaPad"].output_shapes == [[3, 14, 6]]
    assert rows["XlaPad_1"].output_shapes == [[None, None, None]]  # non-constant paddings
    assert rows["XlaDynamicSlice"].output_shapes == [[1, 2, 3]]


def test_classes():
    assert {"XlaPad", "XlaDynamicSlice", "XlaGather", "XlaSharding", "XlaSplitND"} <= ZERO_OPS
    assert {"XlaReduce", "XlaReduceWindow", "XlaScatter", "XlaSort", "XlaCallModule", "XlaIf",
            "XlaWhile", "XlaCustomCallV2", "XlaSvd"} <= UNCOUNTED_OPS


def test_bad_dimension_numbers_bytes():
    # a length-delimited field 1 claiming 5 bytes where 1 follows
    gd = _dot_graph(5, 16, 9, dn=b"\x0a\x05\x01")
    with pytest.raises(MaccError, match=r"node 'dot'.*cannot parse attr 'dimension_numbers'"):
        infer_shapes(Graph.from_graph_def(gd), {}, None)


def test_bad_dot_and_pad_inputs():
    with pytest.raises(MaccError, match=r"node 'dot'.*contracting dimension 0 .* differs: 16 vs 15"):
        infer_shapes(Graph.from_graph_def(_dot_graph(5, 16, 9, k2=15)), {}, None)
    gd = _dot_graph(5, 16, 9, dn=b"\x0a\x01\x03\x12\x01\x00")  # lhs dim 3 of a rank-2 lhs
    with pytest.raises(MaccError, match=r"node 'dot'.*dimension 3 is out of range for rank 2"):
        infer_shapes(Graph.from_graph_def(gd), {}, None)
    gd = new()
    placeholder(gd, "x", [2, 3])
    placeholder(gd, "v", [2])
    const(gd, "p", [2], dt=3, int_val=[0, 1])
    add(gd, "pad", "XlaPad", ["x", "v", "p", "p", "p"])
    with pytest.raises(MaccError, match=r"node 'pad'.*padding_value must be a scalar"):
        infer_shapes(Graph.from_graph_def(gd), {}, None)


def test_bad_conv_rank_in_formula():
    gd = new()
    placeholder(gd, "x", [2, 8, 8, 3])
    placeholder(gd, "w", [3, 3, 4])
    const(gd, "s", [2], dt=3, int_val=[1, 1])
    const(gd, "one", [], dt=3, int_val=[1])
    add(gd, "conv", "XlaConvV2", ["x", "w", "s", "s", "s", "s", "one"], dimension_numbers="",
        precision_config="")
    with pytest.raises(MaccError, match=r"node 'conv'.*same rank"):
        macc.profile(gd)
