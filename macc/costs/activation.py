"""Activations and their gradients: elementwise, counted from their definitions (no MACCs).

TensorFlow's profiler counts none of these (0), except RsqrtGrad (4 per output element).
Each count writes the function with +, −, ×, ÷, comparisons (max/min count 1) and elementary
functions (exp, log, tanh, ...) costing 1 each; a select on an already computed predicate is free.
"""

from __future__ import annotations

from .elementwise import elementwise

# --- forward -------------------------------------------------------------------------------------
elementwise("Relu", "Tanh", on="in0")  # max(x, 0); tanh is one elementary function
elementwise("Relu6", per=2, on="in0")  # min(max(x, 0), 6)
elementwise("LeakyRelu", per=2, on="in0")  # max(x, alpha·x)
elementwise("Elu", per=3, on="in0")  # x > 0 ? x : exp(x) − 1
elementwise("Selu", per=5, on="in0")  # scale·(x > 0 ? x : alpha·(exp(x) − 1))
elementwise("Sigmoid", per=4, on="in0")  # 1 / (1 + exp(−x))
elementwise("Softplus", per=3, on="in0")  # log(1 + exp(x))
elementwise("Softsign", per=3, on="in0")  # x / (1 + |x|)

# --- gradients (first input: the incoming gradient or the forward output; same shape) --------
elementwise("ReluGrad", on="in0")  # features > 0 (then select g or 0)
elementwise("Relu6Grad", "LeakyReluGrad", "SqrtGrad", per=2, on="in0")
# Relu6Grad: 0 < f and f < 6; LeakyReluGrad: f > 0, alpha·g; SqrtGrad: dy·0.5 / y
elementwise("EluGrad", "SeluGrad", per=3, on="in0")
# EluGrad: y < 0 ? g·(y + 1) : g; SeluGrad: y < 0 ? g·(y + scale·alpha) : g·scale
elementwise("SigmoidGrad", "TanhGrad", "ReciprocalGrad", per=3, on="in0")
# SigmoidGrad: dy·y·(1 − y); TanhGrad: dy·(1 − y²); ReciprocalGrad: −dy·y²
elementwise("SoftplusGrad", "SoftsignGrad", per=4, on="in0")
# SoftplusGrad: g / (1 + exp(−f)); SoftsignGrad: g / (1 + |f|)²
elementwise("RsqrtGrad", per=4, tf_on="out")  # dy·(−0.5)·y³: y·y·y, two more multiplies
