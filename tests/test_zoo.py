"""The bundled zoo against the numbers its papers publish (docs/zoo.md has the full table).

Papers print their totals rounded to a few digits, some rounded and some truncated; each check
below says which one reproduces the printed figure. Papers' "Mult-Adds" and ResNet's "FLOPs" are
multiply-accumulates: our ``maccs``.
"""

import json
import pathlib
import subprocess
import sys

import pytest

import macc
from macc.layers import count_network, load, zoo_names

_CACHE = {}


def table(name):
    if name not in _CACHE:
        _CACHE[name] = count_network(load(name))
    return _CACHE[name]


def shown(value: int, unit: int, digits: int, how: str) -> float:
    """``value`` in ``unit`` with ``digits`` decimals, rounded half up or truncated, as printed."""
    scale = 10 ** digits
    if how == "round":
        q = (2 * value * scale + unit) // (2 * unit)
    else:
        q = value * scale // unit
    return q / scale


def maccs(name, types=None):
    rows = table(name).layers
    return sum(r.maccs for r in rows if types is None or r.type in types)


def params_without_bn(name):
    return sum(r.params for r in table(name).layers if r.type != "BatchNorm")


M, G = 10 ** 6, 10 ** 9
CONV = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D"}

# (network, what, measure, published, unit, digits, rounding that reproduces the paper)
PUBLISHED = [
    # Howard et al. 2017, Table 6 (width) and Table 7 (resolution): Mult-Adds, params
    ("mobilenet_v1_1.0_224", "maccs", lambda n: maccs(n), 569, M, 0, "round"),
    ("mobilenet_v1_1.0_224", "params", lambda n: table(n).totals.params, 4.2, M, 1, "round"),
    ("mobilenet_v1_0.75_224", "maccs", lambda n: maccs(n), 325, M, 0, "round"),
    ("mobilenet_v1_0.75_224", "params", lambda n: table(n).totals.params, 2.6, M, 1, "round"),
    ("mobilenet_v1_0.5_224", "maccs", lambda n: maccs(n), 149, M, 0, "round"),
    ("mobilenet_v1_0.5_224", "params", lambda n: table(n).totals.params, 1.3, M, 1, "round"),
    ("mobilenet_v1_0.25_224", "maccs", lambda n: maccs(n), 41, M, 0, "round"),
    ("mobilenet_v1_0.25_224", "params", lambda n: table(n).totals.params, 0.5, M, 1, "round"),
    ("mobilenet_v1_1.0_192", "maccs", lambda n: maccs(n), 418, M, 0, "round"),
    ("mobilenet_v1_1.0_160", "maccs", lambda n: maccs(n), 290, M, 0, "floor"),  # 290.68
    ("mobilenet_v1_1.0_128", "maccs", lambda n: maccs(n), 186, M, 0, "round"),
    # Sandler et al. 2018, Table 4: 300 M MAdds, 3.4 M params (conv + fc weights); truncated
    ("mobilenet_v2_1.0_224", "maccs", lambda n: maccs(n), 300, M, 0, "floor"),  # 300.77
    ("mobilenet_v2_1.0_224", "params", params_without_bn, 3.4, M, 1, "floor"),  # 3.47
    # He et al. 2015, Table 1 "FLOPs" (multiply-adds, conv + fc)
    ("resnet18", "maccs", lambda n: maccs(n), 1.8, G, 1, "round"),
    ("resnet34", "maccs", lambda n: maccs(n), 3.6, G, 1, "floor"),  # 3.66
    ("resnet50", "maccs", lambda n: maccs(n), 3.8, G, 1, "floor"),  # 3.86
    ("resnet101", "maccs", lambda n: maccs(n), 7.6, G, 1, "round"),  # 7.57
    ("resnet152", "maccs", lambda n: maccs(n), 11.3, G, 1, "round"),  # 11.28
    ("resnet50_v1_5", "maccs", lambda n: maccs(n), 4.1, G, 1, "round"),  # 4.09
    # VGG: 15.3 G conv-only (He et al. 2015, Sec. 3.3; Sze et al. 2017, Table 3), 15.5 G with the
    # FC layers (Sze et al.), 19.6 G VGG-19 (He et al., with FC); params from Simonyan & Zisserman
    ("vgg16", "conv maccs", lambda n: maccs(n, CONV), 15.3, G, 1, "round"),
    ("vgg16", "maccs", lambda n: maccs(n), 15.5, G, 1, "round"),
    ("vgg16", "params", lambda n: table(n).totals.params, 138, M, 0, "round"),
    ("vgg19", "maccs", lambda n: maccs(n), 19.6, G, 1, "round"),
    ("vgg19", "params", lambda n: table(n).totals.params, 144, M, 0, "round"),
    # AlexNet (Sze et al. 2017, Table 3): 666 M conv + 58.6 M FC = 724 M MACs, 61 M weights
    ("alexnet", "maccs", lambda n: maccs(n), 724, M, 0, "round"),
    ("alexnet", "conv maccs", lambda n: maccs(n, CONV), 666, M, 0, "round"),
    ("alexnet", "fc maccs", lambda n: maccs(n, {"Dense"}), 58.6, M, 1, "round"),
    ("alexnet", "params", lambda n: table(n).totals.params, 61, M, 0, "round"),
]


