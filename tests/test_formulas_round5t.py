"""Ops of training graphs (macc/costs/train_ops.py, macc/shapes/train_ops.py and
tensor_arrays.py): numbers derived by hand; shapes of the v1/v2 TensorArray ops, which TF 2.21
builds only in an old GraphDef, checked against TF's shape functions (data_flow_ops.cc) by hand.
TF counts all of these ops 0."""

import numpy as np
from formula_helpers import cost, triple
from shapes_graph import G

from macc.costs import UNCOUNTED_OPS, ZERO_OPS


def test_fake_quant_gradients():
    # Args: 2 comparisons + the masked multiply per element: 3·2·6 = 36
    assert triple(cost("FakeQuantWithMinMaxArgsGradient", [(2, 6), (2, 6)], [(2, 6)])) == (36, 0, 0)
    # Vars: 7 per element (3 + below/above: compare and multiply each) = 84, two sums of 12
    # elements into a scalar: 2·11 = 22 -> 106
    outs = [(2, 6), (), ()]
    assert triple(cost("FakeQuantWithMinMaxVarsGradient", [(2, 6), (2, 6), (), ()], outs)) == (106, 0, 0)
    # per channel, 6 channels: sums of 12 elements into 6: 2·(12 − 6) = 12 -> 96
    ins = [(2, 6), (2, 6), (6,), (6,)]
    c = cost("FakeQuantWithMinMaxVarsPerChannelGradient", ins, [(2, 6), (6,), (6,)])
    assert c.flops == 96
    assert cost("FakeQuantWithMinMaxVarsGradient", [(None, 6)] * 2 + [(), ()], outs).flops is None


def test_fold_gradients():
    # MirrorPadGrad [2, 8, 9] -> [2, 5, 6]: each of 144 − 60 = 84 padded elements added once
    assert triple(cost("MirrorPadGrad", [(2, 8, 9), (3, 2)], [(2, 5, 6)])) == (84, 0, 0)
    # TileGrad of a [4, 12] tiling by multiples [2, 3]: 48 elements summed onto 48/6 = 8 (a
    # [2, 4] tensor): 40 adds (TF gives TileGrad no output shape: the count reads multiples)
    c = cost("TileGrad", [(4, 12), (2,)], [None], values=[None, np.array([2, 3])])
    assert triple(c) == (40, 0, 0)
    assert cost("TileGrad", [(4, 12), (2,)], [None], values=[None, None]).flops is None


def test_sparse_segment_gradients():
    # grad [3, 4] (3 segments), indices [0, 2, 2, 5, 1]: k = 5, U = 4 distinct rows, r = 4
    vals = [None, np.array([0, 2, 2, 5, 1]), np.array([0, 0, 1, 1, 2]), np.array(7)]
    ins = [(3, 4), (5,), (5,), ()]
    # Sum: one duplicate row added: (5 − 4)·4 = 4
    assert triple(cost("SparseSegmentSumGrad", ins, [(7, 4)], values=vals)) == (4, 0, 0)
    # Mean: + counting the 5 ids (5) + 3 reciprocals + 5·4 scalings = 4 + 5 + 3 + 20 = 32
    assert cost("SparseSegmentMeanGrad", ins, [(7, 4)], values=vals).flops == 32
    # SqrtN: a square root too per segment: 4 + 5 + 6 + 20 = 35; V2 the same arithmetic
    assert cost("SparseSegmentSqrtNGrad", ins, [(7, 4)], values=vals).flops == 35
    assert cost("SparseSegmentSqrtNGradV2", ins, [(None, 4), (None,)], values=vals).flops == 35
    # indices not constant: unknown
    assert cost("SparseSegmentSumGrad", ins, [(7, 4)], values=[None] * 4).flops is None


def test_lstm_block_cell_grad():
    # B = 2, H = 3: 22·6 = 132
    ins = [(2, 5), (2, 3), (2, 3), (8, 12), (3,), (3,), (3,), (12,)] + [(2, 3)] * 8
    outs = [(2, 3), (2, 12), (3,), (3,), (3,)]
    assert triple(cost("LSTMBlockCellGrad", ins, outs)) == (132, 0, 0)
    # peepholes: + 6·6 = 36, + three batch sums of products 3·(2·2 − 1)·3 = 27 -> 195
    assert cost("LSTMBlockCellGrad", ins, outs, {"use_peephole": True}).flops == 195


def test_gru_block_cell_grad():
    # B = 2, I = 5, H = 3, K = 8: 18·6 = 108; d_c̄·W_cᵀ: 16 dot products of length 3, 16·5 = 80;
    # [d_r̄ d_ū]·W_ruᵀ: 16 of length 6, 16·11 = 176; d_x's sum 2·5 = 10 -> 374; maccs 48 + 96
    ins = [(2, 5), (2, 3), (8, 6), (8, 3), (6,), (3,)] + [(2, 3)] * 4
    outs = [(2, 5), (2, 3), (2, 3), (2, 6)]
    assert triple(cost("GRUBlockCellGrad", ins, outs)) == (374, 0, 144)


