"""Shape functions of block rearrangements (SpaceToDepth, SpaceToBatchND and their inverses),
matrix-diagonal ops and the ops whose output simply has their first input's shape."""

from __future__ import annotations

from ..errors import ShapeError
from .consteval import dims_product, int_vector
from .registry import shape_fn
from .util import check_rank, fmt, unknown


@shape_fn("MatrixBandPart", "MatrixSetDiag", "MatrixSetDiagV2", "MatrixSetDiagV3",
          "ClipByValue", "Cumsum", "Cumprod", "CumulativeLogsumexp", "Roll",
          "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxArgs",
          "FakeQuantWithMinMaxVarsPerChannel", "QuantizeAndDequantizeV2",
          "QuantizeAndDequantizeV3", "QuantizeAndDequantizeV4")
def same_as_first(ctx):
    return [ctx.in_shape(0)]


@shape_fn("MatrixDiag")
def matrix_diag(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    if not x:
        raise ShapeError("diagonal input must have rank at least 1")
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
        return [None]
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
    x = ctx.in_shape(0)
    block = int_vector(ctx, 1, "block_shape")
    pads = ctx.in_value(2)
    if x is None:
        return [None]
    if block is None or pads is None:
        return [unknown(len(x))]
    m = len(block)
    pads = pads.reshape(m, 2).tolist()
    if len(x) < m + 1:
        raise ShapeError(f"input {fmt(x)} has rank below 1 + {m} block dims")
    prod = dims_product(block)
    out = list(x)
    to_batch = ctx.node.op == "SpaceToBatchND"
    if x[0] is not None:
        if not to_batch and x[0] % prod:
            raise ShapeError(f"batch {x[0]} is not a multiple of the block size {prod}")
        out[0] = x[0] * prod if to_batch else x[0] // prod
    for i, (b, (lo, hi)) in enumerate(zip(block, pads)):
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
    bs = int(ctx.attr("block_size", 0) or 0)
    pads = ctx.in_value(1)
    if x is None or pads is None:
        return [unknown(4) if x is not None else None]
    (t, b), (left, r) = pads.reshape(2, 2).tolist()
    n, h, w, c = x
    if ctx.node.op == "SpaceToBatch":
        return [(None if n is None else n * bs * bs, None if h is None else (h + t + b) // bs,
                 None if w is None else (w + left + r) // bs, c)]
    return [(None if n is None else n // (bs * bs), None if h is None else h * bs - t - b,
             None if w is None else w * bs - left - r, c)]

