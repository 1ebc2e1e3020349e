"""Shape functions of the deprecated v1 and v2 TensorArray ops (old frozen TF1 graphs) and of
TensorArrayGradWithShape; the V3 ops are in :mod:`macc.shapes.control_flow`.

TF 2.21 gives every v1 op (a Ref(string) handle) an unknown shape for each output (its shape
function is UnknownShape) and TensorArrayClose none. The v2 ops have a string [2] handle and
record no element shape for it: TensorArrayV2 and TensorArrayGradV2 give the [2] handle; Write,
Scatter, Split and Size give a scalar; Read and Gather an unknown shape; Concat an unknown value
and [?] lengths. TensorArrayGradWithShape (a V3 handle) carries the forward array's element shape
with ``len(shape_to_prepend)`` unknown dims in front.
"""

from __future__ import annotations

from .control_flow import ArrayElements
from .registry import shape_fn
from .util import check_rank

_V1_OUTPUTS = {"TensorArray": 1, "TensorArrayGrad": 1, "TensorArrayWrite": 1,
               "TensorArrayRead": 1, "TensorArrayPack": 1, "TensorArrayUnpack": 1,
               "TensorArrayGather": 1, "TensorArrayScatter": 1, "TensorArrayConcat": 2,
               "TensorArraySplit": 1, "TensorArraySize": 1, "TensorArrayClose": 0}


@shape_fn(*_V1_OUTPUTS)
def tensor_array_v1(ctx):
    return [None] * _V1_OUTPUTS[ctx.node.op]


def _handle(ctx):
    h = ctx.in_shape(0)
    check_rank(h, 1, "handle")
    if h is not None and h[0] is not None and h[0] != 2:
        raise ctx.error(f"handle has shape [{h[0]}], expected [2]")


@shape_fn("TensorArrayV2")
def tensor_array_v2(ctx):
    check_rank(ctx.in_shape(0), 0, "size")
    return [(2,)]


@shape_fn("TensorArrayGradV2")
def tensor_array_grad_v2(ctx):
    _handle(ctx)
    return [(2,)]


@shape_fn("TensorArrayWriteV2", "TensorArrayScatterV2", "TensorArraySplitV2",
          "TensorArraySizeV2")
def tensor_array_v2_scalar(ctx):
    _handle(ctx)
    return [()]


@shape_fn("TensorArrayReadV2", "TensorArrayGatherV2")
def tensor_array_v2_read(ctx):
    _handle(ctx)
    return [None]


@shape_fn("TensorArrayConcatV2")
def tensor_array_v2_concat(ctx):
    _handle(ctx)
    return [None, (None,)]


@shape_fn("TensorArrayCloseV2")
def tensor_array_v2_close(ctx):
    _handle(ctx)
    return []


@shape_fn("TensorArrayGradWithShape", memo=False)  # reads and writes handle data
def tensor_array_grad_with_shape(ctx):
    _handle(ctx)
    h = ctx.in_handle_shape(0)
    if isinstance(h, ArrayElements):
        prepend = ctx.in_shape(2)
        n = None if prepend is None or len(prepend) != 1 else prepend[0]
        elem = None if (h.shape is None or n is None) else (None,) * n + tuple(h.shape)
        ctx.set_handle_shape(0, ArrayElements(elem))
    return [(2,), ()]
