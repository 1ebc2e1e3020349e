"""Shape functions of the input pipeline: tf.data datasets and iterators, tf.Example parsing and
raw/CSV decoding, as a TF1 Estimator or TF-Serving graph holds them.

A dataset or iterator is a scalar handle (a variant or resource). What sizes the graph after it
is IteratorGetNext's ``output_shapes`` attr (OptionalGetValue's likewise). Parsing sizes its dense
outputs as the serialized input's shape followed by each ``dense_shapes`` entry; its sparse
outputs are indices [?, rank], values [?] and dense shape [rank], rank = the input's + 1.
"""

from __future__ import annotations

from .. import dtypes
from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, count_attr

DATASET_OPS = (
    "TensorDataset", "TensorSliceDataset", "RangeDataset", "RepeatDataset", "ShuffleDataset",
    "ShuffleDatasetV2", "ShuffleDatasetV3", "ShuffleAndRepeatDataset", "ShuffleAndRepeatDatasetV2",
    "BatchDataset", "BatchDatasetV2", "PaddedBatchDataset", "PaddedBatchDatasetV2",
    "UnbatchDataset", "MapDataset", "ParallelMapDataset", "ParallelMapDatasetV2",
    "MapAndBatchDataset", "FilterDataset", "FlatMapDataset", "InterleaveDataset",
    "ParallelInterleaveDatasetV2", "ParallelInterleaveDatasetV3", "ParallelInterleaveDatasetV4",
    "PrefetchDataset", "TakeDataset", "SkipDataset", "CacheDataset", "CacheDatasetV2",
    "ConcatenateDataset", "ZipDataset", "ShardDataset", "OptionsDataset", "ModelDataset",
    "MaxIntraOpParallelismDataset", "PrivateThreadPoolDataset", "TextLineDataset",
    "TFRecordDataset", "TFRecordDatasetV2", "FixedLengthRecordDataset",
    "FixedLengthRecordDatasetV2", "GeneratorDataset", "SparseTensorSliceDataset",
    "WindowDataset", "ScanDataset", "AssertCardinalityDataset", "DummySeedGenerator",
    # the other dataset kernels TF 2.21 registers (experimental, service, snapshot, stats...): each
    # one variant output, a scalar handle (RegisterDataset(V2): a scalar id)
    "AssertNextDataset", "AssertPrevDataset", "AutoShardDataset", "BytesProducedStatsDataset",
    "CSVDataset", "CSVDatasetV2", "ChooseFastestBranchDataset", "ChooseFastestDataset",
    "DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3", "DataServiceDatasetV4",
    "DenseToSparseBatchDataset", "DirectedInterleaveDataset", "ExperimentalAssertNextDataset",
    "ExperimentalAutoShardDataset", "ExperimentalBytesProducedStatsDataset",
    "ExperimentalCSVDataset", "ExperimentalChooseFastestDataset",
    "ExperimentalDenseToSparseBatchDataset", "ExperimentalDirectedInterleaveDataset",
    "ExperimentalGroupByReducerDataset", "ExperimentalGroupByWindowDataset",
    "ExperimentalIgnoreErrorsDataset", "ExperimentalLMDBDataset",
    "ExperimentalLatencyStatsDataset", "ExperimentalMapAndBatchDataset", "ExperimentalMapDataset",
    "ExperimentalMatchingFilesDataset", "ExperimentalMaxIntraOpParallelismDataset",
    "ExperimentalNonSerializableDataset", "ExperimentalParallelInterleaveDataset",
    "ExperimentalParseExampleDataset", "ExperimentalPrivateThreadPoolDataset",
    "ExperimentalRandomDataset", "ExperimentalRebatchDataset", "ExperimentalScanDataset",
    "ExperimentalSetStatsAggregatorDataset", "ExperimentalSleepDataset",
    "ExperimentalSlidingWindowDataset", "ExperimentalSqlDataset", "ExperimentalTakeWhileDataset",
    "ExperimentalThreadPoolDataset", "ExperimentalUnbatchDataset", "ExperimentalUniqueDataset",
    "FilterByLastComponentDataset", "FinalizeDataset", "GlobalShuffleDataset",
    "GroupByReducerDataset", "GroupByWindowDataset", "IgnoreErrorsDataset", "IndexFlatMapDataset",
    "LMDBDataset", "LatencyStatsDataset", "LegacyParallelInterleaveDatasetV2", "ListDataset",
    "ListSnapshotChunksDataset", "LoadDataset", "MatchingFilesDataset", "NonSerializableDataset",
    "OptimizeDataset", "OptimizeDatasetV2", "ParallelBatchDataset", "ParallelFilterDataset",
    "ParallelInterleaveDataset", "ParseExampleDataset", "ParseExampleDatasetV2", "RandomDataset",
    "RandomDatasetV2", "RebatchDataset", "RebatchDatasetV2", "RegisterDataset",
    "RegisterDatasetV2", "RewriteDataset", "SamplingDataset", "SaveDatasetV2",
    "SetStatsAggregatorDataset", "SleepDataset", "SlidingWindowDataset", "SnapshotChunkDataset",
    "SnapshotDataset", "SnapshotDatasetV2", "SqlDataset", "TakeWhileDataset", "ThreadPoolDataset",
    "UniqueDataset", "WeightedFlatMapDataset",
    # iterators, their string handles, optionals: scalar handles
    "Iterator", "IteratorV2", "OneShotIterator", "AnonymousIteratorV3", "IteratorFromStringHandle",
    "IteratorFromStringHandleV2", "IteratorToStringHandle", "IteratorGetNextAsOptional",
    "OptionalFromValue", "OptionalNone", "OptionalHasValue", "DatasetCardinality",
)


