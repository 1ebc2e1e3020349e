"""Report models and the builder that fills them."""

from .build import build_report
from .models import NodeRow, OpSummary, Report, Totals

__all__ = ["NodeRow", "OpSummary", "Report", "Totals", "build_report"]
