"""Lowering of 1-D and 3-D convolutions and pools and of 2-D padding, cropping and upsampling, as
the ops Keras 3 (3.15, TF 2.21) emits in a frozen graph (checked against frozen one-layer Keras
models: ``tools/fixtures/layers2.py``, ``tests/test_layers2.py``).

- Conv1D: ExpandDims (axis −3) of the input and (axis 0) of the [k, cin/groups, filters]
  kernel, Conv2D, Squeeze (axis −3). ``causal``: a Pad of (k − 1)·dilation steps in front,
  then ``valid``. Pools 1-D: ExpandDims (axis 1), MaxPool/AvgPool with a 1×k window, Squeeze.
- A dilation above 1 (1-D and 3-D) is tf.nn.convolution's space-to-batch form: SpaceToBatchND
  by the dilation, padded at the end to a multiple of it, a VALID convolution without
  dilation, BatchToSpaceND cropping the padding back — the convolution's output then includes
  the extra positions, and TF's profiler counts them.
- Grouped Conv1D/Conv3D lower to the grouped op inline. Keras 3 instead wraps a grouped
  convolution in an XLA-compiled function call, which TF's profiler does not look into (0 for
  the call); the spec counts the convolution.

A mixin of :class:`macc.layers.lower.Lowerer` (``self.b``, ``_filters``, ``_bias``).
"""

from __future__ import annotations

from ..errors import SpecError
from ..proto import tensor_pb2
from .base import triple
from .builder import DT_INT32, F32, I32
from .models_seq import margins


def _ndhwc(v) -> tuple:
    return ("ints", [1, *triple(v), 1])


