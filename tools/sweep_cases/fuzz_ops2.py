"""More op families for the ``fuzz`` sweep palette (tools/sweep_cases/fuzz_ops.py has the first
ones and the conventions: ``fn(r, pool) -> (input indices, apply) | None``, every random draw
from ``r``, ``apply`` a pure function of its tensors): scatter, segments, bincount/unique,
sparse tensors, random ops with shape vectors, FFTs, image adjustments and boxes, fake
quantization, more linalg (set_diag, lstsq, tridiagonal, broadcast einsum), integer and bitwise
math, searchsorted/histograms, meshgrid/linspace/range from shape values, boolean_mask and
dynamic partition/stitch, RNN cells, 3-D and fractional pooling, in_top_k, string splits.
"""

import numpy as np
import tensorflow as tf

from tools.sweep_cases.fuzz_ops import arr

v1 = tf.compat.v1
F32 = tf.float32


def _rs(r):
    return np.random.RandomState(r.randrange(2**31))


def _f(t):
    return tf.cast(t, F32)


def scatter(r, p):
    i = p.pick(r, rank=(1, 4))
    s = p.shape(i)
    rs = _rs(r)
    kind = r.randrange(5)
    j = r.randint(1, len(s))
    nidx = r.randint(1, 3)
    idx = np.stack([rs.randint(0, d, size=[nidx]) for d in s[:j]], -1).astype(np.int32)
    upd = arr(r, [nidx] + s[j:])
    if kind == 0:
        return [i], lambda a: [tf.tensor_scatter_nd_update(a, idx, upd)]
    if kind == 1:
        f = r.choice([tf.tensor_scatter_nd_add, tf.tensor_scatter_nd_sub, tf.tensor_scatter_nd_max,
                      tf.tensor_scatter_nd_min])
        return [i], lambda a: [f(a, idx, upd)]
    if kind == 2:  # the shape from the input's dynamic shape
        return [i], lambda a: [tf.scatter_nd(idx, upd, tf.shape(a)) + a]
    if kind == 3:
        return [i], lambda a: [tf.scatter_nd(idx, tf.gather_nd(a, idx), s) * 2.0]
    rows = rs.randint(0, s[0], size=[nidx]).astype(np.int32)

    def apply(a):
        v = v1.Variable(np.zeros(s, np.float32), name="sv")
        return [v1.scatter_update(v, rows, tf.gather(a, rows)) + 1.0,
                v1.scatter_add(v, rows, tf.gather(a, rows)) * 2.0]
    return [i], apply


def segments(r, p):
    i = p.pick(r, rank=(1, 4))
    s = p.shape(i)
    rs = _rs(r)
    seg = np.sort(rs.randint(0, 3, size=s[0])).astype(np.int32)
    kind = r.randrange(6)
    if kind == 0:
        f = r.choice([tf.math.segment_mean, tf.math.segment_max, tf.math.segment_min,
                      tf.math.segment_prod])
        return [i], lambda a: [f(a, seg)]
    if kind == 1:
        f = r.choice([tf.math.unsorted_segment_sqrt_n, tf.math.unsorted_segment_max,
                      tf.math.unsorted_segment_prod, tf.math.unsorted_segment_min])
        n = r.randint(3, 5)
        return [i], lambda a: [f(a, seg, n)]
    if kind == 2:  # num_segments from a shape value
        return [i], lambda a: [tf.math.unsorted_segment_sum(a, seg, tf.shape(a)[0])]
    sel = np.arange(s[0], dtype=np.int32)
    if kind == 3:
        f = r.choice([tf.sparse.segment_sum, tf.sparse.segment_mean, tf.sparse.segment_sqrt_n])
        return [i], lambda a: [f(a, sel, seg)]
    if kind == 4:
        return [i], lambda a: [tf.sparse.segment_sum(a, sel, seg, num_segments=4)]
    return [i], lambda a: [tf.math.segment_sum(a, tf.cast(tf.range(tf.shape(a)[0]) // 2,
                                                           tf.int32))]


