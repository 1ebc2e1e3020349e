"""Shape functions of block rearrangements (SpaceToDepth, SpaceToBatchND and their inverses),
matrix-diagonal ops and the ops whose output simply has their first input's shape."""

from __future__ import annotations

from ..errors import ShapeError
from . import fold
from .consteval import dims_product, int_value, int_vector, norm_axis
from .registry import shape_fn
from .util import check_rank, fmt, unify, unknown


@shape_fn("MatrixBandPart", "ClipByValue", "Cumsum", "Cumprod", "CumulativeLogsumexp", "Roll",
          "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxArgs",
          "FakeQuantWithMinMaxVarsPerChannel", "QuantizeAndDequantizeV2",
          "QuantizeAndDequantizeV3", "QuantizeAndDequantizeV4")
def same_as_first(ctx):
    if ctx.node.op in ("Cumsum", "Cumprod"):
        _cumulative_value(ctx)
    return [ctx.in_shape(0)]


def _cumulative_value(ctx):
    val = ctx.in_value(0)
    axis = int_value(ctx, 1, "axis")
    if val is None or axis is None or val.dtype == object or not val.ndim:
        return
    ax = norm_axis(axis, val.ndim)
    ctx.set_value(0, fold.cumulative(val, ax, bool(ctx.attr("exclusive", False)),
                                     bool(ctx.attr("reverse", False)), ctx.node.op == "Cumprod"))


