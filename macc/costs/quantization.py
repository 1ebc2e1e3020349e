"""Fake quantisation, quantise and dequantise: a fixed count per element (no MACCs; TF counts 0).

Per element, written from each op's documented math (scalar-only work such as the nudged scale,
computed once per tensor or channel, is left out):

- FakeQuantWithMinMax{Args,Vars,VarsPerChannel}: clamp to [min, max] (2 comparisons), subtract
  min, multiply by 1/scale, round, multiply by scale, add min: 7.
- QuantizeAndDequantizeV2/V3/V4: clamp (2), multiply by the scale, round, multiply by the inverse
  scale: 5; when ``range_given`` is false the op first finds the min and the max of the input (per
  slice along ``axis``, or of the whole tensor): two reductions, 2·(N(in0) − slices) comparisons.
- QuantizeV2: clamp (2), subtract min, multiply by the scale, round: 5.
- Dequantize: multiply by the scale, add min: 2.
"""

from __future__ import annotations

from .elementwise import elementwise
from .reduction import reduction_arith
from .registry import Cost, N, dims, register

elementwise("FakeQuantWithMinMaxArgs", "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxVarsPerChannel",
            per=7, on="in0")
elementwise("QuantizeV2", per=5, on="in0")
elementwise("Dequantize", per=2, on="in0")


def _qdq(default_range_given: bool):
    def formula(ctx):
        x = ctx.inp(0)
        if N(x) is None:
            return Cost(None, 0, 0)
        flops, text = 5 * N(x), f"5·{dims(x)}"
        if not bool(ctx.attr("range_given", default_range_given)):
            axis = ctx.attr("axis", -1)
            axis = -1 if axis is None else int(axis)
            slices = () if axis == -1 or not x else (x[axis],)
            got = reduction_arith(x, slices)
            if got is None:
                return Cost(None, 0, 0)
            flops += 2 * got[0]
            text += f" + 2·({got[1]})"
        return Cost(flops, 0, 0, text)
    return formula


_QDQ_TEXT = "5·N(in0), + 2·(N(in0) − slices) for the min and max when range_given is false"
register("QuantizeAndDequantizeV2", "QuantizeAndDequantizeV4", flops=_QDQ_TEXT, tf="0",
         maccs="0")(_qdq(False))
register("QuantizeAndDequantizeV3", flops=_QDQ_TEXT + " (default true)", tf="0", maccs="0")(_qdq(True))
