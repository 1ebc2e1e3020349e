# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 8 of the sweep: the XLA ops (jax2tf's graph serialization with enable_xla, tf2xla),
built in TF1 graph mode with tf2xla's Python helpers, ``tf.raw_ops`` and, for the ops neither
exposes, NodeDefs made by ``Graph.create_op``. Outputs are fed to a Mul (round6's ``_f``) so
that a wrong shape shows in the counts as well as in the shape comparison; ``jaxchain`` is a
jax2tf-like chain (XlaDotV2 -> add -> XlaConvV2 -> XlaReduceWindow -> XlaPad -> XlaDynamicSlice)."""

import numpy as np
import tensorflow as tf
from tensorflow.compiler.tf2xla.ops import gen_xla_ops as X
from tensorflow.compiler.tf2xla.python import xla
from tensorflow.compiler.xla import xla_data_pb2 as xd
from tensorflow.core.framework import attr_value_pb2

from .raw import _add_shapes, graph
from .round6 import _f

R = tf.raw_ops
v1 = tf.compat.v1
f32, i32 = tf.float32, tf.int32


def _attr(v):
    a = attr_value_pb2.AttrValue()
    if isinstance(v, bool):
        a.b = v
    elif isinstance(v, int):
        a.i = v
    elif isinstance(v, float):
        a.f = v
    elif isinstance(v, (bytes, str)):
        a.s = v.encode() if isinstance(v, str) else v
    elif isinstance(v, tf.DType):
        a.type = v.as_datatype_enum
    elif isinstance(v, tuple) and v[0] == "shape":
        a.shape.CopyFrom(tf.TensorShape(v[1]).as_proto())
    elif isinstance(v, tuple) and v[0] == "shapes":
        a.list.shape.extend([tf.TensorShape(s).as_proto() for s in v[1]])
    elif isinstance(v, tuple) and v[0] == "func":
        a.func.name = v[1]
    elif isinstance(v, list) and v and isinstance(v[0], tf.DType):
        a.list.type.extend([t.as_datatype_enum for t in v])
    elif isinstance(v, list):
        a.list.i.extend(v)
    else:
        raise TypeError(v)
    return a


def op(kind, inputs, out_types, **attrs):
    """A node of op ``kind`` (for the ops tf.raw_ops does not expose): its outputs."""
    g = v1.get_default_graph()
    return g.create_op(kind, list(inputs), list(out_types), attrs={k: _attr(v) for k, v in attrs.items()}).outputs


def fn(body, *specs):
    """A library function (a reducer, comparator, branch or body): its name."""
    cf = tf.function(body).get_concrete_function(*[tf.TensorSpec(s, d) for s, d in specs])
    cf.add_to_graph(v1.get_default_graph())
    return cf.name


def dotdn(lc, rc, lb=(), rb=()):
    d = xd.DotDimensionNumbers()
    d.lhs_contracting_dimensions.extend(lc)
    d.rhs_contracting_dimensions.extend(rc)
    d.lhs_batch_dimensions.extend(lb)
    d.rhs_batch_dimensions.extend(rb)
    return d


def convdn(nhwc=True):
    d = xd.ConvolutionDimensionNumbers()
    if nhwc:
        d.input_batch_dimension, d.input_feature_dimension = 0, 3
        d.input_spatial_dimensions.extend([1, 2])
        d.kernel_spatial_dimensions.extend([0, 1])
        d.kernel_input_feature_dimension, d.kernel_output_feature_dimension = 2, 3
        d.output_batch_dimension, d.output_feature_dimension = 0, 3
        d.output_spatial_dimensions.extend([1, 2])
    else:  # NCHW, OIHW
        d.input_batch_dimension, d.input_feature_dimension = 0, 1
        d.input_spatial_dimensions.extend([2, 3])
        d.kernel_output_feature_dimension, d.kernel_input_feature_dimension = 0, 1
        d.kernel_spatial_dimensions.extend([2, 3])
        d.output_batch_dimension, d.output_feature_dimension = 0, 1
        d.output_spatial_dimensions.extend([2, 3])
    return d


def c(*shape, seed=0):
    return tf.constant(np.random.RandomState(seed).rand(*shape).astype(np.float32))


def _dots(x, y):
    # x: [B, 16], y: [B, 3, 4]
    a = xla.dot_general(x, c(16, 9), dotdn([1], [0]), use_v2=True) + 1.0
    b = xla.dot_general(x, c(16, 9), dotdn([1], [0]))
    bm = xla.dot_general(y, c(3, 4, 5), dotdn([2], [1], [1], [0]), use_v2=True)
    outer = xla.dot_general(x, c(5), dotdn([], []), use_v2=True)
    t = xla.dot_general(c(16, 7), x, dotdn([0], [1]), use_v2=True)
    return _f(a, b, bm, outer, t)


def _convs(x, n):
    # x: [B, 8, 8, 3] NHWC, n: [B, 4, 6, 6] NCHW
    same = xla.conv(x, c(3, 3, 3, 4), [1, 1], [[1, 1], [1, 1]], [1, 1], [1, 1], convdn(), use_v2=True)
    strided = xla.conv(x, c(3, 3, 3, 4), [2, 2], [[0, 0], [0, 0]], [1, 1], [2, 2], convdn())
    grouped = xla.conv(n, c(8, 2, 3, 3), [1, 1], [[1, 1], [0, 2]], [2, 1], [1, 1], convdn(False), feature_group_count=2, use_v2=True)
    return _f(same, strided, grouped)


def _pads(x, p):
    # x: [B, 5, 3], p: [3] int32 (not constant)
    a = xla.pad(x, 0.0, [0, 1, 2], [1, 0, -1], [0, 2, 1])
    b = xla.pad(x, 0.0, p, [0, 0, 0], [0, 0, 0])
    s = xla.dynamic_slice(x, [0, 1, 0], [1, 2, 3])
    s2 = xla.dynamic_slice(x, [0, 0, 0], p)
    u = xla.dynamic_update_slice(x, c(1, 2, 3), [0, 1, 0])
    return _f(a, b, s, s2, u)


def _reduces(x):
    # x: [B, 6, 4]
    add = fn(lambda a, b: a + b, ([], f32), ([], f32))
    r = xla.reduce(x, 0.0, [1], add)
    vr = op("XlaVariadicReduce", [x, x, tf.constant(0.0), tf.constant(0.0)], [f32, f32], N=2, T=f32, dimensions_to_reduce=[2], reducer=("func", fn(lambda a, b, d, e: (a + d, b + e), ([], f32), ([], f32), ([], f32), ([], f32))))
    v2 = X.xla_variadic_reduce_v2(inputs=[x, tf.cast(x, i32)], init_values=[tf.constant(0.0), tf.constant(0)], dimensions_to_reduce=[0, 2], reducer=fn(lambda a, b, d, e: (a + d, b + e), ([], f32), ([], i32), ([], f32), ([], i32)))
    w = X.xla_reduce_window(input=x, init_value=tf.constant(0.0), window_dimensions=[1, 2, 2], window_strides=[1, 2, 2], base_dilations=[1, 1, 1], window_dilations=[1, 1, 1], padding=[[0, 0], [0, 0], [0, 0]], computation=add)
    ge = fn(lambda a, b: a >= b, ([], f32), ([], f32))
    ss = X.xla_select_and_scatter(operand=x, window_dimensions=[1, 2, 2], window_strides=[1, 2, 2], padding=[[0, 0], [0, 0], [0, 0]], source=c(1, 3, 2), init_value=tf.constant(0.0), select=ge, scatter=add)
    return _f(r, *vr, *v2, w, ss)


def _sorts(x):
    # x: [B, 5]
    s = xla.sort(x)
    k, v = xla.key_value_sort(x, tf.cast(x, i32))
    lt = fn(lambda a, b, d, e: a < b, ([], f32), ([], f32), ([], i32), ([], i32))
    vs = X.xla_variadic_sort(inputs=[x, tf.cast(x, i32)], dimension=tf.constant(1), comparator=lt, is_stable=True)
    return _f(s, k, v, *vs)


def _misc(x, m):
    # x: [B, 6], m: [4, 6]
    lo, hi = op("XlaBroadcastHelper", [x, c(6), tf.constant([1])], [f32, f32], T=f32, Tindices=i32)
    rp = X.xla_reduce_precision(operand=x, exponent_bits=5, mantissa_bits=10)
    ob = X.xla_optimization_barrier(input=[x, m])
    key, bits = X.xla_rng_bit_generator(algorithm=tf.constant(1), initial_state=tf.constant([1, 2], tf.uint64), shape=[3, 4], dtype=i32)
    sh = X.xla_sharding(input=x, sharding=b"")
    tiles = xd.OpSharding(type=xd.OpSharding.OTHER, tile_assignment_dimensions=[2, 4], tile_assignment_devices=list(range(8))).SerializeToString()
    fs = X.xla_spmd_full_to_shard_shape(input=m, manual_sharding=tiles)
    fs1 = X.xla_spmd_full_to_shard_shape(input=x, manual_sharding=tiles, dim=1)
    fr = X.xla_spmd_full_to_shard_shape(input=m, manual_sharding=b"")
    sf = X.xla_spmd_shard_to_full_shape(input=fs, manual_sharding=tiles, full_shape=[4, 6])
    sb = op("XlaSetBound", [tf.constant(3), tf.constant(8)], [i32])[0]
    sd = op("XlaSetDynamicDimensionSize", [m, tf.constant(0), tf.constant(2)], [f32], T=f32)[0]
    rd = op("XlaRemoveDynamicDimensionSize", [sd, tf.constant(0)], [f32], T=f32)[0]
    rid = op("XlaReplicaId", [], [i32])[0]
    cat = op("XlaConcatND", [m, m, m, m], [f32], T=f32, N=4, num_concats=[2, 2])[0]
    spl = op("XlaSplitND", [m], [f32] * 4, T=f32, N=4, num_splits=[2, 2], paddings=[0, 2])
    ar = op("XlaAllReduce", [x, tf.constant([[0]])], [f32], T=f32, reduce_op="Add", mode="CrossReplica")[0]
    rs = op("XlaReduceScatter", [m, tf.constant([[0, 1]]), tf.constant(0)], [f32], T=f32, reduce_op="Add")[0]
    rs2 = op("XlaReduceScatter", [x, tf.constant([[0, 1, 2]]), tf.constant(1)], [f32], T=f32, reduce_op="Add")[0]
    gdn = xd.GatherDimensionNumbers(offset_dims=[1], collapsed_slice_dims=[0], start_index_map=[0], index_vector_dim=1)
    ga = xla.gather(m, tf.constant([[0], [2]]), gdn, [1, 6])
    gb = xla.gather(m, tf.cast(x[:, :1], i32), gdn, [1, 3])
    sdn = xd.ScatterDimensionNumbers(update_window_dims=[1], inserted_window_dims=[0], scatter_dims_to_operand_dims=[0], index_vector_dim=1)
    add = fn(lambda a, b: a + b, ([], f32), ([], f32))
    sc = X.xla_scatter(operand=m, scatter_indices=tf.constant([[0], [2]]), updates=c(2, 6), update_computation=add, dimension_numbers=sdn.SerializeToString(), indices_are_sorted=False)
    return _f(lo, hi, rp, *ob, key, bits, sh, fs, fs1, fr, sf, sb, sd, rd, rid, cat, *spl, ar, rs, rs2, ga, gb, sc)


def _calls(x, m):
    # x: [B, 6], m: [4, 4]
    w, v = op("XlaSelfAdjointEig", [m], [f32, f32], lower=True, max_iter=10, epsilon=1e-5, T=f32)
    s, u, vv = op("XlaSvd", [m], [f32, f32, f32], max_iter=10, epsilon=1e-5, precision_config="", T=f32)
    cc = xla.custom_call([x], target_name="t", backend_config="", dtype=f32, shape=[2, 3])
    cc2 = op("XlaCustomCallV2", [x, m], [f32, i32], call_target_name="t", backend_config="", has_side_effect=False, operand_dtypes=[f32, f32], result_dtypes=[f32, i32], result_shapes=("shapes", [[5], [2, 2]]))
    cm = op("XlaCallModule", [x], [f32, f32], version=9, module=b"", Sout=("shapes", [[None, 6], [3]]), Tout=[f32, f32], Tin=[f32])
    hc = op("XlaHostCompute", [x], [f32, i32], Tinputs=[f32], Toutputs=[f32, i32], ancestors=[], shapes=("shapes", [[None, 3], None]), shape_inference_graph=("func", ""), key="k")
    hc2 = op("XlaHostCompute", [x], [f32], Tinputs=[f32], Toutputs=[f32], ancestors=[], shapes=("shapes", []), shape_inference_graph=("func", fn(lambda a: a * 2.0, ([None, 6], f32))), key="k2")
    body = fn(lambda a: a * 2.0, ([None, 6], f32))
    la = op("XlaLaunch", [x], [f32], Tconstants=[], Targs=[f32], Nresources=0, Tresults=[f32], function=("func", body))
    la2 = op("XlaLaunchV2", [x], [f32], Targs=[f32], Tresults=[f32], constants=[], resources=[], function=("func", body))
    xi = op("XlaIf", [tf.constant(True), x], [f32], Tcond=tf.bool, then_branch=("func", body), else_branch=("func", fn(lambda a: a + 1.0, ([None, 6], f32))), Tin=[f32], Tout=[f32])
    xw = op("XlaWhile", [tf.constant(0), x], [i32, f32], T=[i32, f32], cond=("func", fn(lambda i, a: i < 3, ([], i32), ([None, 6], f32))), body=("func", fn(lambda i, a: (i + 1, a * 2.0), ([], i32), ([None, 6], f32))))
    op("XlaSend", [x], [], T=f32, tensor_name="t")
    rcv = op("XlaRecv", [], [f32], dtype=f32, tensor_name="t", shape=("shape", [2, 3]))
    op("XlaSendToHost", [x], [], Tinput=f32, key="h")
    rfh = op("XlaRecvFromHost", [], [f32], Toutput=f32, shape=("shape", [None, 3]), key="h")
    co = op("XlaClusterOutput", [x], [f32], T=f32)
    dq = op("XlaDequantize", [tf.cast(m, tf.uint32)], [tf.bfloat16], min_range=0.0, max_range=1.0, mode="MIN_COMBINED", transpose_output=False)
    return _f(w, v, s, u, vv, cc, *cc2, *cm, *hc, *hc2, *la, *la2, *xi, *xw, *rcv, *rfh, *co, *dq)


def _tpu(ids, t, g):
    # ids: [B] int32, t: [10, 4] table, g: [B, 4] activation gradients
    fl = tf.cast(ids, f32)
    mm = op("XlaSparseDenseMatmul", [ids, tf.cast(ids, tf.uint32), fl, tf.constant(0, tf.uint32), t], [f32, i32, i32, i32, f32], max_ids_per_partition=8, max_unique_ids_per_partition=8, input_size=3)
    csr = op("XlaSparseDenseMatmulWithCsrInput", [ids, ids, ids, fl, t, tf.constant(1)], [f32], input_size=5, quantization_config_low=0.0, quantization_config_high=1.0, quantization_config_num_buckets=0, table_name="t")
    cmb = op("XlaSparseDenseMatmulCustomCombinerOnTcWithCsrInput", [ids, ids, ids, ids, fl, t, c(2)], [f32, i32, f32], input_size=5, max_valency=3, num_weights=2, combiner_computation=("func", fn(lambda a: a, ([], f32))), quantization_config_low=0.0, quantization_config_high=1.0, quantization_config_num_buckets=0, table_name="t")
    lr = tf.constant(0.1)
    sgd = op("XlaSparseDenseMatmulGradWithSgdAndCsrInput", [ids, ids, ids, fl, g, lr, t, tf.constant(1)], [f32], table_name="t")
    ada = op("XlaSparseDenseMatmulGradWithAdagradAndStaticBufferSize", [ids, ids, ids, fl, g, lr, t, t, tf.constant(1)], [f32, f32], max_ids_per_sparse_core=8, max_unique_ids_per_sparse_core=8, table_name="t")
    adam = op("XlaSparseDenseMatmulGradWithAdamAndCsrInput", [ids, ids, ids, fl, g, lr, t, t, t, tf.constant(1)], [f32, f32, f32], use_sum_inside_sqrt=False, beta1=0.9, beta2=0.99, epsilon=1e-5, table_name="t")
    cs = op("XlaSparseCoreAdagrad", [ids, g, lr, t, t], [f32, f32], feature_width=4)
    us = op("XlaSparseActivationsUnstack", [g], [f32, f32], num_tables=2, sample_counts=[2, 3], features=[4, 1], interleaved=False, input_dtype=f32, dtype=f32)
    st = op("XlaSparseGradientsStack", [g, t], [f32], num_tables=2, interleaved=False, input_dtype=f32, dtype=f32)
    dd = op("XlaRecvTPUEmbeddingDeduplicationData", [], [tf.variant], config="")
    sg = op("XlaSendTPUEmbeddingGradients", [g, lr, dd[0]], [], NumTables=1, NumLearningRateTags=1, config="")
    del sg
    return _f(*mm, *csr, *cmb, *sgd, *ada, *adam, *cs, *us, *st)


def _edges(x, u):
    # x: [B, 6], u: unknown rank; the shape functions' less travelled paths
    m = tf.reshape(x, [-1, 2, 3])
    rs = op("XlaReduceScatter", [x, tf.constant([[0, 1]]), tf.constant(0)], [f32], T=f32, reduce_op="Add")[0]
    rsu = op("XlaReduceScatter", [u, tf.constant([[0, 1]]), tf.constant(0)], [f32], T=f32, reduce_op="Add")[0]
    tiles = xd.OpSharding(type=xd.OpSharding.OTHER, tile_assignment_dimensions=[2, 4], tile_assignment_devices=list(range(8))).SerializeToString()
    fs = X.xla_spmd_full_to_shard_shape(input=x, manual_sharding=tiles, dim=0)
    fsu = X.xla_spmd_full_to_shard_shape(input=u, manual_sharding=tiles)
    hc = op("XlaHostCompute", [x], [f32], Tinputs=[f32], Toutputs=[f32], ancestors=[], shapes=("shapes", [[2, 6]]), shape_inference_graph=("func", fn(lambda a: a * 3.0, ([None, 6], f32))), key="k3")
    cm = op("XlaCallModule", [x], [f32, f32], version=9, module=b"", Sout=("shapes", [[4]]), Tout=[f32, f32], Tin=[f32])
    ds = xla.dynamic_slice(x, [0, 0], tf.shape(x))
    ds2 = xla.dynamic_slice(x, [0, 0], tf.concat([[1], tf.shape(x)[1:]], 0))
    rng = X.xla_rng_bit_generator(algorithm=tf.constant(1), initial_state=v1.placeholder(tf.uint64, None), shape=tf.shape(x), dtype=i32)
    add = fn(lambda a, b: a + b, ([], f32), ([], f32))
    vr = op("XlaVariadicReduce", [u, m, tf.constant(0.0), tf.constant(0.0)], [f32, f32], N=2, T=f32, dimensions_to_reduce=[1], reducer=("func", fn(lambda a, b, d, e: (a + d, b + e), ([], f32), ([], f32), ([], f32), ([], f32))))
    pu = xla.pad(u, 0.0, [0], [1], [0])
    dsu = xla.dynamic_slice(u, [0], [3])
    kv = xla.key_value_sort(u, x)
    del add
    return _f(rs, rsu, fs, fsu, *hc, *cm, ds, ds2, *rng, *vr, pu, dsu, *kv)


def _jaxchain(x):
    # x: [B, 16]: dot -> add -> reshape -> conv -> reduce_window -> pad -> dynamic_slice
    h = xla.dot_general(x, c(16, 64), dotdn([1], [0]), use_v2=True) + c(64, seed=1)
    h = tf.reshape(h, [-1, 4, 4, 4])
    h = xla.conv(h, c(3, 3, 4, 8), [1, 1], [[1, 1], [1, 1]], [1, 1], [1, 1], convdn(), use_v2=True)
    add = fn(lambda a, b: a + b, ([], f32), ([], f32))
    w = X.xla_reduce_window(input=h, init_value=tf.constant(0.0), window_dimensions=[1, 2, 2, 1], window_strides=[1, 2, 2, 1], base_dilations=[1, 1, 1, 1], window_dilations=[1, 1, 1, 1], padding=[[0, 0]] * 4, computation=add)
    p = xla.pad(w, 0.0, [0, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0])
    s = xla.dynamic_slice(p, [0, 0, 0, 0], [1, 3, 3, 8])
    return _f(s + 1.0, tf.nn.relu(h))


def _cases(B):
    return {
        "dots": graph(_dots, [B, 16], [B, 3, 4]),
        "convs": graph(_convs, [B, 8, 8, 3], [B, 4, 6, 6]),
        "pads": graph(_pads, [B, 5, 3], [3], dtypes={1: i32}),
        "reduces": graph(_reduces, [B, 6, 4]),
        "sorts": graph(_sorts, [B, 5]),
        "misc": graph(_misc, [B, 6], [4, 6]),
        "calls": graph(_calls, [B, 6], [4, 4]),
        "tpu": graph(_tpu, [B], [10, 4], [B, 4], dtypes={0: i32}),
        "jaxchain": graph(_jaxchain, [B, 16]),
        "edges": graph(_edges, [B, 6], None),
    }


def cases():
    np.random.seed(0)
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r8_{k}_{bname}", v))
            out.append((f"r8_{k}_{bname}_shapes", _add_shapes(v)))
    return out
