"""Shapes of convolutions, pooling, batch norm, resizing, losses and matrix products.

Spatial sizes: SAME -> ceil(n / stride); VALID -> (n - (k-1)·d - 1) // stride + 1; EXPLICIT adds
the pads first. "TF 2.21" marks shapes read from TensorFlow's import-time shape inference.
"""

import pytest
from shapes_graph import G

from macc.errors import ShapeError


def run(op, shapes, consts=(), n_out=1, **attrs):
    g = G()
    names = []
    for i, s in enumerate(shapes):
        if isinstance(s, tuple) or s is None:
            g.ph(f"p{i}", s)
        else:
            g.const(f"p{i}", s)
        names.append(f"p{i}")
    g.op("y", op, *names, **attrs)
    outs = g.infer().outputs["y"]
    return outs[0] if n_out == 1 else tuple(outs)


def test_depthwise():
    # 112 SAME stride 2 -> 56; channels 32 * multiplier 2 = 64
    out = run("DepthwiseConv2dNative", [(None, 112, 112, 32), (3, 3, 32, 2)],
              strides=[1, 2, 2, 1], padding="SAME")
    assert out == (None, 56, 56, 64)
    # NCHW, VALID, dilation 2: (10 - (3-1)*2 - 1) // 1 + 1 = 6
    out = run("DepthwiseConv2dNative", [(1, 8, 10, 10), (3, 3, 8, 1)], strides=[1, 1, 1, 1],
              dilations=[1, 1, 2, 2], padding="VALID", data_format="NCHW")
    assert out == (1, 8, 6, 6)
    with pytest.raises(ShapeError, match="expects 16"):
        run("DepthwiseConv2dNative", [(1, 8, 8, 8), (3, 3, 16, 1)], strides=[1, 1, 1, 1],
            padding="SAME")
    with pytest.raises(ShapeError, match="filter input has rank 3, expected 4"):
        run("DepthwiseConv2dNative", [(1, 8, 8, 8), (3, 3, 8)], strides=[1, 1, 1, 1],
            padding="SAME")


def test_conv_variants():
    # Conv3D: 16 VALID k3 stride 1 -> 14; 8 SAME stride 2 -> 4
    out = run("Conv3D", [(2, 16, 8, 8, 3), (3, 3, 3, 3, 12)], strides=[1, 1, 2, 2, 1],
              padding="SAME")
    assert out == (2, 16, 4, 4, 12)
    out = run("_FusedConv2D", [(1, 9, 9, 4), (3, 3, 4, 6)], strides=[1, 2, 2, 1],
              padding="VALID")
    assert out == (1, 4, 4, 6)  # (9 - 3) // 2 + 1 = 4
    # Conv2DBackpropInput takes its output from input_sizes
    out = run("Conv2DBackpropInput", [[2, 10, 10, 3], (3, 3, 3, 8), (2, 5, 5, 8)],
              strides=[1, 2, 2, 1], padding="SAME")
    assert out == (2, 10, 10, 3)
    # TF 2.21: unknown input_sizes of length 4 -> [batch of out_backprop, ?, ?, ?]
    g = G().ph("s", (4,), dtype=3).ph("f", (3, 3, 3, 4)).ph("dy", (2, 5, 5, 4))
    g.op("y", "Conv2DBackpropInput", "s", "f", "dy", strides=[1, 2, 2, 1], padding="SAME")
    assert g.shape("y") == (2, None, None, None)
    out = run("Conv2DBackpropFilter", [(2, 10, 10, 3), [3, 3, 3, 8], (2, 5, 5, 8)],
              strides=[1, 2, 2, 1], padding="SAME")
    assert out == (3, 3, 3, 8)
    out = run("Conv3DBackpropInputV2", [[1, 4, 4, 4, 2], (2, 2, 2, 2, 5), (1, 2, 2, 2, 5)],
              strides=[1, 2, 2, 2, 1], padding="VALID")
    assert out == (1, 4, 4, 4, 2)
    # Dilation2D: (10 - (3-1)*2 - 1) // 1 + 1 = 6 ... rates 2, VALID
    out = run("Dilation2D", [(1, 10, 10, 3), (3, 3, 3)], strides=[1, 1, 1, 1],
              rates=[1, 2, 2, 1], padding="VALID")
    assert out == (1, 6, 6, 3)
    # TF 2.21 checks the depths only when the rows and cols are known: [3,?,2,2] with a filter
    # of depth 5 imports as [3,?,?,5]; with them known the same depths are refused
    w = dict(strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="SAME")
    assert run("Dilation2D", [(3, None, 2, 2), (3, 1, 5)], **w) == (3, None, None, 5)
    with pytest.raises(ShapeError, match="depth"):
        run("Dilation2D", [(3, 4, 2, 2), (3, 1, 5)], **w)


