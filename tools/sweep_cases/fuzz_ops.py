"""The op palette of the ``fuzz`` sweep group (tools/sweep_cases/fuzz.py).

Each palette entry is ``fn(r, pool) -> (input indices, apply) | None``: it draws every random
choice from ``r`` (a ``random.Random``) and the concrete shapes in ``pool`` (``pool.shape(i)``:
the static shape of tensor i in the fully shaped build), and returns ``apply(*tensors) -> list of
new tensors``, a pure function of its tensors (no random draws), applied to both builds.
"""

import math

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
F32 = tf.float32


def arr(r, shape, lo=-1.0, hi=1.0):
    """A float32 constant drawn from ``r`` (values matter little; shapes matter)."""
    rs = np.random.RandomState(r.randrange(2**31))
    return np.asarray(rs.rand(*shape) * (hi - lo) + lo, dtype=np.float32)


def neg_axis(r, axis, rank):
    return axis - rank if r.random() < 0.5 else axis


UNARY = [tf.nn.relu, tf.sigmoid, tf.tanh, tf.exp, tf.math.log, tf.sqrt, tf.math.rsqrt, tf.square,
         tf.negative, tf.math.reciprocal, tf.abs, tf.nn.softplus, tf.nn.elu, tf.nn.selu, tf.nn.gelu,
         tf.floor, tf.sign, tf.math.erf, tf.math.log1p, tf.nn.relu6, tf.nn.leaky_relu, tf.nn.softsign,
         tf.sin, tf.cos, tf.nn.silu, tf.math.expm1, tf.round, tf.math.ceil, tf.math.sigmoid]
BINARY = [tf.add, tf.subtract, tf.multiply, tf.math.truediv, tf.maximum, tf.minimum, tf.pow,
          tf.math.squared_difference, tf.math.floordiv, tf.math.floormod, tf.math.atan2,
          tf.math.divide_no_nan, tf.math.xdivy, lambda a, b: tf.cast(tf.greater(a, b), F32),
          lambda a, b: tf.cast(tf.less_equal(a, b), F32), lambda a, b: tf.cast(tf.equal(a, b), F32),
          lambda a, b: tf.cast(tf.not_equal(a, b), F32), lambda a, b: tf.add_n([a, b]) if
          a.shape == b.shape else a + b]


def bcast_shape(r, s):
    """A shape that broadcasts against ``s`` (fewer dims, ones, or an extra leading dim)."""
    k = r.random()
    if k < 0.2:
        return list(s)
    if k < 0.35:
        return []
    if k < 0.55:
        return list(s[r.randint(0, len(s)):])
    if k < 0.85:
        return [1 if r.random() < 0.5 else d for d in s]
    return [r.randint(1, 3)] + [1 if r.random() < 0.3 else d for d in s]


def unary(r, p):
    i, f = p.pick(r), r.choice(UNARY)
    return [i], lambda a: [f(a)]


def binary(r, p):
    i = p.pick(r)
    f = r.choice(BINARY)
    j = p.partner(r, i)
    if j is not None and r.random() < 0.5:
        return [i, j], (lambda a, b: [f(a, b)]) if r.random() < 0.5 else (lambda a, b: [f(b, a)])
    c = arr(r, bcast_shape(r, p.shape(i)), 0.1, 1.0)
    swap = r.random() < 0.3
    return [i], lambda a: [f(c, a) if swap else f(a, c)]


