"""Hand-built layer specs: validation, lowering to TF ops, counting, CLI and paper tables."""

import json
import subprocess
import sys

import pytest

from macc import SpecError
from macc.layers import Network, count_network, from_dict, lower
from macc.layers.render import RENDERERS, fmt_number


def dense_net(**kw):
    return Network(input=[100], layers=[{"type": "Dense", "units": 200, **kw}])


def test_dense_100_to_200_seed_numbers():
    t = count_network(dense_net())
    # exact 200*(2*100-1) = 39,800 + bias 200 = 40,000; TF 2*100*200 + 200 = 40,200; 100*200
    assert (t.totals.flops, t.totals.tf_flops, t.totals.maccs) == (40_000, 40_200, 20_000)
    # kernel 100*200 + bias 200
    assert t.totals.params == 20_200
    dense = t.layers[-1]
    assert (dense.name, dense.output_shape, dense.params) == ("dense", [200], 20_200)


def test_dense_lowers_to_tf_ops():
    low = lower(dense_net(activation="relu"))
    ops = [(n.name, n.op) for n in low.graph]
    assert ops == [("input", "Placeholder"), ("dense/kernel", "VariableV2"),
                   ("dense/MatMul", "MatMul"), ("dense/bias", "VariableV2"),
                   ("dense/BiasAdd", "BiasAdd"), ("dense/Relu", "Relu")]
    assert low.graph["dense/kernel"].attr("shape") == (100, 200)
    assert low.graph["input"].attr("shape") == (1, 100)


def test_batch_scales_counts():
    t = count_network(Network(batch=4, input=[100], layers=[{"type": "Dense", "units": 200,
                                                             "bias": False}]))
    # 4*200*(2*100-1) = 159,200; maccs 4*200*100 = 80,000; params stay 100*200
    assert (t.totals.flops, t.totals.maccs, t.totals.params) == (159_200, 80_000, 20_000)


@pytest.mark.parametrize("scale,center,params", [(True, True, 16), (False, True, 8),
                                                  (True, False, 8), (False, False, 0)])
def test_batch_norm_scale_and_center(scale, center, params):
    # 8 channels: gamma 8 and beta 8 are params when present (Keras's scale/center); without
    # them the fused op reads constant ones/zeros, weights like the moving mean and variance (16)
    t = count_network(Network(input=[4, 4, 8], layers=[
        {"type": "BatchNorm", "name": "bn", "scale": scale, "center": center}]))
    assert t.totals.params == params
    assert t.totals.weights == 8 + 8 + 16
    low = lower(Network(input=[4, 4, 8], layers=[
        {"type": "BatchNorm", "name": "bn", "scale": scale, "center": center}]))
    ops = {n.name: n.op for n in low.graph}
    assert ops["bn/gamma" if scale else "bn/ones"] == ("VariableV2" if scale else "Const")
    assert ops["bn/beta" if center else "bn/zeros"] == ("VariableV2" if center else "Const")


@pytest.mark.parametrize("scale,center,flops", [(True, True, 304), (True, False, 304),
                                                 (False, True, 296), (False, False, 296)])
def test_batch_norm_unfused(scale, center, flops):
    # [4,4,8]: N = 128 elements, C = 8 channels. As tf.nn.batch_normalization builds it:
    # add(var, eps) C + Rsqrt 2·C + [Mul by gamma C] + Mul(x, inv) N + Mul(mean, inv) C
    # + Sub from beta (or Neg) C + AddV2 N = 2·128 + 6·8 = 304, or 2·128 + 5·8 = 296 without
    # gamma; TF's profiler counts every one of them the same
    net = Network(input=[4, 4, 8], layers=[{"type": "BatchNorm", "name": "bn", "scale": scale,
                                             "center": center, "fused": False}])
    t = count_network(net)
    assert (t.totals.flops, t.totals.tf_flops, t.totals.maccs) == (flops, flops, 0)
    # weights: mean and variance 16, epsilon 1, and gamma/beta (8 each) when present
    assert t.totals.weights == 16 + 1 + 8 * scale + 8 * center
    ops = [n.op for n in lower(net).graph if n.op not in ("Const", "VariableV2", "Placeholder")]
    assert ops == ["AddV2", "Rsqrt", *(["Mul"] if scale else []), "Mul", "Mul",
                   "Sub" if center else "Neg", "AddV2"]


