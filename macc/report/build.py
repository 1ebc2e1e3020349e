"""From counted nodes to a Report: rows, totals, per-op view, parameters, weights, warnings."""

from __future__ import annotations

import re

from .. import dtypes
from ..costs import STRUCTURAL_OPS, NodeCount
from ..costs.engine import LOOP_OPS
from ..tensors import num_elements, tensor_shape
from .data import ReportData
from .loops import (
    ENTER_OPS,
    called_trip_count,
    inlined_loop_costs,
    trip_count,
    v1_frames,
    v1_trip_counts,
    v1_warning,
    while_warning,
)

VARIABLE_OPS = frozenset({"VariableV2", "Variable", "VarHandleOp", "TemporaryVariable"})
CONST_OPS = frozenset({"Const", "HostConst", "ImmutableConst"})  # ImmutableConst: memmapped
# variables a TF1 training graph holds besides the model's weights: optimizer slots (TF1's
# optimizers name them var/Momentum, var/Adam_1, ...), moving averages and statistics, counters
_STATE = re.compile(r"/(Momentum|Adam|Adam_\d+|RMSProp|RMSProp_\d+|Adagrad|AdagradDA|Adadelta|"
                    r"Adadelta_\d+|Ftrl|Ftrl_\d+|ExponentialMovingAverage|Nadam)(/|$)|"
                    r"(^|/)(moving_mean|moving_variance|global_step|beta1_power|beta2_power)(/|$)")


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
    n = sum(unsupported.values())
    return f"{n} node{'' if n == 1 else 's'} of unsupported ops counted as 0: {listed}"


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
                      inputs_hint: dict | None = None,
                      inlined_loops: list | None = None) -> ReportData:
    """``trainable``: names of the trainable variable nodes (from a MetaGraphDef's collection);
    None means every variable node counts as a parameter. ``inlined_loops``: the While nodes
    whose cond and body were inlined once (:class:`macc.inline.LoopWiring`): the warning gives
    their cost per iteration and, where the cond bounds a counter, their trip count.

    Nodes of one shape class with equal input entries (see macc.shapes.state) share one row tail
    (everything after the name, and a constant's weight), computed for the first of them; the
    sums add each tail once per node at the end."""
    rows = Rows(trainable)
    add_name, add_tail = rows.names.append, rows.tails.append
    classes = getattr(shapes, "classes", None) or {}
    by_class = rows.by_class
    outputs = shapes.outputs
    read = _ReadNames(graph)  # a constant nobody reads is no weight
    weights = 0
    loops = []  # (name, flops, MACCs[, trips, exact]) of the While nodes counted as one iteration
    for nc in counts:
        node = nc.node
        name = node.name
        cls = classes.get(name)
        key = None
        if cls is not None:
            key = (cls, node.n_input_entries)
            entry = by_class.get(key)
            if entry is not None:
                add_name(name)
                add_tail(entry[0])
                entry[2] += 1
                w = entry[1]
                if w and name in read:  # a float constant's elements: a weight where it is read
                    weights += w
                continue
        shareable = key is not None and node.op not in VARIABLE_OPS
        entry = rows.add(node, nc, outputs.get(name) or (), key if shareable else None)
        w = entry[1]
        if w and name in read:
            weights += w
        if not shareable and node.op in LOOP_OPS and nc.status == "counted":
            cost = nc.cost
            loops.append((name, cost.flops or 0, cost.maccs or 0,
                          *(called_trip_count(node, graph, shapes) or (None, None))))
    wirings = inlined_loops or []
    costs = inlined_loop_costs([w.name for w in wirings], rows.names, rows.tails)
    loops += [(*c, *(trip_count(w, graph, shapes, wirings) or (None, None)))
              for c, w in zip(costs, wirings)]

    def notes(sums) -> list:
        return [while_warning(loops),
                _v1_note(graph, shapes, rows.names, rows.tails) if ENTER_OPS & sums.keys() else None]

    return rows.finish(source=source, fmt=fmt, weights=weights, has_library=graph.library is not None,
                       notes=notes, hint=lambda: input_hint(graph, shapes))


