"""EfficientNet-B0 … B7: the generated specs, Keras's counts, and Table 2 of Tan & Le 2019.

The specs are written by tools/zoo_efficientnet.py from B0's block table (docs/zoo.md). Keras's
numbers are in tests/fixtures/keras_zoo_counts.json, written by ``python -m tools.fixtures
keras_zoo`` (TF 2.21, Keras 3.15.1): ``keras.applications.EfficientNetBk(weights=None)`` at its
resolution, its trainable / non-trainable parameter counts, and macc's totals on the model frozen
at batch 1 (``convert_variables_to_constants_v2`` of a ``tf.function``).
"""

import importlib.util
import json
import pathlib

import pytest
from test_zoo import shown

from conftest import FIXTURES
from macc.layers import count_lowered, load, lower

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("zoo_efficientnet", ROOT / "tools" / "zoo_efficientnet.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

KERAS = json.loads((FIXTURES / "keras_zoo_counts.json").read_text())
NAMES = [f"efficientnet_b{i}" for i in range(8)]
M, G = 10 ** 6, 10 ** 9
_CACHE = {}


def counted(name):
    """(layer table, report of the lowered graph) of a zoo spec."""
    if name not in _CACHE:
        _CACHE[name] = count_lowered(lower(load(name)), name)
    return _CACHE[name]


@pytest.mark.parametrize("variant", list(gen.VARIANTS))
def test_generator_writes_the_committed_specs(variant):
    # B0's file was written by hand before the generator; the generator reproduces it byte for
    # byte from Table 1, so B1-B7 come from the very same block table
    path = ROOT / "macc" / "zoo" / f"efficientnet_{variant}.json"
    assert gen.text(variant) == path.read_text()


def test_scaling_rules():
    # width: int(f·w + 4) // 8 · 8, bumped by 8 below 90 % of f·w. B3 (w 1.2): 16·1.2 = 19.2 ->
    # 16 is below 17.28, so 24; 40·1.2 = 48 -> 48; B4 (w 1.4): 24·1.4 = 33.6 -> 32 (>= 30.24);
    # B7 (w 2.0): 32 -> 64, 1280 -> 2560; B2 (w 1.1): 1280·1.1 = 1408 -> 1408
    assert [gen.round_filters(16, 1.2), gen.round_filters(40, 1.2), gen.round_filters(24, 1.4),
            gen.round_filters(32, 2.0), gen.round_filters(1280, 2.0),
            gen.round_filters(1280, 1.1)] == [24, 48, 32, 64, 2560, 1408]
    # depth: ceil(d·r). B7 (d 3.1): repeats 1, 2, 2, 3, 3, 4, 1 -> 4, 7, 7, 10, 10, 13, 4 = 55
    assert [gen.round_repeats(r, 3.1) for _, _, _, _, _, r in gen.B0_STAGES] == [
        4, 7, 7, 10, 10, 13, 4]
    rows = {r.name: r for r in counted("efficientnet_b7")[0].layers}
    assert "block6m/branch1/project" in rows and "block6n/branch1/project" not in rows
    assert rows["stem"].output_shape == [300, 300, 64]
    assert rows["top"].output_shape == [19, 19, 2560]  # 600 / 32 = 18.75 -> 19 ("same")
    # squeeze-excite of B3's block2a: a quarter of its input (24, not 16) = 6 channels
    b3 = {r.name: r for r in counted("efficientnet_b3")[0].layers}
    assert b3["block2a/se/branch1/reduce"].output_shape == [1, 1, 6]


@pytest.mark.parametrize("name", NAMES)
def test_equals_keras(name):
    tbl, rep = counted(name)
    k = KERAS[name]
    # params: Keras's trainable count, exactly (conv kernels, SE biases, batch norm γ and β,
    # the classifier)
    assert tbl.totals.params == k["trainable"]
    # Keras's non-trainable weights: batch norm's moving mean and variance (one each per γ) and
    # the Normalization preprocessing layer's mean, variance (3 each) and count (1); Rescaling
    # has none. Our weights hold the moving statistics, not the preprocessing (the spec starts
    # at the stem): Keras's total − 7
    nt = k["non_trainable_by_kind"]
    assert nt["normalization"] == 7 and nt["moving_mean"] == nt["moving_variance"]
    bn_gamma_beta = sum(r.params for r in tbl.layers if r.type == "BatchNorm")
    assert 2 * nt["moving_mean"] == bn_gamma_beta
    assert tbl.totals.weights == k["trainable"] + k["non_trainable"] - 7
    # maccs: those macc counts on the frozen Keras graph, per op type (its stride-2 convolutions
    # are ZeroPadding2D + valid: the same output sizes, so the same MACCs)
    assert tbl.totals.maccs == k["macc"]["maccs"]
    assert {op: s.maccs for op, s in rep.by_op.items() if s.maccs} == k["macc"]["maccs_by_op"]
    # the frozen graph counts fully (nothing unsupported) and TF's profiler agrees with our
    # tf_flops on it (they differ from the spec's by the preprocessing and Keras's unfused
    # batch norm, which TF counts and the spec's fused FusedBatchNormV3 is not)
    assert k["macc"]["unsupported"] == {} and k["macc"]["tf_flops"] == k["tf_total_float_ops"]


# Table 2 of Tan & Le 2019: (params M, digits, rounding; FLOPs B, digits, rounding) where the
# printed figure is reproduced; None where no rounding of our (= Keras's) count gives it
TABLE2 = {
    "efficientnet_b0": (5.3, 1, "round", 0.39, 2, "round"),  # 5.29, 0.386
    "efficientnet_b1": (7.8, 1, "round", 0.70, 2, None),  # 7.79; 0.687 (0.69 / 0.68)
    "efficientnet_b2": (9.2, 1, None, 1.0, 1, "round"),  # 9.11 (9.1 either way); 0.994
    "efficientnet_b3": (12, 0, "round", 1.8, 1, "round"),  # 12.23; 1.827 (floor too)
    "efficientnet_b4": (19, 0, "round", 4.2, 1, None),  # 19.34; 4.394 (4.4 / 4.3)
    "efficientnet_b5": (30, 0, "round", 9.9, 1, None),  # 30.39; 10.27 (10.3 / 10.2)
    "efficientnet_b6": (43, 0, "round", 19, 0, "round"),  # 43.04; 19.07 (floor too)
    "efficientnet_b7": (66, 0, "round", 37, 0, "floor"),  # 66.35; 37.75 truncated (rounds to 38)
}


@pytest.mark.parametrize("name", NAMES)
def test_table2(name):
    p, pd, phow, f, fd, fhow = TABLE2[name]
    t = counted(name)[0].totals
    for value, unit, printed, digits, how in ((t.params, M, p, pd, phow),
                                               (t.maccs, G, f, fd, fhow)):
        if how is None:  # not reproduced: neither rounding nor truncation prints it
            assert printed not in (shown(value, unit, digits, "round"),
                                   shown(value, unit, digits, "floor"))
        else:
            assert shown(value, unit, digits, how) == printed
    if name == "efficientnet_b7":
        assert shown(t.maccs, G, 0, "round") == 38
    if name == "efficientnet_b2":
        # with batch norm's moving statistics (Keras's total, 9,177,569) it would round to 9.2
        k = KERAS[name]
        assert shown(k["trainable"] + k["non_trainable"], M, 1, "round") == 9.2


def test_exact_totals():
    # ours = Keras's (test_equals_keras); written out for docs/zoo.md's table
    assert [(counted(n)[0].totals.params, counted(n)[0].totals.maccs) for n in NAMES] == [
        (5_288_548, 385_814_752), (7_794_184, 686_802_832), (9_109_994, 993_561_872),
        (12_233_232, 1_827_141_392), (19_341_616, 4_393_771_024), (30_389_784, 10_266_384_752),
        (43_040_704, 19_067_593_536), (66_347_960, 37_745_884_192)]
