# ruff: noqa: E501  (one case per line: a table of graphs)
"""Keras layers, one small model each (and a few combinations)."""

import keras
import tensorflow as tf
from keras import layers as L
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

from .kfreeze import both


def seq(shape, *ls):
    def make():
        inp = keras.Input(shape)
        h = inp
        for layer in ls:
            h = layer()(h) if callable(layer) and not isinstance(layer, L.Layer) else layer(h)
        return keras.Model(inp, h)
    return make


def _mha():
    inp = keras.Input((6, 16))
    h = L.MultiHeadAttention(num_heads=2, key_dim=8)(inp, inp)
    h = L.LayerNormalization()(h + inp)
    return keras.Model(inp, L.Dense(4)(h))


def _attn():
    inp = keras.Input((6, 16))
    return keras.Model(inp, L.Attention()([inp, inp]))


def _merge(kind):
    def make():
        inp = keras.Input((5, 5, 4))
        a = L.Conv2D(4, 1)(inp)
        b = L.Conv2D(4, 1)(inp)
        return keras.Model(inp, kind()([a, b]))
    return make


def _decoder():
    inp = keras.Input((4, 4, 8))
    h = L.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu")(inp)
    h = L.UpSampling2D(2, interpolation="bilinear")(h)
    h = L.Conv2D(4, 3, padding="same")(h)
    h = L.UpSampling2D(2)(h)
    return keras.Model(inp, L.Conv2DTranspose(3, 3, strides=2, padding="valid")(h))


def _prelu():
    return seq((6, 6, 3), L.Conv2D(4, 3), L.PReLU())()


def _emb():
    inp = keras.Input((7,), dtype="int32")
    h = L.Embedding(50, 8)(inp)
    h = L.GlobalAveragePooling1D()(h)
    return keras.Model(inp, L.Dense(3)(h))


def _act(a):
    return seq((10,), L.Dense(8), L.Activation(a))


