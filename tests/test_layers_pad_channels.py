"""The ``PadChannels`` layer: zero channels appended on the last axis (a Pad op), the missing
piece of ResNet's option A shortcut (tests/test_zoo_cifar.py uses it in the CIFAR ResNets)."""

import pytest

from macc.errors import SpecError
from macc.layers import count_network, from_dict, lower


def _net(layers, shape=(8, 8, 4), **kw):
    return from_dict({"input": list(shape), "layers": layers, **kw})


def test_pads_after_and_a_conv_reads_the_padded_channels():
    net = _net([{"type": "PadChannels", "name": "pad", "padding": 4},
                {"type": "Conv2D", "name": "conv", "filters": 2, "kernel_size": 1, "bias": False}])
    t = count_network(net)
    _, pad, conv = t.layers  # the Input, then the two layers
    assert pad.output_shape == [8, 8, 8]
    assert (pad.maccs, pad.flops, pad.params) == (0, 0, 0)
    assert conv.maccs == 8 * 8 * 8 * 2  # 1,024: the conv's kernel is 1×1×8×2
    assert conv.params == 16
    ops = [n.op for n in lower(net).graph_def.node]
    assert ops.count("Pad") == 1


def test_before_and_after_and_the_pad_table():
    net = _net([{"type": "PadChannels", "name": "pad", "padding": [1, 3]}])
    low = lower(net)
    nodes = {n.name: n for n in low.graph_def.node}
    const = next(n for n in low.graph_def.node if n.op == "Const" and n.name.startswith("pad"))
    # paddings [[0, 0], [0, 0], [0, 0], [1, 3]] for [batch, h, w, c]
    assert list(const.attr["value"].tensor.int_val) == [0, 0, 0, 0, 0, 0, 1, 3]
    assert "pad/Pad" in nodes
    assert count_network(net).layers[1].output_shape == [8, 8, 8]


def test_any_rank_pads_the_last_axis():
    # a sequence [steps, channels] and a pooled vector [channels]
    seq = count_network(_net([{"type": "PadChannels", "padding": [2, 0]}], shape=(10, 3)))
    assert seq.layers[1].output_shape == [10, 5]
    vec = count_network(_net([{"type": "GlobalAvgPool2D"}, {"type": "PadChannels", "padding": 6},
                              {"type": "Dense", "units": 5, "bias": False}]))
    assert vec.layers[2].output_shape == [10]
    assert vec.layers[3].maccs == 10 * 5


def test_option_a_shortcut_adds_to_a_strided_conv():
    # 8×8×4 -> 4×4×8 by a 3×3/2 conv; the shortcut subsamples and pads 4 zero channels
    net = _net([{"type": "Branches", "name": "b", "merge": "add", "branches": [
        [{"type": "AvgPool2D", "pool_size": 1, "strides": 2}, {"type": "PadChannels", "padding": 4}],
        [{"type": "Conv2D", "filters": 8, "kernel_size": 3, "strides": 2, "padding": "same",
          "bias": False}]]}])
    t = count_network(net)
    assert t.totals.maccs == 4 * 4 * 9 * 4 * 8  # 4,608: only the conv
    assert t.totals.params == 9 * 4 * 8


def test_width_does_not_scale_the_padding():
    net = _net([{"type": "PadChannels", "padding": 4},
                {"type": "Conv2D", "filters": 8, "kernel_size": 1, "bias": False}], width=0.5)
    t = count_network(net)
    assert t.layers[1].output_shape == [8, 8, 8]
    assert t.layers[2].output_shape == [8, 8, 4]  # int(8·0.5)


@pytest.mark.parametrize("layer,msg", [
    ({"type": "PadChannels", "padding": -1}, "padding"),
    ({"type": "PadChannels"}, "padding"),
    ({"type": "PadChannels", "padding": [1, 2, 3]}, "padding"),
])
def test_bad_padding_is_one_spec_error(layer, msg):
    with pytest.raises(SpecError, match=msg) as e:
        _net([layer])
    assert "\n" not in str(e.value)
