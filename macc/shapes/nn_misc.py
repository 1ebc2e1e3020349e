"""Shape functions of batch normalization (fused, forward and gradient), losses, LRN, bias
gradients and image resizing."""

from __future__ import annotations

from ..errors import ShapeError
from .nn import layout
from .registry import shape_fn
from .util import broadcast, check_rank, fmt, text_attr, unify, unify_dim, unknown


def _bn_layout(ctx, *inputs):
    """(rank, channel axis) of a fused batch norm: TF takes the rank from data_format (4 for
    NHWC/NCHW, 5 for NDHWC/NCDHW) and requires every data input to have it."""
    fmt_ = text_attr(ctx, "data_format", "NHWC")
    rank = 5 if fmt_ in ("NDHWC", "NCDHW") else 4
    for s, what in inputs:
        if s is not None and len(s) != rank:
            raise ShapeError(f"{what} has rank {len(s)}, expected {rank} (data_format {fmt_})")
    return rank, layout(fmt_, rank)[1]


@shape_fn("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "_FusedBatchNormEx")
def fused_batch_norm(ctx):
    x = ctx.in_shape(0)
    rank, c_ax = _bn_layout(ctx, (x, "input"))
    x = x if x is not None else unknown(rank)  # an unknown-rank input takes data_format's rank
    c = x[c_ax]
    training = bool(ctx.attr("is_training", True))
    names = ("scale", "offset") if training else ("scale", "offset", "mean", "variance")
    for i, what in enumerate(names, start=1):
        v = ctx.in_shape(i)
        check_rank(v, 1, what)
        if v is not None:
            c = unify_dim(c, v[0], f"{what} size differs from the input's channels {fmt(x)}")
    y = None
    if x is not None:
        y = list(x)
        y[c_ax] = c
        y = tuple(y)
    vec = (c,)
    outs = [y, vec, vec, vec, vec]
    if ctx.node.op in ("FusedBatchNormV3", "_FusedBatchNormEx"):
        outs.append(None)  # reserve_space_3: an opaque buffer, its shape is left unknown
    return outs


@shape_fn("FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3")
def fused_batch_norm_grad(ctx):
    """TF 2.21: x_backprop is y_backprop's shape (data_format's rank when unknown) with its
    channels merged with x's, scale's and the reserve spaces'; x's other dims are not read."""
    dy, x = ctx.in_shape(0), ctx.in_shape(1)
    rank, c_ax = _bn_layout(ctx, (dy, "y_backprop"), (x, "x"))
    dy = dy if dy is not None else unknown(rank)
    c = unify_dim(dy[c_ax], x[c_ax] if x is not None else None, "y_backprop and x channels")
    for i, what in ((2, "scale"), (3, "reserve_space_1"), (4, "reserve_space_2")):
        v = ctx.in_shape(i)
        check_rank(v, 1, what)
        if v is not None:
            c = unify_dim(c, v[0], f"{what} size differs from the input's channels {fmt(dy)}")
    dx = list(dy)
    dx[c_ax] = c
    return [tuple(dx), (c,), (c,), (0,), (0,)]


@shape_fn("BatchNormWithGlobalNormalization")
def batch_norm_global(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 4, "input")
    return [x]


@shape_fn("BiasAddGrad")
def bias_add_grad(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [(None,)]
    if len(x) < 2:
        raise ShapeError(f"out_backprop {fmt(x)} must have rank at least 2")
    nchw = str(ctx.attr("data_format", "NHWC")).startswith("NC")
    return [((x[1] if nchw else x[-1]),)]


@shape_fn("L2Loss")
def l2_loss(ctx):
    return [()]


@shape_fn("LRN", "LRNGrad")
def lrn(ctx):
    """Rank 4; LRNGrad merges its gradient, input image and output image, as TF does."""
    x = ctx.in_shape(0)
    check_rank(x, 4, "input")
    x = x if x is not None else unknown(4)
    if ctx.node.op == "LRNGrad":
        for i, what in ((1, "input_image"), (2, "output_image")):
            x = unify(x, ctx.in_shape(i), f"input_grads and {what}")
    return [x]


@shape_fn("SoftmaxCrossEntropyWithLogits")
def softmax_xent(ctx):
    logits, labels = ctx.in_shape(0), ctx.in_shape(1)
    if (logits is None) != (labels is None):  # TF merges them when their ranks can agree
        known = logits if logits is not None else labels
        logits = labels = known
    out = broadcast(logits, labels)  # TF broadcasts the two to [batch, classes]
    if out is not None and len(out) != 2:
        raise ShapeError(f"logits {fmt(logits)} and labels {fmt(labels)} must be matrices")
    if out is None:
        return [(None,), (None, None)]
    return [(out[0],), out]


@shape_fn("SparseSoftmaxCrossEntropyWithLogits")
def sparse_softmax_xent(ctx):
    logits, labels = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(logits, 2, "logits")
    check_rank(labels, 1, "labels")
    b = unify_dim(logits[0] if logits else None, labels[0] if labels else None,
                  "logits and labels batch sizes differ")
    classes = logits[1] if logits else None
    return [(b,), (b, classes)]


@shape_fn("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea",
          "ScaleAndTranslate", "QuantizedResizeBilinear")
def resize(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 4, "images")
    size = ctx.in_value(1)  # TF 2.21 reads a folded size only, not a partial one
    if size is not None and size.size != 2:
        raise ShapeError(f"size has {size.size} entries, expected 2")
    h, w = (int(v) for v in size.reshape(-1)) if size is not None else (None, None)
    out = (x[0] if x else None, h, w, x[3] if x else None)
    if ctx.node.op == "QuantizedResizeBilinear":
        return [out, (), ()]
    return [out]


@shape_fn("ResizeBilinearGrad", "ResizeBicubicGrad", "ScaleAndTranslateGrad")
def resize_grad(ctx):
    """The original image's shape (input 1), for grads [N, H, W, C]."""
    check_rank(ctx.in_shape(0), 4, "grads")
    return [ctx.in_shape(1)]


@shape_fn("ResizeNearestNeighborGrad")
def resize_nn_grad(ctx):
    g = ctx.in_shape(0)
    check_rank(g, 4, "grads")
    h, w = _folded_size(ctx, 1)
    return [(g[0] if g else None, h, w, g[3] if g else None)]


def _folded_size(ctx, i):
    """(height, width) from a size input TF folded whole; TF 2.21 reads no partial size here
    ([?, 1] from a Shape slice leaves both unknown)."""
    size = ctx.in_value(i)
    if size is None or size.dtype == object:
        return None, None
    if size.size != 2:
        raise ShapeError(f"size has {size.size} entries, expected 2")
    return tuple(int(v) for v in size.reshape(-1))


@shape_fn("CropAndResize")
def crop_and_resize(ctx):
    x, boxes = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(x, 4, "image")
    check_rank(boxes, 2, "boxes")
    h, w = _folded_size(ctx, 3)
    ind = ctx.in_shape(2)
    check_rank(ind, 1, "box_ind")
    n = unify_dim(boxes[0] if boxes else None, ind[0] if ind else None,
                  "boxes and box_ind differ in the number of boxes")
    return [(n, h, w, x[3] if x else None)]
