"""Output shapes of a function call, inferred through the called function's body.

TensorFlow 2.21 imports a GraphDef with its function library attached to the shape refiner: a
call node (``PartitionedCall``, ``StatefulPartitionedCall``, or an op named after a library
function) gets its output shapes by running shape inference over the body, with the call's input
shapes on the body's arguments, and its inputs' handle data too: a captured variable's handle
carries the variable's shape (a ``VarHandleOp``'s ``shape``), so a ``ReadVariableOp`` in the body
is sized. An argument whose input is a constant TF's import evaluates (a Const, or a constant
subgraph: fully known, never a partial shape) carries that value into the body (TF's constant
evaluation asks the outer context for an ``_Arg``'s tensor), so a ``max_output_size`` passed to a
``non_max_suppression_padded`` function sizes its output; a partly known shape vector crosses as
an unknown value. Constants inside the body fold as usual. A call carrying
``_disable_call_shape_inference = true`` is not inferred. ``If``, ``While`` and ``Case`` are not
calls in this sense: their shapes come from their own shape functions (their ``output_shapes``
attr), in a body as at top level. So only the called function's own nodes are laid out flat;
the calls, If, While and Case nodes inside it stay nodes, and a nested call is inferred through
its own body in turn (with no constants crossing it), as TF recurses.

Keras 3 emits such calls in ordinary frozen models: a grouped or depthwise ``Conv2D`` (ConvNeXt,
``groups=``) runs its convolution in a ``jit_compile`` function, so the frozen graph holds a
``StatefulPartitionedCall`` whose output feeds the (counted) ``BiasAdd`` and everything after it.

The profiler itself never counts a body's nodes (TF_PROFILER.md); only the shapes flow out.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import MaccError
from ..proto import graph_pb2, node_def_pb2

CALL_OPS = frozenset({"PartitionedCall", "StatefulPartitionedCall"})
_ARG = "__macc_arg_{}"
_CALL = "__macc_call"
_ACTIVE: set = set()  # functions whose bodies are being inferred or counted: no recursion


def called_function(node, library_names) -> str | None:
    """The library function ``node`` calls (TF's ``IsFunctionCall``), or None."""
    if node.op in CALL_OPS:
        name = node.attrs.get("f")
        return name if isinstance(name, str) and name in library_names else None
    return node.op if node.op in library_names else None


class CallShapes:
    """Call-node shape inference against one FunctionDefLibrary, each distinct call once."""

    def __init__(self, library):
        self.library = library
        self.funcs = {f.signature.name: f for f in library.function}
        self._template = None  # a GraphDef holding the library, copied once
        self._cache: dict = {}

    def output_shapes(self, fname: str, in_shapes, in_dtypes=None, in_handles=None,
                      in_values=None):
        """Output shapes (tuples, None = unknown dim / rank) of calling ``fname`` on inputs of
        ``in_shapes``; None when the body cannot be inferred. ``in_dtypes``: DataType numbers
        of the inputs (default: the signature's declared types); ``in_handles``: the inputs'
        resource-handle data (a variable's shape, ...; None where an input has none);
        ``in_values``: the inputs' constant values (numpy arrays, None where not known)."""
        body = self._body(fname, in_shapes, in_dtypes, in_handles, in_values)
        if body is None:
            return None
        graph, shapes, n = body
        outs = shapes.outputs.get(_CALL)
        if outs is None or len(outs) != n:
            return [None] * n
        return list(outs)

    def body_cost(self, fname: str, in_shapes, in_dtypes=None, in_handles=None,
                  in_values=None):
        """(exact flops, maccs, body nodes) of one call of ``fname``: the inlined body counted
        with the call's input shapes (and constant input values, as :meth:`output_shapes` infers
        it). None when the body cannot be counted (no such function, or an unsupported op in
        it); flops and maccs None when only shapes are missing (an unknown batch, a captured
        variable whose shape the GraphDef does not say)."""
        body = self._body(fname, in_shapes, in_dtypes, in_handles, in_values)
        if body is None or fname in _ACTIVE:  # a function counted inside itself
            return None
        from ..costs import count
        graph, shapes, _ = body
        flops = maccs = 0
        _ACTIVE.add(fname)
        try:
            counted = count(graph, shapes)
        finally:
            _ACTIVE.discard(fname)
        for nc in counted:
            if nc.status == "unsupported":
                return None
            if nc.status == "unknown_shape":
                flops = maccs = None
            elif flops is not None:
                flops += nc.cost.flops
                maccs += nc.cost.maccs
        return flops, maccs, len(graph)

    def _body(self, fname, in_shapes, in_dtypes, in_handles=None, in_values=None):
        """The flat body of a call (Graph, Shapes, output count), each distinct call once."""
        handles = tuple(in_handles) if in_handles and any(
            h is not None for h in in_handles) else None
        values = _const_args(in_values)
        key = (fname, tuple(in_shapes), tuple(in_dtypes) if in_dtypes else None, handles,
               tuple(sorted((i, v.dtype.str, v.shape, v.tobytes()) for i, v in values.items())))
        try:
            return self._cache[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable shape: infer without caching
            return self._infer(fname, in_shapes, in_dtypes, handles, values)
        got = self._cache[key] = self._infer(fname, in_shapes, in_dtypes, handles, values)
        return got

    def _infer(self, fname, in_shapes, in_dtypes, in_handles=None, values=None):
        fdef = self.funcs.get(fname)
        if fdef is None or len(in_shapes) != len(fdef.signature.input_arg) or fname in _ACTIVE:
            return None  # no such function, another arity, or a call of itself in its body
        _ACTIVE.add(fname)
        try:
            return self._infer_body(fdef, in_shapes, in_dtypes, in_handles, values or {})
        finally:
            _ACTIVE.discard(fname)

    def _infer_body(self, fdef, in_shapes, in_dtypes, in_handles, values):
        from ..graph import Graph
        from ..inline import inline_library
        from .engine import infer_shapes

        fname = fdef.signature.name
        if self._template is None:
            self._template = graph_pb2.GraphDef()
            self._template.library.CopyFrom(self.library)
        gd = self._template
        del gd.node[:]
        for i, (arg, shape) in enumerate(zip(fdef.signature.input_arg, in_shapes)):
            dtype = in_dtypes[i] if in_dtypes is not None and i < len(in_dtypes) else arg.type
            const = const_node(_ARG.format(i), dtype or arg.type, values.get(i))
            if const is not None:
                gd.node.append(const)
                continue
            ph = node_def_pb2.NodeDef(name=_ARG.format(i), op="Placeholder")
            ph.attr["dtype"].type = dtype or 1  # DT_FLOAT when the signature leaves it to an attr
            if shape is None:
                ph.attr["shape"].shape.unknown_rank = True
            else:
                ph.attr["shape"].shape.SetInParent()  # a scalar: the shape set, with no dims
                for d in shape:
                    ph.attr["shape"].shape.dim.add().size = -1 if d is None else int(d)
            gd.node.append(ph)
        call = node_def_pb2.NodeDef(name=_CALL, op="PartitionedCall")
        call.attr["f"].func.name = fname
        call.input.extend(_ARG.format(i) for i in range(len(in_shapes)))
        gd.node.append(call)
        handles = {(_ARG.format(i), 0): h for i, h in enumerate(in_handles or ())
                   if h is not None}
        try:
            graph = Graph.from_graph_def(inline_library(gd, nested=False).graph_def)
            shapes = infer_shapes(graph, handles=handles)
        except MaccError:
            return None
        return graph, shapes, len(fdef.signature.output_arg)

    def called(self, node, in_shapes, in_handles=None):
        """(function name, input shapes, input dtypes, input handle data) of a call node, or
        None when TF would not treat it as a call (no such function, or
        ``_disable_call_shape_inference``)."""
        if node.attr("_disable_call_shape_inference", False):
            return None
        fname = called_function(node, self.funcs)
        if fname is None:
            return None
        tin = node.attr("Tin")
        return fname, list(in_shapes), tin if isinstance(tin, list) else None, in_handles

    def for_node(self, ctx):
        """A call node's output shapes (its :class:`ShapeCtx`) through the body of the function
        it calls; None when TF would not infer them that way (no such function, or
        ``_disable_call_shape_inference``) or the body cannot be inferred."""
        n = ctx.n_inputs
        call = self.called(ctx.node, [ctx.in_shape(i) for i in range(n)],
                           [ctx.in_handle_shape(i) for i in range(n)])
        return None if call is None else self.output_shapes(*call, in_values=ctx.in_values())


_MAX_ARG_VALUE = 1 << 12  # elements: larger constants cross as shapes only


def _const_args(in_values) -> dict:
    """{argument index: value} of the inputs with a fully known numeric value."""
    out = {}
    for i, v in enumerate(in_values or ()):
        if v is not None and v.dtype != object and v.size <= _MAX_ARG_VALUE:
            out[i] = v
    return out


def const_node(name, dtype, value):
    """A Const NodeDef holding ``value`` as ``dtype``, or None when there is no value or the
    dtype has no plain numpy layout (strings, quantized types). Also what a loop's trip count
    feeds its inlined copy (macc.report.loops)."""
    if value is None or not dtype:
        return None
    npt = dtypes.numpy_type(dtype)
    if npt is None or npt is object or dtype in _QUANTIZED:
        return None
    arr = np.asarray(value).astype(npt)  # (ascontiguousarray would make a scalar 1-D)
    nd = node_def_pb2.NodeDef(name=name, op="Const")
    nd.attr["dtype"].type = dtype
    t = nd.attr["value"].tensor
    t.dtype = dtype
    t.tensor_shape.SetInParent()
    for d in arr.shape:
        t.tensor_shape.dim.add().size = d
    t.tensor_content = arr.tobytes()
    return nd


_QUANTIZED = frozenset({11, 12, 13, 15, 16})  # qint8, quint8, qint32, qint16, quint16


def call_output_shapes(library, fname: str, in_shapes, in_dtypes=None, in_handles=None):
    """Output shapes of calling ``fname`` of ``library`` (a FunctionDefLibrary) on inputs of
    ``in_shapes``; see :meth:`CallShapes.output_shapes`."""
    return CallShapes(library).output_shapes(fname, in_shapes, in_dtypes, in_handles)