@pytest.mark.parametrize("net,what,measure,published,unit,digits,how", PUBLISHED,
                         ids=[f"{p[0]}-{p[1]}" for p in PUBLISHED])
def test_published_numbers(net, what, measure, published, unit, digits, how):
    assert shown(measure(net), unit, digits, how) == published


def test_mobilenet_v1_exact_maccs():
    # conv1 112²·32·27 = 10,838,016; depthwise 3×3: 9·Σ HW·C = 17,385,984;
    # pointwise 1×1: Σ HW·Cin·Cout = 539,492,352; fc 1024·1000 = 1,024,000
    t = table("mobilenet_v1_1.0_224")
    kinds = t.by_kind()
    assert kinds["Conv2D 3×3"]["maccs"] == 10_838_016
    assert kinds["DepthwiseConv2D 3×3"]["maccs"] == 17_385_984
    assert kinds["Conv2D 1×1"]["maccs"] == 539_492_352
    assert kinds["Dense"]["maccs"] == 1_024_000
    assert t.totals.maccs == 568_740_352


def test_mobilenet_v1_mult_add_shares():
    # Howard et al. Table 2: 1×1 conv 94.86 %, depthwise 3.06 %, FC 0.18 % of Mult-Adds. The
    # paper prints 1.19 % for the full 3×3 conv; it is 10,838,016 / 568,740,352 = 1.91 % (the
    # four printed shares add to 99.29 %; with 1.91 to 100.01 %): see docs/zoo.md.
    kinds = table("mobilenet_v1_1.0_224").by_kind()
    total = table("mobilenet_v1_1.0_224").totals.maccs

    def pct(kind):
        return shown(kinds[kind]["maccs"] * 100, total, 2, "round")

    assert pct("Conv2D 1×1") == 94.86
    assert pct("DepthwiseConv2D 3×3") == 3.06
    assert pct("Dense") == 0.18
    assert pct("Conv2D 3×3") == 1.91


def test_resnet50_v1_vs_v1_5():
    # the stride moves from the first 1×1 to the 3×3 in the first block of conv3..conv5, so each
    # of those 1×1 convs runs at twice the resolution: 3 · (56²·256·128 − 28²·256·128)
    # = 3 · (102,760,448 − 25,690,112) = 231,211,008 more MACCs
    assert maccs("resnet50_v1_5") - maccs("resnet50") == 231_211_008
    assert table("resnet50_v1_5").totals.params == table("resnet50").totals.params


