# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 12, Keras 3 (eager) and TF2 tf.function patterns no earlier round built.

Keras (each frozen at batch 1, unknown batch, and unfrozen: ``kfreeze.both``): adaptive and 3-D
global pooling, SpatialDropout3D, SpectralNormalization, MultiHeadAttention with a causal mask,
an explicit attention mask, an Embedding's mask_zero mask and attention scores, GroupQueryAttention,
Attention/AdditiveAttention with scores and causal masks, RNN over stacked cells (and
StackedRNNCells), Bidirectional with an explicit go_backwards layer, masked LSTM/GRU, ConvLSTM2D
sequences, transposed/separable/depthwise 1-D and 3-D convolutions with strides and dilations,
asymmetric cropping/padding, StringLookup/TextVectorization/HashedCrossing-free preprocessing,
the image augmentation layers of Keras 3 in inference (and a few in training), Equalization,
ReversibleEmbedding (reverse logits), the Keras 3 activations not built before, Softmax with a
mask, Dot(normalize=True), Lambda with tf ops, mixed_float16 attention/RNN, models frozen with
training=True.

TF2 (``tf.function`` traced, frozen with control flow lowered to v1 loops; each with an unknown
batch and with the batch fixed): vectorized_map, map_fn/scan/foldl/foldr (lowered While loops),
tf.signal, tf.linalg, ragged-to-dense, tf.image (resize modes, crop_and_resize, extract_patches,
gradients), tf.nn.ctc, conv_transpose with an output_shape computed from an unknown batch.

Also: Keras models with unknown time/space dims (``dyn_*``, profiled as is and with the input
fixed), layers whose seed state is assigned even in inference (unfrozen only), and TF2 functions
frozen without lowering (``*_fn``: While/If/Case functional, bodies in the library).

Loop bodies: a lowered While's body ops are inline v1 nodes, each counted once (TF's profiler
does the same), so per-iteration work counts one iteration on both sides; a functional While's or
If's body is never visited by TF (0), and macc's tf_flops column agrees.

Found and fixed: ``_SwitchN`` (tf.switch_case lowered) had no shape function and was reported
unsupported; a While's non-empty ``output_shapes`` of unknown rank (tf.nn.ctc_loss) fell back to
the inputs' shapes. Known and kept (not a parity bug): with ``--as-b1`` (macc given ``--batch 1``
on an unknown-batch graph, TF given the placeholder fixed) ``r12_tf2_fold_bN_as_b1`` differs in
shapes only: a TensorList made from a batch-1 tensor keeps TF's declared element shape [-1, 8] in
TF, while macc refines it with the tensor's (deliberately, control_flow.py's TensorList note: a
Keras RNN's lists would otherwise leave ``--batch`` without effect). macc reports Qr, Svd,
SelfAdjointEigV2 and CTCBeamSearchDecoder unsupported (iterative, value-dependent work; TF counts 0).
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers as L
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

from .kfreeze import both
from .layers import seq


def _fresh():
    keras.utils.set_random_seed(0)
    keras.backend.clear_session()


def _mha_causal():
    inp = keras.Input((6, 16))
    h = L.MultiHeadAttention(num_heads=2, key_dim=4, value_dim=6)(inp, inp, use_causal_mask=True)
    return keras.Model(inp, L.Dense(3)(h))


def _mha_scores():
    inp = keras.Input((5, 8))
    kv = L.Dense(8)(inp)
    h, s = L.MultiHeadAttention(num_heads=2, key_dim=4, attention_axes=(1,))(inp, kv, return_attention_scores=True)
    return keras.Model(inp, [h, s])


def _mha_explicit_mask():
    inp = keras.Input((6, 8))
    m = keras.ops.greater(keras.ops.sum(inp, axis=-1), 0.0)  # [B, 6] key mask
    mask = keras.ops.logical_and(keras.ops.expand_dims(m, 1), keras.ops.expand_dims(m, 2))
    h = L.MultiHeadAttention(num_heads=2, key_dim=4)(inp, inp, attention_mask=mask)
    return keras.Model(inp, h)


def _mha_2d():
    inp = keras.Input((4, 5, 8))
    return keras.Model(inp, L.MultiHeadAttention(num_heads=2, key_dim=4, attention_axes=(1, 2))(inp, inp))


def _emb_mask_mha():
    inp = keras.Input((6,), dtype="int32")
    h = L.Embedding(20, 8, mask_zero=True)(inp)
    h = L.MultiHeadAttention(num_heads=2, key_dim=4)(h, h)
    h = L.LSTM(3)(h)
    return keras.Model(inp, h)


def _emb_mask_gru():
    inp = keras.Input((6,), dtype="int32")
    h = L.Embedding(20, 8, mask_zero=True)(inp)
    h = L.GRU(4, return_sequences=True)(h)
    return keras.Model(inp, L.GlobalAveragePooling1D()(h))


def _gqa(causal):
    def make():
        inp = keras.Input((6, 16))
        h = L.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)(inp, inp, use_causal_mask=causal)
        return keras.Model(inp, h)
    return make


def _attn_scores():
    inp = keras.Input((5, 8))
    h, s = L.Attention(use_scale=True, score_mode="concat")([inp, inp], return_attention_scores=True, use_causal_mask=True)
    return keras.Model(inp, [h, s])


