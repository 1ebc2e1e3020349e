"""Ops of training graphs: gradients with their own kernels, in-place and scatter updates,
counters, samplers (TensorFlow's profiler counts all of them 0; no MACCs).

- FakeQuantWithMinMaxArgsGradient: the gradient passes where min ≤ x ≤ max: 2 comparisons and a
  multiply by the 0/1 mask: 3 per element. FakeQuantWithMinMaxVars(PerChannel)Gradient also
  sums the gradient below min and above max: per element 1 comparison and 1 multiply for each
  (4), then two sums of N − d adds (d = 1, or the channels): 7N + 2(N − d).
- MirrorPadGrad folds each padded element onto the element it mirrors: one add per padded
  element, N(in0) − N(out). TileGrad sums the tiles: N(in0) − N(in0)/prod(multiples).
- SparseSegment{Sum,Mean,SqrtN}Grad(V2): k = len(indices) rows of the gradient (r elements each)
  are scattered into U distinct output rows (U from constant indices): (k − U)·r adds. Mean and
  SqrtN first count each segment's size (k adds) and take its reciprocal (G = grad rows: G
  divides; SqrtN G square roots more), then scale each scattered row (k·r multiplies).
- LSTMBlockCellGrad: per B·H, do = o(1 − o)·dh·co (4), dcs = (1 − co²)·dh·o + dcs_in (5),
  dci = (1 − ci²)·dcs·i (4), df = f(1 − f)·dcs·cs_prev (4), di = i(1 − i)·dcs·ci (4),
  cs_prev_grad = dcs·f (1): 22; with peepholes dcs += do·wco (2), cs_prev_grad += di·wci + df·wcf
  (4), and wci/wcf/wco_grad each sum a product over the batch: 3·(2B − 1)·H.
- BlockLSTMGrad(V2), per time step (K = I + H): the incoming cell-state and output gradients
  are added to the step's (2BH), the cell's backward step above (the peephole sums accumulate
  into the running gradients: + 3H), xh_grad = dgates·Wᵀ (B·K dot products of length 4H),
  w_grad += xhᵀ·dgates (4H·K dot products of length B, each added into the running sum: 4H·K·2B)
  and b_grad += the batch sum of dgates (4H·B); steps = x[0] (a bound, as for BlockLSTM).
- GRUBlockCellGrad: d_c̄ = dh·(1 − u)·(1 − c²) (5), d_ū = dh·(h_prev − c)·u·(1 − u) (5),
  d_r̄ = d_hr·h_prev·r·(1 − r) (4), d_h_prev = comp + d_hr·r + dh·u (4): 18 per B·H; two
  products with the weights, d_c̄·W_cᵀ (B·K dot products of length H) and [d_r̄ d_ū]·W_ruᵀ
  (length 2H), and their sum for d_x (B·I).
- InplaceAdd/InplaceSub: one add per element of v; ScatterNdMax/Min (and Resource) one
  comparison, ScatterNdNonAliasingAdd one add, per element of updates (scatter.py's convention).
- SegmentSumV2/MaxV2/MinV2/ProdV2: the segment reductions' N(in0) − N(out).
"""

from __future__ import annotations

from .contraction import dot_products
from .elementwise import elementwise
from .reduction import reduction
from .registry import Cost, N, add_zero_ops, dims, prod, register

add_zero_ops(
    # gathers and copies selected by indices (argmax, index matching), counters, overwrites
    "MaxPoolGradGradWithArgmax", "SparseAddGrad", "SparseSliceGrad", "InplaceUpdate",
    "ParallelConcat", "_ParallelConcatStart", "_ParallelConcatUpdate", "UniqueWithCountsV2",
    "CountUpTo", "ResourceCountUpTo",
    # matching sampled ids against the true ones (integer comparisons, hashing)
    "ComputeAccidentalHits",
    # the v1/v2 TensorArray ops of old TF1 graphs and the shaped gradient array: storing tensors
    "TensorArray", "TensorArrayV2", "TensorArrayGrad", "TensorArrayGradV2",
    "TensorArrayGradWithShape", "TensorArrayWrite", "TensorArrayWriteV2", "TensorArrayRead",
    "TensorArrayReadV2", "TensorArrayPack", "TensorArrayUnpack", "TensorArrayGather",
    "TensorArrayGatherV2", "TensorArrayScatter", "TensorArrayScatterV2", "TensorArrayConcat",
    "TensorArrayConcatV2", "TensorArraySplit", "TensorArraySplitV2", "TensorArraySize",
    "TensorArraySizeV2", "TensorArrayClose", "TensorArrayCloseV2",
)

