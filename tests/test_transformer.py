"""Transformer layer specs: LayerNorm, RMSNorm, Embedding, MultiHeadAttention, gelu, Dense on sequences,
PositionEmbedding, ClassToken, SelectToken — hand counts, and the equality with frozen Keras 3
models profiled by TF (tests/fixtures/keras_encoder, keras_vit; tools/fixtures/transformer.py)."""

import collections
import json

import pytest

import macc
from conftest import FIXTURES
from macc import SpecError
from macc.layers import Network, count_lowered, count_network, from_dict, lower


def seq_net(layers, shape=(197, 768), **kw):
    return Network(input=list(shape), layers=layers, **kw)


def only(t, name):
    return next(r for r in t.layers if r.name == name)


def test_layer_norm_197x768_per_op():
    # N = 197·768 = 151,296 elements in R = 197 rows. TF's profiler and our exact count agree:
    # mean N + SquaredDifference 2N + variance mean N + (var + eps) R + Rsqrt 2R + gamma mul N
    # + x·inv N + Neg R + (−mean·inv) N + (+ beta) N + add N = 9N + 4R = 1,361,664 + 788
    net = seq_net([{"type": "LayerNorm", "name": "ln"}])
    t = count_network(net)
    ln = only(t, "ln")
    assert (ln.flops, ln.tf_flops, ln.maccs, ln.params) == (1_362_452, 1_362_452, 0, 2 * 768)
    _, rep = count_lowered(lower(net), "ln")
    per_op = {op: s.tf_flops for op, s in rep.by_op.items() if s.tf_flops}
    assert per_op == {"Mean": 2 * 151_296, "SquaredDifference": 302_592, "AddV2": 197 + 2 * 151_296,
                      "Rsqrt": 394, "Mul": 3 * 151_296, "Neg": 197}


@pytest.mark.parametrize("scale,center,flops", [
    (True, False, 8 * 128 + 4 * 8),   # no beta add: the shift stays per row, one add of N
    (False, True, 7 * 128 + 5 * 8),   # −mean·inv per row (R); + beta N; add N
    (False, False, 6 * 128 + 5 * 8)])
def test_layer_norm_without_scale_or_center(scale, center, flops):
    # [8, 16]: N = 128, R = 8 (formulas in lower_transformer.py's _layer_norm)
    t = count_network(seq_net([{"type": "LayerNorm", "scale": scale, "center": center}], (8, 16)))
    assert (t.totals.flops, t.totals.tf_flops, t.totals.params) == (flops, flops,
                                                                     16 * (scale + center))


def test_rms_norm_per_op():
    # Llama's and T5's norm, as Keras 3's RMSNormalization: on [197, 768], N = 151,296 in
    # R = 197 rows: Square N + Mean N + (+ eps) R + Rsqrt 2R + x·inv N + ·scale N = 4N + 3R =
    # 605,184 + 591 = 605,775, the same in TF's profiler; one [768] scale: 768 params
    net = seq_net([{"type": "RMSNorm", "name": "rms"}])
    t = count_network(net)
    rms = only(t, "rms")
    assert (rms.flops, rms.tf_flops, rms.maccs, rms.params) == (605_775, 605_775, 0, 768)
    assert rms.output_shape == [197, 768]
    _, rep = count_lowered(lower(net), "rms")
    per_op = {op: s.tf_flops for op, s in rep.by_op.items() if s.tf_flops}
    assert per_op == {"Square": 151_296, "Mean": 151_296, "AddV2": 197, "Rsqrt": 394,
                      "Mul": 2 * 151_296}


