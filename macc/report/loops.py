"""What a report says about loops: each loop's cost per iteration, so that a user can scale it.

macc counts a loop once — v1 loops (Enter/Merge/Switch/NextIteration/Exit, what freezing a TF2
model or a TF1 ``while_loop`` leaves) node by node, as TF's profiler does; a functional ``While``
as one iteration of its cond and body — because the trip count is a run-time value. The warnings
built here name each loop with the flops and MACCs of one iteration: what to multiply.
"""

from __future__ import annotations

from ..graph import parse_input

ENTER_OPS = frozenset({"Enter", "RefEnter"})
EXIT_OPS = frozenset({"Exit", "RefExit"})
SHOWN = 5
_UNNAMED = "(frame of "  # an Enter with no frame_name names its frame after itself


def v1_frames(graph) -> dict[str, str]:
    """Node name -> the v1 while-loop frame it runs in (``Enter.frame_name``), for the nodes in a
    frame. An Enter starts its frame, an Exit returns to the frame around it, any other node
    runs in the frame of its inputs (control inputs too: a loop's constants hang on its pivot)."""
    frame_of: dict[str, str] = {}
    parent: dict[str, str | None] = {}
    for node in graph.topological():
        srcs = [s for s, _ in node.inputs]
        srcs.extend(node.control_inputs)
        outer = next((frame_of[s] for s in srcs if s in frame_of), None)
        if node.op in ENTER_OPS:
            frame = node.attr("frame_name")
            frame = frame if isinstance(frame, str) and frame else f"{_UNNAMED}{node.name})"
            parent.setdefault(frame, outer)
            frame_of[node.name] = frame
        elif node.op in EXIT_OPS:
            inner = frame_of.get(srcs[0]) if srcs else None
            up = parent.get(inner) if inner is not None else None
            if up is not None:
                frame_of[node.name] = up
        elif outer is not None:
            frame_of[node.name] = outer
    return frame_of


def _per_iteration(flops: int, maccs: int) -> str:
    return f"{flops:,} flops and {maccs:,} MACCs per iteration"


def _listed(items: list[str]) -> str:
    more = f"; and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return "; ".join(items[:SHOWN]) + more


def v1_warning(names: list[str], tails: list, frame_of: dict[str, str],
               trips: dict | None = None) -> str | None:
    """One warning for the graph's v1 loops: each frame's nodes and their cost (counted once),
    and its trip count where :func:`v1_trip_counts` found one."""
    sums: dict[str, list[int]] = {}
    for name, tail in zip(names, tails):
        frame = frame_of.get(name)
        if frame is not None:
            s = sums.setdefault(frame, [0, 0, 0])
            s[0] += 1
            s[1] += tail[2]
            s[2] += tail[4]
    if not sums:
        return None
    items = [f"'{f}' ({n} nodes): {_per_iteration(fl, m)}{_whole(fl, m, (trips or {}).get(f))}"
             for f, (n, fl, m) in sums.items()]
    loops = f"{len(sums)} v1 while loop{'' if len(sums) == 1 else 's'}"
    return f"{loops}, each node counted once in the totals, as TF's profiler counts it: " + \
        _listed(items)


def _whole(fl: int, m: int, trips) -> str:
    """"; N iterations (…): the whole loop's figures", or how to get them without a count."""
    if trips is None or trips[0] is None:
        return " (trip count decided at run time: multiply by it)"
    n, exact = trips
    return (f"; {'' if exact else 'at most '}{n:,} iteration{'' if n == 1 else 's'} (its cond "
            f"bounds a counter): {n * fl:,} flops and {n * m:,} MACCs in all, plus the cond's "
            "final test")


def while_warning(loops: list[tuple]) -> str | None:
    """One warning for functional While loops counted as one iteration: (name, flops, MACCs of
    one iteration of cond and body[, trip count, exact]) — with a trip count, the whole loop's
    figures too ("at most" when part of the cond is not a counter bound)."""
    if not loops:
        return None
    items = [f"'{name}': {_per_iteration(fl, m)}{_whole(fl, m, tuple(trips) if trips else None)}"
             for name, fl, m, *trips in loops]
    n = len(loops)
    return (f"{n} While loop{'' if n == 1 else 's'}: cond and body counted once each in the "
            f"totals: {_listed(items)}")


