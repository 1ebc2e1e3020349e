"""Freeze a Keras model the way TF users do (tf.function, concrete function, constants)."""

from __future__ import annotations

import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2


def freeze_call(call, *specs):
    """The frozen GraphDef of ``call`` (a Python function of tensors) traced at ``specs``."""
    cf = tf.function(call).get_concrete_function(*specs)
    return convert_variables_to_constants_v2(cf).graph.as_graph_def()


def frozen_pair(name, make, specs, call):
    """(name_b1, build) and (name_bN, build): ``call(model, *inputs)`` of a Keras 3 model built
    by make() (seeded, in a fresh session), frozen at ``specs(batch)`` for batch 1 and None."""
    import keras

    def build(batch):
        def b():
            keras.utils.set_random_seed(0)
            keras.backend.clear_session()
            model = make()
            return freeze_call(lambda *xs: call(model, *xs), *specs(batch)), None
        return b
    return [(name + "_b1", build(1)), (name + "_bN", build(None))]


def freeze(model, shape, dtype=tf.float32, training=False):
    return freeze_call(lambda x: model(x, training=training), tf.TensorSpec(shape, dtype, name="input"))


def unfrozen(model, shape, dtype=tf.float32):
    """The concrete function's own GraphDef: variables stay resource captures (not frozen)."""
    fn = tf.function(lambda x: model(x, training=False))
    return fn.get_concrete_function(tf.TensorSpec(shape, dtype, name="input")).graph.as_graph_def()


def both(name, make, shape, dtype=tf.float32, training=False, keras_module=None):
    """(name_b1, build), (name_bN, build) and (name_unfrozen, build) for a model built by make()
    on per-example ``shape``; ``keras_module`` seeds and clears the session (Keras 3 by default,
    ``tf_keras`` for Keras 2 models)."""
    if keras_module is None:
        import keras as keras_module
    keras = keras_module

    def build(batch):
        def b():
            keras.utils.set_random_seed(0)
            keras.backend.clear_session()
            return freeze(make(), [batch, *shape], dtype, training), None
        return b
    def build_unfrozen():
        keras.utils.set_random_seed(0)
        keras.backend.clear_session()
        return unfrozen(make(), [1, *shape], dtype), None
    return [(name + "_b1", build(1)), (name + "_bN", build(None)), (name + "_unfrozen", build_unfrozen)]
