"""Shape arithmetic shared by shape functions: dims that may be unknown (None)."""

from __future__ import annotations

from ..errors import ShapeError


def known(shape) -> bool:
    return shape is not None and all(d is not None for d in shape)


def merge_dim(a, b):
    return a if a is not None else b


def merge(preferred, fallback):
    """Dim by dim, a known dim of ``preferred`` wins, else ``fallback``'s."""
    if preferred is None:
        return fallback
    if fallback is None or len(fallback) != len(preferred):
        return preferred
    return tuple(p if p is not None else f for p, f in zip(preferred, fallback))


def broadcast(a, b):
    """numpy broadcasting of two shapes with unknown dims."""
    if a is None or b is None:
        return None
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None or y is None:
            # an unknown dim against a known one: the known one unless it is 1 (handled above)
            out.append(x if y is None else y)
        elif x != y:
            raise ShapeError(f"shapes {_fmt(a)} and {_fmt(b)} do not broadcast")
        else:
            out.append(x)
    return tuple(reversed(out))


def _fmt(shape):
    if shape is None:
        return "<unknown rank>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


fmt = _fmt


def int_list(value, what: str) -> list[int]:
    """An attr that must be a list of ints."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, int) for v in value):
        raise ShapeError(f"attr '{what}' must be a list of ints, got {value!r}")
    return list(value)


def check_rank(shape, rank: int, what: str):
    if shape is not None and len(shape) != rank:
        raise ShapeError(f"{what} has rank {len(shape)}, expected {rank}")


MAX_RANK = 254  # TensorFlow's TensorShape::MaxDimensions()


def unknown(rank: int | None):
    if rank is not None and rank > MAX_RANK:
        raise ShapeError(f"rank {rank} is over TensorFlow's maximum of {MAX_RANK}")
    return None if rank is None else (None,) * rank


def unify(a, b, what: str = "inputs"):
    """Merge two shapes that must agree: known dims must match; unknowns are filled."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b):
        raise ShapeError(f"{what} have different ranks: {_fmt(a)} vs {_fmt(b)}")
    out = []
    for x, y in zip(a, b):
        if x is not None and y is not None and x != y:
            raise ShapeError(f"{what} have incompatible shapes {_fmt(a)} and {_fmt(b)}")
        out.append(x if x is not None else y)
    return tuple(out)


def unify_dim(a, b, what: str):
    if a is not None and b is not None and a != b:
        raise ShapeError(f"{what}: {a} vs {b}")
    return a if a is not None else b


def count_attr(ctx, key: str, what: str = "") -> int:
    """A count attr (Nsparse, num_outputs...): a non-negative int, or the length of a list attr
    that counts by its entries (a list of types)."""
    n = ctx.attr(key, 0)
    if isinstance(n, list):
        return len(n)
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        about = f" ({what})" if what else ""
        raise ShapeError(f"attr '{key}'{about} must be a non-negative int, got {n!r}")
    return n


def declared_shapes(ctx, shapes_key: str, types_key: str) -> list:
    """A list-of-shapes attr (``shapes``, ``output_shapes``) as the outputs, one per entry of the
    types attr beside it (None entries: unknown rank); a ShapeError when the counts differ."""
    shapes = ctx.attr(shapes_key) or []
    n = count_attr(ctx, types_key)
    if not isinstance(shapes, list) or len(shapes) != n:
        got = len(shapes) if isinstance(shapes, list) else 0
        raise ShapeError(f"attr '{shapes_key}' has {got} entries, '{types_key}' {n}")
    return [None if s is None else tuple(s) for s in shapes]


def dim_of(shape, i: int):
    """Dim ``i`` of a shape of known rank, or None (unknown rank or dim)."""
    return None if shape is None else shape[i]


def ranked_input(ctx, i: int, rank: int, what: str):
    """Input ``i``'s shape, checked to have ``rank``; an unknown rank is ``rank`` unknown dims,
    as TF's ``WithRank`` makes it (and so do the outputs TF derives from it)."""
    s = ctx.in_shape(i)
    check_rank(s, rank, what)
    return s if s is not None else unknown(rank)


def text_attr(ctx, key: str, default=None):
    """A string attr (data_format, padding...) as str: macc.attrs keeps a string that is not
    UTF-8 as bytes, read here as latin-1; any other value as it is."""
    v = ctx.attr(key, default)
    return v.decode("latin-1") if isinstance(v, bytes) else v


def check_rank_at_least(shape, rank: int, what: str = "input"):
    """``shape`` itself; raises when its rank is known and below ``rank``."""
    if shape is not None and len(shape) < rank:
        raise ShapeError(f"{what} must have rank at least {rank}, got {_fmt(shape)}")
    return shape
