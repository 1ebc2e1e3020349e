# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 3 of the sweep: the ops macc has a formula or a shape function for but no earlier graph
had (inverse trig and special functions, integer and bitwise ops, old op versions, segment and
scatter families, diag and set-diag versions, unique/partition/stitch, stateless random, conv and
pool gradients, FFTs, strings, decoders, quantize ops, TensorArray/TensorList, resource and ref
variable updates, savers). Each output is fed to a Mul (``_f``) so that a wrong shape shows in the
counts as well as in the shape comparison."""

import numpy as np
import tensorflow as tf

from .raw import _add_shapes, c, graph

v1 = tf.compat.v1
R = tf.raw_ops


def _f(*ts):
    """Every tensor times 2 (as float): TF counts the Mul by its output's shape."""
    return [tf.cast(t, tf.float32) * 2.0 for t in ts]


def _unary(names):
    def fn(x):
        return _f(*[getattr(R, n)(x=x) for n in names])
    return fn


def _binary(names):
    def fn(a, b):
        return _f(*[getattr(R, n)(x=a, y=b) for n in names], R.NextAfter(x1=a, x2=b))
    return fn


def _ci(*shape, seed=0, hi=5):
    return tf.constant(np.random.RandomState(seed).randint(0, hi, shape).astype(np.int32))


def _segments(x):
    ids = tf.constant([0, 0, 1, 2], tf.int32)
    return _f(R.SegmentMax(data=x, segment_ids=ids), R.SegmentMean(data=x, segment_ids=ids),
              R.SegmentMin(data=x, segment_ids=ids), R.SegmentProd(data=x, segment_ids=ids),
              R.UnsortedSegmentMax(data=x, segment_ids=ids, num_segments=5),
              R.UnsortedSegmentMin(data=x, segment_ids=ids, num_segments=3),
              R.UnsortedSegmentProd(data=x, segment_ids=ids, num_segments=4))


def _tensor_scatter(x):
    idx = tf.constant([[0], [2]], tf.int32)
    upd = c(2, 5)
    return _f(R.TensorScatterMax(tensor=x, indices=idx, updates=upd), R.TensorScatterMin(tensor=x, indices=idx, updates=upd),
              R.TensorScatterSub(tensor=x, indices=idx, updates=upd), R.TensorScatterUpdate(tensor=x, indices=idx, updates=upd),
              R.TensorStridedSliceUpdate(input=x, begin=[1, 0], end=[3, 5], strides=[1, 1], value=c(2, 5)))


def _diag(x):
    # x: [B, 4]
    d = R.MatrixDiag(diagonal=x)
    d2 = R.MatrixDiagV2(diagonal=x, k=1, num_rows=-1, num_cols=-1, padding_value=0.0)
    d3 = R.MatrixDiagV3(diagonal=x, k=0, num_rows=4, num_cols=5, padding_value=0.0, align="RIGHT_LEFT")
    p = R.MatrixDiagPart(input=d)
    p2 = R.MatrixDiagPartV2(input=d2, k=[-1, 1], padding_value=0.0)
    p3 = R.MatrixDiagPartV3(input=d3, k=[0, 2], padding_value=0.0, align="LEFT_RIGHT")
    s = R.MatrixSetDiag(input=d, diagonal=x)
    s2 = R.MatrixSetDiagV2(input=d2, diagonal=tf.zeros_like(x), k=1)
    s3 = R.MatrixSetDiagV3(input=d3, diagonal=p3, k=[0, 2], align="LEFT_RIGHT")
    return _f(d, d2, d3, p, p2, p3, s, s2, s3)


def _diag_flat(x):
    # x: [3, 4] (no batch)
    d = R.Diag(diagonal=x)
    return _f(d, R.DiagPart(input=d))


def _unique(x):
    # x: [N] int32
    u, i = R.Unique(x=x)
    u2, i2 = R.UniqueV2(x=tf.reshape(x, [-1, 1]), axis=[0])
    u3, i3, n3 = R.UniqueWithCounts(x=x)
    return _f(u, i, u2, i2, u3, i3, n3)


def _partition(x):
    # x: [B, 3]
    parts = R.DynamicPartition(data=x, partitions=tf.zeros(tf.shape(x)[:1], tf.int32), num_partitions=2)
    st = R.ParallelDynamicStitch(indices=[tf.constant([0, 2]), tf.constant([1, 3])], data=[c(2, 3), c(2, 3, seed=1)])
    st2 = R.DynamicStitch(indices=[tf.range(tf.shape(x)[0])], data=[x])
    return _f(*parts, st, st2)


