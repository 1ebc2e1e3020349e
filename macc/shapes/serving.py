"""Shape functions of ops found in inference and serving graphs: Grappler's layout ops
(DataFormatVecPermute / DataFormatDimMap, whose constant values are folded as TF folds them),
optimize_for_inference's fused pad/resize convolutions, memmapped and copied constants, image
decoders and crops, searchsorted, Bessel functions, TF-Serving batching, py_func and functional
For (TF 2.21's nn_ops.cc, array_ops.cc, image_ops.cc, batch_ops.cc, script_ops.cc,
functional_ops.cc), written from TF's rules; sets and strings are in sets_strings.py.
"""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from .consteval import dims_product
from .nn import spatial_out, window_attr
from .registry import shape_fn
from .unary import unary
from .util import check_rank, check_rank_at_least, dim_of, fmt, unify, unify_dim, unknown


def _text(v, default: str) -> str:
    v = default if v is None else v
    return v.decode("latin-1") if isinstance(v, bytes) else str(v)


# --- Grappler's layout conversions -----------------------------------------------------------

def _formats(ctx):
    src = _text(ctx.attr("src_format"), "NHWC")
    dst = _text(ctx.attr("dst_format"), "NCHW")
    if sorted(src) != sorted(dst):
        raise ShapeError(f"dst_format {dst} is not a permutation of src_format {src}")
    return src, dst


def vec_permute_index(src: str, dst: str, n: int) -> list[int]:
    """y[j] = x[index[j]] for DataFormatVecPermute on a vector of ``n`` entries: the whole format,
    or only its spatial letters (H, W and, in a 5-d format, D) when n is their count."""
    spatial = "HW" if len(src) == 4 else "DHW"
    if n == len(spatial) and n != len(src):
        src = "".join(ch for ch in src if ch in spatial)
        dst = "".join(ch for ch in dst if ch in spatial)
    if n != len(src):
        raise ShapeError(f"input has {n} entries, expected {len(src)} or {len(spatial)}")
    return [src.index(ch) for ch in dst]


@shape_fn("DataFormatVecPermute")
def data_format_vec_permute(ctx):
    x = ctx.in_shape(0)
    src, dst = _formats(ctx)
    if x is not None and (len(x) not in (1, 2) or (len(x) == 2 and x[1] not in (None, 2))):
        raise ShapeError(f"input {fmt(x)} must be a vector or an [n, 2] matrix")
    val = ctx.in_value(0)
    if val is not None and val.ndim in (1, 2):
        ctx.set_value(0, val[vec_permute_index(src, dst, val.shape[0])])
    return [x]


@shape_fn("DataFormatDimMap")
def data_format_dim_map(ctx):
    src, dst = _formats(ctx)
    val = ctx.in_value(0)
    if val is not None and val.dtype != object:
        n = len(src)
        table = np.array([dst.index(ch) for ch in src], dtype=val.dtype)
        ctx.set_value(0, table[np.mod(val.astype(np.int64), n)])
    return [ctx.in_shape(0)]


# --- optimize_for_inference's fused convolutions ---------------------------------------------

def _size_vector(ctx, i, what):
    s = ctx.in_shape(i)
    check_rank(s, 1, what)
    if s is not None and s[0] not in (None, 2):
        raise ShapeError(f"{what} {fmt(s)} must have 2 entries")
    v = ctx.in_value(i)
    return (None, None) if v is None else tuple(int(d) for d in v.reshape(-1)[:2])