def test_grouped_strided_conv():
    t = count_network(Network(input=[8, 8, 4], layers=[
        {"type": "Conv2D", "filters": 6, "kernel_size": 3, "strides": 2, "padding": "same",
         "groups": 2}]))
    conv = t.layers[-1]
    # SAME, stride 2: 8 -> 4; K = 3*3*(4/2) = 18; N(out) = 4*4*6 = 96
    assert conv.output_shape == [4, 4, 6]
    # 96*18 = 1728 maccs; 96*(2*18-1) + 96 bias = 3456; TF 2*96*18 + 96 = 3552
    assert (conv.maccs, conv.flops, conv.tf_flops) == (1728, 3456, 3552)
    # kernel 3*3*2*6 = 108 + bias 6
    assert conv.params == 114


def test_explicit_padding_and_dilation():
    t = count_network(Network(input=[10, 10, 1], layers=[
        {"type": "Conv2D", "filters": 1, "kernel_size": 3, "padding": 1, "dilation": 2,
         "bias": False}]))
    # effective kernel (3-1)*2+1 = 5; (10 + 2 - 5) + 1 = 8
    assert t.layers[-1].output_shape == [8, 8, 1]
    # 64 outputs * 9 = 576 maccs
    assert t.layers[-1].maccs == 576


def test_block_template_repeat_and_first():
    net = from_dict({
        "input": [4],
        "blocks": {"fc": {"params": {"units": 8}, "layers": [{"type": "Dense", "units": "$units"}]}},
        "layers": [{"type": "Block", "name": "stage", "block": "fc", "repeat": 3,
                    "first": {"units": 2}}]})
    t = count_network(net)
    assert [r.name for r in t.layers] == ["input", "stage_1/dense", "stage_2/dense", "stage_3/dense"]
    assert [r.output_shape for r in t.layers[1:]] == [[2], [8], [8]]
    # 4*2 + 2*8 + 8*8 = 88 maccs; params 88 + biases 2+8+8 = 106
    assert (t.totals.maccs, t.totals.params) == (88, 106)


def test_residual_branches_and_named_inputs():
    net = from_dict({"input": [6], "layers": [
        {"type": "Branches", "name": "res", "merge": "add", "activation": "relu",
         "branches": [[], [{"type": "Dense", "units": 6, "bias": False}]]},
        {"type": "Dense", "name": "a", "units": 3, "bias": False},
        {"type": "Dense", "name": "b", "units": 3, "bias": False, "inputs": ["res"]},
        {"type": "Concat", "name": "cat", "inputs": ["a", "b"]}]})
    t = count_network(net)
    rows = {r.name: r for r in t.layers}
    # identity + dense: add 6 flops, no maccs
    assert (rows["res/merge"].flops, rows["res/merge"].maccs) == (6, 0)
    assert rows["cat"].output_shape == [6]
    # maccs: 6*6 + 6*3 + 6*3 = 72
    assert t.totals.maccs == 72


def test_width_multiplier_scales_conv_filters_only():
    net = Network(width=0.5, input=[4, 4, 3], layers=[
        {"type": "Conv2D", "filters": 8, "kernel_size": 1, "bias": False},
        {"type": "Flatten"}, {"type": "Dense", "units": 10, "bias": False}])
    t = count_network(net)
    # conv: 8*0.5 = 4 filters -> 16*4*3 = 192 maccs; dense 64*10 = 640
    assert t.layers[1].output_shape == [4, 4, 4]
    assert t.totals.maccs == 192 + 640


@pytest.mark.parametrize("data,needle", [
    ({"input": [8, 8, 3], "layers": [{"type": "Conv2D", "name": "c1", "filters": "x",
                                      "kernel_size": 3}]},
     "layer 'c1' (Conv2D): field 'filters'"),
    ({"input": [8, 8, 3], "layers": [{"type": "Conv2D", "filters": 2}]},
     "layer '#0' (Conv2D): field 'kernel_size': Field required"),
    ({"input": [8, 8, 3], "layers": [{"type": "Dense", "units": 2}, {"type": "Conv4D"}]},
     "layer '#1' (Conv4D): unknown layer type 'Conv4D'"),
    ({"input": [3], "layers": [{"type": "Dense", "units": 2, "kernal": 3}]},
     "layer '#0' (Dense): field 'kernal': Extra inputs are not permitted"),
    ({"input": [3], "layers": [{"type": "Sequential", "name": "s", "layers": [{"units": 2}]}]},
     "layer 's/#0': field 'type': missing; one of Input, Dense,"),
    ({"input": [3], "layers": [{"type": "Branches", "name": "b", "merge": "add", "branches": [
        [], [{"type": "Dense", "name": "d", "units": 0}]]}]},
     "layer 'b/d' (Dense): field 'units': Input should be greater than 0"),
    ({"input": [3], "blocks": {"b": {"layers": [{"type": "Dense", "units": "$n"}]}},
      "layers": [{"type": "Block", "name": "s", "block": "b"}]},
     "layer 's' (Block): field 'args': block 'b' needs argument 'n'"),
    ({"input": [3], "layers": [{"type": "Block", "name": "s", "block": "nope"}]},
     "layer 's' (Block): field 'block': no block template 'nope'"),
])
def test_bad_spec_names_layer_and_field(data, needle):
    with pytest.raises(SpecError) as e:
        from_dict(data, source="spec.json")
    msg = str(e.value)
    assert msg.startswith("spec.json: ") and needle in msg and "\n" not in msg


