"""A report as plain data, before it becomes a pydantic :class:`~macc.report.Report`.

``build_report`` makes one of these and turns it into a Report; the CLI's ``--format json``
writes it directly, so that path never imports pydantic (≈ 0.1 s of start-up). No validation
happens here or in the Report (rows are trusted values, as ``model_construct`` makes them).
"""

from __future__ import annotations

# field order of Report, Totals and OpSummary (the JSON follows it); tests check they agree
REPORT_FIELDS = ("source", "format", "totals", "nodes", "by_op", "unsupported", "warnings")
TOTALS_FIELDS = ("flops", "tf_flops", "maccs", "params", "weights")
OP_FIELDS = ("count", "flops", "tf_flops", "maccs")


class ReportData:
    """``totals``: a dict in TOTALS_FIELDS order; ``by_op``: op -> [count, flops, tf_flops,
    maccs]; the node rows as ``names`` and ``tails`` (per row, the tuple of its fields after the
    name, in NodeRow field order, output shapes as tuples) — rows of one shape class share one
    tail object, whose ``id`` is in ``shared`` (writers may render it once). ``rows``: the full
    tuples, built on first use (the CLI's writers never need them)."""

    __slots__ = ("_rows", "by_op", "format", "names", "shared", "source", "tails", "totals",
                 "unsupported", "warnings")

    def __init__(self, *, source: str, fmt: str, totals: dict, by_op: dict, unsupported: dict,
                 warnings: list, rows: list | None = None, names: list | None = None,
                 tails: list | None = None, shared: set | None = None):
        self.source = source
        self.format = fmt
        self.totals = totals
        if rows is not None:  # given as whole rows
            names, tails = [r[0] for r in rows], [tuple(r[1:]) for r in rows]
        self.names = names or []
        self.tails = tails or []
        self.shared = shared or set()
        self._rows = rows
        self.by_op = by_op
        self.unsupported = unsupported
        self.warnings = warnings

    @property
    def rows(self) -> list:
        if self._rows is None:
            self._rows = [(name, *tail) for name, tail in zip(self.names, self.tails)]
        return self._rows

    def raw_rows(self) -> list:
        return self.rows

    def json_head(self) -> dict:
        """Everything but the node rows, as ``Report.model_dump(mode="json")`` has it (the
        values are plain ints and strings, which dump as themselves)."""
        return {"source": self.source, "format": self.format, "totals": dict(self.totals),
                "by_op": {op: dict(zip(OP_FIELDS, s)) for op, s in self.by_op.items()},
                "unsupported": dict(self.unsupported), "warnings": list(self.warnings)}

    def to_report(self):
        """The pydantic Report (rows still unbuilt: see ``lazy_report``)."""
        from .models import OpSummary, Totals, lazy_report
        by_op = {op: OpSummary.model_construct(count=c, flops=f, tf_flops=t, maccs=m)
                 for op, (c, f, t, m) in self.by_op.items()}
        return lazy_report(source=self.source, fmt=self.format, totals=Totals(**self.totals),
                           raw_rows=self.rows, by_op=by_op, unsupported=self.unsupported,
                           warnings=self.warnings)