def fused_pad_conv_shapes(ctx, has_resize: bool):
    """(resized, padded, output) shapes of FusedPadConv2D / FusedResizeAndPadConv2D: resize
    (size: a constant [2]), pad (paddings: a constant [4, 2]), then a VALID or SAME NHWC
    convolution without dilations (TF's CommonFusedConvCalculations)."""
    x = ctx.in_shape(0)
    check_rank(x, 4, "input")
    x = x if x is not None else unknown(4)
    resized = x
    if has_resize:
        h, w = _size_vector(ctx, 1, "size")
        resized = (x[0], h, w, x[3])
    pi = 2 if has_resize else 1
    p = ctx.in_shape(pi)
    check_rank(p, 2, "paddings")
    if p is not None and p[0] not in (None, 4):
        raise ShapeError(f"paddings {fmt(p)} must be [4, 2]")
    pv = ctx.in_value(pi)
    if pv is None:
        padded = unknown(4)
    else:
        pv = pv.reshape(4, 2)
        if (pv < 0).any():
            raise ShapeError("paddings must be non-negative")
        padded = tuple(None if d is None else d + int(a) + int(b)
                       for d, (a, b) in zip(resized, pv))
    f = ctx.in_shape(pi + 1)
    check_rank(f, 4, "filter")
    strides = window_attr(ctx, "strides", 4)
    unify_dim(padded[3], dim_of(f, 2), "the padded input's channels and the filter's differ")
    padding = _text(ctx.attr("padding"), "VALID")
    out = (padded[0], spatial_out(padded[1], dim_of(f, 0), strides[1], 1, padding),
           spatial_out(padded[2], dim_of(f, 1), strides[2], 1, padding), dim_of(f, 3))
    return resized, padded, out


@shape_fn("FusedPadConv2D")
def fused_pad_conv2d(ctx):
    return [fused_pad_conv_shapes(ctx, False)[2]]


@shape_fn("FusedResizeAndPadConv2D")
def fused_resize_and_pad_conv2d(ctx):
    return [fused_pad_conv_shapes(ctx, True)[2]]


# --- constants, copies -----------------------------------------------------------------------

@shape_fn("ImmutableConst")
def immutable_const(ctx):
    """A memmapped weight: its ``shape`` attr."""
    return [ctx.attr("shape")]


@shape_fn("GuaranteeConst", "Copy", "CopyHost", "DeepCopy", "UnicodeScript", "UnicodeTranscode",
          "StatelessShuffle")
def same_as_input(ctx):
    return [ctx.in_shape(0)]


# --- image decoding and cropping -------------------------------------------------------------

def _channels(ctx, default=0):
    ch = int(ctx.attr("channels", default) or 0)
    return ch or None