def inlined_loop_costs(loops: list[str], names: list[str], tails: list) -> list[tuple]:
    """(name, flops, MACCs) of each inlined While: the rows under its ``cond/`` and ``body/``
    (a loop inlined inside another's body counts in both)."""
    if not loops:
        return []
    sums = {name: [0, 0] for name in loops}
    for row_name, tail in zip(names, tails):
        for marker in ("/cond/", "/body/"):
            i = row_name.find(marker)
            while i != -1:
                s = sums.get(row_name[:i])
                if s is not None:
                    s[0] += tail[2]
                    s[1] += tail[4]
                i = row_name.find(marker, i + 1)
    return [(name, *sums[name]) for name in loops]


# --- trip counts of inlined While loops -----------------------------------------------------------

_BOUNDS = {"Less": False, "LessEqual": True, "Greater": False, "GreaterEqual": True}
_SWAPPED = frozenset({"Greater", "GreaterEqual"})  # a > b is b < a
_MAX_TRIPS = 1 << 40


def trip_count(wiring, graph, shapes, loops=()) -> tuple[int, bool] | None:
    """(trips, exact) of an inlined While (:class:`macc.inline.LoopWiring`) whose cond compares a
    counter — a loop variable that the body steps by a constant, from a known start — with a
    known bound (a constant, or a loop variable the body passes through), as ``tf.while_loop``'s
    ``maximum_iterations`` and Keras's RNN loops do. Several such bounds joined by LogicalAnd:
    the least; any other part of the cond makes the count an upper bound (exact False). None when
    no bound is known. The numbers are read from the graph's folded constants (``shapes``).

    Inlining binds the cond's and body's arguments to the loop's initial values, so a value
    folded there is the first iteration's: a step or a bound counts only when every iteration
    sees the same value (:func:`_invariant`). ``loops``: every inlined While of the graph; a loop
    inside another's cond or body counts only when its start, step and bound are also the same
    in every iteration of each loop around it (else each run of it may differ)."""
    if wiring.cond is None or not wiring.body or len(wiring.body) != len(wiring.inputs):
        return None
    inputs = [_ref(r) for r in wiring.inputs]
    body = [_follow(_ref(r), graph) for r in wiring.body]
    around = [w for w in loops if w is not wiring and w.body and len(w.body) == len(w.inputs)
              and wiring.name.startswith((w.name + "/body/", w.name + "/cond/"))]
    return _least([_bound(node, inputs, body, graph, shapes, around)
                   for node in _conjuncts(_follow(_ref(wiring.cond), graph), graph)])


def _least(bounds: list) -> tuple[int, bool] | None:
    """(trips, exact) from the trip counts a cond's conjuncts allow (None: not a counter bound):
    the least known one, exact only when every conjunct is known; None when none is."""
    known = [b for b in bounds if b is not None]
    return (min(known), len(known) == len(bounds)) if known else None


