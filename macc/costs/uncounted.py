"""Ops macc sizes but does not count: their arithmetic depends on the values.

Each has a shape function (so the ops after it are counted as TF counts them) but no formula:
an eigen- or singular-value solver iterates until it converges, and a QR, LU or least-squares
kernel's work depends on pivoting and rank decisions. They keep the status "unsupported" —
reported by name and count, never a silent 0 — and are listed apart so that ``macc ops`` and the
docs can say why. TensorFlow's profiler counts them 0.
"""

from __future__ import annotations

UNCOUNTED_OPS = frozenset({
    "Qr", "Svd", "SelfAdjointEig", "SelfAdjointEigV2", "Eig", "Lu", "MatrixSolveLs",
    # a matrix square root goes through a Schur decomposition (iterative, like Eig)
    "MatrixSquareRoot",
    # sampling whose loops run until a draw is accepted (macc/costs/decoding.py says why)
    "RandomGamma", "RandomPoisson", "RandomPoissonV2", "ParameterizedTruncatedNormal",
    "SampleDistortedBoundingBox", "SampleDistortedBoundingBoxV2",
    "StatelessSampleDistortedBoundingBox",
    # region proposals: sorting by score, the pre-NMS top n and the NMS loop depend on the values
    "GenerateBoundingBoxProposals",
    # CTC: beam pruning, and a lattice over the labels' lengths (values)
    "CTCBeamSearchDecoder", "CTCLoss", "CTCLossV2",
    # stateless and Generator samplers with rejection loops (as RandomGamma above)
    "StatelessRandomGammaV2", "StatelessRandomGammaV3", "StatelessRandomBinomial",
    "StatelessParameterizedTruncatedNormal", "StatelessRandomPoisson", "StatefulRandomBinomial",
    # introselect (NthElement) and the Levenshtein lattice (EditDistance): their work depends on
    # the values and on the sparse sequences' lengths
    "NthElement", "EditDistance",
    # serving and Python: a batched function run on a runtime batch, a loop over a runtime
    # range whose body is not counted, arbitrary Python
    "BatchFunction", "For", "PyFunc", "PyFuncStateless", "EagerPyFunc",
    # training gradients and samplers whose work depends on the values: series and rejection
    # loops (IgammaGradA, RandomGammaGrad), pooling regions drawn at random (the fractional
    # pools' sequences), boxes reaching outside the image (CropAndResizeGradBoxes), the empty
    # rows of the data (SparseFillEmptyRowsGrad), samplers redrawing until candidates are unique
    "IgammaGradA", "RandomGammaGrad", "FractionalMaxPoolGrad", "FractionalAvgPoolGrad",
    "CropAndResizeGradBoxes", "SparseFillEmptyRowsGrad", "RaggedFillEmptyRowsGrad",
    "LogUniformCandidateSampler",
    "UniformCandidateSampler", "AllCandidateSampler", "FixedUnigramCandidateSampler",
    "LearnedUnigramCandidateSampler", "ThreadUnsafeUnigramCandidateSampler",
    # the gradient of a function: its work is that of the differentiated body, which a GraphDef
    # does not hold (not a call: the body that is there is the forward function)
    "SymbolicGradient",
    # gradient accumulators (SyncReplicasOptimizer): whether an applied gradient is added (stale
    # ones are dropped, the first is copied) and how many are averaged is decided at run time
    "AccumulatorApplyGradient", "ResourceAccumulatorApplyGradient",
    "SparseAccumulatorApplyGradient", "AccumulatorTakeGradient",
    "ResourceAccumulatorTakeGradient", "SparseAccumulatorTakeGradient",
    # XLA ops (macc/costs/xla.py): a called function's work (reducers, comparators, scatter
    # combiners, a StableHLO module, a compiled cluster, a host computation, XlaIf/XlaWhile
    # branches and bodies, which macc's call counting and inlining do not follow), iterative
    # solvers, custom kernels, cross-replica collectives (the replica count is a run-time value),
    # and the SparseCore embedding lookups and updates (their work follows the ids)
    "XlaReduce", "XlaVariadicReduce", "XlaVariadicReduceV2", "XlaReduceWindow",
    "XlaSelectAndScatter", "XlaScatter", "XlaSort", "XlaKeyValueSort", "XlaVariadicSort",
    "XlaSvd", "XlaSelfAdjointEig", "XlaCustomCall", "XlaCustomCallV2", "XlaCallModule",
    "XlaHostCompute", "XlaLaunch", "XlaLaunchV2", "XlaIf", "XlaWhile", "XlaAllReduce",
    "XlaReduceScatter", "XlaSparseDenseMatmul", "XlaSparseDenseMatmulWithCsrInput",
    "XlaSparseDenseMatmulWithStaticBufferSize", "XlaSparseDenseMatmulCustomCombinerOnTcWithCsrInput",
    "XlaSparseDenseMatmulGradWithCsrInput", "XlaSparseDenseMatmulGradWithSgdAndCsrInput",
    "XlaSparseDenseMatmulGradWithAdagradAndCsrInput",
    "XlaSparseDenseMatmulGradWithAdagradMomentumAndCsrInput",
    "XlaSparseDenseMatmulGradWithAdamAndCsrInput", "XlaSparseDenseMatmulGradWithFtrlAndCsrInput",
    "XlaSparseDenseMatmulGradWithSgdAndStaticBufferSize",
    "XlaSparseDenseMatmulGradWithAdagradAndStaticBufferSize",
    "XlaSparseDenseMatmulGradWithAdagradMomentumAndStaticBufferSize",
    "XlaSparseDenseMatmulGradWithAdamAndStaticBufferSize",
    "XlaSparseDenseMatmulGradWithFtrlAndStaticBufferSize",
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithCsrInput",
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithSgdAndCsrInput",
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdagradAndCsrInput",
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdagradMomentumAndCsrInput",
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdamAndCsrInput",
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithFtrlAndCsrInput",
    "XlaSparseCoreSgd", "XlaSparseCoreAdagrad", "XlaSparseCoreAdagradMomentum", "XlaSparseCoreAdam",
    "XlaSparseCoreFtrl",
    # CSR sparse matrices (macc/costs/csr.py): the work follows the stored entries, a run-time
    # value inside the variant
    "SparseMatrixAdd", "SparseMatrixMatMul", "SparseMatrixMul", "SparseMatrixSoftmax",
    "SparseMatrixSoftmaxGrad", "SparseMatrixSparseMatMul", "SparseMatrixSparseCholesky",
    "SparseMatrixOrderingAMD",
    # the legacy Batch* aliases of uncounted ops (macc/costs/leftovers.py)
    "BatchSelfAdjointEig", "BatchSelfAdjointEigV2", "BatchSvd", "BatchMatrixSolveLs",
    # gradient-boosted trees: tree walks, split searches and ensemble growth follow the
    # features' bucket values and node ids; quantile summaries keep as many entries as the data
    # needs; statistics accumulate only the examples in the node range (values)
    "BoostedTreesPredict", "BoostedTreesTrainingPredict", "BoostedTreesExampleDebugOutputs",
    "BoostedTreesCalculateBestGainsPerFeature", "BoostedTreesCalculateBestFeatureSplit",
    "BoostedTreesCalculateBestFeatureSplitV2", "BoostedTreesSparseCalculateBestFeatureSplit",
    "BoostedTreesUpdateEnsemble", "BoostedTreesUpdateEnsembleV2", "BoostedTreesCenterBias",
    "BoostedTreesMakeQuantileSummaries", "BoostedTreesFlushQuantileSummaries",
    "BoostedTreesQuantileStreamResourceAddSummaries", "BoostedTreesQuantileStreamResourceFlush",
    "BoostedTreesMakeStatsSummary", "BoostedTreesAggregateStats",
    "BoostedTreesSparseAggregateStats",
    # SDCA (dual coordinate ascent over the sparse features' entries, a run-time count)
    "SdcaOptimizer", "SdcaOptimizerV2",
    # sampling and selection whose work depends on the values: k-means++ and k-MC² seeding,
    # nearest centers with a run-time k, word2vec's skip-gram reader and negative sampling,
    # isotonic regression (pooling adjacent violators), order statistics and unique top-k
    "KMC2ChainInitialization", "KmeansPlusPlusInitialization", "NearestNeighbors", "Skipgram",
    "NegTrain", "IsotonicRegression", "KthOrderStatistic", "TopKUnique", "TopKWithUnique",
    # a function mapped over a run-time batch (its body is not followed)
    "MapDefun",
    # distributed and TPU ops (macc/costs/distributed.py): reducing collectives, whose merges
    # ((g−1)·N(in) for g devices) depend on the group size, a run-time value (a tensor, a group
    # assignment, the devices that join); TPU programs, remote and RPC calls and MLIR modules,
    # whose work is a compiled or remote function's (TPUPartitionedCall's body is a TPU
    # computation with a device-ordinal input macc's call counting does not follow); SparseCore
    # id preprocessing (sorting, deduplicating, packing into CSR minibatches: it follows the ids)
    # and CustomAggregator's calibration histogram (its bins follow the values)
    "CollectiveReduce", "CollectiveReduceV2", "CollectiveReduceV3", "CollectiveReduceScatterV2",
    "CrossReplicaSum", "NcclAllReduce", "NcclReduce", "DTensorAllReduce", "DTensorReduceScatter",
    "TPUExecute", "TPUExecuteAndUpdateVariables", "TPUPartitionedCall", "RemoteCall", "RpcCall",
    "MlirPassthroughOp", "ConvertToCooTensor", "ConvertToListOfSparseCoreCooTensors",
    "SortListOfSparseCoreCooTensors", "GetStatsFromListOfSparseCoreCooTensors",
    "GetMinibatchSplitsWithPhysicalReplica", "GetMinibatchesInCsrWithPhysicalReplica",
    "ConvertToSparseCoreCsrWrappedCooTensor", "CustomAggregator",
})
