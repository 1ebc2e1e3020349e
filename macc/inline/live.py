"""After inlining: keep only what a signature's outputs need, as TF's freezing does.

``convert_variables_to_constants_v2`` inlines the concrete function's calls and then prunes the
result to its outputs (``WrappedFunction.prune``: data and control inputs, transitively). A body
node that nothing returned depends on is gone from the frozen graph, and TF's profiler never sees
it: dead stateless code, an unused stateful ``RandomUniform`` (Keras's legacy random ops are not
automatic control dependencies), an unused mask. What a body runs for its effects stays: its
control outputs (``FunctionDef.control_ret``: ``PrintV2``, ``AssignVariableOp``, nested stateful
calls) are reached through the call, as TF's inlined call reaches them through its output
control node (checked with TF 2.21: a body's ``tf.print(x * 5.0)`` keeps the ``Mul``, an unused
``x * 7.0`` and ``tf.random.uniform`` are dropped).

The node standing for a call lives with what :attr:`macc.inline.Inlined.deps` lists: a call's
control outputs; every branch's returns and control outputs of an If/Case (the costlier branch is
chosen afterwards, on the live graph); a While's cond and body returns and control outputs (its
outputs pass the loop inputs through, so nothing else would reach the body).
"""

from __future__ import annotations

from ..graph import parse_input
from ..proto import graph_pb2


def keep_live(inlined, roots, *, keep_ops=frozenset()) -> None:
    """Prune ``inlined.graph_def`` (in place on ``inlined``) to what ``roots`` (node names)
    need, plus the nodes of ``keep_ops``; drop the loops and branch choices that went with it."""
    gd = inlined.graph_def
    keep = needed(gd, roots, inlined.deps)
    keep.update(nd.name for nd in gd.node if nd.op in keep_ops)
    if len(keep) == len(gd.node):
        return
    out = graph_pb2.GraphDef()
    if gd.HasField("versions"):
        out.versions.CopyFrom(gd.versions)
    if gd.HasField("library"):
        out.library.CopyFrom(gd.library)
    out.node.extend(nd for nd in gd.node if nd.name in keep)
    inlined.graph_def = out
    inlined.branch_groups = [g for g in inlined.branch_groups if g[0] in keep]
    inlined.loops = [n for n in inlined.loops if n in keep]
    inlined.wirings = [w for w in inlined.wirings if w.name in keep]


def needed(graph_def, roots, deps: dict | None = None) -> set[str]:
    """Names of the nodes ``roots`` depend on, through data and control inputs (and ``deps``:
    node -> more inputs, such as a call's body dependencies), roots included."""
    by_name = {nd.name: nd for nd in graph_def.node}
    deps = deps or {}
    keep: set[str] = set()
    stack = [r for r in roots if r in by_name]
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep.add(name)
        for text in (*by_name[name].input, *deps.get(name, ())):
            src = parse_input(text.lstrip("^"))[0]
            if src in by_name and src not in keep:
                stack.append(src)
    return keep


__all__ = ["keep_live", "needed"]
