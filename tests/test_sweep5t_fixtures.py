"""Sweep round 5t's fixtures (tools/fixtures/sweep5t.py, TF1 training graphs) beyond node-by-node
parity and shapes (test_parity.py, from the records' ``tf_shapes``): the gradient and update
nodes carry the hand-derived counts of tests/test_formulas_round5t.py, the v2 TensorArray ops
TF's shapes."""

from conftest import FIXTURES, fixture_rows

RECORDS = sorted(FIXTURES.glob("sweep5t_*.tfprof.json"))


def test_sweep5t_fixtures_exist():
    assert len(RECORDS) == 10


def test_qat_gradients():
    rows = fixture_rows("sweep5t_qat")
    g = "gradients/FakeQuantWithMinMaxVars{}_grad/FakeQuantWithMinMaxVars{}Gradient"
    # Vars on [2, 4]: 7·8 + 2·(8 − 1) = 70; PerChannel on the [6, 4] weights, 4 channels:
    # 7·24 + 2·(24 − 4) = 208; Args on [2, 6]: 3·12 = 36
    assert rows[g.format("", "")].flops == 70
    pc = rows[g.format("PerChannel", "PerChannel")]
    assert (pc.flops, pc.output_shapes) == (208, [[6, 4], [4], [4]])
    assert rows["gradients_1/FakeQuantWithMinMaxArgs_grad/FakeQuantWithMinMaxArgsGradient"].flops == 36


def test_fold_and_segment_gradients():
    rows = fixture_rows("sweep5t_mirror_pad")
    # [2, 5, 6] padded by [[0, 0], [2, 2], [0, 3]] to [2, 9, 9]: 162 − 60 = 102 folded adds
    assert rows["gradients/MirrorPad_1_grad/MirrorPadGrad"].flops == 102
    rows = fixture_rows("sweep5t_segment_grads")
    # grad [3, 4], indices [0, 2, 2, 5, 1]: Sum 4, Mean 32, SqrtN 35 (test_formulas_round5t)
    assert [rows[f"SparseSegment{n}Grad"].flops for n in ("Sum", "Mean", "SqrtN")] == [4, 32, 35]
    assert rows["SparseSegmentSumGrad"].output_shapes == [[7, 4]]
    rows = fixture_rows("sweep5t_old_grads")
    # TileGrad of a [2, 8, 4, 9] tiling by [1, 2, 1, 3]: 576 − 576/6 = 480
    assert (rows["tg"].flops, rows["tg"].output_shapes) == (480, [None])
    # t [2,4,4,3] with scale_after_normalization: 5·96 + 11·3 = 513 (test_formulas_derived2)
    assert (rows["bg"].status, rows["bg"].flops) == ("counted", 513)


def test_rnn_gradients():
    rows = fixture_rows("sweep5t_rnn_grads")
    # B = 2, H = 3: 22·6 = 132; with peepholes 132 + 36 + 27 = 195
    assert (rows["LSTMBlockCellGrad"].flops, rows["LSTMBlockCellGrad_1"].flops) == (132, 195)
    g = rows["GRUBlockCellGrad"]
    # 18·6 + 16·5 + 16·11 + 10 = 374, maccs 144 (test_formulas_round5t)
    assert (g.flops, g.maccs) == (374, 144)
    assert g.output_shapes == [[2, 5], [2, 3], [2, 3], [2, 6]]


def test_updates_and_arrays():
    rows = fixture_rows("sweep5t_updates")
    # InplaceAdd of two [4] rows: 8; ScatterNdMax of one [1, 4] update: 4 comparisons
    assert (rows["InplaceAdd"].flops, rows["ScatterNdMax"].flops) == (8, 4)
    assert rows["CountUpTo"].status == "zero"
    rows = fixture_rows("sweep5t_ta_v2")
    assert rows["ta"].output_shapes == [[2]] and rows["r"].output_shapes == [None]
    assert rows["cc"].output_shapes == [None, [None]]
