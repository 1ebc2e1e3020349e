# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 6 of the sweep: detection proposals, sparse feature crosses and counts, sequence-example
parsing and file I/O, tridiagonal and banded solvers, and a few leftovers (Timestamp, ToBool).
TF1 graph mode; every output is fed to a Mul (through a cast or a string length) so that a wrong
shape shows in the counts as well as in the shape comparison."""

import numpy as np
import tensorflow as tf

from .raw import _add_shapes, c, graph

R = tf.raw_ops
i64 = tf.int64


def _flat(ts):
    for t in ts:
        if isinstance(t, (list, tuple, dict)):
            yield from _flat(t.values() if isinstance(t, dict) else t)
        else:
            yield t


def _f(*ts):
    out = []
    for t in _flat(ts):
        if t.dtype == tf.string:
            t = tf.strings.length(t)
        out.append(tf.cast(t, tf.float32) * 2.0)
    return out


def _detection(s, d, info, m):
    # s: [B, 4, 4, 2] scores, d: [B, 4, 4, 8] deltas, info: [B, 5], m: [B, 4]
    p = R.GenerateBoundingBoxProposals(scores=s, bbox_deltas=d, image_info=info, anchors=c(4, 4, 8), nms_threshold=0.7, pre_nms_topn=10, min_size=1.0, post_nms_topn=5)
    o = tf.matmul(m, m, transpose_b=True)
    n = R.NonMaxSuppressionWithOverlaps(overlaps=o, scores=tf.reduce_sum(m, 1), max_output_size=3, overlap_threshold=0.5, score_threshold=0.0)
    return _f(*p, n)


def _crosses(a, s):
    # a: [B, 2] int64, s: [B, 2] string
    sp = tf.sparse.from_dense(a)
    ss = tf.sparse.from_dense(s)
    x = R.SparseCross(indices=[sp.indices, ss.indices], values=[sp.values, ss.values], shapes=[sp.dense_shape, ss.dense_shape], dense_inputs=[a], hashed_output=True, num_buckets=100, hash_key=7, out_type=i64, internal_type=tf.string)
    x2 = R.SparseCross(indices=[sp.indices], values=[sp.values], shapes=[sp.dense_shape], dense_inputs=[s], hashed_output=False, num_buckets=0, hash_key=7, out_type=tf.string, internal_type=tf.string)
    h = R.SparseCrossHashed(indices=[sp.indices], values=[sp.values], shapes=[sp.dense_shape], dense_inputs=[a], num_buckets=tf.constant(50, i64), strong_hash=tf.constant(False), salt=tf.constant([1, 2], i64))
    v2 = R.SparseCrossV2(indices=[ss.indices], values=[ss.values], shapes=[ss.dense_shape], dense_inputs=[s], sep=tf.constant("_X_"))
    rt = tf.RaggedTensor.from_tensor(a)
    rc = R.RaggedCross(ragged_values=[rt.values], ragged_row_splits=[rt.row_splits], sparse_indices=[ss.indices], sparse_values=[ss.values], sparse_shape=[ss.dense_shape], dense_inputs=[a], input_order="RSD", hashed_output=True, num_buckets=10, hash_key=3, out_values_type=i64, out_row_splits_type=i64)
    return _f(*x, *x2, *h, *v2, *rc)


def _counts(a, w):
    # a: [B, 3] int64, w: [B, 3] float
    sp = tf.sparse.from_dense(a)
    sw = tf.gather_nd(w, sp.indices)
    b = R.SparseBincount(indices=sp.indices, values=sp.values, dense_shape=sp.dense_shape, size=tf.constant(6, i64), weights=sw)
    b2 = R.SparseBincount(indices=sp.indices, values=sp.values, dense_shape=sp.dense_shape, size=tf.constant(6, i64), weights=tf.zeros([0]), binary_output=True)
    rt = tf.RaggedTensor.from_tensor(a)
    rb = R.RaggedBincount(splits=rt.row_splits, values=rt.values, size=tf.constant(5, i64), weights=tf.reshape(w, [-1]))
    dc = R.DenseCountSparseOutput(values=a, weights=w, binary_output=False, maxlength=4)
    sc = R.SparseCountSparseOutput(indices=sp.indices, values=sp.values, dense_shape=sp.dense_shape, weights=sw, binary_output=False)
    rcs = R.RaggedCountSparseOutput(splits=rt.row_splits, values=rt.values, weights=tf.reshape(w, [-1]), binary_output=True)
    spl = R.SparseSplit(split_dim=tf.constant(1, i64), indices=sp.indices, values=sp.values, shape=sp.dense_shape, num_split=2)
    ser = R.SerializeSparse(sparse_indices=sp.indices, sparse_values=sp.values, sparse_shape=sp.dense_shape)
    de = R.DeserializeSparse(serialized_sparse=tf.stack([ser, ser]), dtype=i64)
    ser2 = R.SerializeManySparse(sparse_indices=sp.indices, sparse_values=sp.values, sparse_shape=sp.dense_shape, out_type=tf.variant)
    de2 = R.DeserializeSparse(serialized_sparse=ser2, dtype=i64)
    fe = R.RaggedFillEmptyRows(value_rowids=rt.value_rowids(), values=tf.reshape(w, [-1]), nrows=rt.nrows(), default_value=0.0)
    fg = R.RaggedFillEmptyRowsGrad(reverse_index_map=fe.reverse_index_map, grad_values=fe.output_values * 3.0)
    return _f(b, b2, rb, *dc, *sc, *rcs, *spl.output_indices, *spl.output_values, *spl.output_shape, *de, *de2, *fe, *fg)


def _parse(x):
    # x: [B] string (serialized SequenceExamples)
    names = tf.zeros_like(x)
    p = R.ParseSequenceExample(serialized=x, debug_name=names, context_dense_defaults=[tf.zeros([2]), tf.zeros([], i64)], feature_list_dense_missing_assumed_empty=["fd"], context_sparse_keys=["cs"], context_dense_keys=["cd", "ce"], feature_list_sparse_keys=["fs"], feature_list_dense_keys=["fd", "fe"], Ncontext_sparse=1, Ncontext_dense=2, Nfeature_list_sparse=1, Nfeature_list_dense=2, context_sparse_types=[tf.string], feature_list_dense_types=[tf.float32, i64], context_dense_shapes=[[2], []], feature_list_sparse_types=[i64], feature_list_dense_shapes=[[3], [2, 2]])
    p2 = R.ParseSequenceExampleV2(serialized=x, debug_name=names, context_sparse_keys=tf.constant(["cs"]), context_dense_keys=tf.constant(["cd"]), context_ragged_keys=tf.constant(["cr"]), feature_list_sparse_keys=tf.constant(["fs"]), feature_list_dense_keys=tf.constant(["fd"]), feature_list_ragged_keys=tf.constant(["fr"]), feature_list_dense_missing_assumed_empty=tf.constant([True]), context_dense_defaults=[tf.zeros([3])], Ncontext_sparse=1, context_sparse_types=[i64], context_ragged_value_types=[tf.float32], context_ragged_split_types=[i64], context_dense_shapes=[[3]], Nfeature_list_sparse=1, Nfeature_list_dense=1, feature_list_dense_types=[tf.float32], feature_list_sparse_types=[tf.string], feature_list_ragged_value_types=[i64], feature_list_ragged_split_types=[tf.int32], feature_list_dense_shapes=[[4]])
    s = R.ParseSingleSequenceExample(serialized=x[0], feature_list_dense_missing_assumed_empty=[], context_sparse_keys=[tf.constant("cs")], context_dense_keys=[tf.constant("cd")], feature_list_sparse_keys=[tf.constant("fs"), tf.constant("ft")], feature_list_dense_keys=[tf.constant("fd")], context_dense_defaults=[tf.zeros([2, 3])], debug_name=tf.constant(""), context_sparse_types=[tf.float32], feature_list_dense_types=[tf.float32], context_dense_shapes=[[2, 3]], feature_list_sparse_types=[i64, tf.string], feature_list_dense_shapes=[[5]])
    return _f(*p, *p2, *s)


def _io(x, img):
    # x: [B] string, img: [B, 8, 8, 3] float
    pt = R.ParseTensor(serialized=x[0], out_type=tf.float32)
    st = R.SerializeTensor(tensor=img)
    js = R.DecodeJSONExample(json_examples=x)
    dp = R.DecodeProtoV2(bytes=x, message_type="tensorflow.TensorShapeProto", field_names=["dim", "unknown_rank"], output_types=[tf.string, tf.bool])
    ep = R.EncodeProto(sizes=tf.ones([tf.shape(x)[0], 1], tf.int32), values=[tf.zeros_like(x, tf.bool)[:, None]], field_names=["unknown_rank"], message_type="tensorflow.TensorShapeProto")
    rf = R.ReadFile(filename=x[0])
    wf = R.WriteFile(filename=tf.constant("/tmp/macc_sweep6_unused"), contents=rf)
    mf = R.MatchingFiles(pattern=x)
    fp = R.Fingerprint(data=img, method="farmhash64")
    fp2 = R.Fingerprint(data=x, method="farmhash64")
    u8 = tf.cast(img, tf.uint8)
    ej = R.EncodeJpegVariableQuality(images=u8[0], quality=90)
    with tf.control_dependencies([wf]):
        pt = tf.identity(pt)
    return _f(pt, st, js, *dp, ep, rf, mf, fp, fp2, ej)


def _linalg(r, m):
    # r: [B, 5, 3] right-hand sides, m: [B, 3, 5]
    diag = m + tf.constant([[0.0] * 5, [4.0] * 5, [0.0] * 5])
    t = R.TridiagonalSolve(diagonals=diag, rhs=r, partial_pivoting=False)
    tp = R.TridiagonalSolve(diagonals=diag, rhs=r)
    up, main, low = m[:, :1], m[:, 1:2] + 4.0, m[:, 2:]
    tm = R.TridiagonalMatMul(superdiag=up, maindiag=main, subdiag=low, rhs=r)
    band = m[:, :2] + tf.constant([[4.0] * 5, [0.0] * 5])
    bt = R.BandedTriangularSolve(matrix=band, rhs=r)
    bt2 = R.BandedTriangularSolve(matrix=m + 4.0, rhs=r, lower=False, adjoint=True)
    return _f(t, tp, tm, bt, bt2)


def _misc(x):
    # x: [B, 3]
    ts = R.Timestamp()
    tb = R.ToBool(input=x)
    tb2 = R.ToBool(input=x[0, 0])
    return _f(ts, tb, tb2)


def _q(t, T=tf.quint8):
    return R.QuantizeV2(input=t, min_range=-1.0, max_range=1.0, T=T)


def _misc2(x, s):
    # x: [B, 8, 8, 3], s: [6, B, 4] (time-major sequence)
    size, scale, shift = tf.constant([12, 10]), tf.constant([1.5, 1.25]), tf.constant([0.0, 0.0])
    st = R.ScaleAndTranslate(images=x, size=size, scale=scale, translation=shift, kernel_type="triangle")
    sg = R.ScaleAndTranslateGrad(grads=st, original_image=x, scale=scale, translation=shift, kernel_type="triangle")
    q, v = _q(x), _q(c(3))
    bn = R.QuantizedBatchNormWithGlobalNormalization(t=q.output, t_min=q.output_min, t_max=q.output_max, m=v.output, m_min=v.output_min, m_max=v.output_max, v=v.output, v_min=v.output_min, v_max=v.output_max, beta=v.output, beta_min=v.output_min, beta_max=v.output_max, gamma=v.output, gamma_min=v.output_min, gamma_max=v.output_max, out_type=tf.qint32, variance_epsilon=0.001, scale_after_normalization=True)
    ins = R.QuantizedInstanceNorm(x=q.output, x_min=q.output_min, x_max=q.output_max)
    h = tf.zeros([1, tf.shape(s)[1], 5])
    p = tf.zeros([(4 + 5) * 5 * 4 + 2 * 4 * 5])
    f = R.CudnnRNN(input=s, input_h=h, input_c=h, params=p, rnn_mode="lstm")
    b1 = R.CudnnRNNBackprop(input=s, input_h=h, input_c=h, params=p, output=f.output, output_h=f.output_h, output_c=f.output_c, output_backprop=f.output, output_h_backprop=f.output_h, output_c_backprop=f.output_c, reserve_space=f.reserve_space)
    f2 = R.CudnnRNNV2(input=s, input_h=h, input_c=h, params=p, rnn_mode="gru")
    b2 = R.CudnnRNNBackpropV2(input=s, input_h=h, input_c=h, params=p, output=f2.output, output_h=f2.output_h, output_c=f2.output_c, output_backprop=f2.output, output_h_backprop=f2.output_h, output_c_backprop=f2.output_c, reserve_space=f2.reserve_space, host_reserved=f2.host_reserved, rnn_mode="gru")
    lens = tf.fill(tf.shape(s)[1:2], 6)
    f3 = R.CudnnRNNV3(input=s, input_h=h, input_c=h, params=p, sequence_lengths=lens)
    b3 = R.CudnnRNNBackpropV3(input=s, input_h=h, input_c=h, params=p, sequence_lengths=lens, output=f3.output, output_h=f3.output_h, output_c=f3.output_c, output_backprop=f3.output, output_h_backprop=f3.output_h, output_c_backprop=f3.output_c, reserve_space=f3.reserve_space, host_reserved=f3.host_reserved)
    return _f(sg, bn.result, bn.result_min, ins.y, ins.y_min, *b1, *b2, *b3)


def _refs(x):
    # x: [B, 3]; RefSelect over two v1 (ref) variables; SymbolicGradient of a Defun
    from tensorflow.python.framework import function
    a = tf.compat.v1.Variable(tf.zeros([2, 3]), use_resource=False)
    b = tf.compat.v1.Variable(tf.ones([2, 3]), use_resource=False)
    rs = R.RefSelect(index=1, inputs=[a._ref(), b._ref()])

    @function.Defun(tf.float32, tf.float32)
    def sq(u, w):
        return u * w

    g = R.SymbolicGradient(input=[x, x, x], Tout=[tf.float32, tf.float32], f=sq)
    return _f(rs, *g)


def _uniform_conv(x, y):
    # x: [B, 3, 8, 8] (batch, feature, spatial: the default layout), y: [B, 8, 8, 3] (NHWC through
    # dimension_numbers, kernel HWIO)
    from tensorflow.core.util.quantization import uniform_quant_ops_attr_pb2 as pb
    sc, zp = tf.constant(0.5), tf.constant(0)
    qa = dict(scales=sc, zero_points=zp, Tout=tf.qint8, quantization_min_val=-128, quantization_max_val=127)
    q, w = R.UniformQuantize(input=x, **qa), R.UniformQuantize(input=c(4, 3, 3, 3), **qa)
    common = dict(lhs_scales=sc, lhs_zero_points=zp, rhs_scales=sc, rhs_zero_points=zp, output_scales=sc, output_zero_points=zp, Tout=tf.qint32, lhs_quantization_min_val=-128, lhs_quantization_max_val=127, rhs_quantization_min_val=-128, rhs_quantization_max_val=127, output_quantization_min_val=-1000, output_quantization_max_val=1000)
    a = R.UniformQuantizedConvolution(lhs=q, rhs=w, padding="SAME", window_strides=[2, 2], **common)
    b = R.UniformQuantizedConvolution(lhs=q, rhs=w, padding="VALID", rhs_dilation=[2, 1], lhs_dilation=[1, 2], **common)
    e = R.UniformQuantizedConvolution(lhs=q, rhs=w, padding="EXPLICIT", explicit_padding=[1, 0, 2, 2], **common)
    h = R.UniformQuantizedConvolutionHybrid(lhs=x, rhs=w, rhs_scales=sc, rhs_zero_points=zp, Tout=tf.float32, padding="SAME", rhs_quantization_min_val=-128, rhs_quantization_max_val=127)
    dn = pb.UniformQuantizedConvolutionDimensionNumbersAttr(input_batch_dimension=0, input_feature_dimension=3, input_spatial_dimensions=[1, 2], kernel_input_feature_dimension=2, kernel_output_feature_dimension=3, kernel_spatial_dimensions=[0, 1], output_batch_dimension=0, output_feature_dimension=3, output_spatial_dimensions=[1, 2]).SerializeToString()
    qy, wg = R.UniformQuantize(input=y, **qa), R.UniformQuantize(input=c(3, 3, 1, 6), **qa)
    g = R.UniformQuantizedConvolution(lhs=qy, rhs=wg, padding="SAME", feature_group_count=3, dimension_numbers=dn, **common)
    hy = R.UniformQuantizedConvolutionHybrid(lhs=y, rhs=wg, rhs_scales=sc, rhs_zero_points=zp, Tout=tf.float32, padding="VALID", window_strides=[1, 2], feature_group_count=3, dimension_numbers=dn, rhs_quantization_min_val=-128, rhs_quantization_max_val=127)
    return _f(*[tf.bitcast(t, tf.int32) for t in (a, b, e, g)], h, hy)


def _cases(B):
    return {
        "detection": graph(_detection, [B, 4, 4, 2], [B, 4, 4, 8], [B, 5], [B, 4]),
        "crosses": graph(_crosses, [B, 2], [B, 2], dtypes={0: i64, 1: tf.string}),
        "counts": graph(_counts, [B, 3], [B, 3], dtypes={0: i64}),
        "parse": graph(_parse, [B], dtypes={0: tf.string}),
        "io": graph(_io, [B], [B, 8, 8, 3], dtypes={0: tf.string}),
        "linalg": graph(_linalg, [B, 5, 3], [B, 3, 5]),
        "misc": graph(_misc, [B, 3]),
        "misc2": graph(_misc2, [B, 8, 8, 3], [6, B, 4]),
        "refs": graph(_refs, [B, 3]),
        "uniform_conv": graph(_uniform_conv, [B, 3, 8, 8], [B, 8, 8, 3]),
    }


def cases():
    np.random.seed(0)
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r6_{k}_{bname}", v))
            out.append((f"r6_{k}_{bname}_shapes", _add_shapes(v)))
    return out
