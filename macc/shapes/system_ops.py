"""Shape functions of the system side of distributed and TPU graphs (TF 2.21): TPU and
TPU-embedding configuration, embedding enqueues, loads and retrieves, SparseCore id
preprocessing, iterators', generators', caches' and tables' anonymous handles, multi-device
iterators, mutexes, session tensors, RPC, stats aggregators and thread pools, calibration.

Handles, sizes, flags, configs and proto keys are scalars; ops that only act have no outputs.
TF leaves unknown what a session, an RPC, a restore or a TPU configuration returns. Shapes TF
reads from a serialized proto: RecvTPUEmbeddingActivations' from its TPUEmbeddingConfiguration
(per table [batch_size_per_tensor_core · num_features, dimension]; a config with feature
descriptors is left unknown here), SplitDedupData's from its ``tuple_mask`` TensorProto (the
integer and float spans' sums). The SparseCore CSR wrappers size their buffers from attrs, the
row pointers padded to a multiple of 8 physical replicas.
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, count_attr, declared_shapes, int_list
from .wire import ints, proto_fields

NO_OUTPUTS = (
    "TPUReplicateMetadata", "TPUCompileSucceededAssert", "TPUReshardVariables",
    "ShutdownDistributedTPU", "UpdateTaskIdAndGlobalCoreArray", "InfeedEnqueue",
    "InfeedEnqueueTuple", "InfeedEnqueuePrelinearizedBuffer", "OutfeedEnqueue",
    "OutfeedEnqueueTuple", "ConnectTPUEmbeddingHosts", "FinalizeTPUEmbedding",
    "ConfigureTPUEmbedding", "DTensorSetGlobalTPUArray", "SyncDevice",
    "FileSystemSetConfiguration", "EnqueueTPUEmbeddingBatch", "EnqueueTPUEmbeddingIntegerBatch",
    "EnqueueTPUEmbeddingSparseBatch", "EnqueueTPUEmbeddingSparseTensorBatch",
    "EnqueueTPUEmbeddingRaggedTensorBatch", "EnqueueTPUEmbeddingArbitraryTensorBatch",
    "DynamicEnqueueTPUEmbeddingRaggedTensorBatch",
    "DynamicEnqueueTPUEmbeddingArbitraryTensorBatch", "SendTPUEmbeddingGradients",
    "LoadAllTPUEmbeddingParameters", "DeleteMemoryCache", "DeleteMultiDeviceIterator",
    "DeleteRandomSeedGenerator", "DeleteRpcFutureResource", "DeleteSeedGenerator",
    "DeleteSessionTensor", "DeserializeIterator", "DistributedSave", "ConsumeMutexLock",
    "RpcServerRegister", "RpcServerStart", "StatsAggregatorSetSummaryWriter", "DisableCopyOnRead",
    "AssignVariableXlaConcatND", "CalibrationStatisticsSaver", "DumpTensor",
    "StoreMinibatchStatisticsInFdo",
)

OPTIMIZERS = ("StochasticGradientDescent", "Adagrad", "AdagradMomentum", "ADAM", "Adadelta",
              "CenteredRMSProp", "FTRL", "FrequencyEstimator", "MDLAdagradLight", "Momentum",
              "ProximalAdagrad", "ProximalYogi", "RMSProp")
LOADS = tuple(f"LoadTPUEmbedding{o}Parameters" for o in OPTIMIZERS)
RETRIEVES = tuple(f"RetrieveTPUEmbedding{o}Parameters" for o in OPTIMIZERS)


@shape_fn(*NO_OUTPUTS)
def no_outputs(ctx):
    return []


@shape_fn(*LOADS)
def load_parameters(ctx):
    for i in range(ctx.n_inputs):
        check_rank(ctx.in_shape(i), 2, f"input {i}")
    return []


@shape_fn(*RETRIEVES)
def retrieve_parameters(ctx):
    return [(None, None)] * _retrieve_count(ctx.node.op)  # TF's own, without a config


_STATE = {"StochasticGradientDescent": 1, "Adagrad": 2, "AdagradMomentum": 3, "ADAM": 3,
          "Adadelta": 3, "CenteredRMSProp": 4, "FTRL": 3, "FrequencyEstimator": 2,
          "MDLAdagradLight": 4, "Momentum": 2, "ProximalAdagrad": 2, "ProximalYogi": 3,
          "RMSProp": 3}


def _retrieve_count(op: str) -> int:
    return _STATE[op[len("RetrieveTPUEmbedding"):-len("Parameters")]]


@shape_fn("TPUCompilationResult", "TPURoundRobin", "ShutdownTPUSystem", "GetTpuTaskId",
          "Prelinearize", "PrelinearizeTuple", "ConfigureTPUEmbeddingHost",
          "ConfigureTPUEmbeddingMemory", "CollateTPUEmbeddingMemory",
          "ExecuteTPUEmbeddingPartitioner", "IsTPUEmbeddingInitialized", "ComputeDedupDataSize",
          "ComputeDedupDataSizeV2", "MergeDedupData", "IsTensorFloat32Enabled", "WorkerHeartbeat",
          "DeviceIndex", "CollectiveInitializeCommunicator", "AnonymousIterator",
          "IteratorGetDevice", "ExperimentalIteratorGetDevice", "IteratorGetModelProto",
          "AnonymousMutableHashTable", "AnonymousMutableHashTableOfTensors",
          "AnonymousMutableDenseHashTable", "AnonymousMultiDeviceIteratorV3",
          "MultiDeviceIterator", "MultiDeviceIteratorInit", "MultiDeviceIteratorToStringHandle",
          "MultiDeviceIteratorFromStringHandle", "MutexV2", "MutexLock", "GetSessionHandle",
          "GetSessionHandleV2", "ThreadPoolHandle", "ExperimentalThreadPoolHandle",
          "StatsAggregatorHandle", "StatsAggregatorHandleV2", "ExperimentalStatsAggregatorHandle",
          "StatsAggregatorSummary", "ExperimentalStatsAggregatorSummary", "GlobalIterId")
def scalar(ctx):
    return [()]


@shape_fn("AnonymousMemoryCache", "AnonymousSeedGenerator", "AnonymousRandomSeedGenerator",
          "AnonymousMultiDeviceIterator", "CollectiveAssignGroupV2",
          "GetStatsFromListOfSparseCoreCooTensors")
def two_scalars(ctx):
    return [(), ()]


@shape_fn("TPUOrdinalSelector", "ConfigureAndInitializeGlobalTPU", "SerializeIterator")
def vector(ctx):
    return [(None,)]


@shape_fn("TpuHandleToProtoKey")
def proto_key(ctx):
    check_rank(ctx.in_shape(0), 0, "uid")
    return [(None,)]


@shape_fn("ComputeDedupDataTupleMask", "ComputeDedupDataTupleMaskV2")
def tuple_mask(ctx):
    return [(None, None)]


@shape_fn("ConfigureDistributedTPU", "GetDeadline", "GetSessionTensor", "RpcServer")
def unknown_one(ctx):
    return [None]


@shape_fn("FinalizeTPUEmbeddingV2", "RpcClient", "RpcCall", "RpcCheckStatus")
def unknown_two(ctx):
    return [None, None]


@shape_fn("RpcGetValue", "MlirPassthroughOp", "DTensorRestoreV2", "ReadVariableXlaSplitND")
def unknown_list(ctx):
    key = {"RpcGetValue": "Tout", "MlirPassthroughOp": "Toutputs", "DTensorRestoreV2": "dtypes",
           "ReadVariableXlaSplitND": "N"}[ctx.node.op]
    return [None] * count_attr(ctx, key)


@shape_fn("RetrieveAllTPUEmbeddingParameters")
def retrieve_all(ctx):
    return [None] * (8 * count_attr(ctx, "NumTables"))  # sized from the config by TF


@shape_fn("MultiDeviceIteratorGetNextFromShard")
def next_from_shard(ctx):
    return declared_shapes(ctx, "output_shapes", "output_types")


def _last(values: list, what: str) -> int:
    """A singular int field: its last value (as protobuf keeps), 0 when absent or empty."""
    got = ints(values, what)
    return got[-1] if got else 0


def _dim(d: int):
    """A dim computed from a config, read as TF's shape protos read one: -1 unknown, below it
    an error."""
    if d < -1:
        raise ShapeError(f"the config gives a negative dimension {d}")
    return None if d == -1 else d


@shape_fn("RecvTPUEmbeddingActivations")
def recv_activations(ctx):
    n = count_attr(ctx, "num_outputs")
    cfg = proto_fields(ctx.attr("config", b""), "TPUEmbeddingConfiguration")
    if 10 in cfg:  # feature descriptors: per-feature output shapes, not read here
        return [None] * n
    batch = _last(cfg.get(3, []), "TPUEmbeddingConfiguration")
    out = []
    for table in cfg.get(1, []):
        t = proto_fields(table, "TableDescriptor")
        dim = _last(t.get(3, []), "TableDescriptor")
        feats = _last(t.get(4, []), "TableDescriptor")
        out.append((_dim(batch * feats), _dim(dim)))
    if len(out) != n:
        raise ShapeError(f"num_outputs {n} differs from the config's {len(out)} tables")
    return out


@shape_fn("SplitDedupData")
def split_dedup(ctx):
    t = proto_fields(ctx.attr("tuple_mask", b""), "tuple_mask")
    shape = proto_fields(t[2][-1], "tuple_mask's shape") if 2 in t else {}
    dims = [_last(proto_fields(d, "tuple_mask's dims").get(1, []), "tuple_mask's dims")
            for d in shape.get(2, [])]
    if not dims:
        raise ShapeError("tuple_mask has no dimensions (TF 2.21 crashes on it)")
    if dims[0] == 0:
        return [(0,), (0,)]
    if len(dims) != 2:
        raise ShapeError(f"tuple_mask must be a rank-2 tensor, got rank {len(dims)}")
    vals = ints(t.get(7, []), "tuple_mask")
    if len(vals) != 2 * dims[0]:
        raise ShapeError(f"tuple_mask has {len(vals)} int values, expected {2 * dims[0]}")
    spans = [0, 0]
    for kind, size in zip(vals[::2], vals[1::2]):
        if kind not in (0, 1):
            raise ShapeError(f"tuple_mask element type {kind} is neither integer (0) nor float (1)")
        spans[kind] += size
    return [(spans[0],), (spans[1],)]


@shape_fn("ConvertToCooTensor", "SortListOfSparseCoreCooTensors",
          "ConvertToListOfSparseCoreCooTensors", "GetMinibatchSplitsWithPhysicalReplica")
def coo_lists(ctx):
    op = ctx.node.op
    if op == "ConvertToCooTensor":
        return [(None,)] * 3
    if op == "ConvertToListOfSparseCoreCooTensors":
        return [(None,)] * (3 * count_attr(ctx, "num_sc_per_chip"))
    if op == "GetMinibatchSplitsWithPhysicalReplica":
        return [(None,)] * 3 + [(), (None,), (), ()]
    n = count_attr(ctx, "N")
    for key in ("sample_count_list", "col_offset_list"):
        if len(int_list(ctx.attr(key, []), key)) != n:
            raise ShapeError(f"attr '{key}' must have N = {n} entries")
    return [(None,)] * 4


def _round_up(x: int, k: int) -> int:
    return -(-x // k) * k


@shape_fn("GetMinibatchesInCsrWithPhysicalReplica", "ConvertToSparseCoreCsrWrappedCooTensor")
def minibatches_csr(ctx):
    a = {k: ctx.attr(k, 0) for k in ("max_minibatches_per_sc", "num_replica", "num_sc_per_chip",
                                      "max_ids_per_chip_per_sample")}
    if ctx.node.op == "GetMinibatchesInCsrWithPhysicalReplica":
        for i in range(ctx.n_inputs):
            check_rank(ctx.in_shape(i), 1, f"input {i}")
        ids = a["max_ids_per_chip_per_sample"] * ctx.attr("sample_count", 0)
    else:
        ids = (a["max_ids_per_chip_per_sample"] * ctx.attr("sample_count_per_sc", 0)
               * a["num_sc_per_chip"])
    rows = (a["num_sc_per_chip"] * a["max_minibatches_per_sc"]
            * _round_up(a["num_replica"] * a["num_sc_per_chip"], 8))
    return [(rows,)] + [(ids,)] * 3 + [()] * 3
