"""The transformer zoo networks (vit_b16, bert_base, llama2_7b, mistral_7b) against their
published numbers, derived by hand, and against TF's profiler on their exported GraphDefs
(tests/fixtures/zoo_vit_b16, zoo_bert_base: TF's per-node numbers are checked by
tests/test_parity.py; the LLMs' totals are in zoo_export_totals.json)."""

import json

import pytest
from test_zoo import shown

from conftest import FIXTURES
from macc.layers import count_network, load

_CACHE = {}


def table(name):
    if name not in _CACHE:
        _CACHE[name] = count_network(load(name))
    return _CACHE[name]


def test_vit_b16_params():
    # patch embedding 16·16·3·768 + 768 = 590,592; class token 768; positions 197·768 = 151,296;
    # per block: LN 2·768 ×2, attention 4·(768² + 768) = 2,362,368, MLP 768·3072 + 3072
    # + 3072·768 + 768 = 4,722,432 → 7,087,872, ×12 = 85,054,464; final LN 1,536;
    # head 768·1000 + 1000 = 769,000. timm's vit_base_patch16_224 has the same 86,567,656.
    t = table("vit_b16")
    assert 590_592 + 768 + 151_296 + 12 * 7_087_872 + 1_536 + 769_000 == 86_567_656
    assert t.totals.params == 86_567_656
    # Dosovitskiy et al. 2020, Table 1 prints 86M: truncated (rounding gives 87)
    assert shown(t.totals.params, 10 ** 6, 0, "floor") == 86
    assert shown(t.totals.params, 10 ** 6, 0, "round") == 87


def test_vit_b16_maccs_by_hand():
    # patch embedding 196·768·(16·16·3) = 115,605,504. Per block (197 tokens, d 768, 12 heads
    # of 64): q, k, v 3·197·768² = 348,585,984; scores 12·197²·64 = 29,805,312; context the
    # same; output projection 197·768² = 116,195,328; MLP 2·197·768·3072 = 929,562,624;
    # block 1,453,954,560, ×12 = 17,447,454,720. Head 768·1000 = 768,000.
    t = table("vit_b16")
    kinds = t.by_kind()
    assert kinds["Conv2D 16×16"]["maccs"] == 115_605_504
    assert kinds["MultiHeadAttention"]["maccs"] == 12 * (348_585_984 + 2 * 29_805_312
                                                         + 116_195_328)
    assert kinds["Dense"]["maccs"] == 12 * 929_562_624 + 768_000
    assert t.totals.maccs == 115_605_504 + 17_447_454_720 + 768_000 == 17_563_828_224
    # DeiT (Touvron et al. 2020), Table 1: 17.6 GFLOPs (fvcore multiply-adds) for ViT-B at 224:
    # 17.56 G rounds to it; truncating would print 17.5
    assert shown(t.totals.maccs, 10 ** 9, 1, "round") == 17.6
    assert shown(t.totals.maccs, 10 ** 9, 1, "floor") == 17.5


def test_bert_base_params():
    # word 30522·768 = 23,440,896; position 512·768 = 393,216; segment 2·768 = 1,536;
    # embedding LN 1,536; 12 blocks of 7,087,872 (as ViT's) = 85,054,464; pooler 768² + 768
    # = 590,592. HuggingFace's bert-base-uncased (with pooler) has the same 109,482,240.
    t = table("bert_base")
    assert 23_440_896 + 393_216 + 1_536 + 1_536 + 85_054_464 + 590_592 == 109_482_240
    assert t.totals.params == 109_482_240
    # Devlin et al. 2018 print 110M: two significant figures, rounded (109.48 M)
    assert shown(t.totals.params, 10 ** 7, 0, "round") == 11


def test_bert_base_maccs_by_hand():
    # sequence 128: q, k, v 3·128·768² = 226,492,416; scores and context 12·128²·64 =
    # 12,582,912 each; output 128·768² = 75,497,472; FFN 2·128·768·3072 = 603,979,776;
    # block 931,135,488, ×12 = 11,173,625,856; pooler 768·768 = 589,824. The embeddings are
    # gathers and adds: no MACCs.
    t = table("bert_base")
    assert 226_492_416 + 2 * 12_582_912 + 75_497_472 + 603_979_776 == 931_135_488
    assert t.totals.maccs == 12 * 931_135_488 + 589_824 == 11_174_215_680
    assert t.by_kind()["Embedding"]["maccs"] == 0


