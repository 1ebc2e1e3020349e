"""Where macc's time goes on one file: each pipeline phase timed in a fresh process.

    python benchmarks/phases.py GRAPH.pb [--format json] [--profile OUT.prof]

Prints one JSON object of seconds: import_macc, read, parse (ParseFromString alone on the same
bytes, a separate message), load (macc's loader: read + sniff + parse), onepass (macc.onepass:
graph, shapes, counts and rows in one pass, as ``macc profile`` runs it), render, and
after_parse (onepass + render); ``engine`` says which ran. ``--phases`` times the phases
instead (the engine for graphs the one pass leaves to them): graph, shapes, count, report.
JSON is rendered as the CLI writes it (UTF-8 chunks; ``out_chars`` is then their bytes).
``--profile`` also writes a cProfile of everything after the parse; ``--cpu`` times the phases
after the parse in CPU time (steadier than wall time on a shared machine).
"""

import argparse
import gc
import json
import os
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--format", default="json")
    ap.add_argument("--profile")
    ap.add_argument("--cpu", action="store_true", help="CPU time of the phases (a loaded machine)")
    ap.add_argument("--phases", action="store_true",
                    help="time the phases (graph, shapes, count, report) instead of the one pass")
    args = ap.parse_args(argv)
    t = {}
    t0 = time.perf_counter()
    import macc
    from macc.costs import count
    from macc.graph import Graph
    from macc.load import load
    from macc.onepass import one_pass
    from macc.proto import graph_pb2
    from macc.render import RENDERERS
    from macc.report import build_report, build_report_data
    from macc.shapes import infer_shapes
    render = RENDERERS[args.format]  # renderer modules load on first lookup: count it as import
    if args.format == "json":  # as the CLI writes it: UTF-8 chunks
        from macc.render.jsonfmt import render_json_chunks as render
    plain = args.format in ("json", "table")  # the CLI writes these from the plain report data
    if not plain:
        import macc.report.models  # noqa: F401  (pydantic: the CLI loads it for these formats)
    t["import_macc"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    with open(args.path, "rb") as f:
        data = f.read()
    t["read"] = time.perf_counter() - t0
    gd = graph_pb2.GraphDef()
    t0 = time.perf_counter()
    gd.ParseFromString(data)
    t["parse"] = time.perf_counter() - t0
    del gd, data

    gc.disable()  # as macc.profile does
    prof = None
    if args.profile:
        import cProfile
        prof = cProfile.Profile()
    t0 = time.perf_counter()
    loaded = load(args.path)
    t["load"] = time.perf_counter() - t0
    if prof:
        prof.enable()
    clock = time.perf_counter if not args.cpu else time.process_time
    t0 = clock()
    report = None
    if not args.phases:  # what macc.profile runs first: the one pass
        report = one_pass(loaded.graph_def, source=loaded.source, fmt=loaded.format,
                          sizes=loaded.node_sizes, trainable=loaded.trainable)
    if report is not None:
        t["engine"] = "onepass"
        if not plain:
            report = report.to_report()
        t1 = clock()
        t["onepass"] = t1 - t0
    else:  # the phases: the fallback engine (--phases, or a graph the one pass leaves to them)
        t["engine"] = "phases"
        graph = Graph.from_graph_def(loaded.graph_def, source=loaded.source,
                                     node_sizes=loaded.node_sizes)
        t1 = clock()
        shapes = infer_shapes(graph)
        t2 = clock()
        counts = count(graph, shapes)
        t3 = clock()
        # as the CLI does: JSON and the table from the plain report data, other formats the Report
        build = build_report_data if plain else build_report
        report = build(graph, shapes, counts, source=loaded.source, fmt=loaded.format,
                       trainable=loaded.trainable)
        t4 = clock()
        t.update(graph=t1 - t0, shapes=t2 - t1, count=t3 - t2, report=t4 - t3)
        t1 = t4  # the render starts here
    out = render(report) if args.format == "json" else render(report, top=None)
    if not isinstance(out, str):  # JSON chunks are made as they are taken
        out = list(out)
    t5 = clock()
    if prof:
        prof.disable()
        prof.dump_stats(args.profile)
    t.update(render=t5 - t1, after_parse=t5 - t0, nodes=len(loaded.graph_def.node),
             out_chars=sum(map(len, out)) if isinstance(out, list) else len(out),
             tf_flops=(report.totals["tf_flops"] if isinstance(report.totals, dict)
                       else report.totals.tf_flops), macc_version=macc.__version__)
    print(json.dumps(t))


if __name__ == "__main__":
    main()