def test_group_query_attention_by_hand():
    # Keras's GroupQueryAttention on [5, 16]: 4 query heads and 2 key-value heads of 4.
    # params: query 16·4·4 + 4·4 = 272, key and value 16·2·4 + 2·4 = 136 each, output
    # 4·4·16 + 16 = 272 → 816. MACCs: query 5·16·16 = 1,280, key and value 5·16·8 = 640 each,
    # scores and context over the repeated heads 4·5·5·4 = 400 each, output 5·16·16 = 1,280
    t = count_network(seq_net([{"type": "GroupQueryAttention", "name": "gqa", "num_query_heads": 4,
                                "num_key_value_heads": 2, "head_dim": 4}], (5, 16)))
    g = only(t, "gqa")
    assert (g.params, g.maccs, g.output_shape) == (816, 1_280 + 2 * 640 + 2 * 400 + 1_280, [5, 16])
    # TF's profiler on the same Keras layer, frozen at batch 1, said 8,522: the projections
    # 2·MACCs (2,560 + 2·1,280 + 2,560) plus their bias adds (80 + 2·40), the scaling Mul 100,
    # Softmax 5·100 = 500, the output BiasAdd 80, the two repeats' int32 Mul (heads × 2) 1 each;
    # the Einsums count 0
    assert 2_560 + 2 * 1_280 + 2_560 + 80 + 2 * 40 + 100 + 500 + 80 + 2 == 8_522
    assert g.tf_flops == 8_522


def test_group_query_attention_needs_whole_groups():
    with pytest.raises(SpecError, match=r"num_query_heads \(6\) must be a multiple of "
                                        r"num_key_value_heads \(4\)"):
        from_dict({"input": [5, 16], "layers": [{"type": "GroupQueryAttention",
                                                 "num_query_heads": 6, "num_key_value_heads": 4,
                                                 "head_dim": 4}]})


def test_dense_on_a_sequence_is_keras_tensordot():
    t = count_network(seq_net([{"type": "Dense", "units": 32}], (8, 16)))
    # [8,16]·[16,32]: maccs 8·16·32 = 4096; exact 256·(2·16−1) + bias 256 = 8192;
    # TF 2·16·256 + 256 = 8448; params 16·32 + 32 = 544
    assert (t.totals.maccs, t.totals.flops, t.totals.tf_flops, t.totals.params) == (
        4096, 8192, 8448, 544)
    assert t.layers[-1].output_shape == [8, 32]
    ops = [n.op for n in lower(seq_net([{"type": "Dense", "units": 32}], (8, 16))).graph
           if n.op not in ("Const", "VariableV2", "Placeholder")]
    assert ops == ["Reshape", "MatMul", "Reshape", "BiasAdd"]


@pytest.mark.parametrize("fn,tf_per,exact_per", [
    # erf form: 0.5·x, Neg, ·(1/√2), Erfc (TF: 0), product — 4 per element in TF, 5 exact
    ("gelu", 4, 5),
    # tanh form: 0.5·x, Pow, ·0.044715, add, ·√(2/π), Tanh (TF: 0), 1 + t, product — 7 and 8
    ("gelu_tanh", 7, 8)])
def test_gelu_forms(fn, tf_per, exact_per):
    t = count_network(seq_net([{"type": "Activation", "function": fn}], (8, 16)))
    assert (t.totals.tf_flops, t.totals.flops, t.totals.maccs) == (tf_per * 128, exact_per * 128, 0)


def test_multi_head_attention_base_sizes():
    net = seq_net([{"type": "MultiHeadAttention", "name": "mha", "num_heads": 12,
                    "key_dim": 64}])
    mha = only(count_network(net), "mha")
    # q, k, v kernels [768,12,64] + biases [12,64], output [12,64,768] + [768]: 4·(768² + 768)
    assert mha.params == 2_362_368
    # projections 4·197·768·768 = 464,781,312; scores and context 12·197·197·64 = 29,805,312 each
    assert mha.maccs == 464_781_312 + 2 * 29_805_312
    # TF: four BatchMatMulV2 2·768·(197·768) = 929,562,624; three bias AddV2 3·151,296 = 453,888;
    # scaling Mul 12·197² = 465,708; Softmax 5·465,708 = 2,328,540; output BiasAdd 151,296;
    # the two Einsums count 0 in TF
    assert mha.tf_flops == 929_562_624 + 453_888 + 465_708 + 2_328_540 + 151_296
    assert mha.output_shape == [197, 768]


