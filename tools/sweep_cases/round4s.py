# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 4s of the sweep: sparse ops (embedding lookups, wide models, the tf.sparse family), the
input pipeline of TF1 Estimator graphs (tf.data, iterators, parsing) and string/ragged ops of text
models. TF1 graph mode, known and unknown batch; each output is fed to a Mul (``_f``) so that a
wrong shape shows in the counts as well as in the shape comparison."""

import numpy as np
import tensorflow as tf

from .raw import _add_shapes, c, graph

v1 = tf.compat.v1
R = tf.raw_ops


def _f(*ts):
    """Every tensor times 2 (as float): TF counts the Mul by its output's shape."""
    return [tf.cast(t, tf.float32) * 2.0 for t in ts]


def _st(values=(1.0, 2.0, 3.0, 4.0)):
    """A constant 2-D SparseTensor [3, 4] (nnz 4, canonical order)."""
    return tf.sparse.SparseTensor([[0, 0], [1, 2], [1, 3], [2, 1]], list(values), [3, 4])


def _dense_model(x, n_in, n_out=3, seed=0):
    w, b = tf.Variable(c(n_in, n_out, seed=seed)), tf.Variable(c(n_out, seed=seed + 1))
    return tf.nn.relu(tf.matmul(x, w) + b)


# --- sparse ----------------------------------------------------------------------------------

def _segments(x):
    # x: [N, 4] (the embedding table); constant indices and segment ids
    idx = tf.constant([0, 2, 3, 1], tf.int32)
    seg = tf.constant([0, 0, 1, 3], tf.int32)
    n = tf.constant(5, tf.int32)
    return _f(R.SparseSegmentSum(data=x, indices=idx, segment_ids=seg),
              R.SparseSegmentMean(data=x, indices=idx, segment_ids=seg),
              R.SparseSegmentSqrtN(data=x, indices=idx, segment_ids=seg),
              R.SparseSegmentSumWithNumSegments(data=x, indices=idx, segment_ids=seg, num_segments=n),
              R.SparseSegmentMeanWithNumSegments(data=x, indices=idx, segment_ids=seg, num_segments=n),
              R.SparseSegmentSqrtNWithNumSegments(data=x, indices=idx, segment_ids=seg, num_segments=tf.shape(x)[0]))


def _embedding_sparse(B):
    def fn(ids):
        # ids: a sparse placeholder [B, 5] of int64 ids into a [20, 4] table
        table = tf.Variable(c(20, 4))
        sp = v1.sparse_placeholder(tf.int64, [B, 5], name="sp_ids")
        outs = [tf.nn.embedding_lookup_sparse(table, sp, None, combiner=comb) for comb in ("sum", "mean", "sqrtn")]
        w = v1.sparse_placeholder(tf.float32, [B, 5], name="sp_w")
        outs.append(tf.nn.embedding_lookup_sparse(table, sp, w, combiner="mean"))
        outs.append(tf.nn.safe_embedding_lookup_sparse(table, sp, combiner="sqrtn"))
        known = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([3, 7, 7], tf.int64), [3, 2])
        outs.append(tf.tile(tf.nn.embedding_lookup_sparse(table, known, None, combiner="sqrtn"), [2 if B else 1, 1])[: tf.shape(ids)[0]])
        h = _dense_model(tf.concat(outs, 1), 24)
        return _f(*outs, h, ids)
    return fn


def _wide(B):
    def fn(x):
        # x: dense [B, 3]; a sparse [B, 50] one-hot feature times W [50, 3] (a wide model's logits)
        sp = v1.sparse_placeholder(tf.float32, [B, 50], name="sp")
        w = tf.Variable(c(50, 3))
        logits = tf.sparse.sparse_dense_matmul(sp, w) + _dense_model(x, 3)
        k = tf.sparse.sparse_dense_matmul(_st(), c(4, 6))  # nnz 4 known: counted
        kt = tf.sparse.sparse_dense_matmul(_st(), c(6, 3), adjoint_a=True, adjoint_b=True)
        return _f(logits, tf.nn.softmax(logits), k, kt)
    return fn


