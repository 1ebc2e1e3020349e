"""Shape propagation over a graph in topological order.

Sources, in order of precedence: the user's overrides (placeholders), then the node's
``_output_shapes`` attr merged with what the shape functions infer (an inferred known dim wins,
a recorded one fills what inference leaves unknown). Unknown dims stay None; they never become
0 or 1 silently.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import GraphError, MaccError, ShapeError, UsageError
from ..graph import Graph
from .registry import as_partial
from .signatures import SIGNATURES, check_signature
from .state import ShapeState
from .util import fmt, merge

_RECORDED_KEY = b"_output_shapes"  # absent from a node's serialized attrs: no such attr
PLACEHOLDER_OPS = frozenset({"Placeholder", "PlaceholderV2", "PlaceholderWithDefault"})
# nodes whose shape an input override replaces (on others it only fills in unknown dims)
OVERRIDABLE_OPS = PLACEHOLDER_OPS | {"_Arg"}


class Shapes:
    """Output shapes (and small constant values) of every node, by name and port."""

    __slots__ = ("outputs", "values", "partials", "inferred_ops", "classes", "calls", "handles")

    def __init__(self, outputs: dict, values: dict, partials: dict | None = None):
        self.outputs = outputs  # name -> tuple of shapes, one per output (maybe shared)
        self.values = values  # (name, port) -> ndarray
        self.partials = {} if partials is None else partials  # (name, port) -> object ndarray
        # name -> class number: nodes of one class have equal op, attrs, input shapes and values
        # and output shapes (see macc.shapes.state); nodes without one are counted on their own
        self.classes: dict[str, int] = {}
        self.calls = None  # CallShapes of the graph's function library, when it has one
        self.handles: dict = {}  # (name, port) -> resource-handle data (a variable's shape, ...)

    def of(self, name: str, port: int = 0):
        outs = self.outputs.get(name)
        if outs is None or port >= len(outs):
            return None
        return outs[port]

    def value(self, name: str, port: int = 0):
        return self.values.get((name, port))

    def partial(self, name: str, port: int = 0):
        """The value with unknown elements as None (object ndarray), or None."""
        val = self.values.get((name, port))
        if val is not None:
            return as_partial(val)
        return self.partials.get((name, port))


def parse_override(text: str):
    """``"1,224,224,3"`` -> (1, 224, 224, 3); ``?`` or -1 is an unknown dim; ``""`` a scalar."""
    text = text.strip()
    if text in ("", "()", "[]"):
        return ()
    dims = []
    for part in text.strip("[]()").split(","):
        part = part.strip()
        if part in ("?", "-1", "None"):
            dims.append(None)
            continue
        try:
            d = int(part)
        except ValueError:
            raise UsageError(f"bad dim '{part}' in input shape '{text}' (want ints, ? or -1)") from None
        if d < 0:
            raise UsageError(f"bad dim '{part}' in input shape '{text}' (negative)")
        dims.append(d)
    return tuple(dims)


def given_shapes(overrides: Mapping | None) -> dict:
    """``--input`` shapes by node name, unknown dims as None."""
    return {name: tuple(None if d is None or d < 0 else int(d) for d in shape)
            for name, shape in (overrides or {}).items()}


def _apply_inputs(graph: Graph, overrides: Mapping | None, batch: int | None) -> dict:
    fixed = given_shapes(overrides)
    for name in fixed:
        if name not in graph:
            holders = [n.name for n in graph if n.op in PLACEHOLDER_OPS]
            raise UsageError(f"input '{name}' is not a node of the graph"
                             + (f" (placeholders: {', '.join(holders[:10])})" if holders else ""))
    if batch is not None:
        if batch < 1:
            raise UsageError(f"--batch must be at least 1, got {batch}")
        for n in graph:
            if n.op not in PLACEHOLDER_OPS:
                continue
            try:
                fill_batch(n, fixed, batch)
            except MaccError as e:
                raise e.with_context(path=graph.source or None, node=n.name, op=n.op) from None
    return fixed


def fill_batch(node, fixed: dict, batch: int) -> None:
    """``--batch``: a placeholder's shape (given, or declared) with its unknown leading dim
    filled in goes into ``fixed``."""
    shape = fixed[node.name] if node.name in fixed else _declared(node)
    if shape and shape[0] is None:
        fixed[node.name] = (batch,) + tuple(shape[1:])


def _given_outputs(source: str, node, given: tuple, known, outputs: dict):
    """A node's shape as ``--input`` gives it: a placeholder's (or a node of unknown shape)
    replaces the graph's; on any other node it may only fill in the dims the graph leaves
    unknown, and a known dim it contradicts is a usage error naming both shapes. A
    PlaceholderWithDefault's must fit its default input, as TF's import requires."""
    if node.op == "PlaceholderWithDefault" and node.inputs:
        src, port = node.inputs[0]
        outs = outputs.get(src) or ()
        default = outs[port] if port < len(outs) else None
        if default is not None and not _fits(given, default):
            raise UsageError(
                f"the given shape {fmt(given)} does not fit {fmt(default)}, the shape of "
                f"its default input (TF cannot import a PlaceholderWithDefault whose shape its "
                f"default does not fit); give other placeholders their shapes with --input",
                path=source or None, node=node.name, op=node.op)
    if node.op in OVERRIDABLE_OPS or known is None:
        return given
    if _fits(given, known):
        return tuple(k if g is None else g for k, g in zip(known, given))
    raise UsageError(f"the given input shape {fmt(given)} conflicts with {fmt(known)}, the "
                     "shape the graph gives it (only a placeholder's shape is replaced; on other "
                     "nodes a given shape may only fill in unknown dims)",
                     path=source or None, node=node.name, op=node.op)


def recorded_shapes(node, last_attrs: bytes | None):
    """The node's ``_output_shapes`` attr (None: none), not looked up when its serialized attrs,
    which the shape memo's key read (``ShapeState.last_attrs``), show it absent."""
    if last_attrs is not None and _RECORDED_KEY not in last_attrs:
        return None
    return node.attrs.get("_output_shapes")


