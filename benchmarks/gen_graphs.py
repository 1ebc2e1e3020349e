"""Synthetic frozen GraphDefs of any size, written with macc's own protos (no TensorFlow needed).

The graph is an input placeholder followed by a chain of identical blocks with the op mix of real
mobile networks. One block (``C`` channels, ``HW`` x ``HW`` feature maps, x = the block's input):

    conv    = Conv2D(x, w[3,3,C,C]) SAME            -> [1,HW,HW,C]
    bn      = FusedBatchNormV3(conv, gamma, beta, mean, var)   (is_training false)
    act     = Relu6(bn)
    dw      = DepthwiseConv2dNative(act, dw_w[3,3,C,1]) SAME
    biased  = BiasAdd(dw, b[C])
    res     = AddV2(biased, x)
    flat    = Reshape(res, Pack(StridedSlice(Shape(res), [0], [1], [1]) shrink, -1))  -> [1,HW*HW*C]
    out     = Reshape(flat, [-1,HW,HW,C])           -> the next block's input
    head    = Softmax(MatMul(Mean(out, [1,2]), w_fc[C,C]))      (a dead-end branch per block)

28 nodes per block (:data:`NODES_PER_BLOCK`). Weights are either real bytes (``tensor_content``,
the file grows with them) or shape-only constants (a TensorProto without values is all zeros).

The file is streamed node by node: each NodeDef is written as GraphDef field 1, so a graph of 10^6
nodes never sits in memory as one message. Attrs are serialised once per distinct node kind.

Usage:
    python benchmarks/gen_graphs.py OUT.pb --nodes 100000 [--channels 16] [--hw 8] [--weights]
    python benchmarks/gen_graphs.py OUT.pb --size-mb 500 --channels 256 --weights
"""

from __future__ import annotations

import argparse
import math
import os
import sys

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from macc.layers.builder import attr_value  # noqa: E402
from macc.proto import node_def_pb2, tensor_pb2, versions_pb2  # noqa: E402

