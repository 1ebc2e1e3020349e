"""One pass over a GraphDef: graph, shapes, counts and report rows together, node by node.

Big graphs repeat a few blocks thousands of times. The phases (:class:`macc.graph.Graph`,
:func:`macc.shapes.infer_shapes`, :func:`macc.costs.count`, :func:`macc.report.build_report_data`)
each visit every node; this pass visits each NodeDef once and answers a node that repeats an
earlier one from a memo keyed by its op, its serialized attrs, the ids of its inputs (and their
ports) and its number of input entries. An id stands for everything a consumer can see of an
output, its shape and its value's fingerprint (interned: equal outputs, equal ids, so weights of
one shape look alike). So nodes with equal keys have equal op, attrs, input shapes and input
values, and get what the first of them got (its output shapes, values and report row) without
a Node object, a shape function, a formula or a row of their own.

A node whose key is new runs the phases' own per-node steps (``ShapeState.infer_node``,
``recorded_shapes``, ``store_outputs``, ``count_one``, ``Rows.add``), so every number is the one
the phases give. It makes an entry when the shape memo gave it a class (pure shape function,
no recorded ``_output_shapes``, no ``--input`` shape, not a variable): the same condition under
which the phases share its row.

Anything this pass does not handle returns None, and the caller runs the phases, which give the
result or the error: a data input that names no earlier node or an output its producer lacks
(files out of topological order, v1 loops), a node waited for by a control input of an earlier
node it descends from (maybe a cycle), duplicate or empty names, empty ops, v1 loop frames
(Enter), While calls of a function library, an ``--input`` naming no node, any error. Other
calls of a library are inferred and counted through their bodies, as the phases do (never from
the memo: their shape function is not pure). A control input may name a later node (an
inlined SavedModel's outputs wait for its NoOps): control inputs order nothing a shape reads, so
the pass keeps the file's order where the phases sort those nodes. SavedModels whose loops macc
inlined never come here (see :func:`macc.api.profile_data`).
"""

from __future__ import annotations

from itertools import count as _counter

from .costs.engine import LOOP_OPS, count_one
from .graph import Node, parse_input
from .report.build import VARIABLE_OPS, Rows, input_hint
from .report.data import ReportData
from .report.loops import ENTER_OPS
from .shapes.engine import (
    PLACEHOLDER_OPS,
    Shapes,
    fill_batch,
    given_shapes,
    recorded_shapes,
    store_outputs,
)
from .shapes.state import KEYED_CONST_OPS, MAX_KEY_BYTES, ShapeState

_PORTS = 1 << 16  # ids are multiples of this; a port is added to its producer's id in a key
_UNKNOWN_COUNT = _PORTS  # output count of a node without a shape function: any port < 2^16
# an entry: (id, output shapes, output count, values, row tail, weight, row entry); values:
# ((port, value, fingerprint, partial?), ...) or None
_ID, _OUTS, _NOUT, _VALS, _TAIL, _W, _ROW = range(7)


def one_pass(graph_def, *, source: str, fmt: str, sizes: list[int] | None = None,
             trainable: set[str] | None = None, inputs=None,
             batch: int | None = None) -> ReportData | None:
    """The ReportData the phases would make for ``graph_def``, or None when this pass leaves
    the graph to them. ``sizes``: each NodeDef's
    serialized size (``Loaded.node_sizes``); ``inputs``/``batch``: as for :func:`macc.profile`
    (already checked)."""
    try:
        return _one_pass(graph_def, source, fmt, sizes, trainable, inputs, batch)
    except Exception:  # noqa: BLE001 - the phases give the error (or the result) in full
        return None


