"""Wide ResNet-50-2, VGG-11/13, RegNetX/Y-400MF, ShuffleNet (v1) and EfficientNetV2-S beside their
papers, torchvision and Keras (docs/zoo.md).

As in tests/test_zoo_more.py, each network's MACCs and params are derived here a second way, from
per-block formulas written out below (not from the spec files), compared with the spec's count,
then with the printed figure under the rounding rule that reproduces it. EfficientNetV2-S is also
compared with Keras 3's own model (tests/fixtures/keras_zoo_counts.json, written by
``python -m tools.fixtures keras_zoo``).
"""

import json

import pytest
from test_zoo import G, M, shown, table
from test_zoo import params_without_bn as without_bn
from test_zoo_more import bottleneck_resnet

from conftest import FIXTURES
from macc.layers import count_network, zoo_names
from macc.layers.models import Network
from tools import zoo_efficientnetv2, zoo_regnet

KERAS = json.loads((FIXTURES / "keras_zoo_counts.json").read_text())


def test_zoo_lists_them():
    assert {"wide_resnet50_2", "vgg11", "vgg13", "regnetx_400mf", "regnety_400mf",
            "shufflenet_v1_1.0_g3", "efficientnetv2_s"} <= set(zoo_names())


# ---- Wide ResNet-50-2 (Zagoruyko & Komodakis 2016; torchvision) --------------------------------
# ResNet-50 v1.5 (stride in the 3×3) with bottleneck width w = 128·2^i (ResNet-50: 64·2^i) and the
# same outputs o = 256·2^i. A block reading c_in at h_in², output at h²: h_in²·c_in·w + h²·9·w² +
# h²·w·o (+ h²·c_in·o projection in a stage's first block); params c_in·w + 9w² + w·o + 2·(2w + o)
# (+ c_in·o + 2o). Stem 112²·147·64 (9,408 + 128 params); FC 2048·1000 (+ 1000 biases).

def wide_resnet(blocks, base_width):
    return bottleneck_resnet(blocks, base_width)  # the 3×3 ungrouped: 9·w² (tests/test_zoo_more.py)


def test_wide_resnet50_2():
    # torchvision documents wide_resnet50_2 at 68,883,240 params and 11.40 GFLOPS (multiply-adds):
    # ours equal, the MACCs rounded to two decimals; 64-wide bottlenecks give resnet50_v1_5
    assert wide_resnet((3, 4, 6, 3), 64) == (4_089_184_256, 25_557_032)
    assert wide_resnet((3, 4, 6, 3), 128) == (11_398_021_120, 68_883_240)
    t = table("wide_resnet50_2").totals
    assert (t.maccs, t.params) == (11_398_021_120, 68_883_240)
    assert without_bn("wide_resnet50_2") == 68_815_016
    assert shown(t.maccs, G, 2, "round") == 11.40
    # conv2's 3×3 at 56²: 56²·9·128·128 = 462,422,016 MACCs, 147,456 weights (4× ResNet-50's)
    rows = {r.name: r for r in table("wide_resnet50_2").layers}
    assert rows["conv2_1/res/branch1/conv_b"].maccs == 462_422_016
    assert rows["conv2_1/res/branch1/conv_b"].params == 147_456


# ---- VGG-11 / VGG-13 (Simonyan & Zisserman, configurations A and B) ----------------------------
# 3×3 convolutions with bias: h²·9·c_in·c_out MACCs, 9·c_in·c_out + c_out params; FC 25,088·4,096,
# 4,096², 4,096·1,000 with biases.
VGG = {"vgg11": [[64], [128], [256, 256], [512, 512], [512, 512]],
       "vgg13": [[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]]}
VGG_FC_MACCS = 25088 * 4096 + 4096 * 4096 + 4096 * 1000  # 123,633,664
VGG_FC_PARAMS = VGG_FC_MACCS + 4096 + 4096 + 1000


def vgg(stages):
    maccs, params, c, h = VGG_FC_MACCS, VGG_FC_PARAMS, 3, 224
    for stage in stages:
        for f in stage:
            maccs += h * h * 9 * c * f
            params += 9 * c * f + f
            c = f
        h //= 2
    return maccs, params


