"""Lowering of SimpleRNN, LSTM and GRU as Keras 3 (3.15, TF 2.21) lowers them with
``unroll=True``: Transpose to [steps, batch, d], Unpack, then the cell's ops once per step
(T copies, each on the previous step's state; the first on a zeros constant), and for
``return_sequences`` Pack and Transpose back. Checked against frozen Keras models
(``tools/fixtures/layers2.py``, ``tests/test_layers2.py``).

``go_backwards`` takes the Unpack's outputs last to first (no ReverseV2: Keras's unrolled loop
indexes the steps backwards) and stacks the outputs in that order, as Keras does.
``Bidirectional`` lowers its layer twice, ``forward_<name>`` and ``backward_<name>`` (the latter
with ``go_backwards``), reverses a backward sequence on axis 1 (ReverseV2) and merges the two.

A Keras graph with the default ``unroll=False`` holds a While loop instead: TF's profiler counts
0 for it, and macc counts its body once (one step). The spec always counts the T steps.

Keras's ``ops.add(a, b)`` becomes a BiasAdd when ``b`` squeezes to a vector of ``a``'s last
size (a bias, or an [1, n] product at batch 1) and AddV2 otherwise; ``a + b`` is always AddV2.
Both count one per element. A mixin of :class:`macc.layers.lower.Lowerer`.
"""

from __future__ import annotations

from .builder import DT_FLOAT, F32, I32

MERGE_OPS = {"sum": "AddV2", "mul": "Mul", "ave": "AddV2"}


