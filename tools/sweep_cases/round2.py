# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 2 of the sweep: TF1 classic graphs (NCHW nets, add_shapes=True frozen graphs, atrous
convs, detection post-processing, QAT fake-quant, einsum blocks, integer preprocessing, unknown
ranks and axes, dynamic_rnn, resource-variable training, ref-variable updates, grad ops)."""

import tensorflow as tf

from .raw import _add_shapes, c, graph

v1 = tf.compat.v1


def _nchw_net(x):
    h = tf.nn.conv2d(x, c(3, 3, 3, 8), 1, "SAME", data_format="NCHW")
    h = tf.nn.bias_add(h, c(8), data_format="NCHW")
    h = v1.nn.fused_batch_norm(h, c(8), c(8, seed=1), c(8, seed=2), c(8, seed=3), is_training=False, data_format="NCHW")[0]
    h = tf.nn.relu(h)
    h = tf.nn.max_pool2d(h, 2, 2, "SAME", data_format="NCHW")
    h = tf.nn.conv2d(h, c(3, 3, 8, 4), 2, "VALID", data_format="NCHW")
    h = tf.nn.avg_pool2d(h, 1, 1, "VALID", data_format="NCHW")
    return tf.reduce_mean(h, [2, 3])


def _fbn_v1(x):
    # FusedBatchNorm (v1) via raw op
    return tf.raw_ops.FusedBatchNorm(x=x, scale=c(3), offset=c(3, seed=1), mean=c(3, seed=2), variance=c(3, seed=3), is_training=False)[0] * 2.0


def _fbn_v2(x):
    return tf.raw_ops.FusedBatchNormV2(x=x, scale=c(3), offset=c(3, seed=1), mean=c(3, seed=2), variance=c(3, seed=3), is_training=True)[0] * 2.0


def _bngn(x):
    return tf.raw_ops.BatchNormWithGlobalNormalization(t=x, m=c(3), v=c(3, seed=1), beta=c(3, seed=2), gamma=c(3, seed=3), variance_epsilon=1e-3, scale_after_normalization=True) * 2.0


def _nms(boxes, scores):
    i3 = tf.image.non_max_suppression(boxes, scores, 5, 0.5)
    i4, n4 = tf.raw_ops.NonMaxSuppressionV4(boxes=boxes, scores=scores, max_output_size=5, iou_threshold=0.5, score_threshold=0.1, pad_to_max_output_size=True)
    i5 = tf.image.non_max_suppression_with_scores(boxes, scores, 5, 0.5, 0.1, 0.5)
    g = tf.gather(boxes, i3) * 2.0
    g4 = tf.gather(boxes, i4) + 1.0
    return g, g4, i5[1] * 3.0, n4 + 1


def _det_post(x):
    # x: [B, 10, 4] boxes-ish logits
    scores = tf.reduce_max(x, -1)
    vals, idx = tf.math.top_k(scores, 3)
    picked = tf.gather(x, idx, batch_dims=1) * 2.0
    m = tf.boolean_mask(x, scores > 0.5) + 1.0
    w = tf.where(scores > 0.5)
    return picked, m, tf.cast(w, tf.float32) * 2.0, vals + 1.0


def _fake_quant(x):
    h = tf.quantization.fake_quant_with_min_max_vars(x, -1.0, 1.0)
    h = tf.matmul(h, tf.quantization.fake_quant_with_min_max_vars(c(6, 4), -1.0, 1.0))
    h = tf.quantization.fake_quant_with_min_max_args(h, -2.0, 2.0)
    h = tf.quantization.fake_quant_with_min_max_vars_per_channel(h, c(4), c(4, seed=1) + 1.0)
    return tf.quantization.quantize_and_dequantize_v2(h, -1.0, 1.0) + 1.0


def _einsum_block(x):
    q = tf.einsum("...sd,dhk->...shk", x, c(8, 2, 4))
    k = tf.einsum("bsd,dhk->bshk", x, c(8, 2, 4, seed=1))
    a = tf.nn.softmax(tf.einsum("...qhd,...khd->...hqk", q, k))
    o = tf.einsum("bhqk,bkhd->bqhd", a, k)
    return tf.einsum("bqhd,hdo->bqo", o, c(2, 4, 8, seed=2)) + x


def _int_pre(x, i):
    a = i * 3 + 1
    b = tf.cast(a, tf.float32) * 0.5
    oh = tf.one_hot(i, 7) * 2.0
    bk = tf.raw_ops.Bucketize(input=x, boundaries=[0.0, 0.5, 1.0])
    s = tf.strings.as_string(i)
    j = tf.strings.join([s, s])
    l = tf.strings.length(j) + i
    d = tf.math.floordiv(i, 2) - tf.math.floormod(i, 3)
    return b, oh, bk * 2, l, d, tf.cast(tf.cast(x, tf.int64) * 2, tf.float32) + 1.0


def _unk_rank():
    def build():
        g = tf.Graph()
        with g.as_default():
            x = v1.placeholder(tf.float32, None, name="x0")
            y = v1.placeholder(tf.float32, [1, 4], name="x1")
            z = v1.placeholder_with_default(tf.ones([2, 4]), [None, 4], name="x2")
            ax = v1.placeholder(tf.int32, [1], name="ax")
            _ = [x * 2.0 + 1.0, tf.reduce_mean(x, [1]), tf.matmul(y, c(4, 3)), tf.matmul(z, c(4, 3)) + 1.0,
                 tf.reduce_mean(y, ax, keepdims=True) * 2.0, tf.reduce_sum(z, ax) + 1.0, tf.nn.softmax(x),
                 v1.reduce_mean(y, keep_dims=False) + 1.0, tf.argmax(y, 1, output_type=tf.int32) + 1,
                 tf.nn.l2_loss(x), tf.nn.l2_loss(y), tf.nn.l2_loss(z), tf.add_n([y] * 7), tf.add_n([z, z, z])]
        return g.as_graph_def(), None
    return build


def _dyn_rnn(cell):
    def fn(x):
        cl = {"lstm": lambda: v1.nn.rnn_cell.LSTMCell(6), "gru": lambda: v1.nn.rnn_cell.GRUCell(5),
              "basic": lambda: v1.nn.rnn_cell.BasicLSTMCell(4)}[cell]()
        out, _ = v1.nn.dynamic_rnn(cl, x, dtype=tf.float32)
        return tf.reduce_sum(out)
    return fn


def _resource_train(opt, B):
    def build():
        g = tf.Graph()
        with g.as_default():
            x = v1.placeholder(tf.float32, [B, 6, 6, 3], name="x")
            y = v1.placeholder(tf.int32, [B], name="y")
            w = v1.get_variable("w", [3, 3, 3, 4], use_resource=True)
            h = tf.nn.relu6(tf.nn.conv2d(x, w, 1, "SAME"))
            h = tf.nn.max_pool2d(h, 2, 2, "VALID")
            h = tf.reshape(h, [-1, 36])
            d = v1.get_variable("d", [36, 5], use_resource=True)
            lg = tf.matmul(h, d)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=lg))
            o = {"adam": v1.train.AdamOptimizer, "sgd": v1.train.GradientDescentOptimizer,
                 "mom": lambda lr: v1.train.MomentumOptimizer(lr, 0.9), "rms": v1.train.RMSPropOptimizer,
                 "adagrad": v1.train.AdagradOptimizer}[opt](1e-3)
            o.minimize(loss)
        return g.as_graph_def(), None
    return build


def _grad_graph(fn, *shapes):
    """fn's gradient w.r.t. its inputs (graph mode), so the grad ops appear."""
    def body(*xs):
        y = fn(*xs)
        return tf.gradients(tf.reduce_sum(y), xs)
    return graph(body, *shapes)


