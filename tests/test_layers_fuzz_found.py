"""Disagreements between layer specs and Keras 3 / TF 2.21 found by tools/layers_fuzz.py, each
minimised to a small spec; every test fails on the lowering before its fix."""

from macc.layers import Network, count_network, lower


def _ops(net):
    return [n.op for n in lower(net).graph if n.op not in ("Const", "VariableV2", "Placeholder")]


def test_fused_batch_norm_on_a_volume_is_ndhwc():
    # layers_fuzz seed 33: BatchNorm on [batch, d, h, w, c] lowered to FusedBatchNormV3 with
    # data_format NHWC, which TF refuses on a 5-d input ("Shape must be rank 4 but is rank 5"),
    # so `--export` wrote a graph TF cannot import. Counts are unchanged: [2,3,4,5] -> 120
    # elements; params γ, β: 2·5 = 10; Conv3D 1×1×1 to 2: 24·2 outputs · 5 = 240 MACCs.
    net = Network(input=[2, 3, 4, 5], layers=[{"type": "BatchNorm"},
                                              {"type": "Conv3D", "filters": 2, "kernel_size": 1}])
    fmt = {n.op: n.attr["data_format"].s for n in lower(net).graph_def.node
           if n.op == "FusedBatchNormV3"}
    assert fmt == {"FusedBatchNormV3": b"NDHWC"}
    img = Network(input=[4, 4, 5], layers=[{"type": "BatchNorm"}])
    assert [n.attr["data_format"].s for n in lower(img).graph_def.node
            if n.op == "FusedBatchNormV3"] == [b"NHWC"]
    t = count_network(net).totals
    assert (t.maccs, t.params) == (240, 10 + 2 * 5 + 2)


def test_dilated_depthwise_is_space_to_batch():
    # layers_fuzz seed 28: Keras 3's DepthwiseConv2D calls tf.nn.depthwise_conv2d, which runs a
    # dilation as SpaceToBatchND, a VALID depthwise op without dilation, BatchToSpaceND (as
    # Conv2D's tf.nn.convolution). [7, 7, 2], k 3, dilation 2, same: pad (3 − 1)·2 = 4 (2 + 2)
    # -> 11, one more to a multiple of 2 -> 12; [4, 6, 6, 2] -> VALID 3×3 -> [4, 4, 4, 2] = 128
    # outputs (7·7·2 = 98 kept): maccs 128·9 = 1152, flops 128·17 = 2176, TF 2·1152 = 2304.
    # (One dilated op: 98·9 = 882 MACCs, TF 1764.)
    net = Network(input=[7, 7, 2], layers=[{"type": "DepthwiseConv2D", "kernel_size": 3,
                                            "dilation": 2, "padding": "same", "bias": False}])
    t = count_network(net)
    assert (t.totals.maccs, t.totals.flops, t.totals.tf_flops) == (1152, 2176, 2304)
    assert t.layers[-1].output_shape == [7, 7, 2]
    assert _ops(net) == ["SpaceToBatchND", "DepthwiseConv2dNative", "BatchToSpaceND"]
    # valid, k 1, dilation 2 on [11, 12, 6] at batch 2 (the seed itself): rows 11 pad to 12,
    # 2·12·12·6 = 1728 outputs computed: TF 2·1728 = 3456 + the bias on 2·11·12·6 = 1584 kept
    seed = Network(input=[11, 12, 6], batch=2, layers=[
        {"type": "DepthwiseConv2D", "kernel_size": 1, "dilation": 2}])
    assert count_network(seed).totals.tf_flops == 3456 + 1584


def test_dilated_separable_is_space_to_batch():
    # tf.nn.separable_conv2d does the same for its depthwise half: 1152 MACCs as above, then the
    # 1×1 to 3 filters on the cropped 7·7·2: 49·3·2 = 294 -> 1446; TF 2304 + 588 = 2892
    net = Network(input=[7, 7, 2], layers=[{"type": "SeparableConv2D", "filters": 3,
                                            "kernel_size": 3, "dilation": 2, "padding": "same",
                                            "bias": False}])
    t = count_network(net).totals
    assert (t.maccs, t.tf_flops) == (1446, 2892)
    assert _ops(net) == ["SpaceToBatchND", "DepthwiseConv2dNative", "BatchToSpaceND", "Conv2D"]
