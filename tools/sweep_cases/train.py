"""TF1 training graphs: conv + fused batch norm + LSTM (static and while-loop) + dense, with
several optimizers."""

import tensorflow as tf

v1 = tf.compat.v1


def _var(name, shape):
    return v1.get_variable(name, shape, initializer=v1.glorot_uniform_initializer(seed=1),
                           use_resource=False)


def _lstm_cell(xt, h, c, w, b):
    z = tf.matmul(tf.concat([xt, h], 1), w) + b
    i, f, o, g = tf.split(z, 4, 1)
    c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    return tf.sigmoid(o) * tf.tanh(c), c


def _model(x, loop, bn):
    h = tf.nn.conv2d(x, _var("w1", [3, 3, 3, 8]), 1, "SAME")
    if bn == "fused":
        h, _, _ = v1.nn.fused_batch_norm(h, _var("g", [8]), _var("be", [8]))
    else:
        m, v = tf.nn.moments(h, [0, 1, 2])
        h = tf.nn.batch_normalization(h, m, v, _var("be", [8]), _var("g", [8]), 1e-3)
    h = tf.nn.relu(h)                                               # [B, 6, 6, 8]
    seq = tf.reshape(h, [-1, 6, 48])
    w, b = _var("lw", [48 + 5, 20]), _var("lb", [20])
    bsz = tf.shape(x)[0]
    hh = tf.zeros(tf.stack([bsz, 5]))
    cc = tf.zeros(tf.stack([bsz, 5]))
    if loop:
        xs = tf.transpose(seq, [1, 0, 2])

        def body(t, hh, cc):
            hh, cc = _lstm_cell(xs[t], hh, cc, w, b)
            return t + 1, hh, cc
        _, hh, cc = tf.while_loop(lambda t, *_: t < 6, body, [0, hh, cc])
    else:
        for t in range(6):
            hh, cc = _lstm_cell(seq[:, t], hh, cc, w, b)
    return tf.matmul(hh, _var("w3", [5, 10])) + _var("b3", [10])


def _model2(x, fmt):
    """NCHW/NHWC convs, depthwise, pools, resize, LRN, attention-style einsum, layer norm."""
    nchw = fmt == "NCHW"
    h = tf.transpose(x, [0, 3, 1, 2]) if nchw else x
    h = tf.nn.conv2d(h, _var("w1", [3, 3, 3, 8]), 1, "SAME", data_format=fmt)
    h = tf.nn.bias_add(h, _var("b1", [8]), data_format=fmt)
    h = tf.nn.max_pool2d(h, 2, 1, "SAME", data_format=fmt)
    h = tf.nn.avg_pool2d(h, 2, 1, "SAME", data_format=fmt)
    if nchw:
        h = tf.transpose(h, [0, 2, 3, 1])
    h = tf.nn.depthwise_conv2d(h, _var("dw", [3, 3, 8, 2]), [1, 1, 1, 1], "SAME")
    h = tf.nn.local_response_normalization(h, 2)
    h = tf.image.resize(h, [8, 8])
    h = tf.nn.dropout(h, 0.2, seed=1)
    seq = tf.reshape(h, [-1, 16, 64])
    q = tf.einsum("bsd,de->bse", seq, _var("wq", [64, 16]))
    att = tf.nn.softmax(tf.matmul(q, q, transpose_b=True) / 4.0)
    h = tf.matmul(att, q)
    m, v = tf.nn.moments(h, [-1], keepdims=True)
    h = (h - m) * tf.math.rsqrt(v + 1e-5) * _var("ln", [16])
    h = tf.reduce_mean(h, 1)
    return tf.matmul(tf.nn.elu(h), _var("w3", [16, 10])) + _var("b3", [10])


def build2(opt, batch, fmt):
    def b():
        g = tf.Graph()
        with g.as_default():
            x = v1.placeholder(tf.float32, [batch, 8, 8, 3], name="x")
            y = v1.placeholder(tf.float32, [batch, 10], name="y")
            logits = _model2(x, fmt)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
            loss += 1e-4 * tf.add_n([tf.nn.l2_loss(w) for w in v1.trainable_variables()])
            o = {"adam": lambda: v1.train.AdamOptimizer(1e-3),
                 "rmsprop": lambda: v1.train.RMSPropOptimizer(1e-3)}[opt]()
            o.minimize(loss, global_step=v1.train.get_or_create_global_step())
        return g.as_graph_def(), None
    return b


def build(opt, batch, loop, bn, cfv1):
    def b():
        if cfv1:
            v1.disable_control_flow_v2()
        else:
            v1.enable_control_flow_v2()
        g = tf.Graph()
        with g.as_default():
            x = v1.placeholder(tf.float32, [batch, 6, 6, 3], name="x")
            y = v1.placeholder(tf.int32, [batch], name="y")
            logits = _model(x, loop, bn)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            o = {"rmsprop": lambda: v1.train.RMSPropOptimizer(1e-3),
                 "rmsprop_c": lambda: v1.train.RMSPropOptimizer(1e-3, momentum=0.9, centered=True),
                 "adagrad": lambda: v1.train.AdagradOptimizer(0.1),
                 "adadelta": lambda: v1.train.AdadeltaOptimizer(),
                 "ftrl": lambda: v1.train.FtrlOptimizer(0.1),
                 "nesterov": lambda: v1.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
                 "adam": lambda: v1.train.AdamOptimizer(1e-3)}[opt]()
            o.minimize(loss, global_step=v1.train.get_or_create_global_step())
        return g.as_graph_def(), None
    return b


def cases():
    out = []
    for opt in ["rmsprop", "rmsprop_c", "adagrad", "adadelta", "ftrl", "nesterov", "adam"]:
        for bname, batch in (("b4", 4), ("bN", None)):
            out.append((f"train_{opt}_static_{bname}", build(opt, batch, False, "fused", True)))
    for bname, batch in (("b4", 4), ("bN", None)):
        out.append((f"train_adam_loopv1_{bname}", build("adam", batch, True, "fused", True)))
        out.append((f"train_adam_loopv2_{bname}", build("adam", batch, True, "fused", False)))
        out.append((f"train_adam_moments_{bname}", build("adam", batch, False, "moments", True)))
        for fmt in ("NHWC", "NCHW"):
            for opt in ("adam", "rmsprop"):
                out.append((f"train2_{opt}_{fmt}_{bname}", build2(opt, batch, fmt)))
    return out