elementwise("FakeQuantWithMinMaxArgsGradient", per=3, on="in1")
elementwise("InplaceAdd", "InplaceSub", on="in2")
elementwise("ScatterNdMax", "ScatterNdMin", "ResourceScatterNdMax", "ResourceScatterNdMin",
            "ScatterNdNonAliasingAdd", on="in2")
reduction("SegmentSumV2", "SegmentMaxV2", "SegmentMinV2", "SegmentProdV2")


def fake_quant_grad_arith(n: int, channels: int) -> int:
    """7 per element (masks, products) + two sums of n elements into ``channels`` each."""
    return 7 * n + 2 * (n - channels)


@register("FakeQuantWithMinMaxVarsGradient", "FakeQuantWithMinMaxVarsPerChannelGradient",
          flops="7·N(in1) + 2·(N(in1) − d), d = 1 (Vars) or in1[-1] (PerChannel)", tf="0")
def fake_quant_vars_grad(ctx):
    x = ctx.inp(1)
    if N(x) is None:
        return Cost(None, 0, 0)
    d = x[-1] if ctx.node.op.endswith("PerChannelGradient") and x else 1
    return Cost(fake_quant_grad_arith(N(x), d), 0, 0, f"7·{dims(x)} + 2·({dims(x)}−{d})")


def fold_adds(n_in: int, n_out: int) -> int:
    """Adds of folding (summing) n_in elements onto n_out: n_in − n_out."""
    return n_in - n_out


@register("MirrorPadGrad", flops="N(in0) − N(out)", tf="0")
def mirror_pad_grad(ctx):
    x, out = ctx.inp(0), ctx.out()
    if N(x) is None or N(out) is None:
        return Cost(None, 0, 0)
    return Cost(fold_adds(N(x), N(out)), 0, 0, f"{dims(x)}−{dims(out)}")


@register("TileGrad", flops="N(in0) − N(in0)/prod(multiples), multiples constant", tf="0",
          values=True)
