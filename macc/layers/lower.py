"""Lowering a layer spec to a GraphDef of real TF ops, then to the Graph IR.

Weights are VariableV2 nodes (params = their elements); batch-norm moving statistics are float
Consts without values (weights, not params). Shapes come from the registered shape functions,
node by node as the graph grows, so the spec and a GraphDef share every line of shape and cost
arithmetic. The only size this module works out itself is a transposed convolution's output size,
which the op takes as an input (Keras's rule: ``same`` in·s, ``valid`` in·s + max(k − s, 0)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import MaccError, SpecError
from ..graph import Graph, parse_input
from ..inputs import INT64_MAX
from .base import triple
from .builder import DT_FLOAT, F32, I32, Builder, LayerInfo
from .containers import expand_block
from .lower_cnn import ConvLowering
from .lower_rnn import RnnLowering
from .lower_seq import SeqLowering
from .lower_transformer import TransformerLowering
from .models import (
    GRU,
    LSTM,
    Block,
    Branches,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    DepthwiseConv2D,
    Input,
    Network,
    SeparableConv2D,
    Sequential,
    SimpleRNN,
    pair,
)

ACT_OPS = {"relu": "Relu", "relu6": "Relu6", "sigmoid": "Sigmoid", "tanh": "Tanh", "elu": "Elu",
           "selu": "Selu", "softplus": "Softplus", "softsign": "Softsign"}
# activations TF graphs spell with several ops (as Keras builds them):
# swish x·sigmoid(x); hard_sigmoid relu6(x + 3)·(1/6); hard_swish x·hard_sigmoid(x); gelu
# and gelu_tanh (its approximate form) as tf.nn.gelu builds them (lower_transformer.py)
RECURRENT = (SimpleRNN, LSTM, GRU)  # their ``activation`` is the cell's, applied inside
COMPOSITE_ACTS = ("swish", "hard_sigmoid", "hard_swish", "gelu", "gelu_tanh")


@dataclass
class Lowered:
    network: Network
    graph_def: object
    graph: Graph
    layers: list[LayerInfo]


class Lowerer(ConvLowering, TransformerLowering, SeqLowering, RnnLowering):
    def __init__(self, net: Network, source: str):
        self.net = net
        self.b = Builder(source)
        self.int_refs: set[str] = set()  # int32 inputs (token ids)
        self.layers: list[LayerInfo] = []
        self.by_path: dict[str, str] = {}  # layer path -> output ref

    # ---- walking ------------------------------------------------------------------------------
    def run(self) -> Lowered:
        prev = None
        if self.net.input is not None:
            prev = self._leaf(Input(type="Input", name="input", shape=self.net.input), "input", [], None)
            self.by_path["input"] = prev
        self._seq(self.net.layers, "", prev)
        graph = Graph.from_graph_def(self.b.gd, source=self.b.source)
        return Lowered(self.net, self.b.gd, graph, self.layers)

    def _seq(self, layers, scope: str, prev: str | None) -> str | None:
        counts: dict[str, int] = {}
        for layer in layers:
            if layer.name:
                name = layer.name
            else:
                k = counts[layer.type] = counts.get(layer.type, 0) + 1
                name = _snake(layer.type) + ("" if k == 1 else f"_{k - 1}")
            path = scope + name
            xs = self._inputs(layer, scope, path, prev)
            if isinstance(layer, Sequential):
                prev = self._seq(layer.layers, path + "/", xs[0] if xs else None)
            elif isinstance(layer, Block):
                reps = expand_block(self.net, layer, path)
                x = xs[0] if xs else None
                for i, rep in enumerate(reps):
                    at = path if len(reps) == 1 else f"{path}_{i + 1}"
                    self._claim(at, layer)
                    x = self.by_path[at] = self._seq(rep, at + "/", x)  # "stage_2": that one
                prev = x
            elif isinstance(layer, Branches):
                prev = self._branches(layer, path, xs)
            else:
                prev = self._leaf(layer, path, xs, layer)
            if not (isinstance(layer, Block) and path in self.by_path):  # its repetitions claimed
                self._claim(path, layer)
            self.by_path[path] = prev
        return prev

    def _claim(self, path: str, layer) -> None:
        """One name per output: a layer named ``stage_2`` and the second repetition of a Block
        ``stage`` would both answer ``inputs = ["stage_2"]``."""
        if path in self.by_path:
            raise SpecError(f"layer '{path}' ({layer.type}): the name '{path}' is taken twice (a "
                            f"Block's repetitions are named NAME_1, NAME_2, ...)")

    def _inputs(self, layer, scope, path, prev) -> list[str]:
        if layer.inputs is None:
            return [prev] if prev is not None else []
        refs = []
        for name in layer.inputs:
            base, sep, port = name.rpartition(":")
            if not (sep and port.isdigit()):
                base, port = name, ""
            ref = self.by_path.get(scope + base, self.by_path.get(base))
            if ref is not None and port:  # "split:1": another output of that layer's node
                node, _, _ = parse_input(ref)
                ref = f"{node}:{port}" if port != "0" else node
                if port != "0" and int(port) >= len(self.b.outputs.get(node) or []):
                    raise SpecError(f"layer '{path}' ({layer.type}): field 'inputs': layer "
                                    f"'{base}' has no output {port}")
            if ref is None:
                raise SpecError(f"layer '{path}' ({layer.type}): field 'inputs': no earlier "
                                f"layer named '{name}'")
            refs.append(ref)
        return refs

    def _branches(self, layer: Branches, path: str, xs: list[str]) -> str:
        if len(xs) != 1:
            raise SpecError(f"layer '{path}' (Branches): needs exactly one input")
        outs = []
        for i, br in enumerate(layer.branches):
            outs.append(self._seq(br, f"{path}/branch{i}/", xs[0]) if br else xs[0])
        kind = {"add": "Add", "mul": "Mul", "concat": "Concat"}[layer.merge]
        merge = {"type": kind, "name": "merge"}
        from .containers import LAYER_LIST
        m = LAYER_LIST.validate_python([merge])[0]
        out = self._leaf(m, f"{path}/merge", outs, m)
        if layer.activation:
            self._begin(f"{path}/{layer.activation}", "Activation", "Activation")
            out = self._act(f"{path}/{layer.activation}", out, layer.activation)
            self.b.layer.output = out
        return out

    def _begin(self, path, type_, kind):
        info = LayerInfo(path, type_, kind)
        self.layers.append(info)
        self.b.layer = info
        return info

    def _leaf(self, layer, path, xs, spec) -> str:
        info = self._begin(path, layer.type, _kind(layer))
        if not isinstance(layer, Input) and not xs:
            raise SpecError(f"layer '{path}' ({layer.type}): has no input (start with an Input "
                            f"layer or set the network's 'input')")
        ids = bool(self.int_refs) and any(x in self.int_refs for x in xs)
        if ids and layer.type not in ("Embedding", "Input"):
            if layer.type not in _ID_LAYERS or not all(x in self.int_refs for x in xs):
                raise SpecError(f"layer '{path}' ({layer.type}): reads int32 token ids (an Input "
                                f"with dtype \"int32\"); only an Embedding takes those (and "
                                f"{', '.join(_ID_LAYERS)} pass them on)")
        fn = getattr(self, "_" + _snake(layer.type))
        out = fn(layer, path, xs)
        if ids and layer.type in _ID_LAYERS:  # still token ids, for an Embedding further on
            self.int_refs.add(out)
            for k in range(1, getattr(layer, "num_splits", 1)):
                self.int_refs.add(f"{out}:{k}")
        if getattr(layer, "activation", None) and not isinstance(layer, (Branches, *RECURRENT)):
            out = self._act(path, out, layer.activation)
        info.output = out
        return out

    def _filters(self, layer) -> int:
        """A layer's filters under the network's width (and its ``width_divisor``)."""
        n = layer.filters
        if layer.scale_width:
            v, d = n * self.net.width, self.net.width_divisor
            if d is None:
                n = max(1, int(v))  # at least one filter, however small the width
            else:
                r = max(d, int(v + d / 2) // d * d)
                n = r + d if r < 0.9 * v else r
        if n > INT64_MAX:
            raise SpecError(f"layer '{self.b.layer.path}' ({layer.type}): field 'filters': {n} "
                            f"filters (after the network's width) is past TF's int64 dims")
        return n

    # ---- one method per layer type -------------------------------------------------------------
    def _input(self, layer, path, xs):
        out = self.b.add(path, "Placeholder", dtype=I32 if layer.dtype == "int32" else F32,
                         shape=("shape", [self.net.batch, *layer.shape]))
        if layer.dtype == "int32":
            self.int_refs.add(out)
        return out

    def _rank4(self, layer, x):
        s = self.b.shape(x)
        if len(s) != 4:
            raise SpecError(f"layer '{self.b.layer.path}' ({layer.type}): needs a 4-d input "
                            f"(batch, height, width, channels), got {list(s)}")
        return s

    def _bias(self, path, y, n, on: bool):
        if not on:
            return y
        b = self.b.var(f"{path}/bias", [n])
        return self.b.add(f"{path}/BiasAdd", "BiasAdd", [y, b], T=F32, data_format="NHWC")

    def _act(self, path, y, fn):
        if fn in COMPOSITE_ACTS:
            return self._composite_act(f"{path}/{fn}", y, fn)
        op = ACT_OPS[fn]
        return self.b.add(f"{path}/{op}", op, [y], T=F32)

    def _composite_act(self, scope, y, fn):
        if fn in ("gelu", "gelu_tanh"):
            return self._gelu(scope.rpartition("/")[0] + "/Gelu", y, fn == "gelu_tanh")
        if fn == "swish":
            s = self.b.add(f"{scope}/Sigmoid", "Sigmoid", [y], T=F32)
            return self.b.add(f"{scope}/mul", "Mul", [y, s], T=F32)
        three = self.b.const(f"{scope}/add/y", shape=[], dtype=DT_FLOAT)  # 3.0
        a = self.b.add(f"{scope}/add", "AddV2", [y, three], T=F32)
        r = self.b.add(f"{scope}/Relu6", "Relu6", [a], T=F32)
        sixth = self.b.const(f"{scope}/mul/y", shape=[], dtype=DT_FLOAT)  # 1/6
        hs = self.b.add(f"{scope}/mul", "Mul", [r, sixth], T=F32)
        if fn == "hard_sigmoid":
            return hs
        return self.b.add(f"{scope}/mul_1", "Mul", [y, hs], T=F32)

    def _dense(self, layer, path, xs):
        s = self.b.shape(xs[0])
        if len(s) < 2:
            raise SpecError(f"layer '{path}' (Dense): needs an input of rank 2 or more (batch, "
                            f"..., features), got {list(s)}")
        if len(s) > 2:
            return self._dense_nd(layer, path, xs[0], s)
        w = self.b.var(f"{path}/kernel", [s[1], layer.units])
        y = self.b.add(f"{path}/MatMul", "MatMul", [xs[0], w], T=F32, transpose_a=False,
                       transpose_b=False)
        return self._bias(path, y, layer.units, layer.bias)

    def _activation(self, layer, path, xs):
        return self._act(path, xs[0], layer.function)

    def _chain(self, op, layer, path, xs):
        if len(xs) < 2:
            raise SpecError(f"layer '{path}' ({layer.type}): needs at least two inputs (set "
                            f"'inputs' or use it as a Branches merge)")
        y = xs[0]
        for i, x in enumerate(xs[1:]):
            y = self.b.add(f"{path}/{op}" + ("" if i == 0 else f"_{i}"), op, [y, x], T=F32)
        return y

    def _add(self, layer, path, xs):
        return self._chain("AddV2", layer, path, xs)

    def _mul(self, layer, path, xs):
        return self._chain("Mul", layer, path, xs)

    def _not_batch_axis(self, layer, path, x):
        """Concat and Split axes count the batch dim (Keras's convention: a sequence's axis 1 is
        its steps); axis 0 would change the batch under every later layer's counts."""
        rank = len(self.b.shape(x))
        if layer.axis in (0, -rank):
            raise SpecError(f"layer '{path}' ({layer.type}): field 'axis': {layer.axis} is the "
                            f"batch axis (axes count the batch dim: 1 is the first per-example "
                            f"axis, -1 the last)")

    def _concat(self, layer, path, xs):
        if len(xs) < 2:
            raise SpecError(f"layer '{path}' (Concat): needs at least two inputs")
        self._not_batch_axis(layer, path, xs[0])
        axis = self.b.const(f"{path}/axis", layer.axis)
        return self.b.add(f"{path}/concat", "ConcatV2", [*xs, axis], N=len(xs), T=self._t(xs),
                          Tidx=I32)

    def _split(self, layer, path, xs):
        self._not_batch_axis(layer, path, xs[0])
        axis = self.b.const(f"{path}/split_dim", layer.axis)
        return self.b.add(f"{path}/split", "Split", [axis, xs[0]], T=self._t(xs[:1]),
                          num_split=layer.num_splits)

    def _channel_shuffle(self, layer, path, xs):
        n, h, w, c = self._rank4(layer, xs[0])
        if c % layer.groups:
            raise self.b.error("groups", f"{layer.groups} groups do not divide {c} channels")
        y = self._reshape_to(path, xs[0], [n, h, w, layer.groups, c // layer.groups])
        perm = self.b.const(f"{path}/perm", [0, 1, 2, 4, 3])
        y = self.b.add(f"{path}/transpose", "Transpose", [y, perm], T=F32, Tperm=I32)
        return self._reshape_to(f"{path}/back", y, [n, h, w, c])

    def _t(self, xs) -> tuple:
        """The element type of data ops on ``xs``: int32 where they carry token ids."""
        return I32 if xs and all(x in self.int_refs for x in xs) else F32

    def _reshape_to(self, path, x, dims):
        shape = self.b.const(f"{path}/shape", dims)
        return self.b.add(f"{path}/Reshape", "Reshape", [x, shape], T=self._t([x]), Tshape=I32)

    def _flatten(self, layer, path, xs):
        s = self.b.shape(xs[0])
        return self._reshape_to(path, xs[0], [s[0], math.prod(s[1:])])

    def _reshape(self, layer, path, xs):
        return self._reshape_to(path, xs[0], [self.b.shape(xs[0])[0], *layer.target_shape])

    def _dropout(self, layer, path, xs):
        return self.b.add(f"{path}/Identity", "Identity", [xs[0]], T=self._t(xs[:1]))

    def _softmax(self, layer, path, xs):
        return self.b.add(f"{path}/Softmax", "Softmax", [xs[0]], T=F32)

    def _rescaling(self, layer, path, xs):
        y = self._with_constant(layer, path, "mul", "Mul", xs[0], layer.scale, "scale")
        if layer.offset is None or layer.offset == "none":
            return y
        return self._with_constant(layer, path, "add", "AddV2", y, layer.offset, "offset")

    def _with_constant(self, layer, path, name, op, x, value, field):
        """``op(x, c)`` with a float constant holding ``value``: a scalar, or one per channel."""
        shape = []
        if isinstance(value, list):
            c = self.b.shape(x)[-1]
            if len(value) not in (1, c):
                raise SpecError(f"layer '{path}' ({layer.type}): {field} has {len(value)} values, "
                                f"the input has {c} channels")
            shape = [len(value)]
        k = self.b.const(f"{path}/{name}/y", shape=shape, dtype=DT_FLOAT)
        return self.b.add(f"{path}/{name}", op, [x, k], T=F32)

    def _scale(self, layer, path, xs):
        gamma = self.b.var(f"{path}/gamma", [self.b.shape(xs[0])[-1]])
        return self.b.add(f"{path}/mul", "Mul", [xs[0], gamma], T=F32)


# layers that move data without computing on it: they pass int32 token ids on to an Embedding
_ID_LAYERS = ("Reshape", "Flatten", "Dropout", "Concat", "Split")


def _snake(name: str) -> str:
    """``MaxPool2D`` -> ``max_pool2d``."""
    for nd in ("1D", "2D", "3D"):
        name = name.replace(nd, nd.lower())
    out = []
    for i, c in enumerate(name):
        if c.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(c.lower())
    return "".join(out)


def _kind(layer) -> str:
    """The layer type with its kernel, for per-type views: ``Conv2D 1×1``."""
    if isinstance(layer, (Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose)):
        kh, kw = pair(layer.kernel_size)
        return f"{layer.type} {kh}×{kw}"
    if isinstance(layer, Conv1D):
        return f"Conv1D {layer.kernel_size}"
    if isinstance(layer, Conv3D):
        return f"Conv3D {'×'.join(map(str, triple(layer.kernel_size)))}"
    if layer.type == "Activation":
        return f"Activation {layer.function}"
    if layer.type == "Bidirectional":
        return f"Bidirectional {layer.layer.type}"
    return layer.type


def lower(net: Network, source: str = "") -> Lowered:
    """The spec as a GraphDef and a Graph, with the nodes of each layer."""
    source = source or net.name
    try:
        return Lowerer(net, source).run()
    except MaccError as e:
        raise e.with_context(path=source) from None
