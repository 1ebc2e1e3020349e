"""Shape functions of the ops that hold tensors between steps (data_flow_ops, map_ops and
sparse_ops in TF 2.21): StagingArea and MapStagingArea, barriers, gradient accumulators
(SyncReplicasOptimizer), the sparse-tensors map, TensorMap, and a partitioned graph's Send/Recv.

What is read back out of a container is of unknown rank, as in TF, whose shape functions do not
look into the container (the staged ``shapes`` attr, an accumulator's ``shape``, the received
``tensor_type``' shape are not used): Unstage, StagePeek, MapPeek, MapUnstage(NoKey),
BarrierTakeMany, Accumulator(Take)Gradient, TensorMapLookup, TensorMapStackKeys, Recv. Sizes are
scalars; handles are [2] string references for v1 containers, scalars for resources.
"""

from __future__ import annotations

from .queues import v1_handle
from .registry import shape_fn
from .util import check_rank, count_attr, unify_dim


@shape_fn("Stage", "StageClear", "MapStage", "MapClear", "OrderedMapStage", "OrderedMapClear",
          "Send", "_Send", "_HostSend")
def no_outputs(ctx):
    return []


@shape_fn("AccumulatorApplyGradient", "AccumulatorSetGlobalStep", "SparseAccumulatorApplyGradient",
          "ResourceAccumulatorApplyGradient", "ResourceAccumulatorSetGlobalStep")
def accumulator_step(ctx):
    check_rank(ctx.in_shape(1), 0, "the step")
    return []


@shape_fn("BarrierInsertMany")
def barrier_insert_many(ctx):
    v1_handle(ctx, 0)
    keys, values = ctx.in_shape(1), ctx.in_shape(2)
    check_rank(keys, 1, "keys")
    if values is not None and not values:
        raise ctx.error("values is a scalar, expected rank at least 1")
    if keys is not None and values is not None:
        unify_dim(keys[0], values[0], "keys and values' first dimension differ")
    return []


@shape_fn("BarrierClose")
def barrier_close(ctx):
    v1_handle(ctx, 0)
    return []


@shape_fn("Unstage", "StagePeek")
def unstage(ctx):
    return [None] * count_attr(ctx, "dtypes")


@shape_fn("MapPeek", "MapUnstage", "OrderedMapPeek", "OrderedMapUnstage")
def map_read(ctx):
    return [None] * count_attr(ctx, "dtypes")


@shape_fn("MapUnstageNoKey", "OrderedMapUnstageNoKey")
def map_unstage_no_key(ctx):
    return [None] * (1 + count_attr(ctx, "dtypes"))  # the key, then the values


@shape_fn("StageSize", "MapSize", "MapIncompleteSize", "OrderedMapSize",
          "OrderedMapIncompleteSize", "AccumulatorNumAccumulated",
          "ResourceAccumulatorNumAccumulated", "EmptyTensorMap", "TensorMapSize",
          "TensorMapInsert", "TensorMapErase", "TensorMapHasKey", "AddSparseToTensorsMap")
def scalar(ctx):
    return [()]


@shape_fn("BarrierReadySize", "BarrierIncompleteSize")
def barrier_size(ctx):
    v1_handle(ctx, 0)
    return [()]


@shape_fn("Barrier", "ConditionalAccumulator", "SparseConditionalAccumulator",
          "ResourceConditionalAccumulator")
def ref_handle(ctx):
    return [(2,)]


@shape_fn("BarrierTakeMany")
def barrier_take_many(ctx):
    return [None] * (2 + count_attr(ctx, "component_types"))  # indices, keys, the values


@shape_fn("AccumulatorTakeGradient", "ResourceAccumulatorTakeGradient")
def take_gradient(ctx):
    check_rank(ctx.in_shape(1), 0, "num_required")
    return [None]


@shape_fn("SparseAccumulatorTakeGradient")
def sparse_take_gradient(ctx):
    check_rank(ctx.in_shape(1), 0, "num_required")
    return [None, None, None]


@shape_fn("AddManySparseToTensorsMap")
def add_many_sparse(ctx):
    check_rank(ctx.in_shape(0), 2, "sparse_indices")
    check_rank(ctx.in_shape(1), 1, "sparse_values")
    check_rank(ctx.in_shape(2), 1, "sparse_shape")
    return [(None,)]


@shape_fn("TakeManySparseFromTensorsMap")
def take_many_sparse(ctx):
    check_rank(ctx.in_shape(0), 1, "sparse_handles")
    return [(None, None), (None,), (None,)]


@shape_fn("TensorMapLookup", "TensorMapStackKeys", "Recv", "_Recv", "_HostRecv")
def unknown_one(ctx):
    return [None]