def test_googlenet_table1_ops():
    # Szegedy et al. 2014, Table 1 "ops" column (M); inception 5a prints 54 M, the layer's own
    # widths give 7²·1,042,432 = 51.08 M (docs/zoo.md)
    rows = table("googlenet").layers
    by_stage = {}
    for r in rows:
        stage = r.name.split("/")[0].replace("conv2_reduce", "conv2")
        by_stage[stage] = by_stage.get(stage, 0) + r.maccs
    printed = {"conv1": 118, "conv2": 360, "inception_3a": 128, "inception_3b": 304,
               "inception_4b": 88, "inception_4c": 100, "inception_4d": 119, "inception_4e": 170,
               "inception_5b": 71, "fc": 1}
    assert {k: shown(by_stage[k], M, 0, "round") for k in printed} == printed
    assert shown(by_stage["inception_4a"], M, 0, "floor") == 73  # 73.6
    assert by_stage["inception_5a"] == 7 * 7 * 1_042_432


def test_list_names_every_required_network():
    names = set(zoo_names())
    required = {"alexnet", "vgg16", "vgg19", "resnet18", "resnet34", "resnet50", "resnet101",
                "resnet152", "resnet50_v1_5", "mobilenet_v2_1.0_224", "googlenet",
                "squeezenet1_0", "squeezenet1_1", "mobilenet_v3_large_1.0_224",
                "mobilenet_v3_small_1.0_224", "shufflenet_v2_1.0", "efficientnet_b0",
                "densenet121", "convnext_tiny"}
    required |= {f"efficientnet_b{i}" for i in range(8)}
    required |= {f"mobilenet_v1_{a}_{r}" for a in ("1.0", "0.75", "0.5", "0.25")
                 for r in (224, 192, 160, 128)}
    assert required <= names
    p = subprocess.run([sys.executable, "-m", "macc", "layers", "--list"], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0 and set(p.stdout.split()) == names


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v1_0.5_160",
                                  "mobilenet_v3_small_1.0_224", "shufflenet_v2_1.0"])
