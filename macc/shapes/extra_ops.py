"""Shape functions of audio, sampling, CTC and assorted image ops seen in real graphs (TF's
audio_ops.cc, random_ops.cc, stateless_random_ops.cc, ctc_ops.cc, nn_ops.cc, math_ops.cc,
image_ops.cc, linalg_ops.cc, data_flow_ops.cc), written from TF 2.21's rules.
"""

from __future__ import annotations

from ..errors import ShapeError
from .consteval import int_value
from .registry import shape_fn
from .util import check_rank, dim_of, fmt, unify_dim

# --- audio -----------------------------------------------------------------------------------

def next_power_of_two(n: int) -> int:
    """The smallest power of two ≥ n (TF's NextPowerOfTwo; 1 for n ≤ 1)."""
    return 1 if n <= 1 else 1 << (n - 1).bit_length()


@shape_fn("AudioSpectrogram")
def audio_spectrogram(ctx):
    """[samples, channels] -> [channels, frames, fft/2 + 1]; frames = 1 + (samples − window) //
    stride (0 when the signal is shorter than one window), fft = next power of two ≥ window."""
    x = ctx.in_shape(0)
    check_rank(x, 2, "input")
    window, stride = int(ctx.attr("window_size", 0)), int(ctx.attr("stride", 0))
    if window <= 1:
        raise ShapeError(f"window_size must be > 1, got {window}")
    if stride <= 0:
        raise ShapeError(f"stride must be positive, got {stride}")
    length = dim_of(x, 0)
    frames = None if length is None else (0 if length < window else 1 + (length - window) // stride)
    return [(dim_of(x, 1), frames, 1 + next_power_of_two(window) // 2)]


@shape_fn("Mfcc")
def mfcc(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 3, "spectrogram")
    check_rank(ctx.in_shape(1), 0, "sample_rate")
    return [(dim_of(s, 0), dim_of(s, 1), int(ctx.attr("dct_coefficient_count", 13)))]


def _wanted(ctx, key):
    v = int(ctx.attr(key, -1))
    if v < -1:
        raise ShapeError(f"{key} must be non-negative or -1, got {v}")
    return None if v == -1 else v


@shape_fn("DecodeWav")
def decode_wav(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    return [(_wanted(ctx, "desired_samples"), _wanted(ctx, "desired_channels")), ()]


@shape_fn("EncodeWav")
def encode_wav(ctx):
    check_rank(ctx.in_shape(0), 2, "audio")
    check_rank(ctx.in_shape(1), 0, "sample_rate")
    return [()]


# --- sampling --------------------------------------------------------------------------------

@shape_fn("Multinomial", "StatelessMultinomial")
def multinomial(ctx):
    logits = ctx.in_shape(0)
    check_rank(logits, 2, "logits")
    check_rank(ctx.in_shape(1), 0, "num_samples")
    return [(dim_of(logits, 0), int_value(ctx, 1, "num_samples"))]


@shape_fn("RandomShuffle")
def random_shuffle(ctx):
    return [ctx.in_shape(0)]


@shape_fn("RandomGamma", "RandomPoisson", "RandomPoissonV2")
def random_gamma(ctx):
    """The sample shape (input 0, read as a shape) followed by the parameters' shape."""
    shape, params = ctx.in_shape_tensor(0), ctx.in_shape(1)
    if shape is None or params is None:
        return [None]
    return [tuple(shape) + tuple(params)]


@shape_fn("ParameterizedTruncatedNormal")
def parameterized_truncated_normal(ctx):
    for i, what in enumerate(("means", "stdevs", "minvals", "maxvals"), start=1):
        s = ctx.in_shape(i)
        if s is not None and len(s) > 1:
            raise ShapeError(f"{what} {fmt(s)} must be a scalar or a vector")
    return [ctx.in_shape_tensor(0)]


@shape_fn("SampleDistortedBoundingBox", "SampleDistortedBoundingBoxV2",
          "StatelessSampleDistortedBoundingBox")
def sample_distorted_bounding_box(ctx):
    check_rank(ctx.in_shape(0), 1, "image_size")
    check_rank(ctx.in_shape(1), 3, "bounding_boxes")
    return [(3,), (3,), (1, 1, 4)]


# --- CTC -------------------------------------------------------------------------------------

def _ctc_batch(ctx, seq_i):
    x, lengths = ctx.in_shape(0), ctx.in_shape(seq_i)
    check_rank(x, 3, "inputs")
    check_rank(lengths, 1, "sequence_length")
    return x, unify_dim(dim_of(x, 1), dim_of(lengths, 0),
                        "the batch of inputs and sequence_length differ")


@shape_fn("CTCGreedyDecoder")
def ctc_greedy_decoder(ctx):
    _, batch = _ctc_batch(ctx, 1)
    return [(None, 2), (None,), (2,), (batch, 1)]


@shape_fn("CTCBeamSearchDecoder")
def ctc_beam_search_decoder(ctx):
    _, batch = _ctc_batch(ctx, 1)
    paths = int(ctx.attr("top_paths", 1))
    return [(None, 2)] * paths + [(None,)] * paths + [(2,)] * paths + [(batch, paths)]


@shape_fn("CTCLoss", "CTCLossV2")
def ctc_loss(ctx):
    check_rank(ctx.in_shape(1), 2, "labels_indices")
    check_rank(ctx.in_shape(2), 1, "labels_values")
    unify_dim(dim_of(ctx.in_shape(1), 0), dim_of(ctx.in_shape(2), 0),
              "labels_indices and labels_values differ in length")
    x, batch = _ctc_batch(ctx, 3)
    grad = (None, batch, None) if x is None else (x[0], batch, x[2])  # TF: rank 3
    return [(batch,), grad]


# --- evaluation and statistics ---------------------------------------------------------------

@shape_fn("InTopK", "InTopKV2")
def in_top_k(ctx):
    p, t = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(p, 2, "predictions")
    check_rank(t, 1, "targets")
    if ctx.node.op == "InTopKV2":
        check_rank(ctx.in_shape(2), 0, "k")
    return [(unify_dim(dim_of(p, 0), dim_of(t, 0), "predictions and targets differ in batch"),)]


@shape_fn("HistogramFixedWidth")
def histogram_fixed_width(ctx):
    check_rank(ctx.in_shape(1), 1, "value_range")
    check_rank(ctx.in_shape(2), 0, "nbins")
    return [(int_value(ctx, 2, "nbins"),)]


@shape_fn("MatrixSquareRoot")
def matrix_square_root(ctx):
    """A batch of square matrices, its last two dims merged."""
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    if len(x) < 2:
        raise ShapeError(f"input {fmt(x)} must have rank at least 2")
    n = unify_dim(x[-2], x[-1], f"input {fmt(x)} is not square")
    return [tuple(x[:-2]) + (n, n)]


# --- images ----------------------------------------------------------------------------------

@shape_fn("ImageProjectiveTransformV2", "ImageProjectiveTransformV3")
def image_projective_transform(ctx):
    images = ctx.in_shape(0)
    check_rank(images, 4, "images")
    check_rank(ctx.in_shape(1), 2, "transforms")
    check_rank(ctx.in_shape(2), 1, "output_shape")
    # TF reads output_shape only when it is a constant (not a partial shape)
    size = ctx.in_value(2)
    if size is not None and size.size != 2:
        raise ShapeError(f"output_shape has {size.size} entries, expected 2")
    h, w = (int(v) for v in size.reshape(-1)) if size is not None else (None, None)
    return [(dim_of(images, 0), h, w, dim_of(images, 3))]


@shape_fn("EncodePng", "EncodeJpeg")
def encode_image(ctx):
    """EncodeJpeg: one [H, W, C] image, a scalar. EncodePng (TF 2.21) also takes a batch of
    images [..., H, W, C] and gives [...]; of an unknown rank it gives an unknown shape."""
    x = ctx.in_shape(0)
    if ctx.node.op == "EncodeJpeg":
        check_rank(x, 3, "image")
        return [()]
    if x is None:
        return [None]
    if len(x) < 3:
        raise ShapeError(f"image {fmt(x)} must have rank at least 3")
    return [tuple(x[:-3])]


@shape_fn("CropAndResizeGradImage")
def crop_and_resize_grad_image(ctx):
    check_rank(ctx.in_shape(0), 4, "grads")
    check_rank(ctx.in_shape(1), 2, "boxes")
    check_rank(ctx.in_shape(2), 1, "box_ind")
    size = ctx.in_shape_tensor(3)
    if size is not None and len(size) != 4:
        raise ShapeError(f"image_size has {len(size)} entries, expected 4")
    return [size if size is not None else (None,) * 4]


# --- the legacy (ref-handle) stack -----------------------------------------------------------

@shape_fn("Stack")
def stack_v1(ctx):
    return [(2,)]


@shape_fn("StackPush")
def stack_push_v1(ctx):
    return [ctx.in_shape(1)]


@shape_fn("StackPop")
def stack_pop_v1(ctx):
    return [None]


@shape_fn("StackClose")
def stack_close_v1(ctx):
    return []
