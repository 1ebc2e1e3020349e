"""KerasHub backbones (the round16 fixtures): an LLM layer derived by hand, and the mixture of
experts whose Einsum work TF's profiler leaves out (test_parity checks every node against TF)."""

import macc
from conftest import FIXTURES


def _rows(name):
    r = macc.profile(str(FIXTURES / name))
    return r, {n.name: n for n in r.nodes}


def test_llama_layer_by_hand():
    # LlamaBackbone: hidden 32, 4 query heads and 2 key-value heads of 8, gated MLP of 64; 8 tokens
    r, rows = _rows("round16_kh_llama_b1.pb")
    att = "llama_backbone_1/transformer_layer_0_1/self_attention_1/"
    q, k = rows[att + "query_1/MatMul"], rows[att + "key_1/MatMul"]
    # query [8,32]x[32,32]: TF 2·8·32·32 = 16,384, exact 8·32·(2·32−1) = 16,128, MACCs 8,192;
    # key with 2 heads of 8: [8,32]x[32,16] = 8,192 (grouped-query attention halves it)
    assert (q.tf_flops, q.flops, q.maccs) == (16_384, 16_128, 8_192)
    assert (k.tf_flops, k.output_shapes) == (8_192, [[1, 8, 16]])
    scores = rows[att + "MatMul"]
    # 4 heads, [8,8]x[8,8] each: TF 2·4·8·8·8 = 4,096; exact 4·8·8·(2·8−1) = 3,840
    assert (scores.tf_flops, scores.flops, scores.output_shapes) == (4_096, 3_840, [[1, 4, 8, 8]])
    # rotary embedding: positions [8] ⊗ inverse frequencies [4] as an Einsum: 32 products,
    # which TF's profiler does not count (no Einsum in its registry)
    rope = rows[att + "llama_rotary_embedding_1/einsum/Einsum"]
    assert (rope.tf_flops, rope.flops, rope.maccs) == (0, 32, 32)
    ffn = "llama_backbone_1/transformer_layer_0_1/feedforward_"
    # gate and up [8,32]x[32,64] = 2·8·32·64 = 32,768 each, down [8,64]x[64,32] the same
    for part in ("gate", "intermediate", "output"):
        assert rows[ffn + part + "_dense_1/Tensordot/MatMul"].tf_flops == 32_768
    assert r.totals.tf_flops == 326_892  # TF's total_float_ops (the fixture's record)


def test_mixtral_experts_are_einsums_tf_does_not_count():
    r, rows = _rows("round16_kh_mixtral_b1.pb")
    moe = "mixtral_backbone_1/transformer_layer_0_1/mixtral_sparse_moe_block_1/"
    up = rows[moe + "experts_1/einsum/Einsum"]
    # every one of the 4 experts runs on all 8 tokens: [4,8,32]x[4,32,64] -> [4,8,64],
    # 4·8·64·32 = 65,536 MACCs, exact 4·8·64·(2·32−1) = 129,024; TF counts 0
    assert (up.output_shapes, up.maccs, up.flops, up.tf_flops) == ([[4, 8, 64]], 65_536, 129_024, 0)
    router = rows[moe + "sparse_feedforward_gate_dense_1/MatMul"]
    assert router.tf_flops == 2 * 8 * 32 * 4  # [8,32]x[32,4] = 2,048
    # per layer the experts' up, gate and down Einsums 129,024 + 129,024 + 4·8·32·(2·64−1) =
    # 130,048, and two rotary Einsums of 32: 2 layers · (388,096 + 64) = 776,320 exact flops
    # (MACCs 2·(3·65,536 + 64) = 393,344) that TF's total of 148,044 leaves out
    einsum = r.by_op["Einsum"]
    assert (einsum.count, einsum.flops, einsum.maccs, einsum.tf_flops) == (10, 776_320, 393_344, 0)
    assert r.totals.tf_flops == 148_044