@shape_fn("MatrixDiag")
def matrix_diag(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    if not x:
        raise ShapeError("diagonal input must have rank at least 1")
    val = ctx.in_value(0)
    if val is not None and val.dtype != object:
        n = val.shape[-1]
        res = fold.matrix_diag(val, 0, n, n, 0)
        if res is not None:
            ctx.set_value(0, res)
    return [x + (x[-1],)]


@shape_fn("MatrixDiagPart")
def matrix_diag_part(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    if len(x) < 2:
        raise ShapeError(f"input {fmt(x)} must have rank at least 2")
    a, b = x[-2], x[-1]
    return [x[:-2] + ((min(a, b) if a is not None and b is not None else None),)]


@shape_fn("SpaceToDepth", "DepthToSpace")
def space_depth(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 4, "input")
    bs = int(ctx.attr("block_size", 0) or 0)
    if bs < 2:
        raise ShapeError(f"block_size {bs} must be at least 2")
    if x is None:
        return [unknown(4)]
    nchw = str(ctx.attr("data_format", "NHWC")).startswith("NCHW")
    c_ax, sp = (1, (2, 3)) if nchw else (3, (1, 2))
    out = list(x)
    to_depth = ctx.node.op == "SpaceToDepth"
    for ax in sp:
        d = x[ax]
        if d is not None and to_depth and d % bs:
            raise ShapeError(f"dim {ax} of {fmt(x)} is not a multiple of block_size {bs}")
        out[ax] = None if d is None else (d // bs if to_depth else d * bs)
    c = x[c_ax]
    if c is not None and not to_depth and c % (bs * bs):
        raise ShapeError(f"depth {c} of {fmt(x)} is not a multiple of block_size² {bs * bs}")
    out[c_ax] = None if c is None else (c * bs * bs if to_depth else c // (bs * bs))
    return [tuple(out)]


@shape_fn("SpaceToBatchND", "BatchToSpaceND")
def space_batch_nd(ctx):
    """TF's Space/BatchToSpace shape helpers: the block count m comes from block_shape's shape;
    the batch needs the block's values, the m block dims the block's and the paddings' (crops')
    values, and the dims after them pass through whatever is unknown."""
    x = ctx.in_shape(0)
    block = int_vector(ctx, 1, "block_shape")
    bshape = ctx.in_shape(1)
    m = len(block) if block is not None else (
        bshape[0] if bshape is not None and len(bshape) == 1 else None)
    if x is None or m is None:
        return [None]
    if len(x) < m + 1:
        raise ShapeError(f"input {fmt(x)} has rank below 1 + {m} block dims")
    pads = ctx.in_value(2)
    to_batch = ctx.node.op == "SpaceToBatchND"
    out = [None] * (m + 1) + list(x[m + 1:])
    if block is not None and (block or not to_batch):
        if any(b < 1 for b in block):
            raise ShapeError(f"block_shape {block} must be positive")
        prod = dims_product(block)
        if x[0] is not None:
            if not to_batch and x[0] % prod:
                raise ShapeError(f"batch {x[0]} is not a multiple of the block size {prod}")
            out[0] = x[0] * prod if to_batch else x[0] // prod
    elif m == 0:
        out[0] = x[0]
    if block is not None and pads is not None and (pads.size or not to_batch):
        pads = pads.reshape(m, 2).tolist()
        for i, (b, (lo, hi)) in enumerate(zip(block, pads)):
            if lo < 0 or hi < 0:
                raise ShapeError(f"paddings/crops {pads} cannot be negative")
            d = x[1 + i]
            if d is None:
                continue
            if to_batch:
                if (d + lo + hi) % b:
                    raise ShapeError(f"padded dim {1 + i} ({d}+{lo}+{hi}) is not a multiple of {b}")
                out[1 + i] = (d + lo + hi) // b
            else:
                out[1 + i] = d * b - lo - hi
    return [tuple(out)]


@shape_fn("SpaceToBatch", "BatchToSpace")
def space_batch(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 4, "input")
    x = x if x is not None else unknown(4)  # TF: WithRank 4
    bs = int(ctx.attr("block_size", 0) or 0)
    if bs < 2:
        raise ShapeError(f"attr 'block_size' is {bs}, must be at least 2")
    pads = ctx.in_value(1)
    if pads is None:  # the batch and depth do not depend on the paddings (TF 2.21)
        n, c = x[0], x[3]
        if ctx.node.op == "SpaceToBatch":
            return [(None if n is None else n * bs * bs, None, None, c)]
        return [(None if n is None or n % (bs * bs) else n // (bs * bs), None, None, c)]
    (t, b), (left, r) = pads.reshape(2, 2).tolist()
    n, h, w, c = x
    if ctx.node.op == "SpaceToBatch":
        return [(None if n is None else n * bs * bs, None if h is None else (h + t + b) // bs,
                 None if w is None else (w + left + r) // bs, c)]
    return [(None if n is None else n // (bs * bs), None if h is None else h * bs - t - b,
             None if w is None else w * bs - left - r, c)]



def _diag_range(ctx):
    k = int_vector(ctx, 1, "k")
    if k is None:
        return None
    if len(k) not in (1, 2) or k[0] > k[-1]:
        raise ShapeError(f"k {k} must be one diagonal or a [lower, upper] range")
    return k[0], k[-1]


@shape_fn("MatrixDiagV2", "MatrixDiagV3")
def matrix_diag_v3(ctx):
    d = ctx.in_shape(0)
    k = _diag_range(ctx)
    rows = int_vector(ctx, 2, "num_rows")
    cols = int_vector(ctx, 3, "num_cols")
    if d is None or k is None or rows is None or cols is None:
        return [None]
    lower, upper = k
    batch = d[:-1] if lower == upper else d[:-2]
    if lower != upper and d[-2] is not None and d[-2] != upper - lower + 1:
        raise ShapeError(f"diagonal {fmt(d)} holds {d[-2]} diagonals, k asks for "
                         f"{upper - lower + 1}")
    n = d[-1]
    # TF's MatrixDiagV2Shape does this arithmetic with an unknown length as -1: a superdiagonal
    # (k = 1) of unknown length gives min_cols -1 + 1 = 0, so a 0x0 matrix; dims below 0 are
    # unknown
    ln = -1 if n is None else n
    min_rows, min_cols = ln - min(upper, 0), ln + max(lower, 0)
    r, c = rows[0], cols[0]
    if r == -1 and c == -1:
        r = c = max(min_rows, min_cols)
    elif r == -1:
        r = min_rows
    elif c == -1:
        c = min_cols
    if r < min_rows or c < min_cols:
        raise ShapeError(f"a {r}x{c} matrix cannot hold diagonals of length {n} for k {list(k)}")
    if n is None:
        return [tuple(batch) + (r if r >= 0 else None, c if c >= 0 else None)]
    val, pad = ctx.in_value(0), ctx.in_value(4) if ctx.n_inputs > 4 else None
    if lower == upper and val is not None and pad is not None and pad.size == 1:
        res = fold.matrix_diag(val, lower, r, c, pad.reshape(-1)[0])
        if res is not None:
            ctx.set_value(0, res)
    return [tuple(batch) + (r, c)]


@shape_fn("MatrixSetDiag", "MatrixSetDiagV2", "MatrixSetDiagV3")
def matrix_set_diag(ctx):
    """The input's shape; where it is not fully known, TF 2.21 merges it with the diagonal's
    batch dims and two unknown ones (the diagonal's last dim, or last two for a known range of k),
    so a rank-3 diagonal of one k on an input of unknown rank gives rank 4."""
    x, d = ctx.in_shape(0), ctx.in_shape(1)
    if x is not None and len(x) < 2:
        raise ShapeError(f"input {fmt(x)} must have rank at least 2")
    if d is not None and not d:
        raise ShapeError("diagonal must have rank at least 1")
    known, one = True, True  # k known and one diagonal: v1 always, V2/V3 by their k
    if ctx.node.op != "MatrixSetDiag":
        k = int_vector(ctx, 2, "k")
        known, one = k is not None, k is not None and k[0] == k[-1]
    if x is not None and d is not None:
        r = len(x)
        allowed = (r - 1,) if one else (r,) if known else (r - 1, r)
        if len(d) not in allowed:
            raise ShapeError(f"diagonal {fmt(d)} does not fit input {fmt(x)}")
    if d is None or (x is not None and None not in x):
        return [x]
    band = known and not one  # TF takes an unknown k as one diagonal here
    if len(d) < (2 if band else 1):
        return [x]
    batch = d[:-2] if band else d[:-1]
    return [unify(x, tuple(batch) + (None, None), "input and diagonal")]


@shape_fn("MatrixDiagPartV2", "MatrixDiagPartV3")
def matrix_diag_part_v3(ctx):
    x = ctx.in_shape(0)
    k = _diag_range(ctx)
    if x is None or k is None:
        return [None]
    if len(x) < 2:
        raise ShapeError(f"input {fmt(x)} must have rank at least 2")
    lower, upper = k
    m, n = x[-2], x[-1]
    length = None
    if m is not None and n is not None:
        length = min(m + min(upper, 0), n - max(lower, 0))
        if length <= 0:
            raise ShapeError(f"k {list(k)} selects no diagonal of a {m}x{n} matrix")
    extra = () if lower == upper else (upper - lower + 1,)
    return [tuple(x[:-2]) + extra + (length,)]