class SeqLowering:
    # ---- helpers -------------------------------------------------------------------------------
    def _rank_n(self, layer, x, n: int, what: str):
        s = self.b.shape(x)
        if len(s) != n:
            raise SpecError(f"layer '{self.b.layer.path}' ({layer.type}): needs {what}, got "
                            f"{list(s)}")
        return s

    def _seq_input(self, layer, x):
        return self._rank_n(layer, x, 3, "a sequence input (batch, steps, channels)")

    def _volume_input(self, layer, x):
        return self._rank_n(layer, x, 5, "a volume input (batch, depth, height, width, channels)")

    def _ints(self, name: str, rows) -> str:
        """An int32 constant of a 2-d table (pads, crops)."""
        t = tensor_pb2.TensorProto(dtype=DT_INT32)
        t.int_val.extend(v for row in rows for v in row)
        for d in (len(rows), len(rows[0])):
            t.tensor_shape.dim.add().size = d
        return self.b.add(name, "Const", value=t, dtype=I32)

    def _expand(self, name, x, axis):
        return self.b.add(name, "ExpandDims", [x, self.b.const(f"{name}/dim", axis)], T=F32,
                          Tdim=I32)

    def _squeeze(self, name, x, axes):
        return self.b.add(name, "Squeeze", [x], T=F32, squeeze_dims=("ints", axes))

    def _groups_of(self, layer, cin, filters):
        if cin % layer.groups or filters % layer.groups:
            raise self.b.error("groups", f"{layer.groups} groups do not divide {cin} input "
                                         f"channels and {filters} filters")
        return cin // layer.groups

    def _space_to_batch(self, path, x, sizes, ks, rates, same: bool):
        """tf.nn.convolution's dilated form: base padding (SAME: (k−1)·rate split, the odd one
        at the end), then padding at the end to a multiple of the rate; returns the padded
        batch and the crops for BatchToSpaceND."""
        pads, crops = [], []
        for size, k, r in zip(sizes, ks, rates):
            total = (k - 1) * r if same else 0
            lo, hi = total // 2, total - total // 2
            extra = (r - (size + lo + hi) % r) % r
            pads.append([lo, hi + extra])
            crops.append([0, extra])
        scope = f"{path}/convolution"
        block = self.b.const(f"{scope}/SpaceToBatchND/block_shape", list(rates))
        y = self.b.add(f"{scope}/SpaceToBatchND", "SpaceToBatchND",
                       [x, block, self._ints(f"{scope}/SpaceToBatchND/paddings", pads)],
                       T=F32, Tblock_shape=I32, Tpaddings=I32)
        return y, crops

    def _batch_to_space(self, path, y, rates, crops):
        scope = f"{path}/convolution/BatchToSpaceND"
        return self.b.add(scope, "BatchToSpaceND",
                          [y, self.b.const(f"{scope}/block_shape", list(rates)),
                           self._ints(f"{scope}/crops", crops)],
                          T=F32, Tblock_shape=I32, Tcrops=I32)

    # ---- Conv1D --------------------------------------------------------------------------------
    def _conv1d(self, layer, path, xs):
        x = xs[0]
        _, steps, cin = self._seq_input(layer, x)
        filters = self._filters(layer)
        per_group = self._groups_of(layer, cin, filters)
        k, s, d = layer.kernel_size, layer.strides, layer.dilation
        if s > 1 and d > 1:
            raise self.b.error("strides", "strides above 1 with a dilation above 1 (Keras "
                                          "allows one or the other)")
        padding = layer.padding
        if padding == "causal":
            x = self.b.add(f"{path}/Pad", "Pad",
                           [x, self._ints(f"{path}/Const", [[0, 0], [(k - 1) * d, 0], [0, 0]])],
                           T=F32, Tpaddings=I32)
            steps, padding = steps + (k - 1) * d, "valid"
        if d > 1:
            x, crops = self._space_to_batch(path, x, [steps], [k], [d], padding == "same")
            padding = "valid"
        scope = f"{path}/convolution"
        y = self._expand(f"{scope}/ExpandDims", x, -3)
        w = self.b.var(f"{path}/kernel", [k, per_group, filters])
        w = self._expand(f"{scope}/ExpandDims_1", w, 0)
        y = self.b.add(scope, "Conv2D", [y, w], T=F32, strides=("ints", [1, 1, s, 1]),
                       padding=padding.upper(), data_format="NHWC",
                       dilations=("ints", [1, 1, 1, 1]), use_cudnn_on_gpu=True,
                       explicit_paddings=("ints", []))
        y = self._squeeze(f"{scope}/Squeeze", y, [-3])
        if d > 1:
            y = self._batch_to_space(path, y, [d], crops)
        return self._bias(path, y, filters, layer.bias)

    # ---- Conv3D --------------------------------------------------------------------------------
    def _conv3d(self, layer, path, xs):
        x = xs[0]
        _, dd, hh, ww, cin = self._volume_input(layer, x)
        filters = self._filters(layer)
        per_group = self._groups_of(layer, cin, filters)
        ks, rates = triple(layer.kernel_size), triple(layer.dilation)
        dilated = any(r > 1 for r in rates)
        if dilated and any(s > 1 for s in triple(layer.strides)):
            raise self.b.error("strides", "strides above 1 with a dilation above 1 (Keras "
                                          "allows one or the other)")
        padding = layer.padding
        if dilated:
            x, crops = self._space_to_batch(path, x, [dd, hh, ww], ks, rates, padding == "same")
            padding = "valid"
        w = self.b.var(f"{path}/kernel", [*ks, per_group, filters])
        y = self.b.add(f"{path}/convolution", "Conv3D", [x, w], T=F32,
                       strides=_ndhwc(layer.strides), padding=padding.upper(),
                       data_format="NDHWC", dilations=_ndhwc(1))
        if dilated:
            y = self._batch_to_space(path, y, rates, crops)
        return self._bias(path, y, filters, layer.bias)

    # ---- pools ---------------------------------------------------------------------------------
    def _pool1d(self, op, name, layer, path, xs):
        self._seq_input(layer, xs[0])
        strides = layer.strides if layer.strides is not None else layer.pool_size
        scope = f"{path}/{name}"
        y = self._expand(f"{scope}/ExpandDims", xs[0], 1)
        extra = {"explicit_paddings": ("ints", [])} if op == "MaxPool" else {}
        y = self.b.add(scope, op, [y], T=F32, ksize=("ints", [1, 1, layer.pool_size, 1]),
                       strides=("ints", [1, 1, strides, 1]), padding=layer.padding.upper(),
                       data_format="NHWC", **extra)
        return self._squeeze(f"{scope}/Squeeze", y, [1])

    def _max_pool1d(self, layer, path, xs):
        return self._pool1d("MaxPool", "MaxPool1d", layer, path, xs)

    def _avg_pool1d(self, layer, path, xs):
        return self._pool1d("AvgPool", "AvgPool1D", layer, path, xs)

    def _pool3d(self, op, layer, path, xs):
        self._volume_input(layer, xs[0])
        strides = layer.strides if layer.strides is not None else layer.pool_size
        return self.b.add(f"{path}/{op}", op, [xs[0]], T=F32, ksize=_ndhwc(layer.pool_size),
                          strides=_ndhwc(strides), padding=layer.padding.upper(),
                          data_format="NDHWC")

    def _max_pool3d(self, layer, path, xs):
        return self._pool3d("MaxPool3D", layer, path, xs)

    def _avg_pool3d(self, layer, path, xs):
        return self._pool3d("AvgPool3D", layer, path, xs)

    def _global_nd(self, op, axes, layer, path, x):
        axes_ref = self.b.const(f"{path}/{op}/reduction_indices", axes)
        return self.b.add(f"{path}/{op}", op, [x, axes_ref], T=F32, Tidx=I32,
                          keep_dims=layer.keepdims)

    def _global_avg_pool1d(self, layer, path, xs):
        self._seq_input(layer, xs[0])
        return self._global_nd("Mean", [1], layer, path, xs[0])

    def _global_max_pool1d(self, layer, path, xs):
        self._seq_input(layer, xs[0])
        return self._global_nd("Max", [1], layer, path, xs[0])

    def _global_avg_pool3d(self, layer, path, xs):
        self._volume_input(layer, xs[0])
        return self._global_nd("Mean", [1, 2, 3], layer, path, xs[0])

    def _global_max_pool3d(self, layer, path, xs):
        self._volume_input(layer, xs[0])
        return self._global_nd("Max", [1, 2, 3], layer, path, xs[0])

    # ---- 2-D padding, cropping, upsampling -----------------------------------------------------
    def _zero_padding2d(self, layer, path, xs):
        self._rank4(layer, xs[0])
        (t, b), (lf, r) = margins(layer.padding)
        pads = self._ints(f"{path}/Const", [[0, 0], [t, b], [lf, r], [0, 0]])
        return self.b.add(f"{path}/Pad", "Pad", [xs[0], pads], T=F32, Tpaddings=I32)

    def _pad_channels(self, layer, path, xs):
        rank = len(self.b.shape(xs[0]))
        if rank < 2:
            raise SpecError(f"layer '{self.b.layer.path}' ({layer.type}): needs an input with "
                            f"a channel axis (batch, ..., channels), got rank {rank}")
        before, after = (0, layer.padding) if isinstance(layer.padding, int) else layer.padding
        pads = self._ints(f"{path}/Const", [[0, 0]] * (rank - 1) + [[before, after]])
        return self.b.add(f"{path}/Pad", "Pad", [xs[0], pads], T=F32, Tpaddings=I32)

    def _cropping2d(self, layer, path, xs):
        _, h, w, _ = self._rank4(layer, xs[0])
        (t, b), (lf, r) = margins(layer.cropping)
        if t + b >= h or lf + r >= w:
            raise self.b.error("cropping", f"crops {t + b} rows and {lf + r} columns of a "
                                           f"{h}×{w} map, leaving nothing")
        c = self.b.const
        # Keras's x[:, t:-b, l:-r, :]; a zero crop at the end is an open end (end_mask)
        end_mask = 9 | (2 if b == 0 else 0) | (4 if r == 0 else 0)
        return self.b.add(f"{path}/strided_slice", "StridedSlice",
                          [xs[0], c(f"{path}/strided_slice/stack", [0, t, lf, 0]),
                           c(f"{path}/strided_slice/stack_1", [0, -b, -r, 0]),
                           c(f"{path}/strided_slice/stack_2", [1, 1, 1, 1])],
                          T=F32, Index=I32, begin_mask=9, end_mask=end_mask, ellipsis_mask=0,
                          new_axis_mask=0, shrink_axis_mask=0)

    def _up_sampling2d(self, layer, path, xs):
        n, h, w, ch = self._rank4(layer, xs[0])
        sh, sw = (layer.size, layer.size) if isinstance(layer.size, int) else layer.size
        if layer.interpolation == "bilinear":
            size = self.b.const(f"{path}/resize/size", [h * sh, w * sw])
            return self.b.add(f"{path}/resize/ResizeBilinear", "ResizeBilinear", [xs[0], size],
                              T=F32, align_corners=False, half_pixel_centers=True)
        y = self._repeat(f"{path}/Repeat", xs[0], [n, h, w, ch], 1, sh)
        return self._repeat(f"{path}/Repeat_1", y, [n, h * sh, w, ch], 2, sw)

    def _repeat(self, scope, x, shape, axis, reps):
        """Keras 3's ``ops.repeat(x, reps, axis)`` with a static shape: ExpandDims after
        ``axis``, Tile by ``reps`` there, Reshape to the new shape — computed in the graph as
        shape[:axis] ++ [reps · shape[axis]] ++ shape[axis + 1:] (the int32 Mul counts 1)."""
        b, c = self.b, self.b.const
        y = self._expand(f"{scope}/ExpandDims", x, axis + 1)
        r = b.add(f"{scope}/Cast", "Cast", [c(f"{scope}/repeats", reps)], SrcT=I32, DstT=I32,
                  Truncate=False)
        r = b.add(f"{scope}/Reshape", "Reshape", [r, c(f"{scope}/Reshape/shape_1", [])], T=I32,
                  Tshape=I32)
        mult = [c(f"{scope}/Tile/multiples/{i}", 1) if i != axis + 1 else r for i in range(5)]
        mult = b.add(f"{scope}/Tile/multiples", "Pack", mult, T=I32, N=5, axis=0)
        y = b.add(f"{scope}/Tile", "Tile", [y, mult], T=F32, Tmultiples=I32)
        shp = c(f"{scope}/Shape", list(shape))

        def piece(name, begin, end, *, bm=0, em=0, shrink=0):
            return b.add(f"{scope}/{name}", "StridedSlice",
                         [shp, c(f"{scope}/{name}/stack", [begin]),
                          c(f"{scope}/{name}/stack_1", [end]),
                          c(f"{scope}/{name}/stack_2", [1])],
                         T=I32, Index=I32, begin_mask=bm, end_mask=em, ellipsis_mask=0,
                         new_axis_mask=0, shrink_axis_mask=shrink)
        head = piece("strided_slice", 0, axis, bm=1)
        mid = piece("strided_slice_1", axis, axis + 1, shrink=1)
        mid = b.add(f"{scope}/mul", "Mul", [r, mid], T=I32)
        mid = b.add(f"{scope}/concat/values_1", "Pack", [mid], T=I32, N=1, axis=0)
        tail = piece("strided_slice_2", axis + 1, 0, em=1)
        new = b.add(f"{scope}/concat", "ConcatV2", [head, mid, tail, c(f"{scope}/concat/axis", 0)],
                    T=I32, N=3, Tidx=I32)
        return b.add(f"{scope}/Reshape_1", "Reshape", [y, new], T=F32, Tshape=I32)
