"""Lowering the convolutional layers: convolutions (plain, grouped, depthwise, separable,
transposed), pools and batch norm, as the ops a frozen Keras graph holds. A mixin of
:class:`macc.layers.lower.Lowerer`, which provides ``b`` (the Builder), ``_rank4``, ``_filters``
and ``_bias``."""

from __future__ import annotations

from .builder import DT_FLOAT, F32, I32
from .models import Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, pair


def _padding(p) -> tuple[str, list[int]]:
    if p in ("same", "valid"):
        return p.upper(), []
    ph, pw = pair(p)
    return "EXPLICIT", [0, 0, ph, ph, pw, pw, 0, 0]


def _window(v) -> tuple:
    h, w = pair(v)
    return ("ints", [1, h, w, 1])


class ConvLowering:
    def _conv2d(self, layer: Conv2D, path, xs):
        cin = self._rank4(layer, xs[0])[-1]
        filters = self._filters(layer)
        if cin % layer.groups or filters % layer.groups:
            raise self.b.error("groups", f"{layer.groups} groups do not divide {cin} input "
                                         f"channels and {filters} filters")
        kh, kw = pair(layer.kernel_size)
        w = self.b.var(f"{path}/kernel", [kh, kw, cin // layer.groups, filters])
        if max(pair(layer.dilation)) > 1 and layer.padding in ("same", "valid"):
            return self._bias(path, self._dilated_conv2d(layer, path, xs[0], w), filters,
                              layer.bias)
        padding, explicit = _padding(layer.padding)
        y = self.b.add(f"{path}/Conv2D", "Conv2D", [xs[0], w], T=F32,
                       strides=_window(layer.strides), padding=padding, data_format="NHWC",
                       dilations=_window(layer.dilation), use_cudnn_on_gpu=True,
                       explicit_paddings=("ints", explicit))
        return self._bias(path, y, filters, layer.bias)

    def _dilated_conv2d(self, layer: Conv2D, path, x, w):
        """A dilated Conv2D as Keras 3 emits it (tf.nn.convolution's space-to-batch form, as
        Conv1D and Conv3D: :meth:`SeqLowering._space_to_batch`): the convolution runs on the input
        padded to a multiple of the dilation, and TF's profiler counts those extra positions.
        With explicit pixel padding (no Keras equivalent) it stays one dilated Conv2D."""
        if max(pair(layer.strides)) > 1:
            raise self.b.error("strides", "strides above 1 with a dilation above 1 (Keras "
                                          "allows one or the other)")
        _, h, w_, _ = self.b.shape(x)
        rates = list(pair(layer.dilation))
        x, crops = self._space_to_batch(path, x, [h, w_], list(pair(layer.kernel_size)), rates,
                                        layer.padding == "same")
        y = self.b.add(f"{path}/convolution", "Conv2D", [x, w], T=F32, strides=_window(1),
                       padding="VALID", data_format="NHWC", dilations=_window(1),
                       use_cudnn_on_gpu=True, explicit_paddings=("ints", []))
        return self._batch_to_space(path, y, rates, crops)

    def _depthwise(self, layer, path, x, bias: bool, suffix=""):
        """A dilation above 1 is tf.nn.depthwise_conv2d's (and tf.nn.separable_conv2d's)
        space-to-batch form, which Keras 3's DepthwiseConv2D and SeparableConv2D call: the
        depthwise op runs VALID without dilation on the input padded to a multiple of the
        dilation, and TF's profiler counts those extra positions (as for Conv2D)."""
        _, h, w_, cin = self._rank4(layer, x)
        kh, kw = pair(layer.kernel_size)
        w = self.b.var(f"{path}/{suffix}depthwise_kernel", [kh, kw, cin, layer.multiplier])
        rates = list(pair(layer.dilation))
        dilated = max(rates) > 1
        if dilated:
            if max(pair(layer.strides)) > 1:
                raise self.b.error("strides", "strides above 1 with a dilation above 1 (Keras "
                                              "allows one or the other)")
            x, crops = self._space_to_batch(path, x, [h, w_], [kh, kw], rates,
                                            layer.padding == "same")
        y = self.b.add(f"{path}/{suffix}depthwise", "DepthwiseConv2dNative", [x, w], T=F32,
                       strides=_window(layer.strides),
                       padding="VALID" if dilated else layer.padding.upper(),
                       data_format="NHWC", dilations=_window(1),
                       explicit_paddings=("ints", []))
        if dilated:
            y = self._batch_to_space(path, y, rates, crops)
        return self._bias(path, y, cin * layer.multiplier, bias), cin * layer.multiplier

    def _depthwise_conv2d(self, layer: DepthwiseConv2D, path, xs):
        return self._depthwise(layer, path, xs[0], layer.bias)[0]

    def _separable_conv2d(self, layer: SeparableConv2D, path, xs):
        y, c = self._depthwise(layer, path, xs[0], False)
        filters = self._filters(layer)
        w = self.b.var(f"{path}/pointwise_kernel", [1, 1, c, filters])
        y = self.b.add(f"{path}/pointwise", "Conv2D", [y, w], T=F32, strides=_window(1),
                       padding="VALID", data_format="NHWC", dilations=_window(1),
                       use_cudnn_on_gpu=True, explicit_paddings=("ints", []))
        return self._bias(path, y, filters, layer.bias)

    def _conv2d_transpose(self, layer: Conv2DTranspose, path, xs):
        n, h, w_, cin = self._rank4(layer, xs[0])
        kh, kw = pair(layer.kernel_size)
        sh, sw = pair(layer.strides)
        if layer.padding == "same":
            oh, ow = h * sh, w_ * sw
        else:
            oh, ow = h * sh + max(kh - sh, 0), w_ * sw + max(kw - sw, 0)
        filters = self._filters(layer)
        sizes = self.b.const(f"{path}/output_shape", [n, oh, ow, filters])
        k = self.b.var(f"{path}/kernel", [kh, kw, filters, cin])
        y = self.b.add(f"{path}/conv2d_transpose", "Conv2DBackpropInput", [sizes, k, xs[0]],
                       T=F32, strides=_window(layer.strides), padding=layer.padding.upper(),
                       data_format="NHWC", dilations=_window(1), use_cudnn_on_gpu=True,
                       explicit_paddings=("ints", []))
        return self._bias(path, y, filters, layer.bias)

    def _pool(self, op, layer, path, xs):
        self._rank4(layer, xs[0])
        strides = layer.strides if layer.strides is not None else layer.pool_size
        return self.b.add(f"{path}/{op}", op, [xs[0]], T=F32, ksize=_window(layer.pool_size),
                          strides=_window(strides), padding=layer.padding.upper(),
                          data_format="NHWC")

    def _max_pool2d(self, layer, path, xs):
        return self._pool("MaxPool", layer, path, xs)

    def _avg_pool2d(self, layer, path, xs):
        return self._pool("AvgPool", layer, path, xs)

    def _global(self, op, layer, path, xs):
        self._rank4(layer, xs[0])
        axes = self.b.const(f"{path}/reduction_indices", [1, 2])
        return self.b.add(f"{path}/{op}", op, [xs[0], axes], T=F32, Tidx=I32,
                          keep_dims=layer.keepdims)

    def _global_avg_pool2d(self, layer, path, xs):
        return self._global("Mean", layer, path, xs)

    def _global_max_pool2d(self, layer, path, xs):
        return self._global("Max", layer, path, xs)

    def _batch_norm(self, layer, path, xs):
        # FusedBatchNormV3 takes 4-d and 5-d inputs: on a sequence [batch, steps, channels] or
        # a Dense output Keras emits the separate ops, and so does macc
        if not layer.fused or len(self.b.shape(xs[0])) not in (4, 5):
            return self._batch_norm_ops(layer, path, xs[0])
        rank = len(self.b.shape(xs[0]))
        c = self.b.shape(xs[0])[-1]
        gamma = (self.b.var(f"{path}/gamma", [c]) if layer.scale
                 else self.b.const(f"{path}/ones", shape=[c], dtype=DT_FLOAT))
        beta = (self.b.var(f"{path}/beta", [c]) if layer.center
                else self.b.const(f"{path}/zeros", shape=[c], dtype=DT_FLOAT))
        mean = self.b.const(f"{path}/moving_mean", shape=[c], dtype=DT_FLOAT)
        var = self.b.const(f"{path}/moving_variance", shape=[c], dtype=DT_FLOAT)
        return self.b.add(f"{path}/FusedBatchNormV3", "FusedBatchNormV3",
                          [xs[0], gamma, beta, mean, var], T=F32, U=F32,
                          epsilon=float(layer.epsilon), is_training=False,
                          data_format="NHWC" if rank == 4 else "NDHWC",  # TF refuses 5-d NHWC
                          exponential_avg_factor=1.0)

    def _batch_norm_ops(self, layer, path, x):
        """Batch norm as separate ops, in the order tf.nn.batch_normalization builds them:
        add (var + eps), Rsqrt, [Mul by gamma], Mul (x·inv), Mul (mean·inv), Sub from beta (Neg
        without center), AddV2 — per channel except the two on x: 2·N + (5 or 6)·C flops."""
        b, c = self.b, self.b.shape(x)[-1]
        mean = b.const(f"{path}/moving_mean", shape=[c], dtype=DT_FLOAT)
        var = b.const(f"{path}/moving_variance", shape=[c], dtype=DT_FLOAT)
        eps = b.const(f"{path}/batchnorm/add/y", shape=[], dtype=DT_FLOAT)
        inv = b.add(f"{path}/batchnorm/add", "AddV2", [var, eps], T=F32)
        inv = b.add(f"{path}/batchnorm/Rsqrt", "Rsqrt", [inv], T=F32)
        if layer.scale:
            gamma = b.var(f"{path}/gamma", [c])
            inv = b.add(f"{path}/batchnorm/mul", "Mul", [inv, gamma], T=F32)
        y = b.add(f"{path}/batchnorm/mul_1", "Mul", [x, inv], T=F32)
        shift = b.add(f"{path}/batchnorm/mul_2", "Mul", [mean, inv], T=F32)
        if layer.center:
            beta = b.var(f"{path}/beta", [c])
            shift = b.add(f"{path}/batchnorm/sub", "Sub", [beta, shift], T=F32)
        else:
            shift = b.add(f"{path}/batchnorm/Neg", "Neg", [shift], T=F32)
        return b.add(f"{path}/batchnorm/add_1", "AddV2", [y, shift], T=F32)