@shape_fn("DecodeImage")
def decode_image(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    if bool(ctx.attr("expand_animations", True)):
        return [None]
    return [(None, None, _channels(ctx))]


@shape_fn("DecodeGif")
def decode_gif(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    return [(None, None, None, 3)]


@shape_fn("DecodeWebP")
def decode_webp(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    return [(None, None, None, _channels(ctx, 4))]


@shape_fn("DecodeAndCropJpeg")
def decode_and_crop_jpeg(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    s = ctx.in_shape(1)
    check_rank(s, 1, "crop_window")
    v = ctx.in_value(1)
    h, w = (None, None) if v is None else (int(v.reshape(-1)[2]), int(v.reshape(-1)[3]))
    return [(h, w, _channels(ctx))]


@shape_fn("ExtractJpegShape")
def extract_jpeg_shape(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    return [(3,)]


@shape_fn("AdjustContrast")
def adjust_contrast(ctx):
    x = ctx.in_shape(0)
    if x is not None and len(x) < 3:
        raise ShapeError(f"images {fmt(x)} must have rank at least 3")
    for i, what in ((1, "contrast_factor"), (2, "min_value"), (3, "max_value")):
        check_rank(ctx.in_shape(i), 0, what)
    return [x]


@shape_fn("RandomCrop")
def random_crop(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 3, "image")
    h, w = _size_vector(ctx, 1, "size")
    return [(h, w, dim_of(x, 2))]


@shape_fn("ExtractGlimpse", "ExtractGlimpseV2")
def extract_glimpse(ctx):
    x, offsets = ctx.in_shape(0), ctx.in_shape(2)
    check_rank(x, 4, "input")
    check_rank(offsets, 2, "offsets")
    batch = unify_dim(dim_of(x, 0), dim_of(offsets, 0), "input and offsets differ in batch")
    if offsets is not None and offsets[1] not in (None, 2):
        raise ShapeError(f"offsets {fmt(offsets)} must be [batch, 2]")
    h, w = _size_vector(ctx, 1, "size")
    return [(batch, h, w, dim_of(x, 3))]


@shape_fn("ExtractVolumePatches")
def extract_volume_patches(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 5, "input")
    x = x if x is not None else unknown(5)
    k = window_attr(ctx, "ksizes", 5)
    strides = window_attr(ctx, "strides", 5)
    padding = _text(ctx.attr("padding"), "VALID")
    depth = None if x[4] is None else k[1] * k[2] * k[3] * x[4]
    if None in x[1:4]:  # TF 2.21's shape function then makes a rank-4 shape (its own slip)
        return [(x[0], None, None, depth)]
    out = [x[0]] + [spatial_out(x[ax], k[ax], strides[ax], 1, padding) for ax in (1, 2, 3)]
    return [tuple(out + [depth])]


# --- search, selection -----------------------------------------------------------------------

@shape_fn("LowerBound", "UpperBound")
def search_sorted(ctx):
    s, v = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(s, 2, "sorted_inputs")
    check_rank(v, 2, "values")
    unify_dim(dim_of(s, 0), dim_of(v, 0), "sorted_inputs and values differ in batch")
    return [v]


@shape_fn("NthElement")
def nth_element(ctx):
    x = check_rank_at_least(ctx.in_shape(0), 1)
    check_rank(ctx.in_shape(1), 0, "n")
    n = ctx.in_value(1)
    if x is not None and n is not None and x[-1] is not None and int(n) >= x[-1]:
        raise ShapeError(f"n {int(n)} must be less than the last dim of {fmt(x)}")
    return [None if x is None else tuple(x[:-1])]


@shape_fn("ApproxTopK")
def approx_top_k(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None, None]
    axis = int(ctx.attr("reduction_dimension", -1))
    if not -len(x) <= axis < len(x):
        raise ShapeError(f"reduction_dimension {axis} is out of range for {fmt(x)}")
    out = list(x)
    out[axis] = int(ctx.attr("k", 0))
    return [tuple(out)] * 2


@shape_fn("UnravelIndex")
def unravel_index(ctx):
    idx, d = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(d, 1, "dims")
    if idx is None:
        return [None]
    if not idx:
        return [(dim_of(d, 0),)]
    return [(dim_of(d, 0), dims_product(idx))]


# --- special functions, FFTs -------------------------------------------------------------------

BESSEL_OPS = ("BesselI0", "BesselI1", "BesselJ0", "BesselJ1", "BesselK0", "BesselK0e",
              "BesselK1", "BesselK1e", "BesselY0", "BesselY1")
shape_fn(*BESSEL_OPS)(unary)


# --- serving: batching, Python functions, functional loops -------------------------------------

@shape_fn("Batch")
def batch(ctx):
    """Each batched tensor: its input with an unknown batch; the index [?, 3]; the id a scalar."""
    outs = [None if x is None or not x else (None,) + tuple(x[1:])
            for x in (ctx.in_shape(i) for i in range(len(ctx.node.inputs)))]
    return outs + [(None, 3), ()]


@shape_fn("BatchFunction", "PyFunc", "PyFuncStateless", "EagerPyFunc")
def unknown_outputs(ctx):
    return [None] * _out_count(ctx)


def _out_count(ctx):
    t = ctx.attr("Tout")
    return len(t) if isinstance(t, (list, tuple)) else 1


@shape_fn("UnbatchGrad")
def unbatch_grad(ctx):
    return [ctx.in_shape(0)]


@shape_fn("For")
def for_loop(ctx):
    """The loop's carried tensors (inputs 3…) come out with their input shapes (TF 2.21's For
    has no shape function beyond this: the body is not run at import)."""
    return [ctx.in_shape(i) for i in range(3, len(ctx.node.inputs))]


@shape_fn("TensorListConcatLists")
def tensor_list_concat_lists(ctx):
    """The two batches of lists merged (TF 2.21: [2] with an unknown one is [2]; [3] and [2]
    are refused)."""
    return [unify(ctx.in_shape(0), ctx.in_shape(1), "input_a and input_b")]


@shape_fn("TensorListPushBackBatch")
def tensor_list_push_back_batch(ctx):
    h = ctx.in_shape(0)
    check_rank(h, 1, "input_handles")
    t = ctx.in_shape(1)  # TF merges the batch with the tensor's leading dim
    batch = (t[0],) if t else (None,)
    return [unify(h if h is not None else (None,), batch, "input_handles and tensor's batch")]


@shape_fn("Unbatch")
def unbatch(ctx):
    x = ctx.in_shape(0)
    return [None if x is None else (None,) + tuple(x[1:])]
