"""``json.dumps(obj, indent=N, ensure_ascii=False)`` for plain data, faster.

With an indent, Python's json module encodes in pure Python, one generator per container: the
scope view of a 10^5-node graph (10^4–10^5 nested entries) took seconds. This writes the same text
with one recursive function and one join. Plain data: dicts with str keys, lists, str, int, bool,
None and finite floats; any other value (an int subclass, a non-finite float, a tuple...) is
handed to ``json.dumps`` and re-indented where it stands, so the text is always json's.
tests/test_jsontext.py compares both.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_INF = float("inf")


def dumps(obj, indent: int) -> str:
    out: list[str] = []
    _write(obj, out.append, " " * indent, "\n")
    return "".join(out)


def _write(obj, put, step: str, nl: str) -> None:
    """Append ``obj``'s text to ``put``; ``nl`` is a newline plus the indent of its level."""
    t = type(obj)
    if t is str:
        put(encode_basestring(obj))
    elif t is int:
        put(int.__repr__(obj))
    elif obj is None:
        put("null")
    elif obj is True:
        put("true")
    elif obj is False:
        put("false")
    elif t is dict and all(type(k) is str for k in obj):
        if not obj:
            put("{}")
            return
        inner = nl + step
        sep = "{" + inner
        for k, v in obj.items():
            put(sep)
            sep = "," + inner
            put(encode_basestring(k))
            put(": ")
            _write(v, put, step, inner)
        put(nl + "}")
    elif t is list:
        if not obj:
            put("[]")
            return
        inner = nl + step
        sep = "[" + inner
        for v in obj:
            put(sep)
            sep = "," + inner
            _write(v, put, step, inner)
        put(nl + "]")
    elif t is float and -_INF < obj < _INF:
        put(float.__repr__(obj))
    else:  # json's own rules for the rest, re-indented to this level
        put(json.dumps(obj, ensure_ascii=False, indent=len(step)).replace("\n", nl))