def test_block_lstm_grad():
    # T = 6, B = 2, I = 5, H = 3, K = 8, per step: gradient sums 2·6 = 12, the cell 22·6 = 132,
    # xh_grad 16 dot products of length 12 (16·23 = 368), w_grad 96 of length 2 (96·3 = 288)
    # each added into the sum (96), b_grad 12·2 = 24: 920; ·6 = 5520; maccs 6·(192 + 192)
    ins = [(), (6, 2, 5), (2, 3), (2, 3), (8, 12), (3,), (3,), (3,), (12,)] + [(6, 2, 3)] * 9
    outs = [(6, 2, 5), (2, 3), (2, 3), (8, 12), (3,), (3,), (3,), (12,)]
    assert triple(cost("BlockLSTMGrad", ins, outs)) == (5520, 0, 2304)
    # peepholes: the cell + 36 + 27, the accumulated sums + 9: 992 per step, 5952
    assert cost("BlockLSTMGradV2", ins, outs, {"use_peephole": True}).flops == 5952
    assert cost("BlockLSTMGrad", [(), (None, 2, 5)] + ins[2:], outs).flops is None


def test_updates():
    # InplaceAdd(x [5, 4], i [2], v [2, 4]): 8 adds; ScatterNdMax: one comparison per update
    assert triple(cost("InplaceSub", [(5, 4), (2,), (2, 4)], [(5, 4)])) == (8, 0, 0)
    assert triple(cost("ResourceScatterNdMin", [(), (1, 1), (1, 4)], [])) == (4, 0, 0)
    assert cost("ScatterNdNonAliasingAdd", [(5, 4), (3, 1), (3, 4)], [(5, 4)]).flops == 12
    # SegmentSumV2 [5, 4] into 3 segments: 20 − 12 = 8
    assert triple(cost("SegmentSumV2", [(5, 4), (5,), ()], [(3, 4)])) == (8, 0, 0)


def test_classes():
    for op in ("TensorArray", "TensorArrayV2", "TensorArrayGradWithShape", "TensorArrayPack",
               "MaxPoolGradGradWithArgmax", "SparseAddGrad", "SparseSliceGrad", "CountUpTo",
               "ComputeAccidentalHits", "ParallelConcat", "UniqueWithCountsV2", "InplaceUpdate"):
        assert op in ZERO_OPS, op
    for op in ("IgammaGradA", "FractionalMaxPoolGrad", "LogUniformCandidateSampler",
               "SparseFillEmptyRowsGrad"):
        assert op in UNCOUNTED_OPS, op


def _ta(version):
    sfx = "" if version == 1 else "V2"
    g = G().ph("x", (2, 3)).const("n", 4).const("i", 1).const("ii", [0, 1]).const("f", 0.0)
    g.op("ta", "TensorArray" + sfx, "n", element_shape=(2, 3), dtype=1)
    g.op("w", "TensorArrayWrite" + sfx, "ta", "i", "x", "f")
    g.op("r", "TensorArrayRead" + sfx, "ta", "i", "w")
    g.op("g", "TensorArrayGather" + sfx, "ta", "ii", "w", element_shape=(2, 3))
    g.op("c", "TensorArrayConcat" + sfx, "ta", "w", element_shape_except0=(3,))
    g.op("s", "TensorArraySize" + sfx, "ta", "w")
    g.op("gr", "TensorArrayGrad" + sfx, "ta", "w", source="g")
    g.op("cl", "TensorArrayClose" + sfx, "ta")
    return g.infer()


def test_tensor_array_v1_shapes():
    # TF 2.21: every v1 op's shape function is UnknownShape; Close has no outputs
    s = _ta(1)
    for name in ("ta", "w", "r", "g", "s", "gr"):
        assert s.of(name, 0) is None, name
    assert s.of("c", 0) is None and s.of("c", 1) is None
    assert len(s.outputs["cl"]) == 0


def test_tensor_array_v2_shapes():
    # V2: [2] handles, scalar flows and sizes; reads and gathers unknown (no element shape is
    # recorded for a V2 handle), Concat unknown with [?] lengths
    s = _ta(2)
    assert s.of("ta", 0) == (2,) and s.of("gr", 0) == (2,)
    assert s.of("w", 0) == () and s.of("s", 0) == ()
    assert s.of("r", 0) is None and s.of("g", 0) is None
    assert s.of("c", 0) is None and s.of("c", 1) == (None,)


def test_tensor_array_grad_with_shape():
    # the forward array's [2, 3] elements with len(shape_to_prepend) = 1 unknown dim in front:
    # a read of the gradient array is [?, 2, 3], a gather of 2 indices [2, ?, 2, 3]
    g = G().ph("x", (2, 3)).const("n", 3).const("i", 0).const("ii", [0, 1]).const("p", [2])
    g.op("ta", "TensorArrayV3", "n", element_shape=(2, 3), dtype=1)
    g.op("gr", "TensorArrayGradWithShape", "ta", "ta:1", "p", source="g")
    g.op("r", "TensorArrayReadV3", "gr", "i", "gr:1", dtype=1)
    g.op("g", "TensorArrayGatherV3", "gr", "ii", "gr:1", dtype=1)
    s = g.infer()
    assert s.of("gr", 0) == (2,) and s.of("gr", 1) == ()
    assert s.of("r", 0) == (None, 2, 3)
    assert s.of("g", 0) == (2, None, 2, 3)