def test_export_profiles_like_the_spec(tmp_path, name):
    out = tmp_path / "model.pb"
    p = subprocess.run([sys.executable, "-m", "macc", "layers", name, "--export", str(out),
                        "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    t = table(name).totals
    r = macc.profile(str(out))
    assert (r.totals.flops, r.totals.tf_flops, r.totals.maccs, r.totals.params,
            r.totals.weights) == (t.flops, t.tf_flops, t.maccs, t.params, t.weights)
    assert p.stdout.splitlines()[-1] == f"total,,,{t.params},{t.maccs},{t.flops},{t.tf_flops}"


def test_mobilenet_v1_parameter_shares():
    # Howard et al. Table 2, as shares of the kernel weights: 1×1 3,139,584, depthwise 44,640,
    # 3×3 864, FC 1,024,000 (its 1,000 biases and batch norm left out) = 4,209,088
    kinds = table("mobilenet_v1_1.0_224").by_kind()
    kernels = {k: kinds[k]["params"] for k in ("Conv2D 1×1", "DepthwiseConv2D 3×3", "Conv2D 3×3")}
    kernels["Dense"] = kinds["Dense"]["params"] - 1000
    total = sum(kernels.values())
    assert total == 4_209_088
    assert {k: shown(v * 100, total, 2, "round") for k, v in kernels.items()} == {
        "Conv2D 1×1": 74.59, "DepthwiseConv2D 3×3": 1.06, "Conv2D 3×3": 0.02, "Dense": 24.33}


def test_squeezenet1_0_table1_parameters():
    # Iandola et al. 2016, Table 1, "# parameter before pruning" per layer (kernels + biases):
    # conv1 7·7·3·96 + 96 = 14,208; fire2 (96·16+16) + (16·64+64) + (9·16·64+64) = 11,920; ...
    # conv10 512·1000 + 1000 = 513,000; total 1,248,424 (the printed total, exact)
    rows = table("squeezenet1_0").layers
    by_stage = {}
    for r in rows:
        stage = r.name.split("/")[0]
        by_stage[stage] = by_stage.get(stage, 0) + r.params
    assert {k: v for k, v in by_stage.items() if v} == {
        "conv1": 14_208, "fire2": 11_920, "fire3": 12_432, "fire4": 45_344, "fire5": 49_440,
        "fire6": 104_880, "fire7": 111_024, "fire8": 188_992, "fire9": 197_184,
        "conv10": 513_000}
    assert table("squeezenet1_0").totals.params == 1_248_424
    # Table 1's output sizes: 111×111×96 after conv1 on 227×227, 55, 27 and 13 after the pools
    sizes = {r.name: r.output_shape for r in rows}
    assert (sizes["conv1"], sizes["pool1"], sizes["pool4"], sizes["conv10"]) == (
        [111, 111, 96], [55, 55, 96], [27, 27, 256], [13, 13, 1000])


def test_squeezenet1_1_against_1_0():
    # v1.1: conv1 3·3·3·64 + 64 = 1,792 (v1.0: 14,208), fire2 squeezes 64 channels, not 96
    # (32·16 = 512 fewer): 1,248,424 − 12,416 − 512 = 1,235,496, "1.24 M" rounded
    t0, t1 = table("squeezenet1_0").totals, table("squeezenet1_1").totals
    assert t1.params == 1_235_496
    assert (shown(t0.params, M, 2, "round"), shown(t1.params, M, 2, "round")) == (1.25, 1.24)
    # The v1.1 README's "2.4x less computation" (1.72 vs 0.72 GFLOPS/image) is NOT reproduced
    # from the Caffe sizes (227 input, ceil-mode pools 56->28->14): 832,667,936 / 387,747,520
    # = 2.15; docs/zoo.md explains. Hand sums: v1.0 convs 832,667,936 MACCs.
    assert (t0.maccs, t1.maccs) == (832_667_936, 387_747_520)
    assert shown(t0.maccs, t1.maccs, 1, "round") == 2.1


# tensorflow/models research/slim/nets/mobilenet/README.md, "Mobilenet V2 Imagenet Checkpoints":
# MACs (M) for every width and resolution, params (M) per width. Every MACs entry is reproduced
# truncated (e.g. 0.75_192 153.94 -> 153, 0.5_96 18.89 -> 18; rounding would miss 8 of 22);
# params are conv + fc kernels and biases (no batch norm), rounded to two decimals (0.75: 2.6098
# -> 2.61; truncation would print 2.60).
MOBILENET_V2_MACS = {
    "1.4": (582, None, None, None, None), "1.3": (509, None, None, None, None),
    "1.0": (300, 221, 154, 99, 56), "0.75": (209, 153, 107, 69, 39),
    "0.5": (97, 71, 50, 32, 18), "0.35": (59, 43, 30, 20, 11)}
MOBILENET_V2_PARAMS = {"1.4": 6.06, "1.3": 5.34, "1.0": 3.47, "0.75": 2.61, "0.5": 1.95,
                       "0.35": 1.66}


@pytest.mark.parametrize("width", list(MOBILENET_V2_MACS))
def test_mobilenet_v2_widths_and_resolutions(width):
    for res, printed in zip((224, 192, 160, 128, 96), MOBILENET_V2_MACS[width]):
        name = f"mobilenet_v2_{width}_{res}"
        if printed is not None:
            assert shown(maccs(name), M, 0, "floor") == printed, name
    name = f"mobilenet_v2_{width}_224"
    assert shown(params_without_bn(name), M, 2, "round") == MOBILENET_V2_PARAMS[width]


def test_mobilenet_v2_width_rounding():
    # Channels are int(c·α) made divisible by 8 (at least 8, never more than 10 % below):
    # α = 0.35: conv1 32·0.35 = 11.2 -> 8 is 29 % below, so 16; 16·0.35 = 5 -> 8; 320·0.35 = 112.
    # The last 1×1 conv stays 1280 for α ≤ 1 and is 1280·1.4 = 1792 for α = 1.4.
    def filters(name, layer):
        return next(r.output_shape[-1] for r in table(name).layers if r.name == layer)
    assert [filters("mobilenet_v2_0.35_224", n) for n in
            ("conv1", "block0/project", "block6/project", "conv_last")] == [16, 8, 112, 1280]
    assert filters("mobilenet_v2_1.4_224", "conv_last") == 1792
    # 1.4-224: 582,195,824 MACCs; the paper's Table 4 prints 585 M and 6.9 M (docs/zoo.md)
    assert maccs("mobilenet_v2_1.4_224") == 582_195_824


def test_mobilenet_v3_published():
    # Howard et al. 2019, Table 3: Large 1.0 219 M MAdds, 5.4 M params; Small 1.0 56 M, 2.5 M.
    # tensorflow/models slim mobilenet README: Large dm=1 217 M MACs, 5.4 M params.
    large, small = "mobilenet_v3_large_1.0_224", "mobilenet_v3_small_1.0_224"
    assert shown(maccs(large), M, 0, "round") == 217  # README; 216.59 (paper's 219: docs/zoo.md)
    assert shown(maccs(small), M, 0, "floor") == 56  # paper, truncated: 56.51
    assert shown(table(large).totals.params, M, 1, "floor") == 5.4  # truncated: 5.483
    assert shown(table(small).totals.params, M, 1, "round") == 2.5  # 2.543
    assert (maccs(large), table(large).totals.params) == (216_589_760, 5_483_032)
    assert (maccs(small), table(small).totals.params) == (56_510_400, 2_542_856)


def test_mobilenet_v3_squeeze_excite_and_hard_swish():
    # Large block3: 5×5 depthwise on 72 channels at 56² -> 28², SE to md(72/4 = 18) = 24 (16 would
    # be > 10 % below 18): 72·24 + 24 + 24·72 + 72 = 3,552 params, 72·24 + 24·72 = 3,456 MACCs
    rows = {r.name: r for r in table("mobilenet_v3_large_1.0_224").layers}
    se = [r for n, r in rows.items() if n.startswith("block3/se/")]
    assert sum(r.params for r in se) == 3_552 and sum(r.maccs for r in se) == 3_456
    assert rows["block3/se/merge"].output_shape == [28, 28, 72]
    # hard swish = x·relu6(x + 3)·(1/6): AddV2, Relu6, Mul, Mul on 112·112·16 = 200,704 elements;
    # TF counts the add and the two muls (Relu6 has no TF flops): 3 · 200,704 = 602,112
    assert rows["conv1_act"].tf_flops == 602_112


def test_shufflenet_v2_1x():
    # Ma et al. 2018, Table 5, 1x: 146 M FLOPs (= multiply-adds), 2.3 M weights. Params reproduce
    # rounded (2,278,604 -> 2.3); the FLOPs do not: ours 144,907,992 (docs/zoo.md).
    # stage2 unit: 1×1 58->58, 3×3 depthwise, 1×1 at 28²: 2·28²·58² + 28²·9·58 = 5,684,000
    t = table("shufflenet_v2_1.0")
    assert shown(t.totals.params, M, 1, "round") == 2.3
    assert (t.totals.maccs, t.totals.params) == (144_907_992, 2_278_604)
    unit = sum(r.maccs for r in t.layers if r.name.startswith("stage2_1/"))
    assert unit == 5_684_000
    shapes = {r.name: r.output_shape for r in t.layers}
    assert (shapes["stage2_1/split"], shapes["stage4_3/shuffle"]) == ([28, 28, 58], [7, 7, 464])


def test_split_and_shuffle_lower_to_tf_ops():
    # Split reads part k as "name:k"; ChannelShuffle is Reshape, Transpose, Reshape (no flops)
    from macc.layers import Network, lower
    net = Network(input=[4, 4, 8], layers=[
        {"type": "Split", "name": "split"},
        {"type": "Conv2D", "name": "c", "filters": 4, "kernel_size": 1, "inputs": ["split:1"]},
        {"type": "Concat", "name": "cat", "inputs": ["split", "c"]},
        {"type": "ChannelShuffle", "name": "shuffle", "groups": 2}])
    ops = [n.op for n in lower(net).graph_def.node if n.name.startswith("shuffle/")]
    assert [o for o in ops if o != "Const"] == ["Reshape", "Transpose", "Reshape"]
    conv_in = next(n for n in lower(net).graph_def.node if n.name == "c/Conv2D").input[0]
    assert conv_in == "split/split:1"
    with pytest.raises(macc.SpecError, match="layer 'split' has no output 2"):
        count_network(Network(input=[4, 4, 8], layers=[
            {"type": "Split", "name": "split"},
            {"type": "Activation", "function": "relu", "inputs": ["split:2"]}]))


def test_efficientnet_b0():
    # Tan & Le 2019, Table 2: B0 5.3 M params, 0.39 B FLOPs (multiply-adds); both rounded:
    # 5,288,548 -> 5.3 M, 385,814,752 -> 0.39 G
    t = table("efficientnet_b0")
    assert shown(t.totals.params, M, 1, "round") == 5.3
    assert shown(maccs("efficientnet_b0"), G, 2, "round") == 0.39
    assert (t.totals.maccs, t.totals.params) == (385_814_752, 5_288_548)
    # block2a: squeeze-excite to int(16·0.25) = 4 channels of the block's input, not its
    # expansion (96): 96·4 + 4 + 4·96 + 96 = 868 params; swish = x·Sigmoid(x)
    rows = table("efficientnet_b0").layers
    assert sum(r.params for r in rows if r.name.startswith("block2a/se/")) == 868
    ops = {n.op for n in lower_nodes("efficientnet_b0", "stem_swish/")}
    assert ops == {"Sigmoid", "Mul"}


def lower_nodes(name, prefix):
    from macc.layers import lower
    return [n for n in lower(load(name)).graph_def.node if n.name.startswith(prefix)]


def test_densenet121_hand_counts():
    # No table of the DenseNet paper prints ImageNet params or FLOPs (docs/zoo.md); these are
    # hand-derived. First dense layer at 56²: 1×1 64->128 = 56²·64·128 = 25,690,112, then 3×3
    # 128->32 = 56²·9·128·32 = 115,605,504. Channels 64 +6·32 = 256 -> 128, +12·32 = 512 -> 256,
    # +24·32 = 1024 -> 512, +16·32 = 1024 into the classifier (1024·1000 + 1000 params).
    rows = {r.name: r for r in table("densenet121").layers}
    assert rows["denseblock1_1/layer/branch1/conv1"].maccs == 25_690_112
    assert rows["denseblock1_1/layer/branch1/conv2"].maccs == 115_605_504
    assert rows["transition3/pool"].output_shape == [7, 7, 512]
    assert rows["fc"].params == 1_025_000
    t = table("densenet121").totals
    assert (t.maccs, t.params) == (2_834_161_664, 7_978_856)
    assert shown(t.params, M, 1, "round") == 8.0  # the commonly quoted "8.0 M"



# ---- Inception-v3 against the frozen Keras graph (tests/fixtures/keras_inceptionv3_b1.pb) ----
# Keras's InceptionV3 (include_top, 299×299×3, batch 1) frozen and profiled by TF 2.21. Every
# conv is conv (no bias) + BatchNormalization(scale=False) + ReLU. Σ channels over its 94 batch
# norms (= Σ filters of the 94 convs) is C = 17,216: stem 32+32+64+80+192 = 400, mixed0 464,
# mixed1/2 496 each, mixed3 640, mixed4 1,536, mixed5/6 1,728 each, mixed7 1,920, mixed8 1,280,
# mixed9/10 3,264 each. Σ elements they normalise (= the ReLUs' flops) is N = 8,967,488.
IV3_FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "keras_inceptionv3_b1.pb"
IV3_C, IV3_N = 17_216, 8_967_488


def _iv3():
    """(the spec's layer table, the spec's graph report, the frozen Keras graph's report)."""
    if "iv3" not in _CACHE:
        from macc.layers import count_lowered, lower
        tbl, rep = count_lowered(lower(load("inception_v3")), "inception_v3")
        _CACHE["iv3"] = (tbl, rep, macc.profile(str(IV3_FIXTURE)))
    return _CACHE["iv3"]


def test_inception_v3_maccs_equal_the_keras_graph():
    tbl, spec, keras = _iv3()
    assert spec.totals.maccs == keras.totals.maccs == 5_713_216_096
    # per op type: the 94 convs and the classifier's MatMul agree in count and in all three
    # columns (conv2d + dense exactly); so do the pools, the ReLUs, the bias, the concats, softmax
    for op in ("Conv2D", "MatMul", "BiasAdd", "Relu", "AvgPool", "MaxPool", "Mean", "ConcatV2",
               "Softmax"):
        a, b = spec.by_op[op], keras.by_op[op]
        assert (a.count, a.flops, a.tf_flops, a.maccs) == (b.count, b.flops, b.tf_flops,
                                                           b.maccs), op
    assert keras.by_op["Conv2D"].maccs == 5_711_168_096
    assert keras.by_op["MatMul"].maccs == 2048 * 1000
    # conv by conv: the same multiset of (output shape, maccs), so a wrong layer shows up here

    def convs(report):
        return sorted((tuple(n.output_shapes[0]), n.maccs) for n in report.nodes
                      if n.op == "Conv2D")
    assert convs(spec) == convs(keras)
    assert tbl.totals.maccs == spec.totals.maccs


def test_inception_v3_equals_the_keras_graph_in_every_column():
    # the spec's batch norms are unfused and without scale, as Keras 3 builds them: per layer
    # inv = rsqrt(var + eps) (add C, rsqrt 2·C), shift = beta − mean·inv (mul C, sub C),
    # y = x·inv + shift (mul N, add N): 2·N + 5·C = 17,934,976 + 86,080 = 18,021,056 flops,
    # which TF's profiler counts too. So every counted op type agrees in count and all three
    # columns, and the totals are the frozen graph's exactly.
    _, spec, keras = _iv3()
    bn = ("AddV2", "Mul", "Sub", "Rsqrt")
    assert sum(keras.by_op[o].flops for o in bn) == 2 * IV3_N + 5 * IV3_C == 18_021_056
    assert keras.by_op["Rsqrt"].flops == 2 * IV3_C and keras.by_op["Sub"].flops == IV3_C
    counted = {op for op, s in keras.by_op.items() if s.flops or s.tf_flops or s.maccs}
    assert counted == {op for op, s in spec.by_op.items() if s.flops or s.tf_flops or s.maccs}
    for op in counted:
        a, b = spec.by_op[op], keras.by_op[op]
        assert (a.count, a.flops, a.tf_flops, a.maccs) == (b.count, b.flops, b.tf_flops,
                                                           b.maccs), op
    assert (spec.totals.flops, spec.totals.tf_flops, spec.totals.maccs) == (
        keras.totals.flops, keras.totals.tf_flops, keras.totals.maccs) == (
        11_468_280_038, 11_468_989_680, 5_713_216_096)


def test_inception_v3_fused_batch_norm():
    # the same spec with fused batch norms (the default): one FusedBatchNormV3 per layer,
    # 2·N + 6·C flops (the sixth per channel a multiply by the constant gamma of ones), which
    # TF's profiler counts 0
    from macc.layers import count_lowered, from_dict, lower
    text = (pathlib.Path(macc.__file__).parent / "zoo" / "inception_v3.json").read_text()
    assert text.count('"fused": false') == 1  # the conv_bn template's batch norm
    spec = from_dict(json.loads(text.replace('"fused": false', '"fused": true')))
    _, rep = count_lowered(lower(spec), "inception_v3")
    f = rep.by_op["FusedBatchNormV3"]
    assert (f.count, f.flops, f.tf_flops) == (94, 2 * IV3_N + 6 * IV3_C, 0) == (94, 18_038_272, 0)
    assert rep.totals.maccs == 5_713_216_096


def test_inception_v3_params_against_keras():
    # Keras's 23,851,784 = trainable 23,817,352 + non-trainable 34,432, where
    #   trainable = conv kernels 21,751,136 + batch-norm beta C = 17,216 + Dense 2048·1000 + 1000
    #   non-trainable = moving mean + moving variance = 2·C = 34,432.
    # The spec's BatchNorm says scale=False too: no gamma param, so its params are Keras's
    # trainable count exactly, and its weights (params + moving statistics + each batch norm's
    # epsilon, a scalar float Const, as in the frozen graph) are Keras's count + 94 = 23,851,878.
    tbl, spec, keras = _iv3()
    kinds = tbl.by_kind()
    kernels = sum(v["params"] for k, v in kinds.items() if k.startswith("Conv2D"))
    assert kernels == 21_751_136
    assert kinds["BatchNorm"]["params"] == IV3_C and kinds["Dense"]["params"] == 2_049_000
    keras_trainable = kernels + IV3_C + 2_049_000
    assert keras_trainable == 23_817_352
    assert keras_trainable + 2 * IV3_C == 23_851_784  # Keras's published count, exactly
    assert spec.totals.params == keras_trainable
    assert spec.totals.weights == keras.totals.weights == 23_851_784 + 94
    assert keras.totals.params == 0


def test_inception_v3_published():
    # Szegedy et al. 2015 (arXiv:1512.00567), abstract: "a computational cost of 5 billion
    # multiply-adds per inference and with using less than 25 million parameters". 5,713,216,096
    # MACCs print as 5 G only truncated (rounding gives 6); the Keras network has no auxiliary
    # classifier. Both parameter readings (Keras's 23,851,784 and ours) are under 25 M.
    tbl, _, _ = _iv3()
    assert shown(tbl.totals.maccs, G, 0, "floor") == 5
    assert shown(tbl.totals.maccs, G, 0, "round") == 6
    assert tbl.totals.params < 25 * M and tbl.totals.weights < 25 * M
    rows = {r.name: r for r in tbl.layers}
    # grid sizes as Keras's comments state them: 35×35×256, 17×17×768, 8×8×1280, 8×8×2048
    assert [rows[f"mixed{i}/mix/merge"].output_shape for i in (0, 3, 8, 10)] == [
        [35, 35, 256], [17, 17, 768], [8, 8, 1280], [8, 8, 2048]]


def test_inception_v3_cli_and_export(tmp_path):
    # `macc layers inception_v3` lists it, prints its table, and its exported GraphDef profiles
    # to the spec's own totals
    assert "inception_v3" in zoo_names()
    out = tmp_path / "iv3.pb"
    p = subprocess.run([sys.executable, "-m", "macc", "layers", "inception_v3", "--export",
                        str(out), "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    t = _iv3()[0].totals
    assert p.stdout.splitlines()[-1] == f"total,,,{t.params},{t.maccs},{t.flops},{t.tf_flops}"
    r = macc.profile(str(out))
    assert (r.totals.flops, r.totals.tf_flops, r.totals.maccs, r.totals.params,
            r.totals.weights) == (t.flops, t.tf_flops, t.maccs, t.params, t.weights)