@pytest.mark.parametrize("name,maccs,params,gmacs", [
    ("vgg11", 7_609_090_048, 132_863_336, 7.61),
    ("vgg13", 11_308_466_176, 133_047_848, 11.31),
])
def test_vgg11_13(name, maccs, params, gmacs):
    # torchvision: vgg11 132,863,336 params, 7.61 GFLOPS; vgg13 133,047,848, 11.31 (multiply-adds):
    # ours equal and rounded. Simonyan & Zisserman, Table 2: 133 M parameters for both A and B
    assert vgg(VGG[name]) == (maccs, params)
    t = table(name).totals
    assert (t.maccs, t.params) == (maccs, params)
    assert shown(t.maccs, G, 2, "round") == gmacs
    assert shown(t.params, M, 0, "round") == 133


def test_vgg_family_conv_only():
    # the FC layers are the same 123,633,664 MACCs in all four; conv only: A 7.49 G, B 11.18 G
    for name in ("vgg11", "vgg13"):
        convs = sum(r.maccs for r in table(name).layers if r.type == "Conv2D")
        assert convs == vgg(VGG[name])[0] - VGG_FC_MACCS
    assert shown(vgg(VGG["vgg11"])[0] - VGG_FC_MACCS, G, 2, "round") == 7.49
    assert shown(vgg(VGG["vgg13"])[0] - VGG_FC_MACCS, G, 2, "round") == 11.18


# ---- RegNet (Radosavovic et al. 2020) ----------------------------------------------------------
# Stem 112²·27·32 (864 + 64 params). A block of input c_in at h_in², width w at h² (the stride in
# the 3×3), group width g: 1×1 h_in²·c_in·w, grouped 3×3 h²·9·w·g (each output channel reads g),
# [SE: 2·w·r, r = round(c_in/4)], 1×1 h²·w·w, [projection h²·c_in·w where the shape changes];
# params c_in·w + 9·w·g + w² + 2·3w [+ 2·w·r + r + w] [+ c_in·w + 2w]. FC c·1000 + 1000.

def regnet(widths, depths, g, se):
    maccs, params = 112 * 112 * 27 * 32, 864 + 64
    c_in, h_in = 32, 112
    for w, d in zip(widths, depths):
        for j in range(d):
            h = h_in // 2 if j == 0 else h_in
            maccs += h_in * h_in * c_in * w + h * h * 9 * w * g + h * h * w * w
            params += c_in * w + 9 * w * g + w * w + 6 * w
            if se:
                r = round(c_in / 4)
                maccs += 2 * w * r
                params += 2 * w * r + r + w
            if j == 0:
                maccs += h * h * c_in * w
                params += c_in * w + 2 * w
            c_in, h_in = w, h
    return maccs + c_in * 1000, params + c_in * 1000 + 1000


def test_regnetx_400mf():
    # the paper's (pycls's) RegNetX-400MF: widths 32, 64, 160, 384, depths 1, 2, 7, 12, groups of
    # 16 channels. Its table prints 0.4 GF and 5.2 M params: both round
    assert regnet((32, 64, 160, 384), (1, 2, 7, 12), 16, False) == (397_677_568, 5_157_512)
    t = table("regnetx_400mf").totals
    assert (t.maccs, t.params) == (397_677_568, 5_157_512)
    assert shown(t.maccs, G, 1, "round") == 0.4
    assert shown(t.params, M, 1, "round") == 5.2
    rows = {r.name: r for r in table("regnetx_400mf").layers}
    # s4's first grouped 3×3: 7²·9·384·16 = 2,709,504 MACCs (24 groups), 55,296 weights
    assert rows["s4_b1/branch1/conv_b"].maccs == 2_709_504
    assert rows["s4_b1/branch1/conv_b"].params == 55_296


def test_regnetx_400mf_torchvision_differs():
    # torchvision's regnet_x_400mf (5,495,976 params, 0.41 GFLOPS) makes the last stage 400 wide:
    # 392 = 24.5·16 goes half up to 400 (_make_divisible), where pycls rounds half to even (384).
    # The generator's torchvision variant reproduces torchvision's count exactly; it is not the
    # paper's 5.2 M (5.5 M)
    assert regnet((32, 64, 160, 400), (1, 2, 7, 12), 16, False) == (413_812_608, 5_495_976)
    t = count_network(Network.model_validate(zoo_regnet.torchvision_x())).totals
    assert (t.maccs, t.params) == (413_812_608, 5_495_976)
    assert shown(t.maccs, G, 2, "round") == 0.41
    assert shown(t.params, M, 1, "round") == 5.5 != 5.2


