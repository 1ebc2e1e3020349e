"""The table ``op type -> shape function`` and the context a shape function reads.

A shape function takes a :class:`ShapeCtx` and returns one shape per output (a tuple of dims,
None for an unknown dim; or None for an unknown rank). It may also record constant values of its
outputs with :meth:`ShapeCtx.set_value` (small integer tensors that compute shapes).
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

import numpy as np

from ..errors import ShapeError
from ..families import SHAPES as _FAMILIES
from ..families import registering_module
from ..tensors import MAX_DECODE
from .util import MAX_RANK


def as_partial(value) -> np.ndarray:
    """A numeric ndarray -> an object ndarray of Python numbers (the partial-value form)."""
    arr = np.asarray(value)
    if arr.dtype == object:
        return arr
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    flat[:] = arr.reshape(-1).tolist()
    return out

SHAPE_FNS: dict[str, Callable] = {}  # filled as families load (macc.families)
SHAPE_FNS_BY: dict[str, str] = {}  # op -> the module that registered it


def lookup(op: str):
    """``op``'s shape function, importing its family first if need be; None when no family
    registers it."""
    fn = SHAPE_FNS.get(op)
    if fn is None and _FAMILIES.load(op):
        fn = SHAPE_FNS.get(op)
    return fn


def shape_fn(*ops: str, memo: bool = True):
    """Register the decorated function for each op type; registering an op twice is an error.

    ``memo=False``: the function reads more than its op, attrs, input shapes and input values
    (another node, a function library, which producers have run...), so its results must never
    be reused for another node (see :mod:`macc.shapes.state`)."""
    module = registering_module()

    def deco(fn):
        for op in ops:
            if op in SHAPE_FNS:
                raise RuntimeError(f"shape function for {op} registered twice")
            SHAPE_FNS[op] = fn
            SHAPE_FNS_BY[op] = module
        if not memo:
            no_memo(fn)
        return fn
    return deco


def no_memo(fn):
    """Mark a shape function as not memoisable (for functions wired in without ``shape_fn``)."""
    fn.macc_no_memo = True
    return fn


NO_VALUES = MappingProxyType({})


class ShapeCtx:
    """What a shape function may look at: its node, its inputs' shapes and constant values."""

    __slots__ = ("node", "_shapes", "_values", "_handles", "_out_values", "_partials",
                 "_out_partials", "calls", "_fps", "refine_lists")

    def __init__(self, node, shapes: dict, values: dict, handles: dict,
                 partials: dict | None = None, fps: dict | None = None):
        self.node = node
        self._shapes = shapes
        self._values = values
        self._handles = handles  # (name, port) -> shape of the variable behind a resource
        self._partials = {} if partials is None else partials  # (name, port) -> object ndarray
        # most nodes record no values: share one read-only empty mapping until one is set
        self._out_values: dict[int, np.ndarray] = NO_VALUES
        self._out_partials: dict[int, np.ndarray] = NO_VALUES
        self.calls = None  # a macc.shapes.calls.CallShapes when the graph has a function library
        self._fps = {} if fps is None else fps  # value fingerprints (macc.shapes.state)
        # TensorList writes refine the list's element shape (macc's inlined loops), or keep the
        # declared one as TF's import does (see macc.shapes.control_flow)
        self.refine_lists = False

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

    def input_ready(self, i: int) -> bool:
        """False while input ``i``'s producer has not run yet (a v1 loop's back edge)."""
        if i >= len(self.node.inputs):
            return False
        return self.node.inputs[i][0] in self._shapes

    def in_rank(self, i: int) -> int | None:
        s = self.in_shape(i)
        return None if s is None else len(s)

    def in_value(self, i: int) -> np.ndarray | None:
        """The constant value of input ``i`` when it is known (small tensors only)."""
        if i >= len(self.node.inputs):
            return None
        return self._values.get(self.node.inputs[i])

    def in_const(self, i: int) -> bool:
        """Whether input ``i``'s value is a Const node's own (not computed, not passed through an
        Identity): TF's constant evaluation reads some inputs only then. Part of the memo key
        (a Const's value fingerprint differs from a computed one's)."""
        if i >= len(self.node.inputs):
            return False
        fp = self._fps.get(self.node.inputs[i])
        return fp is not None and fp[0] in ("t", "c")

    def in_values(self) -> list[np.ndarray | None]:
        return [self._values.get(ref) for ref in self.node.inputs]

    def set_value(self, port: int, value) -> None:
        arr = np.asarray(value)
        if arr.size <= MAX_DECODE:
            if self._out_values is NO_VALUES:
                self._out_values = {}
            self._out_values[port] = arr

    def in_partial(self, i: int) -> np.ndarray | None:
        """Input ``i``'s value with some elements unknown: an object ndarray of Python numbers
        and None (unknown element); None when nothing is known. Fully known values come too."""
        if i >= len(self.node.inputs):
            return None
        ref = self.node.inputs[i]
        val = self._values.get(ref)
        if val is not None:
            return as_partial(val)
        return self._partials.get(ref)

    def set_partial(self, port: int, value) -> None:
        """Record what is known of an output that is a shape (TF's "partial shape" tensors:
        Shape of a partly known tensor, slices and concatenations of it): an object array,
        None = unknown element. Unlike ``set_value`` it does not make the output a constant:
        arithmetic does not evaluate it (TensorFlow's constant folding does not either), only
        shape consumers (Reshape, Fill, Tile...) read it through ``in_shape_tensor``."""
        arr = np.asarray(value, dtype=object)
        if arr.size > MAX_DECODE:
            return
        if any(v is not None for v in arr.reshape(-1)):
            if self._out_partials is NO_VALUES:
                self._out_partials = {}
            self._out_partials[port] = arr

    def in_shape_tensor(self, i: int):
        """Input ``i`` read as a shape (TF's MakeShapeFromShapeTensor): a tuple of dims with
        None for unknown or negative entries; None for an unknown rank."""
        part = self.in_partial(i)
        if part is not None:
            if part.ndim == 0:
                v = part.item()
                if v is not None and v < 0:
                    return None  # a scalar -1 means unknown rank
                raise ShapeError(f"shape input is a scalar {v}, expected a vector")
            if part.ndim != 1:
                raise ShapeError(f"shape input has rank {part.ndim}, expected 1")
            return tuple(None if v is None or v < 0 else int(v) for v in part.tolist())
        s = self.in_shape(i)
        if s is not None and len(s) == 1 and s[0] is not None:
            if s[0] > MAX_RANK:
                raise ShapeError(f"shape input has {s[0]} entries, over TensorFlow's maximum rank "
                                 f"of {MAX_RANK}")
            return (None,) * s[0]
        if s is not None and len(s) > 1:
            raise ShapeError(f"shape input has rank {len(s)}, expected 1")
        return None

    def in_handle_shape(self, i: int):
        """Shape of the variable a resource input points at (VarHandleOp's 'shape'), if known."""
        if i >= len(self.node.inputs):
            return None
        return self._handles.get(self.node.inputs[i])

    def set_handle_shape(self, port: int, shape) -> None:
        self._handles[(self.node.name, port)] = shape

    def error(self, message: str) -> ShapeError:
        return ShapeError(message)
