"""Shape functions of less common ops: segment reductions, partitions, patches, small linear
algebra, dense-from-sparse, quantization, image decoding. Data-dependent sizes stay unknown."""

from __future__ import annotations

from ..errors import ShapeError
from . import fold
from .consteval import int_value, output_count
from .nn import layout, spatial_out, window_attr
from .registry import shape_fn
from .util import check_rank, check_rank_at_least, fmt, unify, unknown


@shape_fn("Empty")
def empty(ctx):
    return [ctx.in_shape_tensor(0)]


@shape_fn("SparseToDense")
def sparse_to_dense(ctx):
    return [ctx.in_shape_tensor(1)]


@shape_fn("DynamicPartition")
def dynamic_partition(ctx):
    n = output_count(ctx.attr("num_partitions", 1), "num_partitions")
    data, idx = ctx.in_shape(0), ctx.in_shape(1)
    if data is None or idx is None:
        return [None] * n
    if len(idx) > len(data):
        raise ShapeError(f"partitions {fmt(idx)} have a higher rank than data {fmt(data)}")
    vd, vp = ctx.in_value(0), ctx.in_value(1)
    if (vd is not None and vp is not None and vd.dtype != object and vp.dtype != object
            and vp.shape == vd.shape[:vp.ndim] and ((vp >= 0) & (vp < n)).all()):
        for k in range(n):  # TF's import evaluates it on constants (a DynamicStitch reads them)
            ctx.set_value(k, vd[vp == k])
    # the lengths stay unknown in TF's shape function even when the values fold
    return [(None,) + tuple(data[len(idx):])] * n


@shape_fn("SegmentSum", "SegmentMean", "SegmentProd", "SegmentMax", "SegmentMin")
def segment(ctx):
    data = ctx.in_shape(0)
    return [None if data is None else (None,) + tuple(data[1:])]


@shape_fn("UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin",
          "UnsortedSegmentProd", "SegmentSumV2", "SegmentMaxV2", "SegmentMinV2", "SegmentProdV2")
def unsorted_segment(ctx):
    """[num_segments] + data's dims after segment_ids' (the V2 sorted-segment ops take
    num_segments as an input too)."""
    data, seg = ctx.in_shape(0), ctx.in_shape(1)
    n = int_value(ctx, 2, "num_segments")
    if data is None or seg is None:
        return [None]
    if len(seg) > len(data):
        raise ShapeError(f"segment_ids {fmt(seg)} have a higher rank than data {fmt(data)}")
    dv, sv = ctx.in_value(0), ctx.in_value(1)
    if dv is not None and sv is not None and n is not None and dv.dtype != object:
        res = fold.unsorted_segment(ctx.node.op, dv, sv, n)  # None for the V2 sorted ops
        if res is not None:
            ctx.set_value(0, res)
    return [(n,) + tuple(data[len(seg):])]


@shape_fn("LinSpace")
def lin_space(ctx):
    return [(int_value(ctx, 2, "num"),)]


@shape_fn("Diag")
def diag(ctx):
    x = ctx.in_shape(0)
    return [None if x is None else tuple(x) + tuple(x)]


