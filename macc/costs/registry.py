"""The table ``op type -> formula`` and the vocabulary formulas speak.

A formula takes an :class:`OpCtx` (the node's input and output shapes and attrs) and returns a
:class:`Cost` with three numbers side by side:

- ``flops``: exact floating-point operations (a dot product of length p costs 2p-1);
- ``tf_flops``: exactly what TensorFlow's profiler reports for the node, quirks included;
- ``maccs``: multiply-accumulates (only sum-of-products ops have any).

A field is None when the shapes it needs are not fully known (for ``tf_flops``: exactly when TF's
own formula would skip the node as having incomplete shapes). The arithmetic lives in small pure
functions of shapes and attrs (one per family); the per-op formulas only adapt a node to them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from ..families import COSTS as _FAMILIES
from ..families import registering_module

FORMULAS: dict[str, Callable] = {}
DOCS: dict[str, tuple[str, str, str]] = {}  # op -> (flops, tf_flops, maccs) formulas as text
VALUE_OPS: dict[str, bool] = {}  # ops whose formula reads constant input values (OpCtx.value)
REGISTERED_BY: dict[str, str] = {}  # op -> the module that registered its formula or zero class


class Cost(NamedTuple):
    flops: int | None
    tf_flops: int | None
    maccs: int | None
    formula: str = ""


def register(*ops: str, flops: str = "", tf: str = "", maccs: str = "0", values: bool = False):
    """Register the decorated formula for each op type, with its three formulas as text.

    ``values``: the formula reads constant input values (``OpCtx.value``), e.g. MaxPoolV2's ksize.
    Registering an op twice (here or in :data:`ZERO_OPS`) is an error.
    """
    module = registering_module()

    def deco(fn):
        for op in ops:
            if op in FORMULAS or op in ZERO_OPS:
                raise RuntimeError(f"formula for {op} registered twice")
            FORMULAS[op] = fn
            REGISTERED_BY[op] = module
            DOCS[op] = (flops, tf, maccs)
            if values:
                VALUE_OPS[op] = True
        return fn
    return deco


# Ops that do no arithmetic: every column is truly zero. Kept apart from unsupported ops (those
# with no formula), which are reported by name and count, never silently zero.
ZERO_OPS: set[str] = {
    # sources and variables
    "Const", "HostConst", "Placeholder", "PlaceholderV2", "PlaceholderWithDefault",
    "VariableV2", "Variable", "VarHandleOp", "TemporaryVariable", "ReadVariableOp",
    "VarIsInitializedOp", "IsVariableInitialized", "DestroyResourceOp",
    # state updates that copy (Assign) rather than compute
    "Assign", "AssignVariableOp",
    # identities and bookkeeping
    "Identity", "IdentityN", "StopGradient", "PreventGradient", "Snapshot", "RefIdentity",
    "NoOp", "CheckNumerics", "EnsureShape", "DebugIdentity", "DebugIdentityV2",
    "DebugIdentityV3", "Assert", "Print", "PrintV2",
    # checkpointing
    "SaveV2", "Save", "SaveSlices", "RestoreV2", "Restore", "RestoreSlice",
    "MergeV2Checkpoints", "ShardedFilename", "StringJoin",
    # random number generation: no floating-point arithmetic on data
    "RandomStandardNormal", "TruncatedNormal", "RandomUniform", "RandomUniformInt",
    "StatelessRandomNormal", "StatelessRandomUniform", "StatelessTruncatedNormal",
    "StatelessRandomUniformInt", "StatelessRandomNormalV2", "StatelessRandomUniformV2",
    "StatelessTruncatedNormalV2", "StatelessRandomUniformIntV2",
    "StatelessRandomUniformFullIntV2", "StatelessRandomUniformFullInt",
    "StatelessRandomGetKeyCounter", "StatelessRandomGetKeyCounterAlg", "StatelessRandomGetAlg",
}


def add_zero_ops(*ops: str) -> None:
    """Extend the truly-zero set (modules that know more data-movement ops call this)."""
    for op in ops:
        if op in FORMULAS or op in ZERO_OPS:
            raise RuntimeError(f"{op} registered twice")
    ZERO_OPS.update(ops)
    module = registering_module()
    for op in ops:
        REGISTERED_BY[op] = module


def load_family(op: str) -> bool:
    """Import the family that registers ``op`` (a formula or a truly-zero class) if it is not
    imported yet: True when one was (look again). See :mod:`macc.families`."""
    return _FAMILIES.load(op)


def formula(op: str):
    """``op``'s formula, importing its family first if need be; None when it has none."""
    fn = FORMULAS.get(op)
    if fn is None and op not in ZERO_OPS and _FAMILIES.load(op):
        fn = FORMULAS.get(op)
    return fn


class OpCtx:
    """A node seen by a formula: its shapes and attrs, nothing else."""

    __slots__ = ("node", "inputs", "outputs", "values")

    def __init__(self, node, inputs: list, outputs: list, values: list | None = None):
        self.node = node
        self.inputs = inputs  # shapes of the data inputs
        self.outputs = outputs  # shapes of the outputs
        self.values = values or []  # constant values of the data inputs (None when unknown)

    def inp(self, i: int):
        """Input ``i``'s shape (negative: from the end), None when there is no such input."""
        return self.inputs[i] if -len(self.inputs) <= i < len(self.inputs) else None

    def out(self, i: int = 0):
        return self.outputs[i] if -len(self.outputs) <= i < len(self.outputs) else None

    def value(self, i: int):
        """The constant value of data input ``i`` (a small ndarray), or None when not known."""
        return self.values[i] if -len(self.values) <= i < len(self.values) else None

    def attr(self, key, default=None):
        return self.node.attr(key, default)

    def data_format(self, default: str = "NHWC") -> str:
        fmt = self.node.attr("data_format", default)
        return fmt.decode("latin-1") if isinstance(fmt, bytes) else fmt


def known(shape) -> bool:
    return shape is not None and all(d is not None for d in shape)


def N(shape) -> int | None:
    """Element count, or None when the shape is not fully known."""
    if not known(shape):
        return None
    return math.prod(shape)


def prod(dims) -> int:
    out = 1
    for d in dims:
        out *= d
    return out


def dims(shape) -> str:
    """A shape as the formula strings write it: ``25·16``."""
    return "·".join(str(d) for d in shape) if shape else "1"