def test_cross_attention_value_dim():
    # query [8,16] from "q"; value/key [5,12] from "v"; 2 heads, key_dim 4, value_dim 6:
    # q kernel 16·8 + 8, k 12·8 + 8, v 12·12 + 12, out 12·16 + 16 = 136 + 104 + 156 + 208 = 604
    # (Keras's count_params for the same layer); scores 2·8·5·4 = 320, context 2·8·5·6 = 480,
    # projections 8·16·8 + 5·12·8 + 5·12·12 + 8·12·16 = 1024 + 480 + 720 + 1536 = 3760
    net = Network(layers=[{"type": "Input", "name": "q", "shape": [8, 16]},
                          {"type": "Input", "name": "v", "shape": [5, 12]},
                          {"type": "MultiHeadAttention", "name": "mha", "num_heads": 2,
                           "key_dim": 4, "value_dim": 6, "inputs": ["q", "v"]}])
    mha = only(count_network(net), "mha")
    assert (mha.params, mha.maccs, mha.output_shape) == (604, 3760 + 320 + 480, [8, 16])


def test_embedding_position_class_and_select_token():
    net = Network(layers=[
        {"type": "Input", "name": "ids", "shape": [128], "dtype": "int32"},
        {"type": "Embedding", "name": "emb", "input_dim": 30522, "output_dim": 768},
        {"type": "PositionEmbedding", "name": "pos", "max_length": 512},
        {"type": "ClassToken", "name": "cls"},
        {"type": "SelectToken", "name": "first"}])
    t = count_network(net)
    rows = {r.name: r for r in t.layers}
    # the table 30522·768; ids < 0 wrapped: Less and an int AddV2 on 128 ids (TF counts both)
    assert (rows["emb"].params, rows["emb"].tf_flops, rows["emb"].flops) == (23_440_896, 256, 256)
    assert rows["emb"].output_shape == [128, 768]
    # 512·768 table, its first 128 rows added: 128·768 = 98,304
    assert (rows["pos"].params, rows["pos"].tf_flops) == (393_216, 98_304)
    assert (rows["cls"].params, rows["cls"].flops, rows["cls"].output_shape) == (768, 0, [129, 768])
    assert (rows["first"].flops, rows["first"].output_shape) == (0, [768])
    ops = [n.op for n in lower(net).graph if n.name.startswith("emb/") and n.op != "Const"]
    assert ops == ["VariableV2", "Less", "StridedSlice", "AddV2", "SelectV2", "GatherV2"]


@pytest.mark.parametrize("layers,needle", [
    ([{"type": "Embedding", "input_dim": 10, "output_dim": 4}],
     "layer 'embedding' (Embedding): needs int32 ids"),
    ([{"type": "Flatten"}, {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 4}],
     "layer 'multi_head_attention' (MultiHeadAttention): needs a sequence input"),
    ([{"type": "PositionEmbedding", "max_length": 4}],
     "layer 'position_embedding' (PositionEmbedding): field 'max_length': 4 is shorter than"),
    ([{"type": "SelectToken", "index": 8}],
     "layer 'select_token' (SelectToken): field 'index': 8 is out of range for a sequence of 8"),
    ([{"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 4,
       "inputs": ["input", "input", "input", "input"]}],
     "layer 'multi_head_attention' (MultiHeadAttention): takes one input"),
])
def test_lowering_errors_are_one_line(layers, needle):
    with pytest.raises(SpecError) as e:
        count_network(seq_net(layers, (8, 16)))
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_bad_transformer_spec_fields():
    with pytest.raises(SpecError) as e:
        from_dict({"input": [8, 16], "layers": [{"type": "MultiHeadAttention", "num_heads": 0,
                                                 "key_dim": 4}]}, source="t.json")
    assert str(e.value) == ("t.json: layer '#0' (MultiHeadAttention): field 'num_heads': Input "
                            "should be greater than 0")
    with pytest.raises(SpecError, match=r"layer '#0' \(Activation\): field 'function'"):
        from_dict({"input": [4], "layers": [{"type": "Activation", "function": "geluu"}]})