def _attn_dot_causal():
    inp = keras.Input((5, 8))
    k = L.Dense(8)(inp)
    return keras.Model(inp, L.Attention()([inp, k, k], use_causal_mask=True))


def _addattn_scores():
    inp = keras.Input((5, 8))
    h, s = L.AdditiveAttention()([inp, inp], return_attention_scores=True)
    return keras.Model(inp, [h, s])


def _stacked(unroll):
    return seq((5, 4), L.RNN([L.LSTMCell(4), L.GRUCell(3), L.SimpleRNNCell(2)], return_sequences=True, unroll=unroll), L.Flatten())


def _stacked_cells():
    return seq((5, 4), L.RNN(L.StackedRNNCells([L.GRUCell(3, reset_after=False), L.LSTMCell(2)]), go_backwards=True))()


def _bidir_explicit():
    inp = keras.Input((5, 4))
    fw = L.LSTM(3, return_sequences=True)
    bw = L.LSTM(3, return_sequences=True, go_backwards=True)
    h = L.Bidirectional(fw, backward_layer=bw)(inp)
    h = L.Bidirectional(L.SimpleRNN(2), merge_mode=None)(h)
    return keras.Model(inp, L.Concatenate()(h))


def _reversible_emb():
    inp = keras.Input((5,), dtype="int32")
    emb = L.ReversibleEmbedding(30, 8, logit_soft_cap=5.0)
    h = emb(inp)
    h = L.Dense(8)(h)
    return keras.Model(inp, emb(h, reverse=True))


def _softmax_mask():
    inp = keras.Input((4, 6))
    m = keras.ops.greater(inp, 0.0)
    return keras.Model(inp, L.Softmax(axis=-1)(inp, mask=m))


def _dot_norm():
    inp = keras.Input((5, 6))
    a = L.Dense(6)(inp)
    d1 = L.Dot(axes=(2, 2), normalize=True)([inp, a])
    d2 = L.Dot(axes=1, normalize=True)([inp, a])
    return keras.Model(inp, [d1, d2])


def _lambda_tf():
    inp = keras.Input((6, 8))
    h = L.Lambda(lambda x: tf.nn.l2_normalize(x, axis=-1) + tf.math.reduce_logsumexp(x, axis=-1, keepdims=True))(inp)
    h = L.Lambda(lambda x: tf.einsum("bij,bkj->bik", x, x) / tf.norm(x))(h)
    h = L.Lambda(lambda x: tf.nn.moments(x, axes=[1])[1] + tf.math.cumsum(x, axis=1)[:, -1])(h)
    return keras.Model(inp, h)


def _mixed(make):
    def m():
        keras.mixed_precision.set_global_policy("mixed_float16")
        try:
            return make()
        finally:
            keras.mixed_precision.set_global_policy("float32")
    return m


def _act(*acts):
    def make():
        inp = keras.Input((10,))
        h = L.Dense(8)(inp)
        outs = [L.Activation(a)(h) if isinstance(a, str) else L.Lambda(a)(h) for a in acts]
        return keras.Model(inp, outs)
    return make


def _string_lookup():
    inp = keras.Input((4,), dtype="string")
    h = L.StringLookup(vocabulary=["a", "b", "c"], output_mode="int")(inp)
    h = L.Embedding(5, 3)(h)
    return keras.Model(inp, L.Dense(2)(L.Flatten()(h)))


def _string_lookup_tfidf():
    inp = keras.Input((4,), dtype="string")
    h = L.StringLookup(vocabulary=["a", "b", "c"], output_mode="tf_idf", idf_weights=[1.0, 2.0, 3.0])(inp)
    return keras.Model(inp, L.Dense(2)(h))


def _textvec():
    inp = keras.Input((1,), dtype="string")
    h = L.TextVectorization(max_tokens=10, output_sequence_length=6, vocabulary=["a", "b", "c"], standardize=None)(inp)
    h = L.Embedding(10, 4)(h)
    return keras.Model(inp, L.GlobalAveragePooling1D()(h))


def _conv_lstm2d_seq():
    return seq((3, 6, 6, 2), L.ConvLSTM2D(3, 3, padding="same", return_sequences=True, go_backwards=True), L.ConvLSTM2D(2, 3, strides=2))()