def _maxpoolgradgrad(x):
    y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    g = tf.gradients(tf.reduce_sum(y * y), x)[0]
    return tf.gradients(tf.reduce_sum(g * g), x)


def _ref_assign():
    def build():
        g = tf.Graph()
        with g.as_default():
            v = v1.Variable(tf.zeros([3, 4]), use_resource=False, name="v")
            x = v1.placeholder(tf.float32, [3, 4], name="x0")
            _ = [v1.assign_add(v, x), v1.assign_sub(v, x * 2.0), v1.assign(v, x)]
            r = v1.Variable(tf.zeros([5]), use_resource=True, name="r")
            _ = [r.assign_add(tf.ones([5])), r.assign_sub(tf.ones([5]))]
        return g.as_graph_def(), None
    return build


def _pow_bcast(a, b):
    return tf.pow(a, b), tf.math.squared_difference(a, b), tf.maximum(a, b) * 2.0


def _shape_n(x, u):
    from tensorflow.python.ops import gen_array_ops
    s0, s1 = gen_array_ops.shape_n([x, u])
    y = tf.ones([24])
    return [tf.reshape(y, s0) * 2.0, tf.fill(s0, 1.0) * 2.0, tf.fill(s1, 1.0) * 2.0, tf.tile(tf.ones([1, 1]), tf.stack([s0[0], 2])) * 2.0,
            tf.tile(tf.ones([1, 1]), tf.stack([tf.shape(x)[0], 2])) * 2.0, tf.fill(s0[1:], 1.0) * 2.0, tf.fill(s1[1:], 1.0) * 2.0,
            tf.fill(s0 * 2, 1.0) * 2.0, tf.fill(tf.cast(s0, tf.int64), 1.0) * 2.0, tf.fill(tf.concat([s0[:1], [5]], 0), 1.0) * 2.0,
            tf.zeros(tf.stack([tf.reduce_prod(s0)])) * 2.0, tf.reshape(y, [s0[0], -1]) * 2.0, s0 * 2, s0[0] + 1,
            tf.fill(tf.stack(tf.unstack(tf.shape(u))[1:]), 1.0) * 2.0, tf.unstack(tf.shape(u))[2] * 3,
            tf.zeros([tf.cast(tf.shape(u), tf.int32)[1], 2]) * 2.0, tf.zeros([tf.shape(u)[1:][0], 2]) * 2.0,
            tf.zeros([tf.shape(u)[1], 2]) * 2.0, tf.zeros([tf.concat([tf.shape(u), [1]], 0)[2], 2]) * 2.0,
            tf.tile(tf.ones([1, 1, 1]), tf.shape(u)[::-1] * 0 + 1) * 2.0]


