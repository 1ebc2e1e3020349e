"""Einsum: a general contraction, parsed from its equation (TensorFlow counts 0).

Every combination of index values (the product P of all distinct index sizes) is one term. With
two operands each term is one product (P MACCs) and each of the N(out) outputs sums C = P/N(out)
of them (C = product of the contracted sizes): exact N(out)·(2C−1), the dot-product arithmetic of
MatMul. With one operand (transpose, trace, diagonal, sum) there are no products: P − N(out) adds.
Ellipsis dims broadcast NumPy-style (right-aligned, size 1 stretches); without ``->`` the output
is the ellipsis followed by the indices used once, in alphabetical order.
"""

from __future__ import annotations

from ..errors import ShapeError
from .contraction import dot_products
from .registry import Cost, prod, register

ELLIPSIS = "..."


def _split(term: str) -> tuple[list[str], list[str], bool]:
    """``"ab...c"`` -> (["a", "b"], ["c"], True)."""
    before, sep, after = term.partition(ELLIPSIS)
    if ELLIPSIS in after or "." in before + after:
        raise ShapeError(f"bad einsum term '{term}'")
    return list(before), list(after), bool(sep)


def einsum_sizes(equation: str, shapes) -> tuple[dict, list[str]] | None:
    """(size of every index, output indices) or None when a shape is unknown. Ellipsis dims are
    named ``…0``, ``…1``, ... (right-aligned)."""
    eq = "".join(equation.split())
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ShapeError(f"einsum '{equation}' names {len(terms)} operands, the op has {len(shapes)}")
    if any(s is None for s in shapes):
        return None
    parsed = [_split(t) for t in terms]
    ell_rank = 0
    for (before, after, has_ell), shape in zip(parsed, shapes):
        extra = len(shape) - len(before) - len(after)
        if extra < 0 or (extra and not has_ell):
            raise ShapeError(f"einsum term '{before}{after}' does not fit operand of rank {len(shape)}")
        ell_rank = max(ell_rank, extra)
    sizes: dict[str, int | None] = {}
    counts: dict[str, int] = {}
    for (before, after, _), shape in zip(parsed, shapes):
        extra = len(shape) - len(before) - len(after)
        labels = before + [f"…{i}" for i in range(ell_rank - extra, ell_rank)] + after
        for label, d in zip(labels, shape):
            counts[label] = counts.get(label, 0) + 1
            old = sizes.get(label, 1 if label.startswith("…") else d)
            if d is None or old is None:
                sizes[label] = None
            elif label.startswith("…"):
                sizes[label] = max(old, d)  # broadcast: a 1 stretches
            elif old != d and label in sizes:
                raise ShapeError(f"einsum index '{label}' has sizes {old} and {d}")
            else:
                sizes[label] = d
    ell = [f"…{i}" for i in range(ell_rank)]
    if arrow:
        before, after, has_ell = _split(rhs)
        out = before + (ell if has_ell else []) + after
        missing = [x for x in out if x not in sizes]
        if missing:
            raise ShapeError(f"einsum output index '{missing[0]}' is not an input index")
    else:
        out = ell + sorted(x for x, n in counts.items() if n == 1 and not x.startswith("…"))
    if any(v is None for v in sizes.values()):
        return None
    return sizes, out


def einsum_arith(equation: str, shapes) -> tuple[int, int, str] | None:
    """(exact, maccs, text) of an einsum of one or two operands; None when a shape is unknown."""
    if len(shapes) not in (1, 2):
        raise ShapeError(f"einsum of {len(shapes)} operands (TensorFlow takes 1 or 2)")
    got = einsum_sizes(equation, shapes)
    if got is None:
        return None
    sizes, out = got
    n_out = prod(sizes[x] for x in out)
    contracted = [x for x in sizes if x not in out]
    C = prod(sizes[x] for x in contracted)
    out_text = "·".join(str(sizes[x]) for x in out) or "1"
    if len(shapes) == 1:
        P = n_out * C
        return max(P - n_out, 0), 0, f"{P}−{n_out}"
    c_text = "·".join(str(sizes[x]) for x in contracted) or "1"
    return dot_products(n_out, C, out_text, c_text)


@register("Einsum", "XlaEinsum",
          flops="N(out)·(2C−1), C = product of contracted index sizes (1 operand: P − N(out))", tf="0",
          maccs="P = product of all distinct index sizes (1 operand: 0)")
def einsum(ctx):
    eq = ctx.attr("equation")
    if not isinstance(eq, str):
        raise ShapeError("Einsum has no 'equation' attr")
    shapes = [ctx.inp(i) for i in range(len(ctx.node.inputs))]
    got = einsum_arith(eq, shapes)
    if got is None:
        return Cost(None, 0, None)
    return Cost(got[0], 0, got[1], got[2])
