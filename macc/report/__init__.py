"""Report models and the builder that fills them.

The pydantic models are imported when first asked for (``macc.report.Report``): the CLI's JSON
path writes a :class:`~macc.report.data.ReportData` and never loads pydantic.
"""

from .build import build_report, build_report_data

_MODELS = ("NodeRow", "OpSummary", "Report", "Totals")


def __getattr__(name: str):
    if name in _MODELS:
        from . import models
        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["NodeRow", "OpSummary", "Report", "Totals", "build_report", "build_report_data"]
