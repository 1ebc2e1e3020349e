"""Shape functions of the canned-estimator kernels TF 2.21 still registers: gradient-boosted trees
(BoostedTrees*), the SDCA linear optimizer, k-means initialisation and nearest centers,
word2vec's Skipgram/NegTrain, and the checkpoint-remapping ops of warm starts.

As in TensorFlow, most outputs are sized by attrs (max_splits, num_buckets, logits_dimension,
num_features...) and the inputs' ranks are checked; counts that depend on the data (how many
nodes split, how many quantile summary entries) are unknown dims.
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, check_rank_at_least, count_attr, dim_of, fmt, unify, unify_dim


def _scalars(ctx, *idx):
    for i in idx:
        check_rank(ctx.in_shape(i), 0, f"input {i}")


def _node_id_range(ctx):
    unify(ctx.in_shape(0), (2,), "node_id_range")


def _int(ctx, key):
    """An int attr (the OpDef's default when the node lacks it)."""
    v = ctx.attr(key)
    if not isinstance(v, int) or isinstance(v, bool):
        raise ShapeError(f"attr '{key}' must be an int, got {v!r}")
    return v


# --- resources and their state --------------------------------------------------------------------

@shape_fn("BoostedTreesEnsembleResourceHandleOp", "BoostedTreesQuantileStreamResourceHandleOp",
          "IsBoostedTreesEnsembleInitialized", "IsBoostedTreesQuantileStreamResourceInitialized",
          "BoostedTreesCenterBias")
def scalar_out(ctx):
    if ctx.node.op == "BoostedTreesCenterBias":
        g = ctx.in_shape(1)
        check_rank(g, 2, "mean_gradients")
        check_rank(ctx.in_shape(2), 2, "mean_hessians")
        unify(g, ctx.in_shape(2), "mean_gradients and mean_hessians")
        _scalars(ctx, 3, 4)
    elif ctx.n_inputs:
        _scalars(ctx, 0)
    return [()]


@shape_fn("BoostedTreesCreateEnsemble", "BoostedTreesDeserializeEnsemble",
          "BoostedTreesCreateQuantileStreamResource", "BoostedTreesQuantileStreamResourceFlush")
def no_outputs_scalars(ctx):
    _scalars(ctx, *range(ctx.n_inputs))
    return []


@shape_fn("BoostedTreesQuantileStreamResourceDeserialize")
def qs_deserialize(ctx):
    _scalars(ctx, 0, 1)
    return []


@shape_fn("BoostedTreesQuantileStreamResourceAddSummaries")
def qs_add_summaries(ctx):
    _scalars(ctx, 0)
    for i in range(1, count_attr(ctx, "num_features") + 1):
        check_rank(ctx.in_shape(i), 2, f"summaries {i - 1}")
    return []


@shape_fn("BoostedTreesGetEnsembleStates")
def ensemble_states(ctx):
    _scalars(ctx, 0)
    return [(), (), (), (), (2,)]


@shape_fn("BoostedTreesSerializeEnsemble")
def serialize(ctx):
    _scalars(ctx, 0)
    return [(), ()]


@shape_fn("BoostedTreesQuantileStreamResourceGetBucketBoundaries")
def bucket_boundaries(ctx):
    _scalars(ctx, 0)
    return [(None,)] * count_attr(ctx, "num_features")


@shape_fn("BoostedTreesFlushQuantileSummaries")
def flush_summaries(ctx):
    return [(None, 4)] * count_attr(ctx, "num_features")


@shape_fn("BoostedTreesMakeQuantileSummaries")
def make_summaries(ctx):
    n = count_attr(ctx, "num_features")
    check_rank(ctx.in_shape(n), 1, "example_weights")
    for i in range(n):
        check_rank(ctx.in_shape(i), 1, f"float_values {i}")
    check_rank(ctx.in_shape(n + 1), 0, "epsilon")
    return [(None, 4)] * n


@shape_fn("BoostedTreesBucketize")
def bucketize(ctx):
    n = count_attr(ctx, "num_features")
    first = dim_of(ctx.in_shape(0), 0) if n else None
    for i in range(n):
        s = ctx.in_shape(i)
        check_rank(s, 1, f"float_values {i}")
        unify_dim(dim_of(s, 0), first, "float_values lengths differ")
    return [(dim_of(ctx.in_shape(i), 0),) for i in range(n)]


# --- statistics and splits ---------------------------------------------------------------------

def _batch(ctx, ranks):
    """Check input ranks; merge dim 0 of the inputs listed in ``ranks`` (index -> rank)."""
    b = None
    for i, r in ranks.items():
        s = ctx.in_shape(i)
        check_rank(s, r, f"input {i}")
        b = unify_dim(b, dim_of(s, 0), "batch sizes differ")
    return b


def _stats_dim(ctx):
    g, h = ctx.in_shape(1), ctx.in_shape(2)
    a, b = dim_of(g, 1), dim_of(h, 1)
    return None if a is None or b is None else a + b


@shape_fn("BoostedTreesMakeStatsSummary")
def make_stats_summary(ctx):
    n = count_attr(ctx, "num_features")
    _batch(ctx, {0: 1, 1: 2})
    check_rank(ctx.in_shape(2), 2, "hessians")
    unify(ctx.in_shape(1), ctx.in_shape(2), "gradients and hessians")
    _batch(ctx, {0: 1, **{3 + f: 1 for f in range(n)}})
    return [(n, _int(ctx, "max_splits"), _int(ctx, "num_buckets"), 2)]


@shape_fn("BoostedTreesAggregateStats")
def aggregate_stats(ctx):
    _batch(ctx, {0: 1, 1: 2, 2: 2, 3: 2})
    feat = dim_of(ctx.in_shape(3), 1)
    # TF 2.21: one more bucket than num_buckets (the missing-value bucket)
    return [(_int(ctx, "max_splits"), feat, _int(ctx, "num_buckets") + 1, _stats_dim(ctx))]


@shape_fn("BoostedTreesSparseAggregateStats")
def sparse_aggregate_stats(ctx):
    _batch(ctx, {0: 1, 1: 2, 2: 2})
    check_rank(ctx.in_shape(3), 2, "feature_indices")
    check_rank(ctx.in_shape(4), 1, "feature_values")
    unify_dim(dim_of(ctx.in_shape(3), 0), dim_of(ctx.in_shape(4), 0),
              "feature_indices and feature_values rows differ")
    unify(ctx.in_shape(5), (2,), "feature_shape")
    return [(None, 4), (None,), (4,)]


@shape_fn("BoostedTreesCalculateBestGainsPerFeature")
def best_gains_per_feature(ctx):
    n = count_attr(ctx, "num_features")
    _node_id_range(ctx)
    base = unify(ctx.in_shape(1), (_int(ctx, "max_splits"), None, 2), "stats_summary_list 0")
    for i in range(1, n):
        unify(base, ctx.in_shape(1 + i), "stats_summary_list entries")
    _scalars(ctx, n + 1, n + 2, n + 3)
    return [(None,)] * (3 * n) + [(None, 1)] * (2 * n)


def _split_outputs(ctx, first_contrib):
    """Per split node: vectors, and the left and right contributions [?, logits_dimension]."""
    contrib = (None, _int(ctx, "logits_dimension"))
    return [(None,)] * first_contrib + [contrib, contrib, (None,)]


@shape_fn("BoostedTreesCalculateBestFeatureSplit")
def best_feature_split(ctx):
    _node_id_range(ctx)
    check_rank(ctx.in_shape(1), 4, "stats_summary")
    _scalars(ctx, 2, 3, 4, 5)
    return _split_outputs(ctx, 4)


@shape_fn("BoostedTreesSparseCalculateBestFeatureSplit")
def sparse_best_feature_split(ctx):
    _node_id_range(ctx)
    check_rank(ctx.in_shape(1), 2, "stats_summary_indices")
    check_rank(ctx.in_shape(2), 1, "stats_summary_values")
    check_rank(ctx.in_shape(3), 1, "stats_summary_shape")
    _scalars(ctx, 4, 5, 6, 7)
    return _split_outputs(ctx, 4)


@shape_fn("BoostedTreesCalculateBestFeatureSplitV2")
def best_feature_split_v2(ctx):
    n = count_attr(ctx, "num_features")
    _node_id_range(ctx)
    base = ctx.in_shape(1)
    for i in range(n):
        check_rank(ctx.in_shape(1 + i), 4, f"stats_summaries_list {i}")
        base = unify(base, ctx.in_shape(1 + i), "stats_summaries_list entries")
    check_rank(ctx.in_shape(n + 1), 1, "split_types")
    check_rank(ctx.in_shape(n + 2), 1, "candidate_feature_ids")
    _scalars(ctx, n + 3, n + 4, n + 5, n + 6)
    return _split_outputs(ctx, 5)


# --- prediction and ensemble updates ------------------------------------------------------------

def _features(ctx, first, n):
    """Bucketized features (rank ≤ 2) with one batch size; the last one's dim 0 sizes outputs."""
    batch = dim_of(ctx.in_shape(first), 0)
    last = None
    for i in range(first, first + n):
        s = ctx.in_shape(i)
        if s is not None and len(s) > 2:
            raise ShapeError(f"bucketized_features {i - first} {fmt(s)} has rank over 2")
        batch = unify_dim(batch, dim_of(s, 0), "bucketized features' batch sizes differ")
        last = s
    return None if not last else last[0]


@shape_fn("BoostedTreesPredict", "BoostedTreesExampleDebugOutputs")
def predict(ctx):
    b = _features(ctx, 1, count_attr(ctx, "num_bucketized_features"))
    if ctx.node.op == "BoostedTreesPredict":
        return [(b, _int(ctx, "logits_dimension"))]
    return [(b,)]


@shape_fn("BoostedTreesTrainingPredict")
def training_predict(ctx):
    b = _features(ctx, 3, count_attr(ctx, "num_bucketized_features"))
    check_rank(ctx.in_shape(1), 1, "cached_tree_ids")
    check_rank(ctx.in_shape(2), 1, "cached_node_ids")
    unify_dim(dim_of(ctx.in_shape(1), 0), dim_of(ctx.in_shape(2), 0),
              "cached_tree_ids and cached_node_ids differ")
    return [(b, _int(ctx, "logits_dimension")), (b,), (b,)]


@shape_fn("BoostedTreesUpdateEnsemble", "BoostedTreesUpdateEnsembleV2")
def update_ensemble(ctx):
    n = count_attr(ctx, "num_features")
    v2 = ctx.node.op == "BoostedTreesUpdateEnsembleV2"
    unify(ctx.in_shape(1), (None,) if v2 else (n,), "feature_ids")
    width = _int(ctx, "logits_dimension") if v2 else 1  # stripped: the OpDef default (1)
    base = 2 + n if v2 else 2  # node_ids
    for i in range(n):
        if v2:
            check_rank(ctx.in_shape(2 + i), 1, "dimension_ids")
        ids = ctx.in_shape(base + i)
        check_rank(ids, 1, "node_ids")
        k = dim_of(ids, 0)
        for j, rank in ((1, 1), (2, 1), (3, 2), (4, 2)) + (((5, 1),) if v2 else ()):
            want = (k,) if rank == 1 else (k, width)
            unify(ctx.in_shape(base + j * n + i), want, "split inputs")
    return []


# --- SDCA, clustering, word2vec, warm-start remapping --------------------------------------------

@shape_fn("SdcaFprint")
def sdca_fprint(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 1, "input")
    return [(dim_of(s, 0), 2)]


@shape_fn("SdcaOptimizer", "SdcaOptimizerV2")
def sdca_optimizer(ctx):
    ns, nv, nd = (count_attr(ctx, k) for k in ("num_sparse_features",
                                                "num_sparse_features_with_values",
                                                "num_dense_features"))
    weights = 2 * ns + nv + nd + 2 + ns  # sparse_weights start here
    return ([(None, 4)] + [ctx.in_shape(weights + i) for i in range(ns)]
            + [ctx.in_shape(weights + ns + i) for i in range(nd)])


@shape_fn("SdcaShrinkL1", "NegTrain")
def no_outputs(ctx):
    return []


@shape_fn("KMC2ChainInitialization")
def kmc2(ctx):
    return [()]


@shape_fn("KmeansPlusPlusInitialization")
def kmeans_pp(ctx):
    return [None]


@shape_fn("NearestNeighbors")
def nearest_neighbors(ctx):
    return [None, None]


@shape_fn("Skipgram")
def skipgram(ctx):
    return [None] * 7  # TF 2.21 registers the removed word2vec op with UnknownShape


@shape_fn("GenerateVocabRemapping")
def vocab_remapping(ctx):
    return [(_int(ctx, "num_new_vocab"),), ()]


@shape_fn("LoadAndRemapMatrix")
def load_and_remap(ctx):
    return [(_int(ctx, "num_rows"), _int(ctx, "num_cols"))]


# --- top-k and order statistics on rows (TPU helper ops) ----------------------------------------

@shape_fn("KthOrderStatistic")
def kth_order(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 2, "input")
    return [(dim_of(s, 0),)]


@shape_fn("TopKUnique", "TopKWithUnique")
def topk_unique(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 2, "input")
    out = (dim_of(s, 0), _int(ctx, "k"))
    return [out, out]


@shape_fn("IsotonicRegression")
def isotonic(ctx):
    s = check_rank_at_least(ctx.in_shape(0), 1, "input")
    return [s, s]