KERAS = {
    "adaptive_avg1d": (seq((10, 3), L.AdaptiveAveragePooling1D(4)), (10, 3)),
    "adaptive_max1d": (seq((10, 3), L.AdaptiveMaxPooling1D(3)), (10, 3)),
    "adaptive_avg2d": (seq((9, 7, 3), L.AdaptiveAveragePooling2D((3, 2)), L.Conv2D(2, 1)), (9, 7, 3)),
    "adaptive_max2d": (seq((8, 8, 3), L.AdaptiveMaxPooling2D((3, 3))), (8, 8, 3)),
    "adaptive_avg3d": (seq((4, 6, 6, 2), L.AdaptiveAveragePooling3D((2, 3, 3))), (4, 6, 6, 2)),
    "adaptive_max3d": (seq((4, 6, 6, 2), L.AdaptiveMaxPooling3D(2)), (4, 6, 6, 2)),
    "gmp3d_keep": (seq((4, 4, 4, 3), L.GlobalMaxPooling3D(keepdims=True), L.Conv3D(2, 1)), (4, 4, 4, 3)),
    "gap13_keep": (seq((8, 3), L.GlobalAveragePooling1D(keepdims=True), L.Conv1D(2, 1)), (8, 3)),
    "gap3d_keep": (seq((3, 3, 3, 2), L.GlobalAveragePooling3D(keepdims=True), L.Dense(2)), (3, 3, 3, 2)),
    "spatial_dropout3d": (seq((4, 4, 4, 2), L.SpatialDropout3D(0.2), L.Conv3D(2, 2)), (4, 4, 4, 2)),
    "spectral_norm": (seq((6,), L.SpectralNormalization(L.Dense(4)), L.SpectralNormalization(L.Dense(2), power_iterations=2)), (6,)),
    "spectral_norm_conv": (seq((6, 6, 3), L.SpectralNormalization(L.Conv2D(4, 3))), (6, 6, 3)),
    "mha_causal": (_mha_causal, (6, 16)),
    "mha_scores": (_mha_scores, (5, 8)),
    "mha_explicit_mask": (_mha_explicit_mask, (6, 8)),
    "mha_2d_axes": (_mha_2d, (4, 5, 8)),
    "gqa": (_gqa(False), (6, 16)),
    "gqa_causal": (_gqa(True), (6, 16)),
    "attn_concat_scores": (_attn_scores, (5, 8)),
    "attn_dot_causal": (_attn_dot_causal, (5, 8)),
    "addattn_scores": (_addattn_scores, (5, 8)),
    "rnn_stacked": (_stacked(False), (5, 4)),
    "rnn_stacked_unroll": (_stacked(True), (5, 4)),
    "stacked_cells_back": (_stacked_cells, (5, 4)),
    "bidir_explicit": (_bidir_explicit, (5, 4)),
    "masking_gru_seq": (seq((5, 4), L.Masking(0.0), L.GRU(3, return_sequences=True), L.SimpleRNN(2)), (5, 4)),
    "conv_lstm2d_seq": (_conv_lstm2d_seq, (3, 6, 6, 2)),
    "conv1dT_same_dil": (seq((8, 3), L.Conv1DTranspose(4, 3, padding="same", dilation_rate=2), L.Conv1DTranspose(2, 4, strides=3, output_padding=1)), (8, 3)),
    "conv3dT_mixed": (seq((3, 4, 4, 2), L.Conv3DTranspose(3, (2, 3, 3), strides=(1, 2, 2), padding="same"), L.Conv3DTranspose(2, 2, strides=2)), (3, 4, 4, 2)),
    "sepconv1d_sd": (seq((16, 3), L.SeparableConv1D(4, 3, strides=2, padding="same", depth_multiplier=2), L.SeparableConv1D(2, 3, dilation_rate=2)), (16, 3)),
    "dwconv1d_sd": (seq((16, 3), L.DepthwiseConv1D(3, strides=2, padding="same"), L.DepthwiseConv1D(3, dilation_rate=2)), (16, 3)),
    "crop_pad_asym": (seq((8, 8, 8, 2), L.Cropping3D(((1, 0), (0, 2), (1, 1))), L.ZeroPadding3D(((0, 1), (2, 0), (1, 0))), L.Conv3D(2, 2)), (8, 8, 8, 2)),
    "crop1d_2d": (seq((8, 6), L.Cropping1D((0, 3)), L.Reshape((5, 6, 1)), L.Cropping2D(((1, 0), (2, 1))), L.Conv2D(2, 2)), (8, 6)),
    "upsample13": (seq((4, 3), L.UpSampling1D(2), L.Reshape((2, 2, 2, 3)), L.UpSampling3D((1, 2, 3)), L.AveragePooling3D(2, padding="same")), (4, 3)),
    "pool_same": (seq((9, 3), L.MaxPooling1D(2, padding="same"), L.AveragePooling1D(3, strides=1, padding="same")), (9, 3)),
    "prelu_shared": (seq((6, 6, 3), L.Conv2D(4, 3), L.PReLU(shared_axes=[1, 2]), L.ELU(alpha=0.5), L.LeakyReLU(negative_slope=0.05)), (6, 6, 3)),
    "acts_new": (_act("hard_silu", "silu", "celu", "glu", "squareplus", "sparse_plus", "log_sigmoid"), (10,)),
    "acts_shrink": (_act("hard_shrink", "soft_shrink", "tanh_shrink", "hard_tanh", "sparse_sigmoid", lambda h: keras.activations.threshold(h, 0.3, -1.0)), (10,)),
    "acts_sparsemax": (_act("sparsemax", "exponential", lambda h: keras.activations.gelu(h, approximate=False), lambda h: keras.activations.relu(h, negative_slope=0.1, max_value=4.0, threshold=0.5)), (10,)),
    "softmax_mask": (_softmax_mask, (4, 6)),
    "dot_normalize": (_dot_norm, (5, 6)),
    "lambda_tf": (_lambda_tf, (6, 8)),
    "mixed_mha": (_mixed(_mha_causal), (6, 16)),
    "mixed_lstm_ln": (_mixed(seq((5, 4), L.LSTM(6, return_sequences=True), L.LayerNormalization(), L.Dense(2))), (5, 4)),
    "random_geo_inf": (seq((8, 8, 3), L.RandomShear(0.1, 0.1), L.RandomPerspective(), L.RandomElasticTransform(), L.RandomErasing(), L.RandomGaussianBlur(), L.Conv2D(2, 1)), (8, 8, 3)),
    "augmix_inf": (seq((8, 8, 3), L.AugMix(), L.RandAugment(), L.Conv2D(2, 1)), (8, 8, 3)),
    "equalization": (seq((8, 8, 3), L.Equalization(bins=16), L.Conv2D(2, 1)), (8, 8, 3)),
    "normalization_axis": (seq((4, 6), L.Normalization(axis=(1, 2), mean=np.ones((4, 6)), variance=np.full((4, 6), 2.0)), L.UnitNormalization(axis=(1, 2)), L.Dense(2)), (4, 6)),
}

