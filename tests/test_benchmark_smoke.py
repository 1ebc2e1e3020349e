"""The benchmark's graph generator at 10^3 nodes: macc reads what it writes (no timing here)."""

import importlib.util
import pathlib

import macc

_GEN = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "gen_graphs.py"
_spec = importlib.util.spec_from_file_location("gen_graphs", _GEN)
gen_graphs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_graphs)


def test_generated_graph_profiles(tmp_path):
    path = tmp_path / "g.pb"
    # 36 blocks of 28 nodes plus the input placeholder: 1 + 36*28 = 1009
    info = gen_graphs.generate(str(path), blocks=gen_graphs.blocks_for_nodes(1000), channels=16,
                               hw=8, weights=True)
    assert info["nodes"] == 1009
    r = macc.profile(str(path))
    assert len(r.nodes) == 1009
    assert r.nodes[0].name == "input" and r.nodes[0].output_shapes == [[1, 8, 8, 16]]
    # the constants feeding compute, per block: conv 3*3*16*16 = 2304, four batch-norm vectors
    # 4*16 = 64, depthwise 3*3*16 = 144, bias 16, fc 16*16 = 256 -> 2784; 36 blocks -> 100224
    assert r.totals.weights == 100224
    conv = next(n for n in r.nodes if n.name == "block_0/conv/Conv2D")
    assert conv.output_shapes == [[1, 8, 8, 16]]
    # 8*8*16 = 1024 outputs, K = 3*3*16 = 144: TF 2*1024*144 = 294912,
    # exact 1024*(2*144-1) = 293888, maccs 1024*144 = 147456
    assert (conv.tf_flops, conv.flops, conv.maccs) == (294912, 293888, 147456)
    assert r.by_op["Conv2D"].count == 36
    assert r.by_op["Const"].count == 36 * 14


def test_generated_graph_totals(tmp_path):
    path = tmp_path / "g.pb"
    gen_graphs.generate(str(path), blocks=36, channels=16, hw=8, weights=False)
    r = macc.profile(str(path))
    assert r.unsupported == {} and r.warnings == []
    # per block, n = 8*8*16 = 1024 activations (TF 2.21 reports the same per op, see below)
    tf = {op: s.tf_flops for op, s in r.by_op.items() if s.tf_flops}
    assert tf == {"Conv2D": 36 * 294912,  # 2*n*3*3*16
                  "DepthwiseConv2dNative": 36 * 18432,  # 2*n*3*3
                  "BiasAdd": 36 * 1024, "AddV2": 36 * 1024, "Mean": 36 * 1024,  # n each
                  "MatMul": 36 * 512,  # 2*16*16
                  "Softmax": 36 * 80}  # 5*16
    assert r.totals.tf_flops == 11412288
    # exact: conv n*(2*144-1) = 293888, depthwise n*(2*9-1) = 17408, MatMul 16*(2*16-1) = 496
    assert r.by_op["Conv2D"].flops == 36 * 293888
    assert r.by_op["DepthwiseConv2dNative"].flops == 36 * 17408
    assert r.by_op["MatMul"].flops == 36 * 496
    # MACCs: conv n*144 + depthwise n*9 + MatMul 16*16 = 147456 + 9216 + 256 = 156928 per block
    assert r.totals.maccs == 36 * 156928 == gen_graphs.expected(36, 16, 8)["maccs"]
    # shape-only constants hold the same weights as real ones
    assert r.totals.weights == 100224


def test_expected_numbers_are_tf_s():
    # the generator's hand-derived total, also what TF 2.21's profiler reported for this graph
    # (benchmarks/tf_profile.py): per block n = 8*8*16 = 1024; conv 2*n*9*16 = 294912,
    # depthwise 2*n*9 = 18432, BiasAdd, AddV2, Mean n each = 3072, MatMul 2*16*16 = 512,
    # Softmax 5*16 = 80 -> 317008 per block; 36 blocks -> 11412288
    assert gen_graphs.expected(36, 16, 8)["tf_flops"] == 11412288
