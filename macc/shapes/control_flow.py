"""Shape functions of v1 control flow (Switch, Merge, Enter, Exit, NextIteration, LoopCond and
their Ref forms), functional control flow (If, While, calls) and TensorArrays.

Merge runs before the NextIteration that feeds its back edge (the topological order ignores back
edges), so a Merge takes the inputs that are already known and relaxes the dims they disagree on.
As in TensorFlow, Enter gives an unknown shape unless the value is a loop invariant, so a loop's
body is unknown unless the graph records ``_output_shapes``. No values flow through control
flow: TensorFlow does not fold constants across it either.
"""

from __future__ import annotations

from ..errors import ShapeError
from .calls import CALL_OPS
from .registry import shape_fn
from .util import merge as merge_shapes


def relax(shapes):
    """The most specific shape compatible with all ``shapes`` (differing dims unknown)."""
    out = None
    first = True
    for s in shapes:
        if first:
            out, first = s, False
            continue
        if out is None or s is None or len(s) != len(out):
            return None
        out = tuple(a if a == b else None for a, b in zip(out, s))
    return out


@shape_fn("Switch", "RefSwitch")
def switch(ctx):
    s = ctx.in_shape(0)
    pred = ctx.in_shape(1)
    if pred is not None and pred not in ((), (1,)):
        raise ShapeError(f"pred must be a scalar, got shape {list(pred)}")
    return [s, s]


@shape_fn("_SwitchN")
def switch_n(ctx):
    # a lowered Case: the data forwarded to each of num_outs branches, selected by a scalar index
    idx = ctx.in_shape(1)
    if idx is not None and idx != ():
        raise ShapeError(f"output_index must be a scalar, got shape {list(idx)}")
    n = ctx.attr("num_outs")
    if not isinstance(n, int) or n < 1:
        raise ShapeError(f"num_outs must be an int >= 1, got {n!r}")
    handle = ctx.in_handle_shape(0)
    if handle is not None:
        for port in range(n):
            ctx.set_handle_shape(port, handle)
    return [ctx.in_shape(0)] * n


@shape_fn("Merge", "RefMerge")
def merge(ctx):
    ready = [ctx.in_shape(i) for i in range(ctx.n_inputs) if ctx.input_ready(i)]
    return [relax(ready) if ready else None, ()]


@shape_fn("Enter", "RefEnter")
def enter(ctx):
    # TF 2.21: a loop variable entering a frame has an unknown shape (the loop may change it);
    # only a loop invariant (is_constant) keeps its shape. The graph's recorded
    # _output_shapes (merged by the engine) are what gives loop bodies their shapes.
    if ctx.attr("is_constant", False):
        handle = ctx.in_handle_shape(0)
        if handle is not None:
            ctx.set_handle_shape(0, handle)
        return [ctx.in_shape(0)]
    return [None]


@shape_fn("Exit", "RefExit", "NextIteration", "RefNextIteration")
def loop_pass(ctx):
    return [ctx.in_shape(0)]


@shape_fn("LoopCond")
def loop_cond(ctx):
    return [()]


@shape_fn("ControlTrigger", "Abort")
def no_outputs(ctx):
    return []


def _declared(ctx, n):
    shapes = ctx.attr("output_shapes") or ctx.attr("_output_shapes")
    if isinstance(shapes, list) and len(shapes) == n:
        return list(shapes)
    return [None] * n


def _n_outputs(ctx):
    tout = ctx.attr("Tout")
    if isinstance(tout, list):
        return len(tout)
    t = ctx.attr("T")
    if isinstance(t, list):
        return len(t)
    return None


@shape_fn("If", "StatelessIf", "Case", "StatelessCase", "PartitionedCall",
          "StatefulPartitionedCall")
def functional_call(ctx):
    if ctx.calls is not None and ctx.node.op in CALL_OPS:  # TF infers through the body
        got = ctx.calls.for_node(ctx)
        if got is not None:
            return got
    n = _n_outputs(ctx)
    if n is None:
        return None
    return _declared(ctx, n)


