"""Layer models for audio, video, segmentation and sequence networks (lowered in lower_seq.py
and lower_rnn.py): 1-D and 3-D convolutions and pools, 2-D padding, cropping and upsampling,
and the recurrent layers. Names, fields and defaults are Keras 3's (``dilation`` for
``dilation_rate``, ``bias`` for ``use_bias``, as the other layer models). 1-D layers read
per-example [steps, channels], 3-D layers [depth, height, width, channels] (NDHWC)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PositiveInt, field_validator

from .base import ActivationName, LayerBase, Padding, ScaleWidth, Triple

NonNeg = Annotated[int, Field(ge=0)]
Margins = NonNeg | tuple[NonNeg, NonNeg] | tuple[tuple[NonNeg, NonNeg], tuple[NonNeg, NonNeg]]


def margins(v) -> tuple[tuple[int, int], tuple[int, int]]:
    """Keras's ZeroPadding2D/Cropping2D forms: n, (rows, cols) or ((top, bottom), (left, right))."""
    if isinstance(v, int):
        return (v, v), (v, v)
    if isinstance(v[0], int):
        return (v[0], v[0]), (v[1], v[1])
    return tuple(v[0]), tuple(v[1])


# ---- 1-D ---------------------------------------------------------------------------------------

class Conv1D(LayerBase):
    """Keras's Conv1D on [steps, channels], lowered as Keras 3 does: ExpandDims to
    [batch, 1, steps, channels], Conv2D with a [1, k, cin/groups, filters] kernel, Squeeze.
    ``causal`` pads (k − 1)·dilation steps in front (Pad) then convolves ``valid``; a dilation
    above 1 goes through SpaceToBatchND/BatchToSpaceND as tf.nn.convolution does."""
    type: Literal["Conv1D"] = "Conv1D"
    filters: PositiveInt
    scale_width: ScaleWidth = True
    kernel_size: PositiveInt
    strides: PositiveInt = 1
    padding: Literal["same", "valid", "causal"] = "valid"
    dilation: PositiveInt = 1
    groups: PositiveInt = 1
    bias: bool = True
    activation: ActivationName | None = None


class _Pool1D(LayerBase):
    pool_size: PositiveInt = 2
    strides: PositiveInt | None = None
    padding: Padding = "valid"


class MaxPool1D(_Pool1D):
    """ExpandDims to [batch, 1, steps, channels], MaxPool with a 1×k window, Squeeze."""
    type: Literal["MaxPool1D"] = "MaxPool1D"


class AvgPool1D(_Pool1D):
    """ExpandDims to [batch, 1, steps, channels], AvgPool with a 1×k window, Squeeze."""
    type: Literal["AvgPool1D"] = "AvgPool1D"


class GlobalAvgPool1D(LayerBase):
    type: Literal["GlobalAvgPool1D"] = "GlobalAvgPool1D"
    keepdims: bool = False


class GlobalMaxPool1D(LayerBase):
    type: Literal["GlobalMaxPool1D"] = "GlobalMaxPool1D"
    keepdims: bool = False


# ---- 3-D ---------------------------------------------------------------------------------------

class Conv3D(LayerBase):
    """Keras's Conv3D on [depth, height, width, channels]: a Conv3D op (NDHWC) with a
    [kd, kh, kw, cin/groups, filters] kernel; a dilation above 1 goes through SpaceToBatchND."""
    type: Literal["Conv3D"] = "Conv3D"
    filters: PositiveInt
    scale_width: ScaleWidth = True
    kernel_size: Triple
    strides: Triple = 1
    padding: Padding = "valid"
    dilation: Triple = 1
    groups: PositiveInt = 1
    bias: bool = True
    activation: ActivationName | None = None


class _Pool3D(LayerBase):
    pool_size: Triple = 2
    strides: Triple | None = None
    padding: Padding = "valid"


class MaxPool3D(_Pool3D):
    type: Literal["MaxPool3D"] = "MaxPool3D"


class AvgPool3D(_Pool3D):
    type: Literal["AvgPool3D"] = "AvgPool3D"


class GlobalAvgPool3D(LayerBase):
    type: Literal["GlobalAvgPool3D"] = "GlobalAvgPool3D"
    keepdims: bool = False


class GlobalMaxPool3D(LayerBase):
    type: Literal["GlobalMaxPool3D"] = "GlobalMaxPool3D"
    keepdims: bool = False


