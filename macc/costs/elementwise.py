"""Elementwise ops: a fixed number of scalar operations per element, no MACCs.

One factory, :func:`elementwise`, parameterised by the exact operations per element and by what
TensorFlow's profiler counts (its ops per element and which tensor it counts: ``in0`` for its
unary ops, the broadcast ``out`` for its binary ops; None when TF has no formula, i.e. counts 0).

The exact count is each op's definition written with +, −, ×, ÷, comparisons and elementary
functions (exp, log, sqrt, pow, tanh, erf, sin, ...), each costing 1 (docs/conventions.md).
Dtypes are never checked, in either column (TF does not check them either).
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def per_element(n: int | None, shape, ops: int = 1, tf_ops: int | None = None) -> Cost:
    """``ops`` exact FLOPs and ``tf_ops`` TF FLOPs per element of a tensor of ``n`` elements."""
    if n is None:
        return Cost(None, None, 0)
    tf_ops = ops if tf_ops is None else tf_ops
    return Cost(ops * n, tf_ops * n, 0, scaled(ops, shape))


def scaled(ops: int, shape) -> str:
    return dims(shape) if ops == 1 else f"{ops}·{dims(shape)}"


def _tensor(ctx, which: str):
    """The tensor a count is taken over: 'out' or 'inK' (data input K: 'in0', 'in1', 'in2', ...)."""
    if which == "out":
        return ctx.out()
    return ctx.inp(int(which[2:]))


def elementwise(*ops: str, per: int = 1, on: str = "out", tf_per: int | None = None,
                tf_on: str | None = None):
    """Register ``ops`` as costing ``per`` exact FLOPs per element of ``on`` ('out', 'in0', 'in1', ...);
    TF counts ``tf_per`` per element of ``tf_on`` (None: TF has no formula, 0)."""
    tf_per = per if tf_per is None else tf_per
    unit = f"N({on})" if per == 1 else f"{per}·N({on})"
    tf_text = "0" if tf_on is None else (f"N({tf_on})" if tf_per == 1 else f"{tf_per}·N({tf_on})")

    def formula(ctx):
        shape = _tensor(ctx, on)
        n = N(shape)
        if tf_on is None:
            tf = 0
        else:
            m = N(_tensor(ctx, tf_on))
            tf = None if m is None else tf_per * m
        if n is None:
            return Cost(None, tf, 0)
        return Cost(per * n, tf, 0, scaled(per, shape))

    formula.__name__ = f"elementwise_{ops[0]}"
    register(*ops, flops=unit, tf=tf_text, maccs="0")(formula)
    return formula


# --- TF's unary group: TF counts N(in0) (Rsqrt 2·N(in0)) -------------------------------------
elementwise("Reciprocal", "Square", "Log", "Neg", on="in0", tf_on="in0")
elementwise("Rsqrt", per=2, on="in0", tf_on="in0")  # sqrt, then a divide
# AssignAdd/AssignSub(ref, value): one add per element of the variable
elementwise("AssignAdd", "AssignSub", on="in0", tf_on="in0")

# --- TF's binary group: TF counts N(out), the broadcast output ---------------------------------
elementwise("Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow",
            "Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual", tf_on="out")
elementwise("SquaredDifference", per=2, tf_on="out")  # subtract, then square

# --- counted 0 by TF ---------------------------------------------------------------------------
elementwise("Div", "DivNoNan", "FloorDiv", "TruncateDiv", "FloorMod", "Mod", "TruncateMod",
            "MulNoNan", "Xdivy", "Atan2", "LogicalAnd", "LogicalOr",
            "BitwiseAnd", "BitwiseOr", "BitwiseXor", "LeftShift", "RightShift", "ApproximateEqual")
elementwise("Exp", "Expm1", "Log1p", "Sqrt", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh",
            "Cosh", "Asinh", "Acosh", "Atanh", "Erf", "Erfc", "Lgamma", "Digamma", "Abs",
            "Sign", "Floor", "Ceil", "Round", "Rint", "LogicalNot", "Invert", "IsNan", "IsInf",
            "IsFinite", "Inv", on="in0")
elementwise("Xlogy", "Xlog1py", per=2)  # log(y) (log1p(y)), then a multiply
# special functions: one elementary function per element (docs/conventions.md)
elementwise("Igamma", "Igammac", "Zeta", "Polygamma", "Betainc", "NextAfter")
elementwise("BesselI0e", "BesselI1e", "Dawsn", "Expint", "FresnelCos", "FresnelSin", "Spence",
            "Erfinv", "Ndtri", on="in0")
elementwise("PopulationCount", on="in0")  # one bit-count per element, like the bitwise ops
# complex numbers: Conj negates the imaginary part (1), Angle is atan2(imag, real) (1),
# ComplexAbs is sqrt(re² + im²) (2 squares, an add, a sqrt: 4). Complex/Real/Imag move data (zero).
elementwise("Conj", "Angle", on="in0")
elementwise("ComplexAbs", per=4, on="in0")
elementwise("InvGrad", per=3, on="in0")  # the old name of ReciprocalGrad: −dy·y²
# Cross(a, b) on [..., 3]: each output component is a1·b2 − a2·b1 (2 multiplies, a subtract)
elementwise("Cross", per=3)
elementwise("ClipByValue", per=2, on="in0")  # max with the low bound, min with the high one
# AssignAddVariableOp/AssignSubVariableOp(resource, value): one add per element of value
elementwise("AssignAddVariableOp", "AssignSubVariableOp", on="in1")


@register("BiasAdd", flops="N(in0)", tf="N(in0)", maccs="0")
def bias_add(ctx):
    x = ctx.inp(0)
    return per_element(N(x), x)


@register("BiasAddV1", flops="N(in0)", tf="0", maccs="0")
def bias_add_v1(ctx):
    x = ctx.inp(0)
    return per_element(N(x), x, tf_ops=0)._replace(tf_flops=0)


@register("AddN", flops="(n−1)·N(out), n = data inputs",
          tf="N(in0)·(len(node.input) − 1), control inputs included; 0 with no inputs", maccs="0")
def add_n(ctx):
    entries = ctx.node.n_input_entries
    x = ctx.inp(0)
    if entries == 0:
        tf = 0
    else:
        tf = None if N(x) is None else N(x) * (entries - 1)
    n = len(ctx.node.inputs)
    out = ctx.out() if N(ctx.out()) is not None else x
    if N(out) is None:
        return Cost(None, tf, 0)
    adds = max(n - 1, 0)
    return Cost(adds * N(out), tf, 0, f"{adds}·{dims(out)}")


@register("AccumulateNV2", flops="(n−1)·N(out), n = data inputs (AddN's arithmetic)", tf="0",
          maccs="0")
def accumulate_n_v2(ctx):
    return add_n(ctx)._replace(tf_flops=0)