@shape_fn("While", "StatelessWhile")
def functional_while(ctx):
    # TF: a non-empty output_shapes attr gives the outputs as declared (an unknown rank stays
    # unknown: tf.nn.ctc_loss's loops declare every output so); without one, the inputs' shapes
    n = ctx.n_inputs
    declared = ctx.attr("output_shapes")
    if isinstance(declared, list) and declared:
        if len(declared) != n:
            raise ShapeError(f"output_shapes has {len(declared)} shapes for {n} outputs")
        return list(declared)
    return [ctx.in_shape(i) for i in range(n)]


class ArrayElements:
    """A TensorArray handle's shape data as TF keeps it: the element shape its TensorArrayV3 op
    declares (None: unknown rank). TF records it when that shape is fully defined or the op says
    its elements are alike (``identical_element_shapes``, which TF1's TensorArray sets); reads
    and gathers are then sized by it, not by their own ``element_shape`` attr."""

    __slots__ = ("shape",)

    def __init__(self, shape):
        self.shape = shape


@shape_fn("TensorArrayV3")
def tensor_array(ctx):
    elem = ctx.attr("element_shape")
    if (elem is not None and None not in elem) or ctx.attr("identical_element_shapes", False):
        ctx.set_handle_shape(0, ArrayElements(None if elem is None else tuple(elem)))
    return [(2,), ()]


@shape_fn("TensorArrayWriteV3", "TensorArrayScatterV3", "TensorArraySplitV3",
          "TensorArraySizeV3")
def tensor_array_scalar(ctx):
    return [()]


def _elements(ctx):
    """The handle's ArrayElements (TF's handle data), or None when it has none."""
    h = ctx.in_handle_shape(0)
    return h if isinstance(h, ArrayElements) else None


@shape_fn("TensorArrayReadV3")
def tensor_array_read(ctx):
    elems = _elements(ctx)  # TF: the handle's element shape, else unknown
    return [None if elems is None else elems.shape]


@shape_fn("TensorArrayGatherV3")
def tensor_array_gather(ctx):
    # TF: the indices' shape followed by the handle's element shape, else by the op's own
    # element_shape attr; unknown rank when that is
    elems = _elements(ctx)
    elem = elems.shape if elems is not None else ctx.attr("element_shape")
    if elem is None:
        return [None]
    indices = ctx.in_shape(1)
    return [(indices[0] if indices else None,) + tuple(elem)]


@shape_fn("TensorArrayConcatV3")
def tensor_array_concat(ctx):
    # TF 2.21's shape function gives an unknown rank whatever element_shape_except0 says (the
    # Python TensorArray sets that shape only on the graph it builds, not on import)
    return [None, (None,)]


@shape_fn("TensorArrayCloseV3")
def tensor_array_close(ctx):
    return []


@shape_fn("TensorArrayGradV3")
def tensor_array_grad(ctx):
    elems = _elements(ctx)  # a gradient array holds elements like its forward one's
    if elems is not None:
        ctx.set_handle_shape(0, elems)
    return [(2,), ()]


@shape_fn("StackV2")
def stack(ctx):
    return [(2,)]  # the legacy stack handle is a 2-vector


@shape_fn("StackPushV2")
def stack_push(ctx):
    return [ctx.in_shape(1)]


@shape_fn("StackPopV2")
def stack_pop(ctx):
    return [None]


@shape_fn("StackCloseV2")
def stack_close(ctx):
    return []


# TensorLists: like TF's handle data, a list handle carries the shape of its elements; it is set
# where a list is made and read where one is taken out. As TF's import does, a list keeps its
# declared element shape: TensorListFromTensor's element_shape input alone, and writes check
# nothing and change nothing (TF 2.21: a list reserved [?,5] and set with a [4,5] item reads
# [?,5]). For loops macc inlines from a SavedModel (``ctx.refine_lists``), a write instead
# refines the list's element shape with the item's, and a list made from a tensor merges in the
# tensor's dims: a Keras RNN declares its lists with the batch dim unknown (-1) even when its
# inputs and ``--batch`` fix it, and its loop body (inlined once) writes and reads through them.


def _refine(elem, item):
    """The element shape of a list holding elements ``elem`` and a new element ``item``: known
    dims of either fill the other's unknown ones; dims (or ranks) that differ become unknown."""
    if elem is None:
        return item
    if item is None:
        return elem
    if len(elem) != len(item):
        return None
    return tuple(b if a is None else a if b is None or a == b else None
                 for a, b in zip(elem, item))