def test_llama2_7b_params_and_maccs_by_hand():
    # params: embedding 32,000·4,096 = 131,072,000; per block two RMSNorm scales 2·4,096,
    # attention 4·4,096² = 67,108,864 (no biases), SwiGLU 3·4,096·11,008 = 135,266,304 →
    # 202,383,360, ×32 = 6,476,267,520; final norm 4,096; untied head 131,072,000. Hugging
    # Face's meta-llama/Llama-2-7b-hf has the same 6,738,415,616 ("7B" in the paper's Table 1).
    t = table("llama2_7b")
    assert 2 * 4_096 + 67_108_864 + 135_266_304 == 202_383_360
    assert t.totals.params == 131_072_000 + 32 * 202_383_360 + 4_096 + 131_072_000 == 6_738_415_616
    # MACCs over the 4,096-token context: per block the projections 4,096·(4·4,096² +
    # 3·4,096·11,008) = 828,928,688,128 and the scores and context 2·32·4,096²·128 =
    # 137,438,953,472; ×32; the head 4,096·4,096·32,000 = 536,870,912,000
    per_block = 4_096 * (4 * 4_096 ** 2 + 3 * 4_096 * 11_008) + 2 * 32 * 4_096 ** 2 * 128
    assert per_block == 828_928_688_128 + 137_438_953_472
    assert t.totals.maccs == 32 * per_block + 536_870_912_000 == 31_460_635_443_200
    # 2·MACCs per token ≈ 15.4 G: the usual "2 × params" rule (13.5 G) plus attention
    assert round(2 * t.totals.maccs / 4_096 / 1e9, 1) == 15.4
    assert by_type(t, "RMSNorm") == 65 and by_type(t, "MultiHeadAttention") == 32
    # TF 2.21's profiler on the export (tests/fixtures/zoo_export_totals.json, checked per op
    # type by tests/test_zoo_export.py): 54,236,579,385,344, the attention's Einsums counting 0
    assert t.totals.tf_flops == 54_236_579_385_344


@pytest.mark.parametrize("name,d,layers,heads,kv,ffn,params,maccs", [
    # Llama 2's Table 1 sizes, Hugging Face's exact counts (13B: 40 heads, no GQA; 70B: 64
    # query heads sharing 8 key-value heads)
    ("llama2_13b", 5_120, 40, 40, 40, 13_824, 13_015_864_320, 59_512_140_595_200),
    ("llama2_70b", 8_192, 80, 64, 8, 28_672, 68_976_648_192, 303_439_439_462_400),
])
def test_llama2_sizes_by_hand(name, d, layers, heads, kv, ffn, params, maccs):
    # per block: q and o d², k and v d·kv·128 each, SwiGLU 3·d·ffn, two RMSNorm scales 2·d;
    # plus the embedding and the untied head, 32,000·d each, and the final norm d
    t = table(name)
    block = 2 * d * d + 2 * d * kv * 128 + 3 * d * ffn + 2 * d
    assert t.totals.params == 2 * 32_000 * d + layers * block + d == params
    # MACCs over 4,096 tokens: the projections per token, scores and context over all heads
    T = 4_096
    per_block = T * (2 * d * d + 2 * d * kv * 128 + 3 * d * ffn) + 2 * heads * T * T * 128
    assert t.totals.maccs == layers * per_block + T * d * 32_000 == maccs


def test_mistral_7b_params_and_maccs_by_hand():
    # params: embedding 32,000·4,096 = 131,072,000; per block two RMSNorm scales 2·4,096,
    # grouped-query attention q 4,096² + k, v 2·4,096·(8·128) + o 4,096² = 41,943,040, SwiGLU
    # 3·4,096·14,336 = 176,160,768 → 218,112,000, ×32; final norm 4,096; untied head
    # 131,072,000. Hugging Face's mistralai/Mistral-7B-v0.1 has the same 7,241,732,096.
    t = table("mistral_7b")
    assert 2 * 4_096 + 41_943_040 + 176_160_768 == 218_112_000
    assert t.totals.params == 131_072_000 + 32 * 218_112_000 + 4_096 + 131_072_000 == 7_241_732_096
    # MACCs over 4,096 tokens: per block the projections 4,096·(2·4,096² + 2·4,096·1,024 +
    # 3·4,096·14,336) and scores and context over all 32 (repeated) heads 2·32·4,096²·128; ×32;
    # the head 4,096·4,096·32,000
    per_block = 4_096 * (2 * 4_096 ** 2 + 2 * 4_096 * 1_024 + 3 * 4_096 * 14_336) \
        + 2 * 32 * 4_096 ** 2 * 128
    assert t.totals.maccs == 32 * per_block + 536_870_912_000 == 33_522_219_745_280
    # TF 2.21's profiler on the export (zoo_export_totals.json): the Einsums count 0
    assert t.totals.tf_flops == 58_360_620_404_800
    assert by_type(t, "GroupQueryAttention") == 32


