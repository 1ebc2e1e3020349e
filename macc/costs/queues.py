"""Queues, readers, summaries and the containers that hold tensors between steps: they move,
store or log data and do no arithmetic on it, so every column is truly 0 (the shape functions
are in macc/shapes/queues.py and macc/shapes/staging.py).

Not here: the gradient accumulators' ApplyGradient and TakeGradient (SyncReplicasOptimizer) add
and average gradients, but whether a gradient is added (a stale one is dropped, the first one is
copied) and how many are averaged are decided at run time, and the averaged tensor's shape is
unknown in TF: they are sized but not counted (macc/costs/uncounted.py).
"""

from __future__ import annotations

from .registry import add_zero_ops

add_zero_ops(
    # queues
    "FIFOQueue", "FIFOQueueV2", "PaddingFIFOQueue", "PaddingFIFOQueueV2", "RandomShuffleQueue",
    "RandomShuffleQueueV2", "PriorityQueue", "PriorityQueueV2", "FakeQueue", "QueueEnqueue",
    "QueueEnqueueV2", "QueueEnqueueMany", "QueueEnqueueManyV2", "QueueDequeue", "QueueDequeueV2",
    "QueueDequeueMany", "QueueDequeueManyV2", "QueueDequeueUpTo", "QueueDequeueUpToV2",
    "QueueClose", "QueueCloseV2", "QueueSize", "QueueSizeV2", "QueueIsClosed", "QueueIsClosedV2",
    # readers
    "TFRecordReader", "TFRecordReaderV2", "TextLineReader", "TextLineReaderV2",
    "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "WholeFileReader",
    "WholeFileReaderV2", "IdentityReader", "IdentityReaderV2", "LMDBReader", "ReaderRead",
    "ReaderReadV2", "ReaderReadUpTo", "ReaderReadUpToV2", "ReaderNumRecordsProduced",
    "ReaderNumRecordsProducedV2", "ReaderNumWorkUnitsCompleted", "ReaderNumWorkUnitsCompletedV2",
    "ReaderReset", "ReaderResetV2", "ReaderRestoreState", "ReaderRestoreStateV2",
    "ReaderSerializeState", "ReaderSerializeStateV2",
    # summaries (a histogram's bucketing is logging, not tensor arithmetic) and summary writers
    "ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummary", "AudioSummaryV2",
    "TensorSummary", "TensorSummaryV2", "MergeSummary", "SummaryWriter",
    "CreateSummaryFileWriter", "CreateSummaryDbWriter", "FlushSummaryWriter",
    "CloseSummaryWriter", "WriteSummary", "WriteScalarSummary", "WriteHistogramSummary",
    "WriteImageSummary", "WriteAudioSummary", "WriteGraphSummary", "WriteRawProtoSummary",
    "ImportEvent",
    # staging areas and maps
    "Stage", "Unstage", "StagePeek", "StageSize", "StageClear", "MapStage", "MapUnstage",
    "MapUnstageNoKey", "MapPeek", "MapSize", "MapIncompleteSize", "MapClear", "OrderedMapStage",
    "OrderedMapUnstage", "OrderedMapUnstageNoKey", "OrderedMapPeek", "OrderedMapSize",
    "OrderedMapIncompleteSize", "OrderedMapClear",
    # barriers, accumulators' handles and bookkeeping
    "Barrier", "BarrierInsertMany", "BarrierTakeMany", "BarrierClose", "BarrierReadySize",
    "BarrierIncompleteSize", "ConditionalAccumulator", "SparseConditionalAccumulator",
    "ResourceConditionalAccumulator", "AccumulatorNumAccumulated",
    "ResourceAccumulatorNumAccumulated", "AccumulatorSetGlobalStep",
    "ResourceAccumulatorSetGlobalStep",
    # the sparse-tensors map and TensorMap
    "AddSparseToTensorsMap", "AddManySparseToTensorsMap", "TakeManySparseFromTensorsMap",
    "EmptyTensorMap", "TensorMapInsert", "TensorMapLookup", "TensorMapErase", "TensorMapHasKey",
    "TensorMapSize", "TensorMapStackKeys",
    # a partitioned graph's transfers
    "Send", "Recv", "_Send", "_Recv", "_HostSend", "_HostRecv",
)