class Rows:
    """The report's rows as they are made, and what they add up to (:meth:`finish`).

    ``names``/``tails``: per row its name and its fields after the name (NodeRow order). Rows
    of one (shape class, input entries) share the tail of the first of them: ``by_class`` maps
    the key to its entry [tail, weight, nodes, tf incomplete] (the caller adds 1 to ``nodes`` per
    further row), ``shared`` holds those tails' ids; ``loose`` holds the entries of the rows
    made on their own. Weights of constants are the caller's (a constant counts where it is
    read); variables' are added here, with the parameters."""

    __slots__ = ("names", "tails", "shared", "by_class", "loose", "params", "weights", "state",
                 "trainable")

    def __init__(self, trainable: set[str] | None = None):
        self.names: list[str] = []
        self.tails: list[tuple] = []
        self.shared: set[int] = set()
        self.by_class: dict = {}
        self.loose: list[list] = []
        self.params = self.weights = 0
        self.state = [0, 0]  # variables (and their elements) counted as params that look like state
        self.trainable = trainable

    def add(self, node, nc: NodeCount, outs: tuple, key) -> list:
        """Append ``node``'s row, made from its count; ``key``: its (class, input entries) when
        later rows may share it, else None. Returns its entry (the weight of a float constant
        is ``entry[1]``)."""
        cost, status = nc.cost, nc.status
        op = node.op
        name = node.name
        tf = cost.tf_flops
        if tf is None:
            tf = 0
        elif type(tf) is not int or tf < 1:  # ints of at least 1 (most) stay as they are
            tf = _tf_value(tf)
        w = None
        params = 0
        if op in CONST_OPS:
            w = _const_weight(node, outs)
        elif op in VARIABLE_OPS:
            elems = variable_elements(node)
            self.weights += elems
            trainable = self.trainable
            if trainable is None or name in trainable:
                params = elems
                if trainable is None and _STATE.search(name):
                    self.state[0] += 1
                    self.state[1] += elems
        tail = (op, outs, cost.flops or 0, tf, cost.maccs or 0, params, status, cost.formula)
        self.names.append(name)
        self.tails.append(tail)
        self.params += params
        entry = [tail, w, 1, nc.tf_incomplete]
        if key is not None:
            self.by_class[key] = entry
            self.shared.add(id(tail))
        else:
            self.loose.append(entry)
        return entry

    def finish(self, *, source: str, fmt: str, weights: int, has_library: bool, notes,
               hint) -> ReportData:
        """The ReportData: sums, totals and warnings. ``weights``: the read constants'
        elements; ``notes(sums)``: the loop warnings (None where there is none); ``hint()``:
        the text naming inputs with unknown dims, asked only when some shape is unknown."""
        row_tails = self.tails
        groups = [(e[0], e[2], e[3]) for e in self.by_class.values()]
        groups += [(e[0], e[2], e[3]) for e in self.loose]
        sums, unsupported, unknown, incomplete = _sums(groups, row_tails)
        tot_f = sum(s[1] for s in sums.values())
        tot_tf = sum(s[2] for s in sums.values())
        tot_m = sum(s[3] for s in sums.values())
        tot_p, state = self.params, self.state
        warnings = []
        if unsupported:
            warnings.append(unsupported_warning(unsupported))
            calls = sorted(op for op in unsupported if op in STRUCTURAL_OPS)
            if calls:
                missing = "" if has_library else (
                    ": this graph has no function library (stripped, e.g. by strip_unused?)")
                warnings.append(f"{', '.join(calls)}: calls and control flow whose bodies macc "
                                f"could not count{missing}; TF's profiler counts 0 for them either "
                                f"way (it never looks inside a function)")
        if state[0]:
            warnings.append(
                f"params counts every variable (this graph has no trainable_variables collection): "
                f"{state[0]} of them, {state[1]:,} of the {tot_p:,} params, look like optimizer or "
                f"moving-average state (slots such as var/Momentum or var/Adam, "
                f"ExponentialMovingAverage, moving_mean/variance, global_step); the .meta or a "
                f"SavedModel says which are trainable")
        warnings += [note for note in notes(sums) if note]
        text = hint() if incomplete or unknown else ""
        if unknown:
            one = unknown == 1
            warnings.append(f"{unknown} {'node has' if one else 'nodes have'} unknown shapes: "
                            f"{'its' if one else 'their'} flops and maccs count 0"
                            + ("" if incomplete else text))
        if incomplete:
            one = incomplete == 1
            warnings.append(f"{incomplete} {'node has' if one else 'nodes have'} tf_flops 0: TF's "
                            f"profiler skips {'it' if one else 'them'} for incomplete shapes, as macc "
                            f"does{text}")
        totals = {"flops": tot_f, "tf_flops": tot_tf, "maccs": tot_m, "params": tot_p,
                  "weights": weights + self.weights}
        return ReportData(source=source, fmt=fmt, totals=totals, names=self.names,
                          tails=row_tails, shared=self.shared, by_op=sums, unsupported=unsupported,
                          warnings=warnings)


