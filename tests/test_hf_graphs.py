"""Hugging Face transformers' TF models (the round15 fixtures), derived by hand where the graph
is regular enough (test_parity checks every node against TF's record)."""

import macc
from conftest import FIXTURES


def test_hf_bert_layer_by_hand():
    # TFBertModel: 2 layers, hidden 32, 2 heads of 16, intermediate 64, 8 tokens, batch 1
    r = macc.profile(str(FIXTURES / "round15_hf_bert_b1.pb"))
    rows = {n.name: n for n in r.nodes}
    layer = "tf_bert_model/bert/encoder/layer_._0/"
    q = rows[layer + "attention/self/query/Tensordot/MatMul"]
    # [8,32]x[32,32]: TF 2·8·32·32 = 16,384; exact 8·32·(2·32−1) = 16,128; MACCs 8,192
    assert (q.tf_flops, q.flops, q.maccs) == (16_384, 16_128, 8_192)
    scores = rows[layer + "attention/self/MatMul"]
    # per head [8,16]x[16,8], 2 heads: TF 2·2·8·8·16 = 4,096; exact 2·8·8·(2·16−1) = 3,968
    assert scores.output_shapes == [[1, 2, 8, 8]]
    assert (scores.tf_flops, scores.flops) == (4_096, 3_968)
    context = rows[layer + "attention/self/MatMul_1"]
    # per head [8,8]x[8,16]: TF 2·2·8·16·8 = 4,096; exact 2·8·16·(2·8−1) = 3,840
    assert (context.tf_flops, context.flops) == (4_096, 3_840)
    up = rows[layer + "intermediate/dense/Tensordot/MatMul"]
    assert up.tf_flops == 2 * 8 * 32 * 64 == 32_768
    # HF's exact GELU is x·0.5·erfc(−x/√2): TF counts no Erfc, macc's exact flops do (8·64)
    erfc = rows[layer + "intermediate/Gelu/Erfc"]
    assert (erfc.tf_flops, erfc.flops) == (0, 512)
    # the dense layers of both layers: 2·(4·16,384 + 2·32,768) = 262,144 TF-FLOPs of MatMul
    assert r.by_op["MatMul"].tf_flops == 262_144
    assert r.by_op["BatchMatMulV2"].tf_flops == 2 * 2 * 4_096
    assert r.totals.tf_flops == 301_456  # TF's total_float_ops (the fixture's record)


def test_hf_swin_leaves_window_reshapes_incomplete_as_tf_does():
    # Swin's window partitions reshape with dims computed at run time; TF's import cannot pin
    # them even at batch 1, so its profiler skips 176 nodes, and macc skips the same ones
    r = macc.profile(str(FIXTURES / "round15_hf_swin_b1.pb"))
    assert r.totals.tf_flops == 1_364_396
    assert any("176 nodes have tf_flops 0" in w for w in r.warnings)
