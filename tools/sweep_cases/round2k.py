# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 2, Keras (eager): channels_first models frozen, and models with dynamic spatial dims
(Input((None, None, 3))) profiled with the placeholder given as H, W (the ``inputs`` path)."""

import keras
from keras import layers as L

from .kfreeze import freeze


def _cf():
    inp = keras.Input((3, 16, 16))
    h = L.Conv2D(8, 3, padding="same", data_format="channels_first")(inp)
    h = L.BatchNormalization(axis=1)(h)
    h = L.ReLU()(h)
    h = L.MaxPooling2D(2, data_format="channels_first")(h)
    h = L.DepthwiseConv2D(3, padding="same", data_format="channels_first")(h)
    h = L.SeparableConv2D(6, 3, data_format="channels_first")(h)
    h = L.AveragePooling2D(2, data_format="channels_first")(h)
    h = L.Conv2DTranspose(4, 3, strides=2, data_format="channels_first")(h)
    h = L.UpSampling2D(2, data_format="channels_first")(h)
    h = L.ZeroPadding2D(1, data_format="channels_first")(h)
    h = L.GlobalAveragePooling2D(data_format="channels_first")(h)
    return keras.Model(inp, L.Dense(3)(h))


def _cf1d():
    inp = keras.Input((4, 12))
    h = L.Conv1D(6, 3, data_format="channels_first")(inp)
    h = L.MaxPooling1D(2, data_format="channels_first")(h)
    h = L.GlobalMaxPooling1D(data_format="channels_first")(h)
    return keras.Model(inp, h)


def _dyn():
    inp = keras.Input((None, None, 3))
    h = L.Conv2D(8, 3, strides=2, padding="same", activation="relu")(inp)
    h = L.BatchNormalization()(h)
    h = L.DepthwiseConv2D(3, padding="same")(h)
    h = L.MaxPooling2D(2)(h)
    h = L.Conv2D(4, 1)(h)
    h = L.UpSampling2D(2, interpolation="bilinear")(h)
    h = L.UpSampling2D(2)(h)
    a = L.GlobalAveragePooling2D()(h)
    return keras.Model(inp, [L.Dense(3, activation="softmax")(a), L.Conv2D(2, 1)(h)])


def _dyn_seq():
    inp = keras.Input((None, 8))
    h = L.Conv1D(8, 3, padding="same")(inp)
    h = L.MultiHeadAttention(2, 4)(h, h)
    h = L.LayerNormalization()(h)
    return keras.Model(inp, L.Dense(3)(h))


def _mk(make, shape, inputs=None):
    def b():
        keras.utils.set_random_seed(0)
        keras.backend.clear_session()
        return freeze(make(), shape), inputs
    return b


def cases():
    return [
        ("r2k_channels_first_b1", _mk(_cf, [1, 3, 16, 16])),
        ("r2k_channels_first_bN", _mk(_cf, [None, 3, 16, 16])),
        ("r2k_channels_first_bN_in2", _mk(_cf, [None, 3, 16, 16], {"input": [2, 3, 16, 16]})),
        ("r2k_cf1d_b1", _mk(_cf1d, [1, 4, 12])),
        ("r2k_dyn_hw", _mk(_dyn, [1, None, None, 3])),
        ("r2k_dyn_hw_in", _mk(_dyn, [1, None, None, 3], {"input": [1, 20, 24, 3]})),
        ("r2k_dyn_bhw_in", _mk(_dyn, [None, None, None, 3], {"input": [2, 17, 15, 3]})),
        ("r2k_dyn_seq_in", _mk(_dyn_seq, [None, None, 8], {"input": [2, 7, 8]})),
        ("r2k_dyn_seq", _mk(_dyn_seq, [1, None, 8])),
    ]
