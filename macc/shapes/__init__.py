"""Shape propagation: a registry ``op type -> shape function`` and the pass that runs it."""

from . import (  # noqa: F401  (each module registers its shape functions)
    array_ops,
    blocks,
    control_flow,
    conv_extra,
    core,
    data,
    decompositions,
    extra_ops,
    features,
    gather,
    linalg,
    math_ops,
    misc_ops,
    nd_ops,
    nn,
    nn_misc,
    pooling,
    quantized,
    quantized_fused,
    queues,
    random_ops,
    reductions,
    rnn_ops,
    seq_io,
    serving,
    sets_strings,
    shape_ops,
    slicing,
    sparse,
    staging,
    tables,
    tensor_arrays,
    text,
    train_ops,
    training,
    unary,
    uniform_conv,
)
from .engine import Shapes, infer_shapes, parse_override
from .registry import SHAPE_FNS, ShapeCtx, no_memo, shape_fn
from .state import ShapeState

__all__ = ["SHAPE_FNS", "ShapeCtx", "ShapeState", "Shapes", "infer_shapes", "no_memo",
           "parse_override", "shape_fn"]
