"""Shape functions of batched matrix products and Einsum."""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import broadcast, fmt, unify_dim


def batch_matmul_shape(a, b, adj_x: bool, adj_y: bool, broadcast_batch: bool = True):
    """[..., m, k] x [..., k, n] -> [..., m, n] (adjoints swap the last two dims). Without
    broadcasting (BatchMatMul v1) TF merges the batch dims, so one input of unknown rank takes
    the other's (rows or columns unknown); with it, an unknown rank leaves the output unknown."""
    if not broadcast_batch and (a is None) != (b is None):
        a, b = (a, (None,) * len(a)) if b is None else ((None,) * len(b), b)
    if a is None or b is None:
        return None
    if len(a) < 2 or len(b) < 2:
        raise ShapeError(f"inputs {fmt(a)} and {fmt(b)} must have rank at least 2")
    m, k1 = (a[-1], a[-2]) if adj_x else (a[-2], a[-1])
    k2, n = (b[-1], b[-2]) if adj_y else (b[-2], b[-1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ShapeError(f"inner dims differ: {fmt(a)}{' (adjoint)' if adj_x else ''} x "
                         f"{fmt(b)}{' (adjoint)' if adj_y else ''}: {k1} vs {k2}")
    if broadcast_batch:
        batch = broadcast(a[:-2], b[:-2])
    else:
        if len(a) != len(b):
            raise ShapeError(f"BatchMatMul inputs {fmt(a)} and {fmt(b)} have different ranks")
        batch = tuple(unify_dim(x, y, f"batch dims of {fmt(a)} and {fmt(b)} differ")
                      for x, y in zip(a[:-2], b[:-2]))
    return tuple(batch) + (m, n)


@shape_fn("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3")
def batch_matmul(ctx):
    return [batch_matmul_shape(ctx.in_shape(0), ctx.in_shape(1), bool(ctx.attr("adj_x", False)),
                               bool(ctx.attr("adj_y", False)), ctx.node.op != "BatchMatMul")]


def _parse_term(term: str):
    """'ab...c' -> (labels before, has ellipsis, labels after)."""
    if term.count("...") > 1 or "." in term.replace("...", ""):
        raise ShapeError(f"bad einsum term '{term}'")
    if "..." in term:
        pre, post = term.split("...")
        return pre, True, post
    return term, False, ""


def einsum_shape(equation: str, shapes):
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ShapeError(f"einsum '{equation}' has {len(terms)} operands, the op has "
                         f"{len(shapes)} inputs")
    dims: dict[str, int | None] = {}
    ell = ()
    ell_known = True
    counts: dict[str, int] = {}
    for term, shape in zip(terms, shapes):
        pre, has_ell, post = _parse_term(term)
        for ch in pre + post:
            if not ch.isalpha():
                raise ShapeError(f"bad einsum label '{ch}' in '{equation}'")
            counts[ch] = counts.get(ch, 0) + 1
        if shape is None:
            for ch in pre + post:
                dims.setdefault(ch, None)
            ell_known = ell_known and not has_ell
            continue
        n_named = len(pre) + len(post)
        if (has_ell and len(shape) < n_named) or (not has_ell and len(shape) != n_named):
            raise ShapeError(f"einsum term '{term}' does not fit operand shape {fmt(shape)}")
        named = list(zip(pre, shape[:len(pre)])) + list(zip(post, shape[len(shape) - len(post):]))
        for ch, d in named:
            prev = dims.get(ch)
            if prev is not None and d is not None and prev != d:
                raise ShapeError(f"einsum label '{ch}' is {prev} in one operand and {d} in "
                                 "another")
            dims[ch] = d if prev is None else prev
        if has_ell:
            ell = broadcast(ell, tuple(shape[len(pre):len(shape) - len(post)]))
    if not arrow:
        rhs_pre = "".join(sorted(ch for ch, c in counts.items() if c == 1))
        out_has_ell = any("..." in t for t in terms)
        rhs_post = ""
    else:
        rhs_pre, out_has_ell, rhs_post = _parse_term(rhs)
    out = []
    for ch in rhs_pre:
        if ch not in dims:
            raise ShapeError(f"einsum output label '{ch}' appears in no input of '{equation}'")
        out.append(dims[ch])
    if out_has_ell:
        if not ell_known:
            return None
        out.extend(ell)
    for ch in rhs_post:
        if ch not in dims:
            raise ShapeError(f"einsum output label '{ch}' appears in no input of '{equation}'")
        out.append(dims[ch])
    return tuple(out)


@shape_fn("Einsum", "XlaEinsum")
def einsum(ctx):
    eq = ctx.attr("equation")
    if not isinstance(eq, str) or not eq:
        raise ShapeError("Einsum has no 'equation' attr")
    return [einsum_shape(eq, [ctx.in_shape(i) for i in range(ctx.n_inputs)])]