def _sparse_misc(x):
    # x: [B, 4] dense; a constant SparseTensor [3, 4] and one made from x
    st = _st()
    sx = tf.sparse.from_dense(x)
    d = c(3, 4)
    outs = [tf.sparse.reorder(st).values, tf.sparse.reorder(sx).indices]
    r = tf.sparse.reshape(st, [4, 3])
    r2 = tf.sparse.reshape(sx, [-1, 2])
    outs += [r.indices, r.dense_shape, r2.indices, r2.dense_shape]
    s = tf.sparse.slice(st, [0, 1], [2, 3])
    s2 = tf.sparse.slice(sx, [0, 0], [1, 2])
    outs += [s.indices, s.values, s.dense_shape, s2.indices, s2.dense_shape]
    cc = tf.sparse.concat(1, [st, st])
    c2 = tf.sparse.concat(0, [sx, sx])
    outs += [cc.indices, cc.values, cc.dense_shape, c2.indices, c2.dense_shape]
    a = tf.sparse.add(st, st)
    outs += [a.indices, a.values, a.dense_shape, tf.sparse.add(st, d), tf.sparse.add(sx, x)]
    outs += [tf.sparse.softmax(st).values, tf.sparse.softmax(sx).values]
    outs += [tf.sparse.reduce_sum(st, axis=1), tf.sparse.reduce_sum(st, axis=-1, keepdims=True), tf.sparse.reduce_sum(st),
             tf.sparse.reduce_sum(sx, axis=1), tf.sparse.reduce_max(st, axis=0)]
    rs = tf.sparse.reduce_sum(st, axis=1, output_is_sparse=True)
    outs += [rs.indices, rs.values, rs.dense_shape]
    outs += [(st * d).values, (st / d).values, (sx * x).values, (st * c(4)).values]
    outs.append(R.SparseDenseCwiseAdd(sp_indices=st.indices, sp_values=st.values, sp_shape=st.dense_shape, dense=d))
    outs += [tf.sparse.to_dense(st), tf.sparse.to_dense(sx)]
    f, ind = tf.sparse.fill_empty_rows(st, 0.0)
    f2, ind2 = tf.sparse.fill_empty_rows(sx, 0.0)
    outs += [f.indices, f.values, ind, f2.indices, ind2]
    outs += [tf.io.serialize_sparse(st), tf.io.serialize_many_sparse(st), tf.sparse.maximum(st, st).values]
    return _f(*outs)


# --- input pipeline --------------------------------------------------------------------------

def _dataset(B):
    feats = np.random.RandomState(0).rand(64, 4).astype(np.float32)
    labels = np.random.RandomState(1).rand(64, 1).astype(np.float32)
    ds = tf.data.Dataset.from_tensor_slices((feats, labels)).repeat().shuffle(16, seed=1)
    ds = ds.batch(B or 8, drop_remainder=B is not None)
    return ds.map(lambda f, l: (f * 2.0, l)).prefetch(1)


def _estimator(B, init):
    def build():
        g = tf.Graph()
        with g.as_default():
            ds = _dataset(B)
            it = v1.data.make_initializable_iterator(ds) if init else v1.data.make_one_shot_iterator(ds)
            x, y = it.get_next()
            pred = tf.matmul(_dense_model(x, 4, 8), tf.Variable(c(8, 1, seed=3)))
            loss = tf.reduce_mean(tf.square(pred - y))
            v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        return g.as_graph_def(), None
    return build


def _iterators(B):
    def build():
        g = tf.Graph()
        with g.as_default():
            ds = tf.data.Dataset.from_tensors(np.ones((3, 4), np.float32)).repeat(2)
            it = v1.data.Iterator.from_structure(tf.float32, tf.TensorShape([B, 4]))
            init = it.make_initializer(ds.unbatch().batch(B or 2, drop_remainder=B is not None))
            with tf.control_dependencies([init]):
                x = it.get_next()
            old = R.Iterator(shared_name="old", container="", output_types=[tf.float32, tf.int32], output_shapes=[[B, 4], []])
            a, n = R.IteratorGetNext(iterator=old, output_types=[tf.float32, tf.int32], output_shapes=[[B, 4], []])
            opt = it.get_next_as_optional()
            o = R.OptionalFromValue(components=[x, n])
            got = R.OptionalGetValue(optional=o, output_types=[tf.float32, tf.int32], output_shapes=[[B, 4], []])
            _f(x, a, n, opt.has_value(), opt.get_value(), got[0], got[1], R.OptionalHasValue(optional=o),
               R.IteratorToStringHandle(resource_handle=old))
        return g.as_graph_def(), None
    return build


