"""macc: analytic FLOPs, MACCs and parameters of TensorFlow graphs, without TensorFlow.

    import macc
    r = macc.profile("model.pb", inputs={"input": (1, 224, 224, 3)})
    r.totals.flops, r.totals.tf_flops, r.totals.maccs, r.totals.params
"""

from .api import profile, profile_graph
from .errors import FormatError, GraphError, MaccError, ShapeError, SpecError, UsageError
from .report import NodeRow, OpSummary, Report, Totals

__version__ = "0.1.0"

__all__ = ["FormatError", "GraphError", "MaccError", "NodeRow", "OpSummary", "Report",
           "ShapeError", "SpecError", "Totals", "UsageError", "__version__", "profile",
           "profile_graph"]