@pytest.mark.parametrize("op,x,attrs,expected", [
    # 112 SAME stride 2 -> 56
    ("MaxPool", (None, 112, 112, 64), dict(ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1],
                                           padding="SAME"), (None, 56, 56, 64)),
    # 7 VALID k7 -> 1
    ("AvgPool", (None, 7, 7, 1024), dict(ksize=[1, 7, 7, 1], strides=[1, 1, 1, 1],
                                         padding="VALID"), (None, 1, 1, 1024)),
    # NCHW: (35 - 3) // 2 + 1 = 17
    ("MaxPool", (1, 8, 35, 35), dict(ksize=[1, 1, 3, 3], strides=[1, 1, 2, 2], padding="VALID",
                                     data_format="NCHW"), (1, 8, 17, 17)),
    # EXPLICIT (1,1) pads: (7 + 2 - 3) // 2 + 1 = 4
    ("MaxPool", (1, 7, 7, 2), dict(ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="EXPLICIT",
                                   explicit_paddings=[0, 0, 1, 1, 1, 1, 0, 0]), (1, 4, 4, 2)),
    ("AvgPool3D", (2, 8, 8, 8, 4), dict(ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1],
                                        padding="VALID"), (2, 4, 4, 4, 4)),
])
def test_pooling(op, x, attrs, expected):
    assert run(op, [x], **attrs) == expected


def test_pooling_variants_and_errors():
    out = run("MaxPoolWithArgmax", [(1, 4, 4, 2)], n_out=2, ksize=[1, 2, 2, 1],
              strides=[1, 2, 2, 1], padding="VALID")
    assert out == ((1, 2, 2, 2), (1, 2, 2, 2))
    assert run("MaxPoolV2", [(1, 9, 9, 2), [1, 3, 3, 1], [1, 3, 3, 1]], padding="VALID") \
        == (1, 3, 3, 2)
    assert run("AvgPoolGrad", [[1, 9, 9, 2], (1, 3, 3, 2)], ksize=[1, 3, 3, 1],
               strides=[1, 3, 3, 1], padding="VALID") == (1, 9, 9, 2)
    assert run("MaxPoolGrad", [(1, 9, 9, 2), (1, 3, 3, 2), (1, 3, 3, 2)], ksize=[1, 3, 3, 1],
               strides=[1, 3, 3, 1], padding="VALID") == (1, 9, 9, 2)
    with pytest.raises(ShapeError, match="'strides' has length 3, expected 4"):
        run("MaxPool", [(1, 4, 4, 2)], ksize=[1, 2, 2, 1], strides=[1, 2, 2], padding="SAME")


