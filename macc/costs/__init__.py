"""Cost formulas: a registry ``op type -> formula`` giving exact FLOPs, TF-style FLOPs and MACCs.

One module per family, imported the first time a graph holds one of its ops (see
:mod:`macc.families`): ``FORMULAS``, ``DOCS`` and ``ZERO_OPS`` hold the families loaded so far;
:func:`load_all` loads every one (to list them all).
"""

from ..families import load_all
from .engine import NodeCount, count, count_node
from .registry import DOCS, FORMULAS, ZERO_OPS, Cost, OpCtx, register
from .structural import STRUCTURAL_OPS
from .tf_counted import TF_COUNTED
from .uncounted import UNCOUNTED_OPS

__all__ = ["DOCS", "FORMULAS", "STRUCTURAL_OPS", "TF_COUNTED", "UNCOUNTED_OPS", "ZERO_OPS", "Cost",
           "NodeCount", "OpCtx", "count", "count_node", "load_all", "register"]
