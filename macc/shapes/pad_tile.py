"""Shape functions that grow, repeat or flip a tensor by a vector input: Tile, Pad, PadV2,
MirrorPad, BroadcastTo, ReverseV2 and ReverseSequence. Known values are carried along (the
folds TF's import does)."""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from . import fold
from .consteval import int_vector, norm_axis, small
from .registry import shape_fn
from .util import check_rank, fmt, unify, unknown


@shape_fn("Tile")
def tile(ctx):
    x = ctx.in_shape(0)
    mult = ctx.in_shape_tensor(1)
    if x is not None and mult is not None and len(mult) != len(x):
        raise ShapeError(f"multiples has {len(mult)} entries, the input {fmt(x)} has rank {len(x)}")
    if mult is None:
        return [unknown(len(x)) if x is not None else None]
    if x is None:
        return [unknown(len(mult))]
    out = tuple(None if a is None or m is None else a * m for a, m in zip(x, mult))
    val, mv = ctx.in_value(0), ctx.in_value(1)
    if val is not None and mv is not None and small(out):
        ctx.set_value(0, np.tile(val, [int(m) for m in mv]))
    return [out]


@shape_fn("Pad", "PadV2", "MirrorPad")
def pad(ctx):
    x = ctx.in_shape(0)
    p = ctx.in_shape(1)
    check_rank(p, 2, "paddings")
    if p is not None:
        if p[1] is not None and p[1] != 2:
            raise ShapeError(f"paddings has shape {fmt(p)}, expected [rank, 2]")
        if x is not None and p[0] is not None and p[0] != len(x):
            raise ShapeError(f"paddings has {p[0]} rows, the input {fmt(x)} has rank {len(x)}")
    if ctx.node.op == "PadV2" and ctx.n_inputs > 2:
        check_rank(ctx.in_shape(2), 0, "constant_values")
    pv = ctx.in_value(1)
    rank = len(x) if x is not None else (p[0] if p is not None else None)
    if ctx.node.op == "MirrorPad" and x is None and (p is None or p[0] is None):
        return [None]  # TF: an unknown rank unless the input's or the paddings' rows say it
    if pv is None:
        return [unknown(rank)]
    pv = pv.reshape(-1, 2) if pv.size else pv.reshape(0, 2)
    if rank is not None and pv.shape[0] != rank:
        raise ShapeError(f"paddings has {pv.shape[0]} rows, the input has rank {rank}")
    if (pv < 0).any():
        raise ShapeError(f"paddings {pv.tolist()} has a negative entry")
    if x is None:
        return [unknown(pv.shape[0])]
    out = []
    mirror = ctx.node.op == "MirrorPad"
    mode = str(ctx.attr("mode", "REFLECT")).upper()
    for d, (lo, hi) in zip(x, pv.tolist()):
        # TF's import accepts mirror paddings past the dim (its kernel refuses them: no value)
        out.append(None if d is None else d + lo + hi)
    val = ctx.in_value(0)
    if val is not None:
        cval = ctx.in_value(2) if ctx.node.op == "PadV2" and ctx.n_inputs > 2 else None
        const = 0 if cval is None else cval.reshape(-1)[0]
        if ctx.node.op != "PadV2" or cval is not None:
            res = fold.pad(val, pv, const, mode if mirror else None)
            if res is not None:
                ctx.set_value(0, res.astype(val.dtype, copy=False))
    return [tuple(out)]


@shape_fn("ReverseSequence")
def reverse_sequence(ctx):
    """The input's shape, its batch dim merged with seq_lengths' length (TF takes the batch from
    there when the input's is unknown: a bidirectional RNN's reversed TensorArray output)."""
    x, lengths = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(lengths, 1, "seq_lengths")
    if x is None:
        return [None]
    if ctx.attr("seq_dim") is None:
        raise ShapeError("attr 'seq_dim' is missing (TF requires it)")
    batch_dim, seq_dim = int(ctx.attr("batch_dim", 0) or 0), int(ctx.attr("seq_dim"))
    for name, d in (("batch_dim", batch_dim), ("seq_dim", seq_dim)):
        if not 0 <= d < len(x):
            raise ShapeError(f"{name} {d} is out of range for input {fmt(x)}")
    if batch_dim == seq_dim:
        raise ShapeError(f"seq_dim and batch_dim are both {seq_dim}")
    out = list(x)
    if lengths is not None:
        out[batch_dim] = unify((x[batch_dim],), (lengths[0],), "input batch and seq_lengths")[0]
    return [tuple(out)]


@shape_fn("ReverseV2", "Reverse")
def reverse(ctx):
    x = ctx.in_shape(0)
    if ctx.node.op == "ReverseV2":
        axes = int_vector(ctx, 1, "axis")
        val = ctx.in_value(0)
        if axes is not None and val is not None and x is not None:
            ax = tuple(norm_axis(a, len(x)) for a in axes)
            ctx.set_value(0, np.flip(val, ax) if ax else val)
    elif x is None:  # Reverse v1: one bool per dim, so their count is the rank (TF 2.21)
        dims = ctx.in_shape(1)
        if dims is not None and len(dims) == 1 and dims[0] is not None:
            return [(None,) * dims[0]]
    return [x]


@shape_fn("BroadcastTo")
def broadcast_to(ctx):
    x = ctx.in_shape(0)
    target = ctx.in_shape_tensor(1)
    if target is None:
        return [None]
    if x is not None and len(x) > len(target):
        raise ShapeError(f"cannot broadcast {fmt(x)} to a shape of rank {len(target)}")
    out = target
    if x is not None:
        # TF's shape function checks (and fills an unknown target dim from) only the input dims
        # above 1: a 0 against 11 imports (the kernel refuses it), a 0 against ? stays ?
        padded = (1,) * (len(target) - len(x)) + tuple(x)
        dims = []
        for a, t in zip(padded, target):
            if a is None or a <= 1:
                dims.append(t)
            elif t is None or a == t:
                dims.append(a)
            else:
                raise ShapeError(f"cannot broadcast {fmt(x)} to {fmt(target)}")
        out = tuple(dims)
    val = ctx.in_value(0)
    if val is not None and small(out) and all(
            a in (1, t) for a, t in zip(val.shape[::-1], out[::-1])):  # no value the kernel refuses
        ctx.set_value(0, np.broadcast_to(val, out).copy())
    return [out]
