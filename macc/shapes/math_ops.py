"""Shape functions of matrix products and broadcasting elementwise arithmetic."""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from .registry import shape_fn
from .util import broadcast, check_rank, fmt, unify

# binary ops whose constant values are worth evaluating (shape arithmetic)
_NUMPY_BINARY = {
    "Add": np.add, "AddV2": np.add, "Sub": np.subtract, "Mul": np.multiply,
    "Maximum": np.maximum, "Minimum": np.minimum, "FloorDiv": np.floor_divide,
    "FloorMod": np.mod, "RealDiv": np.true_divide, "Div": None, "TruncateDiv": None,
    "Greater": np.greater, "GreaterEqual": np.greater_equal, "Less": np.less,
    "LessEqual": np.less_equal, "Equal": np.equal, "NotEqual": np.not_equal,
    "LogicalAnd": np.logical_and, "LogicalOr": np.logical_or, "Pow": np.power,
    "SquaredDifference": lambda a, b: (a - b) * (a - b), "BitwiseAnd": np.bitwise_and,
    "BitwiseOr": np.bitwise_or, "BitwiseXor": np.bitwise_xor, "Atan2": np.arctan2,
    "Xdivy": None, "Xlogy": None, "Xlog1py": None, "DivNoNan": None, "MulNoNan": None,
    "TruncateMod": np.fmod, "Mod": np.fmod, "Complex": None, "Igamma": None, "Igammac": None,
    "Zeta": None, "Polygamma": None, "NextAfter": None,
    "LeftShift": np.left_shift, "RightShift": np.right_shift,
}


def _div(a, b):
    if np.issubdtype(np.asarray(a).dtype, np.integer):
        return np.trunc(np.true_divide(a, b)).astype(np.asarray(a).dtype)
    return np.true_divide(a, b)


_NUMPY_BINARY["Div"] = _div
_NUMPY_BINARY["TruncateDiv"] = _div


@shape_fn(*_NUMPY_BINARY)
def binary_elementwise(ctx):
    a, b = ctx.in_shape(0), ctx.in_shape(1)
    out = broadcast(a, b)
    fn = _NUMPY_BINARY[ctx.node.op]
    va, vb = ctx.in_value(0), ctx.in_value(1)
    if fn is not None and va is not None and vb is not None and va.dtype != object:
        with np.errstate(all="ignore"):
            try:
                res = fn(va, vb)
            except (ValueError, TypeError, ZeroDivisionError):
                res = None
        if res is not None:
            if np.issubdtype(va.dtype, np.integer) and res.dtype != np.bool_:
                res = res.astype(va.dtype, copy=False)
            ctx.set_value(0, res)  # the shape stays the inputs' broadcast, as TF's import
            # infers it: a value of a [?] input (BroadcastGradientArgs's) does not size it
    return [out]


@shape_fn("ApproximateEqual")
def approximate_equal(ctx):
    """TF checks that x and y merge (no broadcasting), then gives x's shape as it is."""
    unify(ctx.in_shape(0), ctx.in_shape(1), "x and y")
    return [ctx.in_shape(0)]


@shape_fn("RsqrtGrad", "SqrtGrad", "TanhGrad", "SigmoidGrad", "ReciprocalGrad", "InvGrad")
def unary_grad(ctx):
    """Gradients of unary functions (y, dy): TF gives the output y's shape as it is, dy's is
    not consulted (no broadcasting: [?,16] with [8,?] stays [?,16])."""
    return [ctx.in_shape(0)]


@shape_fn("ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "SoftplusGrad", "SoftsignGrad",
          "LeakyReluGrad")
def activation_grad(ctx):
    """Gradients of activations (gradients, features): TF merges the two shapes, which must
    agree dim by dim (no broadcasting); a known one wins over an unknown rank."""
    return [unify(ctx.in_shape(0), ctx.in_shape(1), "gradients and features")]


def matmul_shape(a, b, transpose_a: bool, transpose_b: bool):
    """[m,k]·[k,n] -> [m,n] with the transposes applied; unknown dims pass through."""
    check_rank(a, 2, "input a")
    check_rank(b, 2, "input b")
    m = k1 = k2 = n = None
    if a is not None:
        m, k1 = (a[1], a[0]) if transpose_a else (a[0], a[1])
    if b is not None:
        k2, n = (b[1], b[0]) if transpose_b else (b[0], b[1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ShapeError(f"inner dims differ: a {fmt(a)}{' (transposed)' if transpose_a else ''}"
                         f" · b {fmt(b)}{' (transposed)' if transpose_b else ''}: {k1} vs {k2}")
    return (m, n)


@shape_fn("MatMul", "SparseMatMul")
def matmul(ctx):
    ta, tb = bool(ctx.attr("transpose_a", False)), bool(ctx.attr("transpose_b", False))
    out = matmul_shape(ctx.in_shape(0), ctx.in_shape(1), ta, tb)
    a, b = ctx.in_value(0), ctx.in_value(1)
    if a is not None and b is not None and ctx.node.op == "MatMul" and a.dtype != object:
        from .fold import matmul as fold_matmul
        res = fold_matmul(a, b, ta, tb)
        if res is not None:
            ctx.set_value(0, res)
    return [out]