def matmul(r, p):
    i = p.pick(r, rank=(2, 5))
    s = p.shape(i)
    ta, tb = r.random() < 0.3, r.random() < 0.3
    n = r.randint(1, 6)
    if len(s) == 2:
        j = p.partner(r, i, want=lambda t: len(t) == 2 and t[0] == s[1])
        if j is not None and r.random() < 0.4:
            return [i, j], lambda a, b: [tf.matmul(a, b)]
        w = arr(r, [s[1], n])
        if ta:  # transposed operands, transposed back by the op
            return [i], lambda a: [tf.matmul(tf.transpose(a), w.T.copy() if tb else w,
                                             transpose_a=True, transpose_b=tb)]
        return [i], lambda a: [tf.matmul(a, w.T.copy() if tb else w, transpose_b=tb)]
    batch = [1 if r.random() < 0.3 else d for d in s[:-2]][r.randint(0, len(s) - 2):]
    adj_a, adj_b = r.random() < 0.3, r.random() < 0.3
    w = arr(r, batch + ([n, s[-1]] if adj_b else [s[-1], n]))
    if r.random() < 0.3:  # a times its own transpose
        return [i], lambda a: [tf.matmul(a, a, adjoint_b=True)]
    if adj_a:
        return [i], lambda a: [tf.matmul(tf.linalg.matrix_transpose(a), w, adjoint_a=True,
                                         adjoint_b=adj_b)]
    return [i], lambda a: [tf.matmul(a, w, adjoint_b=adj_b)]


def _pad(r, nd):
    k = r.random()
    if k < 0.4:
        return "SAME"
    if k < 0.8:
        return "VALID"
    return "EXPLICIT"


def _explicit(r, nd, nchw):
    sp = [[r.randint(0, 2), r.randint(0, 2)] for _ in range(nd)]
    return [[0, 0], [0, 0]] + sp if nchw else [[0, 0]] + sp + [[0, 0]]


def conv(r, p):
    kind = r.choice(["conv2d", "conv2d", "conv3d", "depthwise", "separable", "conv2d_t", "conv1d",
                     "conv3d_t"])
    rank = {"conv3d": 5, "conv3d_t": 5, "conv1d": 3}.get(kind, 4)
    i = p.pick(r, rank=(rank, rank))
    if i is None:
        return None
    s = p.shape(i)
    nd = rank - 2
    nchw = kind in ("conv2d", "depthwise") and r.random() < 0.25
    cin = s[1] if nchw else s[-1]
    k = [r.randint(1, 3) for _ in range(nd)]
    cout = r.randint(1, 5)
    st = r.choice([1, 1, 2])
    dil = r.choice([1, 1, 2]) if st == 1 else 1
    pad = _pad(r, nd)
    fmt = "NCHW" if nchw else ("NHWC" if nd == 2 else None)
    if kind == "conv2d":
        w = arr(r, k + [cin, cout])
        padding = _explicit(r, 2, nchw) if pad == "EXPLICIT" else pad
        strides = [1, 1, st, st] if nchw else [1, st, st, 1]
        dils = [1, 1, dil, dil] if nchw else [1, dil, dil, 1]
        return [i], lambda a: [tf.nn.conv2d(a, w, strides, padding, data_format=fmt, dilations=dils)]
    pad = "SAME" if pad == "EXPLICIT" else pad
    if kind == "conv1d":
        w = arr(r, k + [cin, cout])
        return [i], lambda a: [tf.nn.conv1d(a, w, st, pad, dilations=dil)]
    if kind == "conv3d":
        w = arr(r, k + [cin, cout])
        return [i], lambda a: [tf.nn.conv3d(a, w, [1, st, st, st, 1], pad,
                                            dilations=[1, dil, dil, dil, 1])]
    if kind == "depthwise":
        m = r.randint(1, 2)
        w = arr(r, k + [cin, m])
        strides = [1, 1, st, st] if nchw else [1, st, st, 1]
        return [i], lambda a: [tf.nn.depthwise_conv2d(a, w, strides, pad, data_format=fmt,
                                                      dilations=[dil, dil])]
    if kind == "separable":
        m = r.randint(1, 2)
        dw, pw = arr(r, k + [cin, m]), arr(r, [1, 1, cin * m, cout])
        return [i], lambda a: [tf.nn.separable_conv2d(a, dw, pw, [1, st, st, 1], pad,
                                                      dilations=[dil, dil])]
    # transposed: output size from the input's (dynamic) shape
    w = arr(r, k + [cout, cin])
    sp = s[1:-1]
    outsp = [d * st if pad == "SAME" else (d - 1) * st + kk for d, kk in zip(sp, k)]
    dyn = r.random() < 0.5
    strides = [1] + [st] * nd + [1]

    def apply(a):
        if dyn:
            sh = tf.shape(a)
            os_ = tf.stack([sh[0]] + [sh[1 + q] * st if pad == "SAME" else (sh[1 + q] - 1) * st + k[q]
                                      for q in range(nd)] + [cout])
        else:
            os_ = [s[0]] + outsp + [cout]
        f = tf.nn.conv2d_transpose if nd == 2 else tf.nn.conv3d_transpose
        return [f(a, w, os_, strides, pad)]
    return [i], apply