@shape_fn(*DATASET_OPS)
def scalar_handle(ctx):
    return [()]


@shape_fn("AnonymousIteratorV2")
def anonymous_iterator_v2(ctx):
    return [(), ()]  # the iterator and its deleter


@shape_fn("MakeIterator", "DeleteIterator")
def make_iterator(ctx):
    return []


@shape_fn("IteratorGetNext", "IteratorGetNextSync", "OptionalGetValue", "DatasetToSingleElement",
          "ReduceDataset")
def explicit_shapes(ctx):
    """The ``output_shapes`` attr, one shape per component (None entries: unknown rank)."""
    shapes = ctx.attr("output_shapes")
    if not isinstance(shapes, list) or not shapes:
        raise ShapeError("attr 'output_shapes' is missing or empty")
    return [None if s is None else tuple(s) for s in shapes]


# --- tf.Example parsing ------------------------------------------------------------------------

def _sparse_outputs(n, rank):
    return [(None, rank)] * n + [(None,)] * n + [(rank,)] * n


def _dense_outputs(prefix, dense_shapes):
    out = []
    for s in dense_shapes:
        out.append(None if prefix is None or s is None else tuple(prefix) + tuple(s))
    return out


def _shape_list(ctx, key):
    shapes = ctx.attr(key, [])
    if not isinstance(shapes, list):
        raise ShapeError(f"attr '{key}' must be a list of shapes")
    return shapes


@shape_fn("ParseExample")
def parse_example(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 1, "serialized")
    check_rank(ctx.in_shape(1), 1, "names")
    n = count_attr(ctx, "Nsparse", "sparse features")
    return _sparse_outputs(n, 2) + _dense_outputs(s, _shape_list(ctx, "dense_shapes"))


@shape_fn("ParseExampleV2")
def parse_example_v2(ctx):
    s = ctx.in_shape(0)
    if s is not None and len(s) > 1:
        raise ShapeError(f"serialized has rank {len(s)}, expected at most 1")
    names = ctx.in_shape(1)
    if names is not None and len(names) > 1:
        raise ShapeError(f"names has rank {len(names)}, expected at most 1")
    rank = None if s is None else len(s) + 1
    n = count_attr(ctx, "num_sparse", "sparse features")
    n_ragged = len(ctx.attr("ragged_value_types", []) or [])
    out = _sparse_outputs(n, rank) + _dense_outputs(s, _shape_list(ctx, "dense_shapes"))
    # ragged features: values [?], row splits [batch + 1] (a scalar input: one example)
    if s is None:
        splits = None
    else:
        batch = s[0] if s else 1
        splits = None if batch is None else batch + 1
    return out + [(None,)] * n_ragged + [(splits,)] * n_ragged


@shape_fn("ParseSingleExample")
def parse_single_example(ctx):
    check_rank(ctx.in_shape(0), 0, "serialized")
    n = count_attr(ctx, "num_sparse", "sparse features")
    return _sparse_outputs(n, 1) + _dense_outputs((), _shape_list(ctx, "dense_shapes"))


# --- decoding ----------------------------------------------------------------------------------

@shape_fn("DecodeRaw")
def decode_raw(ctx):
    s = ctx.in_shape(0)
    return [None if s is None else tuple(s) + (None,)]  # the last dim depends on the bytes


@shape_fn("DecodePaddedRaw")
def decode_padded_raw(ctx):
    s = ctx.in_shape(0)
    check_rank(ctx.in_shape(1), 0, "fixed_length")
    val = ctx.in_value(1)
    width = None
    if val is not None:
        length = int(val.reshape(-1)[0])
        if length < 0:
            raise ShapeError(f"fixed_length is {length}, expected a non-negative value")
        size = dtypes.itemsize(ctx.attr("out_type", dtypes.DT_FLOAT))
        if not size:
            raise ShapeError("out_type has no fixed size")
        if length % size:
            raise ShapeError(f"fixed_length {length} is not a multiple of the out_type's size "
                             f"{size}")
        width = length // size
    return [None if s is None else tuple(s) + (width,)]


@shape_fn("DecodeCSV")
def decode_csv(ctx):
    for i in range(1, ctx.n_inputs):
        d = ctx.in_shape(i)
        if d is not None and (len(d) > 1 or (len(d) == 1 and d[0] is not None and d[0] > 1)):
            raise ShapeError(f"record_defaults {i - 1} must be a scalar or a one-element vector")
    types = ctx.attr("OUT_TYPE", [])
    n = len(types) if isinstance(types, list) else 0
    return [ctx.in_shape(0)] * n


@shape_fn("InitializeTableFromDataset", "SaveDataset")
def dataset_sink(ctx):
    return []  # fills a table / writes the dataset out: no outputs
