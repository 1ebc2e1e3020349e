# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 5i of the sweep: inference and serving graphs' leftovers. Grappler's layout ops
(DataFormatVecPermute/DimMap, folded into a Reshape), optimize_for_inference's fused pad/resize
convolutions, copies of constants, image decoders, crops and glimpses, searchsorted, sets,
strings, Bessel functions, stateless and Generator random ops, TF-Serving batching, py_func.
TF1 graph mode; every output is fed to a Mul (through a cast or a string length) so that a wrong
shape shows in the counts as well as in the shape comparison."""

import numpy as np
import tensorflow as tf

from .raw import _add_shapes, c, graph

v1 = tf.compat.v1
R = tf.raw_ops


def _f(*ts):
    out = []
    for t in ts:
        if t.dtype == tf.string:
            t = tf.strings.length(t)
        out.append(tf.cast(t, tf.float32) * 2.0)
    return out


def _layout(x):
    # x: [B, 8, 6, 3]; the permuted shape vector reshapes x, so a wrong fold shows in shapes
    s = tf.constant([2, 8, 6, 3])
    p = R.DataFormatVecPermute(x=s)  # [2, 3, 8, 6]
    p2 = R.DataFormatVecPermute(x=tf.constant([8, 6]), src_format="NHWC", dst_format="NCHW")
    p3 = R.DataFormatVecPermute(x=tf.constant([[0, 0], [1, 1], [2, 2], [3, 3]]), src_format="NCHW", dst_format="NHWC")
    d = R.DataFormatDimMap(x=tf.constant([0, 1, 2, 3, -1]))
    d2 = R.DataFormatDimMap(x=tf.constant(-3), src_format="NHWC", dst_format="NWHC")
    r = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), p)
    t = tf.transpose(x, d[:4])
    pad = tf.pad(x, tf.reverse(p3, [0]))
    ps = R.DataFormatVecPermute(x=tf.shape(x))
    return _f(r, t, pad, p2, d2, ps)


def _fused_conv(x):
    # x: [B, 8, 8, 3]
    f = c(3, 3, 3, 4)
    a = R.FusedPadConv2D(input=x, paddings=[[0, 0], [1, 1], [2, 2], [0, 0]], filter=f, mode="REFLECT", strides=[1, 1, 1, 1], padding="VALID")
    b = R.FusedPadConv2D(input=x, paddings=[[0, 0], [1, 1], [1, 1], [0, 0]], filter=f, mode="SYMMETRIC", strides=[1, 2, 2, 1], padding="SAME")
    r = R.FusedResizeAndPadConv2D(input=x, size=[12, 10], paddings=[[0, 0], [1, 1], [1, 1], [0, 0]], filter=f, mode="REFLECT", strides=[1, 1, 1, 1], padding="VALID")
    r2 = R.FusedResizeAndPadConv2D(input=x, size=tf.shape(x)[1:3] * 2, paddings=[[0, 0], [0, 0], [0, 0], [0, 0]], filter=f, mode="REFLECT", strides=[1, 2, 2, 1], padding="SAME", resize_align_corners=True)
    return _f(a, b, r, r2)


def _consts(x):
    g = R.GuaranteeConst(input=c(3, 4))
    cp = R.Copy(input=x)
    ch = R.CopyHost(input=x)
    dc = R.DeepCopy(x=x)
    return _f(g, cp, ch, dc)


def _decode(contents):
    a = R.DecodeImage(contents=contents, channels=3, expand_animations=False)
    b = R.DecodeImage(contents=contents)
    g = R.DecodeGif(contents=contents)
    j = R.DecodeAndCropJpeg(contents=contents, crop_window=[1, 2, 5, 6], channels=3)
    j2 = R.DecodeAndCropJpeg(contents=contents, crop_window=tf.strings.length(contents) + tf.zeros([4], tf.int32))
    s = R.ExtractJpegShape(contents=contents)
    w = R.DecodeWebP(contents=contents)
    w2 = R.DecodeWebP(contents=contents, channels=3)
    return _f(a, b, g, j, j2, s, w, w2)


def _image(x, v):
    # x: [B, 8, 8, 3], v: [B, 4, 6, 6, 2]
    # AdjustContrast (v1) cannot be built: removed at GraphDef version 2 (unit-tested only)
    # nor RandomCrop: removed at GraphDef version 8
    off = tf.zeros(tf.stack([tf.shape(x)[0], 2]))
    g = R.ExtractGlimpse(input=x, size=[3, 4], offsets=off)
    g2 = R.ExtractGlimpseV2(input=x, size=[5, 2], offsets=off, centered=False, normalized=False)
    vp = R.ExtractVolumePatches(input=v, ksizes=[1, 2, 2, 2, 1], strides=[1, 1, 2, 2, 1], padding="VALID")
    vp2 = R.ExtractVolumePatches(input=v, ksizes=[1, 3, 2, 3, 1], strides=[1, 2, 2, 2, 1], padding="SAME")
    return _f(g, g2, vp, vp2)


def _search(s, v):
    # s: [B, 7] sorted rows, v: [B, 5]
    lo = R.LowerBound(sorted_inputs=s, values=v)
    hi = R.UpperBound(sorted_inputs=s, values=v, out_type=tf.int64)
    ss = tf.searchsorted(s, v, side="right")
    n = R.NthElement(input=v, n=2)
    n2 = R.NthElement(input=tf.reshape(v, [-1, 5, 1]) * tf.ones([1, 1, 3]), n=1, reverse=True)
    u = R.UnravelIndex(indices=tf.constant([3, 7, 11, 20]), dims=[4, 6])
    u2 = R.UnravelIndex(indices=tf.constant(9), dims=[2, 3, 4])
    u3 = R.UnravelIndex(indices=tf.cast(v, tf.int32), dims=[3, 4])
    return _f(lo, hi, ss, n, n2, u, u2, u3)


def _top(x):
    # x: [B, 16]
    v, i = R.ApproxTopK(input=x, k=4)
    v2, i2 = R.ApproxTopK(input=tf.transpose(x), k=3, reduction_dimension=0, is_max_k=False)
    return _f(v, i, v2, i2)


def _sets(a, b):
    # a: [B, 4] int32, b: [B, 5] int32
    d = R.DenseToDenseSetOperation(set1=a, set2=b, set_operation="intersection")
    st = tf.sparse.from_dense(b)
    ds = R.DenseToSparseSetOperation(set1=a, set2_indices=st.indices, set2_values=st.values, set2_shape=st.dense_shape, set_operation="union")
    sa = tf.sparse.from_dense(a)
    s2 = R.SparseToSparseSetOperation(set1_indices=sa.indices, set1_values=sa.values, set1_shape=sa.dense_shape, set2_indices=st.indices, set2_values=st.values, set2_shape=st.dense_shape, set_operation="a-b")
    n = R.SetSize(set_indices=sa.indices, set_values=sa.values, set_shape=sa.dense_shape)
    n2 = tf.sets.size(tf.sparse.from_dense(b))
    return _f(*d, *ds, *s2, n, n2)


def _edit(a, b):
    # a, b: [B, 4] int32
    ha, hb = tf.sparse.from_dense(a), tf.sparse.from_dense(b)
    e = R.EditDistance(hypothesis_indices=ha.indices, hypothesis_values=ha.values, hypothesis_shape=ha.dense_shape, truth_indices=hb.indices, truth_values=hb.values, truth_shape=hb.dense_shape)
    h3 = tf.constant([[0, 0, 0], [1, 2, 1]], tf.int64)
    e2 = R.EditDistance(hypothesis_indices=h3, hypothesis_values=[1, 2], hypothesis_shape=tf.constant([2, 3, 2], tf.int64), truth_indices=h3, truth_values=[1, 3], truth_shape=tf.constant([3, 2, 2], tf.int64), normalize=False)
    return _f(e, e2)


def _strings(s):
    # s: [B, 3] strings
    j = R.ReduceJoin(inputs=s, reduction_indices=1, separator=" ")
    j2 = R.ReduceJoin(inputs=s, reduction_indices=[0], keep_dims=True)
    j3 = tf.strings.reduce_join(s)
    cps = tf.strings.unicode_decode(s, "UTF-8")
    enc = R.UnicodeEncode(input_values=cps.flat_values, input_splits=cps.row_splits, output_encoding="UTF-8")
    sc = R.UnicodeScript(input=tf.constant([65, 1078, 20320]))
    tr = R.UnicodeTranscode(input=s, input_encoding="UTF-8", output_encoding="UTF-16-BE")
    sj = R.UnsortedSegmentJoin(inputs=s, segment_ids=tf.zeros(tf.shape(s)[:1], tf.int32), num_segments=2)
    sj2 = R.UnsortedSegmentJoin(inputs=s, segment_ids=tf.zeros(tf.shape(s), tf.int32), num_segments=4)
    return _f(j, j2, j3, enc, sc, tr, sj, sj2)


def _bessel(x):
    ops = ("BesselI0", "BesselI1", "BesselJ0", "BesselJ1", "BesselK0", "BesselK0e", "BesselK1", "BesselK1e", "BesselY0", "BesselY1")
    return _f(*[getattr(R, o)(x=x + 1.0) for o in ops])


def _fft_nd(x):
    # x: [B, 4, 6]
    cx = tf.complex(x, x)
    a = R.FFTND(input=cx, fft_length=[4, 6], axes=[1, 2])
    b = R.IFFTND(input=cx, fft_length=[6], axes=[-1])
    r = R.RFFTND(input=x, fft_length=[4, 8], axes=[1, 2])
    ir = R.IRFFTND(input=cx, fft_length=[4, 10], axes=[1, 2])
    return _f(tf.math.real(a), tf.math.real(b), tf.math.real(r), ir)


def _conv_nd(x, y):
    # x: [B, 8, 8, 4] channels last; y: [B, 3, 4, 8, 8] channels first, two batch dims
    a = R.Conv(input=x, filter=c(3, 3, 4, 6), strides=[1, 1, 1, 1], padding="VALID")
    g = R.Conv(input=x, filter=c(3, 3, 2, 6), strides=[1, 2, 2, 1], padding="SAME", groups=2)
    d = R.Conv(input=x, filter=c(2, 2, 4, 3), strides=[1, 1, 1, 1], padding="EXPLICIT", explicit_paddings=[0, 0, 1, 1, 2, 0, 0, 0], dilations=[1, 2, 2, 1])
    f = R.Conv(input=y, filter=c(3, 3, 4, 5), strides=[1, 1, 2, 1], padding="VALID", data_format="CHANNELS_FIRST", batch_dims=2, dilations=[1, 1, 1, 2])
    return _f(a, g, d, f)


def _q(t, T=tf.quint8):
    return R.QuantizeV2(input=t, min_range=-1.0, max_range=1.0, T=T)


def _deq(*ts):
    return [R.Dequantize(input=t, min_range=-1.0, max_range=1.0) if t.dtype in (tf.quint8, tf.qint8, tf.qint32) else t for t in ts]


def _quantized(x, m):
    # x: [B, 8, 8, 3], m: [B, 5]
    q, f = _q(x), _q(c(3, 3, 3, 4), tf.qint8)
    b, s = c(4), _q(tf.zeros([1, 1, 1, 4]) + 0.5)
    common = dict(input=q.output, filter=f.output, min_input=q.output_min, max_input=q.output_max, min_filter=f.output_min, max_filter=f.output_max, strides=[1, 1, 1, 1], padding="SAME")
    a = R.QuantizedConv2DWithBias(bias=b, **common)
    a2 = R.QuantizedConv2DWithBiasAndRelu(bias=b, **dict(common, padding="VALID"))
    a3 = R.QuantizedConv2DWithBiasAndReluAndRequantize(bias=b, min_freezed_output=-1.0, max_freezed_output=1.0, out_type=tf.quint8, **common)
    a4 = R.QuantizedConv2DWithBiasAndRequantize(bias=b, min_freezed_output=-1.0, max_freezed_output=1.0, out_type=tf.qint8, **common)
    a5 = R.QuantizedConv2DWithBiasSumAndRelu(bias=b, summand=tf.zeros([1, 8, 8, 4]), **common)
    a6 = R.QuantizedConv2DWithBiasSumAndReluAndRequantize(bias=b, min_freezed_output=-1.0, max_freezed_output=1.0, summand=s.output, min_summand=s.output_min, max_summand=s.output_max, **common)
    a7 = R.QuantizedConv2DAndRelu(**common)
    a8 = R.QuantizedConv2DAndRequantize(min_freezed_output=-1.0, max_freezed_output=1.0, **common)
    a9 = R.QuantizedConv2DPerChannel(**dict(common, strides=[1, 2, 2, 1]))
    fd = _q(c(3, 3, 3, 2), tf.qint8)
    dcommon = dict(common, filter=fd.output, min_filter=fd.output_min, max_filter=fd.output_max)
    d = R.QuantizedDepthwiseConv2D(**dcommon)
    d2 = R.QuantizedDepthwiseConv2DWithBiasAndRelu(bias=c(6), **dict(dcommon, padding="VALID"))
    d3 = R.QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize(bias=c(6), min_freezed_output=-1.0, max_freezed_output=1.0, **dcommon)
    qm, w = _q(m), _q(c(5, 7), tf.qint8)
    mcommon = dict(a=qm.output, b=w.output, bias=c(7), min_a=qm.output_min, max_a=qm.output_max, min_b=w.output_min, max_b=w.output_max)
    mm = R.QuantizedMatMulWithBias(**mcommon)
    mm2 = R.QuantizedMatMulWithBiasAndRelu(**mcommon)
    mm3 = R.QuantizedMatMulWithBiasAndReluAndRequantize(min_freezed_output=-1.0, max_freezed_output=1.0, **mcommon)
    mm4 = R.QuantizedMatMulWithBiasAndDequantize(min_freezed_output=-1.0, max_freezed_output=1.0, Toutput=tf.float32, **mcommon)
    ad = R.QuantizedAdd(x=qm.output, y=qm.output, min_x=qm.output_min, max_x=qm.output_max, min_y=qm.output_min, max_y=qm.output_max)
    mu = R.QuantizedMul(x=qm.output, y=_q(c(5)).output, min_x=qm.output_min, max_x=qm.output_max, min_y=-1.0, max_y=1.0)
    lo, hi = tf.fill([4], -1.0), tf.fill([4], 1.0)
    rq = R.RequantizePerChannel(input=a9.output, input_min=lo, input_max=hi, requested_output_min=-1.0, requested_output_max=1.0)
    rr = R.RequantizationRangePerChannel(input=a9.output, input_min=lo, input_max=hi, clip_value_max=6.0)
    # QuantizeAndDequantize (v1) cannot be built: removed at GraphDef version 22 (unit-tested)
    outs = [a, a2, a3, a4, a5, a6, a7, a8, a9, d, d2, d3, mm, mm2, mm3, ad, mu, rq]
    return _f(*_deq(*[t[0] for t in outs]), *[t[1] for t in outs], mm4, *rr)


def _uniform(x, m):
    # x: [B, 4], m: [B, 4]
    sc, zp = tf.constant(0.5), tf.constant(0)
    q = R.UniformQuantize(input=x, scales=sc, zero_points=zp, Tout=tf.qint8, quantization_min_val=-128, quantization_max_val=127)
    dq = R.UniformDequantize(input=q, scales=sc, zero_points=zp, Tout=tf.float32, quantization_min_val=-128, quantization_max_val=127)
    w = R.UniformQuantize(input=c(4, 3), scales=sc, zero_points=zp, Tout=tf.qint8, quantization_min_val=-128, quantization_max_val=127)
    rq = R.UniformRequantize(input=q, input_scales=sc, input_zero_points=zp, output_scales=sc, output_zero_points=zp, Tout=tf.qint8, input_quantization_min_val=-128, input_quantization_max_val=127, output_quantization_min_val=-128, output_quantization_max_val=127)
    q32 = R.UniformQuantize(input=m, scales=sc, zero_points=zp, Tout=tf.qint32, quantization_min_val=-1000, quantization_max_val=1000)
    cl = R.UniformQuantizedClipByValue(operand=q32, min=R.UniformQuantize(input=tf.constant(-1.0), scales=sc, zero_points=zp, Tout=tf.qint32, quantization_min_val=-1000, quantization_max_val=1000), max=R.UniformQuantize(input=tf.constant(1.0), scales=sc, zero_points=zp, Tout=tf.qint32, quantization_min_val=-1000, quantization_max_val=1000), scales=sc, zero_points=zp, quantization_min_val=-1000, quantization_max_val=1000)
    ad = R.UniformQuantizedAdd(lhs=q32, rhs=q32, lhs_scales=sc, lhs_zero_points=zp, rhs_scales=sc, rhs_zero_points=zp, output_scales=sc, output_zero_points=zp, lhs_quantization_min_val=-1000, lhs_quantization_max_val=1000, rhs_quantization_min_val=-1000, rhs_quantization_max_val=1000, output_quantization_min_val=-1000, output_quantization_max_val=1000)
    dot = R.UniformQuantizedDot(lhs=q, rhs=w, lhs_scales=sc, lhs_zero_points=zp, rhs_scales=sc, rhs_zero_points=zp, output_scales=sc, output_zero_points=zp, Tout=tf.qint32, lhs_quantization_min_val=-128, lhs_quantization_max_val=127, rhs_quantization_min_val=-128, rhs_quantization_max_val=127, output_quantization_min_val=-1000, output_quantization_max_val=1000)
    hy = R.UniformQuantizedDotHybrid(lhs=x, rhs=w, rhs_scales=sc, rhs_zero_points=zp, Tout=tf.float32, rhs_quantization_min_val=-128, rhs_quantization_max_val=127)
    return _f(*[tf.bitcast(t, tf.int8) if t.dtype == tf.qint8 else (tf.bitcast(t, tf.int32) if t.dtype == tf.qint32 else t) for t in (q, dq, rq, cl, ad, dot, hy)])


def _random(x):
    # x: [B, 5]
    seed = tf.constant([1, 2], tf.int64)
    sh = tf.shape(x)
    key, counter, alg = R.StatelessRandomGetKeyCounterAlg(seed=seed)
    a = R.StatelessShuffle(value=x, key=key, counter=counter, alg=alg)
    g2 = R.StatelessRandomGammaV2(shape=[3, 5], seed=seed, alpha=tf.ones([5]))
    g3 = R.StatelessRandomGammaV3(shape=sh, key=key, counter=counter, alg=alg, alpha=1.5)
    bi = R.StatelessRandomBinomial(shape=[4], seed=seed, counts=10.0, probs=0.5)
    pt = R.StatelessParameterizedTruncatedNormal(shape=sh, seed=seed, means=0.0, stddevs=1.0, minvals=-1.0, maxvals=1.0)
    po = R.StatelessRandomPoisson(shape=[2, 3], seed=seed, lam=tf.constant(2.0), dtype=tf.float32)
    nd = R.NonDeterministicInts(shape=[3, 2])
    ri = R.RandomIndexShuffle(index=tf.constant([1, 2, 3], tf.int64), seed=tf.constant([1, 2, 3], tf.int64), max_index=tf.constant(9, tf.int64))
    so = R.SobolSample(dim=3, num_results=5, skip=0)
    return _f(a, g2, g3, bi, pt, po, nd, ri, so)


def _generator(x):
    # x: [B, 5]
    gen = tf.random.Generator.from_seed(1)
    st = gen.state.handle
    alg = tf.constant(1, tf.int64)
    sh = tf.shape(x)
    n = R.StatefulStandardNormalV2(resource=st, algorithm=alg, shape=sh)
    t = R.StatefulTruncatedNormal(resource=st, algorithm=alg, shape=[4, 2])
    u = R.StatefulUniform(resource=st, algorithm=alg, shape=[3])
    ui = R.StatefulUniformInt(resource=st, algorithm=alg, shape=sh, minval=0, maxval=5)
    uf = R.StatefulUniformFullInt(resource=st, algorithm=alg, shape=[2], dtype=tf.uint64)
    b = R.StatefulRandomBinomial(resource=st, algorithm=alg, shape=[2, 2], counts=5.0, probs=0.5)
    r = R.RngReadAndSkip(resource=st, alg=1, delta=tf.constant(4, tf.uint64))
    with tf.control_dependencies([r]):
        R.RngSkip(resource=st, algorithm=alg, delta=tf.constant(4, tf.int64))
    return _f(n, t, u, ui, uf, b, r, x)


def _py(x):
    p = v1.py_func(lambda a: a, [x], tf.float32)
    p2 = v1.py_func(lambda a: (a, a), [x], [tf.float32, tf.float32], stateful=False)
    return _f(p, *p2, x)


def _batching(x):
    # x: [B, 5]
    bt = R.Batch(in_tensors=[x, x * 3.0], num_batch_threads=1, max_batch_size=4, batch_timeout_micros=10, grad_timeout_micros=10)
    ub = R.Unbatch(batched_tensor=bt.batched_tensors[0], batch_index=bt.batch_index, id=bt.id, timeout_micros=10)
    lst = R.TensorListFromTensor(tensor=x, element_shape=[5])
    cat = R.TensorListConcatLists(input_a=lst, input_b=lst, element_dtype=tf.float32)
    st = R.TensorListStack(input_handle=cat, element_dtype=tf.float32, element_shape=[5])
    return _f(*bt.batched_tensors, bt.batch_index, bt.id, ub, st)


def _cases(B):
    return {
        "layout": graph(_layout, [B, 8, 6, 3]),
        "fused_conv": graph(_fused_conv, [B, 8, 8, 3]),
        "consts": graph(_consts, [B, 4]),
        "decode": graph(_decode, [], dtypes={0: tf.string}),
        "image": graph(_image, [B, 8, 8, 3], [B, 4, 6, 6, 2]),
        "search": graph(_search, [B, 7], [B, 5]),
        "top": graph(_top, [B, 16]),
        "sets": graph(_sets, [B, 4], [B, 5], dtypes={0: tf.int32, 1: tf.int32}),
        "edit": graph(_edit, [B, 4], [B, 4], dtypes={0: tf.int32, 1: tf.int32}),
        "strings": graph(_strings, [B, 3], dtypes={0: tf.string}),
        "bessel": graph(_bessel, [B, 4]),
        "fft_nd": graph(_fft_nd, [B, 4, 6]),
        "conv_nd": graph(_conv_nd, [B, 8, 8, 4], [B, 3, 4, 8, 8]),
        "quantized": graph(_quantized, [B, 8, 8, 3], [B, 5]),
        "uniform": graph(_uniform, [B, 4], [B, 4]),
        "random": graph(_random, [B, 5]),
        "generator": graph(_generator, [B, 5]),
        "py": graph(_py, [B, 3]),
        "batching": graph(_batching, [B, 5]),
    }


def cases():
    np.random.seed(0)
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r5i_{k}_{bname}", v))
            out.append((f"r5i_{k}_{bname}_shapes", _add_shapes(v)))
    return out
