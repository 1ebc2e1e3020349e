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
    Activation,
    Add,
    AvgPool2D,
    BatchNorm,
    Block,
    BlockTemplate,
    Branches,
    ChannelShuffle,
    ClassToken,
    Concat,
    Conv2D,
    Conv2DTranspose,
    Dense,
    DepthwiseConv2D,
    Dropout,
    Embedding,
    Flatten,
    GlobalAvgPool2D,
    GlobalMaxPool2D,
    Input,
    LayerNorm,
    MaxPool2D,
    Mul,
    MultiHeadAttention,
    Network,
    PositionEmbedding,
    Reshape,
    Scale,
    SelectToken,
    SeparableConv2D,
    Sequential,
    Softmax,
    Split,
)
from .table import LayerRow, LayerTable, count_lowered, count_network


def export(net: Network, path) -> None:
    """Write the spec as a binary GraphDef (weights as VariableV2 without values)."""
    data = lower(net).graph_def.SerializeToString(deterministic=True)
    with open(path, "wb") as f:
        f.write(data)


__all__ = ["Activation", "Add", "AvgPool2D", "BatchNorm", "Block", "BlockTemplate", "Branches",
           "ChannelShuffle", "ClassToken", "Concat", "Conv2D", "Conv2DTranspose", "Dense",
           "DepthwiseConv2D", "Dropout", "Embedding", "Flatten", "GlobalAvgPool2D",
           "GlobalMaxPool2D", "Input", "LayerInfo", "LayerNorm", "LayerRow", "LayerTable",
           "Lowered", "MaxPool2D", "Mul", "MultiHeadAttention", "Network", "PositionEmbedding",
           "Reshape", "Scale", "SelectToken", "SeparableConv2D", "Sequential", "Softmax", "Split",
           "count_lowered", "count_network", "export", "from_dict", "load", "load_file", "lower",
           "zoo_names"]
