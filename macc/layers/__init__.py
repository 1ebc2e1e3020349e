"""Hand-built layer specs: describe a network layer by layer, count it like a GraphDef.

    from macc.layers import Network, count_network
    net = Network(input=[100], layers=[{"type": "Dense", "units": 200}])
    count_network(net).totals.maccs   # 20,000

A spec lowers to real TF ops (:mod:`macc.layers.lower`) and goes through the same shape and cost
registries as any GraphDef; ``export`` writes that GraphDef for TF's own profiler.
"""

from .io import from_dict, load, load_file, zoo_names
from .lower import LayerInfo, Lowered, lower
from .models import (
    GRU,
    LSTM,
    Activation,
    Add,
    AvgPool1D,
    AvgPool2D,
    AvgPool3D,
    BatchNorm,
    Bidirectional,
    Block,
    BlockTemplate,
    Branches,
    ChannelShuffle,
    ClassToken,
    Concat,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Cropping2D,
    Dense,
    DepthwiseConv2D,
    Dropout,
    Embedding,
    Flatten,
    GlobalAvgPool1D,
    GlobalAvgPool2D,
    GlobalAvgPool3D,
    GlobalMaxPool1D,
    GlobalMaxPool2D,
    GlobalMaxPool3D,
    GroupQueryAttention,
    Input,
    LayerNorm,
    MaxPool1D,
    MaxPool2D,
    MaxPool3D,
    Mul,
    MultiHeadAttention,
    Network,
    PadChannels,
    PositionEmbedding,
    Rescaling,
    Reshape,
    RMSNorm,
    Scale,
    SelectToken,
    SeparableConv2D,
    Sequential,
    SimpleRNN,
    Softmax,
    Split,
    UpSampling2D,
    ZeroPadding2D,
)
from .table import LayerRow, LayerTable, count_lowered, count_network


def export(net: Network, path) -> None:
    """Write the spec as a binary GraphDef (weights as VariableV2 without values)."""
    data = lower(net).graph_def.SerializeToString(deterministic=True)
    with open(path, "wb") as f:
        f.write(data)


__all__ = ["Activation", "Add", "AvgPool1D", "AvgPool2D", "AvgPool3D", "BatchNorm", "Bidirectional",
           "Block", "BlockTemplate", "Branches", "ChannelShuffle", "ClassToken", "Concat", "Conv1D",
           "Conv2D", "Conv2DTranspose", "Conv3D", "count_lowered", "count_network", "Cropping2D",
           "Dense", "DepthwiseConv2D", "Dropout", "Embedding", "export", "Flatten", "from_dict",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D",
           "GlobalMaxPool2D", "GlobalMaxPool3D", "GroupQueryAttention", "GRU", "Input", "LayerInfo",
           "LayerNorm", "LayerRow", "LayerTable", "load", "load_file", "lower", "Lowered", "LSTM",
           "MaxPool1D", "MaxPool2D", "MaxPool3D", "Mul", "MultiHeadAttention", "Network", "PadChannels",
           "PositionEmbedding", "Reshape", "Rescaling", "RMSNorm", "Scale", "SelectToken", "SeparableConv2D",
           "Sequential", "SimpleRNN", "Softmax", "Split", "UpSampling2D", "ZeroPadding2D", "zoo_names"]
