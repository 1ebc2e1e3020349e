"""Pydantic models of hand-built layers, one class per layer type, told apart by ``type``.

A layer reads the output of the layer before it, or of the layers named in ``inputs``. Sizes
exclude the batch dim (the network's ``batch`` adds it). Spatial layers are NHWC, as in TF.
Conventions follow Keras: ``padding`` is "same" or "valid" (or explicit pixels for Conv2D),
``strides`` of a pooling layer default to its ``pool_size``, ``bias`` defaults to True.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from .base import (  # noqa: F401 (re-exported)
    ActivationName,
    LayerBase,
    Padding,
    Pair,
    ScaleWidth,
    StrictNumbers,
    pair,
)
from .models_seq import (
    GRU,
    LSTM,
    AvgPool1D,
    AvgPool3D,
    Bidirectional,
    Conv1D,
    Conv3D,
    Cropping2D,
    GlobalAvgPool1D,
    GlobalAvgPool3D,
    GlobalMaxPool1D,
    GlobalMaxPool3D,
    MaxPool1D,
    MaxPool3D,
    PadChannels,
    SimpleRNN,
    UpSampling2D,
    ZeroPadding2D,
)


class Input(LayerBase):
    type: Literal["Input"] = "Input"
    shape: list[PositiveInt] = Field(description="per-example shape, e.g. [224, 224, 3]")
    dtype: Literal["float32", "int32"] = Field(
        "float32", description="int32 for token ids (an Embedding's input)")


class Dense(LayerBase):
    """On an input of rank > 2 (per-example [seq, d]) the kernel applies to the last axis, as
    Keras 3 lowers it: Reshape to [batch·seq, d], MatMul, Reshape back, BiasAdd."""
    type: Literal["Dense"] = "Dense"
    units: PositiveInt
    bias: bool = True
    activation: ActivationName | None = None


class _ConvBase(LayerBase):
    kernel_size: Pair
    strides: Pair = 1
    dilation: Pair = 1
    bias: bool = True
    activation: ActivationName | None = None


class Conv2D(_ConvBase):
    type: Literal["Conv2D"] = "Conv2D"
    filters: PositiveInt
    scale_width: ScaleWidth = True
    padding: Padding | Annotated[int, Field(ge=0)] | tuple[
        Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]] = "valid"
    groups: PositiveInt = 1


class DepthwiseConv2D(_ConvBase):
    type: Literal["DepthwiseConv2D"] = "DepthwiseConv2D"
    multiplier: PositiveInt = 1
    padding: Padding = "valid"


class SeparableConv2D(_ConvBase):
    """A depthwise convolution then a 1×1 convolution (the bias sits on the 1×1)."""
    type: Literal["SeparableConv2D"] = "SeparableConv2D"
    filters: PositiveInt
    scale_width: ScaleWidth = True
    multiplier: PositiveInt = 1
    padding: Padding = "valid"


class Conv2DTranspose(LayerBase):
    type: Literal["Conv2DTranspose"] = "Conv2DTranspose"
    filters: PositiveInt
    scale_width: ScaleWidth = True
    kernel_size: Pair
    strides: Pair = 1
    padding: Padding = "valid"
    bias: bool = True
    activation: ActivationName | None = None


class _Pool(LayerBase):
    pool_size: Pair = 2
    strides: Pair | None = None
    padding: Padding = "valid"


class MaxPool2D(_Pool):
    type: Literal["MaxPool2D"] = "MaxPool2D"


class AvgPool2D(_Pool):
    type: Literal["AvgPool2D"] = "AvgPool2D"


class GlobalAvgPool2D(LayerBase):
    type: Literal["GlobalAvgPool2D"] = "GlobalAvgPool2D"
    keepdims: bool = Field(False, description="keep the 1×1 spatial dims (for a 1×1 conv after)")


class GlobalMaxPool2D(LayerBase):
    type: Literal["GlobalMaxPool2D"] = "GlobalMaxPool2D"
    keepdims: bool = Field(False, description="keep the 1×1 spatial dims (for a 1×1 conv after)")


class BatchNorm(LayerBase):
    """Inference-time batch norm: trainable scale (gamma) and offset (beta) are params; the moving
    mean and variance are weights but not params. ``scale``/``center`` False (Keras's names):
    no trainable gamma/beta — the fused op still reads a constant one/zero per channel, which
    counts as a weight, not a param. ``fused`` False (and on an input that is not 4-d or 5-d,
    which FusedBatchNormV3 does not take: a sequence after Conv1D, a Dense output): the separate
    ops Keras 3 and ``tf.nn.batch_normalization`` emit (x·inv + (beta − mean·inv), inv =
    rsqrt(var + eps)·gamma), which TF's profiler counts, rather than one FusedBatchNormV3, which
    it does not."""
    type: Literal["BatchNorm"] = "BatchNorm"
    epsilon: float = Field(0.001, gt=0)
    scale: bool = True
    center: bool = True
    fused: bool = True


class Activation(LayerBase):
    type: Literal["Activation"] = "Activation"
    function: ActivationName


class Add(LayerBase):
    type: Literal["Add"] = "Add"


class Mul(LayerBase):
    type: Literal["Mul"] = "Mul"


class Concat(LayerBase):
    type: Literal["Concat"] = "Concat"
    axis: int = -1


class Split(LayerBase):
    """Equal parts along ``axis`` (TF's Split). The layer's output is part 0; a later layer reads
    part k with ``inputs = ["name:k"]``."""
    type: Literal["Split"] = "Split"
    num_splits: int = Field(2, ge=2)
    axis: int = -1


class ChannelShuffle(LayerBase):
    """ShuffleNet's channel shuffle of an NHWC tensor: reshape the channels to (groups, C/groups),
    swap the two, reshape back (Reshape, Transpose, Reshape)."""
    type: Literal["ChannelShuffle"] = "ChannelShuffle"
    groups: int = Field(2, ge=2)


class Flatten(LayerBase):
    type: Literal["Flatten"] = "Flatten"


class Reshape(LayerBase):
    type: Literal["Reshape"] = "Reshape"
    target_shape: list[Annotated[int, Field(ge=-1)]] = Field(description="per-example shape")


class Dropout(LayerBase):
    """Identity at inference."""
    type: Literal["Dropout"] = "Dropout"
    rate: float = Field(0.5, ge=0, lt=1)


class Softmax(LayerBase):
    type: Literal["Softmax"] = "Softmax"


class Scale(LayerBase):
    """A trainable per-channel multiply over the last axis (ConvNeXt's and CaiT's "layer scale",
    Keras's ``LayerScale``): a [C] variable (C params) and one Mul, x · gamma."""
    type: Literal["Scale"] = "Scale"


_Finite = Annotated[float, Field(allow_inf_nan=False)]


class Rescaling(LayerBase):
    """Keras's Rescaling, ``x · scale + offset`` with constants (no params): a Mul and, unless
    ``offset`` is null, an AddV2 (Keras emits the add for an offset of 0 too). A list holds one
    value per channel (the last axis). ``offset: null`` (``"none"`` in TOML, which has no null)
    is a plain constant multiply, e.g. Inception-ResNet's residual scaling of a branch before
    its add. Values are finite."""
    type: Literal["Rescaling"] = "Rescaling"
    scale: _Finite | list[_Finite] = 1.0
    offset: _Finite | list[_Finite] | Literal["none"] | None = 0.0


# ---- transformer layers (lowered in lower_transformer.py) --------------------------------------

class LayerNorm(LayerBase):
    """Keras's LayerNormalization over the last axis: trainable gamma (``scale``) and beta
    (``center``), 2·d params; lowered to the ops Keras 3 emits (moments, Rsqrt, Mul, AddV2)."""
    type: Literal["LayerNorm"] = "LayerNorm"
    epsilon: float = Field(0.001, gt=0)
    scale: bool = True
    center: bool = True


class RMSNorm(LayerBase):
    """Keras's RMSNormalization over the last axis (T5's, Llama's norm): x · rsqrt(mean(x²) +
    epsilon) · scale, a trainable [d] scale and no centering; d params; lowered to the ops
    Keras 3 emits (Square, Mean, AddV2, Rsqrt, Mul, Mul)."""
    type: Literal["RMSNorm"] = "RMSNorm"
    epsilon: float = Field(1e-6, gt=0)


class Embedding(LayerBase):
    """A lookup table [input_dim, output_dim] (params) on int32 ids of per-example shape [seq]
    (an ``Input`` with ``dtype = "int32"``); lowered as Keras 3 does: negative ids wrapped
    (Less, AddV2, SelectV2 on the ids), then GatherV2."""
    type: Literal["Embedding"] = "Embedding"
    input_dim: PositiveInt
    output_dim: PositiveInt


class MultiHeadAttention(LayerBase):
    """Keras's MultiHeadAttention. One input: self-attention; ``inputs = [query, value]`` or
    ``[query, value, key]`` as Keras's call. The output has the query's last dim. Query, key
    and value projections are [d, heads, key_dim] (value: value_dim, default key_dim) kernels
    with [heads, dim] biases; the output projection is [heads, value_dim, d] with a [d] bias."""
    type: Literal["MultiHeadAttention"] = "MultiHeadAttention"
    num_heads: PositiveInt
    key_dim: PositiveInt
    value_dim: PositiveInt | None = None
    bias: bool = True


class GroupQueryAttention(LayerBase):
    """Keras's GroupQueryAttention (grouped-query attention, as in Llama 2 70B and Mistral):
    query projections [d, num_query_heads, head_dim], key and value projections [d,
    num_key_value_heads, head_dim], each key and value head repeated num_query_heads /
    num_key_value_heads times (Keras's ops.repeat: ExpandDims, Tile and a Reshape, with the shape
    arithmetic around them), then attention as in MultiHeadAttention, and the output projection
    [num_query_heads, head_dim, d]. One input: self-attention; ``inputs = [query, value]`` or
    ``[query, value, key]`` as Keras's call."""
    type: Literal["GroupQueryAttention"] = "GroupQueryAttention"
    num_query_heads: PositiveInt
    num_key_value_heads: PositiveInt
    head_dim: PositiveInt
    bias: bool = True

    @model_validator(mode="after")
    def _groups(self):
        if self.num_query_heads % self.num_key_value_heads:
            raise ValueError(f"num_query_heads ({self.num_query_heads}) must be a multiple of "
                             f"num_key_value_heads ({self.num_key_value_heads})")
        return self


class PositionEmbedding(LayerBase):
    """A learned position embedding added to a [seq, d] input: a trainable [max_length, d]
    table (default max_length = seq), its first seq rows sliced (Slice) and added (AddV2);
    params max_length·d. (Keras 3 has no such layer; this is the usual custom layer.)"""
    type: Literal["PositionEmbedding"] = "PositionEmbedding"
    max_length: PositiveInt | None = None


class ClassToken(LayerBase):
    """ViT's class token: a trainable [1, d] vector broadcast over the batch (BroadcastTo) and
    put in front of the sequence (ConcatV2 on axis 1): [seq, d] -> [seq + 1, d]; params d."""
    type: Literal["ClassToken"] = "ClassToken"


class SelectToken(LayerBase):
    """One position of a [seq, d] sequence, ``x[:, index]`` (a StridedSlice): [seq, d] -> [d];
    the class token of ViT's head, BERT's pooler input."""
    type: Literal["SelectToken"] = "SelectToken"
    index: int = 0


# ---- containers -------------------------------------------------------------------------------

class Sequential(LayerBase):
    """A named sequence of layers (a name scope)."""
    type: Literal["Sequential"] = "Sequential"
    layers: list[Layer] = Field(min_length=1)


class Branches(LayerBase):
    """Parallel branches reading the same input, merged by ``merge``. An empty branch is the
    identity (a residual shortcut). ``activation`` applies after the merge."""
    type: Literal["Branches"] = "Branches"
    branches: list[list[Layer]] = Field(min_length=2)
    merge: Literal["add", "mul", "concat"]
    activation: ActivationName | None = None


class Block(LayerBase):
    """Uses the network's block template ``block`` ``repeat`` times. ``args`` fill the
    template's ``$names``; ``first`` overrides args for the first repetition only (e.g. a stride
    or a projection shortcut)."""
    type: Literal["Block"] = "Block"
    block: str
    repeat: PositiveInt = 1
    args: dict[str, Any] = Field(default_factory=dict)
    first: dict[str, Any] = Field(default_factory=dict)


Layer = Annotated[
    Input | Dense | Conv2D | DepthwiseConv2D | SeparableConv2D | Conv2DTranspose | MaxPool2D
    | AvgPool2D | GlobalAvgPool2D | GlobalMaxPool2D | BatchNorm | Activation | Add | Mul | Concat
    | Split | ChannelShuffle | Flatten | Reshape | Dropout | Softmax | Scale | Rescaling | LayerNorm
    | RMSNorm | Embedding | MultiHeadAttention | GroupQueryAttention | PositionEmbedding | ClassToken
    | SelectToken | Conv1D | MaxPool1D | AvgPool1D | GlobalAvgPool1D | GlobalMaxPool1D | Conv3D
    | MaxPool3D | AvgPool3D | GlobalAvgPool3D | GlobalMaxPool3D | ZeroPadding2D | PadChannels
    | Cropping2D | UpSampling2D | SimpleRNN | LSTM | GRU | Bidirectional | Sequential | Branches | Block,
    Field(discriminator="type")]

for _cls in (Sequential, Branches, Block):
    _cls.model_rebuild()

CONTAINERS = (Sequential, Branches, Block)


class BlockTemplate(BaseModel):
    """A parameterised list of layers. A string value ``"$name"`` anywhere in ``layers`` is
    replaced by the argument ``name`` (any JSON value: a number, a list, a list of layers)."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    params: dict[str, Any] = Field(default_factory=dict, description="default arguments")
    layers: list[dict[str, Any]] = Field(min_length=1)


class Network(StrictNumbers):
    """A whole spec: an input shape, layers, optional block templates."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "network"
    description: str = ""
    reference: str = Field("", description="the paper and table the numbers come from")
    batch: PositiveInt = 1
    width: float = Field(1.0, gt=0, allow_inf_nan=False,
                         description="width multiplier of every conv layer's filters")
    width_divisor: PositiveInt | None = Field(
        None, description="round each scaled filter count as MobileNet V2/V3 and EfficientNet "
        "do: to the nearest multiple of this (at least this), one multiple more if that is "
        "over 10 % below filters·width; default: int(filters·width)")
    input: list[PositiveInt] | None = Field(None, description="per-example input shape")
    blocks: dict[str, BlockTemplate] = Field(default_factory=dict)
    layers: list[Layer] = Field(min_length=1)

    @field_validator("blocks")
    @classmethod
    def _block_names(cls, v):
        for name in v:
            if not name.replace("_", "").isalnum():
                raise ValueError(f"block name '{name}' must be letters, digits and _")
        return v