UNFROZEN_ONLY = {  # their seed generators' state is assigned even in inference, which freezing refuses
    "random_color_inf": (seq((8, 8, 3), L.RandomSharpness(0.2), L.RandomInvert(), L.RandomPosterization(4), L.RandomColorDegeneration(0.2), L.Conv2D(2, 1)), (8, 8, 3)),
    "random_jitter_inf": (seq((8, 8, 3), L.RandomColorJitter(brightness_factor=0.2, contrast_factor=0.2, saturation_factor=0.2, hue_factor=0.1), L.RandomSaturation(0.2), L.RandomHue(0.1), L.RandomGrayscale(), L.Conv2D(2, 1)), (8, 8, 3)),
}

KERAS_INT = {
    "emb_mask_mha": (_emb_mask_mha, (6,)),
    "emb_mask_gru": (_emb_mask_gru, (6,)),
    "reversible_emb": (_reversible_emb, (5,)),
}

KERAS_STR = {
    "string_lookup": (_string_lookup, (4,)),
    "string_lookup_tfidf": (_string_lookup_tfidf, (4,)),
    "textvec": (_textvec, (1,)),
}

def _f(fn):
    """A function of the tensor as one of ``seq``'s steps (seq calls a non-layer to get the step)."""
    return lambda: fn


DYN = {  # unknown time/space dims: frozen at [None, None, ...], profiled as is and with the input fixed
    "dyn_mha_causal": (seq((None, 8), L.Dense(8), _f(lambda h: L.MultiHeadAttention(2, 4)(h, h, use_causal_mask=True))), (None, 8), [2, 7, 8]),
    "dyn_gqa": (seq((None, 16), _f(lambda h: L.GroupQueryAttention(4, 4, 2)(h, h, use_causal_mask=True))), (None, 16), [1, 5, 16]),
    "dyn_conv1dT": (seq((None, 3), L.Conv1DTranspose(4, 3, strides=2), L.Conv1DTranspose(2, 3, strides=2, padding="same"), L.SeparableConv1D(2, 3, padding="same")), (None, 3), [2, 9, 3]),
    "dyn_conv3dT": (seq((None, None, None, 2), L.Conv3DTranspose(2, 3, strides=2, padding="same"), L.UpSampling3D(2), L.Cropping3D(1)), (None, None, None, 2), [1, 3, 4, 5, 2]),
    "dyn_lstm_bidir": (seq((None, 4), L.Masking(), L.Bidirectional(L.LSTM(3, return_sequences=True)), L.GRU(2)), (None, 4), [2, 6, 4]),
    "dyn_resize_crop": (seq((None, None, 3), L.Resizing(8, 8), L.CenterCrop(6, 6), L.Conv2D(2, 3)), (None, None, 3), [1, 11, 13, 3]),
    "dyn_attention": (seq((None, 8), _f(lambda h: L.Attention(use_scale=True)([h, h], use_causal_mask=True)), _f(lambda h: L.AdditiveAttention()([h, h]))), (None, 8), [2, 5, 8]),
    "dyn_pool_pad": (seq((None, 3), L.ZeroPadding1D(2), L.MaxPooling1D(3, padding="same"), L.UpSampling1D(3), L.Cropping1D((1, 2)), L.GlobalAveragePooling1D(keepdims=True)), (None, 3), [2, 10, 3]),
}


def _dyn(name, make, shape, fixed):
    def build(inputs):
        def b():
            _fresh()
            from .kfreeze import freeze
            return freeze(make(), [None, *shape]), inputs
        return b
    return [(name, build(None)), (name + "_in", build({"input": fixed}))]


