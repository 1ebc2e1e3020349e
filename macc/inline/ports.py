"""Where ``"node:output_arg:index"`` (a FunctionDef body's tensor reference) lands as a flat port.

A flat port counts the tensors of every output arg before ``output_arg`` plus ``index``. Most ops
have one output arg, so the port is just ``index``; the table below lists the output args of the
common ops that have several (each one a single tensor). An op that is not in the table and is
referenced through two different output args has an unknown layout: that is an error, never a
guess.
"""

from __future__ import annotations

# op type -> its output args, in order (each a single tensor)
MULTI_OUTPUT_ARGS: dict[str, tuple[str, ...]] = {
    "FusedBatchNorm": ("y", "batch_mean", "batch_variance", "reserve_space_1",
                       "reserve_space_2"),
    "FusedBatchNormV2": ("y", "batch_mean", "batch_variance", "reserve_space_1",
                         "reserve_space_2"),
    "FusedBatchNormV3": ("y", "batch_mean", "batch_variance", "reserve_space_1",
                         "reserve_space_2", "reserve_space_3"),
    "_FusedBatchNormEx": ("y", "batch_mean", "batch_variance", "reserve_space_1",
                          "reserve_space_2", "reserve_space_3"),
    "FusedBatchNormGrad": ("x_backprop", "scale_backprop", "offset_backprop",
                           "reserve_space_3", "reserve_space_4"),
    "FusedBatchNormGradV2": ("x_backprop", "scale_backprop", "offset_backprop",
                             "reserve_space_3", "reserve_space_4"),
    "FusedBatchNormGradV3": ("x_backprop", "scale_backprop", "offset_backprop",
                             "reserve_space_4", "reserve_space_5"),
    "Switch": ("output_false", "output_true"),
    "RefSwitch": ("output_false", "output_true"),
    "Merge": ("output", "value_index"),
    "RefMerge": ("output", "value_index"),
    "Unique": ("y", "idx"),
    "UniqueV2": ("y", "idx"),
    "UniqueWithCounts": ("y", "idx", "count"),
    "UniqueWithCountsV2": ("y", "idx", "count"),
    "ListDiff": ("out", "idx"),
    "TopK": ("values", "indices"),
    "TopKV2": ("values", "indices"),
    "MaxPoolWithArgmax": ("output", "argmax"),
    "BroadcastGradientArgs": ("r0", "r1"),
    "Svd": ("s", "u", "v"),
    "Qr": ("q", "r"),
    "SelfAdjointEigV2": ("e", "v"),
    "NonMaxSuppressionV4": ("selected_indices", "valid_outputs"),
    "NonMaxSuppressionV5": ("selected_indices", "selected_scores", "valid_outputs"),
    "QuantizeV2": ("output", "output_min", "output_max"),
    "StatelessRandomGetKeyCounter": ("key", "counter"),
    "StatelessRandomGetKeyCounterAlg": ("key", "counter", "alg"),
    "CudnnRNN": ("output", "output_h", "output_c", "reserve_space"),
    "CudnnRNNV2": ("output", "output_h", "output_c", "reserve_space", "host_reserved"),
    "CudnnRNNV3": ("output", "output_h", "output_c", "reserve_space", "host_reserved"),
    "LSTMBlockCell": ("i", "cs", "f", "o", "ci", "co", "h"),
    "GRUBlockCell": ("r", "u", "c", "h"),
    "CTCGreedyDecoder": ("decoded_indices", "decoded_values", "decoded_shape",
                         "log_probability"),
    "CTCLoss": ("loss", "gradient"),
    "SparseSoftmaxCrossEntropyWithLogits": ("loss", "backprop"),
    "SoftmaxCrossEntropyWithLogits": ("loss", "backprop"),
    "Bitcast": ("output",),
}


def flat_port(op: str, arg: str, index: int, *, seen_args: set[str],
              fn_outputs: list[str] | None = None) -> int | None:
    """The flat output port of ``op``'s ``arg:index``; None when the layout is unknown.

    ``fn_outputs``: output arg names when ``op`` is a library function called by name.
    ``seen_args``: every output arg name the function body uses for this node.
    """
    names = fn_outputs if fn_outputs is not None else MULTI_OUTPUT_ARGS.get(op)
    if names is not None:
        if arg not in names:
            return None
        return names.index(arg) + index
    if len(seen_args) > 1:
        return None  # several output args of an op whose layout macc does not know
    return index
