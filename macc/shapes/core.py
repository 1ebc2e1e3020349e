"""Shape functions of sources and pass-throughs: placeholders, constants, variables, identities."""

from __future__ import annotations

from .. import dtypes
from ..tensors import tensor_shape, tensor_value
from .registry import shape_fn
from .util import unify

_SMALL_FLOAT = 64  # float constants up to this many elements are decoded (scalars, small shapes)
_ALWAYS_DECODED = dtypes.INT_TYPES | {dtypes.DT_BOOL}  # integer and boolean constants


@shape_fn("Placeholder", "PlaceholderV2")
def placeholder(ctx):
    shape = ctx.attr("shape")
    return [shape]


@shape_fn("PlaceholderWithDefault")
def placeholder_with_default(ctx):
    declared = ctx.attr("shape")
    default = ctx.in_shape(0)
    if declared is None:  # TF 2.21: the declared shape, even of unknown rank
        return [None]
    # TF merges the two to check them, then gives the declared shape (it may be less precise)
    unify(tuple(declared), default, "the shape attr and the default input")
    return [declared]


@shape_fn("Const", "HostConst")
def const(ctx):
    tensor = ctx.attr("value")
    if tensor is None:
        raise ctx.error("Const has no 'value' attr")
    shape = tensor_shape(tensor, ctx.node.size)  # raises on negative dims, bad content
    dt = dtypes.base(tensor.dtype)
    if dt in _ALWAYS_DECODED or (dt in dtypes.FLOAT_TYPES and _small(shape)):
        val = tensor_value(tensor, shape=shape)
        if val is not None:
            ctx.set_value(0, val)
    return [shape]


def _small(shape) -> bool:
    n = 1
    for d in shape:
        n *= d
    return n <= _SMALL_FLOAT


@shape_fn("VariableV2", "Variable", "VarHandleOp", "TemporaryVariable")
def variable(ctx):
    if ctx.node.op == "VarHandleOp":
        ctx.set_handle_shape(0, ctx.attr("shape"))
        return [()]  # a resource handle is a scalar; the variable's shape is its 'shape' attr
    return [ctx.attr("shape")]


@shape_fn("ReadVariableOp")
def read_variable(ctx):
    if not ctx.n_inputs:
        raise ctx.error("has no input")
    return [ctx.in_handle_shape(0)]


@shape_fn("Identity", "StopGradient", "PreventGradient", "Snapshot", "RefIdentity",
          "CheckNumerics", "CheckNumericsV2", "EnsureShape", "DebugIdentity", "DebugIdentityV2",
          "DebugIdentityV3", "Print")
def identity(ctx):
    handle = ctx.in_handle_shape(0)
    if handle is not None:
        ctx.set_handle_shape(0, handle)
    val = ctx.in_value(0)
    if val is not None:
        ctx.set_value(0, val)
    shape = ctx.in_shape(0)
    if ctx.node.op == "EnsureShape":
        from .util import merge
        shape = merge(shape, ctx.attr("shape"))
    return [shape]


@shape_fn("IdentityN")
def identity_n(ctx):
    for i in range(ctx.n_inputs):  # a resource or TensorList handle passes with its shape
        handle = ctx.in_handle_shape(i)
        if handle is not None:
            ctx.set_handle_shape(i, handle)
    for i, val in enumerate(ctx.in_values()):
        if val is not None:
            ctx.set_value(i, val)
    return [ctx.in_shape(i) for i in range(ctx.n_inputs)]


@shape_fn("Assign", "AssignAdd", "AssignSub")
def assign(ctx):
    return [ctx.in_shape(0)]


@shape_fn("AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp", "NoOp",
          "SaveV2", "Save", "SaveSlices", "MergeV2Checkpoints", "Assert", "PrintV2")
def no_output(ctx):
    return []


@shape_fn("RandomStandardNormal", "TruncatedNormal", "RandomUniform", "RandomUniformInt",
          "StatelessRandomNormal", "StatelessRandomUniform", "StatelessTruncatedNormal",
          "StatelessRandomUniformInt", "StatelessRandomNormalV2", "StatelessRandomUniformV2",
          "StatelessTruncatedNormalV2", "StatelessRandomUniformIntV2",
          "StatelessRandomUniformFullIntV2", "StatelessRandomUniformFullInt")
def random_from_shape(ctx):
    # TF 2.21 reads the shape input as a (partial) shape: tf.random.normal(tf.shape(x)) with
    # x [?,6] is [?,6]
    return [ctx.in_shape_tensor(0)]