def _subshape(shape):
    return None if shape is None or not shape else tuple(shape[1:])


@shape_fn("EmptyTensorList", "TensorListReserve")
def tensor_list_new(ctx):
    ctx.set_handle_shape(0, ctx.in_shape_tensor(0))
    return [()]  # a variant scalar


@shape_fn("TensorListFromTensor")
def tensor_list_from_tensor(ctx):
    declared = ctx.in_shape_tensor(1)
    ctx.set_handle_shape(0, merge_shapes(_subshape(ctx.in_shape(0)), declared)
                         if ctx.refine_lists else declared)
    return [()]


@shape_fn("TensorListPushBack", "TensorListSetItem")
def tensor_list_write(ctx):
    elem = ctx.in_handle_shape(0)
    if ctx.refine_lists:
        elem = _refine(elem, ctx.in_shape(1 if ctx.node.op == "TensorListPushBack" else 2))
    ctx.set_handle_shape(0, elem)
    return [()]


@shape_fn("TensorListLength")
def tensor_list_length(ctx):
    return [()]


@shape_fn("TensorListGetItem")
def tensor_list_get_item(ctx):
    return [merge_shapes(ctx.in_handle_shape(0), ctx.in_shape_tensor(2))]


@shape_fn("TensorListStack")
def tensor_list_stack(ctx):
    elem = merge_shapes(ctx.in_handle_shape(0), ctx.in_shape_tensor(1))
    n = ctx.attr("num_elements", -1)
    return [None if elem is None else ((n if n is not None and n >= 0 else None),) + elem]


@shape_fn("TensorListGather")
def tensor_list_gather(ctx):
    # TF: the indices' shape, then the element shape (handle data merged with element_shape)
    elem = merge_shapes(ctx.in_handle_shape(0), ctx.in_shape_tensor(2))
    idx = ctx.in_shape(1)
    return [None if elem is None or idx is None else tuple(idx) + elem]


@shape_fn("TensorListScatter", "TensorListScatterV2")
def tensor_list_scatter(ctx):
    # TF: the element_shape input alone (the tensor's own shape is not merged in)
    ctx.set_handle_shape(0, ctx.in_shape_tensor(2))
    return [()]


@shape_fn("TensorListScatterIntoExistingList")
def tensor_list_scatter_into(ctx):
    elem = ctx.in_handle_shape(0)
    if ctx.refine_lists:
        elem = _refine(elem, _subshape(ctx.in_shape(1)))
    ctx.set_handle_shape(0, elem)
    return [()]


@shape_fn("TensorListResize")
def tensor_list_resize(ctx):
    ctx.set_handle_shape(0, ctx.in_handle_shape(0))
    return [()]


@shape_fn("TensorListSplit")
def tensor_list_split(ctx):
    # TF: the element_shape input alone (it checks the tensor against it, keeps neither merge)
    t = ctx.in_shape(0)
    if t is not None and not t:
        raise ctx.error("tensor is a scalar, expected at least a vector")
    ctx.set_handle_shape(0, ctx.in_shape_tensor(1))
    return [()]


@shape_fn("TensorListConcatV2", "TensorListConcat")
def tensor_list_concat(ctx):
    elem = ctx.in_handle_shape(0)
    # TF: the element_shape input (V2) or attr (v1) merged with the list's element shape
    declared = (ctx.in_shape_tensor(1) if ctx.node.op == "TensorListConcatV2"
                else ctx.attr("element_shape"))
    elem = merge_shapes(elem, declared)
    return [None if not elem else (None,) + tuple(elem[1:]), (None,)]


@shape_fn("TensorListElementShape")
def tensor_list_element_shape(ctx):
    elem = ctx.in_handle_shape(0)
    return [(None,) if elem is None else (len(elem),)]


@shape_fn("TensorListPopBack")
def tensor_list_pop_back(ctx):
    elem = ctx.in_handle_shape(0)
    ctx.set_handle_shape(0, elem)
    if not ctx.refine_lists:  # TF's import reads the list's element shape alone, not the input
        return [(), elem]
    return [(), merge_shapes(elem, ctx.in_shape_tensor(1))]