def test_max_pool_gradients_of_unknown_rank():
    """TF 2.21's import shapes (gen_nn_ops on placeholders of unknown rank)."""
    w2 = dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    w3 = dict(ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1], padding="SAME")
    u4, u5 = (None,) * 4, (None,) * 5
    # the gradients keep orig_input's shape with its rank: unknown rank -> rank 4 (5)
    for op in ("MaxPoolGrad", "MaxPoolGradV2", "MaxPoolGradWithArgmax"):
        ins = [None, None, None] + ([[1, 2, 2, 1], [1, 2, 2, 1]] if op.endswith("V2") else [])
        assert run(op, ins, **({} if op.endswith("V2") else w2)) == u4
    assert run("MaxPool3DGrad", [None, None, None], **w3) == u5
    # the grad-grads are the forward pool of orig_input: [2,8,8,3] by 2, stride 2 -> [2,4,4,3];
    # SAME over 8^3 by 2 -> 4^3; a known orig_output alone does not size them
    assert run("MaxPoolGradGrad", [(2, 8, 8, 3), None, None], **w2) == (2, 4, 4, 3)
    assert run("MaxPoolGradGrad", [None, (2, 4, 4, 3), None], **w2) == u4
    assert run("MaxPool3DGradGrad", [(2, 8, 8, 8, 3), None, None], **w3) == (2, 4, 4, 4, 3)
    assert run("MaxPool3DGradGrad", [None, None, None], **w3) == u5
    v2 = [[1, 2, 2, 1], [1, 2, 2, 1]]
    assert run("MaxPoolGradGradV2", [(2, 8, 8, 3), None, None] + v2, padding="VALID") \
        == (2, 4, 4, 3)
    assert run("MaxPoolGradGradV2", [None, (2, 4, 4, 3), None] + v2, padding="VALID") == u4
    assert run("MaxPoolGradGradV2", [(2, 8, 8, 3), None, None, (4,), [1, 2, 2, 1]],
               padding="VALID") is None  # the window unknown: rank too
    assert run("MaxPoolV2", [None] + v2, padding="VALID") == u4
    # orig_output is checked against the pooled orig_input: [2,5,5,3] vs [2,4,4,3]
    with pytest.raises(ShapeError, match="orig_output"):
        run("MaxPoolGradGrad", [(2, 8, 8, 3), (2, 5, 5, 3), None], **w2)
    with pytest.raises(ShapeError, match="unknown padding 'FULL'"):
        run("AvgPool", [(1, 4, 4, 2)], ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="FULL")
    with pytest.raises(ShapeError, match="input has rank 3, expected 4"):
        run("MaxPool", [(4, 4, 2)], ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")


def test_fused_batch_norm():
    # TF 2.21: FusedBatchNormV3 gives y, four [C] vectors and an unknown reserve_space_3
    outs = run("FusedBatchNormV3", [(None, 8, 8, 3), (3,), (3,), (0,), (0,)], n_out=6,
               is_training=True)
    assert outs == ((None, 8, 8, 3), (3,), (3,), (3,), (3,), None)
    outs = run("FusedBatchNorm", [(2, 16, 5, 5), (16,), (16,), (16,), (16,)], n_out=5,
               is_training=False, data_format="NCHW")
    assert outs == ((2, 16, 5, 5), (16,), (16,), (16,), (16,))
    with pytest.raises(ShapeError, match="channels"):
        run("FusedBatchNormV2", [(2, 5, 5, 16), (8,), (8,), (8,), (8,)], n_out=5,
            is_training=False)
    # TF 2.21: the gradient's reserve_space_4/5 are [0]
    outs = run("FusedBatchNormGradV3", [(None, 8, 8, 3), (None, 8, 8, 3), (3,), (3,), (3,),
                                        None], n_out=5, is_training=True)
    assert outs == ((None, 8, 8, 3), (3,), (3,), (0,), (0,))
    # x_backprop is y_backprop's shape, channels merged: x's other dims are not read (TF 2.21:
    # [?,?,?,1] from y_backprop [?,?,?,?] and x [2,1,2,1], fuzz seed 8080)
    outs = run("FusedBatchNormGradV3", [(None, None, None, None), (2, 1, 2, 1), (1,), (1,), (1,),
                                        None], n_out=5, is_training=True)
    assert outs[0] == (None, None, None, 1)
    with pytest.raises(ShapeError, match="channels"):
        run("FusedBatchNormGradV3", [(None, 8, 8, 3), (None, 8, 8, 4), (3,), (3,), (3,), None],
            n_out=5, is_training=True)


def test_fused_batch_norm_rank_follows_data_format():
    # TF 2.21 takes the rank from data_format: 4 for NHWC/NCHW, 5 for NDHWC/NCDHW
    vec = [(2,), (2,), (2,), (2,)]
    with pytest.raises(ShapeError, match=r"input has rank 5, expected 4 \(data_format NHWC\)"):
        run("FusedBatchNormV3", [(1, 3, 5, 6, 2), *vec], n_out=6, is_training=False)
    with pytest.raises(ShapeError, match="input has rank 4, expected 5"):
        run("FusedBatchNormV3", [(1, 5, 6, 2), *vec], n_out=6, is_training=False,
            data_format="NDHWC")
    outs = run("FusedBatchNormV3", [(1, 3, 5, 6, 2), *vec], n_out=6, is_training=False,
               data_format="NDHWC")
    assert outs[0] == (1, 3, 5, 6, 2)
    # an unknown rank takes data_format's, the channels from scale: TF [?,?,?,?,2] and [?,?,?,2]
    outs = run("FusedBatchNormV3", [None, *vec], n_out=6, is_training=False, data_format="NDHWC")
    assert outs[0] == (None, None, None, None, 2)
    grads = run("FusedBatchNormGradV3", [None, None, (2,), (2,), (2,), (2,)], n_out=5,
                is_training=False)
    assert grads[:3] == ((None, None, None, 2), (2,), (2,))
    with pytest.raises(ShapeError, match="y_backprop has rank 5, expected 4"):
        run("FusedBatchNormGradV3", [(1, 3, 5, 6, 2), (1, 3, 5, 6, 2), (2,), (2,), (2,), (2,)],
            n_out=5, is_training=False)


def test_lrn_grad_merges_its_three_inputs():
    # TF 2.21: input_grads [?,?,?,?] with images [?,4,2,4] -> [?,4,2,4] (fuzz seed 1111)
    out = run("LRNGrad", [(None, None, None, None), (None, 4, 2, 4), (None, 4, 2, 4)])
    assert out == (None, 4, 2, 4)
    with pytest.raises(ShapeError, match="input_grads and output_image"):
        run("LRNGrad", [(1, 4, 2, 4), (1, 4, 2, 4), (1, 4, 2, 5)])


def test_misc_nn():
    assert run("BiasAddGrad", [(None, 5, 5, 7)]) == (7,)
    assert run("BiasAddGrad", [(None, 7, 5, 5)], data_format="NCHW") == (7,)
    assert run("L2Loss", [(3, 4)]) == ()
    assert run("Softmax", [(None, 1000)]) == (None, 1000)
    assert run("SoftmaxCrossEntropyWithLogits", [(None, 10), (None, 10)], n_out=2) == \
        ((None,), (None, 10))
    assert run("SparseSoftmaxCrossEntropyWithLogits", [(32, 10), (None,)], n_out=2) == \
        ((32,), (32, 10))
    assert run("ResizeBilinear", [(None, 7, 7, 3), [14, 21]]) == (None, 14, 21, 3)
    assert run("ResizeNearestNeighbor", [(1, 7, 7, 3), (2,)]) == (1, None, None, 3)
    assert run("SpaceToDepth", [(1, 4, 6, 3)], block_size=2) == (1, 2, 3, 12)
    assert run("DepthToSpace", [(1, 2, 3, 12)], block_size=2) == (1, 4, 6, 3)
    # (6+1+1)/2 = 4, (5+0+1)/2 = 3; batch 2*2*2 = 8
    assert run("SpaceToBatchND", [(2, 6, 5, 3), [2, 2], [[1, 1], [0, 1]]]) == (8, 4, 3, 3)
    assert run("BatchToSpaceND", [(8, 4, 3, 3), [2, 2], [[1, 1], [0, 1]]]) == (2, 6, 5, 3)
    assert run("LRN", [(1, 5, 5, 8)]) == (1, 5, 5, 8)


def test_batch_matmul_and_einsum():
    # adj_x: [2,5,3]^T -> [2,3,5] x [5,4] batch-broadcast -> [2,3,4]
    assert run("BatchMatMulV2", [(2, 5, 3), (5, 4)], adj_x=True) == (2, 3, 4)
    assert run("BatchMatMulV3", [(None, 1, 3, 4), (6, 4, 5)]) == (None, 6, 3, 5)
    assert run("BatchMatMul", [(None, 3, 4), (7, 5, 4)], adj_y=True) == (7, 3, 5)
    with pytest.raises(ShapeError, match="inner dims differ"):
        run("BatchMatMulV2", [(2, 3, 4), (2, 5, 6)])
    assert run("Einsum", [(2, 3, 4), (4, 5)], equation="bij,jk->bik") == (2, 3, 5)
    # TF 2.21: '...ij,jk->...ik' on [2,?,3,4] x [4,5] -> [2,?,3,5]
    assert run("Einsum", [(2, None, 3, 4), (4, 5)], equation="...ij,jk->...ik") == \
        (2, None, 3, 5)
    # implicit output: labels appearing once, sorted -> 'ik'
    assert run("Einsum", [(3, 4), (4, 6)], equation="ij,jk") == (3, 6)
    # ellipsis broadcasting [3,1] against [5]
    assert run("Einsum", [(3, 1, 2), (5, 2)], equation="...i,...i->...") == (3, 5)
    # TF 2.21 rejects a label of 1 against 6
    with pytest.raises(ShapeError, match="label 'b'"):
        run("Einsum", [(1, 3, 4), (6, 4, 5)], equation="bij,bjk->bik")


def test_unknown_rank_inputs_follow_tf():
    # TF 2.21 takes an unknown-rank conv / batch-norm input as rank 4: [?,?,?,C]
    assert run("Conv2D", [None, (3, 3, 2, 6)], strides=[1, 1, 1, 1], padding="VALID") == \
        (None, None, None, 6)
    outs = run("FusedBatchNormV2", [None, (4,), (4,), (4,), (4,)], n_out=5, is_training=False)
    assert outs[0] == (None, None, None, 4)
    assert run("MaxPool", [None], ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
               padding="VALID") == (None, None, None, None)
    # TF 2.21: MaxPoolV2 with a window that does not fold -> unknown rank too
    g = G().ph("x", (1, 8, 8, 2)).ph("k", (4,), dtype=3).const("s", [1, 2, 2, 1])
    assert g.op("y", "MaxPoolV2", "x", "k", "s", padding="VALID").shape("y") is None
    # TF 2.21: a resize size must fold completely; Pack(unknown, 3) gives [?, ?]
    g = G().ph("x", (1, 7, 7, 4)).ph("h", (), dtype=3).const("w", 3)
    g.op("size", "Pack", "h", "w", N=2).op("y", "ResizeBicubic", "x", "size")
    assert g.shape("y") == (1, None, None, 4)


def test_matrix_diag_v3():
    # main diagonal of length 6 -> a 6x6 matrix per batch entry
    assert run("MatrixDiagV3", [(None, 2, 6), [0], [-1], [-1], 0.0]) == (None, 2, 6, 6)
    # diagonals k = [-1, 1] of length 4: rows 4 - min(1,0) = 4, cols 4 + max(-1,0) = 4
    assert run("MatrixDiagV3", [(3, 4), [-1, 1], [-1], [-1], 0.0]) == (4, 4)
    # k = 1 of length 3: rows 3, cols 3 + 1 = 4 -> square max(3, 4) = 4 each
    assert run("MatrixDiagV3", [(3,), [1], [-1], [-1], 0.0]) == (4, 4)
    # part of [2,3,5] main diagonal: min(3, 5) = 3
    assert run("MatrixDiagPartV3", [(2, 3, 5), [0], 0.0]) == (2, 3)
    # k = [-1, 2]: 4 diagonals, length min(3 + 0, 5 - 0) = 3
    assert run("MatrixDiagPartV3", [(3, 5), [-1, 2], 0.0]) == (4, 3)
