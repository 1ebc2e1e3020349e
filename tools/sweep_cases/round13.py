# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 13: Keras 2 (the ``tf_keras`` package, tf.keras before Keras 3), frozen as most TF2
users counted FLOPs: a tf.function of the model, its concrete function, variables to constants.
Keras 2 lowers its layers to other ops than Keras 3 (BiasAdd, FusedBatchNormV3, LayerNormalization
as a fused batch norm, the LSTM/GRU "defun" functions, Reshape-and-MatMul attention...), so every
earlier Keras round leaves these graphs untested. Applications with weights=None at small inputs,
then one small model per layer family."""

import functools

import tensorflow as tf
import tf_keras
from tf_keras import layers as L

from .kfreeze import both, freeze_call

A = tf_keras.applications


# kfreeze.both with Keras 2's seeding and session: (name_b1, name_bN, name_unfrozen) builders
both2 = functools.partial(both, keras_module=tf_keras)


def seq2(shape, *ls, dtype="float32"):
    def make():
        inp = tf_keras.Input(shape, dtype=dtype)
        h = inp
        for layer in ls:
            h = layer()(h)
        return tf_keras.Model(inp, h)
    return make


APPS = {
    "resnet50": (A.ResNet50, 32), "resnet50v2": (A.ResNet50V2, 32), "mobilenet": (A.MobileNet, 32),
    "mobilenetv2": (A.MobileNetV2, 32), "mobilenetv3small": (A.MobileNetV3Small, 32),
    "mobilenetv3large": (A.MobileNetV3Large, 32), "efficientnetb0": (A.EfficientNetB0, 32),
    "efficientnetv2b0": (A.EfficientNetV2B0, 32), "densenet121": (A.DenseNet121, 32),
    "inceptionv3": (A.InceptionV3, 75), "xception": (A.Xception, 71), "vgg16": (A.VGG16, 32),
    "nasnetmobile": (A.NASNetMobile, 32), "convnexttiny": (A.ConvNeXtTiny, 32),
    "regnetx002": (A.RegNetX002, 32), "inceptionresnetv2": (A.InceptionResNetV2, 75),
}


def _mha():
    inp = tf_keras.Input((6, 16))
    h = L.MultiHeadAttention(num_heads=2, key_dim=8)(inp, inp)
    h = L.LayerNormalization()(h + inp)
    h = L.Dense(32, activation="gelu")(h)
    return tf_keras.Model(inp, L.Dense(4)(h))


def _attention():
    inp = tf_keras.Input((6, 8))
    h = L.Attention(use_scale=True)([inp, inp])
    h2 = L.AdditiveAttention()([inp, inp])
    return tf_keras.Model(inp, L.Concatenate()([h, h2]))


def _embedding():
    inp = tf_keras.Input((7,), dtype="int32")
    h = L.Embedding(50, 8)(inp)
    h = L.GlobalAveragePooling1D()(h)
    return tf_keras.Model(inp, L.Dense(3, activation="softmax")(h))


def _merges():
    a, b = tf_keras.Input((4, 6)), tf_keras.Input((4, 6))
    h = [L.Add()([a, b]), L.Subtract()([a, b]), L.Multiply()([a, b]), L.Average()([a, b]),
         L.Maximum()([a, b]), L.Minimum()([a, b])]
    d = L.Dot(axes=2)([a, b])
    return tf_keras.Model([a, b], [L.Concatenate()(h), d])


def _bidir():
    inp = tf_keras.Input((5, 4))
    h = L.Bidirectional(L.LSTM(6, return_sequences=True))(inp)
    return tf_keras.Model(inp, L.Bidirectional(L.GRU(3))(h))


def _two_inputs(name, make, shape):
    """A two-input model (``_merges``) frozen with both inputs as placeholders."""
    def build(batch):
        def b():
            tf_keras.utils.set_random_seed(0)
            tf_keras.backend.clear_session()
            model = make()
            return freeze_call(lambda x, y: model([x, y], training=False),
                               tf.TensorSpec([batch, *shape], tf.float32, name="a"),
                               tf.TensorSpec([batch, *shape], tf.float32, name="b")), None
        return b
    return [(name + "_b1", build(1)), (name + "_bN", build(None))]


LAYERS = [
    ("dense_relu", seq2((16,), lambda: L.Dense(8, activation="relu"), lambda: L.Dense(3, activation="softmax")), (16,)),
    ("conv_bn", seq2((12, 12, 3), lambda: L.Conv2D(8, 3, padding="same"), L.BatchNormalization, L.ReLU, lambda: L.MaxPooling2D(2), L.Flatten, lambda: L.Dense(4)), (12, 12, 3)),
    ("conv_variants", seq2((12, 12, 4), lambda: L.SeparableConv2D(6, 3, activation="relu6"), lambda: L.DepthwiseConv2D(3, depth_multiplier=2), lambda: L.Conv2DTranspose(5, 3, strides=2), lambda: L.Conv2D(4, 3, dilation_rate=2), lambda: L.Conv2D(4, 3, groups=2)), (12, 12, 4)),
    ("conv1d_3d", seq2((16, 4), lambda: L.Conv1D(6, 3, strides=2), lambda: L.SeparableConv1D(4, 3), lambda: L.MaxPooling1D(2), lambda: L.UpSampling1D(2), L.GlobalMaxPooling1D), (16, 4)),
    ("conv3d", seq2((6, 6, 6, 2), lambda: L.Conv3D(4, 3), lambda: L.Conv3DTranspose(3, 2, strides=2), lambda: L.AveragePooling3D(2), L.GlobalAveragePooling3D), (6, 6, 6, 2)),
    ("resize_pad", seq2((8, 8, 3), lambda: L.UpSampling2D(2, interpolation="bilinear"), lambda: L.ZeroPadding2D(1), lambda: L.Cropping2D(2), lambda: L.AveragePooling2D(3, strides=2, padding="same"), L.GlobalAveragePooling2D), (8, 8, 3)),
    ("activations", seq2((10,), L.PReLU, L.LeakyReLU, L.ELU, lambda: L.ThresholdedReLU(0.5), lambda: L.Activation("swish"), lambda: L.Activation("hard_sigmoid"), lambda: L.Activation("selu"), lambda: L.Activation("softplus"), lambda: L.Activation("gelu"), L.Softmax), (10,)),
    ("norms", seq2((6, 8), L.LayerNormalization, lambda: L.BatchNormalization(axis=-1), L.UnitNormalization, lambda: L.GroupNormalization(groups=2)), (6, 8)),
    ("layernorm_axes", seq2((4, 5, 6), lambda: L.LayerNormalization(axis=[1, 2, 3]), lambda: L.LayerNormalization(axis=1)), (4, 5, 6)),
    ("lstm", seq2((7, 5), lambda: L.LSTM(8, return_sequences=True), lambda: L.LSTM(4)), (7, 5)),
    ("gru", seq2((7, 5), lambda: L.GRU(8, return_sequences=True), lambda: L.GRU(4, reset_after=False)), (7, 5)),
    ("simple_rnn", seq2((6, 3), lambda: L.SimpleRNN(5, return_sequences=True), lambda: L.SimpleRNN(2, unroll=True)), (6, 3)),
    ("lstm_unroll", seq2((4, 3), lambda: L.LSTM(5, unroll=True)), (4, 3)),
    ("convlstm2d", seq2((3, 6, 6, 2), lambda: L.ConvLSTM2D(4, 3, padding="same"), L.Flatten), (3, 6, 6, 2)),
    ("reshapes", seq2((4, 6), lambda: L.Reshape((6, 4)), lambda: L.Permute((2, 1)), L.Flatten, lambda: L.RepeatVector(3), lambda: L.TimeDistributed(L.Dense(2))), (4, 6)),
    ("preproc", seq2((8, 8, 3), lambda: L.Rescaling(1 / 255.0, offset=-0.5), lambda: L.Normalization(mean=0.5, variance=0.25), lambda: L.CenterCrop(6, 6), lambda: L.Resizing(4, 4)), (8, 8, 3)),
    ("dropouts", seq2((10,), lambda: L.Dropout(0.5), lambda: L.GaussianNoise(0.1), lambda: L.AlphaDropout(0.1), lambda: L.Dense(3)), (10,)),
]


def cases():
    out = []
    for name, (ctor, size) in APPS.items():
        out += both2("k2_" + name, lambda c=ctor, s=size: c(weights=None, input_shape=(s, s, 3)), (size, size, 3))
    for name, make, shape in LAYERS:
        out += both2("k2_" + name, make, shape)
    out += both2("k2_mha", _mha, (6, 16))
    out += both2("k2_attention", _attention, (6, 8))
    out += both2("k2_embedding", _embedding, (7,), tf.int32)
    out += both2("k2_bidir", _bidir, (5, 4))
    out += _two_inputs("k2_merges", _merges, (4, 6))
    return out
