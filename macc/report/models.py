"""The report: plain pydantic models. Rendering lives in :mod:`macc.render`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

Status = Literal["counted", "zero", "unknown_shape", "unsupported"]


class NodeRow(BaseModel):
    name: str
    op: str
    output_shapes: list[list[int | None] | None] = Field(default_factory=list)
    flops: int = 0
    tf_flops: int = 0
    maccs: int = 0
    params: int = 0
    status: Status = "counted"
    formula: str = ""


_ROW_FIELDS_SET = set(NodeRow.model_fields)  # every field given; adding to it is a no-op
_new = object.__new__
_set = object.__setattr__


def node_row(name: str, op: str, output_shapes: list, flops: int, tf_flops: int, maccs: int,
             params: int, status: str, formula: str) -> NodeRow:
    """A NodeRow from trusted values, every field given: what ``NodeRow.model_construct`` makes,
    at a fraction of its cost (it resolves aliases and defaults per call; reports build one row
    per graph node, 10^6 on big graphs)."""
    m = _new(NodeRow)
    _set(m, "__dict__", {"name": name, "op": op, "output_shapes": output_shapes, "flops": flops,
                         "tf_flops": tf_flops, "maccs": maccs, "params": params, "status": status,
                         "formula": formula})
    _set(m, "__pydantic_fields_set__", _ROW_FIELDS_SET)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class Totals(BaseModel):
    flops: int = 0
    tf_flops: int = 0
    maccs: int = 0
    params: int = 0
    weights: int = 0


class OpSummary(BaseModel):
    count: int = 0
    flops: int = 0
    tf_flops: int = 0
    maccs: int = 0


class Report(BaseModel):
    source: str
    format: Literal["graphdef", "graphdef-text", "metagraph", "savedmodel", "layers"]
    totals: Totals
    nodes: list[NodeRow]
    by_op: dict[str, OpSummary]
    unsupported: dict[str, int] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)

    # Rows not yet built as NodeRow objects (see :func:`lazy_report`): tuples of the NodeRow fields
    # in order, output shapes as tuples. ``nodes`` is built from them on first access, and every
    # pydantic path that reads the fields (dumps, equality, repr, copies, pickling) builds it first.
    _raw_rows: list | None = PrivateAttr(default=None)

    def __getattr__(self, item):
        if item == "nodes":
            return self._materialise()
        return super().__getattr__(item)

    def _materialise(self) -> list[NodeRow]:
        d = self.__dict__
        rows = d.get("nodes")
        if rows is not None:
            return rows
        private = self.__pydantic_private__ or {}
        raw = private.get("_raw_rows")
        if raw is None:
            raise AttributeError("nodes")
        rows = [node_row(n, op, [None if s is None else list(s) for s in outs], f, t, m, p, st,
                         fo) for n, op, outs, f, t, m, p, st, fo in raw]
        ordered = {k: (rows if k == "nodes" else d[k]) for k in type(self).model_fields if
                   k == "nodes" or k in d}  # the field order, as if given at construction
        d.clear()
        d.update(ordered)
        private["_raw_rows"] = None
        return rows

    def raw_rows(self) -> list | None:
        """The unbuilt rows (tuples in NodeRow field order), or None once ``nodes`` exists."""
        if "nodes" in self.__dict__:
            return None
        return (self.__pydantic_private__ or {}).get("_raw_rows")

    def model_dump(self, *args, **kw):
        self._materialise()
        return super().model_dump(*args, **kw)

    def model_dump_json(self, *args, **kw):
        self._materialise()
        return super().model_dump_json(*args, **kw)

    def __eq__(self, other):
        self._materialise()
        if isinstance(other, Report):
            other._materialise()
        return super().__eq__(other)

    __hash__ = None

    def __repr_args__(self):
        self._materialise()
        return super().__repr_args__()

    def __iter__(self):
        self._materialise()
        return super().__iter__()

    def __getstate__(self):
        self._materialise()
        return super().__getstate__()

    def __copy__(self):
        self._materialise()
        return super().__copy__()

    def __deepcopy__(self, memo=None):
        self._materialise()
        return super().__deepcopy__(memo)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        from ..render import render_json
        return render_json(self, indent=indent)

    def to_table(self, **kw) -> str:
        from ..render import render_table
        return render_table(self, **kw)

    def to_markdown(self, **kw) -> str:
        from ..render import render_markdown
        return render_markdown(self, **kw)

    def to_csv(self, **kw) -> str:
        from ..render import render_csv
        return render_csv(self, **kw)


def lazy_report(*, source: str, fmt: str, totals: Totals, raw_rows: list, by_op: dict,
                unsupported: dict, warnings: list) -> Report:
    """A Report whose NodeRow objects are built only when ``nodes`` is read (renderers that only
    write text read ``raw_rows()`` instead): reports of big graphs skip 10^5-10^6 objects."""
    r = Report.model_construct(_fields_set=_REPORT_FIELDS_SET, source=source, format=fmt,
                               totals=totals, by_op=by_op, unsupported=unsupported,
                               warnings=warnings)
    d = r.__dict__
    ordered = {k: d[k] for k in Report.model_fields if k in d}
    d.clear()
    d.update(ordered)
    r.__pydantic_private__["_raw_rows"] = raw_rows
    return r


_REPORT_FIELDS_SET = set(Report.model_fields)
