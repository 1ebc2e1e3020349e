"""Shape functions of TF1's input queues, readers and summaries (data_flow_ops, io_ops,
logging_ops and summary_ops in TF 2.21).

A v1 queue or reader is a reference to a two-element string vector ([2]); a V2 one a scalar
resource. A dequeue's components are shaped by the queue's handle data in TF, and no queue op
records any: TF 2.21's import leaves every dequeued component of unknown rank, even when the
queue's ``shapes`` attr fixes them (the Python graph builder sets them on its own tensors, which a
GraphDef does not keep). So does macc: what follows a dequeue is sized only where an
``_output_shapes`` attr or a reshape fixes it again. A summary is a scalar string; the TF2
summary-writer ops output nothing but the writer handle.
"""

from __future__ import annotations

from .registry import shape_fn
from .util import check_rank, count_attr

V1_HANDLES = ("FIFOQueue", "PaddingFIFOQueue", "RandomShuffleQueue", "PriorityQueue", "FakeQueue",
              "TFRecordReader", "TextLineReader", "FixedLengthRecordReader", "WholeFileReader",
              "IdentityReader", "LMDBReader")
V2_HANDLES = ("FIFOQueueV2", "PaddingFIFOQueueV2", "RandomShuffleQueueV2", "PriorityQueueV2",
              "TFRecordReaderV2", "TextLineReaderV2", "FixedLengthRecordReaderV2",
              "WholeFileReaderV2", "IdentityReaderV2", "SummaryWriter")


@shape_fn(*V1_HANDLES)
def ref_handle(ctx):
    return [(2,)]


@shape_fn(*V2_HANDLES)
def resource_handle(ctx):
    return [()]


def v1_handle(ctx, i):
    """TF's check of a v1 handle input: a vector of 2 (a string reference)."""
    s = ctx.in_shape(i)
    check_rank(s, 1, f"input {i} (a v1 handle)")
    if s is not None and s[0] is not None and s[0] != 2:
        raise ctx.error(f"input {i} (a v1 handle) has {s[0]} elements, expected 2")


@shape_fn("QueueClose", "ReaderReset")
def v1_close(ctx):
    v1_handle(ctx, 0)
    return []


@shape_fn("ReaderRestoreState", "ReaderRestoreStateV2")
def restore_state(ctx):
    if ctx.node.op == "ReaderRestoreState":
        v1_handle(ctx, 0)
    check_rank(ctx.in_shape(1), 0, "state")
    return []


@shape_fn("QueueEnqueue", "QueueEnqueueV2", "QueueEnqueueMany", "QueueEnqueueManyV2",
          "QueueCloseV2", "ReaderResetV2", "CreateSummaryFileWriter", "CreateSummaryDbWriter",
          "FlushSummaryWriter", "CloseSummaryWriter", "WriteSummary", "WriteScalarSummary",
          "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary", "WriteGraphSummary",
          "WriteRawProtoSummary", "ImportEvent")
def no_outputs(ctx):
    return []


@shape_fn("QueueDequeue", "QueueDequeueV2", "QueueDequeueMany", "QueueDequeueManyV2",
          "QueueDequeueUpTo", "QueueDequeueUpToV2")
def dequeue(ctx):
    """One output per component type, of unknown rank (no handle data reaches a dequeue); TF
    checks only that a constant ``n`` of QueueDequeueManyV2 is not negative."""
    if ctx.node.op == "QueueDequeueManyV2":
        n = ctx.in_value(1)
        if n is not None and n.size == 1 and int(n.reshape(-1)[0]) < 0:
            raise ctx.error(f"input 'n' must be >= 0, but is {int(n.reshape(-1)[0])}")
    return [None] * count_attr(ctx, "component_types")


@shape_fn("QueueSize", "ReaderNumRecordsProduced",
          "ReaderNumWorkUnitsCompleted", "ReaderSerializeState")
def v1_scalar_query(ctx):
    v1_handle(ctx, 0)
    return [()]


@shape_fn("QueueSizeV2")
def queue_size_v2(ctx):
    return [ctx.in_shape(0)]  # TF 2.21: the handle's shape, unchanged


@shape_fn("QueueIsClosed", "QueueIsClosedV2", "ReaderNumRecordsProducedV2",
          "ReaderNumWorkUnitsCompletedV2", "ReaderSerializeStateV2")
def scalar_query(ctx):
    return [()]


@shape_fn("ReaderRead")
def reader_read_v1(ctx):
    v1_handle(ctx, 0)
    v1_handle(ctx, 1)
    return [(), ()]


@shape_fn("ReaderReadV2")
def reader_read(ctx):
    check_rank(ctx.in_shape(0), 0, "reader_handle")
    check_rank(ctx.in_shape(1), 0, "queue_handle")
    return [(), ()]


@shape_fn("ReaderReadUpTo", "ReaderReadUpToV2")
def reader_read_up_to(ctx):
    if ctx.node.op == "ReaderReadUpTo":
        v1_handle(ctx, 0)
        v1_handle(ctx, 1)
    check_rank(ctx.in_shape(2), 0, "num_records")
    return [(None,), (None,)]


@shape_fn("ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummary", "AudioSummaryV2",
          "TensorSummary", "TensorSummaryV2", "MergeSummary")
def summary(ctx):
    return [()]
