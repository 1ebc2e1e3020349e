"""Distributed, TPU and system ops: data movement between devices and hosts, handles, configs and
bookkeeping do no arithmetic on tensor values, so every column is truly 0 (shape functions in
macc/shapes/distributed.py and macc/shapes/system_ops.py). TensorFlow's profiler has no formula
for any of them: tf 0.

Not here (sized, reported unsupported: macc/costs/uncounted.py): the reducing collectives
(CollectiveReduce*, CollectiveReduceScatterV2, CrossReplicaSum, NcclAllReduce, NcclReduce,
DTensorAllReduce, DTensorReduceScatter): a reduction over a group of g devices does (g−1)·N(in)
merges, and g is a run-time value (a tensor, a group assignment, or the devices that join);
TPU programs and remote calls (TPUExecute*, TPUPartitionedCall, RemoteCall, RpcCall,
MlirPassthroughOp): the work is a compiled or remote function's; SparseCore id preprocessing
(sorting, deduplication, CSR packing) and CustomAggregator's histogram follow the values.
"""

from __future__ import annotations

from ..shapes.system_ops import LOADS, RETRIEVES
from .registry import add_zero_ops

add_zero_ops(
    # collectives that move data without combining it: broadcast, gather, all-to-all, permute
    "CollectiveBcastSend", "CollectiveBcastRecv", "CollectiveBcastSendV2", "CollectiveBcastRecvV2",
    "CollectiveGather", "CollectiveGatherV2", "CollectiveAllToAllV2", "CollectiveAllToAllV3",
    "CollectivePermute", "AllToAll", "NcclBroadcast", "CollectiveAssignGroupV2",
    "CollectiveInitializeCommunicator",
    # DTensor relayouts and copies between meshes
    "DTensorAllGather", "DTensorAllScatter", "DTensorAllToAll", "CopyToMesh", "CopyToMeshGrad",
    "Relayout", "RelayoutLike", "DTensorRestoreV2", "DTensorSetGlobalTPUArray",
    # TPU replication and partitioning (concatenating shards is a copy), compilation, markers
    "TPUReplicatedInput", "TPUReplicatedOutput", "TPUPartitionedInput", "TPUPartitionedInputV2",
    "TPUPartitionedOutput", "TPUPartitionedOutputV2", "TPUReplicateMetadata", "TPUCompile",
    "TPUCompilationResult", "TPUCompileSucceededAssert", "TPUOrdinalSelector", "TPURoundRobin",
    "TPUDummyInput", "TPUCopyWithDynamicShape", "TPUAnnotateTensorsWithDynamicShape",
    "TPUReshardVariables", "TpuHandleToProtoKey", "TPUEmbeddingActivations",
    "ReadVariableXlaSplitND", "AssignVariableXlaConcatND",
    # TPU system configuration, infeed and outfeed
    "ConfigureDistributedTPU", "ConfigureAndInitializeGlobalTPU", "ShutdownDistributedTPU",
    "ShutdownTPUSystem", "GetTpuTaskId", "UpdateTaskIdAndGlobalCoreArray", "InfeedDequeue",
    "InfeedDequeueTuple", "InfeedEnqueue", "InfeedEnqueueTuple", "InfeedEnqueuePrelinearizedBuffer",
    "Prelinearize", "PrelinearizeTuple", "OutfeedDequeue", "OutfeedDequeueTuple",
    "OutfeedDequeueV2", "OutfeedDequeueTupleV2", "OutfeedEnqueue", "OutfeedEnqueueTuple",
    # TPU embedding: configuration, enqueues, transfers, loading and retrieving tables
    "ConfigureTPUEmbedding", "ConfigureTPUEmbeddingHost", "ConfigureTPUEmbeddingMemory",
    "CollateTPUEmbeddingMemory", "ConnectTPUEmbeddingHosts", "FinalizeTPUEmbedding",
    "FinalizeTPUEmbeddingV2", "ExecuteTPUEmbeddingPartitioner", "IsTPUEmbeddingInitialized",
    "ComputeDedupDataSize", "ComputeDedupDataSizeV2", "ComputeDedupDataTupleMask",
    "ComputeDedupDataTupleMaskV2", "MergeDedupData", "SplitDedupData",
    "EnqueueTPUEmbeddingBatch", "EnqueueTPUEmbeddingIntegerBatch", "EnqueueTPUEmbeddingSparseBatch",
    "EnqueueTPUEmbeddingSparseTensorBatch", "EnqueueTPUEmbeddingRaggedTensorBatch",
    "EnqueueTPUEmbeddingArbitraryTensorBatch", "DynamicEnqueueTPUEmbeddingRaggedTensorBatch",
    "DynamicEnqueueTPUEmbeddingArbitraryTensorBatch", "RecvTPUEmbeddingActivations",
    "SendTPUEmbeddingGradients", "LoadAllTPUEmbeddingParameters",
    "RetrieveAllTPUEmbeddingParameters", *LOADS, *RETRIEVES, "StoreMinibatchStatisticsInFdo",
    # anonymous handles and their deleters, iterators, multi-device iterators
    "AnonymousIterator", "AnonymousMemoryCache", "AnonymousMultiDeviceIterator",
    "AnonymousMultiDeviceIteratorV3", "AnonymousMutableDenseHashTable",
    "AnonymousMutableHashTable", "AnonymousMutableHashTableOfTensors",
    "AnonymousRandomSeedGenerator", "AnonymousSeedGenerator", "DeleteMemoryCache",
    "DeleteMultiDeviceIterator", "DeleteRandomSeedGenerator", "DeleteRpcFutureResource",
    "DeleteSeedGenerator", "DeleteSessionTensor", "SerializeIterator", "DeserializeIterator",
    "IteratorGetDevice", "ExperimentalIteratorGetDevice", "IteratorGetModelProto",
    "MultiDeviceIterator", "MultiDeviceIteratorInit", "MultiDeviceIteratorGetNextFromShard",
    "MultiDeviceIteratorToStringHandle", "MultiDeviceIteratorFromStringHandle", "DistributedSave",
    "GlobalIterId",
    # mutexes, session tensors, RPC plumbing, stats aggregators, thread pools
    "MutexV2", "MutexLock", "ConsumeMutexLock", "GetSessionHandle", "GetSessionHandleV2",
    "GetSessionTensor", "RpcServer", "RpcServerRegister", "RpcServerStart", "RpcClient",
    "RpcCheckStatus", "RpcGetValue", "StatsAggregatorHandle", "StatsAggregatorHandleV2",
    "ExperimentalStatsAggregatorHandle", "StatsAggregatorSummary",
    "ExperimentalStatsAggregatorSummary", "StatsAggregatorSetSummaryWriter", "ThreadPoolHandle",
    "ExperimentalThreadPoolHandle",
    # the device, deadline, flags, configuration and markers
    "DeviceIndex", "GetDeadline", "IsTensorFloat32Enabled", "SyncDevice", "WorkerHeartbeat",
    "FileSystemSetConfiguration", "DisableCopyOnRead", "CheckPinned", "FakeParam",
    # writing calibration statistics and dumping tensors: I/O
    "CalibrationStatisticsSaver", "DumpTensor",
    # nudging equal values apart by their bits (TopK's helper), as XlaReducePrecision
    "MakeUnique",
)