@shape_fn("DiagPart")
def diag_part(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    if len(x) % 2:
        raise ShapeError(f"input {fmt(x)} must have an even rank")
    half = len(x) // 2
    for a, b in zip(x[:half], x[half:]):
        if a is not None and b is not None and a != b:
            raise ShapeError(f"input {fmt(x)}: the two halves of the shape differ")
    return [tuple(a if a is not None else b for a, b in zip(x[:half], x[half:]))]


@shape_fn("ExtractImagePatches")
def extract_image_patches(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 4, "images")
    x = x if x is not None else unknown(4)
    k = window_attr(ctx, "ksizes", 4)
    strides, rates = window_attr(ctx, "strides", 4), window_attr(ctx, "rates", 4)
    padding = ctx.attr("padding", "VALID")
    _, _, sp = layout("NHWC", 4)
    out = [x[0], None, None, None]
    if None not in (x[1], x[2]):  # TF: one unknown spatial dim leaves both unknown
        for ax in sp:
            out[ax] = spatial_out(x[ax], k[ax], strides[ax], rates[ax], padding)
    out[3] = None if x[3] is None else k[1] * k[2] * x[3]
    return [tuple(out)]


@shape_fn("Cross")
def cross(ctx):
    """a and b merged (both [..., 3]), as TF's shape function gives it."""
    a, b = ctx.in_shape(0), ctx.in_shape(1)
    out = unify(a, b, "a and b")
    if out is not None and (not out or out[-1] not in (None, 3)):
        raise ShapeError(f"a and b {fmt(out)} must end in a dim of 3")
    return [out]


@shape_fn("Bucketize", "MatrixInverse", "Cholesky", "MatrixExponential",
          "MatrixLogarithm", "StringToNumber", "Dequantize", "BatchMatrixBandPart",
          # string ops of one input, elementwise (TF: UnchangedShape)
          "AsString", "StringLength", "StringStrip", "StringLower", "StringUpper",
          "StringToHashBucket", "StringToHashBucketFast", "StringToHashBucketStrong",
          "RegexReplace", "StaticRegexReplace", "RegexFullMatch", "StaticRegexFullMatch",
          "EncodeBase64", "DecodeBase64")
def same_shape(ctx):
    return [ctx.in_shape(0)]


@shape_fn("StringJoin")
def string_join(ctx):
    """Scalars broadcast; every non-scalar input has the one same shape (merged)."""
    out = ()
    for i in range(ctx.n_inputs):
        s = ctx.in_shape(i)
        if s is None:
            if out == ():
                out = None
            continue
        if s == ():
            continue
        out = s if out is None or out == () else unify(out, s)
    return [out]


@shape_fn("MatrixDeterminant", "LogMatrixDeterminant")
def determinant(ctx):
    x = ctx.in_shape(0)
    if x is not None and len(x) < 2:
        raise ShapeError(f"input {fmt(x)} must have rank at least 2")
    out = None if x is None else tuple(x[:-2])
    return [out, out] if ctx.node.op == "LogMatrixDeterminant" else [out]


@shape_fn("QuantizeV2")
def quantize_v2(ctx):
    axis = int(ctx.attr("axis", -1))
    vec = () if axis == -1 else (None,)
    return [ctx.in_shape(0), vec, vec]


@shape_fn("Bincount")
def bincount(ctx):
    return [(int_value(ctx, 1, "size"),)]


@shape_fn("DenseBincount")
def dense_bincount(ctx):
    """A vector of ``size`` bins, or one per row of a matrix input ([rows, size]); with the size
    not known, TF 2.21 knows only the rank (even the rows are unknown)."""
    x = ctx.in_shape(0)
    size = int_value(ctx, 1, "size")
    if x is None:
        return [None]
    if len(x) > 2:
        raise ctx.error(f"input has rank {len(x)}, expected at most 2")
    if size is None:
        return [(None,) * max(len(x), 1)]
    return [(x[0], size) if len(x) == 2 else (size,)]


@shape_fn("ShardedFilename", "ShardedFilespec", "StringFormat")
def string_scalar(ctx):
    return [()]


@shape_fn("StatelessRandomGetKeyCounter", "StatelessRandomGetKeyCounterAlg",
          "StatelessRandomGetAlg")
def rng_key_counter(ctx):
    # TF's RNG_KEY_SIZE 1 and RNG_MAX_COUNTER_SIZE 2; the algorithm is a scalar
    if ctx.node.op == "StatelessRandomGetAlg":
        return [()]
    outs = [(1,), (2,)]
    return outs + [()] if ctx.node.op.endswith("Alg") else outs


def _slice_shape(spec):
    """The shape a checkpoint slice spec ("10 20 0,5:-") restores, None when it is empty or not
    one macc reads."""
    parts = spec.split(" ") if spec else []
    if len(parts) < 2:
        return None
    try:
        full = [int(p) for p in parts[:-1]]
        extents = parts[-1].split(":")
        if len(extents) != len(full):
            return None
        return tuple(d if e == "-" else int(e.split(",")[1]) for d, e in zip(full, extents))
    except (ValueError, IndexError):
        return None


@shape_fn("RestoreV2", "Restore", "RestoreSlice")
def restore(ctx):
    """A tensor per ``dtypes`` entry (one for Restore/RestoreSlice), of the shape its slice spec
    names, else unknown (TF: an empty spec restores a tensor of whatever shape was saved)."""
    op = ctx.node.op
    n = len(ctx.attr("dtypes") or []) if op == "RestoreV2" else 1
    specs = ctx.in_value(2) if op != "Restore" else None
    outs = []
    for i in range(n):
        spec = None
        if specs is not None and specs.dtype == object and specs.size == (n if op == "RestoreV2" else 1):
            raw = specs.reshape(-1)[i]
            spec = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        outs.append(_slice_shape(spec) if spec else None)
    return outs


@shape_fn("DecodeJpeg", "DecodePng", "DecodeBmp")
def decode_image(ctx):
    ch = int(ctx.attr("channels", 0) or 0)
    return [(None, None, ch or None)]


_FFT_RANK = {"FFT": 1, "IFFT": 1, "FFT2D": 2, "IFFT2D": 2, "FFT3D": 3, "IFFT3D": 3,
             "RFFT": 1, "IRFFT": 1, "RFFT2D": 2, "IRFFT2D": 2, "RFFT3D": 3, "IRFFT3D": 3}


@shape_fn("FFT", "IFFT", "FFT2D", "IFFT2D", "FFT3D", "IFFT3D")
def fft(ctx):
    return [check_rank_at_least(ctx.in_shape(0), _FFT_RANK[ctx.node.op])]


@shape_fn("RFFT", "IRFFT", "RFFT2D", "IRFFT2D", "RFFT3D", "IRFFT3D")
def rfft(ctx):
    """The last d dims become fft_length (real -> complex: the last one fft_length/2 + 1, or 0
    for a length of 0); unknown without a constant fft_length."""
    d = _FFT_RANK[ctx.node.op]
    x = check_rank_at_least(ctx.in_shape(0), d)
    if x is None:
        return [None]
    lengths = ctx.in_value(1)
    out = list(x)
    for i in range(d):
        ax = len(x) - d + i
        if lengths is None:
            out[ax] = None
            continue
        n = int(lengths.reshape(-1)[i])
        if ctx.node.op.startswith("R") and i == d - 1:
            n = n // 2 + 1 if n else 0  # TF 2.21: an fft_length of 0 gives 0 (fuzz seed 7070)
        out[ax] = n
    return [tuple(out)]


@shape_fn("AdjustContrastv2", "AdjustHue", "AdjustSaturation")
def adjust_image(ctx):
    return [check_rank_at_least(ctx.in_shape(0), 3, "images")]


@shape_fn("DrawBoundingBoxes", "DrawBoundingBoxesV2")
def draw_boxes(ctx):
    """The images' shape: rank 4 for DrawBoundingBoxes, at least 3 for V2 (TF 2.21)."""
    x = ctx.in_shape(0)
    if ctx.node.op == "DrawBoundingBoxesV2":
        check_rank_at_least(x, 3, "images")
    else:
        check_rank(x, 4, "images")
    return [x]


@shape_fn("RGBToHSV", "HSVToRGB")
def colorspace(ctx):
    x = check_rank_at_least(ctx.in_shape(0), 1, "images")
    if x is None:
        return [None]
    if x[-1] is not None and x[-1] != 3:
        raise ShapeError(f"images must have 3 channels in the last dim, got {fmt(x)}")
    return [x[:-1] + (3,)]