KERAS_TRAIN = {
    "cnn_bn_train": (seq((8, 8, 3), L.Conv2D(4, 3), L.BatchNormalization(), L.ReLU(), L.SeparableConv2D(4, 3), L.BatchNormalization(momentum=0.9, epsilon=1e-3), L.GlobalAveragePooling2D(), L.Dense(2)), (8, 8, 3)),
    "bn_seq_train": (seq((6, 4), L.Conv1D(4, 3), L.BatchNormalization(), L.LSTM(3)), (6, 4)),
    "bn3d_train": (seq((4, 4, 4, 2), L.Conv3D(3, 2), L.BatchNormalization(center=False), L.SpatialDropout3D(0.1)), (4, 4, 4, 2)),
    "random_train": (seq((8, 8, 3), L.RandomFlip(), L.RandomRotation(0.1), L.RandomZoom(0.1), L.RandomContrast(0.2), L.RandomTranslation(0.1, 0.1), L.Conv2D(2, 1)), (8, 8, 3)),
    "noise_train": (seq((6,), L.GaussianNoise(0.1), L.GaussianDropout(0.2), L.AlphaDropout(0.1), L.Dropout(0.3), L.Dense(2)), (6,)),
}


# --- TF2 tf.function patterns -------------------------------------------------------------------

def _frozen(fn, specs, lower=True):
    with tf.Graph().as_default():  # library functions of each trace apart (ctc_loss traced twice clashes)
        cf = tf.function(fn).get_concrete_function(*specs)
        return convert_variables_to_constants_v2(cf, lower_control_flow=lower).graph.as_graph_def()


def _train_unfrozen(name, make, shape):
    """BatchNormalization in training mode: Keras 3 assigns the moving statistics, which freezing
    refuses, so the concrete function's own GraphDef (variables as resource captures)."""
    def b():
        _fresh()
        model = make()
        fn = tf.function(lambda x: model(x, training=True))
        return fn.get_concrete_function(tf.TensorSpec([2, *shape], tf.float32, name="input")).graph.as_graph_def(), None
    return [(name + "_b2", b)]


def _tf2(name, fn, shapes, dtypes=None, lower=True):
    """(name_bN, name_b2): ``fn`` traced with each shape's leading dim unknown, then fixed at 2."""
    dtypes = dtypes or [tf.float32] * len(shapes)

    def build(batch):
        def b():
            specs = [tf.TensorSpec([batch, *s], d, name=f"in{i}") for i, (s, d) in enumerate(zip(shapes, dtypes))]
            return _frozen(fn, specs, lower), None
        return b
    return [(name + "_bN", build(None)), (name + "_b2", build(2))]


W = tf.constant(np.random.RandomState(0).randn(8, 8).astype(np.float32))
K2 = tf.constant(np.random.RandomState(1).randn(3, 3, 4, 3).astype(np.float32))  # conv_transpose: [h, w, out, in]
K1 = tf.constant(np.random.RandomState(2).randn(3, 4, 3).astype(np.float32))
K3 = tf.constant(np.random.RandomState(3).randn(2, 2, 2, 4, 3).astype(np.float32))


def f_vmap(x):
    return tf.vectorized_map(lambda r: tf.linalg.matvec(W, r) + tf.reduce_sum(r * r), x)


def f_vmap_mat(x):
    return tf.vectorized_map(lambda m: tf.matmul(m, W) * 2.0, x)


def f_map_fn(x):
    return tf.map_fn(lambda r: tf.linalg.matvec(W, tf.nn.relu(r)), x)


def f_scan(x):
    return tf.scan(lambda acc, r: tf.tanh(tf.linalg.matvec(W, acc) + r), tf.transpose(x, [1, 0, 2]), initializer=tf.zeros_like(x[:, 0]))


def f_fold(x):
    a = tf.foldl(lambda acc, r: acc + tf.linalg.matvec(W, r), tf.transpose(x, [1, 0, 2]))
    b = tf.foldr(lambda acc, r: acc * 0.5 + r, tf.transpose(x, [1, 0, 2]))
    return a + b


def f_while(x):
    i0 = tf.constant(0)
    _, y = tf.while_loop(lambda i, h: i < 3, lambda i, h: (i + 1, tf.matmul(h, W) + 1.0), (i0, x))
    return y


def f_signal(x):
    st = tf.signal.stft(x, 64, 32, fft_length=64)
    mag = tf.abs(st)
    mel = tf.tensordot(mag, tf.signal.linear_to_mel_weight_matrix(8, 33, 8000.0), 1)
    mf = tf.signal.mfccs_from_log_mel_spectrograms(tf.math.log(mel + 1e-6))
    inv = tf.signal.inverse_stft(st, 64, 32, fft_length=64)
    d = tf.signal.dct(x[:, :32], type=2, norm="ortho") + tf.signal.idct(x[:, :32], type=3)
    r = tf.signal.irfft(tf.signal.rfft(x[:, :64]))
    return mf, inv, d, r, tf.signal.overlap_and_add(tf.signal.frame(x, 32, 16), 16)


def f_linalg(x):
    m = tf.matmul(x, x, transpose_b=True) + tf.eye(8)
    ch = tf.linalg.cholesky(m)
    s = tf.linalg.cholesky_solve(ch, x)
    q, r = tf.linalg.qr(x)
    det = tf.linalg.det(m)
    sl = tf.linalg.slogdet(m)[1]
    inv = tf.linalg.inv(m)
    tri = tf.linalg.triangular_solve(ch, x)
    e = tf.linalg.eigh(m)[0]
    sv = tf.linalg.svd(x, compute_uv=False)
    band = tf.linalg.band_part(x, 1, 2)
    tr = tf.linalg.trace(m)
    ls = tf.linalg.lstsq(m, x)
    return s + q + r + inv + tri + band + ls, det + sl + tr, e, sv