DT_FLOAT, DT_INT32 = 1, 3
NODES_PER_BLOCK = 28
PRODUCER = 1205  # a TF 2.x GraphDef producer version


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(num: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2)."""
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def _tensor(dtype: int, shape, content: bytes = b"", int_vals=None) -> tensor_pb2.TensorProto:
    t = tensor_pb2.TensorProto(dtype=dtype)
    for d in shape:
        t.tensor_shape.dim.add(size=d)
    if content:
        t.tensor_content = content
    if int_vals is not None:
        t.int_val.extend(int_vals)
    return t


def _attrs(**kw) -> bytes:
    """NodeDef attr map entries (field 5) serialised once; values as macc's layer builder takes
    them (a bare list is a list of ints)."""
    nd = node_def_pb2.NodeDef()
    for key, val in kw.items():
        nd.attr[key].CopyFrom(attr_value(("ints", val) if isinstance(val, list) else val))
    return nd.SerializeToString()


def T(dt=DT_FLOAT):
    return ("type", dt)


class Writer:
    """Streams NodeDefs into a GraphDef file."""

    def __init__(self, f):
        self.f = f
        self.nodes = 0
        self.bytes = 0

    def node(self, name: str, op: str, inputs=(), attrs: bytes = b""):
        body = [_field(1, name.encode()), _field(2, op.encode())]
        body += [_field(3, i.encode()) for i in inputs]
        body.append(attrs)
        rec = _field(1, b"".join(body))
        self.f.write(rec)
        self.nodes += 1
        self.bytes += len(rec)

    def finish(self):
        versions = versions_pb2.VersionDef(producer=PRODUCER).SerializeToString()
        self.f.write(_field(4, versions))


class Block:
    """Serialised attrs of one block's nodes, shared by every block (weights included)."""

    def __init__(self, channels: int, hw: int, weights: bool, seed: int = 0):
        c = channels
        rnd = _Bytes(seed) if weights else None

        def fconst(shape):
            n = math.prod(shape)
            content = rnd.take(4 * n) if rnd else b""
            return _attrs(dtype=T(), value=_tensor(DT_FLOAT, shape, content))

        def iconst(shape, vals):
            return _attrs(dtype=T(DT_INT32), value=_tensor(DT_INT32, shape, int_vals=vals))

        same = dict(T=T(), strides=[1, 1, 1, 1], padding="SAME", data_format="NHWC")
        self.conv_w = fconst([3, 3, c, c])
        self.conv = _attrs(**same, dilations=[1, 1, 1, 1], use_cudnn_on_gpu=True)
        self.vec = fconst([c])
        self.bn = _attrs(T=T(), U=T(), epsilon=0.001, is_training=False, data_format="NHWC")
        self.t = _attrs(T=T())
        self.dw_w = fconst([3, 3, c, 1])
        self.dw = _attrs(**same, dilations=[1, 1, 1, 1])
        self.bias = _attrs(T=T(), data_format="NHWC")
        self.shape = _attrs(T=T(), out_type=T(DT_INT32))
        self.ss_begin = iconst([1], [0])
        self.ss_end = iconst([1], [1])
        self.ss = _attrs(T=T(DT_INT32), Index=T(DT_INT32), shrink_axis_mask=1, begin_mask=0,
                         end_mask=0, ellipsis_mask=0, new_axis_mask=0)
        self.minus1 = iconst([], [-1])
        self.pack = _attrs(T=T(DT_INT32), N=2, axis=0)
        self.reshape = _attrs(T=T(), Tshape=T(DT_INT32))
        self.unflat = iconst([4], [-1, hw, hw, c])
        self.axes = iconst([2], [1, 2])
        self.mean = _attrs(T=T(), Tidx=T(DT_INT32), keep_dims=False)
        self.fc_w = fconst([c, c])
        self.matmul = _attrs(T=T(), transpose_a=False, transpose_b=False)

    def write(self, w: Writer, p: str, x: str) -> str:
        """Write one block named ``p`` reading ``x``; return the name of its output."""
        w.node(f"{p}/conv/weights", "Const", (), self.conv_w)
        w.node(f"{p}/conv/Conv2D", "Conv2D", (x, f"{p}/conv/weights"), self.conv)
        for v in ("gamma", "beta", "moving_mean", "moving_variance"):
            w.node(f"{p}/bn/{v}", "Const", (), self.vec)
        w.node(f"{p}/bn/FusedBatchNormV3", "FusedBatchNormV3",
               (f"{p}/conv/Conv2D", f"{p}/bn/gamma", f"{p}/bn/beta", f"{p}/bn/moving_mean",
                f"{p}/bn/moving_variance"), self.bn)
        w.node(f"{p}/Relu6", "Relu6", (f"{p}/bn/FusedBatchNormV3",), self.t)
        w.node(f"{p}/dw/depthwise_weights", "Const", (), self.dw_w)
        w.node(f"{p}/dw/depthwise", "DepthwiseConv2dNative",
               (f"{p}/Relu6", f"{p}/dw/depthwise_weights"), self.dw)
        w.node(f"{p}/dw/bias", "Const", (), self.vec)
        w.node(f"{p}/dw/BiasAdd", "BiasAdd", (f"{p}/dw/depthwise", f"{p}/dw/bias"), self.bias)
        w.node(f"{p}/add", "AddV2", (f"{p}/dw/BiasAdd", x), self.t)
        w.node(f"{p}/flat/Shape", "Shape", (f"{p}/add",), self.shape)
        w.node(f"{p}/flat/strided_slice/stack", "Const", (), self.ss_begin)
        w.node(f"{p}/flat/strided_slice/stack_1", "Const", (), self.ss_end)
        w.node(f"{p}/flat/strided_slice/stack_2", "Const", (), self.ss_end)
        w.node(f"{p}/flat/strided_slice", "StridedSlice",
               (f"{p}/flat/Shape", f"{p}/flat/strided_slice/stack", f"{p}/flat/strided_slice/stack_1",
                f"{p}/flat/strided_slice/stack_2"), self.ss)
        w.node(f"{p}/flat/Reshape/shape/1", "Const", (), self.minus1)
        w.node(f"{p}/flat/Reshape/shape", "Pack",
               (f"{p}/flat/strided_slice", f"{p}/flat/Reshape/shape/1"), self.pack)
        w.node(f"{p}/flat/Reshape", "Reshape", (f"{p}/add", f"{p}/flat/Reshape/shape"), self.reshape)
        w.node(f"{p}/unflat/shape", "Const", (), self.unflat)
        w.node(f"{p}/unflat/Reshape", "Reshape", (f"{p}/flat/Reshape", f"{p}/unflat/shape"),
               self.reshape)
        w.node(f"{p}/head/Mean/reduction_indices", "Const", (), self.axes)
        w.node(f"{p}/head/Mean", "Mean", (f"{p}/unflat/Reshape", f"{p}/head/Mean/reduction_indices"),
               self.mean)
        w.node(f"{p}/head/weights", "Const", (), self.fc_w)
        w.node(f"{p}/head/MatMul", "MatMul", (f"{p}/head/Mean", f"{p}/head/weights"), self.matmul)
        w.node(f"{p}/head/Softmax", "Softmax", (f"{p}/head/MatMul",), self.t)
        return f"{p}/unflat/Reshape"


