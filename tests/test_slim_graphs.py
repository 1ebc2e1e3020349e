"""TF-slim networks (the round14 fixtures): TF1 model-zoo graphs, derived by hand where a node is
simple enough (test_parity checks every node of every fixture against TF's record)."""

import macc
from conftest import FIXTURES


def test_slim_inception_v1_frozen_stem():
    r = macc.profile(str(FIXTURES / "round14_slim_inception_v1_frozen.pb"))
    rows = {n.name: n for n in r.nodes}
    stem = rows["InceptionV1/InceptionV1/Conv2d_1a_7x7/Conv2D"]
    # 224x224x3, 7x7/2 SAME -> 112x112x64 = 802,816 outputs, K = 7·7·3 = 147:
    # TF 2·802,816·147 = 236,027,904; exact 802,816·(2·147−1) = 235,225,088; MACCs 118,013,952
    assert stem.output_shapes == [[1, 112, 112, 64]]
    assert (stem.tf_flops, stem.flops, stem.maccs) == (236_027_904, 235_225_088, 118_013_952)
    pool = rows["InceptionV1/InceptionV1/MaxPool_2a_3x3/MaxPool"]
    # 3x3/2 -> 56·56·64 = 200,704 outputs: TF counts the window, 9 each = 1,806,336; exact
    # counts the 8 comparisons = 1,605,632
    assert (pool.tf_flops, pool.flops) == (1_806_336, 1_605_632)
    conv = rows["InceptionV1/InceptionV1/Conv2d_2c_3x3/Conv2D"]
    # 56·56·192 = 602,112 outputs, K = 3·3·64 = 576: 2·602,112·576 = 693,633,024
    assert conv.tf_flops == 693_633_024
    # frozen: no variables, so no params; the weights are the folded constants
    assert r.totals.params == 0 and r.totals.weights > 0
    assert r.totals.tf_flops == 3_007_328_458  # TF's total_float_ops (the fixture's record)


def test_slim_resnet_live_counts_its_initializers_at_any_batch():
    live = macc.profile(str(FIXTURES / "round14_slim_resnet_v1_50_live.pb"))
    one = macc.profile(str(FIXTURES / "round14_slim_resnet_v1_50_live.pb"), batch=1)
    # at an unknown batch only the initializers count (their shapes are the variables'); the
    # stem's truncated-normal kernel 7·7·3·64 = 9,408 elements: mul 9,408 and add 9,408
    rows = {n.name: n for n in live.nodes}
    init = "resnet_v1_50/conv1/weights/Initializer/truncated_normal"
    assert rows[init + "/mul"].tf_flops == rows[init].tf_flops == 9408
    assert live.totals.tf_flops == 117_376_960  # TF's total for the graph as built
    assert one.totals.tf_flops == 686_163_964  # TF's total with input [1,64,64,3]
    # params: every variable of a bare GraphDef. ResNet-50's convolutions 23,454,912 (as in
    # torchvision's 25,557,032 less its FC 2,049,000 and batch norms 2·26,560) + the 10-class
    # 1x1 logits 2048·10 + 10; four 26,560-channel vectors per batch norm set (gamma, beta and
    # the moving statistics, which slim keeps as variables): 23,454,912 + 20,490 + 4·26,560
    assert one.totals.params == live.totals.params == 23_454_912 + 20_490 + 4 * 26_560 == 23_581_642