# ---- 2-D resizing ------------------------------------------------------------------------------

class ZeroPadding2D(LayerBase):
    """Pad rows and columns with zeros (a Pad op): n, (rows, cols) or ((top, bottom),
    (left, right))."""
    type: Literal["ZeroPadding2D"] = "ZeroPadding2D"
    padding: Margins = 1


class PadChannels(LayerBase):
    """Append zero channels on the last axis (a Pad op): ``padding`` n (after the input's
    channels) or [before, after]. A ResNet option-A shortcut is a 1×1/2 pool of the input and
    this (He et al. 2015 §3.3; fb.resnet.torch's strided identity concatenated with zeros).
    Any rank; the network's ``width`` does not scale it."""
    type: Literal["PadChannels"] = "PadChannels"
    padding: NonNeg | tuple[NonNeg, NonNeg] = Field(description="zero channels: n after, or "
                                                                "[before, after]")


class Cropping2D(LayerBase):
    """Drop rows and columns at the edges (a StridedSlice): n, (rows, cols) or ((top, bottom),
    (left, right))."""
    type: Literal["Cropping2D"] = "Cropping2D"
    cropping: Margins = 0


class UpSampling2D(LayerBase):
    """Repeat rows and columns ``size`` times. ``nearest``: Keras 3's two ``repeat`` ops
    (ExpandDims, Tile, Reshape each, the new size computed by an int32 Mul that TF's profiler
    counts); ``bilinear``: ResizeBilinear (half-pixel centers)."""
    type: Literal["UpSampling2D"] = "UpSampling2D"
    size: PositiveInt | tuple[PositiveInt, PositiveInt] = 2
    interpolation: Literal["nearest", "bilinear"] = "nearest"


# ---- recurrent ---------------------------------------------------------------------------------

class _Recurrent(LayerBase):
    units: PositiveInt
    activation: ActivationName | None = "tanh"
    bias: bool = True
    return_sequences: bool = False
    go_backwards: bool = Field(False, description="run over the steps last to first (Keras's "
                                                  "output then is in that order too)")


class SimpleRNN(_Recurrent):
    """h = activation(x·W + b + h·U), unrolled over the T steps of [steps, features] (Keras's
    ``unroll=True``): T copies of MatMul, BiasAdd, MatMul, AddV2, Tanh.
    Params d·u + u·u + u."""
    type: Literal["SimpleRNN"] = "SimpleRNN"


class LSTM(_Recurrent):
    """Keras's LSTM cell unrolled over T steps: z = x·W + h·U + b ([4u]: i, f, c, o), Split,
    c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c). Params 4·(d·u + u·u + u)."""
    type: Literal["LSTM"] = "LSTM"
    recurrent_activation: ActivationName | None = "sigmoid"


class GRU(_Recurrent):
    """Keras's GRU cell unrolled over T steps (gates z, r, h). ``reset_after`` (Keras's default):
    r multiplies h·U_h after the product and the bias is [2, 3u] (input and recurrent biases),
    params 3·(d·u + u·u + 2u); False: r·h goes into the product, params 3·(d·u + u·u + u)."""
    type: Literal["GRU"] = "GRU"
    recurrent_activation: ActivationName | None = "sigmoid"
    reset_after: bool = True


RecurrentLayer = Annotated[SimpleRNN | LSTM | GRU, Field(discriminator="type")]


class Bidirectional(LayerBase):
    """Keras's Bidirectional wrapper: ``layer`` runs forward and, with its own weights, backward
    (a copy with ``go_backwards``); the backward output of ``return_sequences`` is put back in
    time order (ReverseV2 on axis 1); the two are merged: ``concat`` (ConcatV2 on the last axis,
    2u features), ``sum`` (AddV2), ``mul`` (Mul), ``ave`` (AddV2, then RealDiv by 2).
    Params twice the layer's. Lowered in lower_rnn.py."""
    type: Literal["Bidirectional"] = "Bidirectional"
    layer: RecurrentLayer
    merge_mode: Literal["concat", "sum", "mul", "ave"] = "concat"

    @field_validator("layer")
    @classmethod
    def _forward_only(cls, v):
        if v.go_backwards:
            raise ValueError("the wrapped layer runs forward (the backward copy gets "
                             "go_backwards); Keras refuses go_backwards here too")
        if v.inputs is not None:
            raise ValueError("the wrapped layer reads the Bidirectional's input; set 'inputs' "
                             "on the Bidirectional")
        return v
