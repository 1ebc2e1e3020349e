# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 15: Hugging Face ``transformers`` TF models (4.46, the last line with TF support),
frozen as users counted a BERT's FLOPs: a tf.function of the model's call, its concrete
function at [batch, seq] (batch 1 and unknown), variables to constants. Small configs (no
download): the text encoders (BERT, RoBERTa, DistilBERT, ALBERT, ELECTRA, MobileBERT), GPT-2
with its causal mask, the encoder-decoders (T5, BART) and the vision models (ViT, DeiT, Swin,
ConvNeXT; NCHW pixel values that the models transpose). HF's TF code is its own lowering:
Erfc-based GELU, masks built from Fill/Range/Less, tf.einsum-free attention with
BatchMatMulV2, relative-position buckets in T5, window partitioning in Swin."""

import tensorflow as tf
import transformers as T

from .kfreeze import freeze_call

SEQ = 8
TEXT = dict(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
            intermediate_size=64, max_position_embeddings=32)


def _case(name, make, specs_for, call):
    """(name_b1, name_bN): the model frozen at batch 1 and at an unknown batch."""
    def build(batch):
        def b():
            tf.keras.utils.set_random_seed(0)
            model = make()
            return freeze_call(lambda *xs: call(model, *xs), *specs_for(batch)), None
        return b
    return [(name + "_b1", build(1)), (name + "_bN", build(None))]


def _ids(batch, *names):
    return [tf.TensorSpec([batch, SEQ], tf.int32, name=n) for n in names]


def _text(cfg_cls, model_cls, **cfg):
    return lambda: model_cls(cfg_cls(**{**TEXT, **cfg}))


def _hidden(model, ids, mask=None):
    out = model(input_ids=ids, attention_mask=mask, training=False) if mask is not None else model(input_ids=ids, training=False)
    return out.last_hidden_state


def _seq2seq(model, ids, dec):
    return model(input_ids=ids, decoder_input_ids=dec, training=False).last_hidden_state


def _pixels(size, channels=3):
    return lambda batch: [tf.TensorSpec([batch, channels, size, size], tf.float32, name="pixels")]


def _vision(model, px):
    out = model(pixel_values=px, training=False)
    return out.pooler_output if getattr(out, "pooler_output", None) is not None else out.last_hidden_state


def cases():
    out = []
    text = {
        "bert": _text(T.BertConfig, T.TFBertModel),
        "roberta": _text(T.RobertaConfig, T.TFRobertaModel),
        "distilbert": lambda: T.TFDistilBertModel(T.DistilBertConfig(vocab_size=100, dim=32, n_layers=2, n_heads=2, hidden_dim=64, max_position_embeddings=32)),
        "albert": _text(T.AlbertConfig, T.TFAlbertModel, embedding_size=16),
        "electra": _text(T.ElectraConfig, T.TFElectraModel, embedding_size=16),
        "mobilebert": lambda: T.TFMobileBertModel(T.MobileBertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64, embedding_size=16, intra_bottleneck_size=16, true_hidden_size=16, max_position_embeddings=32)),
        "gpt2": lambda: T.TFGPT2Model(T.GPT2Config(vocab_size=100, n_embd=32, n_layer=2, n_head=2, n_positions=32)),
    }
    for name, make in text.items():
        out += _case(f"hf_{name}", make, lambda b: _ids(b, "ids"), _hidden)
    out += _case("hf_bert_mask", text["bert"], lambda b: _ids(b, "ids", "mask"), _hidden)
    out += _case("hf_t5", lambda: T.TFT5Model(T.T5Config(vocab_size=100, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=2)), lambda b: _ids(b, "ids", "dec"), _seq2seq)
    out += _case("hf_bart", lambda: T.TFBartModel(T.BartConfig(vocab_size=100, d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=32)), lambda b: _ids(b, "ids", "dec"), _seq2seq)
    vision = {
        "vit": (lambda: T.TFViTModel(T.ViTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)), 32),
        "deit": (lambda: T.TFDeiTModel(T.DeiTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)), 32),
        "swin": (lambda: T.TFSwinModel(T.SwinConfig(image_size=32, patch_size=4, embed_dim=16, depths=[2, 2], num_heads=[2, 4], window_size=4)), 32),
        "convnext": (lambda: T.TFConvNextModel(T.ConvNextConfig(hidden_sizes=[8, 16, 32, 64], depths=[1, 1, 2, 1])), 64),
    }
    for name, (make, size) in vision.items():
        out += _case(f"hf_{name}", make, _pixels(size), _vision)
    return out
