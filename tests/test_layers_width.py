"""Layer specs: the network's width (with MobileNet's rounding and per-layer opt-out), the
Rescaling layer, and how spec errors and ``--by kind`` rows read."""

import subprocess
import sys

import pytest

from macc.errors import SpecError
from macc.layers import count_network, from_dict


def _rows(spec):
    t = count_network(from_dict(spec))
    return {r.name: r for r in t.layers}, t.totals


def _conv(name, filters, **kw):
    return {"type": "Conv2D", "name": name, "filters": filters, "kernel_size": 1, "bias": False,
            **kw}


def test_width_plain_multiplier_truncates():
    # int(16·0.75) = 12 and int(20·0.75) = 15 filters; 1×1 convs on 4×4: maccs = 16·cin·cout
    rows, _ = _rows({"input": [4, 4, 3], "width": 0.75,
                     "layers": [_conv("a", 16), _conv("b", 20)]})
    assert rows["a"].output_shape == [4, 4, 12] and rows["b"].output_shape == [4, 4, 15]
    assert rows["b"].maccs == 16 * 12 * 15  # 2,880


def test_width_divisor_rounds_as_mobilenet():
    # make_divisible(v, 8) = max(8, int(v + 4) // 8 · 8), one more 8 if below 0.9·v:
    #   16·0.75 = 12 -> int(16) // 8 · 8 = 16;  24·0.35 = 8.4 -> 8;  20·1.0 with divisor 16:
    #   int(28) // 16 · 16 = 16 < 0.9·20 = 18 -> 32
    rows, _ = _rows({"input": [4, 4, 3], "width": 0.75, "width_divisor": 8,
                     "layers": [_conv("a", 16)]})
    assert rows["a"].output_shape == [4, 4, 16]
    rows, _ = _rows({"input": [4, 4, 3], "width": 0.35, "width_divisor": 8,
                     "layers": [_conv("a", 24)]})
    assert rows["a"].output_shape == [4, 4, 8]
    rows, _ = _rows({"input": [4, 4, 3], "width_divisor": 16, "layers": [_conv("a", 20)]})
    assert rows["a"].output_shape == [4, 4, 32]


def test_scale_width_false_keeps_a_conv_classifier():
    # a 1×1 conv classifier of 1000 keeps its 1000 under width 0.5 (16 -> 8 before it):
    # params 8·1000 + 1000 bias = 9,000
    rows, _ = _rows({"input": [1, 1, 3], "width": 0.5, "layers": [
        _conv("a", 16), _conv("logits", 1000, bias=True, scale_width=False)]})
    assert rows["a"].output_shape == [1, 1, 8]
    assert rows["logits"].output_shape == [1, 1, 1000] and rows["logits"].params == 9_000


@pytest.mark.parametrize("layer", [
    {"type": "SeparableConv2D", "filters": 10, "kernel_size": 1},
    {"type": "Conv2DTranspose", "filters": 10, "kernel_size": 1},
    {"type": "Conv1D", "filters": 10, "kernel_size": 1},
])
def test_scale_width_on_every_layer_with_filters(layer):
    shape = [4, 3] if layer["type"] == "Conv1D" else [4, 4, 3]
    for flag, want in ((True, 5), (False, 10)):  # int(10·0.5) = 5
        rows, _ = _rows({"input": shape, "width": 0.5,
                         "layers": [{**layer, "name": "x", "scale_width": flag}]})
        assert rows["x"].output_shape[-1] == want


def test_rescaling_counts_its_mul_and_add():
    # on 4·4·3 = 48 elements: Mul and AddV2, 48 each = 96 flops (TF counts both); no params,
    # the two scalar constants are 2 weights. offset null: the Mul only, 4·4·8 = 128; a
    # per-channel scale is a [8] constant (8 weights).
    rows, totals = _rows({"input": [4, 4, 3], "layers": [
        {"type": "Rescaling", "name": "pre", "scale": 0.5, "offset": -1.0},
        _conv("c", 8),
        {"type": "Rescaling", "name": "post", "scale": [1, 2, 3, 4, 5, 6, 7, 8], "offset": None}]})
    assert (rows["pre"].flops, rows["pre"].tf_flops, rows["pre"].params) == (96, 96, 0)
    assert (rows["post"].flops, rows["post"].tf_flops, rows["post"].maccs) == (128, 128, 0)
    # conv kernel 3·8 = 24 params; weights 24 + 1 + 1 + 8 = 34
    assert (totals.params, totals.weights) == (24, 34)