def _old_versions(x):
    # x: [B, 4, 4, 2] image-like
    g = R.Gather(params=x, indices=tf.constant([0, 1]))
    rv = R.Reverse(tensor=x, dims=[False, True, False, False])
    s2b = R.SpaceToBatch(input=x, paddings=[[0, 0], [0, 0]], block_size=2)
    b2s = R.BatchToSpace(input=s2b, crops=[[0, 0], [0, 0]], block_size=2)
    pad2 = R.PadV2(input=x, paddings=[[0, 0], [1, 2], [0, 1], [0, 0]], constant_values=1.0)
    cc = R.Concat(concat_dim=1, values=[x, x])
    bias1 = R.BiasAddV1(value=x, bias=c(2))
    sp = R.SplitV(value=x, size_splits=[1, -1], axis=1, num_split=2)
    return _f(g, rv, s2b, b2s, pad2, cc, bias1, *sp)


def _seq_ops(x):
    # x: [B, 5, 3]
    lens = tf.fill(tf.shape(x)[:1], 3)
    rs = tf.reverse_sequence(x, tf.cast(lens, tf.int64), seq_axis=1, batch_axis=0)
    ro = tf.roll(x, shift=[1, -1], axis=[1, 2])
    cl = tf.math.cumulative_logsumexp(x, axis=1)
    cl2 = tf.math.cumulative_logsumexp(x, axis=2, exclusive=True, reverse=True)
    return _f(rs, ro, cl, cl2)


def _misc_shapes(x):
    # x: [B, 3, 4]
    r = R.Rank(input=x)
    s = R.Size(input=x)
    ba = R.BroadcastArgs(s0=tf.shape(x), s1=tf.constant([1, 4]))
    e = R.Empty(shape=tf.shape(x), dtype=tf.float32)
    ol = R.OnesLike(x=x)
    es = tf.ensure_shape(x, [None, 3, 4])
    sn = R.Snapshot(input=x)
    pg = R.PreventGradient(input=x)
    cn = tf.debugging.check_numerics(x, "bad")
    cn2 = R.CheckNumericsV2(tensor=x, message="bad")
    bc = tf.bitcast(x, tf.int32)
    bc2 = tf.bitcast(tf.cast(x, tf.float64), tf.int32)
    ls = tf.linspace(0.0, 1.0, 7)
    ls2 = R.LinSpace(start=0.0, stop=1.0, num=tf.shape(x)[1])
    return _f(r, s, ba, e, ol, es, sn, pg, cn, cn2, bc, bc2, ls, ls2, tf.reshape(ba, [-1]))


def _clip_accum(x):
    cv = tf.clip_by_value(x, 0.1, 0.9)
    cv2 = R.ClipByValue(t=x, clip_value_min=c(4), clip_value_max=c(4, seed=1) + 1.0)
    an = R.AccumulateNV2(inputs=[x, x, x], shape=[None, 4])
    return _f(cv, cv2, an)


def _int_binary(a, b):
    # a, b: int32 [B, 1, 4] and [3, 1]
    return _f(R.Mod(x=a, y=b + 1), R.TruncateDiv(x=a, y=b + 1), R.TruncateMod(x=a, y=b + 1),
              R.BitwiseAnd(x=a, y=b), R.BitwiseOr(x=a, y=b), R.BitwiseXor(x=a, y=b),
              R.LeftShift(x=a, y=b), R.RightShift(x=a, y=b), R.Invert(x=a), R.PopulationCount(x=a),
              R.LogicalOr(x=a > 0, y=b > 0), R.LogicalNot(x=a > b))


def _special3(a, b):
    ab = a + b  # Betainc wants equal shapes (or scalars)
    return _f(R.Betainc(a=ab + 1.0, b=ab + 2.0, x=tf.zeros_like(ab) + 0.5),
              R.Igamma(a=a + 1.0, x=b + 1.0), R.Igammac(a=a + 1.0, x=b + 1.0),
              R.Zeta(x=a + 2.0, q=b + 1.0), R.Polygamma(a=tf.round(a), x=b + 1.0),
              R.ApproximateEqual(x=ab, y=ab * 0.5, tolerance=0.01))