def test_regnety_400mf():
    # RegNetY-400MF (widths 48, 104, 208, 440, depths 1, 3, 6, 6, groups of 8, SE to a quarter
    # of the block input): the paper's 0.4 GF and 4.3 M (round); torchvision's regnet_y_400mf
    # 4,344,144 params (exact) and 0.40 GFLOPS (round)
    assert regnet((48, 104, 208, 440), (1, 3, 6, 6), 8, True) == (401_842_848, 4_344_144)
    t = table("regnety_400mf").totals
    assert (t.maccs, t.params) == (401_842_848, 4_344_144)
    assert shown(t.maccs, G, 1, "round") == 0.4
    assert shown(t.maccs, G, 2, "round") == 0.40
    assert shown(t.params, M, 1, "round") == 4.3
    # squeeze-excite reduces to a quarter of the block's input: s2_b1 reads 48 -> 12, then 104 -> 26
    reduces = [r.output_shape[-1] for r in table("regnety_400mf").layers
               if r.name.endswith("/se/branch1/reduce")]
    assert reduces[:4] == [8, 12, 26, 26]
    assert len(reduces) == 16


def test_regnet_specs_are_current():
    for name in zoo_regnet.STAGES:
        path = zoo_regnet.ZOO / f"{name}.json"
        assert path.read_text() == zoo_regnet.text(name), path.name


# ---- ShuffleNet v1 (Zhang et al. 2018) ---------------------------------------------------------
# Stem 112²·27·24 (648 + 48 params), FC o·1000 (+ 1000 biases). A unit reading c at h², output o,
# bottleneck m = o/4, g groups (the first 1×1 of stage 2 ungrouped): 1×1 h²·c·m/g_a, depthwise
# h'²·9·m, 1×1 h'²·m·b/g with b = o − c (stride 2, concatenated with the pooled input) or o;
# params c·m/g_a + 9m + m·b/g + 2·(2m + b).

def shufflenet_v1(g, outs):
    maccs, params = 112 * 112 * 27 * 24 + outs[-1] * 1000, 648 + 48 + outs[-1] * 1000 + 1000
    c, h = 24, 56
    for s, (o, repeat) in enumerate(zip(outs, (4, 8, 4))):
        for j in range(repeat):
            m, h_out = o // 4, h // 2 if j == 0 else h
            g_a = 1 if s == j == 0 else g
            b = o - c if j == 0 else o
            maccs += h * h * c * m // g_a + h_out * h_out * 9 * m + h_out * h_out * m * b // g
            params += c * m // g_a + 9 * m + m * b // g + 2 * (2 * m + b)
            c, h = o, h_out
    return maccs, params


def test_shufflenet_v1_g3():
    # ours 137,460,672 MACCs and 1,865,728 params (1,864,728 without the FC bias the megvii code
    # leaves out): 1.9 M (round) as the megvii README and the usual quotes. FLOPs: the paper's
    # Table 2 files 1× under a "140 MFLOPs" budget — ours only to two significant figures; the
    # megvii README's 138M is not reproduced (ours rounds to 137)
    assert shufflenet_v1(3, (240, 480, 960)) == (137_460_672, 1_865_728)
    t = table("shufflenet_v1_1.0_g3").totals
    assert (t.maccs, t.params) == (137_460_672, 1_865_728)
    assert shown(t.params, M, 1, "round") == shown(t.params - 1000, M, 1, "round") == 1.9
    assert shown(t.maccs, 10 * M, 0, "round") == 14
    assert shown(t.maccs, M, 0, "round") == 137 != 138
    rows = {r.name: r for r in table("shufflenet_v1_1.0_g3").layers}
    # stage 2's first 1×1 is not grouped: 56²·24·60 = 4,515,840 MACCs, 1,440 weights; stage 3's
    # first: 28²·240·120/3 = 7,526,400, 9,600 weights
    assert rows["stage2_down/unit/branch1/gconv1"].maccs == 4_515_840
    assert rows["stage2_down/unit/branch1/gconv1"].params == 1_440
    assert rows["stage3_down/unit/branch1/gconv1"].maccs == 7_526_400
    assert rows["stage3_down/unit/branch1/gconv1"].params == 9_600
    assert rows["stage2_down/unit/merge"].output_shape == [28, 28, 240]


def test_shufflenet_v1_other_groups_by_formula():
    # Table 1's widths for g = 1, 2, 4, 8 (144, 200, 272, 384 in stage 2) all sit near the same
    # ~140 MFLOPs budget: 143.1, 140.8, 134.3, 138.4 M by the same formula (no spec for them);
    # megvii's README prints g = 8 at 138M and 2.4M params (ours round to both)
    assert shufflenet_v1(1, (144, 288, 576))[0] == 143_078_976
    assert shufflenet_v1(2, (200, 400, 800))[0] == 140_836_512
    assert shufflenet_v1(4, (272, 544, 1088))[0] == 134_339_776
    g8 = shufflenet_v1(8, (384, 768, 1536))
    assert g8 == (138_365_952, 2_434_768)
    assert shown(g8[0], M, 0, "round") == 138 and shown(g8[1], M, 1, "round") == 2.4