CASES = {
    "conv1d": (seq((16, 3), L.Conv1D(4, 3, padding="same"), L.Conv1D(5, 3, strides=2, dilation_rate=1)), (16, 3)),
    "conv1d_dil": (seq((16, 3), L.Conv1D(4, 3, dilation_rate=2)), (16, 3)),
    "conv2d_groups": (seq((8, 8, 4), L.Conv2D(8, 3, groups=2)), (8, 8, 4)),
    "conv2d_dil": (seq((12, 12, 3), L.Conv2D(4, 3, dilation_rate=2, padding="same")), (12, 12, 3)),
    "conv2dT": (seq((5, 5, 4), L.Conv2DTranspose(3, 3, strides=2, padding="same")), (5, 5, 4)),
    "conv2dT_valid": (seq((5, 5, 4), L.Conv2DTranspose(3, 3, strides=2)), (5, 5, 4)),
    "conv3d": (seq((6, 6, 6, 2), L.Conv3D(3, 3)), (6, 6, 6, 2)),
    "conv3dT": (seq((4, 4, 4, 2), L.Conv3DTranspose(3, 3, strides=2, padding="same")), (4, 4, 4, 2)),
    "sepconv1d": (seq((16, 3), L.SeparableConv1D(4, 3)), (16, 3)),
    "sepconv2d": (seq((8, 8, 3), L.SeparableConv2D(4, 3, depth_multiplier=2)), (8, 8, 3)),
    "dwconv_mult": (seq((8, 8, 3), L.DepthwiseConv2D(3, depth_multiplier=2, strides=2)), (8, 8, 3)),
    "upsample_nearest": (seq((4, 4, 3), L.UpSampling2D(2)), (4, 4, 3)),
    "upsample_bilinear": (seq((4, 4, 3), L.UpSampling2D(2, interpolation="bilinear")), (4, 4, 3)),
    "zeropad_crop": (seq((6, 6, 3), L.ZeroPadding2D(1), L.Cropping2D(2)), (6, 6, 3)),
    "layernorm": (seq((6, 8), L.LayerNormalization()), (6, 8)),
    "layernorm_multi": (seq((4, 5, 6), L.LayerNormalization(axis=[1, 2])), (4, 5, 6)),
    "batchnorm_inf": (seq((6, 6, 3), L.BatchNormalization()), (6, 6, 3)),
    "groupnorm": (seq((6, 6, 8), L.GroupNormalization(groups=2)), (6, 6, 8)),
    "mha": (_mha, (6, 16)),
    "attention": (_attn, (6, 16)),
    "lstm": (seq((5, 4), L.LSTM(6)), (5, 4)),
    "lstm_seq": (seq((5, 4), L.LSTM(6, return_sequences=True), L.LSTM(3)), (5, 4)),
    "lstm_unroll": (seq((5, 4), L.LSTM(6, unroll=True)), (5, 4)),
    "gru": (seq((5, 4), L.GRU(6)), (5, 4)),
    "gru_unroll": (seq((5, 4), L.GRU(6, unroll=True)), (5, 4)),
    "simplernn": (seq((5, 4), L.SimpleRNN(6)), (5, 4)),
    "simplernn_unroll": (seq((5, 4), L.SimpleRNN(6, unroll=True)), (5, 4)),
    "bidir_lstm": (seq((5, 4), L.Bidirectional(L.LSTM(3))), (5, 4)),
    "dense3d": (seq((5, 7), L.Dense(3)), (5, 7)),
    "dense4d": (seq((2, 5, 7), L.Dense(3)), (2, 5, 7)),
    "gap1d": (seq((8, 3), L.GlobalAveragePooling1D()), (8, 3)),
    "gap2d": (seq((6, 6, 3), L.GlobalAveragePooling2D()), (6, 6, 3)),
    "gap3d": (seq((4, 4, 4, 3), L.GlobalAveragePooling3D()), (4, 4, 4, 3)),
    "gmp2d": (seq((6, 6, 3), L.GlobalMaxPooling2D()), (6, 6, 3)),
    "maxpool1d": (seq((8, 3), L.MaxPooling1D(2)), (8, 3)),
    "avgpool1d": (seq((8, 3), L.AveragePooling1D(2)), (8, 3)),
    "maxpool3d": (seq((4, 4, 4, 3), L.MaxPooling3D(2)), (4, 4, 4, 3)),
    "avgpool3d": (seq((4, 4, 4, 3), L.AveragePooling3D(2)), (4, 4, 4, 3)),
    "softmax_ax1": (seq((4, 5, 6), L.Softmax(axis=1)), (4, 5, 6)),
    "softmax_last": (seq((4, 5, 6), L.Softmax()), (4, 5, 6)),
    "softmax_multi": (seq((4, 5, 6), L.Softmax(axis=[1, 2])), (4, 5, 6)),
    "act_gelu": (_act("gelu"), (10,)),
    "act_gelu_approx": (seq((10,), L.Dense(8), lambda h: keras.activations.gelu(h, approximate=True)), (10,)),
    "act_swish": (_act("swish"), (10,)),
    "act_hard_sigmoid": (_act("hard_sigmoid"), (10,)),
    "act_hard_swish": (_act("hard_swish"), (10,)),
    "act_elu": (_act("elu"), (10,)),
    "act_selu": (_act("selu"), (10,)),
    "act_softplus": (_act("softplus"), (10,)),
    "act_softsign": (_act("softsign"), (10,)),
    "act_mish": (_act("mish"), (10,)),
    "act_relu6": (_act("relu6"), (10,)),
    "act_log_softmax": (_act("log_softmax"), (10,)),
    "leaky_relu": (seq((10,), L.Dense(8), L.LeakyReLU(0.2)), (10,)),
    "relu_layer": (seq((10,), L.Dense(8), L.ReLU(max_value=6.0, threshold=0.1, negative_slope=0.1)), (10,)),
    "elu_layer": (seq((10,), L.Dense(8), L.ELU()), (10,)),
    "prelu": (_prelu, (6, 6, 3)),
    "dropout_flatten": (seq((4, 4, 3), L.Dropout(0.5), L.Flatten(), L.Dense(2)), (4, 4, 3)),
    "reshape_permute": (seq((4, 6), L.Reshape((2, 12)), L.Permute((2, 1)), L.Dense(3)), (4, 6)),
    "add": (_merge(L.Add), (5, 5, 4)),
    "multiply": (_merge(L.Multiply), (5, 5, 4)),
    "subtract": (_merge(L.Subtract), (5, 5, 4)),
    "average": (_merge(L.Average), (5, 5, 4)),
    "maximum": (_merge(L.Maximum), (5, 5, 4)),
    "minimum": (_merge(L.Minimum), (5, 5, 4)),
    "concat": (_merge(L.Concatenate), (5, 5, 4)),
    "dot": (_merge(lambda: L.Dot(axes=-1)), (5, 5, 4)),
    "normalization": (seq((6,), L.Normalization(mean=1.0, variance=2.0)), (6,)),
    "rescaling": (seq((6, 6, 3), L.Rescaling(1 / 255.0, offset=-1)), (6, 6, 3)),
    "decoder": (_decoder, (4, 4, 8)),
    "embedding": (_emb, (7,)),
    "lrn_like_repeat": (seq((5,), L.RepeatVector(3)), (5,)),
    "time_distributed": (seq((3, 6), L.TimeDistributed(L.Dense(4))), (3, 6)),
    "conv_lstm": (seq((3, 6, 6, 2), L.ConvLSTM2D(3, 3)), (3, 6, 6, 2)),
    "masking": (seq((5, 4), L.Masking(), L.LSTM(3)), (5, 4)),
    "spatial_dropout": (seq((6, 6, 3), L.SpatialDropout2D(0.2), L.Conv2D(2, 1)), (6, 6, 3)),
    "unit_norm": (seq((6,), L.UnitNormalization()), (6,)),
    "activity_reg": (seq((6,), L.Dense(4, activity_regularizer="l2")), (6,)),
}

def _cf(layer, shape):
    return seq(shape, layer)


def _addattn():
    q = keras.Input((4, 8))
    v = keras.Input((6, 8))
    return keras.Model([q, v], L.AdditiveAttention()([q, v]))


