"""Shape functions of the fused recurrent kernels (TF's rnn_ops.cc and cudnn_rnn_ops.cc).

LSTMBlockCell / GRUBlockCell: every output is [batch, cell] (batch from x, cell from the
previous cell state / hidden state). BlockLSTM(V2): [time, batch, cell], cell = len(b)/4.
CudnnRNN v1–v3: output [time, batch, directions·units] (V3 batch-major when ``time_major`` is
false), output_h = input_h, output_c = input_c (v1/v2: input_h) for LSTMs and a scalar otherwise,
the reserve spaces of unknown shape.
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, dim_of, fmt


@shape_fn("LSTMBlockCell", "GRUBlockCell")
def block_cell(ctx):
    """Every output is [batch of x, units of the previous state]: LSTMBlockCell's 7 (i, cs, f, o,
    ci, co, h), GRUBlockCell's 4 (r, u, c, h)."""
    lstm = ctx.node.op == "LSTMBlockCell"
    x, state = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(x, 2, "x")
    check_rank(state, 2, "cs_prev" if lstm else "h_prev")
    return [(dim_of(x, 0), dim_of(state, 1))] * (7 if lstm else 4)


@shape_fn("BlockLSTM", "BlockLSTMV2")
def block_lstm(ctx):
    x, b = ctx.in_shape(1), ctx.in_shape(ctx.n_inputs - 1)
    check_rank(x, 3, "x")
    check_rank(b, 1, "b")
    gates = dim_of(b, 0)
    if gates is not None and gates % 4:
        raise ShapeError(f"bias {fmt(b)} is not 4 gates of equal size")
    cell = None if gates is None else gates // 4
    return [(dim_of(x, 0), dim_of(x, 1), cell)] * 7


def _str(v, default):
    if v is None:
        return default
    return v.decode("latin-1") if isinstance(v, bytes) else str(v)


@shape_fn("CudnnRNN", "CudnnRNNV2", "CudnnRNNV3")
def cudnn_rnn(ctx):
    op = ctx.node.op
    x, h = ctx.in_shape(0), ctx.in_shape(1)
    if op == "CudnnRNNV3":
        check_rank(x, 3, "input")
        check_rank(h, 3, "input_h")
        check_rank(ctx.in_shape(3), 1, "params")
        check_rank(ctx.in_shape(4), 1, "sequence_lengths")
    time_major = op != "CudnnRNNV3" or bool(ctx.attr("time_major", True))
    seq = dim_of(x, 0 if time_major else 1) if x is not None else None
    batch = dim_of(x, 1 if time_major else 0) if x is not None else None
    units = dim_of(h, 2) if h is not None and len(h) > 2 else None
    dirs = 2 if _str(ctx.attr("direction"), "unidirectional") == "bidirectional" else 1
    size = None if units is None else units * dirs
    out = (seq, batch, size) if time_major else (batch, seq, size)
    lstm = _str(ctx.attr("rnn_mode"), "lstm") == "lstm"
    c = (ctx.in_shape(2) if op == "CudnnRNNV3" else h) if lstm else ()
    reserve = [None] * (2 if op != "CudnnRNN" else 1)
    return [out, h, c] + reserve


@shape_fn("CudnnRNNParamsSize")
def cudnn_params_size(ctx):
    for i, what in enumerate(("num_layers", "num_units", "input_size")):
        check_rank(ctx.in_shape(i), 0, what)
    return [(1,)]


@shape_fn("CudnnRNNCanonicalToParams", "CudnnRNNCanonicalToParamsV2")
def cudnn_canonical_to_params(ctx):
    return [(None,)]


@shape_fn("CudnnRNNParamsToCanonical", "CudnnRNNParamsToCanonicalV2")
def cudnn_params_to_canonical(ctx):
    check_rank(ctx.in_shape(3), 1, "params")
    if ctx.node.op == "CudnnRNNParamsToCanonical":
        nw = nb = int(ctx.attr("num_params", 0))
    else:
        nw, nb = int(ctx.attr("num_params_weights", 0)), int(ctx.attr("num_params_biases", 0))
    return [(None, None)] * nw + [(None,)] * nb

