"""``macc check PATH --tfprof FILE | --run-tf``: diff macc's tf_flops against TF's profiler.

Exit 0 when every node (and the total, when TF's output has one) agrees, 1 when any differs.
"""

from __future__ import annotations

from . import INPUT_HELP, add_model_options, input_shape, input_shapes, positive_int


def add_parser(sub):
    p = sub.add_parser("check", help="diff tf_flops against TF profiler output, node by node",
                       description="Compare macc's tf_flops with TensorFlow's profiler: its text "
                       "report (scope or graph view node by node, op view per op type, code "
                       "view by total), a serialized GraphNodeProto or JSON {node: flops}.")
    p.add_argument("path")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--tfprof", metavar="FILE", help="TF's profiler output")
    src.add_argument("--run-tf", action="store_true",
                     help="run TF's profiler here (needs tensorflow importable)")
    p.add_argument("--input", action="append", type=input_shape, default=[],
                   metavar="NAME=D0,D1,...", help=INPUT_HELP)
    p.add_argument("--batch", type=positive_int, help="fill every unknown leading input dim")
    add_model_options(p)
    return p


def run(args):
    from ..api import profile
    from ..check import compare, read_tfprof, render, run_tf
    from ..errors import UsageError
    if args.run_tf and (args.input or args.batch):
        raise UsageError("--run-tf runs TF on the graph's own shapes; with --input/--batch the two "
                         "sides would count different shapes (give TF's output with --tfprof)")
    report = profile(args.path, inputs=input_shapes(args.input), batch=args.batch,
                     signature=args.signature, tag=args.tag,
                     whole_graph=args.whole_graph)
    if args.run_tf:
        prof, shown = run_tf(args.path, signature=args.signature, tag=args.tag,
                             whole_graph=args.whole_graph), "TensorFlow"
    else:
        prof, shown = read_tfprof(args.tfprof), args.tfprof
    result = compare(report, prof)
    return render(result, prof, path=args.path, tfprof=shown), 0 if result.ok else 1
