"""Sum-of-products formulas (MatMul, BatchMatMul, Conv2D/3D, depthwise) against hand counts."""

from formula_helpers import cost, triple


def test_matmul_seed():
    c = cost("MatMul", [(25, 16), (16, 9)], [(25, 9)])
    # exact 25*9*(2*16-1) = 6975; tf 2*16*25*9 = 7200; maccs 25*9*16 = 3600
    assert triple(c) == (6975, 7200, 3600)
    assert c.formula == "25·9·(2·16−1)"


def test_matmul_transposed():
    # a^T: a is [16, 25] -> k = a[0] = 16; b^T: b is [9, 16]
    c = cost("MatMul", [(16, 25), (9, 16)], [(25, 9)], {"transpose_a": True, "transpose_b": True})
    assert triple(c) == (6975, 7200, 3600)


def test_matmul_unknown_a_uses_b_for_exact():
    # a unknown: TF needs in0 -> None; exact k from b [16, 9] = 16: 25*9*31 = 6975
    c = cost("MatMul", [None, (16, 9)], [(25, 9)])
    assert triple(c) == (6975, None, 3600)


def test_batch_matmul_adj_x_quirk():
    # [3,6,4] adj_x -> [3,4,6]; times [3,6,2] -> out [3,4,2], k = 6
    c = cost("BatchMatMulV2", [(3, 6, 4), (3, 6, 2)], [(3, 4, 2)], {"adj_x": True})
    # exact 24*(2*6-1) = 264; maccs 24*6 = 144; TF ignores adj_x: k = in0[-1] = 4 -> 2*4*24 = 192
    assert triple(c) == (264, 192, 144)


def test_batch_matmul_adj_y_broadcast():
    # [2,1,5,3] x [4,7,3]^T (adj_y) -> [2,4,5,7], k = 3
    c = cost("BatchMatMulV3", [(2, 1, 5, 3), (4, 7, 3)], [(2, 4, 5, 7)], {"adj_y": True})
    # N(out) = 280; exact 280*(2*3-1) = 1400; tf 2*3*280 = 1680; maccs 840
    assert triple(c) == (1400, 1680, 840)


def test_batch_matmul_v1_unknown_out():
    c = cost("BatchMatMul", [(3, 6, 4), (3, 4, 2)], [None])
    assert triple(c) == (None, None, None)


def test_conv2d_mobilenet_stem():
    # x [1,224,224,3], f [3,3,3,32], stride 2 SAME -> [1,112,112,32]; K = 3*3*3 = 27
    c = cost("Conv2D", [(1, 224, 224, 3), (3, 3, 3, 32)], [(1, 112, 112, 32)])
    # N(out) = 401408; exact 401408*53 = 21274624; tf 2*27*401408 = 21676032; maccs 10838016
    assert triple(c) == (21274624, 21676032, 10838016)
    assert c.formula == "1·112·112·32·(2·3·3·3−1)"


def test_conv2d_grouped():
    # 8 input channels in 2 groups: filter [3,3,4,6]; K = 3*3*4 = 36; out [1,5,5,6] = 150
    c = cost("Conv2D", [(1, 5, 5, 8), (3, 3, 4, 6)], [(1, 5, 5, 6)])
    # exact 150*71 = 10650; tf 2*150*36 = 10800; maccs 5400
    assert triple(c) == (10650, 10800, 5400)


def test_conv2d_needs_input_for_tf_only():
    c = cost("Conv2D", [(None, 5, 5, 8), (3, 3, 8, 6)], [(1, 5, 5, 6)])
    # K = 72, N(out) = 150: exact 150*143 = 21450; TF skips (in0 not fully known)
    assert triple(c) == (21450, None, 10800)


def test_conv3d():
    # x [1,4,6,6,2], f [2,3,3,2,5], VALID -> [1,3,4,4,5] = 240; K = 2*3*3*2 = 36
    c = cost("Conv3D", [(1, 4, 6, 6, 2), (2, 3, 3, 2, 5)], [(1, 3, 4, 4, 5)])
    # exact 240*71 = 17040; tf 2*240*36 = 17280; maccs 8640
    assert triple(c) == (17040, 17280, 8640)


def test_depthwise_with_multiplier():
    # x [1,8,8,4], f [3,3,4,2] (multiplier 2), SAME -> [1,8,8,8] = 512; K = 3*3 = 9
    c = cost("DepthwiseConv2dNative", [(1, 8, 8, 4), (3, 3, 4, 2)], [(1, 8, 8, 8)])
    # exact 512*17 = 8704; tf 2*512*9 = 9216; maccs 4608
    assert triple(c) == (8704, 9216, 4608)
    assert c.formula == "1·8·8·8·(2·3·3−1)"


def test_dilation2d_is_not_a_macc_op():
    # x [1,6,6,2], f [2,2,2], VALID -> [1,5,5,2] = 50; 4 adds + 3 max per output
    c = cost("Dilation2D", [(1, 6, 6, 2), (2, 2, 2)], [(1, 5, 5, 2)])
    # exact 50*(2*4-1) = 350; tf 2*50*2*2 = 400; maccs 0
    assert triple(c) == (350, 400, 0)