def _v1_note(graph, shapes, names, row_tails) -> str | None:
    frames = v1_frames(graph)
    return v1_warning(names, row_tails, frames, v1_trip_counts(graph, shapes, frames))


class _ReadNames:
    """``name in read``: whether some node reads data from ``name``; the set is made on the
    first question (graphs without float constants never need it)."""

    __slots__ = ("_graph", "_names")

    def __init__(self, graph):
        self._graph = graph
        self._names = None

    def __contains__(self, name) -> bool:
        if self._names is None:
            self._names = {src for n in self._graph for src, _ in n.inputs}
        return name in self._names


def _sums(groups, row_tails):
    """Per-op sums (by_op, in the order each op's first row appears), unsupported ops' counts,
    and the numbers of nodes with unknown shapes and of nodes TF skips as incomplete, from
    (row tail, nodes sharing it, TF-incomplete flag) groups."""
    sums: dict[str, list[int]] = {}  # op -> [count, flops, tf_flops, maccs]
    unsupported: dict[str, int] = {}
    unknown = incomplete = 0
    for (op, _, flops, tf, maccs, _, status, _), n, tf_incomplete in groups:
        s = sums.get(op)
        if s is None:
            s = sums[op] = [0, 0, 0, 0]
        s[0] += n
        s[1] += n * flops
        s[2] += n * tf
        s[3] += n * maccs
        if status == "unsupported":
            unsupported[op] = unsupported.get(op, 0) + n
        elif status == "unknown_shape":
            unknown += n
        if tf_incomplete:
            incomplete += n
    sums = {op: sums[op] for op in _first_seen_ops(row_tails, sums)}  # by_op in file order
    unsupported = {op: unsupported[op] for op in sums if op in unsupported}
    return sums, unsupported, unknown, incomplete


def _first_seen_ops(tails, sums) -> list[str]:
    """The ops of ``sums`` in the order their first node appears (the order by_op has always
    had); stops reading the row tails once every op is seen."""
    order: dict[str, None] = {}
    left = len(sums)
    for tail in tails:
        op = tail[0]
        if op not in order:
            order[op] = None
            left -= 1
            if not left:
                break
    return list(order)


def _const_weight(node, outs) -> int:
    """Elements of a float constant (one that feeds something: the caller checks). Its shape is
    its output shape (the Const shape function read it from the tensor; upb dims are slow)."""
    if node.op == "ImmutableConst":  # a memmapped weight: its dtype and shape attrs
        shape, dt = node.attr("shape"), node.attr("dtype")
        if not isinstance(dt, int) or not dtypes.is_float(dt) or shape is None or None in shape:
            return 0
        n = 1
        for d in shape:
            n *= d
        return n
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


def input_hint(nodes, shapes) -> str:
    """Inputs with unknown dims among ``nodes`` (the graph, or its placeholders)."""
    from ..shapes.engine import PLACEHOLDER_OPS
    open_inputs = []
    batch_helps = False  # --batch fills an unknown leading dim of a known rank only
    for n in nodes:
        if n.op in PLACEHOLDER_OPS:
            s = shapes.of(n.name)
            if s is None:
                open_inputs.append(f"{n.name}=<unknown rank>")
            elif any(d is None for d in s):
                batch_helps = batch_helps or s[0] is None
                open_inputs.append(f"{n.name}=[{','.join('?' if d is None else str(d) for d in s)}]")
    if not open_inputs:
        return ""
    return ("; inputs with unknown dims: " + " ".join(open_inputs)
            + " (set them with --input NAME=D0,D1,..." + (" or --batch N)" if batch_helps else ")"))