def _complex(x):
    z = tf.complex(x, x * 2.0)
    return _f(R.Angle(input=z), R.Imag(input=z), R.Real(input=R.Conj(input=z)),
              tf.math.real(R.ConjugateTranspose(x=z, perm=[0, 2, 1])))


def _fft(x):
    # x: [B, 4, 6, 8] float
    z = tf.complex(x, x)
    f2 = tf.signal.fft2d(z)
    f3 = tf.signal.fft3d(z)
    i2 = tf.signal.ifft2d(f2)
    i3 = tf.signal.ifft3d(f3)
    r3 = tf.signal.rfft3d(x)
    ir3 = tf.signal.irfft3d(r3)
    ir = tf.signal.irfft(tf.signal.rfft(x))
    ir_len = tf.signal.irfft(tf.signal.rfft(x), fft_length=[10])
    return _f(tf.abs(f2), tf.abs(i2), tf.abs(i3), tf.abs(r3), ir3, ir, ir_len)


def _linalg2(x):
    # x: [B, 3, 3]
    z = tf.complex(x, x)
    return _f(tf.linalg.expm(x), tf.abs(tf.linalg.logm(z)), *R.LogMatrixDeterminant(input=x))


def _conv_grads(x):
    # x: [B, 4, 4, 4, 3] volumes
    f = c(2, 2, 2, 3, 5)
    y = tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "SAME")
    gi = R.Conv3DBackpropInputV2(input_sizes=tf.shape(x), filter=f, out_backprop=y, strides=[1, 1, 1, 1, 1], padding="SAME")
    gf = R.Conv3DBackpropFilterV2(input=x, filter_sizes=[2, 2, 2, 3, 5], out_backprop=y, strides=[1, 1, 1, 1, 1], padding="SAME")
    ap = tf.nn.avg_pool3d(x, 2, 2, "VALID")
    mp = tf.nn.max_pool3d(x, 2, 2, "VALID")
    agi = R.AvgPool3DGrad(orig_input_shape=tf.shape(x), grad=ap, ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1], padding="VALID")
    mgi = R.MaxPool3DGrad(orig_input=x, orig_output=mp, grad=mp, ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1], padding="VALID")
    mgg = R.MaxPool3DGradGrad(orig_input=x, orig_output=mp, grad=x, ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1], padding="VALID")
    return _f(gi, gf, agi, mgi, mgg)