# ---- EfficientNetV2-S (Tan & Le 2021) ----------------------------------------------------------
# At 384²: stem 192²·27·24 (648 + 48 params); head 12²·256·1280 (327,680 + 2,560); FC 1280·1000.
# Fused-MBConv reading c at h², output o at h'² (the stride), expansion e, kernel k: e = 1:
# h'²·k²·c·o; else h'²·k²·c·ec + h'²·ec·o. MBConv: h²·c·m + h'²·k²·m + 2·m·r + h'²·m·o with
# m = ec, r = c/4.
# Params: the kernels without the spatial factor, BN 2· per conv output, SE biases r + m.

def efficientnetv2_s():
    maccs = 192 * 192 * 27 * 24 + 12 * 12 * 256 * 1280 + 1280 * 1000
    params = 648 + 48 + 256 * 1280 + 2560 + 1_281_000
    h = 192
    for is_fused, e, k, stride, c, o, repeats, _ in zoo_efficientnetv2.STAGES:
        for _ in range(repeats):
            h_out, m = h // stride, c * e
            if is_fused and e == 1:
                maccs += h_out * h_out * k * k * c * o
                params += k * k * c * o + 2 * o
            elif is_fused:
                maccs += h_out * h_out * k * k * c * m + h_out * h_out * m * o
                params += k * k * c * m + 2 * m + m * o + 2 * o
            else:
                r = c // 4
                maccs += h * h * c * m + h_out * h_out * k * k * m + 2 * m * r + h_out * h_out * m * o
                params += c * m + 2 * m + k * k * m + 2 * m + 2 * m * r + r + m + m * o + 2 * o
            c, h, stride = o, h_out, 1
    return maccs, params


def test_efficientnetv2_s_keras():
    # Keras 3's EfficientNetV2S at 384 (tests/fixtures/keras_zoo_counts.json): trainable params
    # 21,458,488 = ours; count_params() 21,612,360 (+ moving mean and variance, 153,872: our
    # weights; the "21.6M" of Keras's table); macc on the frozen Keras graph counts our MACCs
    # exactly, per op type (Conv2D, depthwise, the Dense's MatMul)
    assert efficientnetv2_s() == (8_365_617_152, 21_458_488)
    rows = table("efficientnetv2_s").layers
    t = table("efficientnetv2_s").totals
    assert (t.maccs, t.params) == (8_365_617_152, 21_458_488)
    k = KERAS["efficientnetv2_s"]
    assert k["trainable"] == t.params
    assert k["trainable"] + k["non_trainable"] == t.weights == 21_612_360
    assert k["non_trainable"] == 2 * k["non_trainable_by_kind"]["moving_mean"]
    assert k["macc"]["maccs"] == t.maccs and k["macc"]["unsupported"] == {}
    by_op = k["macc"]["maccs_by_op"]
    assert by_op["DepthwiseConv2dNative"] == sum(
        r.maccs for r in rows if r.type == "DepthwiseConv2D") == 87_505_920
    assert by_op["MatMul"] == 1280 * 1000
    assert by_op["Conv2D"] == sum(r.maccs for r in rows if r.type == "Conv2D")


def test_efficientnetv2_s_published():
    # Tan & Le 2021, Table 7: EfficientNetV2-S 22M params, 8.8B FLOPs (at the 384 inference size).
    # Params: the trainable 21,458,488 round to 21 — 22 only with the moving statistics (Keras's
    # count_params, 21,612,360). FLOPs: not reproduced — ours 8.37 G (8.4 rounded, 8.3 truncated)
    t = table("efficientnetv2_s").totals
    assert shown(t.params, M, 0, "round") == 21 != 22
    assert shown(t.weights, M, 0, "round") == 22
    assert shown(t.maccs, G, 1, "round") == 8.4 != 8.8
    assert shown(t.maccs, G, 1, "floor") == 8.3


def test_efficientnetv2_spec_is_current():
    path = zoo_efficientnetv2.ZOO / f"{zoo_efficientnetv2.NAME}.json"
    assert path.read_text() == zoo_efficientnetv2.text()
