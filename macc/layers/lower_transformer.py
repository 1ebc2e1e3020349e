"""Lowering of the transformer layers: the ops Keras 3 (3.15, TF 2.21) emits in a frozen graph.

Checked against frozen Keras models (``tools/fixtures/transformer.py``, ``tools/layers_fuzz.py``):
Dense on a rank > 2 input (Tensordot: Reshape, MatMul, Reshape), LayerNormalization (moments,
Rsqrt, Mul, Neg, AddV2), RMSNormalization (Square, Mean, AddV2, Rsqrt, Mul), Embedding (negative
ids wrapped, GatherV2), MultiHeadAttention (projections as BatchMatMulV2 on a reshaped kernel,
Einsum scores, a scaling Mul, Softmax, Einsum context), gelu in its erfc and tanh forms. A mixin
of :class:`macc.layers.lower.Lowerer`: ``self.b`` is the :class:`~macc.layers.builder.Builder`,
``self.net`` the network.
"""

from __future__ import annotations

import math

from ..errors import SpecError
from .builder import DT_FLOAT, F32, I32


class TransformerLowering:
    # ---- helpers -------------------------------------------------------------------------------
    def _rank3(self, layer, path, x):
        s = self.b.shape(x)
        if len(s) != 3:
            raise SpecError(f"layer '{path}' ({layer.type}): needs a sequence input (batch, seq, "
                            f"features), got {list(s)}")
        return s

    def _fconst(self, name):
        """A float scalar constant (its value does not change a count)."""
        return self.b.const(name, shape=[], dtype=DT_FLOAT)

    # ---- Dense on [batch, seq, ..., d] ----------------------------------------------------------
    def _dense_nd(self, layer, path, x, s):
        """Keras 3's Tensordot: Reshape to [prod(leading), d], MatMul, Reshape back."""
        b = self.b
        w = b.var(f"{path}/kernel", [s[-1], layer.units])
        flat = b.const(f"{path}/Tensordot/Reshape/shape", [math.prod(s[:-1]), s[-1]])
        y = b.add(f"{path}/Tensordot/Reshape", "Reshape", [x, flat], T=F32, Tshape=I32)
        y = b.add(f"{path}/Tensordot/MatMul", "MatMul", [y, w], T=F32, transpose_a=False,
                  transpose_b=False)
        back = b.const(f"{path}/Tensordot/shape", [*s[:-1], layer.units])
        y = b.add(f"{path}/Tensordot", "Reshape", [y, back], T=F32, Tshape=I32)
        return self._bias(path, y, layer.units, layer.bias)

    # ---- gelu ----------------------------------------------------------------------------------
    def _gelu(self, scope, x, approximate: bool):
        """exact: 0.5·x · erfc(−x·(1/√2)); tanh form: 0.5·x · (1 + tanh(√(2/π)·(x + 0.044715·x³)))
        — tf.nn.gelu's ops, in its order."""
        b = self.b
        half = b.add(f"{scope}/mul", "Mul", [self._fconst(f"{scope}/mul/x"), x], T=F32)
        if not approximate:
            neg = b.add(f"{scope}/Neg", "Neg", [x], T=F32)
            z = b.add(f"{scope}/mul_1", "Mul", [neg, self._fconst(f"{scope}/Cast/x")], T=F32)
            e = b.add(f"{scope}/Erfc", "Erfc", [z], T=F32)
            return b.add(f"{scope}/mul_2", "Mul", [half, e], T=F32)
        cube = b.add(f"{scope}/Pow", "Pow", [x, self._fconst(f"{scope}/Pow/y")], T=F32)
        c = b.add(f"{scope}/mul_1", "Mul", [self._fconst(f"{scope}/Cast/x"), cube], T=F32)
        inner = b.add(f"{scope}/add", "AddV2", [x, c], T=F32)
        inner = b.add(f"{scope}/mul_2", "Mul", [self._fconst(f"{scope}/mul_2/x"), inner], T=F32)
        t = b.add(f"{scope}/Tanh", "Tanh", [inner], T=F32)
        t = b.add(f"{scope}/add_1", "AddV2", [self._fconst(f"{scope}/add_1/x"), t], T=F32)
        return b.add(f"{scope}/mul_3", "Mul", [half, t], T=F32)

    # ---- LayerNorm -----------------------------------------------------------------------------
    def _layer_norm(self, layer, path, xs):
        """mean, variance = moments over the last axis (Mean, StopGradient, SquaredDifference,
        Mean); inv = rsqrt(variance + eps) [· gamma]; out = x·inv + (−mean·inv [+ beta]).
        On N elements in R = N/d rows: 9·N + 4·R flops with gamma and beta, 8·N + 4·R with gamma
        only, 7·N + 5·R with beta only, 6·N + 5·R with neither (TF's profiler counts the same;
        tests/test_layers.py has the count per op)."""
        b, x = self.b, xs[0]
        s = b.shape(x)
        d = s[-1]
        axes = b.const(f"{path}/moments/mean/reduction_indices", [-1])
        mean = b.add(f"{path}/moments/mean", "Mean", [x, axes], T=F32, Tidx=I32, keep_dims=True)
        sg = b.add(f"{path}/moments/StopGradient", "StopGradient", [mean], T=F32)
        sq = b.add(f"{path}/moments/SquaredDifference", "SquaredDifference", [x, sg], T=F32)
        axes2 = b.const(f"{path}/moments/variance/reduction_indices", [-1])
        var = b.add(f"{path}/moments/variance", "Mean", [sq, axes2], T=F32, Tidx=I32,
                    keep_dims=True)
        inv = b.add(f"{path}/add", "AddV2", [var, self._fconst(f"{path}/add/y")], T=F32)
        inv = b.add(f"{path}/Rsqrt", "Rsqrt", [inv], T=F32)
        bshape = [1] * (len(s) - 1) + [d]
        if layer.scale:
            gamma = b.var(f"{path}/gamma", [d])
            g = self._reshape_to(f"{path}/Reshape", gamma, bshape)
            inv = b.add(f"{path}/mul", "Mul", [inv, g], T=F32)
        names = ("mul_2", "mul_1") if layer.scale else ("mul_1", "mul")
        y = b.add(f"{path}/{names[0]}", "Mul", [x, inv], T=F32)
        neg = b.add(f"{path}/Neg", "Neg", [mean], T=F32)
        shift = b.add(f"{path}/{names[1]}", "Mul", [neg, inv], T=F32)
        if layer.center:
            beta = b.var(f"{path}/beta", [d])
            r = "Reshape_1" if layer.scale else "Reshape"
            shift = b.add(f"{path}/add_1", "AddV2",
                          [shift, self._reshape_to(f"{path}/{r}", beta, bshape)], T=F32)
            return b.add(f"{path}/add_2", "AddV2", [y, shift], T=F32)
        return b.add(f"{path}/add_1", "AddV2", [y, shift], T=F32)

    # ---- RMSNorm -------------------------------------------------------------------------------
    def _rmsnorm(self, layer, path, xs):
        """x · rsqrt(mean(x²) + eps) · scale over the last axis: Square, Mean (keep_dims),
        AddV2, Rsqrt, Mul, Mul by the [d] scale. On N elements in R = N/d rows: 4·N + 3·R flops
        (Square N, Mean N, the eps add R, Rsqrt 2·R, two Muls 2·N), TF's profiler alike."""
        b, x = self.b, xs[0]
        d = b.shape(x)[-1]
        sq = b.add(f"{path}/Square", "Square", [x], T=F32)
        axes = b.const(f"{path}/Mean/reduction_indices", [-1])
        ms = b.add(f"{path}/Mean", "Mean", [sq, axes], T=F32, Tidx=I32, keep_dims=True)
        inv = b.add(f"{path}/add", "AddV2", [ms, self._fconst(f"{path}/add/y")], T=F32)
        inv = b.add(f"{path}/Rsqrt", "Rsqrt", [inv], T=F32)
        y = b.add(f"{path}/Mul", "Mul", [x, inv], T=F32)
        return b.add(f"{path}/Mul_1", "Mul", [y, b.var(f"{path}/scale", [d])], T=F32)

    # ---- Embedding -----------------------------------------------------------------------------
    def _embedding(self, layer, path, xs):
        """ids < 0 → ids + input_dim (Less, StridedSlice of the table's shape, AddV2, SelectV2),
        then GatherV2 of the [input_dim, output_dim] table."""
        b, ids = self.b, xs[0]
        if ids not in self.int_refs:
            raise SpecError(f"layer '{path}' (Embedding): needs int32 ids (an Input with "
                            f"dtype = \"int32\")")
        table = b.var(f"{path}/embeddings", [layer.input_dim, layer.output_dim])
        less = b.add(f"{path}/Less", "Less", [ids, b.const(f"{path}/Less/y", 0)], T=I32)
        shape = b.const(f"{path}/Shape", [layer.input_dim, layer.output_dim])
        rows = b.add(f"{path}/strided_slice", "StridedSlice",
                     [shape, b.const(f"{path}/strided_slice/stack", [0]),
                      b.const(f"{path}/strided_slice/stack_1", [1]),
                      b.const(f"{path}/strided_slice/stack_2", [1])],
                     T=I32, Index=I32, begin_mask=0, end_mask=0, ellipsis_mask=0,
                     new_axis_mask=0, shrink_axis_mask=1)
        wrapped = b.add(f"{path}/add", "AddV2", [ids, rows], T=I32)
        sel = b.add(f"{path}/SelectV2", "SelectV2", [less, wrapped, ids], T=I32)
        return b.add(f"{path}/GatherV2", "GatherV2", [table, sel, b.const(f"{path}/GatherV2/axis", 0)],
                     Tparams=F32, Tindices=I32, Taxis=I32, batch_dims=0)

    # ---- MultiHeadAttention --------------------------------------------------------------------
    def _mha_projection(self, path, x, heads, dim, bias):
        """EinsumDense "abc,cde->abde" as Keras 3 lowers it: the [d, heads, dim] kernel reshaped
        to [d, heads·dim], BatchMatMulV2, Reshape to [batch, seq, heads, dim], AddV2 bias."""
        b = self.b
        n, t, d = b.shape(x)
        k = b.var(f"{path}/kernel", [d, heads, dim])
        k = self._reshape_to(f"{path}/Reshape", k, [d, heads * dim])
        y = b.add(f"{path}/MatMul", "BatchMatMulV2", [x, k], T=F32, adj_x=False, adj_y=False)
        y = self._reshape_to(f"{path}/Reshape_1", y, [n, t, heads, dim])
        if bias:
            y = b.add(f"{path}/Add", "AddV2", [y, b.var(f"{path}/bias", [heads, dim])], T=F32)
        return y

    def _attention_inputs(self, layer, path, xs):
        """(query, value, key) of an attention layer: one input (self-attention), [query, value]
        or [query, value, key] as Keras's call; all [batch, seq, d], key and value alike long."""
        if len(xs) > 3:
            raise SpecError(f"layer '{path}' ({layer.type}): takes one input (self-"
                            f"attention) or [query, value] or [query, value, key], got {len(xs)}")
        q_in = xs[0]
        v_in = xs[1] if len(xs) > 1 else q_in
        k_in = xs[2] if len(xs) > 2 else v_in
        n = self._rank3(layer, path, q_in)[0]
        for ref in (v_in, k_in):
            if self._rank3(layer, path, ref)[0] != n:
                raise SpecError(f"layer '{path}' ({layer.type}): query and value differ "
                                f"in batch size")
        if self.b.shape(k_in)[1] != self.b.shape(v_in)[1]:
            raise SpecError(f"layer '{path}' ({layer.type}): key and value differ in "
                            f"sequence length")
        return q_in, v_in, k_in

    def _multi_head_attention(self, layer, path, xs):
        q_in, v_in, k_in = self._attention_inputs(layer, path, xs)
        h, kd = layer.num_heads, layer.key_dim
        vd = layer.value_dim or kd
        q = self._mha_projection(f"{path}/query", q_in, h, kd, layer.bias)
        k = self._mha_projection(f"{path}/key", k_in, h, kd, layer.bias)
        v = self._mha_projection(f"{path}/value", v_in, h, vd, layer.bias)
        return self._attend(path, q, k, v, h, vd, self.b.shape(q_in)[2], layer.bias)

    def _group_query_attention(self, layer, path, xs):
        q_in, v_in, k_in = self._attention_inputs(layer, path, xs)
        hq, hkv, hd = layer.num_query_heads, layer.num_key_value_heads, layer.head_dim
        q = self._mha_projection(f"{path}/query", q_in, hq, hd, layer.bias)
        k = self._mha_projection(f"{path}/key", k_in, hkv, hd, layer.bias)
        k = self._repeat_heads(f"{path}/Repeat", k, hq // hkv)
        v = self._mha_projection(f"{path}/value", v_in, hkv, hd, layer.bias)
        v = self._repeat_heads(f"{path}/Repeat_1", v, hq // hkv)
        return self._attend(path, q, k, v, hq, hd, self.b.shape(q_in)[2], layer.bias)

    def _repeat_heads(self, path, x, times):
        """tf.repeat(x, times, axis=2) on [batch, seq, heads, dim] as TF lowers it at a known
        shape: ExpandDims at 3, Tile by [1, 1, 1, times, 1], and a Reshape to [batch, seq,
        heads·times, dim] whose shape is built from the input's (a constant here) by StridedSlice,
        an int32 Mul of times by the heads (1 flop in TF's profiler), Pack and ConcatV2."""
        b = self.b
        n, t, h, d = b.shape(x)
        y = b.add(f"{path}/ExpandDims", "ExpandDims", [x, b.const(f"{path}/ExpandDims/dim", 3)],
                  T=F32, Tdim=I32)
        r = b.add(f"{path}/Cast", "Cast", [b.const(f"{path}/repeats", times)], SrcT=I32,
                  DstT=I32, Truncate=False)
        r = b.add(f"{path}/Reshape", "Reshape", [r, b.const(f"{path}/Reshape/shape_1", [])],
                  T=I32, Tshape=I32)
        ones = [b.const(f"{path}/Tile/multiples/{i}", 1) for i in (0, 1, 2, 4)]
        mult = b.add(f"{path}/Tile/multiples", "Pack", [*ones[:3], r, ones[3]], T=I32, N=5,
                     axis=0)
        y = b.add(f"{path}/Tile", "Tile", [y, mult], T=F32, Tmultiples=I32)
        shape = b.const(f"{path}/Shape", [n, t, h, d])

        def part(name, begin, end, **masks):
            stack = [b.const(f"{path}/{name}/stack{sfx}", [v]) for sfx, v in
                     (("", begin), ("_1", end), ("_2", 1))]
            return b.add(f"{path}/{name}", "StridedSlice", [shape, *stack], T=I32, Index=I32,
                         **{m: masks.get(m, 0) for m in ("begin_mask", "end_mask",
                                                         "ellipsis_mask", "new_axis_mask",
                                                         "shrink_axis_mask")})
        lead = part("strided_slice", 0, 2, begin_mask=1)
        heads = part("strided_slice_1", 2, 3, shrink_axis_mask=1)
        heads = b.add(f"{path}/mul", "Mul", [r, heads], T=I32)
        heads = b.add(f"{path}/concat/values_1", "Pack", [heads], T=I32, N=1, axis=0)
        tail = part("strided_slice_2", 3, 0, end_mask=1)
        new = b.add(f"{path}/concat", "ConcatV2", [lead, heads, tail,
                                                   b.const(f"{path}/concat/axis", 0)],
                    T=I32, Tidx=I32, N=3)
        return b.add(f"{path}/Reshape_1", "Reshape", [y, new], T=F32, Tshape=I32)

    def _attend(self, path, q, k, v, h, vd, d, bias):
        """Scores, softmax, context and the output projection of Keras's attention layers:
        Einsum BTNH,BSNH->BNTS, Mul by 1/√dim, Softmax, Einsum BNTS,BSNH->BTNH, then the
        [heads, dim, d] kernel as a BatchMatMulV2 and a BiasAdd."""
        b = self.b
        n = b.shape(q)[0]
        s = b.add(f"{path}/einsum/Einsum", "Einsum", [q, k], equation="BTNH,BSNH->BNTS", N=2,
                  T=F32)
        s = b.add(f"{path}/Mul", "Mul", [s, self._fconst(f"{path}/Cast/x")], T=F32)  # 1/√key_dim
        p = b.add(f"{path}/Softmax", "Softmax", [s], T=F32)
        c = b.add(f"{path}/einsum_1/Einsum", "Einsum", [p, v], equation="BNTS,BSNH->BTNH", N=2,
                  T=F32)
        scope = f"{path}/attention_output"
        c = self._reshape_to(f"{scope}/Reshape", c, [n, b.shape(c)[1], h * vd])
        w = b.var(f"{scope}/kernel", [h, vd, d])
        w = self._reshape_to(f"{scope}/Reshape_1", w, [h * vd, d])
        y = b.add(f"{scope}/MatMul", "BatchMatMulV2", [c, w], T=F32, adj_x=False, adj_y=False)
        return self._bias(scope, y, d, bias)

    # ---- ViT / BERT glue -----------------------------------------------------------------------
    def _position_embedding(self, layer, path, xs):
        n, t, d = self._rank3(layer, path, xs[0])
        rows = layer.max_length or t
        if rows < t:
            raise self.b.error("max_length", f"{rows} is shorter than the sequence ({t})")
        table = self.b.var(f"{path}/embeddings", [rows, d])
        part = self.b.add(f"{path}/Slice", "Slice",
                          [table, self.b.const(f"{path}/Slice/begin", [0, 0]),
                           self.b.const(f"{path}/Slice/size", [t, d])], T=F32, Index=I32)
        return self.b.add(f"{path}/add", "AddV2", [xs[0], part], T=F32)

    def _class_token(self, layer, path, xs):
        n, _, d = self._rank3(layer, path, xs[0])
        tok = self.b.var(f"{path}/token", [1, 1, d])
        tok = self.b.add(f"{path}/BroadcastTo", "BroadcastTo",
                         [tok, self.b.const(f"{path}/BroadcastTo/shape", [n, 1, d])],
                         T=F32, Tidx=I32)
        axis = self.b.const(f"{path}/concat/axis", 1)
        return self.b.add(f"{path}/concat", "ConcatV2", [tok, xs[0], axis], N=2, T=F32, Tidx=I32)

    def _select_token(self, layer, path, xs):
        _, t, _ = self._rank3(layer, path, xs[0])
        i = layer.index
        if not -t <= i < t:
            raise self.b.error("index", f"{i} is out of range for a sequence of {t}")
        end = i + 1 if i != -1 else 0  # as Python's x[:, i] writes it
        c = self.b.const
        return self.b.add(f"{path}/strided_slice", "StridedSlice",
                          [xs[0], c(f"{path}/stack", [0, i]), c(f"{path}/stack_1", [0, end]),
                           c(f"{path}/stack_2", [1, 1])],
                          T=F32, Index=I32, begin_mask=1, end_mask=1,
                          ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=2)
