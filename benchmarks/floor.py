"""A lower bound for any pure-Python counter on upb: the least per-node work a correct one must do.

    python benchmarks/floor.py GRAPH.pb

One pass over the parsed GraphDef that reads each node's name, op and inputs, serializes it (the
cheapest way to see its attrs), looks a key of (op, attrs, the inputs' classes) up in a dict, and
writes a JSON row from a cached text — no shapes, no formulas, no checks. Prints µs per node
(CPU, best of 3). What macc spends after the parse above this is the price of its checks,
phases and API; end to end, Python's start-up, the imports and the parse come on top.
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


def main(path: str) -> None:
    from macc.proto import graph_pb2
    gd = graph_pb2.GraphDef()
    with open(path, "rb") as f:
        gd.ParseFromString(f.read())
    gc.disable()
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        one_pass(gd)
        best = min(best, time.process_time() - t0)
    print(json.dumps({"nodes": len(gd.node), "floor_us_per_node": best / len(gd.node) * 1e6}))


if __name__ == "__main__":
    main(sys.argv[1])
