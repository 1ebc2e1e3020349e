"""Shape propagation: a registry ``op type -> shape function`` and the pass that runs it.

One module per family, imported the first time a graph holds one of its ops (see
:mod:`macc.families`): ``SHAPE_FNS`` holds the families loaded so far; :func:`load_all` loads
every one (to list them all).
"""

from ..families import load_all
from .engine import Shapes, infer_shapes, parse_override
from .registry import SHAPE_FNS, ShapeCtx, no_memo, shape_fn
from .state import ShapeState

__all__ = ["SHAPE_FNS", "ShapeCtx", "ShapeState", "Shapes", "infer_shapes", "load_all", "no_memo",
           "parse_override", "shape_fn"]
