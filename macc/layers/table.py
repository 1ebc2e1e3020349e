"""Counting a spec: lower it, run the ordinary pipeline, sum the node rows of each layer."""

from __future__ import annotations

from pydantic import BaseModel

from ..api import profile_graph
from ..errors import MaccError, SpecError
from ..report import Report, Totals
from .lower import Lowered, lower
from .models import Network


class LayerRow(BaseModel):
    name: str
    type: str
    kind: str  # type with kernel size, e.g. "Conv2D 1×1"
    output_shape: list[int | None] | None  # per example (batch dim dropped)
    params: int
    maccs: int
    flops: int
    tf_flops: int


class LayerTable(BaseModel):
    network: str
    source: str
    reference: str = ""
    batch: int
    totals: Totals
    layers: list[LayerRow]
    warnings: list[str]

    def by_kind(self) -> dict[str, dict[str, int]]:
        """Sums per layer kind (``Conv2D 1×1``, ``DepthwiseConv2D 3×3``, ``Dense`` ...)."""
        out: dict[str, dict[str, int]] = {}
        for r in self.layers:
            s = out.setdefault(r.kind, {"count": 0, "params": 0, "maccs": 0, "flops": 0,
                                        "tf_flops": 0})
            s["count"] += 1
            for k in ("params", "maccs", "flops", "tf_flops"):
                s[k] += getattr(r, k)
        return out


def count_lowered(low: Lowered, source: str) -> tuple[LayerTable, Report]:
    try:
        report = profile_graph(low.graph, source=source, fmt="layers")
    except MaccError as e:
        raise e.with_context(path=source) from None
    by_name = {r.name: r for r in report.nodes}
    layer_of = {n: info for info in low.layers for n in info.nodes}
    for r in report.nodes:
        if r.status in ("unsupported", "unknown_shape"):
            info = layer_of.get(r.name)
            why = ("macc has no formula for op" if r.status == "unsupported"
                   else "the output shape is unknown for op")
            where = f"layer '{info.path}' ({info.type}): " if info else ""
            raise SpecError(f"{where}{why} {r.op} (node '{r.name}')", path=source)
    rows = []
    for info in low.layers:
        nodes = [by_name[n] for n in info.nodes]
        out = by_name[info.output.split(":")[0]].output_shapes
        shape = out[0] if out else None
        rows.append(LayerRow(
            name=info.path, type=info.type, kind=info.kind,
            output_shape=shape[1:] if shape else shape,
            params=sum(n.params for n in nodes), maccs=sum(n.maccs for n in nodes),
            flops=sum(n.flops for n in nodes), tf_flops=sum(n.tf_flops for n in nodes)))
    net = low.network
    table = LayerTable(network=net.name, source=source, reference=net.reference,
                       batch=net.batch, totals=report.totals, layers=rows,
                       warnings=list(report.warnings))
    return table, report


def count_network(net: Network, source: str = "") -> LayerTable:
    """Per-layer rows and totals of a spec (totals are the report's: every node counted once)."""
    source = source or net.name
    return count_lowered(lower(net, source), source)[0]
