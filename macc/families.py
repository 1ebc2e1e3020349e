"""Which module registers each op, and importing it the first time a graph holds that op.

Shape functions and cost formulas live in some eighty family modules (``macc/shapes/*.py``,
``macc/costs/*.py``) that register their ops when imported. Importing all of them costs more
start-up than most graphs need (a CNN uses a dozen families of the forty in each registry), so
the registries start empty but for the ops the registry modules themselves define, and a
lookup that misses imports the family that registers the op, named by the generated index
:mod:`macc.op_index`, before it answers. A miss on an op no family registers costs one dict
lookup. :func:`load_all` imports every family (``macc ops``, and code that lists the registries).

The registries record the module whose body registered each op (``SHAPE_FNS_BY`` and
``REGISTERED_BY``); ``python -m tools.op_index`` writes the index from them and
``tests/test_op_index.py`` checks that it is current.
"""

from __future__ import annotations

import pkgutil
import sys
from importlib import import_module

PACKAGES = ("macc.shapes", "macc.costs")


def registering_module() -> str:
    """The module whose body is running (the innermost ``<module>`` frame): the one that
    registers, even through a factory defined elsewhere (``elementwise(...)``)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            return frame.f_globals.get("__name__", "")
        frame = frame.f_back
    return ""


class Families:
    """The family modules of one registry package, imported on demand by op."""

    __slots__ = ("package", "_table", "_by_op")

    def __init__(self, package: str, table: dict[str, str]):
        self.package = package
        self._table = table  # module (relative) -> its ops, space-separated
        self._by_op: dict[str, str] | None = None

    def load(self, op: str) -> bool:
        """Import the module that registers ``op`` if it is not imported yet; True when one was
        imported (the caller looks again), False when no family registers ``op`` or its family
        is loaded already."""
        by_op = self._by_op
        if by_op is None:
            by_op = self._by_op = {o: m for m, ops in self._table.items() for o in ops.split()}
        module = by_op.pop(op, None)  # popped: an op's family is imported at most once here
        if module is None:
            return False
        name = f"{self.package}.{module}"
        if name in sys.modules:
            return False
        import_module(name)
        return True

    def load_all(self) -> None:
        for name in module_names(self.package):
            import_module(name)


def module_names(package: str) -> list[str]:
    """Every module of ``package``, sorted."""
    pkg = import_module(package)
    return sorted(f"{package}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__))


def _families():
    from . import op_index
    return Families("macc.shapes", op_index.SHAPES), Families("macc.costs", op_index.COSTS)


SHAPES, COSTS = _families()


def load_all() -> None:
    """Import every shape and cost family: the registries then hold every op macc knows."""
    SHAPES.load_all()
    COSTS.load_all()


def current_index() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(shapes, costs): module (relative to its package) -> the ops its body registers, sorted,
    read from the registries after :func:`load_all` — what :mod:`macc.op_index` must say."""
    load_all()
    from .costs.registry import REGISTERED_BY
    from .shapes.registry import SHAPE_FNS_BY

    def table(by: dict[str, str], package: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for op, module in by.items():
            if not module.startswith(package + "."):
                raise RuntimeError(f"{op} is registered by {module or 'no module'}, outside "
                                   f"{package}: the index cannot load it")
            out.setdefault(module[len(package) + 1:], []).append(op)
        return {m: sorted(ops) for m, ops in sorted(out.items())}

    return table(SHAPE_FNS_BY, "macc.shapes"), table(REGISTERED_BY, "macc.costs")
