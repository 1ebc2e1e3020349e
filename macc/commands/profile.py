"""``macc profile PATH``: count a model file."""

from __future__ import annotations

from . import INPUT_HELP, add_model_options, input_shape, input_shapes, positive_int

FORMATS = ("table", "json", "csv", "markdown", "latex", "html")
SORTS = ("flops", "tf_flops", "maccs", "params")


def add_parser(sub):
    p = sub.add_parser("profile", help="count a graph file (.pb, .pbtxt, .meta, SavedModel dir)",
                       description="Count FLOPs, TF-style FLOPs, MACCs and parameters of a graph.")
    p.add_argument("path", help="a GraphDef (.pb binary or .pbtxt text), a MetaGraphDef (.meta) "
                                "or a SavedModel directory; told apart by content")
    p.add_argument("--input", action="append", type=input_shape, default=[],
                   metavar="NAME=D0,D1,...", help=INPUT_HELP)
    p.add_argument("--batch", type=positive_int, metavar="N",
                   help="fill every unknown leading input dim")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--by", choices=("node", "op", "scope"), default="node",
                   help="rows per node (default), per op type, or per name scope as a tree")
    p.add_argument("--top", type=positive_int, metavar="K",
                   help="only the K costliest rows (per scope level for --by scope); the rest "
                        "are summed in one row")
    p.add_argument("--sort", choices=SORTS, help="order rows by this column, largest first")
    p.add_argument("--depth", type=positive_int, metavar="D",
                   help="--by scope: show D levels of the tree")
    p.add_argument("--exact", action="store_true",
                   help="full integers instead of 7.43 k / 4.09 G (table, markdown, latex, html)")
    add_model_options(p)
    return p


def run(args):
    from ..api import profile_data
    from ..errors import UsageError
    from ..render import RENDERERS
    if args.depth is not None and args.by != "scope":
        raise UsageError("--depth applies to --by scope")
    report = profile_data(args.path, inputs=input_shapes(args.input), batch=args.batch,
                          signature=args.signature, tag=args.tag,
                          whole_graph=args.whole_graph)
    if args.format == "json":  # the plain data (no pydantic import), written as UTF-8 chunks
        from ..render.jsonfmt import render_json_chunks
        return render_json_chunks(report, by=args.by, sort=args.sort, top=args.top,
                                  depth=args.depth)
    if args.format != "table":  # the table takes the plain data too
        report = report.to_report()
    return RENDERERS[args.format](report, by=args.by, sort=args.sort, top=args.top,
                                  depth=args.depth, exact=args.exact)
