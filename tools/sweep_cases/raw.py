# ruff: noqa: E501  (one case per line: a table of graphs)
"""TF1 graph-mode ops on placeholders (known and unknown batch)."""

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1


def graph(fn, *shapes, dtypes=None):
    """A builder: placeholders of ``shapes`` (named x0, x1, ...) fed to fn."""
    def build():
        g = tf.Graph()
        with g.as_default():
            xs = [v1.placeholder((dtypes or {}).get(i, tf.float32), s, name=f"x{i}")
                  for i, s in enumerate(shapes)]
            fn(*xs)
        return g.as_graph_def(), None
    return build


def c(*shape, seed=0):
    return tf.constant(np.random.RandomState(seed).rand(*shape).astype(np.float32))


def _cases(B):
    img = [B, 8, 8, 3]
    return {
        "einsum_matmul": graph(lambda a, b: tf.einsum("ij,jk->ik", a, b), [B, 4], [4, 5]),
        "einsum_bmm": graph(lambda a, b: tf.einsum("bij,bjk->bik", a, b), [B, 3, 4], [B, 4, 5]),
        "einsum_outer": graph(lambda a, b: tf.einsum("i,j->ij", a, b), [4], [5]),
        "einsum_trace": graph(lambda a: tf.einsum("ii->", a), [4, 4]),
        "einsum_reduce": graph(lambda a: tf.einsum("bij->bj", a), [B, 3, 4]),
        "einsum_attn": graph(lambda q, k: tf.einsum("bqhd,bkhd->bhqk", q, k), [B, 5, 2, 4], [B, 6, 2, 4]),
        "einsum_bcast": graph(lambda a, b: tf.einsum("...ij,jk->...ik", a, b), [B, 2, 3, 4], [4, 5]),
        "linalg_inv": graph(lambda a: tf.linalg.inv(a), [B, 4, 4]),
        "linalg_det": graph(lambda a: tf.linalg.det(a), [B, 4, 4]),
        "linalg_cholesky": graph(lambda a: tf.linalg.cholesky(a), [B, 4, 4]),
        "linalg_solve": graph(lambda a, b: tf.linalg.solve(a, b), [B, 4, 4], [B, 4, 2]),
        "linalg_tri_solve": graph(lambda a, b: tf.linalg.triangular_solve(a, b), [B, 4, 4], [B, 4, 2]),
        "linalg_qr": graph(lambda a: tf.linalg.qr(a), [B, 5, 4]),
        "linalg_svd": graph(lambda a: tf.linalg.svd(a), [B, 5, 4]),
        "linalg_eigh": graph(lambda a: tf.linalg.eigh(a), [B, 4, 4]),
        "linalg_norm": graph(lambda a: tf.linalg.norm(a, axis=[-2, -1]), [B, 4, 4]),
        "linalg_band": graph(lambda a: tf.linalg.band_part(a, 1, 1), [B, 4, 4]),
        "linalg_diag": graph(lambda a: tf.linalg.diag(a) + tf.linalg.diag_part(tf.linalg.diag(a)), [B, 4]),
        "linalg_trace": graph(lambda a: tf.linalg.trace(a), [B, 4, 4]),
        "linalg_logdet": graph(lambda a: tf.linalg.logdet(a), [B, 4, 4]),
        "linalg_matvec": graph(lambda a, b: tf.linalg.matvec(a, b), [B, 4, 3], [B, 3]),
        "linalg_cross": graph(lambda a, b: tf.linalg.cross(a, b), [B, 3], [B, 3]),
        **{f"resize_{m}": graph(lambda x, m=m: tf.image.resize(x, [13, 11], method=m), img)
           for m in ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian",
                     "mitchellcubic"]},
        "resize_pad": graph(lambda x: tf.image.resize_with_pad(x, 12, 10), img),
        "resize_v1_align": graph(lambda x: v1.image.resize_bilinear(x, [16, 16], align_corners=True), img),
        "crop_and_resize": graph(lambda x: tf.image.crop_and_resize(x, [[0, 0, 1, 1.]], [0], [5, 5]), img),
        "conv_dil": graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 1, "SAME", dilations=2), img),
        "conv_dil_valid": graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 1, "VALID", dilations=[1, 2, 2, 1]), img),
        "atrous": graph(lambda x: tf.nn.atrous_conv2d(x, c(3, 3, 3, 4), 2, "SAME"), img),
        "atrous_valid": graph(lambda x: tf.nn.atrous_conv2d(x, c(3, 3, 3, 4), 2, "VALID"), img),
        "conv_T": graph(lambda x: tf.nn.conv2d_transpose(x, c(3, 3, 5, 3), [1, 16, 16, 5], 2), [1, 8, 8, 3]),
        "conv_T_dyn": graph(lambda x: tf.nn.conv2d_transpose(
            x, c(3, 3, 5, 3), tf.stack([tf.shape(x)[0], 16, 16, 5]), 2), img),
        "conv_explicit_pad": graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 1, [[0, 0], [1, 2], [2, 1], [0, 0]]), img),
        "conv_nchw": graph(lambda x: tf.nn.conv2d(x, c(3, 3, 3, 4), 1, "SAME", data_format="NCHW"), [B, 3, 8, 8]),
        "conv1d_raw": graph(lambda x: tf.nn.conv1d(x, c(3, 3, 4), 2, "SAME"), [B, 9, 3]),
        "conv3d_raw": graph(lambda x: tf.nn.conv3d(x, c(2, 2, 2, 3, 4), [1, 1, 1, 1, 1], "VALID"), [B, 4, 4, 4, 3]),
        "conv3dT_raw": graph(lambda x: tf.nn.conv3d_transpose(x, c(2, 2, 2, 4, 3), [1, 8, 8, 8, 4], 2), [1, 4, 4, 4, 3]),
        "depthwise_raw": graph(lambda x: tf.nn.depthwise_conv2d(x, c(3, 3, 3, 2), [1, 1, 1, 1], "SAME"), img),
        "depthwise_dil": graph(lambda x: tf.nn.depthwise_conv2d(x, c(3, 3, 3, 2), [1, 1, 1, 1], "SAME", dilations=[2, 2]), img),
        "separable_raw": graph(lambda x: tf.nn.separable_conv2d(x, c(3, 3, 3, 2), c(1, 1, 6, 4), [1, 1, 1, 1], "SAME"), img),
        "lrn": graph(lambda x: tf.nn.local_response_normalization(x, 2), img),
        "moments": graph(lambda x: tf.nn.moments(x, [0, 1, 2]), img),
        "moments_keep": graph(lambda x: tf.nn.moments(x, [1, 2], keepdims=True), img),
        "cumsum": graph(lambda x: tf.math.cumsum(x, axis=1) + tf.math.cumprod(x, axis=2, exclusive=True), [B, 5, 6]),
        "gather": graph(lambda x: tf.gather(x, [0, 2], axis=1) * 2.0, [B, 5, 6]),
        "gather_nd": graph(lambda x: tf.gather_nd(x, [[0, 1], [1, 2]]) + 1.0, [4, 5, 6]),
        "scatter_nd": graph(lambda x: tf.scatter_nd([[0], [2]], x, [5, 6]) + 1.0, [2, 6]),
        "tensor_scatter": graph(lambda x: tf.tensor_scatter_nd_add(x, [[0], [2]], tf.ones([2, 6])), [5, 6]),
        "where3": graph(lambda x: tf.where(x > 0, x, x * 0.1), [B, 5, 6]),
        "where1": graph(lambda x: tf.where(x > 0), [B, 5]),
        "top_k": graph(lambda x: tf.math.top_k(x, 3).values + 1.0, [B, 10]),
        "xent": graph(lambda x, y: tf.nn.softmax_cross_entropy_with_logits(y, x), [B, 10], [B, 10]),
        "sparse_xent": graph(lambda x, y: tf.nn.sparse_softmax_cross_entropy_with_logits(y, x), [B, 10], [B],
                             dtypes={1: tf.int32}),
        "sigmoid_xent": graph(lambda x, y: tf.nn.sigmoid_cross_entropy_with_logits(y, x), [B, 10], [B, 10]),
        "reduce_all_axes": graph(lambda x: [tf.reduce_sum(x), tf.reduce_mean(x, [1, 2]), tf.reduce_max(x, 0),
                                            tf.reduce_min(x, -1, keepdims=True), tf.reduce_prod(x, 1),
                                            tf.reduce_logsumexp(x, 1), tf.math.reduce_std(x, 2),
                                            tf.math.reduce_variance(x, [0, 2]), tf.math.reduce_euclidean_norm(x, 1),
                                            tf.argmax(x, 2), tf.argmin(x, 1)], [B, 4, 5]),
        "reduce_any": graph(lambda x: [tf.reduce_any(x > 0, 1), tf.reduce_all(x > 0)], [B, 4]),
        "clip": graph(lambda x: tf.clip_by_value(x, -1.0, 1.0) + tf.clip_by_norm(x, 1.0), [B, 6]),
        "clip_global": graph(lambda x: tf.clip_by_global_norm([x, x * 2], 1.0)[0], [B, 6]),
        "sqdiff": graph(lambda a, b: tf.math.squared_difference(a, b), [B, 6], [6]),
        "pow": graph(lambda a, b: tf.math.pow(a, b) + tf.math.pow(a, 2.0) + tf.math.sqrt(a), [B, 6], [B, 6]),
        "l2norm": graph(lambda x: tf.nn.l2_normalize(x, axis=-1), [B, 6]),
        "batchnorm_nn": graph(lambda x: tf.nn.batch_normalization(x, c(3), c(3, seed=1), c(3, seed=2), c(3, seed=3), 1e-3), img),
        "fused_bn": graph(lambda x: v1.nn.fused_batch_norm(x, c(3), c(3, seed=1), c(3, seed=2), c(3, seed=3),
                                                          is_training=False)[0], img),
        "fused_bn_train": graph(lambda x: v1.nn.fused_batch_norm(x, c(3), c(3, seed=1))[0], img),
        "matmul_adj": graph(lambda a, b: tf.linalg.matmul(a, b, adjoint_a=True), [B, 4, 3], [B, 4, 5]),
        "matmul_tb": graph(lambda a, b: tf.linalg.matmul(a, b, transpose_b=True), [B, 3, 4], [B, 5, 4]),
        "matmul_bcast": graph(lambda a, b: tf.linalg.matmul(a, b), [B, 1, 3, 4], [2, 4, 5]),
        "matmul_2d_ta": graph(lambda a, b: tf.linalg.matmul(a, b, transpose_a=True, transpose_b=True), [4, 3], [5, 4]),
        "tensordot": graph(lambda a, b: tf.tensordot(a, b, [[1, 2], [0, 1]]), [B, 3, 4], [3, 4, 5]),
        "tensordot1": graph(lambda a, b: tf.tensordot(a, b, 1), [B, 3, 4], [4, 5]),
        "tensordot_dyn": graph(lambda a, b: tf.tensordot(a, b, [[2], [0]]), [B, None, 4], [4, 5]),
        "math_misc": graph(lambda x: [tf.math.log1p(x), tf.math.expm1(x), tf.math.erf(x), tf.math.floor(x),
                                      tf.math.round(x), tf.math.abs(x), tf.math.sign(x), tf.math.exp(x),
                                      tf.math.atan2(x, x), tf.math.floordiv(x, 2.0), tf.math.floormod(x, 2.0),
                                      tf.math.reciprocal(x), tf.math.square(x), tf.math.rsqrt(x),
                                      tf.math.log(x), tf.negative(x), tf.math.divide_no_nan(x, x),
                                      tf.math.truediv(x, 3.0), tf.math.maximum(x, 0.), tf.math.logical_and(x > 0, x < 1),
                                      tf.math.is_nan(x), tf.math.sigmoid(x), tf.nn.softsign(x), tf.nn.elu(x),
                                      tf.nn.selu(x), tf.nn.leaky_relu(x), tf.nn.relu6(x), tf.nn.gelu(x),
                                      tf.nn.silu(x), tf.nn.log_softmax(x), tf.math.cos(x), tf.math.tanh(x)], [B, 6]),
        "int_math": graph(lambda x: tf.cast(x, tf.int32) * 2 + 1, [B, 6]),
        "pool_same": graph(lambda x: [tf.nn.max_pool2d(x, 3, 2, "SAME"), tf.nn.avg_pool2d(x, 3, 2, "SAME")], img),
        "pool_nchw": graph(lambda x: tf.nn.max_pool2d(x, 2, 2, "VALID", data_format="NCHW"), [B, 3, 8, 8]),
        "pool1d": graph(lambda x: [tf.nn.max_pool1d(x, 2, 2, "VALID"), tf.nn.avg_pool1d(x, 2, 2, "VALID")], [B, 8, 3]),
        "pool3d": graph(lambda x: [tf.nn.max_pool3d(x, 2, 2, "VALID"), tf.nn.avg_pool3d(x, 2, 2, "VALID")], [B, 4, 4, 4, 3]),
        "pool_argmax": graph(lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")[0] + 1.0, [1, 8, 8, 3]),
        "fractional_pool": graph(lambda x: tf.nn.fractional_max_pool(x, [1, 1.5, 1.5, 1])[0], [1, 8, 8, 3]),
        "bias_nchw": graph(lambda x: tf.nn.bias_add(x, c(3), data_format="NCHW"), [B, 3, 4, 4]),
        "dilation2d": graph(lambda x: tf.nn.dilation2d(x, c(3, 3, 3), [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1]), img),
        "erosion2d": graph(lambda x: tf.nn.erosion2d(x, c(3, 3, 3), [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1]), img),
        "space_batch": graph(lambda x: tf.space_to_batch(x, [2, 2], [[0, 0], [0, 0]]) * 2.0, img),
        "depth_space": graph(lambda x: tf.nn.depth_to_space(tf.nn.space_to_depth(x, 2), 2) * 2.0, img),
        "extract_patches": graph(lambda x: tf.image.extract_patches(x, [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID") + 1.0, img),
        "image_ops": graph(lambda x: [tf.image.rgb_to_grayscale(x), tf.image.adjust_brightness(x, 0.1),
                                      tf.image.per_image_standardization(x), tf.image.flip_left_right(x),
                                      tf.image.rgb_to_hsv(x), tf.image.adjust_contrast(x, 0.5),
                                      tf.image.central_crop(x, 0.5), tf.image.sobel_edges(x)], img),
        "segment": graph(lambda x: tf.math.segment_sum(x, [0, 0, 1, 1]) + tf.math.unsorted_segment_mean(x, [0, 1, 0, 1], 2), [4, 6]),
        "tile_bcast": graph(lambda x: tf.tile(x, [1, 2]) + tf.broadcast_to(x[:, :1], [3, 12]), [3, 6]),
        "pad_modes": graph(lambda x: [tf.pad(x, [[0, 0], [1, 1]], "REFLECT") * 2., tf.pad(x, [[1, 1], [0, 0]]) + 1.], [B, 6]),
        "strided": graph(lambda x: [x[:, ::2, 1:-1] * 2.0, x[..., tf.newaxis, 0:1][:, ::-2, 0] + 1.0,
                                    x[:, tf.newaxis, 1, ...] * 3.0], [B, 6, 6]),
        "concat_split": graph(lambda x: tf.add_n(tf.split(tf.concat([x, x], 1), 3, 1)), [B, 6]),
        "unstack_stack": graph(lambda x: tf.stack([a * 2. for a in tf.unstack(x, axis=1)], 1), [B, 3, 4]),
        "squeeze_expand": graph(lambda x: tf.expand_dims(tf.squeeze(x, 1), -1) + 1.0, [B, 1, 4]),
        "bool_mask": graph(lambda x: tf.boolean_mask(x, x > 0) * 2.0, [B, 5]),
        "sort": graph(lambda x: tf.sort(x, axis=-1) + tf.cast(tf.argsort(x), tf.float32), [B, 5]),
        "one_hot": graph(lambda x: tf.one_hot(x, 5) * 2.0, [B], dtypes={0: tf.int32}),
        "cast_chain": graph(lambda x: tf.cast(tf.cast(x, tf.float16) * 2, tf.float32) + 1, [B, 5]),
        "complex": graph(lambda x: tf.abs(tf.signal.fft(tf.complex(x, x))), [B, 8]),
        "rfft": graph(lambda x: tf.abs(tf.signal.rfft(x)), [B, 8]),
        "random": graph(lambda x: x + tf.random.normal(tf.shape(x)) * 0.1 + tf.random.uniform([6]), [B, 6]),
        "dropout_nn": graph(lambda x: tf.nn.dropout(x, 0.5), [B, 6]),
        "nn_ctc_like": graph(lambda x: tf.nn.softmax(x, axis=1) + tf.nn.softmax(x, axis=0), [B, 4, 5]),
        "add_n_many": graph(lambda x: tf.add_n([x, x * 2., x * 3., x * 4.]), [B, 6]),
        "lstm_v1_dyn": graph(_dyn_rnn, [B, 5, 4]),
    }


def _dyn_rnn(x):
    w = c(10, 24)
    def step(h_c, xt):
        h, cc = h_c
        z = tf.matmul(tf.concat([xt, h], 1), w)
        i, f, o, g = tf.split(z, 4, 1)
        cc = tf.sigmoid(f) * cc + tf.sigmoid(i) * tf.tanh(g)
        return (tf.sigmoid(o) * tf.tanh(cc), cc)
    b = tf.shape(x)[0]
    z = tf.zeros(tf.stack([b, 6]))
    return tf.scan(step, tf.transpose(x, [1, 0, 2]), initializer=(z, z))


def _partial():
    """Images of unknown height and width (batch 1), the usual serving signature."""
    hw = [1, None, None, 3]
    return {
        "hw_conv_pool": graph(lambda x: tf.nn.avg_pool2d(tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, c(3, 3, 3, 4), 2, "SAME")), 2, 2, "SAME"), 2, 2, "VALID"), hw),
        "hw_resize": graph(lambda x: tf.image.resize(x, tf.shape(x)[1:3] * 2), hw),
        "hw_resize_fixed": graph(lambda x: tf.image.resize(x, [8, 8]) * 2.0, hw),
        "hw_gap": graph(lambda x: tf.reduce_mean(x, [1, 2]) + tf.reduce_sum(x, [1, 2], keepdims=True)[:, 0, 0], hw),
        "hw_bn": graph(lambda x: v1.nn.fused_batch_norm(x, c(3), c(3, seed=1), c(3, seed=2), c(3, seed=3), is_training=False)[0] * 2.0, hw),
        "hw_convT": graph(lambda x: tf.nn.conv2d_transpose(x, c(3, 3, 5, 3), tf.stack([1, tf.shape(x)[1] * 2, tf.shape(x)[2] * 2, 5]), 2), hw),
        "hw_depthwise": graph(lambda x: tf.nn.depthwise_conv2d(x, c(3, 3, 3, 2), [1, 1, 1, 1], "SAME") + c(6), hw),
        "hw_reshape": graph(lambda x: tf.reshape(x, [1, -1, 3]) @ c(3, 4), hw),
        "hw_softmax": graph(lambda x: tf.nn.softmax(x) + tf.nn.l2_normalize(x, -1), hw),
        "hw_matmul": graph(lambda x: tf.matmul(x, c(4, 5)), [None, 4]),
        "hw_partial_matmul": graph(lambda x: tf.matmul(tf.reshape(x, [-1, 4]), c(4, 5)) + 1.0, [2, None, 4]),
        "hw_shape_math": graph(lambda x: tf.zeros(tf.shape(x)[1:3] // 2 + 1) * 3.0, hw),
        "hw_pad": graph(lambda x: tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]) * 2.0, hw),
    }