def _conv2d_grads(x):
    # x: [B, 8, 8, 3]
    f = c(3, 3, 3, 4)
    y = tf.nn.conv2d(x, f, 2, "SAME")
    gi = R.Conv2DBackpropInputV2(input=x, filter=f, out_backprop=y, strides=[1, 2, 2, 1], padding="SAME")
    gf = R.Conv2DBackpropFilterV2(input=x, filter=f, out_backprop=y, strides=[1, 2, 2, 1], padding="SAME")
    mp = R.MaxPoolV2(input=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    mg2 = R.MaxPoolGradV2(orig_input=x, orig_output=mp, grad=mp, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    mgg2 = R.MaxPoolGradGradV2(orig_input=x, orig_output=mp, grad=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    am, arg = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")
    mga = R.MaxPoolGradWithArgmax(input=x, grad=am, argmax=arg, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    dk = c(2, 2, 3)
    d = tf.nn.dilation2d(x, dk, [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1])
    dbi = R.Dilation2DBackpropInput(input=x, filter=dk, out_backprop=d, strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="SAME")
    dbf = R.Dilation2DBackpropFilter(input=x, filter=dk, out_backprop=d, strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="SAME")
    fbg = R.FusedBatchNormGrad(y_backprop=x, x=x, scale=c(3), reserve_space_1=c(3), reserve_space_2=c(3), is_training=True)
    fbg2 = R.FusedBatchNormGradV2(y_backprop=x, x=x, scale=c(3), reserve_space_1=c(3), reserve_space_2=c(3), is_training=False)
    sg = R.SoftplusGrad(gradients=x, features=x)
    ssg = R.SoftsignGrad(gradients=x, features=x)
    ig = R.InvGrad(y=x, dy=x)
    rbg = R.ResizeBicubicGrad(grads=tf.image.resize(x, [5, 5], "bicubic"), original_image=x)
    return _f(gi, gf, mp, mg2, mgg2, mga, dbi, dbf, fbg[0], fbg[1], fbg2[0], fbg2[2], sg, ssg, ig, rbg)


def _random(x):
    # x: [B, 4]
    s = tf.shape(x)
    seed = tf.constant([1, 2], tf.int64)
    outs = [v1.truncated_normal(s), v1.random_uniform(s, 0, 10, tf.int32),
            tf.random.stateless_normal(s, seed), tf.random.stateless_uniform(s, seed),
            tf.random.stateless_truncated_normal(s, seed),
            tf.random.stateless_uniform(s, seed, 0, 10, tf.int32),
            tf.random.stateless_uniform(s, seed, None, None, tf.int64),
            R.StatelessRandomNormal(shape=s, seed=seed), R.StatelessRandomUniform(shape=s, seed=seed),
            R.StatelessTruncatedNormal(shape=s, seed=seed),
            R.StatelessRandomUniformInt(shape=s, seed=seed, minval=0, maxval=5),
            R.StatelessRandomUniformFullInt(shape=s, seed=seed, dtype=tf.int32)]
    return _f(*outs)


def _nms_old(boxes, scores):
    i1 = R.NonMaxSuppression(boxes=boxes, scores=scores, max_output_size=4, iou_threshold=0.5)
    i2 = R.NonMaxSuppressionV2(boxes=boxes, scores=scores, max_output_size=4, iou_threshold=0.5)
    cb = tf.image.combined_non_max_suppression(tf.reshape(boxes, [1, -1, 1, 4]), tf.reshape(scores, [1, -1, 1]), 3, 5)
    cb2 = tf.image.combined_non_max_suppression(tf.reshape(boxes, [1, -1, 1, 4]), tf.reshape(scores, [1, -1, 1]), 3, 5, pad_per_class=True)
    return _f(i1, i2, *cb, *cb2)


def _strings(s):
    # s: [B] string
    h = tf.strings.to_hash_bucket_fast(s, 10)
    h2 = tf.strings.to_hash_bucket_strong(s, 10, [1, 2])
    h3 = tf.strings.to_hash_bucket(s, 10)
    n = tf.strings.to_number(tf.strings.strip(tf.strings.lower(tf.strings.upper(s))))
    rr = tf.strings.regex_replace(s, "a+", "b")
    rr2 = R.RegexReplace(input=s, pattern=tf.constant("a"), rewrite=tf.constant("c"))
    m = tf.strings.regex_full_match(s, "a.*")
    m2 = R.RegexFullMatch(input=s, pattern=tf.constant("b"))
    b64 = tf.io.decode_base64(tf.io.encode_base64(s))
    return _f(h, h2, h3, n, tf.strings.length(rr), tf.strings.length(rr2), m, m2, tf.strings.length(b64))


def _decode(s):
    # s: [] string
    return _f(tf.io.decode_jpeg(s, channels=3), tf.io.decode_png(s), tf.io.decode_png(s, channels=4),
              tf.io.decode_bmp(s), tf.io.decode_jpeg(s))


def _quant(x):
    q = R.QuantizeV2(input=x, min_range=-1.0, max_range=1.0, T=tf.quint8)
    d = R.Dequantize(input=q.output, min_range=q.output_min, max_range=q.output_max)
    qd2 = R.QuantizeAndDequantizeV2(input=x, input_min=-1.0, input_max=1.0)
    qd3 = R.QuantizeAndDequantizeV3(input=x, input_min=-1.0, input_max=1.0, num_bits=8)
    return _f(d, q.output_min, qd2, qd3)


def _tensor_array(x):
    # x: [B, 5, 3] split along time (the batch is TensorArray's elements)
    ta = tf.TensorArray(tf.float32, size=5, element_shape=[None, 3], infer_shape=False)
    ta = ta.unstack(tf.transpose(x, [1, 0, 2]))
    sp = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(tf.reshape(x, [-1, 3]), tf.stack([1, tf.shape(x)[0] * 5 - 1]))
    cat = sp.concat()
    sz = ta.size()
    st = ta.stack()
    return _f(cat, sz, st)


def _tensor_list(x):
    # x: [B, 3]
    tl = R.TensorListFromTensor(tensor=x, element_shape=tf.constant([3]))
    g = R.TensorListGather(input_handle=tl, indices=[0, 1], element_shape=tf.constant([3]), element_dtype=tf.float32)
    ln = R.TensorListLength(input_handle=tl)
    es = R.TensorListElementShape(input_handle=tl, shape_type=tf.int32)
    rs = R.TensorListResize(input_handle=tl, size=4)
    rstack = R.TensorListStack(input_handle=rs, element_shape=tf.constant([3]), element_dtype=tf.float32)
    sc = R.TensorListScatterV2(tensor=c(2, 3), indices=[0, 1], element_shape=tf.constant([3]), num_elements=3)
    sc1 = R.TensorListScatter(tensor=c(2, 3), indices=[0, 1], element_shape=tf.constant([3]))
    sci = R.TensorListScatterIntoExistingList(input_handle=tl, tensor=c(1, 3), indices=[0])
    spl = R.TensorListSplit(tensor=tf.reshape(x, [-1]), element_shape=tf.constant([-1]), lengths=tf.cast(tf.stack([tf.size(x) - 1, 1]), tf.int64))
    cat = R.TensorListConcatV2(input_handle=spl, element_shape=tf.constant([-1]), leading_dims=tf.zeros([0], tf.int64), element_dtype=tf.float32)
    return _f(g, ln, es, rstack,
              R.TensorListStack(input_handle=sc, element_shape=tf.constant([3]), element_dtype=tf.float32),
              R.TensorListStack(input_handle=sc1, element_shape=tf.constant([3]), element_dtype=tf.float32),
              R.TensorListStack(input_handle=sci, element_shape=tf.constant([3]), element_dtype=tf.float32),
              cat[0], cat[1])


def _resource_vars(x):
    # x: [B, 4]
    v = v1.get_variable("v", [6, 4], initializer=v1.constant_initializer(0.5), use_resource=True)
    g = tf.gather(v, [0, 2])
    gn = tf.gather_nd(v, [[1], [3]])
    ups = [R.ResourceScatterAdd(resource=v.handle, indices=[0], updates=c(1, 4)),
           R.ResourceScatterSub(resource=v.handle, indices=[1], updates=c(1, 4)),
           R.ResourceScatterMul(resource=v.handle, indices=[1], updates=c(1, 4)),
           R.ResourceScatterDiv(resource=v.handle, indices=[1], updates=c(1, 4) + 1.0),
           R.ResourceScatterMax(resource=v.handle, indices=[1], updates=c(1, 4)),
           R.ResourceScatterMin(resource=v.handle, indices=[1], updates=c(1, 4)),
           R.ResourceScatterUpdate(resource=v.handle, indices=[1], updates=c(1, 4)),
           R.ResourceScatterNdAdd(ref=v.handle, indices=[[2]], updates=c(1, 4)),
           R.ResourceScatterNdSub(ref=v.handle, indices=[[2]], updates=c(1, 4)),
           R.ResourceScatterNdUpdate(ref=v.handle, indices=[[2]], updates=c(1, 4)),
           R.ResourceStridedSliceAssign(ref=v.handle, begin=[0], end=[2], strides=[1], value=c(2, 4))]
    vs = R.VariableShape(input=v.handle)
    with tf.control_dependencies(ups):
        r = v.read_value()
    return _f(g, gn, vs, r, tf.matmul(x, r, transpose_b=True))


def _ref_vars(x):
    # x: [B, 4]
    v = v1.get_variable("rv", [6, 4], initializer=v1.constant_initializer(0.5), use_resource=False)
    ups = [v1.scatter_add(v, [0], c(1, 4)), v1.scatter_sub(v, [1], c(1, 4)), v1.scatter_mul(v, [1], c(1, 4)),
           v1.scatter_div(v, [1], c(1, 4) + 1.0), v1.scatter_max(v, [1], c(1, 4)), v1.scatter_min(v, [1], c(1, 4)),
           v1.scatter_update(v, [1], c(1, 4)), v1.scatter_nd_add(v, [[2]], c(1, 4)), v1.scatter_nd_sub(v, [[2]], c(1, 4)),
           v1.scatter_nd_update(v, [[2]], c(1, 4)), v[0:2].assign(c(2, 4))]
    return _f(*ups, tf.matmul(x, v, transpose_b=True))


def _apply_ops(x):
    # x: [B, 4] -> a loss whose gradient each optimizer applies (ref variables; TF1 optimizers)
    outs = []
    for i, opt in enumerate([v1.train.AdagradDAOptimizer(0.1, tf.constant(0, tf.int64)),
                             v1.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.01),
                             v1.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.01),
                             v1.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
                             v1.train.AdadeltaOptimizer(0.1), v1.train.RMSPropOptimizer(0.1, centered=True)]):
        with v1.variable_scope(f"o{i}"):
            w = v1.get_variable("w", [4, 3], use_resource=False)
            e = v1.get_variable("e", [10, 4], use_resource=False)
        loss = tf.reduce_sum(tf.matmul(x + tf.reduce_sum(tf.gather(e, [1, 2]), 0), w))
        outs.append(opt.minimize(loss))
    with tf.control_dependencies(outs):
        return tf.identity(x) * 2.0


def _raw_apply(x):
    # the Apply*/ResourceApply* ops without a TF1 optimizer class, on [4] variables
    rv = [v1.get_variable(f"r{i}", [4], use_resource=False) for i in range(4)]
    hv = [v1.get_variable(f"h{i}", [4], use_resource=True) for i in range(4)]
    g = tf.reduce_sum(x, 0)
    lr, b1, b2, eps = 0.1, 0.9, 0.99, 1e-7
    outs = [R.ApplyAdaMax(var=rv[0], m=rv[1], v=rv[2], beta1_power=0.5, lr=lr, beta1=b1, beta2=b2, epsilon=eps, grad=g),
            R.ApplyAdagradV2(var=rv[0], accum=rv[1], lr=lr, epsilon=eps, grad=g),
            R.ApplyAddSign(var=rv[0], m=rv[1], lr=lr, alpha=1.0, sign_decay=0.9, beta=b1, grad=g),
            R.ApplyPowerSign(var=rv[0], m=rv[1], lr=lr, logbase=1.0, sign_decay=0.9, beta=b1, grad=g),
            R.ApplyFtrlV2(var=rv[0], accum=rv[1], linear=rv[2], grad=g, lr=lr, l1=0.0, l2=0.0, l2_shrinkage=0.1, lr_power=-0.5),
            R.ResourceApplyAdaMax(var=hv[0].handle, m=hv[1].handle, v=hv[2].handle, beta1_power=0.5, lr=lr, beta1=b1, beta2=b2, epsilon=eps, grad=g),
            R.ResourceApplyAdagradV2(var=hv[0].handle, accum=hv[1].handle, lr=lr, epsilon=eps, grad=g),
            R.ResourceApplyAddSign(var=hv[0].handle, m=hv[1].handle, lr=lr, alpha=1.0, sign_decay=0.9, beta=b1, grad=g),
            R.ResourceApplyPowerSign(var=hv[0].handle, m=hv[1].handle, lr=lr, logbase=1.0, sign_decay=0.9, beta=b1, grad=g),
            R.ResourceApplyAdamWithAmsgrad(var=hv[0].handle, m=hv[1].handle, v=hv[2].handle, vhat=hv[3].handle, beta1_power=0.5, beta2_power=0.5, lr=lr, beta1=b1, beta2=b2, epsilon=eps, grad=g),
            R.ResourceApplyKerasMomentum(var=hv[0].handle, accum=hv[1].handle, lr=lr, grad=g, momentum=0.9),
            R.ResourceApplyCenteredRMSProp(var=hv[0].handle, mg=hv[1].handle, ms=hv[2].handle, mom=hv[3].handle, lr=lr, rho=0.9, momentum=0.0, epsilon=eps, grad=g),
            R.ResourceApplyAdadelta(var=hv[0].handle, accum=hv[1].handle, accum_update=hv[2].handle, lr=lr, rho=0.9, epsilon=eps, grad=g),
            R.ResourceApplyFtrlV2(var=hv[0].handle, accum=hv[1].handle, linear=hv[2].handle, grad=g, lr=lr, l1=0.0, l2=0.0, l2_shrinkage=0.1, lr_power=-0.5),
            R.ResourceSparseApplyKerasMomentum(var=hv[0].handle, accum=hv[1].handle, lr=lr, grad=g[:2], indices=[0, 1], momentum=0.9),
            R.ResourceSparseApplyRMSProp(var=hv[0].handle, ms=hv[1].handle, mom=hv[2].handle, lr=lr, rho=0.9, momentum=0.0, epsilon=eps, grad=g[:2], indices=[0, 1]),
            R.ResourceSparseApplyAdagradV2(var=hv[0].handle, accum=hv[1].handle, lr=lr, epsilon=eps, grad=g[:2], indices=[0, 1]),
            R.SparseApplyMomentum(var=rv[0], accum=rv[1], lr=lr, grad=g[:2], indices=[0, 1], momentum=0.9),
            R.SparseApplyAdagradV2(var=rv[0], accum=rv[1], lr=lr, epsilon=eps, grad=g[:2], indices=[0, 1])]
    outs = [o for o in outs if isinstance(o, tf.Tensor)]
    with tf.control_dependencies([o.op if isinstance(o, tf.Tensor) else o for o in outs]):
        return _f(tf.identity(x), *outs)


def _saver(x):
    w = v1.get_variable("w", [4, 3], use_resource=False)
    b = v1.get_variable("b", [3], use_resource=True)
    y = tf.matmul(x, w) + b
    v1.train.Saver(sharded=True)
    v1.train.Saver(sharded=False, name="save2")
    return y * 2.0


def _prints(x):
    p = v1.Print(x, [x], "x=")
    with tf.control_dependencies([tf.print(x)]):
        q = tf.identity(x)
    return _f(p, q)


def _case(x, i):
    # tf.switch_case in v1 graph mode with v2 control flow: a Case op
    return tf.switch_case(i, [lambda: x * 2.0, lambda: x + 1.0, lambda: tf.matmul(x, c(4, 4))]) * 3.0


def _linalg3(a, b):
    # a: [B, 4, 4], b: [B, 4, 3]; each result feeds a Mul (TF counts it by its shape)
    q, r = tf.linalg.qr(a)
    q2, r2 = tf.linalg.qr(b, full_matrices=True)
    q3, r3 = tf.linalg.qr(tf.transpose(b, [0, 2, 1]))
    s, u, v = tf.linalg.svd(b)
    s2, u2, v2 = tf.linalg.svd(b, full_matrices=True)
    s3 = tf.linalg.svd(a, compute_uv=False)
    e, ev = tf.linalg.eigh(a)
    e2 = tf.linalg.eigvalsh(a)
    lu, p = tf.linalg.lu(a)
    sol = tf.linalg.solve(a, b)
    tri = tf.linalg.triangular_solve(a, b, lower=False, adjoint=True)
    tri_b = tf.linalg.triangular_solve(a[:1], b)
    ls = R.MatrixSolveLs(matrix=b, rhs=a[:, :, :2], l2_regularizer=0.1, fast=True)
    ev2, evv = tf.linalg.eig(a)
    return _f(q, r, q2, r2, q3, r3, s, u, v, s2, u2, v2, s3, e, ev, e2, lu, p, sol, tri, tri_b, ls, tf.abs(ev2), tf.abs(evv))


def _fractional(x):
    a, r1, c1 = tf.nn.fractional_max_pool(x, [1.0, 1.44, 1.73, 1.0], pseudo_random=True, overlapping=False, seed=1)
    b, r2, c2 = tf.nn.fractional_max_pool(x, [1.0, 2.0, 1.5, 1.0], overlapping=True, seed=1)
    d, r3, c3 = tf.nn.fractional_avg_pool(x, [1.0, 1.5, 1.5, 1.0], overlapping=True, seed=1)
    boxes = tf.zeros([1 if x.shape[0] is None else x.shape[0], 2, 4])
    dr = tf.image.draw_bounding_boxes(x, boxes, [[1.0, 0.0, 0.0]])
    dr1 = R.DrawBoundingBoxes(images=x, boxes=boxes)
    return _f(a, r1, c1, b, r2, c2, d, r3, c3, dr, dr1)


def _tables(k):
    # k: int64 [B, 5]; lookups in tables built in the graph (handle data known to TF)
    init = tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2, 3], tf.int64), tf.constant([10.0, 20.0, 30.0]))
    t = tf.lookup.StaticHashTable(init, -1.0)
    mt = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, -1.0)
    ins = mt.insert(tf.constant([4], tf.int64), tf.constant([40.0]))
    with tf.control_dependencies([ins]):
        v2 = mt.lookup(k)
    mtt = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, tf.zeros([3]))
    dt = tf.lookup.experimental.DenseHashTable(tf.int64, tf.float32, default_value=-1.0, empty_key=0, deleted_key=-1)
    keys, vals = mt.export()
    return _f(t.lookup(k), v2, mtt.lookup(k), dt.lookup(k), t.size(), mt.size(), keys, vals)


