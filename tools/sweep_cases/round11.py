"""Round 11 of the sweep: values TF's import evaluates (eval_const_tensor: any stateless op with a
CPU kernel whose inputs are constants) on shape vectors, found by a reviewer. Each graph is built
with unknown dims and profiled with the placeholders fixed (``inputs``): TF then folds the shape
arithmetic, and every pattern sizes a Fill whose Mul counts only when the value folded.

- ``r11_split``: Split and SplitV of Shape(x) (the tf.signal.frame pattern: SplitV with a -1);
- ``r11_frame``: tf.signal.frame and tf.signal.stft of a signal of unknown length;
- ``r11_ops``: Cumsum/Cumprod (exclusive, reverse), GatherNd, TopKV2, tf.sort (TopKV2 of the
  negation), TensorScatterUpdate/Add, UnsortedSegmentSum/Max, MatMul (transposed, tf.eye:
  MatrixDiagV3), Bitcast, OneHot -> Sum, Pad/MirrorPad, Where, integer Mean.
"""

import tensorflow as tf

v1 = tf.compat.v1
i32 = tf.int32


def _sized(pats):
    """Each pattern (an int32 shape vector) sizes a Fill, multiplied by 2 (``<name>/m``)."""
    for name, shp in pats.items():
        with tf.name_scope(name):
            tf.multiply(tf.fill(shp, 1.0, name="fill"), 2.0, name="m")


def _split():
    x = v1.placeholder(tf.float32, [None, None], name="x")
    s = tf.shape(x)
    a, b = tf.split(s, [1, -1], name="splitv")  # SplitV, the -1 resolved
    c, d = tf.split(s, 2, name="split")  # Split: axis input first
    _sized({"splitv": tf.concat([a, b], 0), "split": tf.concat([c, d * 2], 0)})
    tf.multiply(tf.strided_slice(x, [0, 0], tf.concat([a, (b // 8) * 8], 0)), 3.0, name="sl")


def _frame():
    w = v1.placeholder(tf.float32, [None, None], name="wav")
    fr = tf.signal.frame(w, 64, 32)
    tf.multiply(fr, 2.0, name="framed")
    spec = tf.signal.stft(w, 64, 32, fft_length=64)
    tf.abs(spec, name="mag")


def _ops():
    x = v1.placeholder(tf.float32, [None, None, None, 3], name="x")
    s = tf.shape(x)
    h, w = s[1], s[2]
    hw = s[1:3]
    pair = tf.stack([h, 2])
    eye = tf.eye(2, dtype=i32)
    pats = {
        "cumsum": tf.cumsum(pair),
        "cumsum_ex_rev": tf.cumsum(tf.stack([h, 2, 3]), exclusive=True, reverse=True)[:2],
        "cumprod": tf.math.cumprod(pair),
        "cumprod_ex": tf.math.cumprod(tf.stack([2, h]), exclusive=True),
        "gather_nd": tf.gather_nd(s, [[1], [2]]),
        "gather_nd_2d": tf.gather_nd(tf.reshape(s, [2, 2]), [[0, 1], [1, 0]]),
        "top_k": tf.math.top_k(hw, 2).values,
        "top_k_idx": tf.math.top_k(tf.stack([w, h, w]), 3).indices + hw[0] // 8,
        "sort": tf.sort(hw),
        "sort_desc": tf.sort(tf.stack([w, h]), direction="DESCENDING"),
        "scatter": tf.tensor_scatter_nd_update(hw, [[0]], [16]),
        "scatter_add": tf.tensor_scatter_nd_add(hw, [[1], [1]], [3, 4]),
        "seg": tf.math.unsorted_segment_sum(hw, [0, 1], 2),
        "seg_max": tf.maximum(tf.math.unsorted_segment_max(tf.stack([h, w, 5]), [1, 1, 0], 3), 7),
        "matmul": tf.squeeze(tf.matmul(tf.expand_dims(hw, 0), eye), 0),
        "matmul_t": tf.reshape(tf.matmul(tf.reshape(hw, [2, 1]), tf.constant([[1, 2]]),
                                         transpose_a=True, transpose_b=True), [-1]),
        "matmul_f": tf.cast(tf.squeeze(tf.matmul(tf.cast(tf.expand_dims(hw, 0), tf.float32),
                                                 tf.eye(2)), 0), i32),
        "bitcast": tf.bitcast(tf.bitcast(hw, tf.float32), i32),
        "bitcast_split": tf.cast(tf.reshape(tf.bitcast(hw, tf.int16), [-1])[::2], i32),
        "onehot": tf.reduce_sum(tf.one_hot(hw, 4, dtype=i32), 1) + 2,
        "pad": tf.pad(hw, [[1, 0]], constant_values=3),
        "mirror_pad": tf.pad(hw, [[0, 1]], mode="REFLECT"),
        "where": tf.cast(tf.reshape(tf.where(tf.greater(s, 3)), [-1]), i32)[:2] + hw,
        "mean": tf.stack([tf.reduce_mean(hw), 3]),
    }
    _sized(pats)


def _build(fn, inputs):
    def build():
        g = tf.Graph()
        with g.as_default():
            fn()
        return g.as_graph_def(), inputs
    return build


CASES = {
    "r11_split": _build(_split, {"x": [4, 100]}),
    "r11_frame": _build(_frame, {"wav": [2, 1000]}),
    "r11_ops": _build(_ops, {"x": [2, 64, 48, 3]}),
}


def cases():
    return list(CASES.items())
