"""Shape functions of the collectives (collective_ops, NCCL, the TPU cross-replica ops, DTensor's)
and of TPU replication: replicated and partitioned inputs and outputs, compilation, execution,
infeed and outfeed (TF 2.21's collective_ops.cc, nccl_ops.cc, tpu_cross_replica_ops.cc,
dtensor_ops.cc, tpu/ops/*.cc).

Most collectives keep their input's shape. CollectiveGather multiplies the first dim by the
``group_size`` attr; the V2 gather and reduce-scatter take the group size as a tensor and leave
the first dim unknown, as TF does. AllToAll scales its concat and split dims by ``split_count``
(an unknown one of those makes the whole output unknown in TF 2.21). The DTensor gathers and
scatters rescale the dims whose sharding changes between two layout strings; ReduceScatter
divides its constant scatter dim by the group assignment's second dim. What a TPU program, an
RPC or a session returns is of unknown rank.
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, check_rank_at_least, count_attr, declared_shapes, fmt, int_list, unify


@shape_fn("CollectiveReduce", "CollectiveReduceV2", "CollectiveReduceV3", "CollectiveAllToAllV2",
          "CollectiveAllToAllV3", "CollectiveBcastSendV2", "CollectivePermute", "CrossReplicaSum",
          "NcclAllReduce", "NcclReduce", "NcclBroadcast", "DTensorAllReduce", "CopyToMesh",
          "CopyToMeshGrad", "Relayout", "RelayoutLike", "CheckPinned")
def unchanged(ctx):
    return [ctx.in_shape(0)]


@shape_fn("CollectiveBcastSend", "CollectiveBcastRecv", "InfeedDequeue", "OutfeedDequeue",
          "OutfeedDequeueV2", "TPUDummyInput", "FakeParam")
def from_shape_attr(ctx):
    return [ctx.attr("shape")]


@shape_fn("InfeedDequeueTuple", "OutfeedDequeueTuple", "OutfeedDequeueTupleV2")
def from_shapes_attr(ctx):
    return declared_shapes(ctx, "shapes", "dtypes")


@shape_fn("CollectiveBcastRecvV2")
def bcast_recv_v2(ctx):
    return [ctx.in_shape_tensor(3)]


@shape_fn("CollectiveGather")
def gather(ctx):
    s = check_rank_at_least(ctx.in_shape(0), 1)
    if s is None:
        return [None]
    n = ctx.attr("group_size", 0)
    return [(None if s[0] is None else s[0] * n,) + tuple(s[1:])]


@shape_fn("CollectiveGatherV2", "CollectiveReduceScatterV2")
def gather_v2(ctx):
    s = check_rank_at_least(ctx.in_shape(0), 1)
    return [None if s is None else (None,) + tuple(s[1:])]


@shape_fn("AllToAll")
def all_to_all(ctx):
    s, groups = ctx.in_shape(0), ctx.in_shape(1)
    if s is None:
        return [None]
    n = ctx.attr("split_count", 0)
    if n < 1:
        raise ShapeError(f"split_count {n} must be at least 1")
    check_rank(groups, 2, "group_assignment")
    if groups is not None and groups[1] is not None and groups[1] != n:
        raise ShapeError(f"split_count {n} must equal group_assignment's second dim {groups[1]}")
    cat, split = ctx.attr("concat_dimension", 0), ctx.attr("split_dimension", 0)
    for what, d in (("concat_dimension", cat), ("split_dimension", split)):
        if not 0 <= d < len(s):
            raise ShapeError(f"{what} {d} is out of range for rank {len(s)}")
    if s[cat] is None or s[split] is None:
        return [None]  # TF 2.21 gives up on the whole shape
    out = list(s)
    out[cat] *= n
    if out[split] % n:
        raise ShapeError(f"dimension {split} ({out[split]}) is not divisible by split_count {n}")
    out[split] //= n
    return [tuple(out)]


def _layout(text, rank: int, what: str) -> list[tuple[str, int]]:
    """Each dim's sharding spec and shard count in a DTensor layout string
    ``sharding_specs:a,b, mesh:|x=2,y=1|...``: 0 for ``unsharded`` (``any``, ``match``), the
    mesh dim's size for a named one."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else (text or "")
    head, sep, mesh = text.partition("mesh:")
    if not head.startswith("sharding_specs:") or not sep:
        raise ShapeError(f"{what} {text!r} is not a layout string")
    specs = [x.strip() for x in head[len("sharding_specs:"):].split(",")]
    specs = [x for x in specs if x]
    parts = mesh.split("|")
    sizes = {}
    for dim in parts[1].split(",") if len(parts) > 1 and parts[1] else []:
        name, _, size = dim.partition("=")
        if not size.strip().isdigit():
            raise ShapeError(f"{what}: bad mesh dimension {dim!r}")
        sizes[name.strip()] = int(size)
    if len(specs) != rank:
        raise ShapeError(f"input rank {rank} and {what} rank {len(specs)} differ")
    for sp in specs:
        if sp not in ("unsharded", "any", "match") and sp not in sizes:
            raise ShapeError(f"{what}: sharding spec {sp!r} is not a mesh dimension")
    return [(sp, sizes.get(sp, 0)) for sp in specs]  # 0 shards: unsharded