def _bincount(i):
    # i: int32 [B, 5]
    b = R.Bincount(arr=i, size=7, weights=tf.zeros([0], tf.float32))
    b2 = tf.math.bincount(i, minlength=4, maxlength=9)
    return _f(b, b2, R.SparseToDense(sparse_indices=[[0, 1], [2, 3]], output_shape=[3, 5], sparse_values=1.0, default_value=0.0))


def _cases(B):
    img = [B, 8, 8, 3]
    return {
        "trig": graph(_unary(["Acos", "Asin", "Atan", "Cosh", "Sinh", "Sin", "Tan"]), [B, 3, 4]),
        "hyp": graph(lambda x: _unary(["Acosh", "Asinh", "Atanh"])(x + 1.5), [B, 3, 4]),
        "rounding": graph(_unary(["Ceil", "Rint", "IsInf", "Inv"]), [B, 3, 4]),
        "special": graph(_unary(["Digamma", "Lgamma", "Erfinv", "Ndtri", "BesselI0e", "BesselI1e", "Dawsn", "Expint", "FresnelCos", "FresnelSin", "Spence"]), [B, 3, 4]),
        "binary_float": graph(_binary(["Div", "Xdivy", "Xlogy", "Xlog1py", "MulNoNan"]), [B, 1, 4], [3, 1]),
        "binary_special": graph(_special3, [B, 1, 4], [3, 1]),
        "binary_int": graph(_int_binary, [B, 1, 4], [3, 1], dtypes={0: tf.int32, 1: tf.int32}),
        "complex": graph(_complex, [B, 3, 4]),
        "segments": graph(_segments, [4, 5]),
        "segments_b": graph(_segments, [4, B]),
        "tensor_scatter": graph(_tensor_scatter, [4, 5]),
        "diag": graph(_diag, [B, 4]),
        "diag_flat": graph(_diag_flat, [3, 4]),
        "unique": graph(_unique, [6], dtypes={0: tf.int32}),
        "unique_unk": graph(_unique, [None], dtypes={0: tf.int32}),
        "partition": graph(_partition, [B, 3]),
        "old_versions": graph(_old_versions, [B, 4, 4, 2]),
        "seq_ops": graph(_seq_ops, [B, 5, 3]),
        "misc_shapes": graph(_misc_shapes, [B, 3, 4]),
        "clip_accum": graph(_clip_accum, [B, 4]),
        "fft": graph(_fft, [B, 4, 6, 8]),
        "linalg2": graph(_linalg2, [B, 3, 3]),
        "conv3d_grads": graph(_conv_grads, [B, 4, 4, 4, 3]),
        "conv2d_grads": graph(_conv2d_grads, img),
        "random": graph(_random, [B, 4]),
        "nms_old": graph(_nms_old, [6, 4], [6]),
        "strings": graph(_strings, [B], dtypes={0: tf.string}),
        "decode": graph(_decode, [], dtypes={0: tf.string}),
        "quant": graph(_quant, [B, 4]),
        "tensor_array": graph(_tensor_array, [B, 5, 3]),
        "tensor_list": graph(_tensor_list, [B, 3]),
        "resource_vars": graph(_resource_vars, [B, 4]),
        "ref_vars": graph(_ref_vars, [B, 4]),
        "apply_ops": graph(_apply_ops, [B, 4]),
        "raw_apply": graph(_raw_apply, [B, 4]),
        "saver": graph(_saver, [B, 4]),
        "prints": graph(_prints, [B, 4]),
        "case": graph(_case, [B, 4], [], dtypes={1: tf.int32}),
        "bincount": graph(_bincount, [B, 5], dtypes={0: tf.int32}),
        "linalg3": graph(_linalg3, [B, 4, 4], [B, 4, 3]),
        "tables": graph(_tables, [B, 5], dtypes={0: tf.int64}),
        "fractional": graph(_fractional, [B, 9, 7, 3]),
    }


def cases():
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r3_{k}_{bname}", v))
            out.append((f"r3_{k}_{bname}_shapes", _add_shapes(v)))
    return out
