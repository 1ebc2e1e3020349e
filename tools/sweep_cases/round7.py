# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 7 of the sweep: TF1 input queues, readers, summaries, staging areas, barriers, gradient
accumulators, the sparse-tensors map, TensorMap and Send/Recv. TF1 graph mode; what comes out of
a container is fed to a Mul (through a cast or a string length) so that a wrong shape shows in the
counts as well as in the shape comparison. The training graph is a CIFAR-10-style one: a
TFRecordReader, tf.Example parsing, shuffle_batch, a small conv net, summaries, GradientDescent."""

import numpy as np
import tensorflow as tf

from .raw import _add_shapes, graph
from .round6 import _f

R = tf.raw_ops
v1 = tf.compat.v1
i64 = tf.int64


def _cifar(B):
    def build():
        g = tf.Graph()
        with g.as_default():
            files = v1.train.string_input_producer(["/tmp/macc_sweep7_unused.tfrecord"])
            _, ser = v1.TFRecordReader().read(files)
            feats = v1.parse_single_example(ser, {"image": tf.io.FixedLenFeature([8 * 8 * 3], tf.float32), "label": tf.io.FixedLenFeature([], i64)})
            img = tf.reshape(feats["image"], [8, 8, 3])
            images, labels = v1.train.shuffle_batch([img, feats["label"]], batch_size=B or 4, capacity=50, min_after_dequeue=10)
            x = tf.reshape(images, [B or -1, 8, 8, 3])
            y = tf.reshape(labels, [-1])
            w = v1.get_variable("w", [3, 3, 3, 4])
            d = v1.get_variable("d", [4 * 4 * 4, 10])
            h = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME")), 2, 2, "SAME")
            logits = tf.matmul(tf.reshape(h, [-1, 4 * 4 * 4]), d)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            v1.summary.scalar("loss", loss)
            v1.summary.histogram("logits", logits)
            v1.summary.image("images", x)
            merged = v1.summary.merge_all()
            v1.train.GradientDescentOptimizer(0.1).minimize(loss)
            _f(merged)
        return g.as_graph_def(), None
    return build


def _queues(x):
    # x: [B, 3]
    q = v1.FIFOQueue(10, [tf.float32, tf.int32], shapes=[[3], []])
    e = q.enqueue_many([x, tf.zeros([tf.shape(x)[0]], tf.int32)])
    d = q.dequeue_many(4)
    d1 = q.dequeue()
    u = q.dequeue_up_to(2)
    p = v1.PaddingFIFOQueue(10, [tf.float32], shapes=[[None, 3]])
    pe = p.enqueue([x])
    pd = p.dequeue_many(2)
    r = v1.RandomShuffleQueue(10, 2, [tf.float32])
    re = r.enqueue([x])
    rd = r.dequeue()
    pq = v1.PriorityQueue(10, [tf.float32], shapes=[[3]])
    pqe = pq.enqueue([tf.constant(1, i64), x[0]])
    pqd = pq.dequeue()
    v = R.FIFOQueue(component_types=[tf.float32], shapes=[[3]])
    ve = R.QueueEnqueue(handle=v, components=[x[0]])
    vd = R.QueueDequeueMany(handle=v, n=3, component_types=[tf.float32])
    with tf.control_dependencies([e, pe, re, pqe, ve]):
        cl = q.close()
    return _f(*d, *d1, *u, pd, rd, *pqd, *vd, q.size(), q.is_closed(), r.size(), R.QueueSize(handle=v), R.QueueIsClosed(handle=v)) + [cl]


def _readers(x):
    # x: [B] string (file names)
    q = v1.FIFOQueue(10, [tf.string], shapes=[[]])
    q.enqueue_many([x])
    out = []
    for rd in (v1.TFRecordReader(), v1.TextLineReader(), v1.FixedLengthRecordReader(4), v1.WholeFileReader(), v1.IdentityReader()):
        k, val = rd.read(q)
        ks, vs = rd.read_up_to(q, 3)
        out += [k, val, ks, vs, rd.num_records_produced(), rd.num_work_units_completed(), rd.serialize_state()]
    rr = v1.TFRecordReader()
    rs = rr.restore_state(rr.serialize_state())
    rz = rr.reset()
    lm = R.LMDBReader()
    old = R.FIFOQueue(component_types=[tf.string])
    k1, v1_ = R.ReaderRead(reader_handle=lm, queue_handle=old)
    ku, vu = R.ReaderReadUpTo(reader_handle=lm, queue_handle=old, num_records=tf.constant(2, i64))
    out += [k1, v1_, ku, vu, R.ReaderNumRecordsProduced(reader_handle=lm), R.ReaderSerializeState(reader_handle=lm)]
    with tf.control_dependencies([rs, rz, R.ReaderReset(reader_handle=lm)]):
        out.append(tf.identity(x))
    return _f(*out)


def _summaries(x, img):
    # x: [B, 3], img: [B, 8, 8, 3]
    s = [v1.summary.scalar("s", tf.reduce_sum(x)), v1.summary.histogram("h", x), v1.summary.image("i", img), v1.summary.audio("a", x, 8000), v1.summary.tensor_summary("t", x)]
    s.append(R.TensorSummary(tensor=x))
    m = v1.summary.merge(s)
    w = R.SummaryWriter()
    cw = R.CreateSummaryFileWriter(writer=w, logdir="/tmp/macc_sweep7_unused", max_queue=10, flush_millis=100, filename_suffix="")
    step = tf.constant(1, i64)
    with tf.control_dependencies([cw]):
        ws = [R.WriteScalarSummary(writer=w, step=step, tag="s", value=tf.reduce_sum(x)),
              R.WriteHistogramSummary(writer=w, step=step, tag="h", values=x),
              R.WriteImageSummary(writer=w, step=step, tag="i", tensor=img, bad_color=tf.constant([255, 0, 0, 255], tf.uint8)),
              R.WriteAudioSummary(writer=w, step=step, tag="a", tensor=x, sample_rate=8000.0),
              R.WriteSummary(writer=w, step=step, tensor=x, tag="t", summary_metadata=""),
              R.WriteRawProtoSummary(writer=w, step=step, tensor=m),
              R.WriteGraphSummary(writer=w, step=step, tensor=tf.constant(""))]
    with tf.control_dependencies(ws):
        fl = R.FlushSummaryWriter(writer=w)
    with tf.control_dependencies([fl]):
        cl = R.CloseSummaryWriter(writer=w)
    with tf.control_dependencies([cl]):
        m = tf.identity(m)
    return _f(m, *s)


def _staging(x):
    # x: [B, 3]
    from tensorflow.python.ops import data_flow_ops as dfo
    a = dfo.StagingArea([tf.float32, tf.int32], shapes=[[None, 3], []])
    put = a.put([x, tf.constant(1)])
    got = a.get()
    pk = a.peek(0)
    m = dfo.MapStagingArea([tf.float32], shapes=[[None, 3]])
    mput = m.put(tf.constant(3, i64), [x], indices=[0])
    mk, mv = m.get()
    mg = m.get(tf.constant(3, i64))
    mp = m.peek(tf.constant(3, i64))
    o = dfo.MapStagingArea([tf.float32], ordered=True)
    oput = o.put(tf.constant(4, i64), [x], indices=[0])
    ok, ov = o.get()
    op_ = o.peek(tf.constant(4, i64))
    with tf.control_dependencies([put, mput, oput, a.clear(), m.clear(), o.clear()]):
        sizes = [a.size(), m.size(), m.incomplete_size(), o.size(), o.incomplete_size()]
    return _f(*got, *pk, mk, *mv, *mg, *mp, ok, *ov, *op_, *sizes)


def _accum(x, i):
    # x: [B, 3], i: [B] int64 (sparse rows)
    acc = v1.ConditionalAccumulator(tf.float32, shape=[None, 3])
    ap = acc.apply_grad(x, local_step=0)
    with tf.control_dependencies([ap, acc.set_global_step(1)]):
        avg = acc.take_grad(1)
    sa = v1.SparseConditionalAccumulator(tf.float32, shape=[None, 3])
    sap = sa.apply_grad(i, x, local_step=0)
    with tf.control_dependencies([sap]):
        st = sa.take_grad(1)
    ra = R.ResourceConditionalAccumulator(dtype=tf.float32, shape=[3])
    rap = R.ResourceAccumulatorApplyGradient(handle=ra, local_step=tf.constant(0, i64), gradient=x[0])
    rsg = R.ResourceAccumulatorSetGlobalStep(handle=ra, new_global_step=tf.constant(1, i64))
    with tf.control_dependencies([rap, rsg]):
        rt = R.ResourceAccumulatorTakeGradient(handle=ra, num_required=1, dtype=tf.float32)
    b = R.Barrier(component_types=[tf.float32], shapes=[[3]])
    keys = tf.as_string(tf.range(tf.shape(x)[0]))
    bi = R.BarrierInsertMany(handle=b, keys=keys, values=x, component_index=0)
    with tf.control_dependencies([bi]):
        bt = R.BarrierTakeMany(handle=b, num_elements=1, component_types=[tf.float32])
        sizes = [acc.num_accumulated(), sa.num_accumulated(), R.ResourceAccumulatorNumAccumulated(handle=ra), R.BarrierReadySize(handle=b), R.BarrierIncompleteSize(handle=b)]
    with tf.control_dependencies([R.BarrierClose(handle=b)]):
        avg = tf.identity(avg)
    return _f(avg, *st, rt, *bt, *sizes)


def _maps(x, i):
    # x: [B, 3], i: [B, 2] int64 (dense ints to sparse)
    m = R.EmptyTensorMap()
    k = tf.constant(1)
    m1 = R.TensorMapInsert(input_handle=m, key=k, value=x)
    lk = R.TensorMapLookup(input_handle=m1, key=k, value_dtype=tf.float32)
    m2 = R.TensorMapErase(input_handle=m1, key=k, value_dtype=tf.float32)
    hk = R.TensorMapHasKey(input_handle=m1, key=k)
    sz = R.TensorMapSize(input_handle=m2)
    sk = R.TensorMapStackKeys(input_handle=m1, key_dtype=tf.int32)
    sp = tf.sparse.from_dense(i)
    h1 = R.AddSparseToTensorsMap(sparse_indices=sp.indices, sparse_values=sp.values, sparse_shape=sp.dense_shape, shared_name="m7")
    hm = R.AddManySparseToTensorsMap(sparse_indices=sp.indices, sparse_values=sp.values, sparse_shape=sp.dense_shape, shared_name="m7")
    tk = R.TakeManySparseFromTensorsMap(sparse_handles=hm, dtype=i64, shared_name="m7")
    return _f(lk, hk, sz, sk, h1, hm, *tk)


def _sendrecv(x):
    # x: [B, 3]
    dev = "/job:localhost/replica:0/task:0/device:CPU:0"
    s = R.Send(tensor=x, tensor_name="t7", send_device=dev, send_device_incarnation=1, recv_device=dev)
    with tf.control_dependencies([s]):
        r = R.Recv(tensor_type=tf.float32, tensor_name="t7", send_device=dev, send_device_incarnation=1, recv_device=dev)
    return _f(r)


def _v1ops(x):
    # x: [B, 3]; the ref-handle forms tf.compat.v1 no longer builds
    q = R.FIFOQueue(component_types=[tf.float32])
    e = R.QueueEnqueueMany(handle=q, components=[x])
    u = R.QueueDequeueUpTo(handle=q, n=2, component_types=[tf.float32])
    fq = R.FakeQueue(resource=R.FIFOQueueV2(component_types=[tf.float32]))
    ps = [R.PaddingFIFOQueue(component_types=[tf.float32]), R.RandomShuffleQueue(component_types=[tf.float32]), R.PriorityQueue(component_types=[tf.float32], shapes=[])]
    acc = R.ConditionalAccumulator(dtype=tf.float32, shape=[3])
    ap = R.AccumulatorApplyGradient(handle=acc, local_step=tf.constant(0, i64), gradient=x[0])
    gs = R.AccumulatorSetGlobalStep(handle=acc, new_global_step=tf.constant(1, i64))
    with tf.control_dependencies([e, ap, gs]):
        t = R.AccumulatorTakeGradient(handle=acc, num_required=1, dtype=tf.float32)
        n = R.AccumulatorNumAccumulated(handle=acc)
    rd = R.LMDBReader()
    rs = R.ReaderRestoreState(reader_handle=rd, state=R.ReaderSerializeState(reader_handle=rd))
    with tf.control_dependencies([rs, R.QueueClose(handle=q), R.ReaderReset(reader_handle=rd)]):
        c = R.QueueIsClosed(handle=q)
    return _f(*u, t, n, c, R.ReaderNumWorkUnitsCompleted(reader_handle=rd), *[R.QueueSize(handle=h) for h in ps + [fq]])


def _cases(B):
    return {
        "queues": graph(_queues, [B, 3]),
        "readers": graph(_readers, [B], dtypes={0: tf.string}),
        "summaries": graph(_summaries, [B, 3], [B, 8, 8, 3]),
        "staging": graph(_staging, [B, 3]),
        "accum": graph(_accum, [B, 3], [B], dtypes={1: i64}),
        "maps": graph(_maps, [B, 3], [B, 2], dtypes={1: i64}),
        "sendrecv": graph(_sendrecv, [B, 3]),
        "v1ops": graph(_v1ops, [B, 3]),
        "cifar": _cifar(B),
    }


def cases():
    np.random.seed(0)
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r7_{k}_{bname}", v))
            out.append((f"r7_{k}_{bname}_shapes", _add_shapes(v)))
    return out
