"""``macc profile PATH``: count a model file."""

from __future__ import annotations

from . import input_shape, positive_int

FORMATS = ("table", "json", "csv", "markdown")


def add_parser(sub):
    p = sub.add_parser("profile", help="count a graph file (.pb, .pbtxt)",
                       description="Count FLOPs, TF-style FLOPs, MACCs and parameters of a graph.")
    p.add_argument("path")
    p.add_argument("--input", action="append", type=input_shape, default=[],
                   metavar="NAME=D0,D1,...", help="set a placeholder's shape (? or -1 = unknown)")
    p.add_argument("--batch", type=positive_int, help="fill every unknown leading input dim")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--by", choices=("node",), default="node")
    p.add_argument("--top", type=positive_int, help="only the K costliest nodes (by flops)")
    return p


def run(args):
    from ..api import profile
    from ..render import RENDERERS
    report = profile(args.path, inputs=dict(args.input), batch=args.batch)
    if args.format == "json":
        return RENDERERS["json"](report)
    return RENDERERS[args.format](report, top=args.top)
