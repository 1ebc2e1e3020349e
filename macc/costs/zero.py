"""Ops that do no arithmetic on data: every column is truly 0 (data movement, shape queries,
control flow). Kept apart from unsupported ops, which are reported by name, never silently 0.

Contested members (reasons in docs/conventions.md): Cast (a conversion, not arithmetic), Select /
SelectV2 (the predicate is computed, and counted, by its own comparison op), Pad / MirrorPad (copies
and constant fills), OneHot (writes on/off values), Range and Fill (generate, no input data),
ResizeNearestNeighbor (index arithmetic only), Where (index extraction), LinSpace (generated like
Range), Unique/ListDiff (hashing), Complex/Real/Imag (assembling or splitting complex numbers),
decoders (a codec's internal arithmetic is not tensor arithmetic).
"""

from __future__ import annotations

from .registry import add_zero_ops

add_zero_ops(
    # reshaping and reordering
    "Reshape", "Squeeze", "ExpandDims", "Transpose", "ConjugateTranspose", "InvertPermutation",
    "Reverse", "ReverseV2", "DepthToSpace", "SpaceToDepth", "SpaceToBatchND", "BatchToSpaceND",
    "SpaceToBatch", "BatchToSpace",
    # joining and splitting
    "ConcatV2", "Concat", "ConcatOffset", "Pack", "Unpack", "Split", "SplitV", "Tile",
    "BroadcastTo", "Pad", "PadV2", "MirrorPad",
    # slicing and gathering
    "StridedSlice", "Slice", "GatherV2", "Gather", "GatherNd", "ResourceGather", "Where",
    # shape queries
    "Shape", "ShapeN", "Size", "Rank", "BroadcastArgs", "BroadcastGradientArgs",
    # generated tensors and conversions
    "Fill", "ZerosLike", "OnesLike", "Range", "OneHot", "Cast", "Bitcast",
    # selection on an already computed predicate; nearest-neighbour resampling
    "Select", "SelectV2", "ResizeNearestNeighbor",
    # v1 control flow (TF visits each once and counts 0)
    "Switch", "RefSwitch", "_SwitchN", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit",
    "NextIteration", "RefNextIteration", "LoopCond", "ControlTrigger",
    # tensor containers (RNN state and loop outputs): storing and reading tensors, no arithmetic
    "EmptyTensorList", "TensorListReserve", "TensorListFromTensor", "TensorListSetItem",
    "TensorListGetItem", "TensorListStack", "TensorListPushBack", "TensorListPopBack",
    "TensorListLength", "TensorListElementShape", "TensorListGather", "TensorListScatter",
    "TensorListScatterV2", "TensorListScatterIntoExistingList", "TensorListConcatV2",
    "TensorListConcat",
    "TensorListSplit", "TensorListResize",
    "TensorArrayV3", "TensorArrayReadV3", "TensorArrayWriteV3", "TensorArrayGatherV3",
    "TensorArrayScatterV3", "TensorArrayConcatV3", "TensorArraySplitV3", "TensorArraySizeV3",
    "TensorArrayCloseV3", "TensorArrayGradV3",
    "StackV2", "StackPushV2", "StackPopV2", "StackCloseV2",
)

add_zero_ops(
    # diagonals and bands: copying elements in or out of a matrix's diagonals, zero fills
    "Diag", "DiagPart", "MatrixDiag", "MatrixDiagV2", "MatrixDiagV3", "MatrixDiagPart",
    "MatrixDiagPartV2", "MatrixDiagPartV3", "MatrixSetDiag", "MatrixSetDiagV2", "MatrixSetDiagV3",
    "MatrixBandPart", "BatchMatrixBandPart",
    # reordering, partitioning and patching: copies selected by indices or data
    "ReverseSequence", "Roll", "DynamicPartition", "DynamicStitch", "ParallelDynamicStitch",
    "SparseToDense", "ExtractImagePatches", "ResourceGatherNd",
    # slice assignment and its gradient, overwriting scatters: copies, nothing combined
    "StridedSliceAssign", "ResourceStridedSliceAssign", "StridedSliceGrad",
    "TensorStridedSliceUpdate", "ScatterUpdate", "ResourceScatterUpdate", "ScatterNdUpdate",
    "ResourceScatterNdUpdate", "TensorScatterUpdate",
    # generated tensors (no input data, as Range and Fill) and shape queries
    "Empty", "LinSpace", "VariableShape",
    # complex numbers assembled from or split into their parts
    "Complex", "Real", "Imag",
    # deduplication and set difference by hashing: no arithmetic producing values
    "Unique", "UniqueV2", "UniqueWithCounts", "ListDiff",
    # checks and aborts
    "CheckNumericsV2", "Abort",
    # strings, hashing and decoding: no tensor arithmetic (a codec's internals are not counted)
    "AsString", "StringToNumber", "StringLength", "StringLower", "StringUpper", "StringStrip",
    "StringToHashBucket", "StringToHashBucketFast", "StringToHashBucketStrong", "RegexFullMatch",
    "RegexReplace", "StaticRegexFullMatch", "StaticRegexReplace", "DecodeBase64", "EncodeBase64",
    "DecodeJpeg", "DecodePng", "DecodeBmp", "StringFormat", "ShardedFilespec",
    # lookup tables (tf.lookup, Keras StringLookup/IntegerLookup): hashing and copying entries
    "HashTableV2", "AnonymousHashTable", "HashTable", "MutableHashTable",
    "MutableHashTableOfTensors", "MutableDenseHashTable", "MutableHashTableV2",
    "MutableHashTableOfTensorsV2", "MutableDenseHashTableV2", "LookupTableFindV2",
    "LookupTableFind", "LookupTableExportV2", "LookupTableExport", "LookupTableSizeV2",
    "LookupTableSize", "LookupTableInsertV2", "LookupTableInsert", "LookupTableRemoveV2",
    "LookupTableImportV2", "LookupTableImport", "InitializeTableV2", "InitializeTable",
    "InitializeTableFromTextFileV2", "InitializeTableFromTextFile",
)
