"""The transformer zoo networks (vit_b16, bert_base) against their published numbers, derived by
hand, and against TF's profiler on their exported GraphDefs (tests/fixtures/zoo_vit_b16,
zoo_bert_base: TF's per-node numbers are checked by tests/test_parity.py)."""

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


@pytest.mark.parametrize("name", ["vit_b16", "bert_base"])
def test_tf_profiler_on_the_export(name):
    record = json.loads((FIXTURES / f"zoo_{name}.tfprof.json").read_text())
    assert table(name).totals.tf_flops == record["total_float_ops"]
    # vit_b16 33,813,916,476; bert_base 21,812,786,944 (TF 2.21)
    assert record["total_float_ops"] == {"vit_b16": 33_813_916_476,
                                         "bert_base": 21_812_786_944}[name]
