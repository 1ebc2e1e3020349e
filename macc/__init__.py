"""macc: analytic FLOPs, MACCs and parameters of TensorFlow graphs, without TensorFlow.

    import macc
    r = macc.profile("model.pb", inputs={"input": (1, 224, 224, 3)})
    r.totals.flops, r.totals.tf_flops, r.totals.maccs, r.totals.params
"""

from .errors import FormatError, GraphError, MaccError, ShapeError, SpecError, UsageError

# imported when first used (``macc.profile``, ``from macc import Report``): the command line
# loads only what its command needs, and its JSON path never loads pydantic
_LAZY = {"profile": "api", "profile_graph": "api", "NodeRow": "report", "OpSummary": "report",
         "Report": "report", "Totals": "report"}


def __getattr__(name: str):
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value

__version__ = "0.1.0"

__all__ = ["FormatError", "GraphError", "MaccError", "NodeRow", "OpSummary", "Report",
           "ShapeError", "SpecError", "Totals", "UsageError", "__version__", "profile",
           "profile_graph"]