def tile_grad(ctx):
    x, mult = ctx.inp(0), ctx.value(1)
    if N(x) is None or mult is None or prod(mult.reshape(-1).tolist()) <= 0:
        return Cost(None, 0, 0)
    m = prod(mult.reshape(-1).tolist())
    return Cost(fold_adds(N(x), N(x) // m), 0, 0, f"{dims(x)}−{dims(x)}/{m}")


def segment_grad_arith(k: int, distinct: int, grad_rows: int, row: int, op: str) -> tuple[int, str]:
    """(flops, text) of scattering k gradient rows of ``row`` elements onto ``distinct`` rows."""
    flops, text = (k - distinct) * row, f"({k}−{distinct})·{row}"
    if op != "Sum":
        recips = grad_rows * (2 if op == "SqrtN" else 1)
        flops += k + recips + k * row
        text += f" + {k} + {recips} + {k}·{row}"
    return flops, text


def _segment_grad(op: str):
    def formula(ctx):
        grad, idx, vals = ctx.inp(0), ctx.inp(1), ctx.value(1)
        if N(grad) is None or not idx or idx[0] is None or vals is None or not grad:
            return Cost(None, 0, 0)
        flops, text = segment_grad_arith(idx[0], len(set(vals.reshape(-1).tolist())), grad[0],
                                         prod(grad[1:]), op)
        return Cost(flops, 0, 0, text)
    formula.__name__ = f"sparse_segment_{op.lower()}_grad"
    return formula


_SEG = "k = len(in1), U = distinct constant indices, G = in0[0], r = prod(in0[1:])"
register("SparseSegmentSumGrad", "SparseSegmentSumGradV2", flops=f"(k − U)·r, {_SEG}", tf="0",
         values=True)(_segment_grad("Sum"))
register("SparseSegmentMeanGrad", "SparseSegmentMeanGradV2",
         flops=f"(k − U)·r + k + G + k·r, {_SEG}", tf="0", values=True)(_segment_grad("Mean"))
register("SparseSegmentSqrtNGrad", "SparseSegmentSqrtNGradV2",
         flops=f"(k − U)·r + k + 2G + k·r, {_SEG}", tf="0", values=True)(_segment_grad("SqrtN"))


def lstm_cell_grad_arith(batch: int, units: int, peephole: bool) -> int:
    """LSTMBlockCellGrad's exact flops (module docstring)."""
    flops = 22 * batch * units
    if peephole:
        flops += 6 * batch * units + 3 * (2 * batch - 1) * units
    return flops


@register("LSTMBlockCellGrad", flops="22·B·H; peepholes: + 6·B·H + 3·(2B − 1)·H", tf="0")
def lstm_block_cell_grad(ctx):
    x, cs = ctx.inp(0), ctx.inp(1)
    if N(x) is None or N(cs) is None:
        return Cost(None, 0, 0)
    batch, units, peep = x[0], cs[1], bool(ctx.attr("use_peephole", False))
    text = f"22·{batch}·{units}" + (f" + 6·{batch}·{units} + 3·(2·{batch}−1)·{units}" if peep else "")
    return Cost(lstm_cell_grad_arith(batch, units, peep), 0, 0, text)


def block_lstm_grad_step(batch: int, width: int, units: int, peephole: bool) -> tuple[int, int]:
    """(exact flops, maccs) of one time step of BlockLSTMGrad (module docstring)."""
    k, gates = width + units, 4 * units
    flops = 2 * batch * units + lstm_cell_grad_arith(batch, units, peephole) + 3 * units * peephole
    xh, m1, _ = dot_products(batch * k, gates, "")
    wg, m2, _ = dot_products(gates * k, batch, "")
    return flops + xh + wg + gates * k + gates * batch, m1 + m2


@register("BlockLSTMGrad", "BlockLSTMGradV2",
          flops="T·[2BH + the cell's backward step (+ 3H peepholes) + B·K·(2·4H − 1) + "
                "4H·K·2B + 4H·B], K = I + H, T = x[0]", tf="0", maccs="T·(B·K·4H + 4H·K·B)")
def block_lstm_grad(ctx):
    x, cs = ctx.inp(1), ctx.inp(2)
    if N(x) is None or len(x) != 3 or N(cs) is None:
        return Cost(None, 0, 0)
    steps, batch, width, units = x[0], x[1], x[2], cs[1]
    flops, maccs = block_lstm_grad_step(batch, width, units, bool(ctx.attr("use_peephole", False)))
    return Cost(steps * flops, 0, steps * maccs,
                f"{steps}·[{flops} per step, B={batch} I={width} H={units}]")


def gru_cell_grad_arith(batch: int, width: int, units: int) -> tuple[int, int]:
    """(exact flops, maccs) of GRUBlockCellGrad (module docstring)."""
    k = width + units
    c, m1, _ = dot_products(batch * k, units, "")
    ru, m2, _ = dot_products(batch * k, 2 * units, "")
    return 18 * batch * units + c + ru + batch * width, m1 + m2


@register("GRUBlockCellGrad", flops="18·B·H + B·K·(2H − 1) + B·K·(4H − 1) + B·I, K = I + H",
          tf="0", maccs="B·K·3H")
def gru_block_cell_grad(ctx):
    x, h = ctx.inp(0), ctx.inp(1)
    if N(x) is None or N(h) is None:
        return Cost(None, 0, 0)
    batch, width, units = x[0], x[1], h[1]
    flops, maccs = gru_cell_grad_arith(batch, width, units)
    return Cost(flops, 0, maccs, f"18·{batch}·{units} + {batch}·{width + units}·(2·{units}−1) + "
                                 f"{batch}·{width + units}·(4·{units}−1) + {batch}·{width}")
