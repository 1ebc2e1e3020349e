"""``with no_gc():`` — Python's cyclic garbage collector off for a block, restored after.

Counting a graph and writing its report make a few objects per node and no garbage cycles; on
10^5+ nodes the collector's repeated full passes over all of them cost about a third of a run
(and more for the scope view, which builds a tree of 10^5 entries)."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def no_gc():
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
