"""What a report says about loops: each loop's cost per iteration, so that a user can scale it.

macc counts a loop once — v1 loops (Enter/Merge/Switch/NextIteration/Exit, what freezing a TF2
model or a TF1 ``while_loop`` leaves) node by node, as TF's profiler does; a functional ``While``
as one iteration of its cond and body — because the trip count is a run-time value. The warnings
built here name each loop with the flops and MACCs of one iteration: what to multiply.
"""

from __future__ import annotations

ENTER_OPS = frozenset({"Enter", "RefEnter"})
EXIT_OPS = frozenset({"Exit", "RefExit"})
SHOWN = 5


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
            frame = frame if isinstance(frame, str) and frame else f"(frame of {node.name})"
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


def v1_warning(names: list[str], tails: list, frame_of: dict[str, str]) -> str | None:
    """One warning for the graph's v1 loops: each frame's nodes and their cost (counted once)."""
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
    items = [f"'{f}' ({n} nodes): {_per_iteration(fl, m)}" for f, (n, fl, m) in sums.items()]
    loops = f"{len(sums)} v1 while loop{'' if len(sums) == 1 else 's'}"
    return (f"{loops}, each node counted once as TF's profiler counts it (the trip count is a "
            f"run-time value; multiply a loop's figures by it for the whole run): {_listed(items)}")


def while_warning(loops: list[tuple[str, int, int]]) -> str | None:
    """One warning for functional While loops counted as one iteration: (name, flops, MACCs of
    one iteration of cond and body)."""
    if not loops:
        return None
    items = [f"'{name}': {_per_iteration(fl, m)}" for name, fl, m in loops]
    n = len(loops)
    return (f"{n} While loop{'' if n == 1 else 's'}: cond and body counted once each (the trip "
            f"count is a run-time value; multiply by it for the whole loop): {_listed(items)}")


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
