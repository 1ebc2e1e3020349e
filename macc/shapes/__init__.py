"""Shape propagation: a registry ``op type -> shape function`` and the pass that runs it."""

from . import core, math_ops, nn  # noqa: F401  (each module registers its shape functions)
from .engine import Shapes, infer_shapes, parse_override
from .registry import SHAPE_FNS, ShapeCtx, shape_fn

__all__ = ["SHAPE_FNS", "ShapeCtx", "Shapes", "infer_shapes", "parse_override", "shape_fn"]
