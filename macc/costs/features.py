"""Feature crosses, counts, sequence parsing and file I/O (TensorFlow's profiler counts them 0).

- SparseBincount / RaggedBincount, DenseCountSparseOutput / SparseCountSparseOutput /
  RaggedCountSparseOutput: as Bincount, one add (of 1 or of the weight) into a bin per input
  value: N(values) (values: input 1, but input 0 for DenseCountSparseOutput). ``binary_output``
  kernels store 1 instead of adding; counted alike, as Bincount's.
- NonMaxSuppressionWithOverlaps: the score threshold, one comparison per score, N(in1) (a lower
  bound, as the other NMS ops: the greedy loop over the given overlaps depends on the data).

Zero: the crosses (string concatenation and fingerprint hashing of feature values), splitting and
deserialising sparse tensors, RaggedFillEmptyRows (copies and a default fill), SequenceExample
parsing, tensor and proto (de)serialisation, file reads, writes and globbing, Fingerprint
(hashing), EncodeJpegVariableQuality (a codec), Timestamp, ToBool (a test of one element or of
the size), RefSelect (forwards the selected reference input).
"""

from __future__ import annotations

from .elementwise import elementwise
from .registry import Cost, N, add_zero_ops, register

add_zero_ops(
    # feature crosses and sparse bookkeeping
    "SparseCross", "SparseCrossHashed", "SparseCrossV2", "RaggedCross", "SparseSplit",
    "DeserializeSparse", "RaggedFillEmptyRows",
    # parsing, serialisation and files
    "ParseSequenceExample", "ParseSequenceExampleV2", "ParseSingleSequenceExample",
    "ParseTensor", "SerializeTensor", "DecodeJSONExample", "DecodeProtoV2", "EncodeProto",
    "ReadFile", "WriteFile", "MatchingFiles", "Fingerprint", "EncodeJpegVariableQuality",
    # clocks and truth tests; RefSelect forwards one of its reference inputs
    "Timestamp", "ToBool", "RefSelect",
)

elementwise("SparseBincount", "RaggedBincount", "SparseCountSparseOutput",
            "RaggedCountSparseOutput", on="in1")
elementwise("DenseCountSparseOutput", on="in0")


@register("NonMaxSuppressionWithOverlaps",
          flops="N(in1): the score threshold (a lower bound: the greedy loop depends on the data)",
          tf="0", maccs="0")
def nms_with_overlaps(ctx):
    n = N(ctx.inp(1))
    return Cost(n, 0, 0, "" if n is None else f"{n}")
