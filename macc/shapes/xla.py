"""Shape functions of the XLA ops (TF 2.21's tf2xla/ops/xla_ops.cc, tpu_sharding_ops.cc, the
jit and host-compute ops): the ops jax2tf's graph serialization and tf2xla put in graphs.

Most say little: XlaConv(V2), XlaPad without constant paddings, XlaReduceWindow and
XlaSelectAndScatter keep only their first input's rank; XlaBroadcastHelper, XlaIf,
XlaWhile, XlaSvd, XlaSelfAdjointEig, XlaLaunch, XlaConcatND/XlaSplitND and the dynamic-size
markers say nothing. XlaDot(V2) sizes its output from its serialized DotDimensionNumbers (batch
dims, then lhs free dims, then rhs free dims), XlaPad from constant paddings, XlaDynamicSlice from
its ``size_indices`` value, XlaGather by XLA's rules once its operand is fully known and its
slice sizes constant, XlaSpmdFullToShardShape from an OTHER-type OpSharding's tiles; the
custom calls, XlaCallModule and XlaRecv(FromHost) from their shape attrs.

The serialized xla protos are read from the wire format (:mod:`macc.shapes.wire`); field
numbers from xla_data.proto. The SparseCore and TPU-embedding ops are in :mod:`macc.shapes.xla_tpu`.
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, count_attr, fmt, unify, unify_dim, unknown
from .wire import ints, named_ints, proto_fields

# xla_data.proto field numbers
DOT_FIELDS = {1: "lhs_contracting", 2: "rhs_contracting", 3: "lhs_batch", 4: "rhs_batch"}
CONV_FIELDS = {7: "input_batch", 8: "input_feature", 11: "input_spatial",
               3: "kernel_input_feature", 4: "kernel_output_feature", 6: "kernel_spatial",
               9: "output_batch", 10: "output_feature", 12: "output_spatial"}
GATHER_FIELDS = {1: "offset_dims", 2: "collapsed_slice_dims", 3: "start_index_map",
                 4: "index_vector_dim", 5: "operand_batching_dims"}
SHARDING_TYPE, SHARDING_TILES, SHARDING_OTHER = 1, 3, 3


def dot_numbers(ctx) -> dict[str, list[int]]:
    return named_ints(ctx.attr("dimension_numbers", b""), DOT_FIELDS,
                      "attr 'dimension_numbers' (xla.DotDimensionNumbers)")


def conv_numbers(attr) -> dict[str, list[int]]:
    return named_ints(attr, CONV_FIELDS,
                      "attr 'dimension_numbers' (xla.ConvolutionDimensionNumbers)")


def _dim(shape, i: int, what: str):
    if not -len(shape) <= i < len(shape):
        raise ShapeError(f"{what} dimension {i} is out of range for rank {len(shape)}")
    return shape[i]


def unchanged_rank(ctx):
    s = ctx.in_shape(0)
    return [None if s is None else (None,) * len(s)]


def unknown_outputs(n: int) -> list:
    return [None] * n


@shape_fn("XlaConv", "XlaConvV2", "XlaReduceWindow", "XlaSelectAndScatter")
def xla_unchanged_rank(ctx):
    return unchanged_rank(ctx)


@shape_fn("XlaDynamicUpdateSlice", "XlaSort", "XlaScatter", "XlaAllReduce", "XlaSharding",
          "XlaReducePrecision", "XlaClusterOutput")
def xla_unchanged(ctx):
    return [ctx.in_shape(0)]


@shape_fn("XlaSetBound", "XlaSetDynamicDimensionSize",
          "XlaRemoveDynamicDimensionSize", "XlaDequantize", "XlaConcatND")
def xla_unknown(ctx):
    return [None]


@shape_fn("XlaBroadcastHelper", "XlaSelfAdjointEig")
def xla_two_unknown(ctx):
    return [None, None]


@shape_fn("XlaSvd")
def xla_svd(ctx):
    return [None, None, None]


@shape_fn("XlaSend", "XlaSendToHost")
def xla_no_outputs(ctx):
    return []


@shape_fn("XlaReplicaId")
def xla_replica_id(ctx):
    return [()]


@shape_fn("XlaSplitND")
def xla_split_nd(ctx):
    return unknown_outputs(count_attr(ctx, "N"))


@shape_fn("XlaIf")
def xla_if(ctx):
    return unknown_outputs(count_attr(ctx, "Tout"))


@shape_fn("XlaWhile")
def xla_while(ctx):
    return unknown_outputs(count_attr(ctx, "T"))


@shape_fn("XlaLaunch", "XlaLaunchV2")
def xla_launch(ctx):
    return unknown_outputs(count_attr(ctx, "Tresults"))


@shape_fn("XlaKeyValueSort")
def xla_key_value_sort(ctx):
    return [ctx.in_shape(0), ctx.in_shape(1)]


@shape_fn("XlaVariadicSort")
def xla_variadic_sort(ctx):
    return [ctx.in_shape(i) for i in range(count_attr(ctx, "T"))]


@shape_fn("XlaOptimizationBarrier")
def xla_optimization_barrier(ctx):
    return [ctx.in_shape(i) for i in range(ctx.n_inputs)]


def _dot(ctx):
    lhs, rhs = ctx.in_shape(0), ctx.in_shape(1)
    if lhs is None or rhs is None:
        return [None]
    dn = dot_numbers(ctx)
    lc, rc, lb, rb = (dn[k] for k in ("lhs_contracting", "rhs_contracting", "lhs_batch",
                                      "rhs_batch"))
    if len(lc) != len(rc):
        raise ShapeError(f"must specify the same number of contracting dimensions for lhs and "
                         f"rhs, got {len(lc)} and {len(rc)}")
    for i, (a, b) in enumerate(zip(lc, rc)):
        unify_dim(_dim(lhs, a, "lhs contracting"), _dim(rhs, b, "rhs contracting"),
                  f"contracting dimension {i} (lhs {a}, rhs {b}) differs")
    if len(lb) != len(rb):
        raise ShapeError(f"must specify the same number of batch dimensions for lhs and rhs, "
                         f"got {len(lb)} and {len(rb)}")
    out = [unify_dim(_dim(lhs, a, "lhs batch"), _dim(rhs, b, "rhs batch"),
                     f"batch dimension {i} (lhs {a}, rhs {b}) differs")
           for i, (a, b) in enumerate(zip(lb, rb))]
    out += [d for i, d in enumerate(lhs) if i not in lc and i not in lb]
    out += [d for i, d in enumerate(rhs) if i not in rc and i not in rb]
    return [tuple(out)]


shape_fn("XlaDot", "XlaDotV2")(_dot)


@shape_fn("XlaGather")
def xla_gather(ctx):
    """XLA's gather shape, which TF 2.21 infers when the operand is fully known and slice_sizes
    constant (index dims may be unknown): the indices' dims but the index vector dim, with the
    slice sizes not collapsed (nor batching) placed at ``offset_dims``."""
    operand, idx, sizes = ctx.in_shape(0), ctx.in_shape(1), ctx.in_value(2)
    if operand is None or None in operand or sizes is None or idx is None:
        return [None]
    dn = named_ints(ctx.attr("dimension_numbers", b""), GATHER_FIELDS,
                    "attr 'dimension_numbers' (xla.GatherDimensionNumbers)")
    sizes = [int(v) for v in sizes.reshape(-1).tolist()]
    if len(sizes) != len(operand):
        raise ShapeError(f"slice_sizes has {len(sizes)} values for an operand of rank "
                         f"{len(operand)}")
    for d, (size, bound) in enumerate(zip(sizes, operand)):
        if not 0 <= size <= bound:
            raise ShapeError(f"slice size {size} is outside [0, {bound}] in dimension {d}")
    ivd = (dn["index_vector_dim"] or [0])[-1]
    if not 0 <= ivd <= len(idx):
        raise ShapeError(f"index_vector_dim {ivd} is out of range for indices of rank {len(idx)}")
    batch = [d for i, d in enumerate(idx) if i != ivd]
    dropped = set(dn["collapsed_slice_dims"]) | set(dn["operand_batching_dims"])
    window = [size for d, size in enumerate(sizes) if d not in dropped]
    offsets = dn["offset_dims"]
    if len(window) != len(offsets):
        raise ShapeError(f"offset_dims has {len(offsets)} dims, the slices keep {len(window)}")
    out, b, w = [], iter(batch), iter(window)
    for i in range(len(batch) + len(window)):
        out.append(next(w) if i in offsets else next(b, None))
    return [tuple(out)]


@shape_fn("XlaDynamicSlice")
def xla_dynamic_slice(ctx):
    sizes = ctx.in_shape(2)
    if sizes is None:
        return unchanged_rank(ctx)
    if len(sizes) != 1:
        raise ShapeError(f"size_indices must be a 1-D tensor, got {fmt(sizes)}")
    value = ctx.in_shape_tensor(2)
    return unchanged_rank(ctx) if value is None else [value]


@shape_fn("XlaPad")
def xla_pad(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    pv = ctx.in_shape(1)
    if pv is not None and len(pv) != 0:
        raise ShapeError(f"padding_value must be a scalar, got rank {len(pv)}")
    vals = [ctx.in_value(i) for i in (2, 3, 4)]
    if any(v is None for v in vals):
        return unchanged_rank(ctx)
    for v, name in zip(vals, ("padding_low", "padding_high", "padding_interior")):
        if v.ndim != 1 or v.shape[0] != len(x):
            raise ShapeError(f"{name} must be a 1-D tensor of size {len(x)}, got shape "
                             f"{fmt(v.shape)}")
    out = []
    for d, lo, hi, mid in zip(x, *(v.tolist() for v in vals)):
        if mid < 0:
            raise ShapeError(f"padding_interior must be non-negative, got {mid}")
        if d is None:
            out.append(None)
            continue
        n = d + lo + hi + (mid * (d - 1) if d > 0 else 0)
        if n < 0:
            raise ShapeError(f"the padded dimension has negative size {n}")
        out.append(n)
    return [tuple(out)]


def _reduce_rank(ctx, rank: int, op: str) -> int:
    dims = list(ctx.attr("dimensions_to_reduce", []) or [])
    if len(dims) > rank or len(set(dims)) != len(dims) or not all(0 <= d < rank for d in dims):
        raise ShapeError(f"invalid dimensions_to_reduce {dims} for {op} of rank {rank}")
    return dims


@shape_fn("XlaReduce")
def xla_reduce(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    return [unknown(len(x) - len(_reduce_rank(ctx, len(x), "XlaReduce")))]


@shape_fn("XlaVariadicReduce")
def xla_variadic_reduce(ctx):
    n = count_attr(ctx, "N")
    merged = None
    for i in range(n):  # TF merges the inputs and ignores a failed merge
        s = ctx.in_shape(i)
        try:
            merged = unify(merged, s)
        except ShapeError:
            pass
    if merged is None:
        return [None] * n
    return [unknown(len(merged) - len(_reduce_rank(ctx, len(merged), "XlaVariadicReduce")))] * n


@shape_fn("XlaVariadicReduceV2")
def xla_variadic_reduce_v2(ctx):
    n = count_attr(ctx, "T")
    if n == 0 or ctx.n_inputs != 2 * n:
        raise ShapeError(f"expects as many init_values as inputs (T has {n} types, "
                         f"{ctx.n_inputs} inputs)")
    merged = None
    for i in range(n):
        merged = unify(merged, ctx.in_shape(i), "all inputs")
    if merged is None:
        return [None] * n
    dims = _reduce_rank(ctx, len(merged), "XlaVariadicReduceV2")
    return [tuple(d for i, d in enumerate(merged) if i not in dims)] * n


@shape_fn("XlaRngBitGenerator")
def xla_rng_bit_generator(ctx):
    check_rank(ctx.in_shape(0), 0, "algorithm")
    state = ctx.in_shape(1)
    check_rank(state, 1, "initial_state")
    return [state if state is not None else (None,), ctx.in_shape_tensor(2)]


@shape_fn("XlaReduceScatter")
def xla_reduce_scatter(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    groups = ctx.in_shape(1)
    if groups is None or len(groups) != 2:
        raise ShapeError(f"group_assignment must have rank 2, got {fmt(groups)}")
    v = ctx.in_value(2)
    if v is None:
        return [None]
    axis = int(v.reshape(-1)[0]) if v.size == 1 else None
    if axis is None:
        raise ShapeError("scatter_dimension must be a scalar")
    out = list(x)
    if 0 <= axis < len(x):
        d, k = x[axis], groups[1]
        if k == 0:
            raise ShapeError("division by zero: the group size is 0")
        if d is not None and k is not None and d % k:
            raise ShapeError(f"dimension {d} is not evenly divisible by the group size {k}")
        out[axis] = None if d is None or k is None else d // k
    return [tuple(out)]


def _sharding(ctx):
    got = proto_fields(ctx.attr("manual_sharding", b""), "attr 'manual_sharding' (xla.OpSharding)")
    kind = got.get(SHARDING_TYPE, [0])[-1]
    return kind, ints(got.get(SHARDING_TILES, []), "attr 'manual_sharding'")


@shape_fn("XlaSpmdFullToShardShape")
def xla_full_to_shard(ctx):
    x = ctx.in_shape(0)
    if x is None:
        return [None]
    kind, tiles = _sharding(ctx)
    if kind != SHARDING_OTHER:
        return [x]
    single = int(ctx.attr("dim", -1))
    if len(tiles) < len(x):
        raise ShapeError(f"manual_sharding has {len(tiles)} tile dimensions for rank {len(x)}")
    out = []
    for i, d in enumerate(x):
        if (single < 0 or single == i) and d is not None and tiles[i] != 1:
            if tiles[i] <= 0:
                raise ShapeError(f"manual_sharding tile dimension {i} is {tiles[i]}")
            d = -(-d // tiles[i])
        out.append(d)
    return [tuple(out)]


def full_shape(ctx, key: str):
    """A ``shape`` attr TF reads as a TensorShape: it must be fully defined."""
    s = ctx.attr(key)
    if s is None or any(d is None for d in s):
        raise ShapeError(f"attr '{key}' {fmt(s)} is not fully defined")
    return tuple(s)


@shape_fn("XlaSpmdShardToFullShape")
def xla_shard_to_full(ctx):
    return [full_shape(ctx, "full_shape")]


@shape_fn("XlaRecv", "XlaCustomCall")
def xla_shape_attr(ctx):
    return [full_shape(ctx, "shape")]


@shape_fn("XlaRecvFromHost")
def xla_recv_from_host(ctx):
    return [ctx.attr("shape")]


@shape_fn("XlaCustomCallV2")
def xla_custom_call_v2(ctx):
    shapes = list(ctx.attr("result_shapes", []) or [])
    n = count_attr(ctx, "result_dtypes")
    if len(shapes) != n:
        raise ShapeError(f"unexpected number of result shapes: {len(shapes)} != {n}")
    for s in shapes:
        if s is None or any(d is None for d in s):
            raise ShapeError(f"result shape {fmt(s)} is not fully defined")
    return [tuple(s) for s in shapes]


@shape_fn("XlaCallModule")
def xla_call_module(ctx):
    shapes = list(ctx.attr("Sout", []) or [])
    n = count_attr(ctx, "Tout")
    return [tuple(s) if s is not None else None for s in shapes[:n]] + [None] * (n - len(shapes))


@shape_fn("XlaHostCompute")
def xla_host_compute(ctx):
    n = count_attr(ctx, "Toutputs")
    graph = ctx.attr("shape_inference_graph")
    if graph:  # shapes inferred by running a function TF does not run at import
        return [None] * n
    shapes = list(ctx.attr("shapes", []) or [])
    if len(shapes) != n:
        raise ShapeError(f"has {n} outputs but attr 'shapes' has {len(shapes)} elements")
    return [None if s is None else tuple(s) for s in shapes]
