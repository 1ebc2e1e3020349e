"""Fused recurrent kernels: LSTMBlockCell, BlockLSTM(V2), GRUBlockCell, CudnnRNN v1–v3
(TensorFlow's profiler counts them 0).

One step of a cell on a batch of B rows with H units and input width I computes, per gate, B·H
pre-activations, each a dot product of the concatenated [x, h] (length I + H) with a weight
column: 2(I + H) − 1 FLOPs and I + H MACCs (``dot_products``, MatMul's arithmetic), then a bias
add per bias vector, then the cell's per-element arithmetic, with each activation counted as its
own op is (``per_element_ops``: Sigmoid 4, Tanh 1, Relu 1):

- LSTM: i, f, o = σ(·), c̃ = tanh(·), c = f·c_prev + i·c̃ (3), h = o·tanh(c) (1):
  3σ + 2·tanh + 4 = 18 per B·H. The block kernels add the forget bias to f before its sigmoid (1;
  not BlockLSTMV2, which has none), clip c to ±cell_clip when cell_clip > 0 (2 comparisons) and,
  with peepholes, add c_prev·wci to i, c_prev·wcf to f and c·wco to o (6).
- GRUBlockCell: r, u = σ(·) (2 gates), c = tanh(x·Wx + (r·h_prev)·Wh + b) (the product r·h_prev:
  1, then the third gate), h = u·(h_prev − c) + c (3): 2σ + tanh + 4 = 13 per B·H, one bias each.
- cuDNN (its documented equations): two bias vectors per gate (b_W and b_R: 2 adds); W·x and R·h
  are two dot products whose sum costs 2(I + H) − 1 like one; LSTM 18 per B·H as above; GRU
  2σ + tanh + the reset product r·(R·h + b_R) (1) + h = (1 − u)·h̃ + u·h_prev (4) = 14; RNN
  tanh/relu: the activation alone. Layer 0 reads the input (width I), layer l > 0 the previous
  layer's output (directions·H); each direction of each layer is one such cell per time step.

Sequences count one step per time step of the input's time dim (BlockLSTM and cuDNN run a
whole sequence in one op; shorter sequences, when seq_len_max or sequence_lengths say so, do
less: a bound). cuDNN's other configurations (its documented semantics):

- skip_input (auto_select when the input width equals input_h's): layer 0 adds its input to
  every gate's pre-activation instead of the biased product W·x + b_W, so its pre-activations
  cost 2R − 1 (R·h, R the state's width) + 2 (x, b_R); its backprop sums the G gates'
  derivatives into dx ((G − 1)·B·H) instead of the dx and dW products, one bias gradient;
- num_proj > 0 (CudnnRNNV3, LSTMs): input_h is [.., P] and input_c [.., H]; the gates read h of
  width P (products of length I + P), the cell output r (B·H) is projected, h = W_proj·r (B·P
  dot products of length H, no bias); layers l > 0 read dirs·P. Backprop: dh (B·P) = output +
  recurrent gradient (the add moves from B·H to B·P), dr = dh·W_proj (B·H products of length
  P), dW_proj += dhᵀ·r (P·H sums of B products, 2B each);
- dropout > 0 while training, more than one layer: each layer's output but the last (B·dirs·R
  per step, R = P or H) is multiplied by the mask and by the 1/(1 − rate) scale (2 per element); the
  backprop multiplies the gradient flowing back through it the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import ShapeError
from .contraction import dot_products
from .fused import per_element_ops
from .registry import Cost, N, add_zero_ops, register
from .train_ops import lstm_cell_grad_arith

# the cuDNN parameter buffer: a size query and repacking of weights (no arithmetic); the legacy
# ref-handle stack (TF1 loops keep activations there for their gradients): storing tensors
add_zero_ops("CudnnRNNParamsSize", "CudnnRNNCanonicalToParams", "CudnnRNNCanonicalToParamsV2",
             "CudnnRNNParamsToCanonical", "CudnnRNNParamsToCanonicalV2",
             "Stack", "StackPush", "StackPop", "StackClose")


def lstm_cell_ops(peephole: bool, clip: bool, forget_bias: bool) -> int:
    """Per-element FLOPs of an LSTM cell after its gate pre-activations (and their biases)."""
    ops = 3 * per_element_ops("Sigmoid") + 2 * per_element_ops("Tanh") + 4
    return ops + 6 * peephole + 2 * clip + forget_bias


def gru_cell_ops(cudnn: bool) -> int:
    """GRUBlockCell: r·h_prev, h = u·(h_prev − c) + c; cuDNN: r·(R·h + b), h = (1−u)·h̃ + u·h."""
    return 2 * per_element_ops("Sigmoid") + per_element_ops("Tanh") + (5 if cudnn else 4)


def cell_step(batch: int, units: int, width: int, gates: int, biases: int,
              cell_ops: int, recur: int | None = None) -> tuple[int, int]:
    """(exact flops, maccs) of one step: gates·B·H dot products of length width + R (R, the
    recurrent state's width: ``recur``, H when None), ``biases`` adds per pre-activation,
    ``cell_ops`` per B·H."""
    n = gates * batch * units
    flops, maccs, _ = dot_products(n, width + (units if recur is None else recur), "")
    return flops + biases * n + cell_ops * batch * units, maccs


def _float(v, default: float) -> float:
    return default if v is None else float(v)


def _lstm(ctx, x, cell, steps: int, op_defaults: tuple[float, bool]) -> Cost:
    clip_default, has_forget_bias = op_defaults
    if N(x) is None or cell is None:
        return Cost(None, 0, 0)
    batch, width = x[-2], x[-1]
    peep = bool(ctx.attr("use_peephole", False))
    clip = _float(ctx.attr("cell_clip"), clip_default) > 0
    ops = lstm_cell_ops(peep, clip, has_forget_bias)
    flops, maccs = cell_step(batch, cell, width, 4, 1, ops)
    text = (f"{steps}·[{4 * batch * cell}·(2·({width}+{cell})−1) + {4 * batch * cell} bias + "
            f"{ops}·{batch}·{cell}]") if steps != 1 else (
            f"{4 * batch * cell}·(2·({width}+{cell})−1) + {4 * batch * cell} + {ops}·{batch}·{cell}")
    return Cost(steps * flops, 0, steps * maccs, text)


_LSTM_TEXT = ("steps·[4BH·(2(I+H)−1) + 4BH + c·BH], c = 18 + 1 (forget bias; not BlockLSTMV2) "
              "+ 2 (cell_clip > 0) + 6 (peepholes)")


@register("LSTMBlockCell", flops=_LSTM_TEXT.replace("steps·", "").replace("; not BlockLSTMV2", ""),
          tf="0", maccs="4BH·(I+H)")
def lstm_block_cell(ctx):
    cs = ctx.inp(1)
    return _lstm(ctx, ctx.inp(0), None if cs is None else cs[-1], 1, (3.0, True))


@register("BlockLSTM", "BlockLSTMV2", flops=_LSTM_TEXT + ", steps = x[0]", tf="0",
          maccs="steps·4BH·(I+H)")
def block_lstm(ctx):
    x, b = ctx.inp(1), ctx.inp(len(ctx.inputs) - 1)
    if x is None or len(x) != 3 or x[0] is None or b is None or b[0] is None:
        return Cost(None, 0, 0)
    v1 = ctx.node.op == "BlockLSTM"
    return _lstm(ctx, x[1:], b[0] // 4, x[0], (3.0, True) if v1 else (0.0, False))


@register("GRUBlockCell", flops="3BH·(2(I+H)−1) + 3BH + 13·BH", tf="0", maccs="3BH·(I+H)")
def gru_block_cell(ctx):
    x, h = ctx.inp(0), ctx.inp(1)
    if N(x) is None or h is None or h[-1] is None:
        return Cost(None, 0, 0)
    batch, width, cell = x[0], x[1], h[-1]
    ops = gru_cell_ops(False)
    flops, maccs = cell_step(batch, cell, width, 3, 1, ops)
    return Cost(flops, 0, maccs, f"{3 * batch * cell}·(2·({width}+{cell})−1) + "
                                 f"{3 * batch * cell} + {ops}·{batch}·{cell}")


CUDNN_GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}


def _s(v, default: str) -> str:
    if v is None:
        return default
    return v.decode("latin-1") if isinstance(v, bytes) else str(v)


def cudnn_cell_ops(mode: str) -> int:
    if mode == "lstm":
        return lstm_cell_ops(False, False, False)
    if mode == "gru":
        return gru_cell_ops(True)
    return per_element_ops("Tanh" if mode == "rnn_tanh" else "Relu")


class CudnnConfig(NamedTuple):
    """A cuDNN RNN op's configuration: H is the cell's units, ``proj`` the LSTM projection P
    (0: none), ``skip`` skip_input, ``dropout`` dropout between layers while training."""
    steps: int
    batch: int
    width: int
    units: int
    layers: int
    dirs: int
    mode: str
    proj: int = 0
    skip: bool = False
    dropout: bool = False

    @property
    def out(self) -> int:
        """The width of each direction's output and recurrent state: P, or H."""
        return self.proj or self.units

    def layer_input(self, layer: int) -> int:
        return self.width if layer == 0 else self.dirs * self.out

    def dropped(self) -> int:
        """Elements per step that dropout multiplies: every layer's output but the last."""
        return (self.layers - 1) * self.batch * self.dirs * self.out if self.dropout else 0


def _cudnn_config(ctx) -> CudnnConfig | Cost:
    """The configuration of a cuDNN RNN op (forward or backprop: input, input_h and input_c are
    inputs 0–2 of both), or the Cost to report when it is unknown. Batch-major V3 (time_major
    false) takes x as [B, T, I] and the states as [B, layers·dirs, ·] (TF's kernel)."""
    x, h = ctx.inp(0), ctx.inp(1)
    mode = _s(ctx.attr("rnn_mode"), "lstm")
    dirs = 2 if _s(ctx.attr("direction"), "unidirectional") == "bidirectional" else 1
    if N(x) is None or N(h) is None or len(x) != 3 or len(h) != 3 or mode not in CUDNN_GATES:
        return Cost(None, 0, 0)
    batch_major = ctx.node.op.endswith("V3") and not bool(ctx.attr("time_major", True))
    steps, batch, width = (x[1], x[0], x[2]) if batch_major else (x[0], x[1], x[2])
    layers, units = (h[1] if batch_major else h[0]) // dirs, h[2]
    proj = int(ctx.attr("num_proj", 0) or 0)
    if proj > 0:
        c = ctx.inp(2)
        if mode != "lstm":
            raise ShapeError(f"num_proj {proj} with rnn_mode {mode}: cuDNN projects LSTMs only")
        if N(c) is None or len(c) != 3:
            return Cost(None, 0, 0)
        if h[2] != proj or c[2] < proj:
            raise ShapeError(f"input_h {list(h)} and input_c {list(c)} do not fit num_proj {proj}")
        units = c[2]
    input_mode = _s(ctx.attr("input_mode"), "linear_input")
    if input_mode == "auto_select":  # TF's kernel: skip_input exactly when the widths agree
        input_mode = "skip_input" if width == h[2] else "linear_input"
    skip = input_mode == "skip_input"
    if skip and width != units:
        raise ShapeError(f"skip_input needs an input width equal to num_units: {width} ≠ {units}")
    dropout = (_float(ctx.attr("dropout"), 0.0) > 0 and bool(ctx.attr("is_training", True))
               and layers > 1)
    return CudnnConfig(steps, batch, width, units, layers, dirs, mode, proj, skip, dropout)


def cudnn_layer_step(cfg: CudnnConfig, layer: int) -> tuple[int, int]:
    """(exact flops, maccs) of one forward step of one direction of ``layer``: the gates
    (skip_input's layer 0 has no input product: x and b_R are its two adds), then with num_proj
    the projection h = W_proj·r (B·P dot products of length H)."""
    width = 0 if cfg.skip and layer == 0 else cfg.layer_input(layer)
    flops, maccs = cell_step(cfg.batch, cfg.units, width, CUDNN_GATES[cfg.mode], 2,
                             cudnn_cell_ops(cfg.mode), recur=cfg.out)
    proj_f, proj_m, _ = dot_products(cfg.batch * cfg.proj, cfg.units, "")
    return flops + proj_f, maccs + proj_m



@register("CudnnRNN", "CudnnRNNV2", "CudnnRNNV3",
          flops="steps·(Σ_layers dirs·[G·B·H·(2(I_l+R)−1) + 2·G·B·H + cell·B·H + proj] + "
                "2·(layers−1)·B·dirs·R), G = 4 (lstm), 3 (gru), 1 (rnn); cell = 18, 14, 1; "
                "I_0 = input width (0: skip_input), I_l = dirs·R; R = P = num_proj when "
                "num_proj > 0 (lstm only), else H; proj = B·P·(2H−1) when num_proj > 0, else 0; "
                "the last term with dropout in training", tf="0",
          maccs="steps·Σ_layers dirs·(G·B·H·(I_l+R) + B·P·H), the B·P·H only when num_proj > 0")
def cudnn_rnn(ctx):
    cfg = _cudnn_config(ctx)
    if isinstance(cfg, Cost):
        return cfg
    flops = maccs = 0
    for layer in range(cfg.layers):
        f, m = cudnn_layer_step(cfg, layer)
        flops, maccs = flops + cfg.dirs * f, maccs + cfg.dirs * m
    flops += 2 * cfg.dropped()
    b, h, g, r = cfg.batch, cfg.units, CUDNN_GATES[cfg.mode], cfg.out
    text = (f"{cfg.steps}·{cfg.dirs}·Σ{cfg.layers} layers[{g}·{b}·{h}·(2·(I_l+{r})−1) + "
            f"2·{g}·{b}·{h} + {cudnn_cell_ops(cfg.mode)}·{b}·{h}"
            f"{f' + {b}·{cfg.proj}·(2·{h}−1)' if cfg.proj else ''}], "
            f"I_0 = {'0 (skip_input)' if cfg.skip else cfg.width}"
            f"{f' + dropout 2·{cfg.dropped()}' if cfg.dropout else ''}")
    return Cost(cfg.steps * flops, 0, cfg.steps * maccs, text)


def cudnn_cell_grad_ops(mode: str) -> int:
    """Per B·H FLOPs of one backward step's gate derivatives, the forward activations read from
    the reserve space; each starts with dh = the output's gradient + the recurrent one (1).
    LSTM: LSTMBlockCellGrad's 22 (no peepholes): 23. GRU (cuDNN's equations): dh̃ = dh·(1 − u)
    (2), dū = dh·(h_prev − h̃)·u·(1 − u) (5), dh̃_pre = dh̃·(1 − h̃²) (3), the gradient into
    r·(R·h + b_R): dh̃_pre·r (1), dr̄ = dh̃_pre·(R·h + b_R)·r·(1 − r) (4), dh_prev's direct
    term dh·u added to its product with R (2): 18. RNN: TanhGrad's 3 or ReluGrad's 1: 4, 2."""
    if mode == "lstm":
        return lstm_cell_grad_arith(1, 1, False) + 1
    if mode == "gru":
        return 1 + 2 + 5 + 3 + 1 + 4 + 2
    return 1 + per_element_ops("TanhGrad" if mode == "rnn_tanh" else "ReluGrad")


def cudnn_grad_step(batch: int, units: int, width: int, gates: int, cell_grad: int,
                    recur: int | None = None, biases: int = 2) -> tuple[int, int]:
    """(exact flops, maccs) of one backward step of one direction of one layer, K = width + R
    (R = ``recur``, H when None): the gate derivatives (cell_grad per B·H); the data gradients
    dx = dgates·W and dh_prev = dgates·R (B·K dot products of length G·H: the forward's
    products transposed); the weight gradients dW += dgatesᵀ·x and dR += dgatesᵀ·h_prev (G·H·K
    sums of B products, each added into the running sum: 2B); the bias vectors' gradients, the
    batch sum of dgates added into each (``biases``·G·H·B). MACCs: B·K·G·H + G·H·K·B, twice
    the forward's."""
    k, n = width + (units if recur is None else recur), gates * units
    data, m1, _ = dot_products(batch * k, n, "")
    return (cell_grad * batch * units + data + n * k * 2 * batch + biases * n * batch,
            m1 + n * k * batch)


def cudnn_layer_grad(cfg: CudnnConfig, layer: int) -> tuple[int, int]:
    """(exact flops, maccs) of one backward step of one direction of ``layer``. skip_input's
    layer 0: no dx or dW products, one bias gradient, dx = the sum of the G gates' derivatives
    ((G − 1)·B·H). num_proj: dh's add on B·P instead of B·H, then dr = dh·W_proj (B·H dot
    products of length P) and dW_proj += dhᵀ·r (P·H sums of B products, 2B each)."""
    b, h, p, gates = cfg.batch, cfg.units, cfg.proj, CUDNN_GATES[cfg.mode]
    skip = cfg.skip and layer == 0
    flops, maccs = cudnn_grad_step(b, h, 0 if skip else cfg.layer_input(layer), gates,
                                   cudnn_cell_grad_ops(cfg.mode), cfg.out, 1 if skip else 2)
    if skip:
        flops += (gates - 1) * b * h
    if p:
        back, back_m, _ = dot_products(b * h, p, "")
        flops += b * p - b * h + back + p * h * 2 * b
        maccs += back_m + p * h * b
    return flops, maccs


@register("CudnnRNNBackprop", "CudnnRNNBackpropV2", "CudnnRNNBackpropV3",
          flops="steps·(Σ_layers [dirs·(cell'·B·H + B·K_l·(2GH−1) + GH·K_l·2B + 2·GH·B + "
                "proj') + (dirs−1)·B·I_l] + 2·(layers−1)·B·dirs·R), K_l = I_l + R; cell' = 23 "
                "(lstm), 18 (gru), 4 (rnn_tanh), 2 (rnn_relu); proj' = B·P − B·H + B·H·(2P−1) + "
                "P·H·2B when num_proj > 0, else 0; skip_input's layer 0: K_0 = R, one bias, + (G−1)·B·H; "
                "I_l, R and the dropout term as for CudnnRNN", tf="0",
          maccs="steps·Σ_layers dirs·2·(G·B·H·(I_l+R) + B·P·H), the B·P·H only when num_proj > 0")
def cudnn_rnn_backprop(ctx):
    # bidirectional: the two directions' input gradients of a layer are summed ((dirs−1)·B·I_l)
    cfg = _cudnn_config(ctx)
    if isinstance(cfg, Cost):
        return cfg
    flops = maccs = 0
    for layer in range(cfg.layers):
        f, m = cudnn_layer_grad(cfg, layer)
        flops += cfg.dirs * f + (cfg.dirs - 1) * cfg.batch * cfg.layer_input(layer)
        maccs += cfg.dirs * m
    flops += 2 * cfg.dropped()
    b, h, gh = cfg.batch, cfg.units, CUDNN_GATES[cfg.mode] * cfg.units
    text = (f"{cfg.steps}·Σ{cfg.layers} layers[{cfg.dirs}·({cudnn_cell_grad_ops(cfg.mode)}·{b}·{h}"
            f" + {b}·K_l·(2·{gh}−1) + {gh}·K_l·2·{b} + 2·{gh}·{b}"
            f"{' + proj′' if cfg.proj else ''})"
            f"{f' + {b}·I_l' if cfg.dirs > 1 else ''}], K_l = I_l + {cfg.out}, I_0 = {cfg.width}"
            f"{f' (skip_input: K_0 = {cfg.out}, one bias, + {b}·{gh - h})' if cfg.skip else ''}"
            f"{f' + dropout 2·{cfg.dropped()}' if cfg.dropout else ''}")
    return Cost(cfg.steps * flops, 0, cfg.steps * maccs, text)
