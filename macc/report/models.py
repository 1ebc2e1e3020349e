"""The report: plain pydantic models. Rendering lives in :mod:`macc.render`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

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