def test_rescaling_values_must_match_the_channels():
    with pytest.raises(SpecError, match=r"layer 'r' \(Rescaling\): scale has 2 values, the input "
                                        r"has 3 channels"):
        count_network(from_dict({"input": [4, 4, 3], "layers": [
            {"type": "Rescaling", "name": "r", "scale": [1.0, 2.0]}]}))


def test_a_field_of_several_types_says_what_each_would_take():
    # padding is "same"/"valid", pixels, or a pair of pixels: pydantic's member labels
    # ("literal['same','valid']") never reach the message
    with pytest.raises(SpecError) as e:
        from_dict({"input": [8, 8, 4], "layers": [
            {"type": "Conv2D", "name": "c", "filters": 4, "kernel_size": 3, "padding": "causal"}]})
    assert str(e.value).endswith(
        "layer 'c' (Conv2D): field 'padding': got 'causal'; should be 'same' or 'valid', or a "
        "valid integer, or a valid tuple")
    assert "literal" not in str(e.value)


def test_by_kind_rows_have_no_output_shape():
    p = subprocess.run([sys.executable, "-m", "macc", "layers", "resnet18", "--by", "kind"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    row = next(line for line in p.stdout.splitlines() if line.startswith("Conv2D 7×7 ×1"))
    # name, type, then params: no output column between them (7·7·3·64 = 9,408 params)
    assert "?" not in row and row.split()[5] == "9,408"


def test_inputs_may_name_one_repetition_of_a_block():
    # "blk_1" is the first repetition's output, "blk" the last's; their Add is 8·8·4 = 256 flops
    rows, _ = _rows({"input": [8, 8, 4], "blocks": {"b": {"layers": [_conv("c", 4)]}},
                     "layers": [{"type": "Block", "name": "blk", "block": "b", "repeat": 2},
                                {"type": "Add", "name": "add", "inputs": ["blk_1", "blk"]}]})
    assert list(rows) == ["input", "blk_1/c", "blk_2/c", "add"] and rows["add"].flops == 256


def test_concat_and_split_refuse_the_batch_axis():
    # axes count the batch dim (Keras): axis 0 of two [4,8] inputs would double the batch
    spec = {"input": [4, 8], "layers": [{"type": "Dense", "name": "a", "units": 8},
                                        {"type": "Concat", "name": "cat", "axis": 0,
                                         "inputs": ["input", "a"]}]}
    with pytest.raises(SpecError, match=r"layer 'cat' \(Concat\): field 'axis': 0 is the batch "
                                        r"axis"):
        count_network(from_dict(spec))
    spec["layers"][1] = {"type": "Split", "name": "sp", "axis": -3}  # rank 3: -3 is the batch
    with pytest.raises(SpecError, match=r"layer 'sp' \(Split\): field 'axis': -3 is the batch"):
        count_network(from_dict(spec))


def test_batch_norm_on_a_sequence_lowers_to_separate_ops():
    # FusedBatchNormV3 takes 4-d/5-d inputs; after a Conv1D ([10 steps, 8 channels]) the
    # default lowers to Keras's ops: var+eps 8, Rsqrt 2·8, inv·gamma 8, x·inv 80, mean·inv 8,
    # beta−… 8, add 80 = 208 flops (TF counts them all too); gamma and beta 2·8 params
    rows, _ = _rows({"input": [10, 4], "layers": [
        {"type": "Conv1D", "name": "c", "filters": 8, "kernel_size": 3, "padding": "same",
         "bias": False},
        {"type": "BatchNorm", "name": "bn"}]})
    assert (rows["bn"].params, rows["bn"].flops, rows["bn"].tf_flops) == (16, 208, 208)


def test_token_ids_only_feed_an_embedding():
    spec = {"layers": [{"type": "Input", "name": "ids", "shape": [6], "dtype": "int32"},
                       {"type": "Dense", "name": "d", "units": 4}]}
    with pytest.raises(SpecError, match=r"layer 'd' \(Dense\): reads int32 token ids \(an Input "
                                        r"with dtype \"int32\"\); only an Embedding takes those"):
        count_network(from_dict(spec))


def test_rescaling_values_are_finite_and_toml_can_drop_the_add(tmp_path):
    with pytest.raises(SpecError, match="field 'scale': got nan; should be a finite number"):
        from_dict({"input": [4, 3], "layers": [{"type": "Rescaling", "scale": float("nan")}]})
    # TOML has no null: offset = "none" drops the add, a Mul on 4·3 = 12 elements only
    p = tmp_path / "r.toml"
    p.write_text('input = [4, 3]\n[[layers]]\ntype = "Rescaling"\nname = "r"\nscale = 0.5\n'
                 'offset = "none"\n')
    from macc.layers import load_file
    rows = {r.name: r for r in count_network(load_file(p)).layers}
    assert rows["r"].flops == 12


def test_layers_csv_holds_exact_integers_whatever_the_units():
    # resnet18: 1,814,073,344 MACCs in the total row, never "1.81 G" in a number column
    out = [subprocess.run([sys.executable, "-m", "macc", "layers", "resnet18", "--format", "csv",
                           *units], capture_output=True, text=True, timeout=120).stdout
           for units in ([], ["--units", "auto", "--digits", "4"])]
    assert out[0] == out[1] and out[0].splitlines()[-1].split(",")[4] == "1814073344"


def test_a_name_taken_by_a_layer_and_a_block_repetition_is_refused():
    block = {"type": "Block", "name": "stage", "block": "b", "repeat": 3}
    for layers in ([_conv("stage_2", 7), block], [block, _conv("stage_2", 7)]):
        with pytest.raises(SpecError, match="the name 'stage_2' is taken twice"):
            count_network(from_dict({"input": [4, 4, 3], "blocks": {"b": {"layers": [
                _conv("c", 4)]}}, "layers": layers}))


def test_counts_past_int64_are_spec_errors():
    # 1e17 · 160 filters, or a dim past 2**63-1: one line naming the field, no internal error
    with pytest.raises(SpecError, match="field 'filters': 16000000000000000000 filters"):
        count_network(from_dict({"input": [8, 8, 3], "width": 1e17, "layers": [
            _conv("c", 160)]}))
    with pytest.raises(SpecError, match="field 'units': 1180591620717411303424 is past TF's "
                                        "int64 dims"):
        from_dict({"input": [8, 3], "layers": [{"type": "Dense", "units": 2 ** 70}]})
    with pytest.raises(SpecError, match="field 'width': Input should be a finite number"):
        from_dict({"input": [8, 3], "width": float("inf"), "layers": [_conv("c", 4)]})


def test_token_ids_pass_through_layers_that_only_move_data():
    # ids [2,4] reshaped to [8], concatenated with 8 more, split in two, the second half (8 ids)
    # embedded: the Embedding's id wrapping counts Less and AddV2 per id, 2·8 = 16; params 10·4
    spec = {"layers": [
        {"type": "Input", "name": "a", "shape": [2, 4], "dtype": "int32"},
        {"type": "Input", "name": "b", "shape": [8], "dtype": "int32"},
        {"type": "Reshape", "name": "flat", "inputs": ["a"], "target_shape": [8]},
        {"type": "Concat", "name": "cat", "inputs": ["flat", "b"], "axis": 1},
        {"type": "Split", "name": "sp", "num_splits": 2, "axis": 1},
        {"type": "Dropout", "name": "drop", "inputs": ["sp:1"]},
        {"type": "Embedding", "name": "emb", "input_dim": 10, "output_dim": 4}]}
    rows, totals = _rows(spec)
    assert rows["emb"].output_shape == [8, 4] and (totals.params, totals.flops) == (40, 16)
    # ids mixed with floats in one Concat: no such tensor in TF
    spec["layers"][1] = {"type": "Input", "name": "b", "shape": [8]}
    with pytest.raises(SpecError, match=r"layer 'cat' \(Concat\): reads int32 token ids"):
        count_network(from_dict(spec))
