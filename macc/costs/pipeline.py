"""Input-pipeline, parsing, string and ragged ops: no floating-point arithmetic, every column 0.

tf.data datasets and iterators move examples; parsing and decoding turn bytes into tensors (a
codec's internals are not tensor arithmetic, as for the image decoders); string ops split, cut and
join text; ragged ops rebuild index vectors and copy values (RaggedRange generates, like Range).
Their shape functions (macc.shapes.data, macc.shapes.text) size what comes after them.
"""

from __future__ import annotations

from ..shapes.data import DATASET_OPS
from .registry import add_zero_ops

add_zero_ops(
    *DATASET_OPS, "AnonymousIteratorV2", "MakeIterator", "DeleteIterator", "IteratorGetNext",
    "IteratorGetNextSync", "OptionalGetValue", "DatasetToSingleElement", "ReduceDataset",
    "InitializeTableFromDataset", "SaveDataset",
    # tf.Example parsing and raw / CSV decoding
    "ParseExample", "ParseExampleV2", "ParseSingleExample", "DecodeRaw", "DecodePaddedRaw",
    "DecodeCSV",
    # strings
    "StringSplit", "StringSplitV2", "Substr", "StringNGrams", "UnicodeDecode",
    "UnicodeDecodeWithOffsets",
    # ragged tensors: index vectors and copies
    "RaggedRange", "RaggedGather", "RaggedTensorToTensor", "RaggedTensorToSparse",
    "RaggedTensorToVariant", "RaggedTensorFromVariant",
)