def by_type(t, kind):
    return sum(1 for r in t.layers if r.type == kind)


@pytest.mark.parametrize("name", ["vit_b16", "bert_base"])
def test_tf_profiler_on_the_export(name):
    record = json.loads((FIXTURES / f"zoo_{name}.tfprof.json").read_text())
    assert table(name).totals.tf_flops == record["total_float_ops"]
    # vit_b16 33,813,916,476; bert_base 21,812,786,944 (TF 2.21)
    assert record["total_float_ops"] == {"vit_b16": 33_813_916_476,
                                         "bert_base": 21_812_786_944}[name]


@pytest.mark.parametrize("name,params,maccs,printed_params,printed_gflops", [
    # DeiT-Ti. Params: patch 768·192 + 192 = 147,648; class token 192; positions 197·192 =
    # 37,824; per block LN 384 ×2, attention 4·(192² + 192) = 148,224, MLP 192·768 + 768 +
    # 768·192 + 192 = 295,872 → 444,864, ×12 = 5,338,368; final LN 384; head 193,000.
    # MACCs: patch 196·192·768 = 28,901,376; per block q, k, v 197·192·576 = 21,786,624, scores
    # and context 3·197²·64 = 7,451,328 each, output 197·192² = 7,262,208, MLP 2·197·192·768 =
    # 58,097,664 → 102,049,152, ×12 = 1,224,589,824; head 192,000.
    ("deit_tiny16", 147_648 + 192 + 37_824 + 5_338_368 + 384 + 193_000,
     28_901_376 + 1_224_589_824 + 192_000, 6, 1.3),
    # DeiT-S. Params: patch 768·384 + 384 = 295,296; class token 384; positions 197·384 =
    # 75,648; per block LN 768 ×2, attention 4·(384² + 384) = 591,360, MLP 2·384·1536 + 1536
    # + 384 = 1,181,568 → 1,774,464, ×12 = 21,293,568; final LN 768; head 385,000.
    # MACCs: patch 196·384·768 = 57,802,752; per block q, k, v 197·384·1152 = 87,146,496,
    # scores and context 6·197²·64 = 14,902,656 each, output 197·384² = 29,048,832, MLP
    # 2·197·384·1536 = 232,390,656 → 378,391,296, ×12 = 4,540,695,552; head 384,000.
    ("deit_small16", 295_296 + 384 + 75_648 + 21_293_568 + 768 + 385_000,
     57_802_752 + 4_540_695_552 + 384_000, 22, 4.6),
])
def test_deit(name, params, maccs, printed_params, printed_gflops):
    t = table(name)
    # timm's deit_tiny_patch16_224 / deit_small_patch16_224: 5,717,416 / 22,050,664
    assert params == {"deit_tiny16": 5_717_416, "deit_small16": 22_050_664}[name]
    assert t.totals.params == params
    assert t.totals.maccs == maccs
    # Touvron et al. 2020, Table 1: DeiT-Ti 5M / 1.3 GFLOPs, DeiT-S 22M / 4.6 GFLOPs. The
    # FLOPs (fvcore multiply-adds) round: 1.25 G -> 1.3, 4.60 G -> 4.6; the params of DeiT-Ti
    # (5.72 M) print as 5M: truncated (rounding gives 6), DeiT-S's 22.05 M either way
    assert shown(t.totals.maccs, 10 ** 9, 1, "round") == printed_gflops
    assert shown(t.totals.params, 10 ** 6, 0, "round") == printed_params
    assert shown(t.totals.params, 10 ** 6, 0, "floor") == {"deit_tiny16": 5,
                                                          "deit_small16": 22}[name]
