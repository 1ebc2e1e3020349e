# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 5t of the sweep: the ops of TF1 training graphs. Gradients with their own kernels
(fake quantization, MirrorPad, Tile, Cholesky, Igamma, RandomGamma, fractional pools,
CropAndResize boxes, MaxPoolGradGradWithArgmax, global batch norm, sparse segments, SparseAdd,
SparseFillEmptyRows, SparseSlice, the fused LSTM/GRU kernels), training graphs built with
tf.gradients and TF1 optimizers (QAT, embedding_lookup_sparse, sampled softmax and NCE losses,
a dynamic_rnn over TensorArrays), updates and counters (ScatterNdMax/Min, NonAliasingAdd,
CountUpTo, SegmentSumV2…, Inplace*, ParallelConcat, UniqueWithCountsV2), candidate samplers and
ComputeAccidentalHits; and the deprecated v1/v2 TensorArray ops, which TF 2.21 builds only in a
GraphDef of an old producer version (hand-built NodeDefs). TF1 graph mode; every output is fed to
a Mul through a cast, so that a wrong shape shows in the counts as well as in the shapes."""

import numpy as np
import tensorflow as tf

from .raw import _add_shapes, c, graph

v1 = tf.compat.v1
R = tf.raw_ops


def _f(*ts):
    return [tf.cast(t, tf.float32) * 2.0 for t in ts]


def _qat(x):
    # x: [B, 6]; QAT: fake-quantized activations and weights, gradients of all of them
    w = v1.get_variable("w", [6, 4], use_resource=False)
    mn = v1.get_variable("mn", [], initializer=v1.constant_initializer(-1.0))
    mx = v1.get_variable("mx", [], initializer=v1.constant_initializer(1.0))
    cmn = v1.get_variable("cmn", [4], initializer=v1.constant_initializer(-1.0))
    cmx = v1.get_variable("cmx", [4], initializer=v1.constant_initializer(1.0))
    a = tf.quantization.fake_quant_with_min_max_args(x, -2.0, 2.0)
    wq = tf.quantization.fake_quant_with_min_max_vars_per_channel(w, cmn, cmx)
    y = tf.quantization.fake_quant_with_min_max_vars(tf.matmul(a, wq), mn, mx)
    loss = tf.reduce_sum(y * y)
    train = v1.train.GradientDescentOptimizer(0.1).minimize(loss)
    gx = tf.gradients(loss, x)
    with tf.control_dependencies([train]):
        return _f(y, *gx)


def _mirror_pad(x):
    # x: [B, 5, 6]
    a = tf.pad(x, [[0, 0], [1, 2], [2, 1]], mode="REFLECT")
    b = tf.pad(x, [[0, 0], [2, 2], [0, 3]], mode="SYMMETRIC")
    loss = tf.reduce_sum(a * a) + tf.reduce_sum(b)
    return _f(a, b, *tf.gradients(loss, x))


def _raw_grads(x, m):
    # x: [B, 4], m: [B, 3, 3]
    spd = tf.matmul(m, m, transpose_b=True) + 3.0 * tf.eye(3)
    lo = tf.linalg.cholesky(spd)
    cg = R.CholeskyGrad(l=lo, grad=m)
    ig = R.IgammaGradA(a=x + 1.0, x=x + 0.5)
    rg = R.RandomGammaGrad(alpha=x + 1.0, sample=x + 0.5)
    return _f(cg, ig, rg)


def _pool_grads(x):
    # x: [B, 8, 8, 3]
    fm = tf.nn.fractional_max_pool(x, [1.0, 1.5, 1.5, 1.0], seed=1)[0]
    fa = tf.nn.fractional_avg_pool(x, [1.0, 1.5, 1.5, 1.0], seed=1)[0]
    boxes = tf.constant([[0.1, 0.1, 0.8, 0.9], [0.0, 0.2, 0.5, 0.7]])
    bi = tf.zeros([2], tf.int32)
    crop = tf.image.crop_and_resize(x, boxes, bi, [4, 4])
    p, am = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")
    mgg = R.MaxPoolGradGradWithArgmax(input=x, grad=x, argmax=am, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    # (TF's FractionalAvgPool gradient needs a fully known input shape)
    loss = tf.reduce_sum(fm) + tf.reduce_sum(crop) + (tf.reduce_sum(fa * fa) if x.shape[0] else 0.0)
    gx, gb = tf.gradients(loss, [x, boxes])
    return _f(fm, fa, crop, p, mgg, gx, gb)


def _embedding(ids_w):
    # ids_w: [B, 3] float weights of a constant sparse id tensor; embedding_lookup_sparse + training
    sp = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [2, 0], [2, 1]], tf.constant([1, 3, 3, 0, 5], tf.int64), [3, 3])
    emb = v1.get_variable("emb", [6, 4], use_resource=False)
    outs = []
    for comb in ("sum", "mean", "sqrtn"):
        outs.append(tf.nn.embedding_lookup_sparse(emb, sp, None, combiner=comb))
    loss = sum(tf.reduce_sum(o * tf.reduce_sum(ids_w)) for o in outs)
    g = tf.gradients(loss, emb)[0]
    g = tf.convert_to_tensor(g)
    train = v1.train.AdagradOptimizer(0.1).minimize(loss)
    with tf.control_dependencies([train]):
        return _f(*outs, g)


def _segment_grads(g):
    # g: [B, 4] -> the raw sparse segment gradients with constant indices
    idx = tf.constant([0, 2, 2, 5, 1])
    seg = tf.constant([0, 0, 1, 1, 1])
    outs = []
    for name in ("Sum", "Mean", "SqrtN"):
        op = getattr(R, f"SparseSegment{name}Grad")
        outs.append(op(grad=g, indices=idx, segment_ids=seg, output_dim0=7))
        op2 = getattr(R, f"SparseSegment{name}GradV2", None)
        if op2 is not None:
            outs += list(op2(grad=g, indices=idx, segment_ids=seg, dense_output_dim0=7))
    return _f(*outs)


def _sparse_grads(v):
    # v: [5] values of two constant-index sparse tensors; add, fill_empty_rows, slice + gradients
    a = tf.SparseTensor([[0, 0], [1, 2], [3, 1], [3, 3], [4, 0]], v, [6, 4])
    b = tf.SparseTensor([[0, 0], [2, 2], [3, 3], [4, 1], [5, 0]], v * 2.0, [6, 4])
    s = tf.sparse.add(a, b)
    f, _ = tf.sparse.fill_empty_rows(a, 0.5)
    sl = tf.sparse.slice(a, [1, 0], [3, 4])
    loss = tf.reduce_sum(s.values) + tf.reduce_sum(f.values * f.values) + tf.reduce_sum(sl.values)
    return _f(s.values, f.values, sl.values, *tf.gradients(loss, v))


def _rnn_grads(x, h):
    # x: [B, 5], h: [B, 3] -> the fused cells' gradient kernels
    w, vv, b = c(8, 12), c(3, seed=1), c(12, seed=2)
    outs = []
    for peep in (False, True):
        i, cs, f, o, ci, co, hh = R.LSTMBlockCell(x=x, cs_prev=h, h_prev=h, w=w, wci=vv, wcf=vv, wco=vv, b=b, use_peephole=peep)
        outs += list(R.LSTMBlockCellGrad(x=x, cs_prev=h, h_prev=h, w=w, wci=vv, wcf=vv, wco=vv, b=b, i=i, cs=cs, f=f, o=o, ci=ci, co=co, cs_grad=h, h_grad=h, use_peephole=peep))
    wru, wc, bru, bc = c(8, 6), c(8, 3, seed=1), c(6, seed=2), c(3, seed=3)
    r, u, cc, hg = R.GRUBlockCell(x=x, h_prev=h, w_ru=wru, w_c=wc, b_ru=bru, b_c=bc)
    outs += list(R.GRUBlockCellGrad(x=x, h_prev=h, w_ru=wru, w_c=wc, b_ru=bru, b_c=bc, r=r, u=u, c=cc, d_h=h))
    return _f(*outs)


def _block_lstm_grads(x, h):
    # x: [T, B, 5], h: [B, 3]
    w, vv, b = c(8, 12), c(3, seed=1), c(12, seed=2)
    n = tf.constant(4, tf.int64)
    outs = []
    for op, gop in ((R.BlockLSTM, R.BlockLSTMGrad), (R.BlockLSTMV2, R.BlockLSTMGradV2)):
        i, cs, f, o, ci, co, hh = op(seq_len_max=n, x=x, cs_prev=h, h_prev=h, w=w, wci=vv, wcf=vv, wco=vv, b=b)
        outs += list(gop(seq_len_max=n, x=x, cs_prev=h, h_prev=h, w=w, wci=vv, wcf=vv, wco=vv, b=b, i=i, cs=cs, f=f, o=o, ci=ci, co=co, h=hh, cs_grad=cs, h_grad=hh, use_peephole=False))
    return _f(*outs)


def _dynamic_rnn(x):
    # x: [6, B, 4] time-major -> a TF1 (v1 control flow) RNN over TensorArrays, trained by Adam
    v1.disable_control_flow_v2()
    try:
        w = v1.get_variable("rw", [9, 5], use_resource=False)
        b = v1.get_variable("rb", [5], use_resource=False)
        xs = tf.TensorArray(tf.float32, size=6, element_shape=x.shape[1:]).unstack(x)
        outs = tf.TensorArray(tf.float32, size=6)
        h0 = tf.zeros_like(x[0, :, :1]) + tf.zeros([5])

        def body(t, h, ta):
            h = tf.tanh(tf.matmul(tf.concat([xs.read(t), h], 1), w) + b)
            return t + 1, h, ta.write(t, h)
        _, h, ta = tf.while_loop(lambda t, *_: t < 6, body, [tf.constant(0), h0, outs])
        out = ta.stack()
        loss = tf.reduce_sum(out * out)
        train = v1.train.AdamOptimizer(0.01).minimize(loss)
        with tf.control_dependencies([train]):
            return _f(out, h)
    finally:
        v1.enable_control_flow_v2()


def _sampled(inp):
    # inp: [B, 4] -> sampled softmax and NCE losses over 20 classes, trained by SGD
    w = v1.get_variable("sw", [20, 4], use_resource=False)
    b = v1.get_variable("sb", [20], use_resource=False)
    labels = tf.zeros_like(tf.cast(inp[:, :1], tf.int64))
    l1 = tf.nn.sampled_softmax_loss(w, b, labels, inp, num_sampled=5, num_classes=20)
    l2 = tf.nn.nce_loss(w, b, labels, inp, num_sampled=5, num_classes=20)
    train = v1.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(l1) + tf.reduce_sum(l2))
    with tf.control_dependencies([train]):
        return _f(l1, l2)


def _samplers(t):
    # t: [B, 2] int64 true classes
    outs = []
    kw = dict(true_classes=t, num_true=2, num_sampled=4, unique=True, seed=1)
    outs += list(R.LogUniformCandidateSampler(range_max=10, **kw))
    outs += list(R.UniformCandidateSampler(range_max=10, **kw))
    outs += list(R.AllCandidateSampler(true_classes=t, num_true=2, num_sampled=4, unique=True))
    outs += list(R.FixedUnigramCandidateSampler(range_max=4, unigrams=[1.0, 2.0, 3.0, 4.0], **kw))
    outs += list(R.LearnedUnigramCandidateSampler(range_max=10, **kw))
    outs += list(R.ThreadUnsafeUnigramCandidateSampler(range_max=10, **kw))
    hits = R.ComputeAccidentalHits(true_classes=t, sampled_candidates=outs[0], num_true=2)
    return _f(*outs, *hits)


def _updates(x):
    # x: [B, 4]
    v = v1.get_variable("v", [5, 4], use_resource=False)
    rv = v1.get_variable("rv", [5, 4], use_resource=True)
    upd = tf.reduce_sum(x, 0, keepdims=True)
    outs = [R.ScatterNdMax(ref=v, indices=[[1]], updates=upd), R.ScatterNdMin(ref=v, indices=[[2]], updates=upd),
            R.ScatterNdNonAliasingAdd(input=c(5, 4), indices=[[3]], updates=upd)]
    rs = [R.ResourceScatterNdMax(ref=rv.handle, indices=[[1]], updates=upd), R.ResourceScatterNdMin(ref=rv.handle, indices=[[2]], updates=upd)]
    cnt = v1.get_variable("cnt", [], tf.int32, initializer=v1.zeros_initializer(), use_resource=False)
    rcnt = v1.get_variable("rcnt", [], tf.int64, initializer=v1.zeros_initializer(), use_resource=True)
    outs += [v1.count_up_to(cnt, 10), R.ResourceCountUpTo(resource=rcnt.handle, limit=10, T=tf.int64)]
    seg = tf.constant([0, 0, 2, 3, 3])
    data = c(5, 4) + tf.reduce_sum(x)
    for name in ("SegmentSumV2", "SegmentMaxV2", "SegmentMinV2", "SegmentProdV2"):
        op = getattr(R, name, None)
        if op is not None:
            outs.append(op(data=data, segment_ids=seg, num_segments=5))
    outs += [R.InplaceAdd(x=c(5, 4), i=[1, 3], v=c(2, 4, seed=2) + tf.reduce_sum(x)),
             R.InplaceSub(x=c(5, 4), i=[0], v=c(1, 4, seed=3)), R.InplaceUpdate(x=c(5, 4), i=[2], v=c(1, 4, seed=4))]
    outs.append(tf.parallel_stack([c(4), c(4, seed=1), c(4, seed=2)]))
    outs += list(R.UniqueWithCountsV2(x=tf.constant([3, 1, 3, 2]), axis=tf.constant([0], tf.int64)))
    with tf.control_dependencies(rs):
        return _f(*outs)


# --- the v1/v2 TensorArray ops: hand-built NodeDefs of an old producer version ------------------

def _node(gd, name, op, inputs=(), **attrs):
    nd = gd.node.add(name=name, op=op)
    nd.input.extend(inputs)
    for k, v in attrs.items():
        a = nd.attr[k]
        if isinstance(v, tf.DType):
            a.type = v.as_datatype_enum
        elif isinstance(v, bool):
            a.b = v
        elif isinstance(v, int):
            a.i = v
        elif isinstance(v, float):
            a.f = v
        elif isinstance(v, (list, tuple)):
            a.shape.CopyFrom(tf.TensorShape(list(v)).as_proto())
        elif v is None:
            a.shape.unknown_rank = True
        elif isinstance(v, np.ndarray):
            a.tensor.CopyFrom(tf.make_tensor_proto(v))
        else:
            a.s = v.encode()
    return nd


def _tensor_arrays(version, B):
    """TensorArray{,V2} ops of a [B, 3] placeholder: write, read, gather, scatter, split, concat,
    pack/unpack (v1), size, grad, close; each value output cast and doubled. Producer 15: TF
    2.21 imports the v1 ops (deprecated at 16) and the v2 ones (26)."""
    def build():
        gd = tf.compat.v1.GraphDef()
        gd.versions.producer = 15
        sfx = "" if version == 1 else "V2"
        f32, i32 = tf.float32, tf.int32
        _node(gd, "x0", "Placeholder", dtype=f32, shape=[B, 3])
        _node(gd, "size", "Const", dtype=i32, value=np.array(4, np.int32))
        _node(gd, "idx", "Const", dtype=i32, value=np.array(1, np.int32))
        _node(gd, "idxs", "Const", dtype=i32, value=np.array([0, 1], np.int32))
        _node(gd, "lens", "Const", dtype=tf.int64, value=np.array([1, 1], np.int64))
        _node(gd, "flow", "Const", dtype=f32, value=np.array(0.0, np.float32))
        _node(gd, "two", "Const", dtype=f32, value=np.array(2.0, np.float32))
        ta = _node(gd, "ta", "TensorArray" + sfx, ["size"], dtype=f32, element_shape=[B, 3], tensor_array_name="")
        _ = ta
        _node(gd, "w", "TensorArrayWrite" + sfx, ["ta", "idx", "x0", "flow"], T=f32)
        _node(gd, "r", "TensorArrayRead" + sfx, ["ta", "idx", "w"], dtype=f32)
        _node(gd, "sc", "TensorArrayScatter" + sfx, ["ta", "idxs", "stk", "w"], T=f32)
        _node(gd, "stk", "Pack", ["x0", "x0"], T=f32, N=2, axis=0)
        _node(gd, "g", "TensorArrayGather" + sfx, ["ta", "idxs", "sc"], dtype=f32, element_shape=[B, 3])
        _node(gd, "sp", "TensorArraySplit" + sfx, ["ta", "cat2", "lens", "sc"], T=f32)
        _node(gd, "cat2", "ConcatV2", ["x0", "x0", "axis0"], T=f32, N=2, Tidx=i32)
        _node(gd, "axis0", "Const", dtype=i32, value=np.array(0, np.int32))
        _node(gd, "cc", "TensorArrayConcat" + sfx, ["ta", "sp"], dtype=f32, element_shape_except0=[3])
        _node(gd, "sz", "TensorArraySize" + sfx, ["ta", "sp"])
        _node(gd, "gr", "TensorArrayGrad" + sfx, ["ta", "sp"], source="gradients")
        _node(gd, "gw", "TensorArrayWrite" + sfx, ["gr", "idx", "x0", "flow"], T=f32)
        _node(gd, "gread", "TensorArrayRead" + sfx, ["gr", "idx", "gw"], dtype=f32)
        outs = ["r", "g", "cc", "cc:1", "sz", "gread"]
        if version == 1:
            _node(gd, "up", "TensorArrayUnpack", ["ta", "stk", "w"], T=f32)
            _node(gd, "pk", "TensorArrayPack", ["ta", "up"], dtype=f32, element_shape=[B, 3])
            outs.append("pk")
        _node(gd, "close", "TensorArrayClose" + sfx, ["ta", "^gread"])
        dts = {"cc:1": tf.int64, "sz": i32}
        for k, o in enumerate(outs):
            _node(gd, f"cast{k}", "Cast", [o], SrcT=dts.get(o, f32), DstT=f32, Truncate=False)
            _node(gd, f"mul{k}", "Mul", [f"cast{k}", "two"], T=f32)
        _node(gd, "done", "NoOp", ["^close"])
        return gd, None
    return build


def _ta_grad_shape(x):
    # TensorArrayGradWithShape on a V3 array of [B, 3] elements
    h, flow = R.TensorArrayV3(size=3, dtype=tf.float32, element_shape=x.shape, identical_element_shapes=True)
    flow = R.TensorArrayWriteV3(handle=h, index=0, value=x, flow_in=flow)
    gh, gflow = R.TensorArrayGradWithShape(handle=h, flow_in=flow, shape_to_prepend=tf.constant([2]), source="g")
    w = R.TensorArrayWriteV3(handle=gh, index=0, value=tf.stack([x, x]), flow_in=gflow)
    r = R.TensorArrayReadV3(handle=gh, index=0, flow_in=w, dtype=tf.float32)
    g = R.TensorArrayGatherV3(handle=gh, indices=[0], flow_in=w, dtype=tf.float32)
    return _f(r, g, R.TensorArrayReadV3(handle=h, index=0, flow_in=flow, dtype=tf.float32))


def _old_grads(B):
    """TileGrad (deprecated at GraphDef version 3) and BatchNormWithGlobalNormalization(Grad)
    (version 9): hand-built NodeDefs of producer 2."""
    def build():
        gd = tf.compat.v1.GraphDef()
        gd.versions.producer = 2
        f32, i32 = tf.float32, tf.int32
        _node(gd, "x0", "Placeholder", dtype=f32, shape=[B, 4, 4, 3])
        _node(gd, "v", "Const", dtype=f32, value=np.array([0.5, 1.0, 2.0], np.float32))
        _node(gd, "two", "Const", dtype=f32, value=np.array(2.0, np.float32))
        _node(gd, "mult", "Const", dtype=i32, value=np.array([1, 2, 1, 3], np.int32))
        _node(gd, "tile", "Tile", ["x0", "mult"], T=f32, Tmultiples=i32)
        _node(gd, "tg", "TileGrad", ["tile", "mult"], T=f32)
        _node(gd, "bn", "BatchNormWithGlobalNormalization", ["x0", "v", "v", "v", "v"], T=f32, variance_epsilon=0.001, scale_after_normalization=True)
        _node(gd, "bg", "BatchNormWithGlobalNormalizationGrad", ["x0", "v", "v", "v", "bn"], T=f32, variance_epsilon=0.001, scale_after_normalization=True)
        for k, o in enumerate(["tg", "bn", "bg", "bg:1", "bg:2", "bg:3", "bg:4"]):
            _node(gd, f"mul{k}", "Mul", [o, "two"], T=f32)
        return gd, None
    return build


def _cases(B):
    return {
        "qat": graph(_qat, [B, 6]),
        "mirror_pad": graph(_mirror_pad, [B, 5, 6]),
        "raw_grads": graph(_raw_grads, [B, 4], [B, 3, 3]),
        "pool_grads": graph(_pool_grads, [B, 8, 8, 3]),
        "embedding": graph(_embedding, [B, 3]),
        "segment_grads": graph(_segment_grads, [B, 4]),
        "sparse_grads": graph(_sparse_grads, [5]),
        "rnn_grads": graph(_rnn_grads, [B, 5], [B, 3]),
        "block_lstm_grads": graph(_block_lstm_grads, [6, B, 5], [B, 3]),
        "dynamic_rnn": graph(_dynamic_rnn, [6, B, 4]),
        "sampled": graph(_sampled, [B, 4]),
        "samplers": graph(_samplers, [B, 2], dtypes={0: tf.int64}),
        "updates": graph(_updates, [B, 4]),
        "ta_v1": _tensor_arrays(1, B),
        "ta_v2": _tensor_arrays(2, B),
        "ta_grad_shape": graph(_ta_grad_shape, [B, 3]),
        "old_grads": _old_grads(B),
    }


def cases():
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r5t_{k}_{bname}", v))
            out.append((f"r5t_{k}_{bname}_shapes", _add_shapes(v)))
    return out