class _Bytes:
    """Deterministic pseudo-random weight bytes (one 1 MiB pool, sliced)."""

    def __init__(self, seed: int):
        import random
        self.pool = random.Random(seed).randbytes(1 << 20)

    def take(self, n: int) -> bytes:
        reps = -(-n // len(self.pool))
        return (self.pool * reps)[:n]


def blocks_for_nodes(nodes: int) -> int:
    return max(1, round((nodes - 1) / NODES_PER_BLOCK))


def expected(blocks: int, channels: int, hw: int) -> dict:
    """Hand-derived numbers of a generated graph (input [1,hw,hw,C], every shape known).

    Per block, n = hw*hw*C activations: TF's profiler counts Conv2D 2*n*3*3*C, depthwise
    2*n*3*3, BiasAdd n, AddV2 n, Mean N(in0) = n, MatMul 2*C*C (k = C, out [1,C]), Softmax 5*C;
    every other op of the block counts 0. MACCs: conv n*9C, depthwise n*9, MatMul C*C.
    """
    c, n = channels, hw * hw * channels
    by_op_tf = {"Conv2D": 2 * n * 9 * c, "DepthwiseConv2dNative": 2 * n * 9, "BiasAdd": n,
                "AddV2": n, "Mean": n, "MatMul": 2 * c * c, "Softmax": 5 * c}
    return {
        "nodes": 1 + blocks * NODES_PER_BLOCK,
        "tf_flops_by_op": {op: v * blocks for op, v in by_op_tf.items()},
        "tf_flops": blocks * sum(by_op_tf.values()),
        "maccs": blocks * (n * 9 * c + n * 9 + c * c),
        # float constants feeding compute: conv 9C^2, 4 bn vectors, dw 9C, bias C, fc C^2
        "weights": blocks * (9 * c * c + 4 * c + 9 * c + c + c * c),
    }


def generate(path: str, *, blocks: int, channels: int = 16, hw: int = 8, weights: bool = False) -> dict:
    """Write the graph to ``path``; return its size and hand-derived expected numbers."""
    block = Block(channels, hw, weights)
    with open(path, "wb") as f:
        w = Writer(f)
        w.node("input", "Placeholder", (), _attrs(dtype=T(), shape=("shape", [1, hw, hw, channels])))
        x = "input"
        for i in range(blocks):
            x = block.write(w, f"block_{i}", x)
        w.finish()
    info = expected(blocks, channels, hw)
    assert w.nodes == info["nodes"]
    info.update(path=path, bytes=os.path.getsize(path), blocks=blocks, channels=channels, hw=hw,
                real_weights=weights)
    return info


SINGLE_OUT = 4096  # the dense layer's outputs


def single_k(mb: float) -> int:
    """Inputs of the dense layer whose [K, 4096] float weight holds about ``mb`` MB."""
    return max(1, round(mb * 1e6 / (4 * SINGLE_OUT)))


def generate_single(path: str, *, mb: float) -> dict:
    """A dense layer whose one weight holds about ``mb`` MB (VGG-16's fc6 is 411 MB): input
    [1, K] · W[K, 4096] as Placeholder, Const (real bytes) and MatMul. TF's count is that of
    MatMul: 2·1·4096·K."""
    n_out, k = SINGLE_OUT, single_k(mb)
    with open(path, "wb") as f:
        w = Writer(f)
        w.node("input", "Placeholder", (), _attrs(dtype=T(), shape=("shape", [1, k])))
        rnd = _Bytes(0)
        w.node("fc/weights", "Const", (),
               _attrs(dtype=T(), value=_tensor(DT_FLOAT, [k, n_out], rnd.take(4 * k * n_out))))
        w.node("fc/MatMul", "MatMul", ("input", "fc/weights"),
               _attrs(T=T(), transpose_a=False, transpose_b=False))
        w.finish()
    return {"path": path, "bytes": os.path.getsize(path), "nodes": 3,
            "tf_flops": 2 * n_out * k, "weights": k * n_out}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--nodes", type=int, help="about this many nodes (28 per block, +1 input)")
    size.add_argument("--size-mb", type=float, help="about this many MB of real weights")
    size.add_argument("--single-mb", type=float,
                      help="one dense layer whose one weight is about this many MB")
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--hw", type=int, default=8, help="feature map height and width")
    ap.add_argument("--weights", action="store_true", help="real weight bytes (tensor_content)")
    args = ap.parse_args(argv)
    if args.single_mb is not None:
        info = generate_single(args.out, mb=args.single_mb)
        print(f"{args.out}: {info['nodes']} nodes, {info['bytes'] / 1e6:.1f} MB, "
              f"tf_flops {info['tf_flops']}")
        return
    c = args.channels
    if args.size_mb is not None:
        args.weights = True
        per_block = 4 * (9 * c * c + 5 * c + 9 * c + c * c) + 2000
        blocks = max(1, round(args.size_mb * 1e6 / per_block))
    else:
        blocks = blocks_for_nodes(args.nodes)
    info = generate(args.out, blocks=blocks, channels=c, hw=args.hw, weights=args.weights)
    print(f"{info['path']}: {info['nodes']} nodes, {info['bytes'] / 1e6:.1f} MB, "
          f"tf_flops {info['tf_flops']}")


if __name__ == "__main__":
    main()