def _one_pass(graph_def, source, fmt, sizes, trainable, inputs, batch):
    nodes = graph_def.node
    if sizes is not None and len(sizes) != len(nodes):
        sizes = None
    # a library's calls are inferred and counted through their bodies (CallShapes), never memoised
    library = graph_def.library if len(graph_def.library.function) else None
    state = ShapeState(library)
    calls = state.calls
    outputs, values, partials, fps = state.outputs, state.values, state.partials, state._fps
    infer_node, classes = state.infer_node, state.classes
    shapes = Shapes(outputs, values, partials)
    shapes.handles = state.handles
    counts: dict = {}  # output counts that are not len(outputs[name]), as infer_shapes keeps them
    rows = Rows(trainable)
    names, tails, by_class = rows.names, rows.tails, rows.by_class
    add_name, add_tail = names.append, tails.append
    fixed = given_shapes(inputs)
    placeholders = []  # for the hint naming inputs of unknown shape
    memo: dict = {}  # key -> entry
    entry_of: dict = {}  # name -> its entry (shared with the nodes of its key)
    read_w: dict = {}  # name -> elements of a float constant some node reads
    interned: dict = {}  # (outputs, fingerprints) -> id, for the nodes with entries of their own
    waits = _Waits()  # control inputs naming later nodes (see _Waits)
    ids = _counter(_PORTS, _PORTS)
    from_proto = Node.from_proto
    for i, nd in enumerate(nodes):
        name, op, texts = nd.name, nd.op, nd.input
        if not name or not op or name in entry_of:
            return None
        head = len(name) + len(op) + 4
        key_ins = []
        data_ins, ctrl_ins = [], []  # parsed once: a new key's Node takes them
        waiting = False  # a control input names a later node
        if texts:
            texts = list(texts)  # one str per input, read once
            for text in texts:
                head += len(text) + 2  # repeated: written even when empty
                if text[:1] == "^":  # a control input: it must name a node, that is all
                    src = text[1:]
                    ctrl_ins.append(src)
                    if src not in entry_of:  # inlined SavedModels: an output waits for a NoOp
                        waits.wait(name, src)
                        waiting = True
                    continue
                if ":" in text:
                    src, port, _ = parse_input(text)
                    e = entry_of.get(src)
                    if e is None:
                        return None
                else:
                    src, port = text, 0
                    e = entry_of.get(src)
                    if e is None:
                        return None
                if port >= e[_NOUT]:
                    return None
                data_ins.append((src, port))
                key_ins.append(e[_ID] + port)
                w = e[_W]
                if w:
                    read_w[src] = w
        if waits.waited and not waits.visit(name, texts, waiting):
            return None  # maybe a cycle: the phases' topological order tells
        # the key: the serialized NodeDef after its name, op and inputs (device, attrs and
        # anything later), when those are ASCII strings shorter than 128 bytes (see
        # Node.from_proto's head); a weight (or any NodeDef over 4 KB) is never serialized
        key = data = None
        if op not in KEYED_CONST_OPS if sizes is None else sizes[i] <= MAX_KEY_BYTES:
            data = nd.SerializeToString()
            if len(data) <= MAX_KEY_BYTES and data[:head].isascii():
                key = (op, data[head:], tuple(key_ins), len(texts))
        if key is not None and name not in fixed:
            e = memo.get(key)
            if e is not None:  # a repeat: everything is its entry's
                entry_of[name] = e
                outputs[name] = e[_OUTS]
                vals = e[_VALS]
                if vals is not None:
                    for port, val, fp, part in vals:
                        ref = (name, port)
                        (partials if part else values)[ref] = val
                        fps[ref] = fp
                add_name(name)
                add_tail(e[_TAIL])
                e[_ROW][2] += 1
                continue
        # a new key (or none): the phases' steps for this node
        if op in ENTER_OPS or (calls is not None and op in LOOP_OPS):
            return None  # v1 loop frames, While calls: the phases' loop warnings read the graph
        node = from_proto(nd, name, op, texts, (tuple(data_ins), tuple(ctrl_ins), head))
        if sizes is not None:
            node.size = sizes[i]
        node.wire = data  # serialized for the key already: the shape memo's key reuses it
        inferred = infer_node(node)
        recorded = recorded_shapes(node, state.last_attrs)
        if op in PLACEHOLDER_OPS:
            placeholders.append(node)
            if batch is not None:  # the phases fill every placeholder's batch before the pass
                fill_batch(node, fixed, batch)
        result = store_outputs(node, inferred, recorded, fixed, source, outputs, counts, classes)
        cls = classes.get(name)
        nc = count_one(node, shapes, cls, calls, source or None)
        shareable = cls is not None and op not in VARIABLE_OPS
        row_key = (cls, len(texts)) if shareable else None
        row = by_class.get(row_key) if shareable else None
        if row is None:
            row = rows.add(node, nc, result, row_key)
        else:  # another key of the same shape class: the row the phases share
            add_name(name)
            add_tail(row[0])
            row[2] += 1
        nout = counts.get(name, len(result))
        if nout is None:
            nout = _UNKNOWN_COUNT
        if shareable and key is not None:
            e = memo[key] = (_own_id(interned, ids, state, name, result), result, nout,
                             _values_of(state, name, len(result)), row[0], row[1], row)
        else:
            e = (_own_id(interned, ids, state, name, result), result, nout, None, None, row[1],
                 None)
        entry_of[name] = e
    if any(name not in entry_of for name in waits.waited):
        return None  # a control input naming no node: the phases' error
    if any(name not in entry_of for name in fixed):
        return None  # an --input naming no node: the phases' error lists the placeholders
    return rows.finish(source=source, fmt=fmt, weights=sum(read_w.values()), has_library=library is not None,
                       notes=lambda sums: (), hint=lambda: input_hint(placeholders, shapes))