def _slice_index(x, k):
    """``Shape(x)[i]`` with the index i (and end, strides) from different producers: TF 2.21
    folds the known dim only when begin is a Const node itself (``a``, ``d``, ``e``)."""
    s = tf.shape(x)
    one, two, st = tf.constant([1]), tf.constant([2]), tf.constant([1])
    packed = lambda v: tf.stack([tf.constant(v)])  # noqa: E731
    begins_ends_strides = {
        "a": (one, two, st),                              # all Consts: folded
        "b": (packed(1), packed(2), st),                  # begin a Pack of Consts: partial
        "c": (tf.identity(one), tf.identity(two), st),    # begin through an Identity: partial
        "d": (one, packed(2), packed(1)),                 # end, strides computed: folded
        "e": (one, k, st),                                # end fed at run time: folded
        "f": (tf.reshape(tf.constant(1), [1]), two, st),  # begin a Reshape of a Const: partial
    }
    out = []
    for name, (b, e, strides) in begins_ends_strides.items():
        dim = tf.strided_slice(s, b, e, strides, shrink_axis_mask=1, name="dim_" + name)
        out.append(tf.add(tf.zeros(tf.stack([dim, 3])), 1.0, name="add_" + name))
    return out


def _cases(B):
    img = [B, 8, 8, 3]
    return {
        "shape_n": graph(_shape_n, [2, 3, 4], [B, 3, 4]),
        "nchw_net": graph(_nchw_net, [B, 3, 8, 8]),
        "nchw_lrn_like": graph(lambda x: tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, c(1, 1, 3, 4), [1, 1, 2, 2], "VALID", data_format="NCHW"), c(4), data_format="NCHW")), [B, 3, 9, 9]),
        "fbn_v1": graph(_fbn_v1, img),
        "fbn_v2_train": graph(_fbn_v2, img),
        "bn_global": graph(_bngn, img),
        "conv_explicit_s2": graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 2, [[0, 0], [1, 1], [0, 2], [0, 0]]), img),
        "conv_explicit_nchw": graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 1, [[0, 0], [0, 0], [1, 1], [2, 0]], data_format="NCHW"), [B, 3, 8, 8]),
        "sep_rate": graph(lambda x: tf.nn.separable_conv2d(x, c(3, 3, 3, 2), c(1, 1, 6, 4), [1, 1, 1, 1], "SAME", dilations=[2, 2]), img),
        "sep_rate_valid": graph(lambda x: tf.nn.separable_conv2d(x, c(3, 3, 3, 2), c(1, 1, 6, 4), [1, 1, 1, 1], "VALID", dilations=[2, 2]), [B, 11, 11, 3]),
        "dw_rate_v1": graph(lambda x: v1.nn.depthwise_conv2d(x, c(3, 3, 3, 1), [1, 1, 1, 1], "SAME", rate=[2, 2]), img),
        "dw_rate_v1_valid": graph(lambda x: v1.nn.depthwise_conv2d(x, c(3, 3, 3, 1), [1, 1, 1, 1], "VALID", rate=[3, 3]), [B, 12, 12, 3]),
        "atrous_manual": graph(lambda x: tf.compat.v1.batch_to_space_nd(tf.nn.conv2d(tf.compat.v1.space_to_batch_nd(x, [2, 2], [[2, 2], [2, 2]]), c(3, 3, 3, 4), 1, "VALID"), [2, 2], [[0, 0], [0, 0]]), img),
        "atrous_conv_v1_rate": graph(lambda x: v1.nn.convolution(x, c(3, 3, 3, 4), "SAME", dilation_rate=[4, 4]), [B, 9, 9, 3]),
        "lrn_params": graph(lambda x: tf.nn.lrn(x, 2, 1.0, 1e-4, 0.75) + tf.nn.lrn(x, 1), img),
        "resize_hpc": graph(lambda x: [v1.image.resize_bilinear(x, [5, 7], half_pixel_centers=True), v1.image.resize_nearest_neighbor(x, [16, 16], align_corners=True), v1.image.resize_bicubic(x, [4, 4], half_pixel_centers=True)], img),
        "crop_resize_multi": graph(lambda x: tf.image.crop_and_resize(x, c(4, 4), tf.zeros([4], tf.int32), [3, 3], method="nearest") * 2.0, img),
        "crop_resize_dynboxes": graph(lambda x, b: tf.image.crop_and_resize(x, b, tf.zeros(tf.shape(b)[:1], tf.int32), [3, 3]), img, [None, 4]),
        "nms": graph(_nms, [10, 4], [10]),
        "det_post": graph(_det_post, [B, 10, 4]),
        "image_ops2": graph(lambda x: [tf.image.adjust_saturation(x, 0.5), tf.image.adjust_hue(x, 0.1), tf.image.hsv_to_rgb(x), tf.image.adjust_gamma(x, 2.0), tf.image.random_flip_left_right(x), tf.image.pad_to_bounding_box(x, 1, 1, 10, 10), tf.image.crop_to_bounding_box(x, 1, 1, 4, 4), tf.image.total_variation(x), tf.image.convert_image_dtype(x, tf.uint8), tf.image.yuv_to_rgb(x), tf.image.rot90(x), tf.image.transpose(x), tf.image.image_gradients(x)[0], tf.image.draw_bounding_boxes(x, tf.zeros([1 if B else 1, 1, 4]), [[1., 0, 0]])], img),
        "ssim_psnr": graph(lambda a, b: [tf.image.psnr(a, b, 1.0), tf.image.ssim(a, b, 1.0, filter_size=3)], [B, 16, 16, 3], [B, 16, 16, 3]),
        "fake_quant": graph(_fake_quant, [B, 6]),
        "einsum_block": graph(_einsum_block, [B, 5, 8]),
        "einsum_ellipsis_bcast": graph(lambda a, b: tf.einsum("...ij,...jk->...ik", a, b), [B, 1, 3, 4], [2, 4, 5]),
        "einsum_unk_mid": graph(lambda a, b: tf.einsum("bij,jk->bik", a, b), [B, None, 4], [4, 5]),
        "bmm_bcast_unk": graph(lambda a, b: tf.linalg.matmul(a, b), [B, 1, 3, 4], [None, 4, 5]),
        "bmm_bcast_rank": graph(lambda a, b: tf.linalg.matmul(a, b, adjoint_b=True), [B, 2, 3, 4], [5, 4]),
        "int_pre": graph(_int_pre, [B, 5], [B, 5], dtypes={1: tf.int32}),
        "pow_bcast_unk": graph(_pow_bcast, [B, None, 4], [1, 3, 1]),
        "dyn_rnn_lstm": graph(_dyn_rnn("lstm"), [B, 5, 4]),
        "dyn_rnn_gru": graph(_dyn_rnn("gru"), [B, 5, 4]),
        "dyn_rnn_basic_unk_t": graph(_dyn_rnn("basic"), [B, None, 4]),
        "grad_sparse_xent": _grad_graph(lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1] * (B or 2)) if B else tf.zeros(tf.shape(x)[:1], tf.int32), x), [B, 10]),
        "grad_conv3d": _grad_graph(lambda x: tf.nn.conv3d(x, c(2, 2, 2, 3, 4), [1, 1, 2, 2, 1], "SAME"), [B, 4, 4, 4, 3]),
        "grad_relu6_elu_selu": _grad_graph(lambda x: tf.nn.relu6(x) + tf.nn.elu(x) + tf.nn.selu(x) + tf.nn.leaky_relu(x) + tf.nn.softplus(x) + tf.sigmoid(x) + tf.tanh(x), [B, 6]),
        "grad_pool_nchw": _grad_graph(lambda x: tf.nn.max_pool2d(x, 2, 2, "VALID", data_format="NCHW") + tf.nn.avg_pool2d(x, 2, 2, "VALID", data_format="NCHW"), [B, 3, 8, 8]),
        "grad_fbn_nchw": _grad_graph(lambda x: v1.nn.fused_batch_norm(x, c(3), c(3, seed=1), data_format="NCHW")[0], [B, 3, 4, 4]),
        "grad_bias_nchw": _grad_graph(lambda x: tf.nn.bias_add(x, c(3), data_format="NCHW"), [B, 3, 4, 4]),
        "grad_dw": _grad_graph(lambda x: tf.nn.depthwise_conv2d(x, c(3, 3, 3, 2), [1, 2, 2, 1], "SAME"), img),
        "grad_conv_explicit": _grad_graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 1, [[0, 0], [1, 1], [1, 1], [0, 0]]), img),
        "grad_lrn_resize": _grad_graph(lambda x: tf.image.resize(tf.nn.lrn(x, 2), [16, 16]) + tf.image.resize(x, [4, 4], "nearest")[:, :1, :1], img),
        "grad_reductions": _grad_graph(lambda x: tf.reduce_max(x, 1) + tf.reduce_prod(x, 1) + tf.reduce_min(x, 1) + tf.reduce_logsumexp(x, 1), [B, 5]),
        "grad_misc": _grad_graph(lambda x: tf.nn.l2_loss(x) + tf.reduce_sum(tf.pow(x, 3.0)) + tf.reduce_sum(tf.math.squared_difference(x, 1.0)) + tf.reduce_sum(tf.gather(x, [0, 1], axis=1)) + tf.reduce_sum(tf.nn.softmax(x)) + tf.reduce_sum(tf.math.rsqrt(x) + tf.math.sqrt(x) + tf.math.reciprocal(x) + tf.math.log(x)), [B, 6]),
        "maxpoolgradgrad": graph(_maxpoolgradgrad, img),
        "resource_adam": _resource_train("adam", B),
        "resource_sgd": _resource_train("sgd", B),
        "resource_mom": _resource_train("mom", B),
        "resource_rms": _resource_train("rms", B),
        "resource_adagrad": _resource_train("adagrad", B),
    }


def cases():
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r2_{k}_{bname}", v))
            out.append((f"r2_{k}_{bname}_shapes", _add_shapes(v)))
    out.append(("r2_unk_rank", _unk_rank()))
    out.append(("r2_unk_rank_shapes", _add_shapes(_unk_rank())))
    out.append(("r2_ref_assign", _ref_assign()))
    return out