def counting(r, p):
    i = p.pick(r, rank=(1, 2), live=True)
    kind = r.randrange(5)
    n = r.randint(1, 6)

    def apply(a):
        ia = tf.cast(tf.abs(a) * 4.0, tf.int32)
        if kind == 0:
            return [_f(tf.math.bincount(ia, minlength=n)) + 1.0]
        if kind == 1:
            return [_f(tf.math.bincount(ia, weights=a, minlength=n, maxlength=n + 2)) * 2.0]
        flat = tf.reshape(ia, [-1])
        if kind == 2:
            y, idx = tf.unique(flat)
            return [_f(y) + 1.0, _f(idx) * 2.0]
        if kind == 3:
            y, idx, cnt = tf.unique_with_counts(flat)
            return [_f(cnt) * 2.0]
        return [_f(tf.math.histogram_fixed_width(a, [-1.0, 1.0], nbins=n)) + 0.5,
                _f(tf.histogram_fixed_width_bins(a, [-1.0, 1.0], nbins=n)) * 2.0]
    return [i], apply


def sparse(r, p):
    i = p.pick(r, rank=(2, 3), live=True)
    s = p.shape(i)
    kind = r.randrange(7)
    m = r.randint(1, 4)

    def apply(a):
        st = tf.sparse.from_dense(tf.nn.relu(a - 0.5))
        if kind == 0:
            return [tf.sparse.to_dense(st) * 2.0]
        if kind == 1 and len(s) == 2:
            return [tf.sparse.sparse_dense_matmul(st, c)]
        if kind == 2:
            return [tf.sparse.to_dense(tf.sparse.reshape(st, [-1, s[-1]])) + 1.0]
        if kind == 3:
            return [tf.sparse.reduce_sum(st, axis=-1) * 2.0,
                    tf.sparse.reduce_max(st, axis=0, keepdims=True)]
        if kind == 4:
            return [tf.sparse.to_dense(tf.sparse.slice(st, [0] * len(s), [2] * len(s))) + 1.0]
        if kind == 5:
            return [tf.sparse.to_dense(tf.sparse.concat(0, [st, st])) * 2.0]
        return [tf.sparse.add(st, a) * 2.0, tf.sparse.to_dense(tf.sparse.transpose(st)) + 1.0]
    c = arr(r, [s[-1], m])
    return [i], apply


