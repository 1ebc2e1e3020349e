"""``macc layers SPEC``: a hand-built layer spec (JSON/TOML file or zoo name) as a paper table."""

from __future__ import annotations

from . import positive_float, positive_int

FORMATS = ("table", "markdown", "latex", "csv", "json")


def add_parser(sub):
    p = sub.add_parser("layers", help="count a hand-built layer spec or a zoo network",
                       description="Per-layer output shapes, params, MACCs, FLOPs and TF FLOPs of "
                                   "a layer spec (.json or .toml) or of a bundled zoo network.")
    p.add_argument("spec", nargs="?", help="spec file, or a zoo name (see --list)")
    p.add_argument("--list", action="store_true", help="list the bundled zoo networks")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--units", choices=("exact", "auto", "K", "M", "G"), default="exact",
                   help="exact numbers, or scaled with a K/M/G suffix (auto: per number); "
                        "table, markdown and latex only: csv and json always hold exact integers")
    p.add_argument("--digits", type=int, default=2, help="decimals of scaled numbers (default 2)")
    p.add_argument("--batch", type=positive_int, help="override the spec's batch size")
    p.add_argument("--input", metavar="D0,D1,...",
                   help="replace the spec's per-example input shape, same rank (e.g. 320,320,3: "
                        "the network at 320x320; the batch is --batch)")
    p.add_argument("--width", type=positive_float, metavar="W",
                   help="replace the spec's width multiplier (every conv layer's filters; "
                        "truncated, or rounded as the spec's width_divisor says. The zoo's "
                        "MobileNet V2/V3 and EfficientNet files list their rounded channels: "
                        "use their named variants)")
    p.add_argument("--by", choices=("layer", "kind"), default="layer",
                   help="one row per layer, or per layer kind (e.g. 'Conv2D 1×1')")
    p.add_argument("--export", metavar="PATH",
                   help="also write the spec as a binary GraphDef (for TF's profiler)")
    return p


def run(args):
    from ..errors import MaccError, SpecError, UsageError
    from ..layers import count_lowered, load, lower, zoo_names
    from ..layers.render import RENDERERS
    if args.list:
        if args.spec:
            raise UsageError(f"--list takes no spec ('{args.spec}'): macc layers --list, or "
                             f"macc layers {args.spec}")
        return "\n".join(zoo_names())
    if not args.spec:
        raise UsageError("give a spec file or a zoo name (macc layers --list shows the zoo)")
    if not 0 <= args.digits <= 9:
        raise UsageError(f"--digits must be between 0 and 9, got {args.digits}")
    try:
        net = load(args.spec)
    except RecursionError:
        raise SpecError("is nested too deeply to parse (JSON or TOML nested past Python's "
                        "recursion limit)", path=args.spec) from None
    if args.batch:
        net = net.model_copy(update={"batch": args.batch})
    if args.input is not None:
        net = net.model_copy(update={"input": _input_shape(net, args.input, args.spec)})
    if args.width is not None:
        net = net.model_copy(update={"width": args.width})
    low = lower(net, args.spec)
    if args.export:
        try:
            with open(args.export, "wb") as f:
                f.write(low.graph_def.SerializeToString(deterministic=True))
        except OSError as e:
            raise MaccError(f"cannot write the export: {e.strerror}", path=args.export) from None
    table, _ = count_lowered(low, args.spec)
    if args.by == "kind":
        table = _by_kind(table)
    return RENDERERS[args.format](table, units=args.units, digits=args.digits)


def _input_shape(net, text: str, spec: str) -> list[int]:
    """``--input``'s dims: positive ints, as many as the spec's own input has."""
    from ..errors import UsageError
    from ..inputs import INT64_MAX
    if net.input is None:
        raise UsageError(f"--input: {spec} has no top-level 'input' (its inputs are Input "
                         f"layers, which keep their shapes)")
    dims = []
    for part in text.strip().strip("[]()").split(","):
        part = part.strip()
        ok = part.isascii() and part.isdigit() and len(part) <= 19  # int() of 10^4 digits refuses
        if not ok or not 1 <= int(part) <= INT64_MAX:
            raise UsageError(f"--input: bad dim '{part}' in '{text}' (want positive ints "
                             f"separated by commas, e.g. 320,320,3)")
        dims.append(int(part))
    if len(dims) != len(net.input):
        raise UsageError(f"--input: {','.join(map(str, dims))} has rank {len(dims)}, the "
                         f"spec's input {net.input} has rank {len(net.input)} (the batch is "
                         f"--batch, not part of --input)")
    return dims


def _by_kind(table):
    from ..layers import LayerRow
    rows = [LayerRow(name=f"{kind} ×{s['count']}", type=kind, kind=kind, output_shape=None,
                     params=s["params"], maccs=s["maccs"], flops=s["flops"],
                     tf_flops=s["tf_flops"])
            for kind, s in table.by_kind().items()]
    return table.model_copy(update={"layers": rows})