class RnnLowering:
    def _keras_add(self, name, a, b):
        """Keras 3's TF ``add``: BiasAdd (after a Squeeze) when ``b`` is bias-like."""
        sa, sb = self.b.shape(a), self.b.shape(b)
        big = [d for d in sb if d > 1]
        if len(big) == 1 and len(sa) > 1 and big[0] == sa[-1]:
            if len(sb) > 1:
                b = self.b.add(f"{name}/Squeeze", "Squeeze", [b], T=F32, squeeze_dims=("ints", []))
            return self.b.add(name, "BiasAdd", [a, b], T=F32, data_format="NHWC")
        return self.b.add(name, "AddV2", [a, b], T=F32)

    def _matmul(self, name, a, w):
        return self.b.add(name, "MatMul", [a, w], T=F32, transpose_a=False, transpose_b=False)

    def _maybe_act(self, scope, y, fn):
        return self._act(scope, y, fn) if fn else y

    def _slice_cols(self, name, x, lo, hi):
        """``x[:, lo:hi]`` (hi None: to the end), as Keras writes a gate's columns."""
        c = self.b.const
        return self.b.add(name, "StridedSlice",
                          [x, c(f"{name}/stack", [0, lo]), c(f"{name}/stack_1", [0, hi or 0]),
                           c(f"{name}/stack_2", [1, 1])],
                          T=F32, Index=I32, begin_mask=1 | (2 if lo == 0 else 0),
                          end_mask=1 | (2 if hi is None else 0), ellipsis_mask=0,
                          new_axis_mask=0, shrink_axis_mask=0)

    def _split_op(self, name, x, n, axis):
        return self.b.add(name, "Split", [self.b.const(f"{name}/split_dim", axis), x], T=F32,
                          num_split=n)

    # ---- the unrolled loop ---------------------------------------------------------------------
    def _unrolled(self, layer, path, xs, n_states, step):
        n, t, _ = self._seq_input(layer, xs[0])
        b = self.b
        xt = b.add(f"{path}/transpose", "Transpose", [xs[0], b.const(f"{path}/transpose/perm",
                                                                      [1, 0, 2])],
                   T=F32, Tperm=I32)
        steps = b.add(f"{path}/unstack", "Unpack", [xt], T=F32, num=t, axis=0)
        states = [b.const(f"{path}/zeros" + (f"_{i}" if i else ""), shape=[n, layer.units],
                          dtype=DT_FLOAT) for i in range(n_states)]
        outs = []
        for i in range(t):
            k = t - 1 - i if layer.go_backwards else i  # go_backwards reads the steps last first
            x_i = steps if k == 0 else f"{steps}:{k}"
            states = step(f"{path}/cell_{i}", x_i, states)
            outs.append(states[0])
        if not layer.return_sequences:
            return outs[-1]
        y = b.add(f"{path}/stack", "Pack", outs, T=F32, N=t, axis=0)
        return b.add(f"{path}/transpose_1", "Transpose",
                     [y, b.const(f"{path}/transpose_1/perm", [1, 0, 2])], T=F32, Tperm=I32)

    # ---- SimpleRNN -----------------------------------------------------------------------------
    def _simple_rnn(self, layer, path, xs):
        d, u = self._seq_input(layer, xs[0])[2], layer.units
        w = self.b.var(f"{path}/kernel", [d, u])
        rw = self.b.var(f"{path}/recurrent_kernel", [u, u])
        bias = self.b.var(f"{path}/bias", [u]) if layer.bias else None

        def step(s, x, states):
            h = self._matmul(f"{s}/MatMul", x, w)
            if bias:
                h = self._keras_add(f"{s}/BiasAdd", h, bias)
            h = self.b.add(f"{s}/add", "AddV2", [h, self._matmul(f"{s}/MatMul_1", states[0], rw)],
                           T=F32)
            return [self._maybe_act(s, h, layer.activation)]
        return self._unrolled(layer, path, xs, 1, step)

    # ---- LSTM ----------------------------------------------------------------------------------
    def _lstm(self, layer, path, xs):
        d, u = self._seq_input(layer, xs[0])[2], layer.units
        w = self.b.var(f"{path}/kernel", [d, 4 * u])
        rw = self.b.var(f"{path}/recurrent_kernel", [u, 4 * u])
        bias = self.b.var(f"{path}/bias", [4 * u]) if layer.bias else None
        act, gate = layer.activation, layer.recurrent_activation

        def step(s, x, states):
            h, c = states
            z = self._keras_add(f"{s}/BiasAdd", self._matmul(f"{s}/MatMul", x, w),
                                self._matmul(f"{s}/MatMul_1", h, rw))
            if bias:
                z = self._keras_add(f"{s}/BiasAdd_1", z, bias)
            z = self._split_op(f"{s}/split", z, 4, 1)
            i = self._maybe_act(f"{s}/i", z, gate)
            f = self._maybe_act(f"{s}/f", f"{z}:1", gate)
            c = self.b.add(f"{s}/add", "AddV2", [
                self.b.add(f"{s}/mul", "Mul", [f, c], T=F32),
                self.b.add(f"{s}/mul_1", "Mul", [i, self._maybe_act(f"{s}/c", f"{z}:2", act)],
                           T=F32)], T=F32)
            o = self._maybe_act(f"{s}/o", f"{z}:3", gate)
            h = self.b.add(f"{s}/mul_2", "Mul", [o, self._maybe_act(f"{s}/h", c, act)], T=F32)
            return [h, c]
        return self._unrolled(layer, path, xs, 2, step)

    # ---- GRU -----------------------------------------------------------------------------------
    def _gru(self, layer, path, xs):
        d, u = self._seq_input(layer, xs[0])[2], layer.units
        b = self.b
        w = b.var(f"{path}/kernel", [d, 3 * u])
        rw = b.var(f"{path}/recurrent_kernel", [u, 3 * u])
        after = layer.reset_after
        bias = (b.var(f"{path}/bias", [2, 3 * u] if after else [3 * u]) if layer.bias else None)
        act, gate = layer.activation, layer.recurrent_activation

        def step(s, x, states):
            h = states[0]
            in_bias = rec_bias = None
            if bias and after:  # ops.split(bias, 2, axis=0), each squeezed on axis 0
                parts = self._split_op(f"{s}/split", bias, 2, 0)
                in_bias = b.add(f"{s}/Squeeze", "Squeeze", [parts], T=F32,
                                squeeze_dims=("ints", [0]))
                rec_bias = b.add(f"{s}/Squeeze_1", "Squeeze", [f"{parts}:1"], T=F32,
                                 squeeze_dims=("ints", [0]))
            elif bias:
                in_bias = bias
            mx = self._matmul(f"{s}/MatMul", x, w)
            if in_bias:
                mx = self._keras_add(f"{s}/BiasAdd", mx, in_bias)
            mx = self._split_op(f"{s}/split_1", mx, 3, -1)
            if after:
                inner = self._matmul(f"{s}/MatMul_1", h, rw)
                if rec_bias:
                    inner = b.add(f"{s}/add", "AddV2", [inner, rec_bias], T=F32)
            else:
                inner = self._matmul(f"{s}/MatMul_1", h, self._slice_cols(
                    f"{s}/strided_slice", rw, 0, 2 * u))
            rz = self._slice_cols(f"{s}/strided_slice_1", inner, 0, u)
            rr = self._slice_cols(f"{s}/strided_slice_2", inner, u, 2 * u)
            z = self._maybe_act(f"{s}/z", b.add(f"{s}/add_1", "AddV2", [mx, rz], T=F32), gate)
            r = self._maybe_act(f"{s}/r", b.add(f"{s}/add_2", "AddV2", [f"{mx}:1", rr], T=F32),
                                gate)
            if after:
                rh = b.add(f"{s}/mul", "Mul", [
                    r, self._slice_cols(f"{s}/strided_slice_3", inner, 2 * u, None)], T=F32)
            else:
                rh = self._matmul(f"{s}/MatMul_2", b.add(f"{s}/mul", "Mul", [r, h], T=F32),
                                  self._slice_cols(f"{s}/strided_slice_3", rw, 2 * u, None))
            hh = self._maybe_act(f"{s}/hh", b.add(f"{s}/add_3", "AddV2", [f"{mx}:2", rh], T=F32),
                                 act)
            one = b.const(f"{s}/sub/x", shape=[], dtype=DT_FLOAT)
            keep = b.add(f"{s}/mul_1", "Mul", [z, h], T=F32)
            new = b.add(f"{s}/mul_2", "Mul", [b.add(f"{s}/sub", "Sub", [one, z], T=F32), hh],
                        T=F32)
            return [b.add(f"{s}/add_4", "AddV2", [keep, new], T=F32)]
        return self._unrolled(layer, path, xs, 1, step)

    # ---- Bidirectional -------------------------------------------------------------------------
    def _bidirectional(self, layer, path, xs):
        """Keras 3's Bidirectional: forward and backward copies of ``layer.layer`` (separate
        weights), the backward sequence reversed back (ReverseV2 on axis 1), then the merge."""
        self._seq_input(layer, xs[0])
        inner = layer.layer
        lower_one = {"SimpleRNN": self._simple_rnn, "LSTM": self._lstm, "GRU": self._gru}[
            inner.type]
        name = inner.name or {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}[inner.type]
        b = self.b
        fwd = lower_one(inner, f"{path}/forward_{name}", xs)
        bwd = lower_one(inner.model_copy(update={"go_backwards": True}),
                        f"{path}/backward_{name}", xs)
        if inner.return_sequences:
            bwd = b.add(f"{path}/ReverseV2", "ReverseV2", [bwd, b.const(f"{path}/ReverseV2/axis",
                                                                        [1])], T=F32, Tidx=I32)
        if layer.merge_mode == "concat":
            return b.add(f"{path}/concat", "ConcatV2", [fwd, bwd, b.const(f"{path}/concat/axis",
                                                                          -1)],
                         N=2, T=F32, Tidx=I32)
        op = MERGE_OPS[layer.merge_mode]
        y = b.add(f"{path}/{'mul' if op == 'Mul' else 'add'}", op, [fwd, bwd], T=F32)
        if layer.merge_mode == "ave":
            two = b.const(f"{path}/truediv/y", shape=[], dtype=DT_FLOAT)  # 2.0
            y = b.add(f"{path}/truediv", "RealDiv", [y, two], T=F32)
        return y