# ---- the specs of the two Keras fixture models (tools/fixtures/transformer.py) ----------------
ENCODER = {"name": "keras_encoder", "batch": 2, "layers": [
    {"type": "Input", "name": "ids", "shape": [8], "dtype": "int32"},
    {"type": "Input", "name": "segments", "shape": [8], "dtype": "int32"},
    {"type": "Embedding", "name": "tok", "input_dim": 50, "output_dim": 16, "inputs": ["ids"]},
    {"type": "PositionEmbedding", "name": "pos", "max_length": 12},
    {"type": "Embedding", "name": "seg", "input_dim": 2, "output_dim": 16, "inputs": ["segments"]},
    {"type": "Add", "name": "emb", "inputs": ["pos", "seg"]},
    {"type": "LayerNorm", "epsilon": 1e-12},
    {"type": "Branches", "name": "att", "merge": "add", "branches": [[], [
        {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 8}]]},
    {"type": "LayerNorm", "name": "ln1", "epsilon": 1e-12},
    {"type": "Branches", "name": "mlp", "merge": "add", "branches": [[], [
        {"type": "Dense", "units": 32, "activation": "gelu"}, {"type": "Dense", "units": 16}]]},
    {"type": "LayerNorm", "name": "ln2", "epsilon": 1e-12},
    {"type": "SelectToken"},
    {"type": "Dense", "units": 16, "activation": "tanh"}]}
VIT = {"name": "keras_vit", "input": [16, 16, 3], "layers": [
    {"type": "Conv2D", "filters": 16, "kernel_size": 4, "strides": 4},
    {"type": "Reshape", "target_shape": [16, 16]},
    {"type": "ClassToken"}, {"type": "PositionEmbedding"},
    {"type": "Branches", "name": "att", "merge": "add", "branches": [[], [
        {"type": "LayerNorm", "epsilon": 1e-6},
        {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 8}]]},
    {"type": "Branches", "name": "mlp", "merge": "add", "branches": [[], [
        {"type": "LayerNorm", "epsilon": 1e-6},
        {"type": "Dense", "units": 32, "activation": "gelu_tanh"},
        {"type": "Dense", "units": 16}]]},
    {"type": "LayerNorm", "epsilon": 1e-6}, {"type": "SelectToken"},
    {"type": "Dense", "units": 10}]}


def _tf_by_op(stem, frozen):
    """TF's per-node numbers of the fixture summed per op type (node ops from the frozen graph)."""
    record = json.loads((FIXTURES / f"{stem}.tfprof.json").read_text())
    op_of = {n.name: n.op for n in frozen.nodes}
    by_op = collections.Counter()
    for name, v in record["nodes"].items():
        by_op[op_of[name]] += v
    return record, dict(by_op)


@pytest.mark.parametrize("spec", [ENCODER, VIT], ids=["encoder", "vit"])
def test_spec_equals_frozen_keras_model(spec):
    stem = spec["name"]
    table, rep = count_lowered(lower(from_dict(spec)), stem)
    frozen = macc.profile(str(FIXTURES / f"{stem}.pb"))
    record, tf_by_op = _tf_by_op(stem, frozen)
    # TF's profiler on the frozen Keras graph: total and per op type
    assert table.totals.tf_flops == record["total_float_ops"]
    assert {op: s.tf_flops for op, s in rep.by_op.items() if s.tf_flops} == tf_by_op
    # Keras's count_params: the spec's trainable variables
    assert table.totals.params == record["keras_params"]
    # and every column of macc on the frozen graph, op type by op type (weights: the frozen
    # graph's float constants are the spec's variables and scalar constants)
    def cols(r):
        return {op: (s.count, s.flops, s.tf_flops, s.maccs) for op, s in r.by_op.items()
                if s.flops or s.maccs or s.tf_flops}
    assert cols(rep) == cols(frozen)
    assert (table.totals.flops, table.totals.maccs, table.totals.weights) == (
        frozen.totals.flops, frozen.totals.maccs, frozen.totals.weights)


def test_fixture_numbers():
    # the fixture totals, so a regenerated fixture that changes them is noticed
    enc = json.loads((FIXTURES / "keras_encoder.tfprof.json").read_text())
    vit = json.loads((FIXTURES / "keras_vit.tfprof.json").read_text())
    assert (enc["total_float_ops"], enc["keras_params"]) == (80_160, 3_552)
    assert (vit["total_float_ops"], vit["keras_params"]) == (112_338, 3_498)
    # encoder params: tok 50·16 + pos 12·16 + seg 2·16 + 3 LN 3·32 + MHA 4·(16·16 + 16)
    # + Dense 16·32 + 32 + 32·16 + 16 + pooler 16·16 + 16 = 800 + 192 + 32 + 96 + 1088 + 544
    # + 528 + 272 = 3552
    assert 800 + 192 + 32 + 96 + 1088 + 544 + 528 + 272 == enc["keras_params"]