def _parse(B, v1_op):
    def fn(s):
        # s: serialized tf.Examples [B]: two dense features, a sparse one, a ragged-free front end
        spec = {"age": tf.io.FixedLenFeature([1], tf.float32, default_value=[0.0]),
                "emb": tf.io.FixedLenFeature([2, 3], tf.float32, default_value=np.zeros((2, 3), np.float32)),
                "ids": tf.io.VarLenFeature(tf.int64),
                "w": tf.io.VarLenFeature(tf.float32)}
        if v1_op:
            keys = ["ids", "w"]
            dkeys = ["age", "emb"]
            out = R.ParseExample(serialized=s, names=tf.constant([], tf.string), sparse_keys=keys, dense_keys=dkeys,
                                 dense_defaults=[tf.constant([0.0]), tf.zeros([2, 3])], sparse_types=[tf.int64, tf.float32],
                                 dense_shapes=[[1], [2, 3]])
            age, emb = out.dense_values
            return _f(*out.sparse_indices, *out.sparse_values, *out.sparse_shapes, age, emb, _dense_model(tf.concat([age, tf.reshape(emb, [-1, 6])], 1), 7))
        p = tf.io.parse_example(s, dict(spec, tags=tf.io.RaggedFeature(tf.string)))
        h = _dense_model(tf.concat([p["age"], tf.reshape(p["emb"], [-1, 6])], 1), 7)
        table = tf.Variable(c(30, 2))
        e = tf.nn.embedding_lookup_sparse(table, p["ids"], None, combiner="mean")
        one = tf.io.parse_single_example(s[0], spec)
        raw1 = R.ParseSingleExample(serialized=s[0], dense_defaults=[tf.constant([0.0])], num_sparse=1, sparse_keys=["ids"],
                                    dense_keys=["age"], sparse_types=[tf.int64], dense_shapes=[[1]])
        return _f(h, e, p["ids"].indices, p["ids"].dense_shape, one["emb"], one["ids"].values, *raw1,
                  tf.strings.length(p["tags"].flat_values), p["tags"].row_splits)
    return fn


def _decode(s):
    # s: string [B]
    r = tf.io.decode_raw(s, tf.float32)
    r2 = tf.io.decode_raw(tf.reshape(s, [-1, 1]), tf.uint8, fixed_length=8)
    cols = tf.io.decode_csv(s, record_defaults=[[0.0], [0], tf.constant([], tf.float32), [""]])
    return _f(r, r2, *cols[:3], tf.strings.length(cols[3]))


# --- strings and ragged ----------------------------------------------------------------------

def _text(B):
    def fn(s):
        # s: sentences [B]; split -> dense tokens -> hashed ids -> embedding -> mean -> dense model
        tok = tf.strings.split(s)
        dense = tok.to_tensor(default_value="")
        ids = tf.strings.to_hash_bucket_fast(dense, 50)
        init = tf.lookup.KeyValueTensorInitializer(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64))
        looked = tf.lookup.StaticHashTable(init, 0).lookup(dense)
        emb = tf.nn.embedding_lookup(tf.Variable(c(50, 4)), ids)
        h = _dense_model(tf.reduce_mean(emb, 1), 4)
        old = v1.string_split(s, " ")
        padded = tok.to_tensor(default_value="", shape=[B, 6])
        return _f(tok.flat_values == "a", tok.row_splits, ids, looked, h, old.indices, old.dense_shape,
                  tf.strings.length(padded))
    return fn


