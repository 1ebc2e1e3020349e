"""Structural ops: calls and functional control flow. Neither formulas nor zero.

A call or functional control-flow node has no arithmetic of its own: its cost is that of the
function bodies it runs. In a GraphDef that keeps its function library, the counting engine
(``engine.call_count``) counts a call's body with the call's input shapes, an If/Case as its
costlier branch and a While as one iteration of its cond and body (the trip count is a runtime
value: the report warns); SavedModels and MetaGraphDefs are inlined whole before counting, with
the same rules. These ops are therefore kept out of both :data:`FORMULAS` and :data:`ZERO_OPS`:
when a body cannot be counted (no library, an unsupported or unsized op inside) the node stays
"unsupported" and is reported, never silently 0. TensorFlow's profiler counts all of them 0.
"""

from __future__ import annotations

STRUCTURAL_OPS = frozenset({
    # function calls
    "PartitionedCall", "StatefulPartitionedCall",
    # functional conditionals: the taken branch is a runtime value
    "If", "StatelessIf", "Case", "StatelessCase",
    # functional loops: the trip count is a runtime value
    "While", "StatelessWhile",
})