def random_ops(r, p):
    i = p.pick(r, rank=(1, 4))
    s = p.shape(i)
    kind = r.randrange(9)
    n = r.randint(1, 4)

    def apply(a):
        sh = tf.shape(a)
        if kind == 0:
            f = r2
            return [f(sh, seed=1) + a]
        if kind == 1:
            return [tf.random.stateless_uniform(sh, [1, 2]) * a,
                    tf.random.stateless_normal(tf.stack([sh[0], n]), [3, 4]) + 1.0]
        if kind == 2:
            return [_f(tf.random.categorical(tf.reshape(a, [-1, s[-1]]), n)) + 1.0]
        if kind == 3:
            return [tf.random.shuffle(a, seed=2) * 2.0]
        if kind == 4:
            return [tf.image.random_crop(a, [max(d // 2, 1) for d in s], seed=3) + 1.0]
        if kind == 5:
            return [_f(tf.random.uniform(sh[:1], 0, 5, tf.int32, seed=4)) + 1.0]
        if kind == 6:
            return [_f(tf.random.stateless_categorical(tf.reshape(a, [-1, s[-1]]), n, [1, 1]))]
        if kind == 7:
            return [tf.random.stateless_truncated_normal(tf.concat([sh, [n]], 0), [5, 6]) * 2.0]
        return [tf.random.poisson([n], sh[:2], seed=5) + 0.5, tf.random.gamma(sh[:1], 2.0, seed=6)]
    r2 = r.choice([tf.random.uniform, tf.random.normal, tf.random.truncated_normal])
    return [i], apply


def fft(r, p):
    i = p.pick(r, rank=(1, 4))
    s = p.shape(i)
    kind = r.randrange(6)
    ln = [r.randint(1, 8) for _ in range(3)]
    d = r.randint(1, 3)

    def apply(a):
        if kind == 0:
            return [tf.math.real(tf.signal.fft(tf.complex(a, a * 0.5))) * 2.0]
        if kind == 1:
            f = [tf.signal.rfft, tf.signal.rfft2d, tf.signal.rfft3d][d - 1]
            if d > len(s):
                return [tf.abs(tf.signal.rfft(a))]
            return [tf.abs(f(a, ln[:d])) + 1.0]
        if kind == 2:
            c = tf.signal.rfft(a)
            return [tf.signal.irfft(c, [ln[0]]) * 2.0, tf.signal.irfft(c) + 1.0]
        if kind == 3 and len(s) >= 2:
            c = tf.complex(a, a)
            return [tf.math.imag(tf.signal.ifft2d(tf.signal.fft2d(c))) * 2.0]
        if kind == 4 and len(s) >= 2:
            return [tf.signal.irfft2d(tf.signal.rfft2d(a), ln[:2]) + 1.0]
        if kind == 5 and len(s) >= 3:
            c = tf.complex(a, a)
            return [tf.math.real(tf.signal.ifft3d(tf.signal.fft3d(c))),
                    tf.signal.irfft3d(tf.signal.rfft3d(a, ln), ln) * 2.0]
        return [tf.abs(tf.signal.fft(tf.complex(a, a))) + 1.0]
    return [i], apply


def image2(r, p):
    i = p.pick(r, rank=(3, 4))
    s = p.shape(i)
    kind = r.randrange(12)
    h, w = s[-3], s[-2]
    oy, ox = r.randint(0, 2), r.randint(0, 2)

    def apply(a):
        if kind == 0:
            return [tf.image.adjust_brightness(a, 0.1), tf.image.adjust_contrast(a, 1.5)]
        if kind == 1:
            return [tf.image.adjust_gamma(tf.abs(a), 1.2, 0.9) + 1.0]
        if kind == 2:
            return [tf.image.pad_to_bounding_box(a, oy, ox, h + oy + 1, w + ox) * 2.0]
        if kind == 3:
            return [tf.image.crop_to_bounding_box(a, 0, 0, max(h - 1, 1), w) + 1.0]
        if kind == 4:
            return [tf.image.central_crop(a, 0.5) * 2.0]
        if kind == 5 and len(s) == 4:
            dy, dx = tf.image.image_gradients(a)
            return [dy + dx]
        if kind == 6:
            return [tf.image.resize(a, [5, 7], preserve_aspect_ratio=True) * 2.0]
        if kind == 7 and s[-1] == 3:
            return [tf.image.rgb_to_hsv(tf.abs(a)), tf.image.adjust_saturation(tf.abs(a), 0.5),
                    tf.image.adjust_hue(tf.abs(a), 0.2), tf.image.rgb_to_grayscale(a)]
        if kind == 8:
            return [tf.image.flip_left_right(a), tf.image.rot90(a), tf.image.transpose(a)]
        if kind == 9:
            return [tf.image.per_image_standardization(a) + 1.0,
                    tf.image.resize_with_crop_or_pad(a, 3, 4)]
        if kind == 10 and len(s) == 4:
            boxes = tf.clip_by_value(tf.reshape(a[:, :1, :1, :1] * tf.ones([1, 1, 1, 4]),
                                                [s[0], 1, 4]), 0.0, 1.0)
            return [tf.image.draw_bounding_boxes(a, boxes, [[1.0] * s[-1]]) * 2.0]
        return [tf.image.total_variation(a) * 1.0, tf.image.grayscale_to_rgb(a[..., :1])]
    return [i], apply


def nms(r, p):
    i = p.pick(r, rank=(1, 2))
    s = p.shape(i)
    n = s[0]
    kind = r.randrange(4)
    mx = r.randint(1, 4)
    boxes = arr(r, [n, 4], 0.0, 1.0)

    def apply(a):
        sc = tf.reshape(a, [n, -1])[:, 0]
        if kind == 0:
            return [_f(tf.image.non_max_suppression(boxes, sc, mx)) + 1.0]
        if kind == 1:
            sel, sc2 = tf.image.non_max_suppression_with_scores(boxes, sc, mx, soft_nms_sigma=0.5)
            return [sc2 * 2.0, _f(sel)]
        if kind == 2:
            sel, valid = tf.image.non_max_suppression_padded(boxes, sc, mx, pad_to_max_output_size=True)
            return [_f(sel) + 1.0, _f(valid) * 2.0]
        return [_f(tf.image.non_max_suppression_overlaps(tf.matmul(boxes, boxes, transpose_b=True),
                                                         sc, mx)) * 2.0]
    return [i], apply


def quant(r, p):
    i = p.pick(r, rank=(1, 4))
    s = p.shape(i)
    kind = r.randrange(5)
    bits = r.choice([8, 4])

    def apply(a):
        if kind == 0:
            return [tf.quantization.fake_quant_with_min_max_args(a, -1.0, 1.0, num_bits=bits)]
        if kind == 1:
            return [tf.quantization.fake_quant_with_min_max_vars(a, -1.0, 1.0, num_bits=bits)]
        if kind == 2:
            return [tf.quantization.fake_quant_with_min_max_vars_per_channel(
                a, -np.ones(s[-1], np.float32), np.ones(s[-1], np.float32))]
        if kind == 3:
            return [tf.quantization.quantize_and_dequantize_v2(a, -1.0, 1.0, range_given=True)]
        q = tf.quantization.quantize(a, -1.0, 1.0, tf.quint8)
        return [tf.quantization.dequantize(q.output, q.output_min, q.output_max) * 2.0]
    return [i], apply


def linalg2(r, p):
    i = p.pick(r, rank=(2, 4))
    s = p.shape(i)
    kind = r.randrange(8)
    k = r.randint(-1, 1)

    def apply(a):
        if kind == 0:
            return [tf.linalg.set_diag(a, tf.linalg.diag_part(a) * 2.0)]
        if kind == 1:
            return [tf.linalg.diag(a[..., 0, :], k=k) * 2.0,
                    tf.linalg.diag_part(a, k=(-1, 1)) + 1.0]
        if kind == 2:
            return [tf.linalg.lstsq(a, a[..., :1] * 2.0, l2_regularizer=0.1)]
        if kind == 3:
            d = a[..., 0, :]
            return [tf.linalg.tridiagonal_solve(tf.stack([d, d * 0.0 + 4.0, d], -2), a[..., 0, :, None],
                                                partial_pivoting=False)]
        if kind == 4:
            d = a[..., 0, :]
            return [tf.linalg.tridiagonal_matmul(tf.stack([d, d, d], -2), a[..., 0, :, None])]
        if kind == 5:
            w = arr_c
            return [tf.einsum("...ij,jk->...ik", a, w), tf.einsum("...ij,...ij->...", a, a)]
        if kind == 6:
            return [tf.linalg.expm(tf.matmul(a, a, transpose_b=True) * 0.01),
                    tf.linalg.matrix_rank(a) * 0 + 1]
        return [tf.linalg.adjoint(a) * 2.0, tf.linalg.cross(a[..., :3], a[..., :3])
                if s[-1] >= 3 else a + 1.0]
    arr_c = arr(r, [s[-1], r.randint(1, 4)])
    return [i], apply


def intmath(r, p):
    i = p.pick(r, rank=(1, 4))
    kind = r.randrange(6)

    def apply(a):
        x = tf.cast(a * 8.0, tf.int32)
        if kind == 0:
            return [_f(tf.bitwise.bitwise_and(x, 3) + tf.bitwise.bitwise_or(x, 1))]
        if kind == 1:
            return [_f(tf.bitwise.left_shift(x, 2) - tf.bitwise.right_shift(x, 1))]
        if kind == 2:
            return [_f(tf.bitwise.invert(x) ^ tf.bitwise.bitwise_xor(x, 5)),
                    _f(tf.math.population_count(x))]
        if kind == 3:
            return [_f(x % 3 + x // 2 * x)]
        if kind == 4:
            return [_f(tf.math.truncatediv(x, 3) + tf.math.truncatemod(x, 2)),
                    _f(tf.math.count_nonzero(x, -1))]
        return [_f(tf.math.logical_xor(a > 0, a < 0.5)) + _f(tf.math.is_finite(a))]
    return [i], apply


def search(r, p):
    i = p.pick(r, rank=(1, 3), live=True)
    s = p.shape(i)
    kind = r.randrange(7)
    n = r.randint(1, 6)

    def apply(a):
        sh = tf.shape(a)
        if kind == 0:
            srt = tf.sort(a, -1)
            return [_f(tf.searchsorted(srt, a * 0.5)),
                    _f(tf.searchsorted(srt, a, side="right"))]
        if kind == 1:
            xs, ys = tf.meshgrid(tf.range(sh[-1]), tf.range(n))
            return [_f(xs + ys) + 1.0]
        if kind == 2:
            return [tf.linspace(0.0, 1.0, sh[-1]) * a, tf.linspace(a[..., 0], a[..., 0] + 1.0, n)]
        if kind == 3:
            return [_f(tf.range(1, sh[0] * 2, 2)) * 2.0,
                    _f(tf.range(tf.reduce_prod(sh))) + 1.0]
        if kind == 4:
            return [tf.boolean_mask(a, a > 0) * 2.0,
                    tf.boolean_mask(a, tf.reduce_any(a > 0, axis=-1)) + 1.0]
        if kind == 5:
            parts = tf.dynamic_partition(a, tf.cast(a > 0, tf.int32), 2)
            idx = tf.dynamic_partition(tf.range(tf.size(a)), tf.reshape(tf.cast(a > 0, tf.int32),
                                                                         [-1]), 2)
            return [parts[0] * 2.0, tf.dynamic_stitch(idx, [tf.reshape(x, [-1]) for x in parts])]
        b = tf.broadcast_dynamic_shape(sh, tf.shape(a[..., :1]))
        return [tf.zeros(b) + a, tf.ensure_shape(a, [None] * len(s)) * 2.0]
    return [i], apply


def rnn(r, p):
    i = p.pick(r, rank=(3, 3))
    if i is None:
        return None
    units = r.randint(1, 4)
    kind = r.randrange(5)

    def apply(a):
        with v1.variable_scope(None, default_name="rnn"):
            if kind == 0:
                cell = v1.nn.rnn_cell.LSTMCell(units)
            elif kind == 1:
                cell = v1.nn.rnn_cell.GRUCell(units)
            elif kind == 2:
                cell = v1.nn.rnn_cell.BasicRNNCell(units)
            elif kind == 3:
                cell = v1.nn.rnn_cell.BasicLSTMCell(units)
            else:
                cell = v1.nn.rnn_cell.MultiRNNCell([v1.nn.rnn_cell.GRUCell(units)
                                                    for _ in range(2)])
            if r_static:
                outs, _ = v1.nn.static_rnn(cell, tf.unstack(a, num=t, axis=1), dtype=F32)
                return [tf.stack(outs, 1)]
            outs, _ = v1.nn.dynamic_rnn(cell, a, dtype=F32)
            return [outs]
    r_static, t = r.random() < 0.3, p.shape(i)[1]
    return [i], apply


def pool2(r, p):
    kind = r.randrange(5)
    i = p.pick(r, rank=(5, 5) if kind < 2 else (4, 4))
    if i is None:
        return None
    k, st = r.randint(1, 2), r.randint(1, 2)
    pad = r.choice(["SAME", "VALID"])

    def apply(a):
        if kind == 0:
            return [tf.nn.max_pool3d(a, k, st, pad) + 1.0]
        if kind == 1:
            return [tf.nn.avg_pool3d(a, k, st, pad) * 2.0]
        if kind == 2:
            f = tf.nn.fractional_max_pool if r_max else tf.nn.fractional_avg_pool
            return [f(a, [1.0, 1.44, 1.73, 1.0], seed=7)[0] * 2.0]
        if kind == 3:
            out, am = tf.nn.max_pool_with_argmax(a, k, st, pad, include_batch_in_index=r_max)
            return [out + 1.0, _f(am)]
        return [tf.nn.avg_pool2d(a, [k, k + 1], [st, 1], pad) * 2.0,
                tf.nn.max_pool2d(a, [k + 1, k], [1, st], pad) + 1.0]
    r_max = r.random() < 0.5
    return [i], apply


def nn2(r, p):
    i = p.pick(r, rank=(2, 4))
    s = p.shape(i)
    kind = r.randrange(6)
    k = r.randint(1, max(s[-1], 1))
    if kind == 1 and not p.live[i]:
        kind = 5  # a decoded shape is the kernel's: TF's import runs it on constants (Pool.pick)

    def apply(a):
        if kind == 0 and len(s) == 2:
            tgt = tf.cast(tf.argmax(a, -1), tf.int32)
            return [_f(tf.math.in_top_k(tgt, a, k)) + 1.0]
        if kind == 1 and len(s) == 3:  # [time, batch, classes]
            lens = tf.fill(tf.shape(a)[1:2], tf.shape(a)[0])
            dec, _ = tf.nn.ctc_greedy_decoder(a, lens)
            return [_f(tf.sparse.to_dense(dec[0])) * 2.0]
        if kind == 2 and len(s) == 3:
            lens = tf.fill(tf.shape(a)[1:2], tf.shape(a)[0])
            dec, lp = tf.nn.ctc_beam_search_decoder(a, lens, beam_width=2, top_paths=1)
            return [lp * 2.0]
        if kind == 3:
            m, v = tf.nn.moments(a, [0])
            return [tf.nn.batch_normalization(a, m, v, None, None, 1e-3),
                    tf.nn.l2_normalize(a, [0, len(s) - 1])]
        if kind == 4 and len(s) == 4:
            return [tf.nn.local_response_normalization(a, 2, 1.0, 1e-3, 0.75) * 2.0]
        return [tf.nn.log_poisson_loss(a, a * 0.5) + tf.nn.weighted_cross_entropy_with_logits(
            a * 0.5, a, 2.0)]
    return [i], apply


def strings(r, p):
    i = p.pick(r, rank=(1, 2), live=True)
    s = p.shape(i)
    kind = r.randrange(3)

    def apply(a):
        flat = tf.reshape(a, [-1])
        txt = tf.strings.as_string(tf.cast(flat * 10.0, tf.int32))
        line = tf.strings.reduce_join(txt, separator=" ", keepdims=True)
        if kind == 0:
            sp = v1.string_split(line, " ")
            return [_f(tf.sparse.to_dense(tf.sparse.map_values(tf.strings.length, sp))) * 2.0]
        if kind == 1:
            rt = tf.strings.split(line)
            return [_f(rt.row_lengths()) + 1.0, _f(tf.strings.length(rt.to_tensor())) * 2.0]
        return [tf.strings.to_number(txt) * tf.reshape(a, [-1]) + 0.0 * s[0]]
    return [i], apply


def tensor_array(r, p):
    i = p.pick(r, rank=(2, 4))
    kind = r.randrange(3)

    def apply(a):
        ta = tf.TensorArray(F32, size=0, dynamic_size=True, infer_shape=kind != 2)
        ta = ta.unstack(a)
        if kind == 0:
            return [ta.stack() * 2.0]
        if kind == 1:
            return [ta.concat() + 1.0, ta.read(0) * 2.0]
        n = tf.shape(a)[0]

        def body(t, acc):
            return t + 1, acc.write(t, ta.read(t) * 2.0)
        _, out = tf.while_loop(lambda t, acc: t < n, body,
                               [0, tf.TensorArray(F32, size=n)])
        return [out.stack() + 1.0]
    return [i], apply


PALETTE2 = [(1, scatter), (1, segments), (1, counting), (1, sparse), (1, random_ops), (1, fft),
            (1, image2), (1, nms), (1, quant), (1, linalg2), (1, intmath), (1, search), (1, rnn),
            (1, pool2), (1, nn2), (1, strings), (1, tensor_array)]
