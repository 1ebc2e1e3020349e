# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 16: KerasHub (``keras_hub`` 0.32, Keras 3) backbones with tiny configs, frozen as the
other Keras rounds freeze: the decoder-only LLM family (Llama, Mistral with sliding windows,
Gemma, Qwen2/3, Phi-3, Mixtral's mixture of experts with top-k routing, Falcon, GPT-2, GPT-NeoX,
OPT, Bloom's ALiBi), the encoders (BERT, DeBERTa-v3's disentangled attention, RoFormer-v2's
rotary embeddings, FNet's Fourier mixing) and an encoder-decoder (T5). Their layers are
KerasHub's own: rotary embeddings, RMSNorm, gated MLPs, grouped-query attention, KV-cache-free
causal masks from ops on the padding mask. Inputs are token ids and a padding mask of 8
positions at batch 1 and at an unknown batch."""

import keras_hub as H
import tensorflow as tf

from .kfreeze import frozen_pair

SEQ = 8
LLM = dict(vocabulary_size=64, num_layers=2, hidden_dim=32, intermediate_dim=64)


def _case(name, make, names=("token_ids", "padding_mask")):
    """(name_b1, name_bN): the backbone on a dict of int32 inputs of SEQ positions."""
    names = list(names)
    return frozen_pair(name, make,
                       lambda batch: [tf.TensorSpec([batch, SEQ], tf.int32, name=n) for n in names],
                       lambda model, *xs: model(dict(zip(names, xs)), training=False))


M = H.models
BACKBONES = {
    "llama": lambda: M.LlamaBackbone(**LLM, num_query_heads=4, num_key_value_heads=2),
    "mistral": lambda: M.MistralBackbone(**LLM, num_query_heads=4, num_key_value_heads=2, sliding_window=4),
    "gemma": lambda: M.GemmaBackbone(**LLM, num_query_heads=4, num_key_value_heads=1, head_dim=8),
    "qwen2": lambda: M.Qwen2Backbone(**LLM, num_query_heads=4, num_key_value_heads=2),
    "qwen3": lambda: M.Qwen3Backbone(**LLM, num_query_heads=4, num_key_value_heads=2, head_dim=8),
    "phi3": lambda: M.Phi3Backbone(**LLM, num_query_heads=4, num_key_value_heads=2),
    "mixtral": lambda: M.MixtralBackbone(**LLM, num_query_heads=4, num_key_value_heads=2, num_experts=4, top_k=2),
    "falcon": lambda: M.FalconBackbone(**LLM, num_attention_heads=4),
    "gpt2": lambda: M.GPT2Backbone(**LLM, num_heads=4, max_sequence_length=16),
    "gpt_neox": lambda: M.GPTNeoXBackbone(**LLM, num_heads=4, max_sequence_length=16),
    "opt": lambda: M.OPTBackbone(**LLM, num_heads=4, max_sequence_length=16),
    "bloom": lambda: M.BloomBackbone(**LLM, num_heads=4),
    "deberta_v3": lambda: M.DebertaV3Backbone(**LLM, num_heads=4, max_sequence_length=16, bucket_size=4),
}
SEGMENTS = ("token_ids", "segment_ids", "padding_mask")


def cases():
    out = []
    for name, make in BACKBONES.items():
        out += _case(f"kh_{name}", make)
    out += _case("kh_bert", lambda: M.BertBackbone(**LLM, num_heads=4, max_sequence_length=16), SEGMENTS)
    out += _case("kh_roformer_v2", lambda: M.RoformerV2Backbone(**LLM, num_heads=4, head_size=8, max_wavelength=100), SEGMENTS)
    out += _case("kh_fnet", lambda: M.FNetBackbone(**LLM, max_sequence_length=16), ("token_ids", "segment_ids"))
    out += _case("kh_t5", lambda: M.T5Backbone(**LLM, num_heads=4), ("encoder_token_ids", "encoder_padding_mask", "decoder_token_ids", "decoder_padding_mask"))
    return out
