# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 3, Keras (eager): the Keras 3 layers no earlier round built (1-D and 3-D padding,
cropping and upsampling, ConvLSTM1D/3D, dropout variants, preprocessing layers, EinsumDense,
RMSNormalization, spectrograms, GRU variants), and RNNs frozen without lowering their control
flow (a functional While in a plain GraphDef)."""

import keras
import tensorflow as tf
from keras import layers as L
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

from .kfreeze import both
from .layers import seq


def _opt(name, *args, **kw):
    """A layer Keras may not have in this version: building the case fails (and is skipped)."""
    return lambda: getattr(L, name)(*args, **kw)


def _lookup_int():
    inp = keras.Input((5,), dtype="int64")
    h = L.IntegerLookup(vocabulary=[3, 7, 11])(inp)
    h = L.CategoryEncoding(num_tokens=4, output_mode="multi_hot")(h)
    return keras.Model(inp, L.Dense(2)(h))


def _hashing():
    inp = keras.Input((5,), dtype="int64")
    h = L.Hashing(num_bins=8)(inp)
    h = L.CategoryEncoding(num_tokens=8, output_mode="count")(h)
    return keras.Model(inp, L.Dense(2)(h))


def _discretize():
    inp = keras.Input((6,))
    h = L.Discretization(bin_boundaries=[0.0, 0.5, 1.0])(inp)
    h = L.CategoryEncoding(num_tokens=4, output_mode="one_hot")(h[:, :1])
    return keras.Model(inp, L.Dense(3)(h))


def _einsum_dense():
    inp = keras.Input((5, 8))
    h = L.EinsumDense("abc,cd->abd", output_shape=(None, 6), bias_axes="d", activation="relu")(inp)
    h = L.EinsumDense("abd,de->abe", output_shape=(None, 4), bias_axes="e")(h)
    return keras.Model(inp, h)


def _audio(layer):
    def make():
        inp = keras.Input((1024,))
        return keras.Model(inp, layer()(inp))
    return make


def _td_conv():
    inp = keras.Input((3, 8, 8, 2))
    h = L.TimeDistributed(L.Conv2D(4, 3))(inp)
    h = L.TimeDistributed(L.GlobalAveragePooling2D())(h)
    return keras.Model(inp, L.GRU(3, reset_after=False)(h))


def _bidir(mode):
    return seq((5, 4), L.Bidirectional(L.GRU(3, return_sequences=True), merge_mode=mode), L.Dense(2))


def _unet():
    inp = keras.Input((16, 16, 3))
    c1 = L.Conv2D(4, 3, padding="same", activation="relu")(inp)
    p1 = L.MaxPooling2D()(c1)
    c2 = L.Conv2D(8, 3, padding="same", activation="relu")(p1)
    u1 = L.Conv2DTranspose(4, 2, strides=2, padding="same")(c2)
    m = L.Concatenate()([u1, c1])
    return keras.Model(inp, L.Conv2D(1, 1, activation="sigmoid")(m))


def _lambda_resize():
    inp = keras.Input((8, 8, 3))
    h = L.Lambda(lambda x: tf.image.resize(x, (12, 12)))(inp)
    return keras.Model(inp, L.Conv2D(2, 3)(h))


def _causal():
    return seq((12, 3), L.Conv1D(4, 3, padding="causal", dilation_rate=2), L.Conv1D(2, 2, padding="causal"))()


CASES = {
    "zeropad1d": (seq((8, 3), L.ZeroPadding1D((1, 2)), L.Conv1D(2, 3)), (8, 3)),
    "zeropad3d": (seq((4, 4, 4, 2), L.ZeroPadding3D(1), L.Conv3D(2, 3)), (4, 4, 4, 2)),
    "crop1d": (seq((8, 3), L.Cropping1D((1, 2)), L.Conv1D(2, 3)), (8, 3)),
    "crop3d": (seq((6, 6, 6, 2), L.Cropping3D(1), L.Conv3D(2, 3)), (6, 6, 6, 2)),
    "upsample1d": (seq((5, 3), L.UpSampling1D(3), L.Conv1D(2, 3)), (5, 3)),
    "upsample3d": (seq((3, 3, 3, 2), L.UpSampling3D(2), L.Conv3D(2, 3)), (3, 3, 3, 2)),
    "conv_lstm1d": (seq((3, 8, 2), L.ConvLSTM1D(3, 3)), (3, 8, 2)),
    "conv_lstm3d": (seq((2, 4, 4, 4, 2), L.ConvLSTM3D(2, 3)), (2, 4, 4, 4, 2)),
    "dropouts": (seq((6, 6, 3), L.SpatialDropout2D(0.1), L.GaussianDropout(0.1), L.AlphaDropout(0.1), L.GaussianNoise(0.1), L.Conv2D(2, 1)), (6, 6, 3)),
    "spatial_dropout13": (seq((6, 3), L.SpatialDropout1D(0.1), L.Conv1D(2, 1)), (6, 3)),
    "lookup_int": (_lookup_int, (5,)),
    "hashing": (_hashing, (5,)),
    "discretize": (_discretize, (6,)),
    "einsum_dense": (_einsum_dense, (5, 8)),
    "rms_norm": (seq((5, 8), _opt("RMSNormalization"), L.Dense(3)), (5, 8)),
    "layernorm_rms": (seq((5, 8), L.LayerNormalization(rms_scaling=True), L.Dense(3)), (5, 8)),
    "layernorm_noscale": (seq((5, 8), L.LayerNormalization(center=False, scale=False), L.Dense(3)), (5, 8)),
    "mel": (_audio(_opt("MelSpectrogram", fft_length=64, sequence_stride=32, num_mel_bins=16, sampling_rate=8000)), (1024,)),
    "stft": (_audio(_opt("STFTSpectrogram", mode="magnitude", frame_length=64, frame_step=32)), (1024,)),
    "preproc_inference": (seq((8, 8, 3), L.RandomContrast(0.2), L.RandomBrightness(0.2), L.RandomTranslation(0.1, 0.1), L.RandomCrop(6, 6), L.Conv2D(2, 3)), (8, 8, 3)),
    "center_crop_resize": (seq((9, 9, 3), L.CenterCrop(6, 6), L.Resizing(8, 8, interpolation="bicubic"), L.Conv2D(2, 3)), (9, 9, 3)),
    "auto_contrast": (seq((8, 8, 3), _opt("AutoContrast"), L.Conv2D(2, 3)), (8, 8, 3)),
    "solarization": (seq((8, 8, 3), _opt("Solarization", addition_factor=0.1, threshold_factor=0.5), L.Conv2D(2, 3)), (8, 8, 3)),
    "td_conv_gru_v1": (_td_conv, (3, 8, 8, 2)),
    "bidir_sum": (_bidir("sum"), (5, 4)),
    "bidir_mul": (_bidir("mul"), (5, 4)),
    "bidir_ave": (_bidir("ave"), (5, 4)),
    "unet": (_unet, (16, 16, 3)),
    "lambda_resize": (_lambda_resize, (8, 8, 3)),
    "causal_conv1d": (_causal, (12, 3)),
    "lstm_stateful_args": (seq((5, 4), L.LSTM(6, return_state=False, go_backwards=True, recurrent_activation="hard_sigmoid")), (5, 4)),
    "gru_go_backwards": (seq((5, 4), L.GRU(6, go_backwards=True, return_sequences=True), L.GlobalMaxPooling1D()), (5, 4)),
    "simplernn_relu": (seq((5, 4), L.SimpleRNN(6, activation="relu", return_sequences=True), L.SimpleRNN(2)), (5, 4)),
}


def _functional_while(make, shape):
    """Frozen without lowering control flow: the RNN's loop stays a (Stateless)While whose body
    is in the GraphDef's library (convert_variables_to_constants_v2(lower_control_flow=False))."""
    def b():
        keras.utils.set_random_seed(0)
        keras.backend.clear_session()
        model = make()
        fn = tf.function(lambda x: model(x, training=False))
        cf = fn.get_concrete_function(tf.TensorSpec([1, *shape], tf.float32, name="input"))
        return convert_variables_to_constants_v2(cf, lower_control_flow=False).graph.as_graph_def(), None
    return b


def cases():
    out = []
    for name, (make, shape) in CASES.items():
        dtype = tf.int64 if name in ("lookup_int", "hashing") else tf.float32
        out += both("r3k_" + name, make, shape, dtype)
    out.append(("r3k_lstm_while_fn", _functional_while(seq((5, 4), L.LSTM(6)), (5, 4))))
    out.append(("r3k_gru_while_fn", _functional_while(seq((5, 4), L.GRU(6, return_sequences=True)), (5, 4))))
    out.append(("r3k_cond_fn", _functional_while(seq((6,), L.Dense(4), L.Lambda(lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: tf.matmul(x, tf.ones((4, 4)))))), (6,))))
    return out