def _trips(start: int, step: int, limit: int, inclusive: bool) -> int | None:
    """Iterations of ``for (i = start; i < limit (or <=); i += step)``; None past _MAX_TRIPS."""
    trips = max(0, -(-(limit + inclusive - start) // step))
    return trips if trips <= _MAX_TRIPS else None


def _ref(text: str) -> tuple[str, int]:
    name, port, _ = parse_input(text)
    return name, port


def _follow(ref, graph):
    """Through Identity nodes to the ref that makes the value."""
    for _ in range(64):
        node = graph.nodes.get(ref[0])
        if node is None or node.op != "Identity" or not node.inputs:
            return ref
        ref = node.inputs[0]
    return ref


def _conjuncts(ref, graph) -> list:
    """The operands of the LogicalAnd tree at ``ref`` (a lone predicate: itself; None for a
    ref to no node)."""
    out, todo = [], [ref]
    while todo:
        node = graph.nodes.get(todo.pop()[0])
        if node is not None and node.op == "LogicalAnd" and len(node.inputs) == 2:
            todo.extend(_follow(r, graph) for r in reversed(node.inputs))
        else:
            out.append(node)
    return out


def _int(shapes, ref) -> int | None:
    v = shapes.value(*ref)
    if v is None or v.size != 1 or v.dtype.kind not in "iu":
        return None
    return int(v.reshape(-1)[0])


def _bound(node, inputs, body, graph, shapes, around=()) -> int | None:
    """The trip count one comparison of the cond allows, or None when it is not a counter bound."""
    if node is None or node.op not in _BOUNDS or len(node.inputs) != 2:
        return None
    lhs, rhs = (_follow(r, graph) for r in node.inputs)
    if node.op in _SWAPPED:
        lhs, rhs = rhs, lhs
    if lhs not in inputs:
        return None
    k = inputs.index(lhs)
    if inputs.count(lhs) != 1:  # two loop variables start from one tensor: which one is it
        return None
    by = _step(body[k], lhs, graph)
    if by is None or not _invariant(by, inputs, body, graph):  # i + s, s changed by the body
        return None
    start, step = _int(shapes, lhs), _int(shapes, by)
    if start is None or step is None or step <= 0:
        return None
    if rhs in inputs:  # a loop variable: only a bound if the body passes it through unchanged
        j = inputs.index(rhs)
        if inputs.count(rhs) != 1 or body[j] != rhs:
            return None
    elif not _invariant(rhs, inputs, body, graph):  # i < n - 1, n changed by the body
        return None
    if not all(_invariant(r, [_ref(x) for x in w.inputs],
                          [_follow(_ref(x), graph) for x in w.body], graph)
               for w in around for r in (lhs, by, rhs)):
        return None  # each run of this inner loop may start, step or stop elsewhere
    limit = _int(shapes, rhs)
    if limit is None:
        return None
    return _trips(start, step, limit, _BOUNDS[node.op])


def _step(ret, var, graph):
    """The ref of what the body adds to loop variable ``var`` (its return ``ret`` = var + c)."""
    node = graph.nodes.get(ret[0])
    if node is None or node.op not in ("Add", "AddV2") or len(node.inputs) != 2:
        return None
    a, b = (_follow(r, graph) for r in node.inputs)
    if a == var:
        return b
    if b == var:
        return a
    return None


_MAX_WALK = 4096


def _invariant(ref, inputs, body, graph) -> bool:
    """Whether ``ref`` (in an inlined loop's cond or body) holds one value in every iteration:
    what computes it, back to the loop's variables (``inputs``, bound to their initial values),
    reads only variables the body passes through unchanged (``body``: its returns). False when
    that is not known within a few thousand nodes."""
    changed = {r for r, b in zip(inputs, body) if b != r}
    kept = set(inputs) - changed
    seen, todo = set(), [ref]
    while todo:
        r = todo.pop()
        if r in kept:
            continue
        if r in changed:
            return False
        if r[0] in seen:
            continue
        seen.add(r[0])
        if len(seen) > _MAX_WALK:
            return False
        node = graph.nodes.get(r[0])
        if node is not None:
            todo.extend(node.inputs)
    return True


# --- trip counts of v1 loops ----------------------------------------------------------------------

def v1_trip_counts(graph, shapes, frame_of: dict[str, str]) -> dict[str, tuple[int, bool]]:
    """Frame -> (trips, exact) for the v1 loops whose LoopCond compares a counter with a known
    bound: the counter a Merge of an Enter (a known start) and a NextIteration of
    ``counter + constant`` (the counter read back through Switch and Identity), the bound a
    constant (in the frame, or entering it). Rules as :func:`trip_count`."""
    out = {}
    for name, frame in frame_of.items():
        node = graph.nodes[name]
        if node.op != "LoopCond" or len(node.inputs) != 1 or frame in out:
            continue
        if frame.startswith(_UNNAMED):  # Enters without a frame_name: each starts a frame of
            continue  # its own, so one loop's nodes are split and no frame holds all of them
        got = _least([_v1_bound(c, graph, shapes)
                       for c in _conjuncts(_follow(node.inputs[0], graph), graph)])
        if got is not None:
            out[frame] = got
    return out


def _v1_value(ref, graph, shapes) -> int | None:
    """A constant int, also one entering the frame (an Enter's input)."""
    got = _int(shapes, ref)
    node = graph.nodes.get(ref[0])
    if got is None and node is not None and node.op in ENTER_OPS and node.inputs:
        got = _int(shapes, node.inputs[0])
    return got


def _v1_var(ref, graph):
    """Through Identity and Switch (either port) to the Merge a loop variable is read from."""
    for _ in range(64):
        node = graph.nodes.get(ref[0])
        if node is None or node.op not in ("Identity", "Switch", "RefSwitch") or not node.inputs:
            return ref
        ref = node.inputs[0]
    return ref


def _v1_bound(node, graph, shapes) -> int | None:
    if node is None or node.op not in _BOUNDS or len(node.inputs) != 2:
        return None
    lhs, rhs = node.inputs
    if node.op in _SWAPPED:
        lhs, rhs = rhs, lhs
    merge = graph.nodes.get(_v1_var(lhs, graph)[0])
    if merge is None or merge.op not in ("Merge", "RefMerge") or len(merge.inputs) != 2:
        return None
    ops = [graph.nodes[src].op if src in graph.nodes else "" for src, _ in merge.inputs]
    if sorted(ops) != ["Enter", "NextIteration"]:
        return None
    enter, nxt = (merge.inputs if ops[0] == "Enter" else merge.inputs[::-1])
    start = _v1_value(enter, graph, shapes)
    nxt_node = graph.nodes[nxt[0]]
    add = graph.nodes.get(_follow(nxt_node.inputs[0], graph)[0]) if nxt_node.inputs else None
    step = None
    if add is not None and add.op in ("Add", "AddV2") and len(add.inputs) == 2:
        a, b = add.inputs
        if graph.nodes.get(_v1_var(a, graph)[0]) is merge:
            step = _v1_value(b, graph, shapes)
        elif graph.nodes.get(_v1_var(b, graph)[0]) is merge:
            step = _v1_value(a, graph, shapes)
    limit = _v1_value(_follow(rhs, graph), graph, shapes)
    if start is None or step is None or step <= 0 or limit is None:
        return None
    return _trips(start, step, limit, _BOUNDS[node.op])


# --- trip counts of While calls kept in a GraphDef ------------------------------------------------

def called_trip_count(node, graph, shapes) -> tuple[int, bool] | None:
    """The trip count of a While call in a GraphDef that keeps its library (counted through its
    bodies, never inlined there: TF counts such a call as 0): the loop alone — its known integer
    inputs as constants, the others as placeholders of their shapes — is inlined on the side and
    read as an inlined loop (:func:`trip_count`). None when that does not work out."""
    from ..errors import MaccError
    from ..graph import Graph
    from ..inline import inline_library
    from ..proto import graph_pb2
    from ..shapes import infer_shapes
    from ..shapes.calls import const_node

    if graph.library is None or node.proto is None:
        return None
    types = node.attr("T")
    types = types if isinstance(types, list) and len(types) == len(node.inputs) else None
    gd = graph_pb2.GraphDef()
    gd.library.CopyFrom(graph.library)
    names = []
    for k, (src, port) in enumerate(node.inputs):
        name = f"loop_input_{k}"
        dtype = types[k] if types else 1
        value = shapes.value(src, port)
        if value is not None and value.size == 1 and value.dtype.kind in "iu" and dtype in (3, 9):
            gd.node.append(const_node(name, dtype, value.reshape(())))  # a scalar int32/int64
            names.append(name)
            continue
        nd = gd.node.add(name=name, op="Placeholder")
        shape = shapes.of(src, port)
        if shape is None:
            nd.attr["shape"].shape.unknown_rank = True
        for d in shape or ():
            nd.attr["shape"].shape.dim.add(size=-1 if d is None else d)
        nd.attr["dtype"].type = dtype
        names.append(name)
    loop = gd.node.add()
    loop.CopyFrom(node.proto)
    loop.name = "loop"
    del loop.input[:]
    loop.input.extend(names)
    try:
        inlined = inline_library(gd)
        flat = Graph.from_graph_def(inlined.graph_def)
        # the loop itself (a While in its body is inlined too, and listed first)
        loop = next((w for w in inlined.wirings if w.name == "loop"), None)
        got = None if loop is None else trip_count(loop, flat, infer_shapes(flat, refine_lists=True))
    except (MaccError, ValueError, TypeError, IndexError, KeyError):
        return None
    return got
