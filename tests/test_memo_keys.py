"""Memo keys of the shape engine: the serialized attrs cut field by field from the NodeDef, and
constants keyed by them (weights, whose NodeDefs are big, never)."""

import random

from gdbuild import FLOAT, INT32, add, const, dtype, new, placeholder, write

import macc
from macc.graph import Graph, Node
from macc.proto import node_def_pb2
from macc.shapes import infer_shapes
from macc.shapes.state import _attrs_key


def reference_tail(nd) -> bytes:
    """The attrs (and anything after them) serialized alone: the NodeDef without its head."""
    c = node_def_pb2.NodeDef()
    c.CopyFrom(nd)
    for f in ("name", "op", "input", "device"):
        c.ClearField(f)
    return c.SerializeToString()


def test_attrs_key_is_the_nodedef_without_its_head():
    rnd = random.Random(7)
    for _ in range(400):
        nd = node_def_pb2.NodeDef()
        nd.name = "n" * rnd.choice([1, 126, 127, 128, 300]) + rnd.choice(["", "ü", "名"])
        nd.op = rnd.choice(["Conv2D", "X" * 130])
        for _ in range(rnd.choice([0, 1, 3])):
            nd.input.append(rnd.choice(["a", "b:1", "^c", "", "z" * 200]))
        if rnd.random() < 0.5:
            nd.device = rnd.choice(["/cpu:0", "d" * 140, "/dév:0", "é" * 70])
        nd.attr["T"].type = 1
        if rnd.random() < 0.3:
            nd.attr["s"].s = b"x" * rnd.choice([3, 200])
        assert _attrs_key(Node.from_proto(nd)) == reference_tail(nd)


def test_consts_told_apart_by_value_and_dtype(tmp_path):
    # the same shape [2] with different values: two Reshapes to different shapes
    gd = new()
    placeholder(gd, "x", [2, 6])
    const(gd, "s1", [2], INT32, int_val=[3, 4])
    const(gd, "s2", [2], INT32, int_val=[4, 3])
    add(gd, "r1", "Reshape", ["x", "s1"], T=dtype(FLOAT))
    add(gd, "r2", "Reshape", ["x", "s2"], T=dtype(FLOAT))
    g = Graph.from_graph_def(gd)
    sh = infer_shapes(g)
    assert sh.of("r1") == (3, 4)
    assert sh.of("r2") == (4, 3)


def test_equal_weights_each_counted(tmp_path):
    # three float constants with equal attrs: two feed a node (weights 2 * 3*4 = 24), one feeds
    # nothing (no weight)
    gd = new()
    placeholder(gd, "x", [3, 4])
    for name in ("w1", "w2", "w3"):
        const(gd, name, [3, 4], FLOAT)
    add(gd, "a1", "AddV2", ["x", "w1"], T=dtype(FLOAT))
    add(gd, "a2", "AddV2", ["a1", "w2"], T=dtype(FLOAT))
    r = macc.profile(write(tmp_path, gd))
    assert r.totals.weights == 24
    assert r.totals.flops == 24  # two adds of 3*4 elements
