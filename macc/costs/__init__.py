"""Cost formulas: a registry ``op type -> formula`` giving exact FLOPs, TF-style FLOPs and MACCs."""

from . import contraction, elementwise  # noqa: F401  (each module registers its formulas)
from .engine import NodeCount, count, count_node
from .registry import DOCS, FORMULAS, ZERO_OPS, Cost, OpCtx, register

__all__ = ["DOCS", "FORMULAS", "ZERO_OPS", "Cost", "NodeCount", "OpCtx", "count", "count_node",
           "register"]