@shape_fn("DTensorAllGather", "DTensorAllScatter", "DTensorAllToAll")
def dtensor_relayout(ctx):
    s = ctx.in_shape(0)
    if s is None:
        return [None]
    a = _layout(ctx.attr("input_layout", ""), len(s), "input_layout")
    b = _layout(ctx.attr("output_layout", ""), len(s), "output_layout")
    op, out = ctx.node.op, []
    for d, (si, i), (so, o) in zip(s, a, b):
        if d is None or si == so:
            out.append(d)
        elif op != "DTensorAllScatter" and i and not o:  # gather a sharded dim
            out.append(d * i)
        elif op != "DTensorAllGather" and o and not i:  # scatter an unsharded dim
            if d % o:
                raise ShapeError(f"dimension {d} does not divide into {o} shards")
            out.append(d // o)
        elif op == "DTensorAllToAll":
            continue  # TF drops a dim sharded on both sides differently
        else:
            raise ShapeError(f"{op}: sharding spec {si!r} -> {so!r} goes the wrong way")
    return [tuple(out)]


@shape_fn("DTensorReduceScatter")
def reduce_scatter(ctx):
    s, groups = ctx.in_shape(0), ctx.in_shape(1)
    if s is None:
        return [None]
    if groups is None or len(groups) != 2:
        raise ShapeError(f"group_assignment must have rank 2, got {fmt(groups)}")
    dim = ctx.in_value(2)
    if dim is None:
        return [None]
    if dim.size != 1:
        raise ShapeError(f"scatter_dimension must be a scalar, got {dim.size} values")
    d, n = int(dim.reshape(-1)[0]), groups[1]
    out = list(s)
    if 0 <= d < len(s):  # TF leaves the shape as is when d is out of range
        if out[d] is not None and n is not None:
            if n == 0 or out[d] % n:
                raise ShapeError(f"dimension {out[d]} does not divide into {n} groups")
            out[d] //= n
        else:
            out[d] = None
    return [tuple(out)]


@shape_fn("TPUReplicatedInput")
def replicated_input(ctx):
    out = ctx.in_shape(ctx.n_inputs - 1) if ctx.n_inputs else None
    for i in range(ctx.n_inputs - 2, -1, -1):
        out = unify(ctx.in_shape(i), out, "replicated inputs")
    return [out]


@shape_fn("TPUReplicatedOutput")
def replicated_output(ctx):
    return [ctx.in_shape(0)] * count_attr(ctx, "num_replicas")


def _merged(ctx):
    out = ctx.in_shape(ctx.n_inputs - 1) if ctx.n_inputs else None
    for i in range(ctx.n_inputs - 2, -1, -1):
        out = unify(ctx.in_shape(i), out, "partitioned inputs")
    return out


def _scaled(shape, dim: int, n: int):
    if shape is None:
        return None
    if not 0 <= dim < len(shape):
        raise ShapeError(f"partition dim {dim} is out of range for rank {len(shape)}")
    out = list(shape)
    out[dim] = None if out[dim] is None else out[dim] * n
    return tuple(out)


@shape_fn("TPUPartitionedInput")
def partitioned_input(ctx):
    out = _merged(ctx)
    d = ctx.attr("partition_dim", 0)
    if d == -1 or ctx.attr("T") == "resource":
        return [out]
    return [_scaled(out, d, ctx.n_inputs)]


@shape_fn("TPUPartitionedInputV2")
def partitioned_input_v2(ctx):
    out = _merged(ctx)
    dims = int_list(ctx.attr("partition_dims", []), "partition_dims")
    if not dims or out is None:
        return [out]
    if len(dims) != len(out):
        raise ShapeError(f"partition_dims has {len(dims)} entries for rank {len(out)}")
    return [tuple(None if d is None else d * n for d, n in zip(out, dims))]


@shape_fn("TPUPartitionedOutput")
def partitioned_output(ctx):
    s, n = ctx.in_shape(0), count_attr(ctx, "num_splits")
    d = ctx.attr("partition_dim", 0)
    if d < -1 or s is not None and d >= len(s):
        raise ShapeError(f"cannot partition dim {d} of a rank {fmt(s)} tensor")
    if d == -1 or s is None:
        return [s] * n
    out = list(s)
    if out[d] is not None:
        if n == 0 or out[d] % n:
            raise ShapeError(f"{n} splits do not divide dimension {d} ({out[d]})")
        out[d] //= n
    return [tuple(out)] * n


@shape_fn("TPUPartitionedOutputV2")
def partitioned_output_v2(ctx):
    s, n = ctx.in_shape(0), count_attr(ctx, "num_splits")
    dims = int_list(ctx.attr("partition_dims", []), "partition_dims")
    total = 1
    for d in dims:
        total *= d
    if total != n:
        raise ShapeError(f"num_splits {n} is not the product of partition_dims {dims}")
    if s is not None and len(s) > len(dims):
        raise ShapeError(f"partition_dims has {len(dims)} entries for rank {len(s)}")
    if s is None:
        return [None] * n
    out = []
    for x, k in zip(s, dims):
        if x is not None and (k == 0 or x % k):
            raise ShapeError(f"{k} splits do not divide dimension {x}")
        out.append(None if x is None else x // k)
    return [tuple(out)] * n


@shape_fn("TPUCopyWithDynamicShape", "TPUAnnotateTensorsWithDynamicShape")
def pass_tensors(ctx):
    n = count_attr(ctx, "T")
    return [ctx.in_shape(i) for i in range(n)]


@shape_fn("TPUEmbeddingActivations")
def embedding_activations(ctx):
    return [ctx.in_shape(1)]


@shape_fn("TPUCompile")
def tpu_compile(ctx):
    n = count_attr(ctx, "num_computations")
    return [()] + [(3,)] * n + [()] * n


@shape_fn("TPUExecute", "TPUExecuteAndUpdateVariables", "TPUPartitionedCall", "RemoteCall")
def program_results(ctx):
    key = "Tresults" if ctx.node.op.startswith("TPUExecute") else "Tout"
    return [None] * count_attr(ctx, key)


@shape_fn("MakeUnique")
def make_unique(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 2, "input")
    return [s if s is not None else (None, None)]


@shape_fn("CustomAggregator")
def custom_aggregator(ctx):
    bins = ctx.attr("num_bins", 0)
    return [ctx.in_shape(0), (), (), (bins if bins >= 0 else None,)]
