"""Sweep round 5i's fixtures (tools/fixtures/sweep5i.py) beyond node-by-node parity and shapes
(test_parity.py, from the records' ``tf_shapes``): the fused convolutions and searchsorted carry
the hand-derived counts of tests/test_formulas_round5i.py, the layout ops' folded values reach
the shapes, the value-dependent ops are named."""

import macc
from conftest import FIXTURES, fixture_rows

RECORDS = sorted(FIXTURES.glob("sweep5i_*.tfprof.json"))


def test_sweep5i_fixtures_exist():
    assert len(RECORDS) == 10


def test_layout_values_fold_into_shapes():
    rows = fixture_rows("sweep5i_layout")
    # DataFormatVecPermute([2, 8, 6, 3]) NHWC -> NCHW = [2, 3, 8, 6], the Reshape's target
    assert rows["Reshape"].output_shapes == [[2, 3, 8, 6]]
    assert rows["DataFormatVecPermute"].status == "zero"


def test_fused_conv_nodes():
    rows = fixture_rows("sweep5i_fused_conv")
    # [2,8,8,3] padded to [2,10,12,3], 3x3x3x4 VALID -> [2,8,10,4]: 640·53 = 33920, 640·27
    c = rows["FusedPadConv2D"]
    assert (c.output_shapes[0], c.flops, c.tf_flops, c.maccs) == ([2, 8, 10, 4], 33920, 0, 17280)
    # resized to [12,10] (9·720 = 6480), padded to [2,14,12,3], VALID -> 960 outputs: + 50880
    r = rows["FusedResizeAndPadConv2D"]
    assert (r.output_shapes[0], r.flops, r.maccs) == ([2, 12, 10, 4], 57360, 25920)


def test_search_nodes():
    rows = fixture_rows("sweep5i_search")
    assert rows["LowerBound"].flops == 30  # 10 values · ⌈log2 8⌉
    assert rows["UnravelIndex"].output_shapes == [[2, 4]]


def test_value_dependent_ops_are_named():
    report = macc.profile(str(FIXTURES / "sweep5i_random.pb"))
    assert set(report.unsupported) == {
        "StatelessRandomGammaV2", "StatelessRandomGammaV3", "StatelessRandomBinomial",
        "StatelessParameterizedTruncatedNormal", "StatelessRandomPoisson"}


def test_quantized_nodes():
    rows = fixture_rows("sweep5i_quantized")
    # [2,8,8,3] * 3x3x3x4 SAME: 512·53 = 27136 + bias 512 + 2·4 (test_formulas_round5i.py)
    c = rows["QuantizedConv2DWithBias"]
    assert (c.output_shapes[0], c.flops, c.maccs) == ([2, 8, 8, 4], 27656, 13824)
    assert rows["QuantizedMatMulWithBiasAndDequantize"].flops == 182
    rows = fixture_rows("sweep5i_uniform")
    assert rows["UniformQuantizedDot"].flops == 66  # 6·7 + 4·6
