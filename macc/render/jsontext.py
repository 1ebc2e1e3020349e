"""``json.dumps(obj, indent=N, ensure_ascii=False)`` for plain data, faster.

With an indent, Python's json module encodes in pure Python, one generator per container: the
scope view of a 10^5-node graph (10^4–10^5 nested entries) took seconds. This writes the same text
with one recursive function and one join (and with an explicit stack when the data nests past the
recursion limit). Plain data: dicts with str keys, lists, str, int, bool, None and finite floats;
any other value (an int subclass, a non-finite float, a tuple...) is handed to ``json.dumps`` and
re-indented where it stands, so the text is always json's.
tests/test_jsontext.py compares both.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_INF = float("inf")


def dumps(obj, indent: int) -> str:
    out: list[str] = []
    try:
        _write(obj, out.append, " " * indent, "\n")
    except RecursionError:  # nested past the interpreter's limit: the same text, iteratively
        return _dumps_deep(obj, indent)
    return "".join(out)


_END = object()


def _dumps_deep(obj, indent: int | None) -> str:
    """:func:`dumps` with an explicit stack instead of recursion (a fifth slower): a scope tree
    nested thousands of levels deep (node names of that many scopes) is written like a flat one.
    ``indent=None``: ``json.dumps(obj, ensure_ascii=False)``'s one line."""
    out: list[str] = []
    put = out.append
    step = "" if indent is None else " " * indent
    stack: list[list] = []  # [items iterator, is a dict, inner newline, separator, closing]
    nl = "" if indent is None else "\n"
    comma = ", " if indent is None else ","
    while True:
        t = type(obj)
        if t is dict and obj and all(type(k) is str for k in obj):
            inner = nl + step
            put("{")
            stack.append([iter(obj.items()), True, inner, inner, nl + "}"])
        elif t is list and obj:
            inner = nl + step
            put("[")
            stack.append([iter(obj), False, inner, inner, nl + "]"])
        else:
            _scalar(obj, put, indent, nl)
        while stack:  # the next value to write, closing the containers that are done
            top = stack[-1]
            item = next(top[0], _END)
            if item is _END:
                put(top[4])
                stack.pop()
                continue
            put(top[3])
            top[3] = comma + top[2]
            if top[1]:
                key, obj = item
                put(encode_basestring(key))
                put(": ")
            else:
                obj = item
            nl = top[2]
            break
        else:
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


def _scalar(obj, put, indent: int | None, nl: str) -> None:
    """Append the text of ``obj``, not a non-empty dict or list; ``nl`` is a newline plus the
    indent of its level. The same cases as :func:`_write`'s scalars, which stay inline there:
    the recursive writer is the fast path, and a call per scalar would cost it ~5 %."""
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
    elif t is dict and not obj:
        put("{}")
    elif t is list and not obj:
        put("[]")
    elif t is float and -_INF < obj < _INF:
        put(float.__repr__(obj))
    elif indent is None:
        put(json.dumps(obj, ensure_ascii=False))
    else:  # json's own rules for the rest, re-indented to this level
        put(json.dumps(obj, ensure_ascii=False, indent=indent).replace("\n", nl))
