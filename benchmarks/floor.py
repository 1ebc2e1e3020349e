"""A lower bound for any pure-Python counter on upb: the least per-node work a correct one must do.

    python benchmarks/floor.py GRAPH.pb

One pass over the parsed GraphDef that reads each node's name, op and inputs, serializes it (the
cheapest way to see its attrs), looks a key of (op, attrs, the inputs' classes) up in a dict, and
writes a JSON row from a cached text — no shapes, no formulas, no checks. Prints µs per node
(CPU, best of 3); ``checked_us_per_node`` is the same loop with the checks a correct one-pass
counter could not skip (``checked_pass``): what a fused engine's memo-hit path would cost.
What macc spends after the parse above this is the price of its separate phases and API; end
to end, Python's start-up, the imports and the parse come on top.
"""

import gc
import json
import sys
import time
from json.encoder import encode_basestring

if __package__ in (None, ""):
    import os
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def one_pass(graph_def) -> list:
    classes: dict = {}
    class_of: dict = {}
    rows = []
    append = rows.append
    for nd in graph_def.node:
        name, op, inputs = nd.name, nd.op, nd.input
        attrs = nd.SerializeToString()[len(name) + len(op) + 4 + sum(len(s) + 2 for s in inputs):]
        key = (op, attrs, tuple([class_of.get(s) for s in inputs]))
        c = classes.get(key)
        if c is None:
            c = classes[key] = (len(classes), ', "op": %s, "rest": 0}' % encode_basestring(op))
        class_of[name] = c[0]
        append(('{"name": ' + encode_basestring(name) + c[1]).encode())
    return rows


def checked_pass(graph_def) -> list:
    """``one_pass`` plus what a correct one-pass counter must also check per node: inputs parsed
    into (name, port) and control inputs, every input naming an earlier node (file order
    topological) and an output its class has, duplicate names, recorded ``_output_shapes``
    (which would take the node off the memo), the input classes in the key with their ports.
    Classes carry their output count; what a miss would compute is a placeholder here."""
    classes: dict = {}
    class_of: dict = {}
    rows = []
    append = rows.append
    for nd in graph_def.node:
        name, op, texts = nd.name, nd.op, nd.input
        if name in class_of:
            raise ValueError(f"duplicate node name {name}")
        head = len(name) + len(op) + 4
        ins = []
        for text in texts:
            head += len(text) + 2
            if ":" in text or text.startswith("^"):
                if text.startswith("^"):
                    src, port = text[1:], -1
                else:
                    src, _, p = text.rpartition(":")
                    port = int(p)
            else:
                src, port = text, 0
            c = class_of.get(src)
            if c is None:
                raise ValueError(f"input {text} of {name} is not an earlier node")
            if port >= c[2]:
                raise ValueError(f"input {text} of {name}: no such output")
            ins.append(c[0])
            ins.append(port)
        data = nd.SerializeToString()
        attrs = data[head:] if data[:head].isascii() else data
        if b"_output_shapes" in attrs:
            raise ValueError("recorded shapes: not the memo path")
        key = (op, attrs, tuple(ins))
        c = classes.get(key)
        if c is None:
            c = classes[key] = (len(classes), ', "op": %s, "rest": 0}' % encode_basestring(op), 1)
        class_of[name] = c
        append(('{"name": ' + encode_basestring(name) + c[1]).encode())
    return rows


def main(path: str) -> None:
    from macc.proto import graph_pb2
    gd = graph_pb2.GraphDef()
    with open(path, "rb") as f:
        gd.ParseFromString(f.read())
    gc.disable()
    out = {"nodes": len(gd.node)}
    for key, fn in (("floor_us_per_node", one_pass), ("checked_us_per_node", checked_pass)):
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            fn(gd)
            best = min(best, time.process_time() - t0)
        out[key] = best / len(gd.node) * 1e6
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