def _strings_more(s):
    # s: string [B]
    sub = tf.strings.substr(s, 0, 3)
    sub2 = tf.strings.substr(tf.reshape(s, [-1, 1]), [[0]], [[2]])
    tok = tf.strings.split(s)
    ng = tf.strings.ngrams(tok, 2)
    ng2 = tf.strings.ngrams(tok, [1, 3], pad_values=("<", ">"))
    cp = tf.strings.unicode_decode(s, "UTF-8")
    cp2, off = tf.strings.unicode_decode_with_offsets(s, "UTF-8")
    g = tf.gather(tok, [0, 0])
    rr = tf.ragged.range(tf.constant([0, 2]), tf.constant([3, 5]))
    rr2 = tf.ragged.range(tf.strings.length(s))
    return _f(tf.strings.length(sub), tf.strings.length(sub2), tf.strings.length(ng.flat_values), ng.row_splits,
              tf.strings.length(ng2.flat_values), cp.flat_values, cp.to_tensor(), cp2.flat_values, off.flat_values,
              tf.strings.length(g.flat_values), g.row_splits, rr.flat_values, rr.to_tensor(), rr2.row_splits, rr2.to_tensor())


def _ragged_variant(x):
    # x: [B, 3]: a ragged tensor encoded to a variant and back
    rt = tf.RaggedTensor.from_tensor(x)
    v = R.RaggedTensorToVariant(rt_nested_splits=[rt.row_splits], rt_dense_values=rt.flat_values, batched_input=True)
    v0 = R.RaggedTensorToVariant(rt_nested_splits=[rt.row_splits], rt_dense_values=rt.flat_values, batched_input=False)
    back = R.RaggedTensorFromVariant(encoded_ragged=v, input_ragged_rank=0, output_ragged_rank=1, Tvalues=tf.float32, Tsplits=tf.int64)
    back0 = R.RaggedTensorFromVariant(encoded_ragged=v0, input_ragged_rank=-1, output_ragged_rank=1, Tvalues=tf.float32, Tsplits=tf.int64)
    ts = R.RaggedTensorToSparse(rt_nested_splits=[rt.row_splits], rt_dense_values=rt.flat_values)
    return _f(v, v0, *back[0], back[1], *back0[0], back0[1], *ts)


def _datasets_more(x):
    # dataset kernels beyond the common ones: experimental transformations, reduce, and a
    # one-shot iterator whose element feeds the model; x: [B, 4]
    ds = tf.data.Dataset.range(12).apply(tf.data.experimental.ignore_errors()).unique()
    ds = ds.map(lambda i: tf.cast(tf.fill([4], i), tf.float32)).batch(2, drop_remainder=True)
    total = tf.data.Dataset.range(5).reduce(np.int64(0), lambda a, b: a + b)
    el = tf.compat.v1.data.make_one_shot_iterator(ds).get_next()
    return _f(tf.matmul(x, tf.transpose(el)), total)


def _cases(B):
    return {
        "segments": graph(_segments, [6, 4]),
        "segments_n": graph(_segments, [None, 4]),
        "embedding_sparse": graph(_embedding_sparse(B), [B, 2]),
        "wide": graph(_wide(B), [B, 3]),
        "sparse_misc": graph(_sparse_misc, [3, 4] if B else [None, 4]),
        "estimator_oneshot": _estimator(B, False),
        "estimator_init": _estimator(B, True),
        "iterators": _iterators(B),
        "parse_example": graph(_parse(B, False), [B], dtypes={0: tf.string}),
        "parse_example_v1": graph(_parse(B, True), [B], dtypes={0: tf.string}),
        "decode": graph(_decode, [B], dtypes={0: tf.string}),
        "text": graph(_text(B), [B], dtypes={0: tf.string}),
        "strings_more": graph(_strings_more, [B], dtypes={0: tf.string}),
        "ragged_variant": graph(_ragged_variant, [B, 3]),
        "datasets_more": graph(_datasets_more, [B, 4]),
    }


def cases():
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for k, v in _cases(B).items():
            out.append((f"r4s_{k}_{bname}", v))
            out.append((f"r4s_{k}_{bname}_shapes", _add_shapes(v)))
    return out
