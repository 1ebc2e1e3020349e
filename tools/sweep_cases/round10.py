# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 10 of the sweep: TF 2.21's remaining compute-like ops — CSR sparse matrices, the legacy
Batch* linear-algebra/FFT aliases (only importable from a GraphDef older than version 13, so
those graphs are written with producer 10), gradient-boosted trees, SDCA, clustering, debug and
quantization leftovers, codecs and dataset-graph utilities. Outputs are fed to a Mul (round6's
``_f``) so that a wrong shape shows in the counts as well as in the shape comparison."""

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import gen_boosted_trees_ops as BT

from .raw import _add_shapes, graph
from .round6 import _f
from .round8 import _attr, c, op

R = tf.raw_ops
v1 = tf.compat.v1
f32, i32, i64, V = tf.float32, tf.int32, tf.int64, tf.variant


def _csr(x, y):
    # x: [B, 4, 4] dense matrices, y: [4, 3]
    a = R.DenseToCSRSparseMatrix(dense_input=x, indices=tf.where(tf.not_equal(x, 0.0)))
    m = R.DenseToCSRSparseMatrix(dense_input=y, indices=tf.where(tf.not_equal(y, 0.0)))
    st = tf.sparse.from_dense(c(4, 4))
    s = R.SparseTensorToCSRSparseMatrix(indices=st.indices, values=st.values, dense_shape=st.dense_shape)
    z = R.SparseMatrixZeros(dense_shape=tf.constant([4, 4], i64), type=f32)
    dense = R.CSRSparseMatrixToDense(sparse_input=a, type=f32)
    sp = R.CSRSparseMatrixToSparseTensor(sparse_matrix=a, type=f32)
    comp = R.CSRSparseMatrixComponents(csr_sparse_matrix=a, index=0, type=f32)
    nnz = R.SparseMatrixNNZ(sparse_matrix=a)
    nnz2 = R.SparseMatrixNNZ(sparse_matrix=m)
    t = R.SparseMatrixTranspose(input=m, type=f32)
    mm = R.SparseMatrixMatMul(a=a, b=x)
    mm2 = R.SparseMatrixMatMul(a=m, b=c(4, 5), transpose_a=True, transpose_output=True)
    mul = R.SparseMatrixMul(a=a, b=tf.constant(2.0))
    add = R.SparseMatrixAdd(a=s, b=z, alpha=tf.constant(1.0), beta=tf.constant(2.0))
    sm = R.SparseMatrixSoftmax(logits=a, type=f32)
    smg = R.SparseMatrixSoftmaxGrad(softmax=sm, grad_softmax=a, type=f32)
    ssm = R.SparseMatrixSparseMatMul(a=s, b=m, type=f32)
    amd = R.SparseMatrixOrderingAMD(input=s)
    amd3 = R.SparseMatrixOrderingAMD(input=a)
    ch = R.SparseMatrixSparseCholesky(input=s, permutation=amd, type=f32)
    outs = [R.CSRSparseMatrixToDense(sparse_input=h, type=f32) for h in (t, mul, add, sm, smg, ssm, ch)]
    return _f(dense, *sp, *comp, nnz, nnz2, mm, mm2, amd, amd3, *outs)


def _legacy(B):
    """Placeholders x [B, 3, 3], z complex [B, 4, 4], r [B, 3, 2]; the Batch* aliases added as
    NodeDefs to a GraphDef of producer 10, each output fed to a Mul."""
    def build():
        g = tf.Graph()
        with g.as_default():
            v1.placeholder(f32, [B, 3, 3], name="x")
            v1.placeholder(tf.complex64, [B, 4, 4], name="z")
            v1.placeholder(f32, [B, 3, 2], name="r")
            tf.constant(2.0, name="two")
            tf.constant(2.0, tf.complex64, name="ctwo")
            tf.constant(0.1, tf.float64, name="l2")
            w = v1.Variable(tf.zeros([6, 3]), use_resource=False, name="w")
            tf.constant([1, 2], i32, name="ex")
            tf.constant(0.1, name="lr")
        gd = g.as_graph_def()
        nodes = [(o, ["x"], dict(T=f32), 1) for o in ("BatchCholesky", "BatchMatrixInverse", "BatchMatrixDeterminant", "BatchSelfAdjointEig", "BatchMatrixDiag", "BatchMatrixDiagPart")]
        nodes += [("BatchSelfAdjointEigV2", ["x"], dict(T=f32), 2), ("BatchSvd", ["x"], dict(T=f32, full_matrices=True), 3),
                  ("BatchCholeskyGrad", ["x", "x"], dict(T=f32), 1), ("BatchMatrixSetDiag", ["x", "r"], dict(T=f32), 1),
                  ("BatchMatrixSolve", ["x", "r"], dict(T=f32), 1), ("BatchMatrixTriangularSolve", ["x", "r"], dict(T=f32), 1),
                  ("BatchMatrixSolveLs", ["x", "r", "l2"], dict(T=f32), 1)]
        nodes += [(o, ["z"], {}, 1) for o in ("BatchFFT", "BatchFFT2D", "BatchFFT3D", "BatchIFFT", "BatchIFFT2D", "BatchIFFT3D")]
        nodes += [("Skipgram", [], dict(filename="text8", batch_size=8), 0),  # mixed output types: not multiplied
                  ("NegTrain", [w.op.name, w.op.name, "ex", "ex", "lr"], dict(vocab_count=[3, 3], num_negative_samples=2), 0)]
        for op_type, ins, attrs, n_out in nodes:
            n = gd.node.add()
            n.name, n.op = op_type.lower(), op_type
            n.input.extend(ins)
            for k, v in attrs.items():
                n.attr[k].CopyFrom(_attr(v))
            cplx = "FFT" in op_type
            for p in range(n_out):
                m = gd.node.add()
                m.name, m.op = f"{n.name}_m{p}", "Mul"
                m.input.extend([f"{n.name}:{p}", "ctwo" if cplx else "two"])
                m.attr["T"].CopyFrom(_attr(tf.complex64 if cplx else f32))
        gd.versions.producer = 10
        return gd, None
    return build


def _trees(ids, g, feat):
    # ids: [B] int32 node ids, g: [B, 1] gradients (and hessians), feat: [B, 2] int32 buckets
    h = BT.boosted_trees_ensemble_resource_handle_op(shared_name="e")
    q = BT.boosted_trees_quantile_stream_resource_handle_op(shared_name="q")
    init = BT.is_boosted_trees_ensemble_initialized(h)
    qinit = BT.is_boosted_trees_quantile_stream_resource_initialized(q)
    BT.boosted_trees_create_ensemble(h, tf.constant(0, i64), tf.constant(""))
    BT.boosted_trees_create_quantile_stream_resource(q, tf.constant(0.01), tf.constant(2, i64))
    states = BT.boosted_trees_get_ensemble_states(h)
    ser = BT.boosted_trees_serialize_ensemble(h)
    f0, f1 = feat[:, 0], feat[:, 1]
    ff = tf.cast(feat, f32)
    summ = BT.boosted_trees_make_quantile_summaries([ff[:, 0], ff[:, 1]], tf.ones_like(ff[:, 0]), tf.constant(0.01))
    BT.boosted_trees_quantile_stream_resource_add_summaries(q, summ)
    BT.boosted_trees_quantile_stream_resource_flush(q, tf.constant(4, i64))
    bounds = BT.boosted_trees_quantile_stream_resource_get_bucket_boundaries(q, num_features=2)
    flushed = BT.boosted_trees_flush_quantile_summaries(q, num_features=2)
    buckets = BT.boosted_trees_bucketize([ff[:, 0], ff[:, 1]], bounds)
    stats = BT.boosted_trees_make_stats_summary(ids, g, g, [f0, f1], max_splits=3, num_buckets=5)
    agg = BT.boosted_trees_aggregate_stats(ids, g, g, feat, max_splits=3, num_buckets=5)
    sagg = BT.boosted_trees_sparse_aggregate_stats(ids, g, g, tf.constant([[0, 0]]), tf.constant([1]), tf.constant([2, 2]), max_splits=3, num_buckets=5)
    rng = tf.constant([0, 1])
    l1, l2, tc, mw = (tf.constant(v) for v in (0.0, 1.0, 0.0, 0.0))
    gains = BT.boosted_trees_calculate_best_gains_per_feature(rng, tf.unstack(stats), l1, l2, tc, mw, max_splits=3)
    split = BT.boosted_trees_calculate_best_feature_split(rng, agg, l1, l2, tc, mw, logits_dimension=1)
    split2 = BT.boosted_trees_calculate_best_feature_split_v2(rng, [agg, agg], tf.constant(["inequality"]), tf.constant([0, 1]), l1, l2, tc, mw, logits_dimension=1)
    ssplit = BT.boosted_trees_sparse_calculate_best_feature_split(rng, sagg[0], sagg[1], sagg[2], l1, l2, tc, mw, logits_dimension=1)
    pred = BT.boosted_trees_predict(h, [f0, f1], logits_dimension=1)
    tp = BT.boosted_trees_training_predict(h, ids, ids, [f0, f1], logits_dimension=1)
    dbg = BT.boosted_trees_example_debug_outputs(h, [f0, f1], logits_dimension=1)
    cb = BT.boosted_trees_center_bias(h, tf.reduce_mean(g, 0, keepdims=True), tf.reduce_mean(g, 0, keepdims=True), l1, l2)
    BT.boosted_trees_update_ensemble(h, tf.constant([0, 1]), [gains[0][0], gains[0][1]], [gains[1][0], gains[1][1]], [gains[2][0], gains[2][1]], [gains[3][0], gains[3][1]], [gains[4][0], gains[4][1]], tf.constant(3), tf.constant(0.1), pruning_mode=0)
    BT.boosted_trees_update_ensemble_v2(h, [tf.constant([0])], [split[2]], [split[0]], [split[1]], [split[3]], [split[4]], [split[5]], [split[6]], tf.constant(3), tf.constant(0.1), tf.constant(0), logits_dimension=1)
    BT.boosted_trees_deserialize_ensemble(h, ser[0], ser[1])
    BT.boosted_trees_quantile_stream_resource_deserialize(q, [tf.constant(1.0), tf.constant(2.0)])  # TF 2.21 wants the first one a scalar
    return _f(init, qinit, *states, ser[0], summ, bounds, flushed, buckets, stats, agg, *sagg, *gains, *split, *split2, *ssplit, pred, *tp, tf.strings.length(dbg), cb)


def _linear(df, w):
    # df: [B, 3] dense features, w: [B] example weights; SDCA and clustering
    ex = tf.constant([0, 1], i64)
    state = tf.zeros(tf.stack([tf.shape(w)[0], 4]))
    sd = R.SdcaOptimizer(sparse_example_indices=[ex], sparse_feature_indices=[ex], sparse_feature_values=[c(2)], dense_features=[df], example_weights=w, example_labels=w, sparse_indices=[ex], sparse_weights=[c(2)], dense_weights=[c(3)], example_state_data=state, loss_type="logistic_loss", l1=0.0, l2=1.0, num_loss_partitions=1, num_inner_iterations=1)
    sd2 = R.SdcaOptimizerV2(sparse_example_indices=[ex], sparse_feature_indices=[ex], sparse_feature_values=[], dense_features=[df], example_weights=w, example_labels=w, sparse_indices=[ex], sparse_weights=[c(2)], dense_weights=[c(3, 1)], example_state_data=state, loss_type="squared_loss", l1=0.0, l2=1.0, num_loss_partitions=1, num_inner_iterations=2)
    fp = R.SdcaFprint(input=tf.as_string(w))
    var = v1.Variable(tf.zeros([3]), use_resource=False)
    R.SdcaShrinkL1(weights=[var._ref()], l1=0.1, l2=1.0)
    kmc = R.KMC2ChainInitialization(distances=w, seed=tf.constant(1, i64))
    kpp = R.KmeansPlusPlusInitialization(points=df, num_to_sample=tf.constant(2, i64), seed=tf.constant(1, i64), num_retries_per_sample=tf.constant(-1, i64))
    nn = R.NearestNeighbors(points=df, centers=c(5, 3), k=tf.constant(2, i64))
    return _f(sd, sd2, fp, kmc, kpp, nn)


def _misc(x, q, a, s):
    # x: [B, 6], q: [B, 6] quint8-ish floats, a: [16000] int16 audio, s: [B] strings
    iso = R.IsotonicRegression(input=x)
    kth = op("KthOrderStatistic", [x], [f32], k=2)[0]
    tu = op("TopKUnique", [x], [f32, i32], k=2)
    tw = op("TopKWithUnique", [x], [f32, i32], k=3)
    sc = op("StochasticCastToInt", [x, tf.constant([1], tf.uint64), tf.constant([1, 2], tf.uint64), tf.constant(1)], [i32], Tin=f32, Tout=i32)[0]
    qg = R.QuantizeAndDequantizeV4Grad(gradients=x, input=q, input_min=tf.constant(-1.0), input_max=tf.constant(1.0))
    qg1 = R.QuantizeAndDequantizeV4Grad(gradients=x, input=q, input_min=-tf.ones([6]), input_max=tf.ones([6]), axis=1)
    qa, qmn, qmx = R.QuantizeV2(input=x, min_range=-1.0, max_range=1.0, T=tf.quint8)
    qb, qbn, qbx = R.QuantizeV2(input=q, min_range=-2.0, max_range=2.0, T=tf.quint8)
    qc = op("QuantizedConcatV2", [qa, qb, tf.constant(1), qmn, qbn, qmx, qbx], [tf.quint8, f32, f32], N=2, T=tf.quint8, Tidx=i32)
    dg = R.DebugGradientIdentity(input=x)
    nan = R.DebugNanCount(input=x)
    ns = R.DebugNumericSummary(input=x)
    ns2 = R.DebugNumericSummaryV2(input=x, tensor_debug_mode=2)
    amf = op("AudioMicrofrontend", [a], [f32], left_context=1, right_context=1, frame_stride=2, out_type=f32)[0]
    dc = R.DecodeCompressed(bytes=s, compression_type="ZLIB")
    jxl = R.DecodeJxl(contents=s[0], channels=3)
    vr = R.GenerateVocabRemapping(new_vocab_file=tf.constant("new.txt"), old_vocab_file=tf.constant("old.txt"), new_vocab_offset=0, num_new_vocab=5)
    lr = R.LoadAndRemapMatrix(ckpt_path=tf.constant("ckpt"), old_tensor_name=tf.constant("w"), row_remapping=tf.constant([0, 1], i64), col_remapping=tf.constant([], i64), initializing_values=tf.zeros([0]), num_rows=2, num_cols=4)
    ri = R.RecordInput(file_pattern="data-*", batch_size=4)
    return _f(iso, kth, tu, tw, sc, qg, qg1, qc, dg, nan, ns, ns2, amf, tf.strings.length(dc), tf.cast(jxl, f32), vr, lr, tf.strings.length(ri))


def _variants(x, rs):
    # x: [B, 6], rs: [?] int64 row splits
    ce = R.CompressElement(components=[x, tf.constant([1, 2, 3])])
    ue = R.UncompressElement(compressed=ce, output_types=[f32, i32], output_shapes=[[None, 6], [3]])
    ct = R.CompositeTensorVariantFromComponents(components=[x], metadata=b"")
    cc = op("CompositeTensorVariantToComponents", [ct], [f32, i32], metadata="", Tcomponents=[f32, i32])
    rv = R.RaggedTensorToVariantGradient(encoded_ragged_grad=R.RaggedTensorToVariant(rt_nested_splits=[rs], rt_dense_values=x, batched_input=True), row_splits=rs, dense_values_shape=tf.shape(x), Tvalues=f32)
    rv2 = R.RaggedTensorToVariantGradient(encoded_ragged_grad=R.RaggedTensorToVariant(rt_nested_splits=[rs], rt_dense_values=x, batched_input=True), row_splits=rs, dense_values_shape=tf.constant([5, 6]), Tvalues=f32)
    ds = tf.data.Dataset.from_tensor_slices(x)
    dv = ds._variant_tensor
    w = R.WrapDatasetVariant(input_handle=dv)
    u = R.UnwrapDatasetVariant(input_handle=w)
    fpr = R.DatasetFingerprint(input_dataset=dv)
    g1 = R.DatasetToGraph(input_dataset=dv)
    g2 = R.DatasetToGraphV2(input_dataset=dv)
    fg = R.DatasetFromGraph(graph_def=g2)
    card = R.ExperimentalDatasetCardinality(input_dataset=dv)
    opts = R.GetOptions(input_dataset=dv)
    bs = R.ComputeBatchSize(input_dataset=dv)
    R.DatasetToTFRecord(input_dataset=tf.data.Dataset.from_tensors(tf.constant("a"))._variant_tensor, filename="/tmp/x.tfr", compression_type="")
    R.ExperimentalDatasetToTFRecord(input_dataset=tf.data.Dataset.from_tensors(tf.constant("a"))._variant_tensor, filename="/tmp/y.tfr", compression_type="")
    sr = R.SnapshotDatasetReader(shard_dir=tf.constant("/tmp/s"), start_index=tf.constant(0, i64), output_types=[f32], output_shapes=[[6]], version=2)
    sn = R.SnapshotNestedDatasetReader(inputs=[sr, sr], output_types=[f32], output_shapes=[[6]])
    ge = R.GetElementAtIndex(dataset=dv, index=tf.constant(0, i64), output_types=[f32], output_shapes=[[6]])
    body = tf.function(lambda a, b: a * b).get_concrete_function(tf.TensorSpec([6], f32), tf.TensorSpec([6], f32))
    body.add_to_graph(v1.get_default_graph())
    md = R.MapDefun(arguments=[x, x], captured_inputs=[], output_types=[f32], output_shapes=[[6]], f=body.name)
    return _f(*ue, *cc, rv, rv2, fpr, card, bs, tf.strings.length(g1), tf.strings.length(opts), *ge, *md) + [w, u, fg, sn, ct]


def _edges(x, u, ds, ax):
    # x: [B, 6], u: unknown rank, ds: [3] int64 dense shape (not constant), ax: int32 scalar
    d = tf.reshape(x, [-1, 2, 3])
    a = R.DenseToCSRSparseMatrix(dense_input=d, indices=tf.where(tf.not_equal(d, 0.0)))
    mmu = R.SparseMatrixMatMul(a=a, b=u)
    st = R.SparseTensorToCSRSparseMatrix(indices=tf.zeros([0, 3], i64), values=tf.zeros([0]), dense_shape=ds)
    z = R.SparseMatrixZeros(dense_shape=ds[:2], type=f32)
    outs = [R.CSRSparseMatrixToDense(sparse_input=h, type=f32) for h in (st, z)]
    qu = R.QuantizeAndDequantizeV4Grad(gradients=u, input=u, input_min=tf.constant(-1.0), input_max=tf.constant(1.0))
    qu0 = R.QuantizeAndDequantizeV4Grad(gradients=u, input=u, input_min=-tf.ones([6]), input_max=tf.ones([6]), axis=0)
    kth = op("KthOrderStatistic", [u], [f32], k=2)[0]
    tu = op("TopKUnique", [u], [f32, i32], k=2)
    iso = R.IsotonicRegression(input=u)
    sc = op("StochasticCastToInt", [u, tf.constant([1], tf.uint64), tf.constant([1, 2], tf.uint64), tf.constant(1)], [i32], Tin=f32, Tout=i32)[0]
    amf = op("AudioMicrofrontend", [tf.cast(tf.reshape(x, [-1]), tf.int16)], [tf.uint16])[0]
    qa, qmn, qmx = R.QuantizeV2(input=x, min_range=-1.0, max_range=1.0, T=tf.quint8)
    qc = op("QuantizedConcatV2", [qa, qa, ax, qmn, qmn, qmx, qmx], [tf.quint8, f32, f32], N=2, T=tf.quint8, Tidx=i32)
    body = tf.function(lambda v: v * 2.0).get_concrete_function(tf.TensorSpec(None, f32))
    body.add_to_graph(v1.get_default_graph())
    md = R.MapDefun(arguments=[u], captured_inputs=[], output_types=[f32], output_shapes=[[6]], f=body.name)
    h = BT.boosted_trees_ensemble_resource_handle_op(shared_name="e2")
    pred = BT.boosted_trees_predict(h, [tf.cast(u, i32)], logits_dimension=3)
    return _f(mmu, *outs, qu, qu0, kth, tu, iso, sc, amf, qc, md, pred)


def _cases(B):
    return {
        "csr": graph(_csr, [B, 4, 4], [4, 3]),
        "legacy": _legacy(B),
        "trees": graph(_trees, [B], [B, 1], [B, 2], dtypes={0: i32, 2: i32}),
        "linear": graph(_linear, [B, 3], [B]),
        "misc": graph(_misc, [B, 6], [B, 6], [16000], [B], dtypes={2: tf.int16, 3: tf.string}),
        "variants": graph(_variants, [B, 6], [None], dtypes={1: i64}),
        "edges": graph(_edges, [B, 6], None, [3], [], dtypes={2: i64, 3: i32}),
    }


def cases():
    np.random.seed(0)
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r10_{k}_{bname}", v))
            out.append((f"r10_{k}_{bname}_shapes", _add_shapes(v)))
    return out
