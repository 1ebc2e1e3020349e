# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 13g: Keras 2 (``tf_keras``) in TF1 graph mode, the graph TF1-era users profiled live
(``tf.compat.v1.profiler.profile(K.get_session().graph, ...)``): variables, their random
initializers (which TF's profiler counts, as in the README's 8,531), the learning-phase
placeholder and, once compiled and given a train function, gradients and the optimizer's
updates. Nothing is frozen; the placeholders keep an unknown batch (``--as-b1`` counts them)."""

import tf_keras
from tf_keras import layers as L
from tf_keras.src import backend as KB  # get_graph: not exported by tf_keras.backend


def _graph(make, train=False):
    def build():
        tf_keras.backend.clear_session()
        tf_keras.utils.set_random_seed(0)
        model = make()
        if train:
            model.compile(optimizer=train, loss="mse")
            model._make_train_function()
        return KB.get_graph().as_graph_def(), None
    return build


def _dense():  # the README's example as a Keras layer: X[?,16]·W[16,9] + b
    inp = tf_keras.Input((16,))
    return tf_keras.Model(inp, L.Dense(9, kernel_initializer="random_normal", bias_initializer="random_normal")(inp))


def _cnn():
    inp = tf_keras.Input((12, 12, 3))
    h = L.Conv2D(8, 3, padding="same")(inp)
    h = L.BatchNormalization()(h)
    h = L.ReLU()(h)
    h = L.MaxPooling2D(2)(h)
    h = L.Dropout(0.3)(h)
    h = L.Flatten()(h)
    return tf_keras.Model(inp, L.Dense(4, activation="softmax")(h))


def _lstm():
    inp = tf_keras.Input((6, 5))
    h = L.LSTM(8, return_sequences=True)(inp)
    h = L.GRU(4)(h)
    return tf_keras.Model(inp, L.Dense(2)(h))


def _mobilenetv2():
    return tf_keras.applications.MobileNetV2(weights=None, input_shape=(32, 32, 3), alpha=0.35)


def _mha():
    inp = tf_keras.Input((6, 16))
    h = L.MultiHeadAttention(num_heads=2, key_dim=8)(inp, inp)
    h = L.LayerNormalization()(h + inp)
    return tf_keras.Model(inp, L.Dense(3)(h))


MODELS = {"dense": _dense, "cnn": _cnn, "lstm": _lstm, "mobilenetv2": _mobilenetv2, "mha": _mha}


def cases():
    out = []
    for name, make in MODELS.items():
        out.append((f"k2g_{name}", _graph(make)))
        for opt in ("sgd", "adam", "rmsprop"):
            out.append((f"k2g_{name}_{opt}", _graph(make, opt)))
    return out
