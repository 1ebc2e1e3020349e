"""Scatter updates that combine: one operation per element of ``updates`` (no MACCs; TF counts 0).

ScatterAdd/Sub/Mul/Div/Max/Min (and their Resource, Nd and TensorScatter forms) combine each
update element with the element it lands on: 1 per element of ``updates`` (input 2). ScatterNd
adds its updates into a zero tensor (duplicates accumulate): 1 per update element (input 1), an
upper bound (the scatter rule of docs/conventions.md charges only values landing on an element
already reached, and which indices repeat is data). Bincount adds 1 (or the
weight) into a bin per input element. The *Update forms only copy and are in the zero set.
"""

from __future__ import annotations

from .elementwise import elementwise

elementwise("ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv", "ScatterMax", "ScatterMin",
            "ResourceScatterAdd", "ResourceScatterSub", "ResourceScatterMul", "ResourceScatterDiv",
            "ResourceScatterMax", "ResourceScatterMin",
            "ScatterNdAdd", "ScatterNdSub", "ResourceScatterNdAdd", "ResourceScatterNdSub",
            "TensorScatterAdd", "TensorScatterSub", "TensorScatterMax", "TensorScatterMin",
            on="in2")
elementwise("ScatterNd", on="in1")  # ScatterNd(indices, updates, shape)
elementwise("Bincount", "DenseBincount", on="in0")  # (Dense)Bincount(arr, size, weights)
