"""Cost formulas: a registry ``op type -> formula`` giving exact FLOPs, TF-style FLOPs and MACCs.

One module per family; importing this package registers every formula and the zero set.
"""

from . import (  # noqa: F401  (each module registers its formulas)
    activation,
    audio,
    banded,
    contraction,
    decoding,
    einsum,
    elementwise,
    features,
    fused,
    grads,
    image,
    image_transform,
    linalg,
    normalization,
    optimizers,
    pipeline,
    pooling,
    quantization,
    quantized,
    quantized_fused,
    queues,
    reduction,
    resize,
    rnn,
    scatter,
    selection,
    serving,
    signal,
    softmax,
    sparse,
    structural,
    train_ops,
    uncounted,
    zero,
)
from .engine import NodeCount, count, count_node
from .registry import DOCS, FORMULAS, ZERO_OPS, Cost, OpCtx, register
from .structural import STRUCTURAL_OPS
from .tf_counted import TF_COUNTED
from .uncounted import UNCOUNTED_OPS

__all__ = ["DOCS", "FORMULAS", "STRUCTURAL_OPS", "TF_COUNTED", "UNCOUNTED_OPS", "ZERO_OPS", "Cost",
           "NodeCount", "OpCtx", "count", "count_node", "register"]