def pool(r, p):
    rank = r.choice([3, 4, 4, 5])
    i = p.pick(r, rank=(rank, rank))
    if i is None:
        return None
    nd = rank - 2
    k, st = r.randint(1, 3), r.randint(1, 3)
    pad = r.choice(["SAME", "VALID"])
    avg = r.random() < 0.5
    nchw = nd == 2 and r.random() < 0.25
    fmt = {1: "NWC", 2: "NCHW" if nchw else "NHWC", 3: "NDHWC"}[nd]
    f = tf.nn.avg_pool if avg else tf.nn.max_pool
    return [i], lambda a: [f(a, k, st, pad, data_format=fmt)]


def reduce(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    n = len(s)
    axes = sorted(r.sample(range(n), r.randint(1, n)))
    axes = [neg_axis(r, a, n) for a in axes]
    keep = r.random() < 0.4
    kind = r.choice(["sum", "mean", "max", "min", "prod", "argmax", "argmin", "logsumexp", "std",
                     "all_axes", "euclid"])
    if kind in ("argmax", "argmin"):
        f = tf.argmax if kind == "argmax" else tf.argmin
        return [i], lambda a: [tf.cast(f(a, axes[0]), F32)]
    if kind == "all_axes":
        return [i], lambda a: [tf.reduce_sum(a, keepdims=keep)]
    f = {"sum": tf.reduce_sum, "mean": tf.reduce_mean, "max": tf.reduce_max, "min": tf.reduce_min,
         "prod": tf.reduce_prod, "logsumexp": tf.reduce_logsumexp, "std": tf.math.reduce_std,
         "euclid": tf.math.reduce_euclidean_norm}[kind]
    return [i], lambda a: [f(a, axes, keepdims=keep)]


def reshape(r, p):
    i = p.pick(r)
    s = p.shape(i)
    n = int(np.prod(s))
    dims, rest = [], n
    for _ in range(r.randint(0, 3)):
        divs = [d for d in range(1, rest + 1) if rest % d == 0]
        d = r.choice(divs)
        dims.append(d)
        rest //= d
    dims.append(rest)
    r.shuffle(dims)
    if r.random() < 0.7:
        dims[r.randrange(len(dims))] = -1
    return [i], lambda a: [tf.reshape(a, dims)]


def transpose(r, p):
    i = p.pick(r, rank=(2, 5))
    perm = list(range(len(p.shape(i))))
    r.shuffle(perm)
    return [i], lambda a: [tf.transpose(a, perm)]


def concat(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    ax = r.randrange(len(s))
    j = p.partner(r, i, want=lambda t: len(t) == len(s) and all(
        a == b for q, (a, b) in enumerate(zip(t, s)) if q != ax))
    other = arr(r, [r.randint(1, 3) if q == ax else d for q, d in enumerate(s)])
    axis = neg_axis(r, ax, len(s))
    if j is not None and r.random() < 0.5:
        return [i, j], lambda a, b: [tf.concat([a, b, a], axis)]
    first = r.random() < 0.5
    return [i], lambda a: [tf.concat([other, a] if first else [a, other], axis)]


def split(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    ax = r.randrange(len(s))
    d = s[ax]
    axis = neg_axis(r, ax, len(s))
    kind = r.random()
    if kind < 0.3:
        num = r.choice([q for q in range(1, d + 1) if d % q == 0] or [1])
        return [i], lambda a: list(tf.split(a, num, axis))
    if kind < 0.6 and d >= 2:
        cut = r.randint(1, d - 1)
        sizes = [cut, d - cut] if r.random() < 0.5 else [cut, -1]
        return [i], lambda a: list(tf.split(a, sizes, axis))
    if kind < 0.8:
        return [i], lambda a: list(tf.unstack(a, num=d, axis=axis))[:3]
    sax = neg_axis(r, r.randint(0, len(s)), len(s) + 1)
    return [i], lambda a: [tf.stack([a, a * 2.0], axis=sax)]


def tile_pad(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    kind = r.random()
    if kind < 0.35:
        mult = [r.randint(1, 2) for _ in s]
        return [i], lambda a: [tf.tile(a, mult)]
    mode = r.choice(["CONSTANT", "CONSTANT", "REFLECT", "SYMMETRIC"])
    lim = {"CONSTANT": 2, "REFLECT": 0, "SYMMETRIC": 1}[mode]
    pads = [[r.randint(0, min(lim, max(d - 1, 0)) if mode == "REFLECT" else lim),
             r.randint(0, min(d - 1, 2) if mode == "REFLECT" else lim)] for d in s]
    pads = [[r.randint(0, x[0]), x[1]] for x in pads]
    return [i], lambda a: [tf.pad(a, pads, mode)]


def slicing(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    n = len(s)
    if r.random() < 0.3:
        begin = [r.randint(0, d - 1) if d > 0 else 0 for d in s]
        size = [-1 if r.random() < 0.3 else r.randint(0, d - b) for d, b in zip(s, begin)]
        return [i], lambda a: [tf.slice(a, begin, size)]
    begin, end, strides = [], [], []
    for d in s:
        stv = r.choice([1, 1, 2, -1, 3])
        begin.append(r.randint(-d, d))
        end.append(r.randint(-d - 1, d + 1))
        strides.append(stv)
    masks = {k: r.randrange(1 << n) if r.random() < 0.4 else 0
             for k in ("begin_mask", "end_mask")}
    if r.random() < 0.3:
        q = r.randrange(n)
        masks["shrink_axis_mask"] = 1 << q
        begin[q], end[q], strides[q] = r.randrange(s[q]) - (s[q] if r.random() < 0.5 else 0), 0, 1
        end[q] = begin[q] + 1
    if r.random() < 0.2:
        masks["new_axis_mask"] = 1 << r.randrange(n)
    if r.random() < 0.15:
        masks["ellipsis_mask"] = 1 << r.randrange(n)
    return [i], lambda a: [tf.strided_slice(a, begin, end, strides, **masks)]


def gather(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    rs = np.random.RandomState(r.randrange(2**31))
    if r.random() < 0.6:
        ax = r.randrange(len(s))
        idx = rs.randint(0, max(s[ax], 1), size=[r.randint(1, 4)] * r.randint(0, 2)).astype(np.int32)
        axis = neg_axis(r, ax, len(s))
        return [i], lambda a: [tf.gather(a, idx, axis=axis)]
    j = r.randint(1, len(s))
    idx = np.stack([rs.randint(0, max(d, 1), size=[r.randint(1, 3)]) for d in s[:j]], -1)
    return [i], lambda a: [tf.gather_nd(a, idx.astype(np.int32))]


def dims(r, p):
    i = p.pick(r)
    s = p.shape(i)
    ones = [q for q, d in enumerate(s) if d == 1]
    if ones and r.random() < 0.5:
        ax = [neg_axis(r, q, len(s)) for q in r.sample(ones, r.randint(1, len(ones)))]
        if r.random() < 0.3:
            return [i], lambda a: [tf.squeeze(a)]
        return [i], lambda a: [tf.squeeze(a, ax)]
    ax = neg_axis(r, r.randint(0, len(s)), len(s) + 1)
    return [i], lambda a: [tf.expand_dims(a, ax)]


def broadcast(r, p):
    i = p.pick(r, rank=(0, 4))
    s = p.shape(i)
    tgt = [r.randint(1, 3) for _ in range(r.randint(0, 2))] + [
        (r.randint(2, 3) if d == 1 and r.random() < 0.5 else d) for d in s]
    if r.random() < 0.5:
        c = arr(r, [1 if r.random() < 0.5 else d for d in s])
        return [i], lambda a: [tf.broadcast_to(c, tf.shape(a)) * a]
    return [i], lambda a: [tf.broadcast_to(a, tgt)]


def shape_math(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    n = len(s)
    kind = r.randrange(8)
    k = r.randint(0, n - 1)
    c = r.randint(1, 3)

    def apply(a):
        sh = tf.shape(a)
        if kind == 0:
            return [tf.reshape(a, tf.concat([sh[:k], [-1]], 0))]
        if kind == 1:
            return [tf.fill(sh[k:] * c // c + 0, 1.5) * 2.0]
        if kind == 2:
            return [tf.reshape(a, tf.stack([tf.reduce_prod(sh[:k + 1]), -1]))]
        if kind == 3:
            return [tf.zeros(tf.stack([sh[k] * c, c + 1])) + 1.0]
        if kind == 4:
            return [a * tf.cast(tf.size(a), F32) + tf.cast(tf.rank(a), F32)]
        if kind == 5:
            return [tf.cast(tf.range(sh[-1]), F32) + a]
        if kind == 6:
            return [tf.ones_like(a) * 3.0, tf.zeros(tf.shape(a)[::-1]) - 1.0]
        return [tf.reshape(a, tf.concat([[-1], tf.maximum(sh[1:], 1)], 0)) * 2.0]
    return [i], apply


def cast_where(r, p):
    i = p.pick(r)
    s = p.shape(i)
    kind = r.randrange(5)
    if kind == 0:
        dt = r.choice([tf.float16, tf.float64, tf.int32, tf.bfloat16])
        return [i], lambda a: [tf.cast(tf.cast(a, dt) * tf.cast(2, dt), F32)]
    if kind == 1:
        c = arr(r, bcast_shape(r, s))
        return [i], lambda a: [tf.where(a > 0.3, a, c)]
    if kind == 2:
        return [i], lambda a: [v1.where(a > 0.0, a, a * 0.1)]
    if kind == 3:
        return [i], lambda a: [tf.cast(tf.cast(a * 4.0, tf.int32) * 3 + 1, F32)]
    return [i], lambda a: [tf.clip_by_value(a, -0.5, 0.5)]


def misc(r, p):
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    n = len(s)
    ax = r.randrange(n)
    axis = neg_axis(r, ax, n)
    kind = r.randrange(9)
    if kind == 0:
        depth = r.randint(1, 5)
        oh_ax = r.choice([-1, 0])
        return [i], lambda a: [tf.one_hot(tf.argmax(a, axis), depth, axis=oh_ax) * 2.0]
    if kind == 1:
        ex, rev = r.random() < 0.5, r.random() < 0.5
        f = tf.cumsum if r.random() < 0.7 else tf.math.cumprod
        return [i], lambda a: [f(a, axis, exclusive=ex, reverse=rev)]
    if kind == 2:
        kk = r.randint(1, max(s[-1], 1))
        return [i], lambda a: [tf.math.top_k(a, kk).values + 1.0,
                               tf.cast(tf.math.top_k(a, kk).indices, F32)]
    if kind == 3:
        f = tf.nn.softmax if r.random() < 0.6 else tf.nn.log_softmax
        return [i], lambda a: [f(a, axis=axis)]
    if kind == 4:
        return [i], lambda a: [tf.nn.l2_loss(a) + 0.0]
    if kind == 5:
        reps = r.randint(2, 4)
        return [i], lambda a: [tf.add_n([a * float(q + 1) for q in range(reps)])]
    if kind == 6:
        return [i], lambda a: [tf.nn.l2_normalize(a, axis)]
    if kind == 7:
        return [i], lambda a: list(tf.nn.moments(a, [axis], keepdims=True))
    return [i], lambda a: [tf.sort(a, axis=axis)]


def norm_bias(r, p):
    i = p.pick(r, rank=(2, 5))
    s = p.shape(i)
    kind = r.randrange(3)
    nchw = len(s) == 4 and r.random() < 0.3
    c = s[1] if nchw else s[-1]
    fmt = "NCHW" if nchw else None
    b = arr(r, [c])
    if kind == 0:
        return [i], lambda a: [tf.nn.bias_add(a, b, data_format=fmt)]
    if kind == 1 and len(s) == 4:
        train = r.random() < 0.4
        m, vv = arr(r, [c]), arr(r, [c], 0.5, 1.0)
        fmt = fmt or "NHWC"
        if train:
            return [i], lambda a: [v1.nn.fused_batch_norm(a, b, m, data_format=fmt)[0]]
        return [i], lambda a: [v1.nn.fused_batch_norm(a, b, m, m, vv, is_training=False,
                                                      data_format=fmt)[0]]
    cs = arr(r, [s[-1]])
    return [i], lambda a: [tf.nn.batch_normalization(a, cs, cs + 1.0, cs, cs * 0.0 + 1.0, 1e-3)]


def einsum(r, p):
    i = p.pick(r, rank=(2, 4))
    s = p.shape(i)
    n = len(s)
    letters = "abcd"[:n]
    if r.random() < 0.5:  # contract the last dim with a constant
        m = r.randint(1, 4)
        w = arr(r, [s[-1], m])
        eq = f"{letters},{letters[-1]}z->{letters[:-1]}z"
        if r.random() < 0.3:
            eq = f"...{letters[-1]},{letters[-1]}z->...z"
        return [i], lambda a: [tf.einsum(eq, a, w)]
    outs = list(letters)
    r.shuffle(outs)
    drop = r.randint(0, n - 1)
    eq = f"{letters},{letters}->{''.join(outs[drop:])}"
    if r.random() < 0.5 and n >= 2:
        other = letters[:-2] + "y" + letters[-1]
        eq = f"{letters},{other}->{letters[:-1]}y"
    return [i], lambda a: [tf.einsum(eq, a, a)]


def image(r, p):
    i = p.pick(r, rank=(4, 4))
    if i is None:
        return None
    size = [r.randint(1, 9), r.randint(1, 9)]
    kind = r.randrange(6)
    m = r.choice(["bilinear", "nearest", "bicubic", "area", "lanczos3", "gaussian"])
    if kind == 0:
        return [i], lambda a: [tf.image.resize(a, size, method=m)]
    if kind == 1:
        return [i], lambda a: [tf.image.resize(a, tf.shape(a)[1:3] * 2, method=m)]
    if kind == 2:
        return [i], lambda a: [v1.image.resize_bilinear(a, size, align_corners=True)]
    if kind == 3:
        return [i], lambda a: [v1.image.resize_nearest_neighbor(a, size)]
    if kind == 4:
        bs = r.randint(1, 2)
        return [i], lambda a: [tf.nn.depth_to_space(tf.nn.space_to_depth(a, bs), bs)]
    return [i], lambda a: [tf.image.resize_with_pad(a, size[0], size[1])]


def matrix(r, p):
    i = p.pick(r, rank=(2, 4))
    kind = r.randrange(10)

    def apply(a):
        sq = tf.matmul(a, a, transpose_b=True)
        eye = tf.eye(tf.shape(sq)[-1]) if kind % 2 else 1.0
        spd = sq + eye * 2.0
        if kind == 0:
            return [tf.linalg.inv(spd)]
        if kind == 1:
            return [tf.linalg.det(spd)]
        if kind == 2:
            return [tf.linalg.cholesky(spd)]
        if kind == 3:
            return [tf.linalg.trace(spd)]
        if kind == 4:
            return [tf.linalg.diag_part(spd), tf.linalg.band_part(spd, 1, 0)]
        if kind == 5:
            return [tf.linalg.matrix_transpose(a) * 2.0]
        if kind == 6:
            return [tf.linalg.solve(spd, a)]
        if kind == 7:
            return [tf.linalg.triangular_solve(tf.linalg.band_part(spd, -1, 0), a)]
        if kind == 8:
            return [tf.linalg.logdet(spd)]
        return [tf.linalg.diag(tf.linalg.diag_part(spd))]
    return [i], apply


def dynamic(r, p):
    """Shape vectors computed from tf.shape feeding shape inputs (TF's import folds them when the
    placeholders are fixed, and keeps their partially known values when not)."""
    i = p.pick(r, rank=(1, 5))
    s = p.shape(i)
    n = len(s)
    kind = r.randrange(9)
    k = r.randrange(n)
    j = p.partner(r, i, want=lambda t: t != s and math.prod(t) == math.prod(s))

    def apply(a, *b):
        sh = tf.shape(a)
        if kind == 0:
            return [tf.tile(a, tf.stack([sh[q] // sh[q] + (1 if q == k else 0) for q in range(n)]))]
        if kind == 1:
            pads = tf.stack([tf.stack([sh[q] // 2 if q == k else 0, 1]) for q in range(n)])
            return [tf.pad(a, pads)]
        if kind == 2:
            return [tf.slice(a, tf.zeros([n], tf.int32), tf.maximum(sh - 1, 1))]
        if kind == 3:
            return [tf.strided_slice(a, [0] * n, sh // 2 + 1)]
        if kind == 4 and n == 4:
            hw = tf.cast(tf.cast(sh[1:3], F32) * 1.5, tf.int32)
            return [tf.image.resize(a, hw)]
        if kind == 5:
            return [tf.reshape(a, tf.cast(tf.cast(sh, F32) * 1.0, tf.int32)) + 1.0]
        if kind == 6 and b:
            return [tf.reshape(b[0], sh) * a]
        if kind == 7:
            return [tf.fill(tf.stack([sh[k], 2]), 0.5) * 2.0, tf.zeros_like(a) + 1.0]
        return [tf.cast(tf.sequence_mask(sh[:1], sh[k] + 1), F32) * 2.0]
    return ([i, j] if kind == 6 and j is not None else [i]), apply


def more(r, p):
    kind = r.randrange(14)
    rank = {0: (1, 5), 1: (1, 5), 2: (4, 4), 3: (4, 4), 4: (4, 4), 5: (4, 4), 6: (2, 2),
            7: (2, 3), 8: (4, 4), 9: (1, 4), 10: (2, 2), 11: (2, 4), 12: (4, 4), 13: (3, 3)}[kind]
    i = p.pick(r, rank=rank)
    s = p.shape(i)
    n = len(s)
    ax = r.randrange(n)
    if kind == 0:
        return [i], lambda a: [tf.reverse(a, [ax])]
    if kind == 1:
        sh = r.randint(-3, 3)
        return [i], lambda a: [tf.roll(a, sh, ax)]
    if kind == 2:
        k, st = r.randint(1, 3), r.randint(1, 2)
        pad = r.choice(["SAME", "VALID"])
        return [i], lambda a: [tf.image.extract_patches(a, [1, k, k, 1], [1, st, st, 1],
                                                        [1, 1, 1, 1], pad) * 2.0]
    if kind == 3:
        k = r.randint(1, 3)
        return [i], lambda a: [tf.nn.max_pool_with_argmax(a, k, k, "VALID")[0] + 1.0]
    if kind == 4:
        w = arr(r, [r.randint(1, 3), r.randint(1, 3), s[-1]])
        st = r.randint(1, 2)
        return [i], lambda a: [tf.nn.dilation2d(a, w, [1, st, st, 1], "SAME", "NHWC",
                                                [1, 1, 1, 1])]
    if kind == 5:
        groups = r.choice([g for g in (1, 2, 3) if s[-1] % g == 0])
        w = arr(r, [r.randint(1, 3), r.randint(1, 3), s[-1] // groups, groups * r.randint(1, 2)])
        return [i], lambda a: [tf.nn.conv2d(a, w, 1, "SAME")]
    if kind == 6:
        m = r.choice(["qr", "svd", "eigh", "norm"])
        return [i], lambda a: [{"qr": lambda: tf.linalg.qr(a)[0],
                                "svd": lambda: tf.linalg.svd(a)[0],
                                "eigh": lambda: tf.linalg.eigh(tf.matmul(a, a, transpose_b=True))[0],
                                "norm": lambda: tf.linalg.norm(a)}[m]()]
    if kind == 7:
        labels = np.random.RandomState(r.randrange(99)).randint(0, s[-1], size=s[:-1])
        if r.random() < 0.5:
            return [i], lambda a: [tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels.astype(np.int32), a)]
        return [i], lambda a: [tf.nn.softmax_cross_entropy_with_logits(tf.nn.softmax(a), a),
                               tf.nn.sigmoid_cross_entropy_with_logits(a * 0.5, a)]
    if kind == 8:
        return [i], lambda a: [tf.nn.local_response_normalization(a, 1)]
    if kind == 9:
        seg = sorted(np.random.RandomState(r.randrange(99)).randint(0, 3, size=s[0]).tolist())
        return [i], lambda a: [tf.math.segment_sum(a, seg) + 1.0,
                               tf.math.unsorted_segment_mean(a, seg, 4)]
    if kind == 10:
        return [i], lambda a: [tf.nn.crelu(a), tf.nn.softmax(a, 0)]
    if kind == 11:
        return [i], lambda a: [tf.cast(tf.reduce_any(a > 0, ax), F32),
                               tf.cast(tf.reduce_mean(tf.cast(a * 9.0, tf.int32), ax), F32)]
    if kind == 12:
        nb = r.randint(1, 3)
        boxes = np.random.RandomState(r.randrange(99)).rand(nb, 4).astype(np.float32)
        ci = np.zeros([nb], np.int32)
        return [i], lambda a: [tf.image.crop_and_resize(a, boxes, ci, [3, 2])]
    if kind == 13:
        k = r.randint(1, 3)
        return [i], lambda a: [tf.nn.pool(a, [k], "MAX" if k % 2 else "AVG", padding="SAME",
                                          dilations=[2])]


def control(r, p):
    """tf.cond / tf.while_loop / tf.map_fn (v2 control flow: If/While and their bodies)."""
    i = p.pick(r, rank=(1, 4))
    kind = r.randrange(4)
    n = r.randint(1, 3)

    def apply(a):
        if kind == 0:
            return [tf.cond(tf.reduce_sum(a) > 0, lambda: a * 2.0, lambda: tf.nn.relu(a) + 1.0)]
        if kind == 1:
            _, out = tf.while_loop(lambda t, x: t < n, lambda t, x: (t + 1, x * 0.5 + 1.0),
                                   [0, a])
            return [out]
        if kind == 2:
            return [tf.map_fn(lambda row: row * 2.0 + 1.0, a)]
        return [tf.switch_case(tf.cast(tf.reduce_sum(a) > 0, tf.int32),
                               [lambda: a * 3.0, lambda: a - 1.0])]
    return [i], apply


PALETTE = [(6, unary), (8, binary), (4, matmul), (5, conv), (3, pool), (4, reduce), (3, reshape),
           (2, transpose), (2, concat), (2, split), (2, tile_pad), (3, slicing), (2, gather),
           (2, dims), (2, broadcast), (3, shape_math), (2, cast_where), (4, misc), (2, norm_bias),
           (2, einsum), (2, image), (2, matrix),
           (4, dynamic), (5, more), (1, control)]