def f_linalg2(x):
    m = tf.matmul(x, x, transpose_a=True)
    n = tf.norm(x, ord="fro", axis=[-2, -1]) + tf.norm(x, ord=1, axis=-1)[..., 0]
    dp = tf.linalg.diag_part(m) + tf.linalg.matvec(m, x[..., 0])
    k = tf.linalg.matrix_transpose(tf.linalg.set_diag(m, dp))
    l2 = tf.linalg.normalize(x, axis=-1)[0]
    td = tf.tensordot(x, W, [[2], [0]])
    cr = tf.linalg.cross(x[..., :3], x[..., 3:6])
    ex = tf.linalg.expm(m * 0.01)
    return n, k, l2, td, cr, ex, tf.linalg.logdet(m + tf.eye(8) * 100.0)


def f_ragged(x, lens):
    rt = tf.RaggedTensor.from_tensor(x, lengths=lens)
    s = tf.reduce_sum(rt, axis=1)
    d = (rt * 2.0).to_tensor(shape=[None, 6, 8])
    m = tf.ragged.map_flat_values(tf.nn.relu, rt).to_tensor(default_value=-1.0)
    return s, d, tf.reduce_mean(m, axis=1)


def f_image_resize(x):
    outs = [tf.image.resize(x, (12, 10), method=m) for m in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")]
    outs.append(tf.image.resize(x, (5, 4), method="bilinear", antialias=True))
    outs.append(tf.image.resize(x, (12, 12), preserve_aspect_ratio=True))
    outs.append(tf.image.resize_with_pad(x, 12, 10))
    outs.append(tf.image.resize_with_crop_or_pad(x, 6, 12))
    return [o * 2.0 for o in outs]


def f_image_ops(x):
    boxes = tf.constant([[0.1, 0.1, 0.8, 0.9], [0.0, 0.2, 0.5, 0.6]])
    idx = tf.zeros([2], tf.int32)
    cr = tf.image.crop_and_resize(x, boxes, idx, (4, 5), method="nearest")
    cr2 = tf.image.crop_and_resize(x, boxes, idx, (3, 3))
    pt = tf.image.extract_patches(x, [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    pt2 = tf.image.extract_patches(x, [1, 2, 2, 1], [1, 1, 1, 1], [1, 2, 2, 1], "SAME")
    dy, dx = tf.image.image_gradients(x)
    sob = tf.image.sobel_edges(x)
    tv = tf.image.total_variation(x)
    std = tf.image.per_image_standardization(x)
    hsv = tf.image.rgb_to_hsv(tf.nn.sigmoid(x))
    yuv = tf.image.rgb_to_yuv(x) + tf.image.adjust_saturation(tf.nn.sigmoid(x), 1.5) + tf.image.adjust_hue(tf.nn.sigmoid(x), 0.1)
    cc = tf.image.central_crop(x, 0.5)
    pad = tf.image.pad_to_bounding_box(x, 1, 2, 12, 12)
    return cr * 2.0, cr2, pt * 2.0, pt2, dy + dx, sob, tv, std, hsv, yuv, cc * 2.0, pad * 2.0


def f_ssim(x, y):
    return tf.image.ssim(x, y, 1.0, filter_size=3), tf.image.psnr(x, y, 1.0), tf.image.ssim_multiscale(tf.image.resize(x, (48, 48)), tf.image.resize(y, (48, 48)), 1.0, filter_size=3, power_factors=(0.5, 0.5))


def f_ctc(logits, labels):
    lab = tf.cast(tf.abs(labels) * 3, tf.int32) % 4 + 1
    ll = tf.fill(tf.shape(lab)[:1], 3)
    tl = tf.fill(tf.shape(logits)[:1], 10)
    loss = tf.nn.ctc_loss(lab, logits, ll, tl, logits_time_major=False, blank_index=0)
    tm = tf.transpose(logits, [1, 0, 2])
    dec, lp = tf.nn.ctc_greedy_decoder(tm, tl)
    dec2, lp2 = tf.nn.ctc_beam_search_decoder(tm, tl, beam_width=3, top_paths=1)
    return loss * 2.0, lp + lp2, tf.sparse.to_dense(dec[0]), tf.sparse.to_dense(dec2[0])


def f_ctc_loss(logits, labels):
    """tf.nn.ctc_loss alone: its two While loops (kept functional inside a custom gradient)
    declare every output with an unknown rank."""
    lab = tf.cast(tf.abs(labels) * 3, tf.int32) % 4 + 1
    loss = tf.nn.ctc_loss(lab, logits, tf.fill(tf.shape(lab)[:1], 3), tf.fill(tf.shape(logits)[:1], 10),
                          logits_time_major=False, blank_index=0)
    return -loss * 2.0


def f_conv_t(x):
    b = tf.shape(x)[0]
    y = tf.nn.conv_transpose(x, K2, tf.stack([b, 16, 16, 4]), strides=2, padding="SAME")
    y2 = tf.nn.conv2d_transpose(x, K2, [tf.shape(x)[0], 17, 17, 4], strides=2, padding="VALID")
    y3 = tf.nn.atrous_conv2d_transpose(x, K2, tf.stack([b, 8, 8, 4]), rate=2, padding="SAME")
    return y * 2.0, y2 + 1.0, y3


def f_conv_t13(x, v):
    b = tf.shape(x)[0]
    y1 = tf.nn.conv1d_transpose(x[:, 0], K1, tf.stack([b, 16, 4]), strides=2, padding="SAME")
    y3 = tf.nn.conv3d_transpose(v, K3, tf.stack([b, 8, 8, 8, 4]), strides=2, padding="SAME")
    y3b = tf.nn.conv_transpose(v, K3, tf.concat([tf.shape(v)[:1], [9, 9, 9, 4]], 0), strides=[1, 2, 2, 2, 1], padding="VALID")
    return y1 + 1.0, y3 * 2.0, y3b


def f_nn_misc(x):
    a = tf.nn.pool(x, [2, 2], "AVG", strides=[1, 1], padding="SAME")
    m = tf.nn.pool(x, [3, 3], "MAX", strides=[2, 2], padding="VALID")
    dil = tf.nn.dilation2d(x, tf.zeros([2, 2, 3]), [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1])
    ero = tf.nn.erosion2d(x, tf.zeros([2, 2, 3]), [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1])
    lrn = tf.nn.local_response_normalization(x, 2)
    mean, var = tf.nn.moments(x, [1, 2], keepdims=True)
    bn = tf.nn.batch_normalization(x, mean, var, 0.1, 1.2, 1e-3)
    wm = tf.nn.weighted_moments(x, [1, 2], tf.ones_like(x))[1]
    return a + 1.0, m * 2.0, dil - ero, lrn, bn, wm


def f_losses(logits, y):
    lab = tf.nn.softmax(y)
    a = tf.nn.softmax_cross_entropy_with_logits(lab, logits)
    b = tf.nn.sigmoid_cross_entropy_with_logits(tf.nn.sigmoid(y), logits)
    c = tf.nn.weighted_cross_entropy_with_logits(tf.nn.sigmoid(y), logits, 2.0)
    d = tf.nn.sparse_softmax_cross_entropy_with_logits(tf.argmax(y, -1), logits)
    e = tf.nn.log_poisson_loss(tf.abs(y), logits, compute_full_loss=True)
    f = keras.losses.categorical_crossentropy(lab, logits, from_logits=True, label_smoothing=0.1)
    return a + d + f, b + c + e


def f_segments(x, ids):
    i = tf.cast(tf.abs(ids[:, 0]) * 3, tf.int32) % 3
    s = tf.math.unsorted_segment_mean(x, i, 3) + tf.math.unsorted_segment_sqrt_n(x, i, 3)
    top = tf.math.top_k(x, 3).values
    cl = tf.math.cumulative_logsumexp(x, axis=1)
    srt = tf.sort(x, axis=-1) + tf.gather(x, tf.argsort(x, axis=-1), batch_dims=1)
    return s * 2.0, top * 2.0, cl, srt


def f_cond_switch(x):
    y = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.matmul(x, W), lambda: x * 3.0)
    z = tf.switch_case(tf.cast(tf.reduce_max(tf.abs(x)) > 1.0, tf.int32), [lambda: y + 1.0, lambda: tf.matmul(y, W)])
    return z


def f_tensor_array(x):
    ta = tf.TensorArray(tf.float32, size=4)
    h = x
    for i in tf.range(4):
        h = tf.nn.relu(tf.matmul(h, W))
        ta = ta.write(i, h)
    return ta.stack()


def f_nms(boxes, scores):
    b = tf.sigmoid(boxes)
    b = tf.concat([b[..., :2], b[..., :2] + b[..., 2:]], -1)
    sel = tf.image.non_max_suppression(b[0], scores[0], 4, 0.5)
    sel5, sc5 = tf.image.non_max_suppression_with_scores(b[0], scores[0], 4, soft_nms_sigma=0.5)
    comb = tf.image.combined_non_max_suppression(b[:, :, None, :], tf.sigmoid(scores)[..., None], 3, 4)
    draw = tf.image.draw_bounding_boxes(tf.zeros([1, 8, 8, 3]), b[:1], [[1.0, 0.0, 0.0]])
    return tf.gather(b[0], sel) * 2.0, sc5 + 1.0, comb.nmsed_boxes * 2.0, draw * 2.0, tf.cast(sel5, tf.float32)


def f_sparse(x):
    sp = tf.sparse.from_dense(tf.nn.relu(x))
    a = tf.sparse.sparse_dense_matmul(sp, W)
    r = tf.sparse.reduce_sum(sp, axis=1)
    e = tf.nn.embedding_lookup_sparse(W, tf.sparse.SparseTensor(sp.indices, tf.cast(sp.indices[:, 1], tf.int64), sp.dense_shape), None, combiner="mean")
    return a * 2.0, r + 1.0, e


def f_math(x):
    h = tf.histogram_fixed_width(x, [-1.0, 1.0], nbins=5)
    bc = tf.math.bincount(tf.cast(tf.abs(x) * 3, tf.int32), minlength=4, maxlength=4)
    pv = tf.math.polyval([1.0, 2.0, 3.0], x)
    sp = tf.math.lgamma(tf.abs(x) + 1.0) + tf.math.digamma(tf.abs(x) + 1.0) + tf.math.erfinv(tf.tanh(x) * 0.5) + tf.math.special.bessel_i0e(x)
    ss = tf.searchsorted(tf.sort(x, axis=-1), x)
    return tf.cast(h, tf.float32) * 2.0, tf.cast(bc, tf.float32) + 1.0, pv, sp, tf.cast(ss, tf.float32) * 3.0


def f_kops(x):
    from keras import ops
    img = ops.reshape(x, (-1, 4, 4, 4))
    ct = ops.conv_transpose(img, ops.ones((3, 3, 2, 4)), strides=2, padding="same")
    dw = ops.depthwise_conv(img, ops.ones((3, 3, 4, 1)), padding="same")
    sep = ops.separable_conv(img, ops.ones((3, 3, 4, 1)), ops.ones((1, 1, 4, 3)))
    pt = ops.image.extract_patches(img, 2)
    af = ops.image.affine_transform(img, ops.tile(ops.convert_to_tensor([[1.0, 0.1, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]]), (ops.shape(img)[0], 1)))
    re, im = ops.fft2((img, ops.zeros_like(img)))
    st = ops.stft(x, 16, 8, 16)
    return ct * 2.0, dw + 1.0, sep, pt * 2.0, af * 2.0, re + im, st[0] * 2.0


def f_while_fn(x):
    return tf.map_fn(lambda r: tf.linalg.matvec(W, r), x), tf.cond(tf.reduce_sum(x) > 0, lambda: tf.matmul(x, W), lambda: x)


def f_while_shape_inv(x):
    i0 = tf.constant(0)
    _, y = tf.while_loop(lambda i, h: i < 2, lambda i, h: (i + 1, tf.concat([h, tf.matmul(h[:, :8], W)], 1)), (i0, x),
                         shape_invariants=(i0.shape, tf.TensorShape([None, None])))
    return y * 2.0


TF2 = [
    ("vmap", f_vmap, [(8,)]),
    ("vmap_mat", f_vmap_mat, [(4, 8)]),
    ("map_fn", f_map_fn, [(8,)]),
    ("scan", f_scan, [(5, 8)]),
    ("fold", f_fold, [(5, 8)]),
    ("while", f_while, [(8,)]),
    ("signal", f_signal, [(256,)]),
    ("linalg", f_linalg, [(8, 8)]),
    ("linalg2", f_linalg2, [(8, 8)]),
    ("ragged", f_ragged, [(6, 8), ()], [tf.float32, tf.int64]),
    ("image_resize", f_image_resize, [(8, 6, 3)]),
    ("image_ops", f_image_ops, [(8, 8, 3)]),
    ("ssim", f_ssim, [(16, 16, 3), (16, 16, 3)]),
    ("ctc", f_ctc, [(10, 5), (3,)]),
    ("ctc_loss", f_ctc_loss, [(10, 5), (3,)]),
    ("conv_t", f_conv_t, [(8, 8, 3)]),
    ("conv_t13", f_conv_t13, [(8, 8, 3), (4, 4, 4, 3)]),
    ("nn_misc", f_nn_misc, [(8, 8, 3)]),
    ("losses", f_losses, [(6,), (6,)]),
    ("segments", f_segments, [(6,), (1,)]),
    ("cond_switch", f_cond_switch, [(8,)]),
    ("tensor_array", f_tensor_array, [(8,)]),
    ("nms", f_nms, [(6, 4), (6,)]),
    ("sparse", f_sparse, [(8,)]),
    ("math", f_math, [(6,)]),
    ("kops", f_kops, [(64,)]),
    ("while_shape_inv", f_while_shape_inv, [(8,)]),
]

TF2_FUNCTIONAL = [  # frozen without lowering: While/If stay functional, bodies in the library
    ("while_fn", f_while_fn, [(8,)]),
    ("scan_fn", f_scan, [(5, 8)]),
    ("switch_fn", f_cond_switch, [(8,)]),
    ("ctc_loss_fn", f_ctc_loss, [(10, 5), (3,)]),
]


def cases():
    out = []
    for name, (make, shape) in KERAS.items():
        out += both("r12_" + name, make, shape)
    for name, (make, shape) in UNFROZEN_ONLY.items():
        out += both("r12_" + name, make, shape)[2:]
    for name, (make, shape) in KERAS_INT.items():
        out += both("r12_" + name, make, shape, tf.int32)
    for name, (make, shape) in KERAS_STR.items():
        out += both("r12_" + name, make, shape, tf.string)
    for name, (make, shape, fixed) in DYN.items():
        out += _dyn("r12_" + name, make, shape, fixed)
    for name, (make, shape) in KERAS_TRAIN.items():
        out += _train_unfrozen("r12_" + name, make, shape)
    for spec in TF2:
        name, fn, shapes = spec[:3]
        out += _tf2("r12_tf2_" + name, fn, shapes, *spec[3:])
    for name, fn, shapes in TF2_FUNCTIONAL:
        out += _tf2("r12_tf2_" + name, fn, shapes, lower=False)
    return out