def test_lowering_errors_name_the_layer():
    with pytest.raises(SpecError, match=r"layer 'conv2d' \(Conv2D\): field 'groups'"):
        count_network(Network(input=[8, 8, 3], layers=[
            {"type": "Conv2D", "filters": 2, "kernel_size": 3, "groups": 2}]))
    with pytest.raises(SpecError, match=r"layer 'max_pool2d' \(MaxPool2D\): needs a 4-d input"):
        count_network(Network(input=[8, 3], layers=[{"type": "MaxPool2D"}]))
    with pytest.raises(SpecError, match=r"field 'inputs': no earlier layer named 'zz'"):
        count_network(Network(input=[3], layers=[{"type": "Add", "inputs": ["input", "zz"]}]))


def test_number_formats():
    assert fmt_number(4_231_976) == "4,231,976"
    assert fmt_number(4_231_976, "M") == "4.23 M"
    assert fmt_number(568_740_352, "G", 3) == "0.569 G"
    assert fmt_number(15_470_264_320, "auto", 1) == "15.5 G"
    assert fmt_number(999, "auto") == "999"


def test_renderers():
    t = count_network(dense_net())
    latex = RENDERERS["latex"](t)
    assert r"\toprule" in latex and r"\bottomrule" in latex
    assert r"dense & Dense & $200$ & $20{,}200$ & $20{,}000$ & $40{,}000$ & $40{,}200$ \\" in latex
    assert r"dense & Dense & $200$ & $20.2$\,K & $20.0$\,K & $40.0$\,K & $40.2$\,K \\" in \
        RENDERERS["latex"](t, units="K", digits=1)
    md = RENDERERS["markdown"](t, units="K", digits=1)
    assert "| dense | Dense | 200 | 20.2 K | 20.0 K | 40.0 K | 40.2 K |" in md
    assert "dense,Dense,200,20200,20000,40000,40200" in RENDERERS["csv"](t)
    d = json.loads(RENDERERS["json"](t))
    assert d["totals"]["tf_flops"] == 40_200 and d["format"] == "layers"
    assert d["layers"][1]["maccs"] == 20_000


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "macc", "layers", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_toml_and_json_specs(tmp_path):
    toml = tmp_path / "d.toml"
    toml.write_text('name = "d"\ninput = [100]\n[[layers]]\ntype = "Dense"\nunits = 200\n')
    p = run_cli(str(toml), "--format", "csv")
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[-1] == "total,,,20200,20000,40000,40200"
    js = tmp_path / "d.json"
    js.write_text(json.dumps({"input": [100], "layers": [{"type": "Dense", "units": 200}]}))
    p = run_cli(str(js), "--format", "json")
    assert json.loads(p.stdout)["totals"]["flops"] == 40_000


def test_cli_bad_spec_is_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('input = [3]\n[[layers]]\ntype = "Dense"\nunits = -1\n')
    p = run_cli(str(bad))
    assert p.returncode == 1
    assert p.stderr.strip().splitlines() == [
        f"macc: error: {bad}: layer '#0' (Dense): field 'units': Input should be greater than 0"]
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    p = run_cli(str(broken))
    assert p.returncode == 1 and "not valid JSON" in p.stderr and "Traceback" not in p.stderr
    p = run_cli("no_such_net")
    assert p.returncode == 1 and "neither a spec file nor a zoo network" in p.stderr


def test_python_api_objects():
    from macc.layers import Conv2D, Dense, Flatten, Input
    net = Network(layers=[Input(shape=[8, 8, 3]), Conv2D(filters=4, kernel_size=3), Flatten(),
                          Dense(units=10)])
    t = count_network(net)
    # conv 6*6*4 = 144 outputs * 27 = 3888; dense 144*10 = 1440
    assert t.totals.maccs == 3888 + 1440
    # conv 27*4 + 4; dense 144*10 + 10
    assert t.totals.params == 112 + 1450
