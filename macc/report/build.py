"""From counted nodes to a Report: rows, totals, per-op view, parameters, weights, warnings."""

from __future__ import annotations

from .. import dtypes
from ..costs import NodeCount
from ..tensors import num_elements, tensor_shape
from .data import ReportData

VARIABLE_OPS = frozenset({"VariableV2", "Variable", "VarHandleOp", "TemporaryVariable"})
CONST_OPS = frozenset({"Const", "HostConst"})


def _tf_value(v: int | None) -> int:
    """TF truncates each node's value with int() and only keeps values of at least 1."""
    if v is None:
        return 0
    v = int(v)
    return v if v >= 1 else 0


def unsupported_warning(unsupported: dict[str, int]) -> str:
    """The report's warning about unsupported ops, derived from ``Report.unsupported`` alone (the
    renderers, which list those ops in their own line, leave exactly this warning out)."""
    listed = ", ".join(f"{op} ×{n}" for op, n in sorted(unsupported.items()))
    return f"{sum(unsupported.values())} nodes of unsupported ops counted as 0: {listed}"


def variable_elements(node) -> int:
    n = num_elements(node.attr("shape"))
    return n or 0


def build_report(graph, shapes, counts: list[NodeCount], *, source: str, fmt: str,
                 trainable: set[str] | None = None, inputs_hint: dict | None = None):
    """The :class:`~macc.report.Report` (see :func:`build_report_data`)."""
    return build_report_data(graph, shapes, counts, source=source, fmt=fmt, trainable=trainable,
                             inputs_hint=inputs_hint).to_report()


def build_report_data(graph, shapes, counts: list[NodeCount], *, source: str, fmt: str,
                      trainable: set[str] | None = None,
                      inputs_hint: dict | None = None) -> ReportData:
    """``trainable``: names of the trainable variable nodes (from a MetaGraphDef's collection);
    None means every variable node counts as a parameter."""
    rows = []
    sums: dict[str, list[int]] = {}  # op -> [count, flops, tf_flops, maccs]
    unsupported: dict[str, int] = {}
    tot_f = tot_tf = tot_m = tot_p = 0
    weights = 0
    incomplete = 0
    outputs = shapes.outputs
    unknown = 0
    consumed = None  # names some node reads data from (a constant nobody reads is no weight)
    attr_keys = getattr(shapes, "attr_keys", None) or {}
    const_weights: dict = {}
    for nc in counts:
        node, cost, status = nc.node, nc.cost, nc.status
        op = node.op
        flops = cost.flops or 0
        maccs = cost.maccs or 0
        tf = cost.tf_flops
        if tf is None:
            tf = 0
        elif type(tf) is not int or tf < 1:  # ints of at least 1 (most) stay as they are
            tf = _tf_value(tf)
        params = 0
        outs = outputs.get(node.name) or ()
        if op in CONST_OPS:
            if consumed is None:
                consumed = {src for n in graph for src, _ in n.inputs}
            if node.name in consumed:
                tail = attr_keys.get(node.name)  # the serialized attrs: equal ones, equal weight
                if tail is None:
                    weights += _const_weight(node, outs)
                else:
                    try:
                        key = (tail, tuple(outs))
                        w = const_weights.get(key)
                    except TypeError:  # a shape that is not a tuple
                        key = w = None
                    if w is None:
                        w = _const_weight(node, outs)
                        if key is not None:
                            const_weights[key] = w
                    weights += w
        elif op in VARIABLE_OPS:
            elems = variable_elements(node)
            weights += elems
            if trainable is None or node.name in trainable:
                params = elems
        if status != "counted" and status != "zero":
            if status == "unsupported":
                unsupported[op] = unsupported.get(op, 0) + 1
            elif status == "unknown_shape":
                unknown += 1
        if nc.tf_incomplete:
            incomplete += 1
        rows.append((node.name, op, outs, flops, tf, maccs, params, status, cost.formula))
        s = sums.get(op)
        if s is None:
            s = sums[op] = [0, 0, 0, 0]
        s[0] += 1  # plain lists: pydantic attribute writes are slow on 10^5-node graphs
        s[1] += flops
        s[2] += tf
        s[3] += maccs
        tot_f += flops
        tot_tf += tf
        tot_m += maccs
        tot_p += params
    warnings = []
    if unsupported:
        warnings.append(unsupported_warning(unsupported))
    hint = _input_hint(graph, shapes) if incomplete or unknown else ""
    if unknown:
        warnings.append(f"{unknown} nodes have unknown shapes: their flops and maccs count 0"
                        + ("" if incomplete else hint))
    if incomplete:
        warnings.append(f"{incomplete} nodes have tf_flops 0: TF's profiler skips them for "
                        f"incomplete shapes, as macc does{hint}")
    totals = {"flops": tot_f, "tf_flops": tot_tf, "maccs": tot_m, "params": tot_p,
              "weights": weights}
    return ReportData(source=source, fmt=fmt, totals=totals, rows=rows, by_op=sums,
                      unsupported=unsupported, warnings=warnings)


def _const_weight(node, outs) -> int:
    """Elements of a float constant (one that feeds something: the caller checks). Its shape is
    its output shape (the Const shape function read it from the tensor; upb dims are slow)."""
    tensor = node.attr("value")
    if tensor is None or not dtypes.is_float(tensor.dtype):
        return 0
    shape = outs[0] if outs else None
    if shape is None or None in shape:
        shape = tensor_shape(tensor)
    n = 1
    for d in shape:
        n *= d
    return n


def _input_hint(graph, shapes) -> str:
    from ..shapes.engine import PLACEHOLDER_OPS
    open_inputs = []
    for n in graph:
        if n.op in PLACEHOLDER_OPS:
            s = shapes.of(n.name)
            if s is None or any(d is None for d in s):
                shown = "?" if s is None else ",".join("?" if d is None else str(d) for d in s)
                open_inputs.append(f"{n.name}=[{shown}]")
    if not open_inputs:
        return ""
    return ("; inputs with unknown dims: " + " ".join(open_inputs)
            + " (set them with --input NAME=D0,D1,... or --batch N)")