def _cf_cases(B):
    """Control flow, v1 (Switch/Merge/Enter..., TensorArrays) and v2 (If/While/calls)."""
    def ta_loop(x):
        xs = tf.transpose(x, [1, 0, 2])
        ta = tf.TensorArray(tf.float32, size=5).unstack(xs)
        out = tf.TensorArray(tf.float32, size=5)
        w = c(4, 4)

        def body(t, h, out):
            h = tf.tanh(tf.matmul(ta.read(t), w) + h)
            return t + 1, h, out.write(t, h * 2.0)
        _, h, out = tf.while_loop(lambda t, *_: t < 5, body, [0, tf.zeros_like(xs[0]), out])
        return out.stack() + 1.0

    def cond(x):
        return tf.cond(tf.reduce_sum(x) > 0, lambda: tf.matmul(x, c(4, 3)), lambda: tf.matmul(x, c(4, 3, seed=1)) * 2.0)

    def case(x):
        return tf.switch_case(tf.cast(tf.reduce_sum(x), tf.int32) % 2, [lambda: x * 2.0, lambda: x + 1.0])

    @tf.function
    def inner(x):
        return tf.matmul(x, c(4, 5)) + 1.0

    def call(x):
        return inner(x) * 3.0

    @tf.function(jit_compile=True)
    def jit(x):
        return tf.nn.relu(tf.matmul(x, c(4, 5)))

    def call_jit(x):
        return jit(x) + tf.reduce_sum(jit(x * 2.0), 1, keepdims=True)

    return {"ta_loop": ([B, 5, 4], ta_loop), "cond": ([B, 4], cond), "case": ([B, 4], case),
            "call": ([B, 4], call), "call_jit": ([B, 4], call_jit)}


def _cf_build(shape, fn, v2):
    def build():
        (v1.enable_control_flow_v2 if v2 else v1.disable_control_flow_v2)()
        try:
            return graph(fn, shape)()
        finally:
            v1.enable_control_flow_v2()
    return build


def _add_shapes(build):
    def b():
        gd, inputs = build()
        g = tf.Graph()
        with g.as_default():
            tf.graph_util.import_graph_def(gd, name="")
        return g.as_graph_def(add_shapes=True), inputs
    return b


def cases():
    out = []
    for bname, B in (("b1", 1), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"raw_{k}_{bname}", v))
    for bname, B in (("b1", 1), ("bN", None)):
        for k, (shape, fn) in _cf_cases(B).items():
            out.append((f"raw_cf1_{k}_{bname}", _cf_build(shape, fn, False)))
            out.append((f"raw_cf2_{k}_{bname}", _cf_build(shape, fn, True)))
    for k, v in _partial().items():
        out.append((f"raw_{k}", v))
        out.append((f"raw_{k}_shapes", _add_shapes(v)))
    for k, v in _cases(None).items():
        out.append((f"raw_{k}_bN_shapes", _add_shapes(v)))
    return out