def store_outputs(node, inferred, recorded, fixed: dict, source: str, outputs: dict,
                  counts: dict, classes: dict) -> tuple:
    """A node's outputs as the shape pass keeps them, stored in ``outputs`` and returned: its
    inferred shapes (None: no shape function) merged with its ``recorded`` ones and its
    ``--input`` shape (``fixed``). A node whose outputs these changed leaves its shape class;
    ``counts`` gets its output count where that is not the length of the result."""
    name = node.name
    if recorded is None:  # no _output_shapes (most graphs): inference alone
        if inferred is None:
            result = ()
            counts[name] = None
        else:
            result = tuple(inferred)  # a memo hit's own tuple: shared, not copied
    else:
        result = _with_recorded(name, inferred, recorded, counts)
        classes.pop(name, None)  # recorded shapes merged in: no longer its class's
    if fixed and name in fixed:
        result = (_given_outputs(source, node, fixed[name], result[0] if result else None,
                                outputs), *result[1:])
        classes.pop(name, None)
    outputs[name] = result
    return result


def _with_recorded(name: str, inferred, recorded, counts: dict) -> tuple:
    """A node's outputs from its inferred shapes (None: no shape function) and its recorded
    ``_output_shapes`` (an inferred known dim wins, a recorded one fills an unknown); its output
    count goes into ``counts`` where it is not the length of the result."""
    if inferred is None:
        counts[name] = None
        return tuple(recorded) if isinstance(recorded, list) else ()
    result = list(inferred)
    if isinstance(recorded, list):
        if len(recorded) > len(result):
            counts[name] = len(recorded)
        for i, rec in enumerate(recorded[:len(result)]):
            result[i] = merge(result[i], rec)
    return tuple(result)


def _fits(a: tuple, b: tuple) -> bool:
    """Same rank, and every dim known in both agrees."""
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def _declared(node):
    sig = SIGNATURES.get(node.op)
    if sig is not None:  # a shape attr written as another kind of value names this node
        check_signature(node, sig)
    shape = node.attr("shape")
    if shape is None:
        recorded = node.attr("_output_shapes")
        shape = recorded[0] if recorded else None
    return shape


def _check_ports(graph: Graph, node, outputs: dict, counts: dict) -> None:
    """Every data input names an output its producer has, when the producer's output count is
    known: the length of its inferred outputs, or ``counts[src]`` where that differs (None:
    unknown, for nodes without a shape function)."""
    for src, port in node.inputs:
        outs = outputs.get(src)
        if outs is None:
            continue  # not run yet (a v1 loop's back edge)
        n = counts.get(src, len(outs))
        if n is not None and port >= n:
            raise GraphError(f"input '{src}:{port}' names output {port} of '{src}' "
                             f"({graph[src].op}), which has {n} output{'' if n == 1 else 's'}")


def infer_shapes(graph: Graph, inputs: Mapping | None = None, batch: int | None = None, *,
                 handles: Mapping | None = None, refine_lists: bool = False) -> Shapes:
    """Every node's output shapes. ``handles``: resource-handle data ((name, port) -> a
    variable's shape, ...) of outputs no op of the graph sets, as a call passes its inputs' to
    its body's arguments (macc.shapes.calls). ``refine_lists``: TensorList writes refine the
    list's element shape (for loops macc inlined from a SavedModel; TF's import keeps the
    declared one, which is the default)."""
    fixed = _apply_inputs(graph, inputs, batch)
    state = ShapeState(graph.library, refine_lists=refine_lists)
    if handles:
        state.handles.update(handles)
    outputs = state.outputs
    infer_node = state.infer_node
    classes = state.classes
    # output counts where they are not len(outputs[name]): None (unknown: no shape function)
    # or the recorded _output_shapes' when longer than the inferred ones
    counts: dict[str, int | None] = {}
    for node in graph.topological():
        try:
            for src, port in node.inputs:  # _check_ports' common case, inlined
                outs = outputs.get(src)
                if outs is not None and port >= len(outs):
                    _check_ports(graph, node, outputs, counts)
            inferred = infer_node(node)
            recorded = recorded_shapes(node, state.last_attrs)
        except MaccError as e:
            raise e.with_context(path=graph.source or None, node=node.name, op=node.op) from None
        except (ValueError, TypeError, IndexError, KeyError, OverflowError, ZeroDivisionError,
                ArithmeticError) as e:
            raise ShapeError(f"cannot infer output shapes ({type(e).__name__}: {e})",
                             path=graph.source or None, node=node.name, op=node.op) from None
        except MemoryError:
            raise ShapeError("out of memory inferring output shapes", path=graph.source or None,
                             node=node.name, op=node.op) from None
        except Exception as e:  # a bug in a shape function: still one line, never a traceback
            raise ShapeError(f"internal error in the {node.op} shape function ({type(e).__name__}: "
                             f"{e}); please report it", path=graph.source or None, node=node.name,
                             op=node.op) from None
        store_outputs(node, inferred, recorded, fixed, graph.source, outputs, counts, classes)
    shapes = Shapes(outputs, state.values, state.partials)
    shapes.classes = classes
    shapes.calls = state.calls
    shapes.handles = state.handles
    return shapes
