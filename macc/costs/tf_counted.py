"""The op types TensorFlow 2.21's profiler has a flops formula for (every other op counts 0 there).

Read from TF 2.21: the ``RegisterStatistics(op, "flops")`` calls of
``tensorflow/python/profiler/internal/flops_registry.py`` (41) and ``tensorflow/python/ops/nn_ops.py``
(Conv2D, Conv3D, DepthwiseConv2dNative, BiasAdd, Dilation2D): 46 op types. Every one has a formula
in :data:`macc.costs.FORMULAS` whose ``tf_flops`` reproduces TF's; every other registered formula
gives ``tf_flops == 0``.
"""

TF_COUNTED = frozenset({
    # unary, on in0
    "Reciprocal", "Square", "Rsqrt", "Log", "Neg", "AssignSub", "AssignAdd", "L2Loss", "Softmax",
    # binary, on the (broadcast) output
    "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow", "RsqrtGrad",
    "GreaterEqual", "Greater", "LessEqual", "Less", "Equal", "NotEqual", "SquaredDifference",
    # reductions
    "Mean", "Sum", "ArgMax", "ArgMin", "BiasAddGrad",
    # pooling and convolution gradients (NHWC only)
    "AvgPool", "MaxPool", "AvgPoolGrad", "MaxPoolGrad", "Conv2DBackpropInput", "Conv2DBackpropFilter",
    # other
    "AddN", "MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3",
    # registered in nn_ops.py
    "Conv2D", "Conv3D", "DepthwiseConv2dNative", "BiasAdd", "Dilation2D",
})
