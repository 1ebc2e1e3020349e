"""TensorFlow's own profiler on a GraphDef file, timed phase by phase (run with a Python that has TF).

    /path/to/tf/python benchmarks/tf_profile.py GRAPH.pb [REPORT.txt]

Prints one JSON object: seconds for import tensorflow, reading + ParseFromString,
import_graph_def, profile (float_operation), the total, and TF's total_float_ops.
Not part of macc (macc never imports TensorFlow); the benchmark runner calls it in a subprocess.
"""

import json
import os
import sys
import time


def main(path, report=None):
    """``report``: also have TF write its per-node report to this file (its default output is
    that text, on stdout); without it TF writes nothing (``output="none"``)."""
    t0 = time.perf_counter()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    t1 = time.perf_counter()
    gd = tf.compat.v1.GraphDef()
    with open(path, "rb") as f:
        gd.ParseFromString(f.read())
    t2 = time.perf_counter()
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.import_graph_def(gd, name="")
    t3 = time.perf_counter()
    opts = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()
    opts["output"] = f"file:outfile={report}" if report else "none"
    prof = tf.compat.v1.profiler.profile(g, options=opts)
    t4 = time.perf_counter()
    print(json.dumps({"import_tf": t1 - t0, "parse": t2 - t1, "import_graph_def": t3 - t2,
                      "profile": t4 - t3, "total": t4 - t0, "tf_flops": int(prof.total_float_ops),
                      "tf_version": tf.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
