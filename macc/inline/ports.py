"""Where ``"node:output_arg:index"`` (a FunctionDef body's tensor reference) lands as a flat port.

A flat port counts the tensors of every output arg before ``output_arg`` plus ``index``. The output
args of every op TensorFlow registers, in order, with the size of each (one tensor, an int attr's
count, a list(type) attr's length), are in the generated :mod:`macc.op_outputs`; the sizes are read
from the node's attrs (or the attr's default, which a SavedModel strips from the node).

An op with a single output arg is wired by the index alone, whatever arg name the reference
gives (:mod:`macc.inline.noinline` turns a ``ReadVariableOp`` into an ``Identity`` and keeps the
body's ``:value:`` references). An op TensorFlow does not register (a custom op) has an unknown
layout: it is used only when the node says it has a single output (one ``_output_shapes``
entry) and the body names one output arg of it; otherwise the port is unknown (None: the
caller's error), never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from ..op_outputs import OUTPUT_ARGS


class _Arg:
    __slots__ = ("name", "count_attr", "types_attr", "default")

    def __init__(self, text: str):
        self.count_attr = self.types_attr = None
        self.default: int | None = None
        name, eq, default = text.partition("=")
        if eq:
            self.default = int(default)
        if "*" in name:
            name, self.count_attr = name.split("*")
        elif name.endswith("]"):
            name, _, attr = name[:-1].partition("[")
            self.types_attr = attr
        self.name = name

    def size(self, attrs: Mapping | None) -> int | None:
        """How many tensors the arg holds on a node with ``attrs``; None when not known."""
        attr = self.count_attr or self.types_attr
        if attr is None:
            return 1
        if attrs is not None and attr in attrs:
            value = attrs[attr]
            return int(value.i) if self.count_attr else len(value.list.type)
        return self.default


@cache
def output_args(op: str) -> tuple[_Arg, ...] | None:
    """``op``'s output args in order; None for an op TensorFlow does not register."""
    text = OUTPUT_ARGS.get(op)
    return None if text is None else tuple(_Arg(a) for a in text.split())


def flat_port(op: str, arg: str, index: int, *, seen_args: set[str],
              fn_outputs: list[str] | None = None, attrs: Mapping | None = None) -> int | None:
    """The flat output port of ``op``'s ``arg:index``; None when the layout is unknown.

    ``fn_outputs``: output arg names when ``op`` is a library function called by name.
    ``seen_args``: every output arg name the function body uses for this node.
    ``attrs``: the node's attrs (an ``AttrValue`` map), for the sizes of list args.
    """
    if fn_outputs is not None:
        return fn_outputs.index(arg) + index if arg in fn_outputs else None
    args = output_args(op)
    if args is None:
        # a custom op: only a node that says it has one output can be wired without its OpDef
        shapes = attrs.get("_output_shapes") if attrs is not None else None
        single = shapes is not None and len(shapes.list.shape) == 1
        return index if single and len(seen_args) <= 1 and index == 0 else None
    if len(args) == 1:
        return index  # one output arg: its name does not matter (macc.inline.noinline relies on it)
    port = 0
    for a in args:
        size = a.size(attrs)
        if a.name == arg:
            return port + index if size is None or index < size else None
        if size is None:
            return None  # an earlier list arg whose length the node does not tell
        port += size
    return None  # no such output arg
