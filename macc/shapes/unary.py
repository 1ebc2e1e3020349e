"""Shape functions of elementwise unary ops (the output has the input's shape), AddN and
Softmax. Neg/Abs/Square/Sign/LogicalNot also evaluate small known (or partial) values."""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .shape_ops import unary_value
from .util import unify

UNARY_OPS = (
    # activations
    "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus", "Softsign",
    # exponentials and roots
    "Exp", "Expm1", "Log", "Log1p", "Sqrt", "Rsqrt", "Square", "Reciprocal", "Inv",
    # sign and rounding
    "Neg", "Abs", "Sign", "Floor", "Ceil", "Round", "Rint",
    # special functions
    "Erf", "Erfc", "Erfinv", "Ndtri", "Lgamma", "Digamma", "BesselI0e", "BesselI1e",
    "Dawsn", "Expint", "FresnelCos", "FresnelSin", "Spence",
    # trigonometry
    "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
    # predicates and bit ops
    "IsNan", "IsInf", "IsFinite", "LogicalNot", "Invert", "PopulationCount",
    # complex parts
    "Conj", "Real", "Imag", "ComplexAbs", "Angle",
)


@shape_fn(*UNARY_OPS)
def unary(ctx):
    unary_value(ctx)
    return [ctx.in_shape(0)]


@shape_fn("Softmax", "LogSoftmax")
def softmax(ctx):
    x = ctx.in_shape(0)
    if x is not None and not x:
        raise ShapeError("logits must have rank at least 1")
    return [x]


@shape_fn("AddN")
def add_n(ctx):
    if not ctx.n_inputs:
        raise ShapeError("AddN has no inputs")
    out = None
    for i in range(ctx.n_inputs):
        out = unify(out, ctx.in_shape(i), "AddN inputs")
    vals = ctx.in_values()
    if all(v is not None and v.dtype != object for v in vals):
        total = vals[0]
        for v in vals[1:]:
            total = total + v
        ctx.set_value(0, total)
    return [out]


@shape_fn("AccumulateNV2")
def accumulate_n(ctx):
    # TF's ExplicitShape: the ``shape`` attr as it is, however much more the inputs know
    return [ctx.attr("shape")]


@shape_fn("Betainc")
def beta_inc(ctx):
    """TF 2.21: a, b and x are scalars or one shape (merged, not broadcast); the output is that
    shape, known from any one of them ([2] with the others of unknown rank is [2])."""
    shapes = [ctx.in_shape(i) for i in range(3)]
    out, scalars, other = None, 0, None
    for s in shapes:
        if s is None:
            other = None  # of unknown rank: a scalar or the shape
        elif not s:
            scalars += 1
        else:
            out = unify(out, s, "Betainc's a, b and x")
            other = out
    if scalars == 2:
        return [other]
    if scalars == 3:
        return [()]
    return [out]
