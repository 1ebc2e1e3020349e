"""Grappler's fused ops: the base op's arithmetic plus the fused epilogues (macc/costs/fused.py)."""

from formula_helpers import cost, triple


def test_fused_conv_bias_relu():
    # Conv2D 3×3×4→8 on [1,8,8,4] SAME: 512 outputs, K = 36: exact 512·71 = 36,352, MACCs 18,432;
    # BiasAdd + Relu: 512 + 512 -> 37,376; TF 0 (no _Fused* formula in TF)
    c = cost("_FusedConv2D", [(1, 8, 8, 4), (3, 3, 4, 8), (8,)], [(1, 8, 8, 8)],
             {"fused_ops": [b"BiasAdd", b"Relu"]})
    assert triple(c) == (37376, 0, 18432)


def test_fused_conv_batch_norm_relu6():
    # 36,352 + inference batch norm 2·512 + 6·8 = 1072 + Relu6 2·512 = 1024 -> 38,448
    c = cost("_FusedConv2D", [(1, 8, 8, 4), (3, 3, 4, 8)], [(1, 8, 8, 8)],
             {"fused_ops": ["FusedBatchNorm", "Relu6"]})
    assert triple(c) == (38448, 0, 18432)


def test_fused_matmul_and_depthwise():
    # the seed's MatMul 6975 + BiasAdd 225 + exact GELU 5·225 = 1125 -> 8325, MACCs 3600
    c = cost("_FusedMatMul", [(25, 16), (16, 9), (9,)], [(25, 9)],
             {"fused_ops": ["BiasAdd", "GeluExact"]})
    assert triple(c) == (8325, 0, 3600)
    # depthwise 3×3 on [1,8,8,4] ×2: 512·17 = 8704, MACCs 4608, + BiasAdd 512 -> 9216
    c = cost("_FusedDepthwiseConv2dNative", [(1, 8, 8, 4), (3, 3, 4, 2), (8,)], [(1, 8, 8, 8)],
             {"fused_ops": ["BiasAdd"]})
    assert triple(c) == (9216, 0, 4608)


def test_unknown_fused_op_is_not_a_silent_zero():
    c = cost("_FusedMatMul", [(25, 16), (16, 9)], [(25, 9)], {"fused_ops": ["BiasAdd", "Swoosh"]})
    assert c.flops is None and "Swoosh" in c.formula


def test_fused_batch_norm_ex():
    # inference batch norm on [2,4,4,16]: 2·512 + 6·16 = 1120; side input add 512; Relu 512
    c = cost("_FusedBatchNormEx", [(2, 4, 4, 16), (16,)], [(2, 4, 4, 16)],
             {"is_training": False, "activation_mode": "Relu", "num_side_inputs": 1})
    assert triple(c) == (2144, 0, 0)
