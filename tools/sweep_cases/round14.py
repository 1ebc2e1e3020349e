# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 14: the TF-slim networks (the ``tf_slim`` package's ``nets``: AlexNet v2, Inception
v1–v3, OverFeat, ResNet v1/v2, VGG), built in TF1 graph mode as the classic TF1 model zoo built
them. No earlier group had slim's layer stack (``slim.conv2d`` with its normalizer and
initializer arguments, ``slim.batch_norm`` as FusedBatchNorm or separate ops, ``slim.dropout``,
``slim.fully_connected``). Per network:

- ``_live``: the graph as built, with an unknown batch: variables with their truncated-normal
  and Xavier initializers (which TF's profiler counts) and inference ops;
- ``_frozen``: built at batch 1, variables initialised in a session and folded into constants
  (``convert_variables_to_constants``, as the zoo's ``*_frozen.pb`` files were made);
- ``_train`` (a few): ``is_training=True``, a softmax cross-entropy loss and a Momentum
  optimizer's ``minimize``: gradients, batch-norm moving-average updates and the optimizer.

Inputs are small (the nets' own fixed-size heads at their smallest) to keep the group fast.
"""

import importlib
import sys

import tensorflow as tf
import tf_slim as slim
from tf_slim.nets import (
    alexnet,
    inception_v1,
    inception_v2,
    inception_v3,
    overfeat,
    resnet_v1,
    resnet_v2,
    vgg,
)

v1 = tf.compat.v1

# slim.batch_norm's non-fused path reaches tf.layers' BatchNormalization, which TF 2.21 loads
# lazily from 'tf_keras.legacy_tf_layers.normalization'; tf_keras 2.21 keeps it under 'src'
for _mod in ("legacy_tf_layers", "legacy_tf_layers.normalization"):
    sys.modules.setdefault("tf_keras." + _mod, importlib.import_module("tf_keras.src." + _mod))

# name -> (net fn, its arg scope, input size, extra kwargs)
NETS = {
    "alexnet_v2": (alexnet.alexnet_v2, alexnet.alexnet_v2_arg_scope, 224, {"num_classes": 10}),
    "inception_v1": (inception_v1.inception_v1, inception_v1.inception_v1_arg_scope, 224, {"num_classes": 10}),
    "inception_v2": (inception_v2.inception_v2, inception_v2.inception_v2_arg_scope, 224, {"num_classes": 10, "depth_multiplier": 0.5}),
    "inception_v3": (inception_v3.inception_v3, inception_v3.inception_v3_arg_scope, 107, {"num_classes": 10, "depth_multiplier": 0.5}),
    "overfeat": (overfeat.overfeat, overfeat.overfeat_arg_scope, 231, {"num_classes": 10}),
    "resnet_v1_50": (resnet_v1.resnet_v1_50, resnet_v1.resnet_arg_scope, 64, {"num_classes": 10}),
    "resnet_v2_50": (resnet_v2.resnet_v2_50, resnet_v2.resnet_arg_scope, 64, {"num_classes": 10}),
    "resnet_v1_101_os16": (resnet_v1.resnet_v1_101, resnet_v1.resnet_arg_scope, 64, {"num_classes": 10, "output_stride": 16}),
    "vgg_16": (vgg.vgg_16, vgg.vgg_arg_scope, 224, {"num_classes": 10}),
    "vgg_a": (vgg.vgg_a, vgg.vgg_arg_scope, 224, {"num_classes": 10}),
}
TRAIN = {"inception_v1", "resnet_v2_50", "vgg_a"}


def _build(name, batch, training=False):
    fn, scope, size, kw = NETS[name]
    x = v1.placeholder(tf.float32, [batch, size, size, 3], name="input")
    with slim.arg_scope(scope()):
        logits, _ = fn(x, is_training=training, **kw)
    return logits


def _live(name):
    def b():
        g = tf.Graph()
        with g.as_default():
            _build(name, None)
        return g.as_graph_def(), None
    return b


def _frozen(name):
    def b():
        g = tf.Graph()
        with g.as_default():
            logits = _build(name, 1)
            with v1.Session(graph=g) as sess:
                sess.run(v1.global_variables_initializer())
                gd = v1.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), [logits.op.name])
        return gd, None
    return b


def _train(name):
    def b():
        g = tf.Graph()
        with g.as_default():
            logits = _build(name, None, training=True)
            labels = v1.placeholder(tf.int32, [None], name="labels")
            loss = v1.losses.sparse_softmax_cross_entropy(labels, tf.reshape(logits, [-1, 10]))
            update = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
            with tf.control_dependencies(update):
                v1.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
        return g.as_graph_def(), None
    return b


def cases():
    out = []
    for name in NETS:
        out += [(f"slim_{name}_live", _live(name)), (f"slim_{name}_frozen", _frozen(name))]
        if name in TRAIN:
            out.append((f"slim_{name}_train", _train(name)))
    return out