def _kops():
    from keras import ops
    inp = keras.Input((6, 8))
    h = ops.einsum("bij,jk->bik", inp, ops.ones((8, 3)))
    h = h + ops.top_k(h, 2)[0][..., :1]
    h = ops.logsumexp(h, axis=-1) + ops.norm(h, axis=-1) + ops.var(h, axis=-1)
    return keras.Model(inp, h)


def _mixed():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        return seq((8, 8, 3), L.Conv2D(4, 3), L.BatchNormalization(), L.Activation("relu"),
                   L.GlobalAveragePooling2D(), L.Dense(2))()
    finally:
        keras.mixed_precision.set_global_policy("float32")


MORE = {
    "conv1dT": (seq((8, 3), L.Conv1DTranspose(4, 3, strides=2)), (8, 3)),
    "dwconv1d": (seq((8, 3), L.DepthwiseConv1D(3, depth_multiplier=2)), (8, 3)),
    "sepconv2d_dil": (seq((10, 10, 3), L.SeparableConv2D(4, 3, dilation_rate=2)), (10, 10, 3)),
    "sepconv2d_stride": (seq((10, 10, 3), L.SeparableConv2D(4, 3, strides=2, padding="same")), (10, 10, 3)),
    "conv2d_cf": (seq((3, 8, 8), L.Conv2D(4, 3, data_format="channels_first")), (3, 8, 8)),
    "pool_cf": (seq((3, 8, 8), L.MaxPooling2D(2, data_format="channels_first"), L.AveragePooling2D(2, data_format="channels_first")), (3, 8, 8)),
    "upsample_cf": (seq((3, 4, 4), L.UpSampling2D(2, data_format="channels_first", interpolation="bilinear")), (3, 4, 4)),
    "bn_cf": (seq((3, 4, 4), L.BatchNormalization(axis=1)), (3, 4, 4)),
    "conv3d_groups": (seq((4, 4, 4, 4), L.Conv3D(4, 2, groups=2)), (4, 4, 4, 4)),
    "dwconv_groups_big": (seq((8, 8, 4), L.Conv2D(4, 3, groups=4)), (8, 8, 4)),
    "addattn": (_addattn, None),
    "kops": (_kops, (6, 8)),
    "resizing": (seq((8, 8, 3), L.Resizing(5, 6), L.CenterCrop(4, 4)), (8, 8, 3)),
    "resizing_area": (seq((8, 8, 3), L.Resizing(4, 4, interpolation="area")), (8, 8, 3)),
    "resizing_bicubic": (seq((8, 8, 3), L.Resizing(5, 5, interpolation="bicubic")), (8, 8, 3)),
    "random_inf": (seq((8, 8, 3), L.RandomFlip(), L.RandomRotation(0.1), L.RandomZoom(0.1), L.Conv2D(2, 1)), (8, 8, 3)),
    "bidir_gru": (seq((5, 4), L.Bidirectional(L.GRU(3, return_sequences=True)), L.GlobalMaxPooling1D()), (5, 4)),
    "mixed_precision": (_mixed, (8, 8, 3)),
    "gap_keepdims": (seq((6, 6, 3), L.GlobalAveragePooling2D(keepdims=True), L.Conv2D(2, 1)), (6, 6, 3)),
    "identity_layers": (seq((6,), L.Identity(), L.ActivityRegularization(0.1), L.GaussianNoise(0.1), L.Dense(2)), (6,)),
    "conv2d_stride_dil": (seq((9, 9, 3), L.Conv2D(4, 3, strides=2, padding="same"), L.Conv2D(4, 2, dilation_rate=2)), (9, 9, 3)),
}

TRAIN = {
    "batchnorm_train": (seq((6, 6, 3), L.BatchNormalization()), (6, 6, 3)),
    "dropout_train": (seq((6,), L.Dense(4), L.Dropout(0.5)), (6,)),
    "layernorm_train": (seq((6, 8), L.LayerNormalization()), (6, 8)),
    "groupnorm_train": (seq((6, 6, 8), L.GroupNormalization(groups=2)), (6, 6, 8)),
}


def _two_inputs(make, batch):
    def build():
        keras.utils.set_random_seed(0)
        model = make()
        fn = tf.function(lambda q, v: model([q, v]))
        cf = fn.get_concrete_function(tf.TensorSpec([batch, 4, 8]), tf.TensorSpec([batch, 6, 8]))
        return convert_variables_to_constants_v2(cf).graph.as_graph_def(), None
    return build


def cases():
    out = []
    for name, (make, shape) in CASES.items():
        dtype = tf.int32 if name == "embedding" else tf.float32
        out += both(name, make, shape, dtype)
    for name, (make, shape) in MORE.items():
        if shape is None:  # two inputs ([B,4,8] and [B,6,8]): frozen by hand
            out += [(name + "_b1", _two_inputs(make, 1)), (name + "_bN", _two_inputs(make, None))]
            continue
        out += both(name, make, shape)
    for name, (make, shape) in TRAIN.items():
        out += both(name, make, shape, training=True)
    return out
