"""If/Case after inlining: keep only the costlier branch.

Every branch was inlined under its own prefix; this pass counts the flat graph once under the
input shapes of the run (the declared ones with ``--input``/``--batch`` applied, so a model traced
with an unknown batch chooses as it does traced at that batch), and for each If/Case node
(innermost first) keeps the branch with the most exact flops (ties, and branches whose costs are
unknown: the first branch, i.e. ``then``), drops the other branches' nodes and points the node's
outputs at the kept branch's returns.
"""

from __future__ import annotations

from ..graph import Graph
from ..proto import graph_pb2


def choose_branches(inlined, *, source: str = "", inputs=None,
                    batch: int | None = None) -> tuple[object, list[str]]:
    """(the GraphDef with one branch per If/Case, one note per decision)."""
    groups = inlined.branch_groups
    gd = inlined.graph_def
    if not groups:
        return gd, []
    from ..costs import count
    from ..shapes import infer_shapes

    graph = Graph.from_graph_def(gd, source=source)
    shapes = infer_shapes(graph, inputs, batch, refine_lists=bool(inlined.wirings))
    flops = {nc.node.name: (nc.cost.flops or 0) for nc in count(graph, shapes)}
    removed: set[str] = set()
    chosen: dict[str, list[str]] = {}
    notes = []
    names = list(flops)
    # innermost first: a longer node name is nested deeper
    for node, op, branches in sorted(groups, key=lambda g: -g[0].count("/")):
        costs = [sum(f for n, f in flops.items() if n.startswith(prefix) and n not in removed)
                 for _, prefix, _ in branches]
        best = max(range(len(branches)), key=lambda i: (costs[i], -i))
        for i, (_, prefix, _) in enumerate(branches):
            if i != best:
                removed.update(n for n in names if n.startswith(prefix))
        chosen[node] = branches[best][2]
        shown = ", ".join(f"{label} {c:,}" for (label, _, _), c in zip(branches, costs))
        notes.append(f"{op} '{node}': counted only its costlier branch "
                     f"'{branches[best][0]}' (flops by branch: {shown})")
    flat = graph_pb2.GraphDef()
    flat.versions.CopyFrom(gd.versions)
    flat.library.CopyFrom(gd.library)  # bodies of calls kept as calls
    for nd in gd.node:
        if nd.name in removed:
            continue
        if nd.name in chosen:
            ctrl = [t for t in nd.input if t.startswith("^")]
            del nd.input[:]
            nd.input.extend(chosen[nd.name] + ctrl)
        flat.node.append(nd)
    return flat, notes