class _Waits:
    """Control inputs that name later nodes (an inlined SavedModel's outputs wait for its
    NoOps), and the check that no such wait closes a cycle. A cycle needs a wait: node c waits
    for a later p, and p descends from c. So each node is marked with the waiting nodes it
    descends from (through inputs in file order), and when p arrives none of its waiters may be
    among its marks, nor among the waiting nodes its marks' own waits made them descend from
    (``implied``). A waiting node whose waits have all arrived, none of them descending from a
    waiting node, can close no cycle any more: it is dropped from the marks (``inert``), so the
    marks stay small (inlined calls nest hundreds of waits, each settled at once)."""

    __slots__ = ("waited", "marks", "implied", "pending", "inert", "live")

    def __init__(self):
        self.waited: dict = {}  # name -> the nodes waiting for it
        self.marks: dict = {}  # name -> the waiting nodes it descends from (a set, shared)
        self.implied: dict = {}  # waiting node -> waiting nodes what it waits for descends from
        self.pending: dict = {}  # waiting node -> its waits that have not arrived yet
        self.inert: set = set()
        self.live: set = set()  # waiting nodes not inert: while there are none, nothing is marked

    def wait(self, name: str, src: str) -> None:
        self.waited.setdefault(src, []).append(name)
        self.pending[name] = self.pending.get(name, 0) + 1
        self.live.add(name)

    def visit(self, name: str, texts, waiting: bool) -> bool:
        """Mark ``name`` (its inputs ``texts``; ``waiting``: it waits for a later node); False
        when it is waited for and may close a cycle."""
        if not self.live:  # every wait settled (a node waited for arrives once, its waiter live)
            return True
        marks = self.marks
        got, own = None, False
        for text in texts:
            m = marks.get(parse_input(text)[0])
            if m and m is not got:
                if got is None:
                    got = m  # shared with the input, not copied
                else:
                    if not own:
                        got, own = set(got), True
                    got |= m
        if waiting:
            got = set(got or ()) | {name}
        if got and not got.isdisjoint(self.inert):
            got = got - self.inert
        if got:
            marks[name] = got
        if name in self.waited:
            return self.arrive(name, got or None)
        return True

    def arrive(self, name: str, got) -> bool:
        """``name``, waited for, has arrived with marks ``got``."""
        waiters = self.waited[name]
        implied = self.implied
        if got:
            reach, todo = set(got), list(got)
            while todo:
                for c in implied.get(todo.pop(), ()):
                    if c not in reach:
                        reach.add(c)
                        todo.append(c)
            if any(c in reach for c in waiters):
                return False
        for c in waiters:
            if got:
                implied.setdefault(c, set()).update(got)
            self.pending[c] -= 1
            if not self.pending[c] and not (implied.get(c, set()) - self.inert):
                self.inert.add(c)
                self.live.discard(c)
        return True


def _values_of(state: ShapeState, name: str, n: int):
    """A node's recorded values and partial values with their fingerprints, as an entry keeps
    them (None: none)."""
    got = []
    for port in range(n):
        ref = (name, port)
        fp = state._fps.get(ref)
        if fp is None:
            continue
        if ref in state.values:
            got.append((port, state.values[ref], fp, False))
        else:
            got.append((port, state.partials[ref], fp, True))
    return tuple(got) or None


def _own_id(interned: dict, ids, state: ShapeState, name: str, result: tuple) -> int:
    """A node's id: one per distinct (outputs, values' fingerprints), so the consumers of equal
    outputs (weights of one shape, placeholders, nodes of different keys) share their keys."""
    fps = state._fps
    if len(result) == 1:  # most nodes (the lengths tell the two forms apart)
        seen = (result, fps.get((name, 0)))
    else:
        seen = (result, tuple([fps.get((name, port)) for port in range(len(result))]))
    try:
        got = interned.get(seen)
    except TypeError:  # an output that is not a tuple of dims: an id of its own
        return next(ids)
    if got is None:
        got = interned[seen] = next(ids)
    return got
