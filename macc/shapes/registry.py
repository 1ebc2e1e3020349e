"""The table ``op type -> shape function`` and the context a shape function reads.

A shape function takes a :class:`ShapeCtx` and returns one shape per output (a tuple of dims,
None for an unknown dim; or None for an unknown rank). It may also record constant values of its
outputs with :meth:`ShapeCtx.set_value` (small integer tensors that compute shapes).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import ShapeError
from ..tensors import MAX_DECODE

SHAPE_FNS: dict[str, Callable] = {}


def shape_fn(*ops: str):
    """Register the decorated function for each op type; registering an op twice is an error."""
    def deco(fn):
        for op in ops:
            if op in SHAPE_FNS:
                raise RuntimeError(f"shape function for {op} registered twice")
            SHAPE_FNS[op] = fn
        return fn
    return deco


class ShapeCtx:
    """What a shape function may look at: its node, its inputs' shapes and constant values."""

    __slots__ = ("node", "_shapes", "_values", "_handles", "_out_values")

    def __init__(self, node, shapes: dict, values: dict, handles: dict):
        self.node = node
        self._shapes = shapes
        self._values = values
        self._handles = handles  # (name, port) -> shape of the variable behind a resource
        self._out_values: dict[int, np.ndarray] = {}

    @property
    def n_inputs(self) -> int:
        return len(self.node.inputs)

    def attr(self, key, default=None):
        return self.node.attr(key, default)

    def in_shape(self, i: int):
        """Shape of data input ``i`` (None = unknown rank)."""
        if i >= len(self.node.inputs):
            raise ShapeError(f"has {len(self.node.inputs)} inputs, needs at least {i + 1}")
        src, port = self.node.inputs[i]
        outs = self._shapes.get(src)
        if outs is None or port >= len(outs):
            return None
        return outs[port]

    def in_rank(self, i: int) -> int | None:
        s = self.in_shape(i)
        return None if s is None else len(s)

    def in_value(self, i: int) -> np.ndarray | None:
        """The constant value of input ``i`` when it is known (small tensors only)."""
        if i >= len(self.node.inputs):
            return None
        return self._values.get(self.node.inputs[i])

    def in_values(self) -> list[np.ndarray | None]:
        return [self._values.get(ref) for ref in self.node.inputs]

    def set_value(self, port: int, value) -> None:
        arr = np.asarray(value)
        if arr.size <= MAX_DECODE:
            self._out_values[port] = arr

    def in_handle_shape(self, i: int):
        """Shape of the variable a resource input points at (VarHandleOp's 'shape'), if known."""
        if i >= len(self.node.inputs):
            return None
        return self._handles.get(self.node.inputs[i])

    def set_handle_shape(self, port: int, shape) -> None:
        self._handles[(self.node.name, port)] = shape

    def error(self, message: str) -> ShapeError:
        return ShapeError(message)
