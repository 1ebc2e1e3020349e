"""The input shapes and batch a caller gives (``--input``/``--batch``, ``macc.profile(inputs=...,
batch=...)``), checked once, with the same rules for both: a dim is an int from 0 to 2**63-1
(TensorFlow's dims are int64) or unknown (None, or -1 as TF writes it); a batch is an int from 1
to 2**63-1. Anything else is a :class:`~macc.errors.UsageError` saying what was expected.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping

from .errors import UsageError

INT64_MAX = (1 << 63) - 1

_DIMS = "a sequence of dims, each an int from 0 to 2**63-1 or None/-1 (unknown)"


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _int(value):
    """``value`` as an int (ints, numpy ints), or None when it is not one (bools, floats, str)."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def check_dims(name, shape) -> tuple:
    """One input's shape -> a tuple of ints and None."""
    if shape is None or isinstance(shape, (str, bytes, Mapping)):
        raise UsageError(f"input '{name}': expected {_DIMS}, got {_shown(shape)}")
    try:
        dims = list(shape)
    except TypeError:
        raise UsageError(f"input '{name}': expected {_DIMS}, got {_shown(shape)}") from None
    out = []
    for d in dims:
        if d is None:
            out.append(None)
            continue
        v = _int(d)
        if v is None or v < -1 or v > INT64_MAX:
            raise UsageError(f"input '{name}': bad dim {_shown(d)} in {_shown(shape)} "
                             f"(expected {_DIMS})")
        out.append(None if v == -1 else v)
    return tuple(out)


def check_inputs(inputs) -> dict | None:
    """``inputs`` as {name: tuple of dims}; None stays None."""
    if inputs is None:
        return None
    if not isinstance(inputs, Mapping):
        raise UsageError(f"inputs: expected a mapping {{name: shape}} such as "
                         f"{{'x': (1, 224, 224, 3)}}, got {type(inputs).__name__} "
                         f"{_shown(inputs)}")
    out = {}
    for name, shape in inputs.items():
        if not isinstance(name, str) or not name:
            raise UsageError(f"inputs: expected node names (non-empty str) as keys, got "
                             f"{_shown(name)}")
        out[name] = check_dims(name, shape)
    return out


def check_batch(batch):
    """``batch`` as an int from 1 to 2**63-1; None stays None."""
    if batch is None:
        return None
    v = _int(batch)
    if v is None or not 1 <= v <= INT64_MAX:
        raise UsageError(f"batch: expected an int from 1 to 2**63-1, got {_shown(batch)}")
    return v


def check_model_options(signature, tag, whole_graph):
    """``signature`` a str or None; ``tag`` a str (comma-separated), a list or tuple of str (as
    TF's loader takes tags) or None; ``whole_graph`` a bool. Returns them, the tag as a str."""
    if signature is not None and not isinstance(signature, str):
        raise UsageError(f"signature: expected a str, got {_shown(signature)}")
    if isinstance(tag, (list, tuple, set, frozenset)):
        if not all(isinstance(t, str) for t in tag):
            raise UsageError(f"tag: expected a str or a list of str, got {_shown(tag)}")
        tag = ",".join(sorted(tag))
    elif tag is not None and not isinstance(tag, str):
        raise UsageError(f"tag: expected a str or a list of str, got {_shown(tag)}")
    if not isinstance(whole_graph, bool):
        raise UsageError(f"whole_graph: expected True or False, got {_shown(whole_graph)}")
    return signature, tag, whole_graph
