"""Calls that TF's freezing keeps as calls: functions marked ``_noinline``.

``convert_variables_to_constants_v2`` inlines every function body except those whose FunctionDef
carries ``_noinline = true`` (Keras 3 marks its ``jit_compile`` helpers so, e.g. the convolution
of a grouped ``Conv2D``). Such a call stays a ``StatefulPartitionedCall`` in the frozen graph, its
captured variables turned into constant inputs, and TF's profiler counts nothing inside it.

macc does the same: the call node is kept (its shapes and exact flops then come from the body,
as for any call in a GraphDef that keeps its library, see :mod:`macc.shapes.calls`), and it calls
a copy of the function in which each variable argument is a plain tensor: the caller reads the
variable (a ``ReadVariableOp`` of the handle, whose shape is the variable's) and the body's
``ReadVariableOp`` of that argument becomes an ``Identity``, as freezing does.
"""

from __future__ import annotations

from ..proto import function_pb2, node_def_pb2

DT_RESOURCE = 20
SUFFIX = "__macc_frozen"


def is_noinline(fdef) -> bool:
    a = fdef.attr.get("_noinline")
    return a is not None and a.b


def _reads(fdef) -> dict[str, int] | None:
    """{resource arg name: dtype} when every use of every resource argument is a
    ``ReadVariableOp`` (what freezing can turn into a constant); None otherwise."""
    args = {a.name for a in fdef.signature.input_arg if a.type == DT_RESOURCE}
    dtypes: dict[str, int] = {}
    for nd in fdef.node_def:
        for text in nd.input:
            name = text.lstrip("^").split(":")[0]
            if name not in args or text.startswith("^"):
                continue
            if nd.op != "ReadVariableOp" or dtypes.get(name, nd.attr["dtype"].type) != \
                    nd.attr["dtype"].type:
                return None
            dtypes[name] = nd.attr["dtype"].type
    for a in fdef.signature.input_arg:
        if a.type == DT_RESOURCE and a.name not in dtypes:
            if not a.handle_data:
                return None
            dtypes[a.name] = a.handle_data[0].dtype
    for ref in fdef.ret.values():
        if ref.split(":")[0] in args:
            return None
    return dtypes


def frozen_copy(fdef):
    """(the copy of ``fdef`` with its variable arguments as tensors, {arg index: dtype}), or
    None when an argument is used other than by ``ReadVariableOp`` (then macc inlines)."""
    dtypes = _reads(fdef)
    if dtypes is None:
        return None
    new = function_pb2.FunctionDef()
    new.CopyFrom(fdef)
    new.signature.name = fdef.signature.name + SUFFIX
    changed = {}
    for i, a in enumerate(new.signature.input_arg):
        if a.type == DT_RESOURCE:
            a.type = dtypes[a.name]
            del a.handle_data[:]
            changed[i] = dtypes[a.name]
    for nd in new.node_def:
        if nd.op == "ReadVariableOp" and nd.input and nd.input[0].split(":")[0] in dtypes:
            dtype = nd.attr["dtype"].type
            nd.op = "Identity"
            del nd.attr["dtype"]
            nd.attr["T"].type = dtype
    # ReadVariableOp's output arg is 'value', Identity's 'output': body references keep
    # naming 'value'; a single-output op's port is its index, so they still resolve
    return new, changed


def keep_call(nd, flat_name, data, ctrl, changed, new_name, unique):
    """The nodes standing for the kept call ``nd``: one ``ReadVariableOp`` per variable
    argument, then the call itself (renamed ``flat_name``, calling ``new_name``)."""
    out = []
    inputs = list(data)
    for i, dtype in sorted(changed.items()):
        read = node_def_pb2.NodeDef(name=unique(f"{flat_name}/frozen_arg_{i}"),
                                    op="ReadVariableOp")
        read.input.append(data[i])
        read.attr["dtype"].type = dtype
        read.device = nd.device
        out.append(read)
        inputs[i] = read.name
    call = node_def_pb2.NodeDef()
    call.CopyFrom(nd)
    call.name = flat_name
    del call.input[:]
    call.input.extend(inputs + list(ctrl))
    call.attr["f"].func.name = new_name
    tin = call.attr["Tin"].list.type if "Tin" in call.attr else None
    if tin is not None:
        for i, dtype in changed.items():
            if i < len(tin):
                tin[i] = dtype
    out.append(call)
    return out
