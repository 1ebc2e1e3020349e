"""The ``macc`` command line. Exit 0 on success, 1 on bad input, 2 on bad usage."""

from __future__ import annotations

import argparse
import sys

from .errors import MaccError, UsageError

FORMATS = ("table", "json", "csv", "markdown")


def _input_arg(text: str):
    from .shapes import parse_override
    name, sep, dims = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=D0,D1,..., got '{text}'")
    try:
        return name, parse_override(dims)
    except UsageError as e:
        raise argparse.ArgumentTypeError(e.detail) from None


def _positive(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="macc", description="FLOPs, MACCs and parameters of "
                                "TensorFlow graphs, without TensorFlow.")
    from . import __version__
    p.add_argument("--version", action="version", version=f"macc {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    prof = sub.add_parser("profile", help="count a GraphDef (.pb/.pbtxt)")
    prof.add_argument("path")
    prof.add_argument("--input", action="append", type=_input_arg, default=[],
                      metavar="NAME=D0,D1,...", help="set a placeholder's shape (? or -1 = unknown)")
    prof.add_argument("--batch", type=_positive, help="fill every unknown leading input dim")
    prof.add_argument("--format", choices=FORMATS, default="table")
    prof.add_argument("--by", choices=("node",), default="node")
    prof.add_argument("--top", type=_positive, help="only the K costliest nodes (by flops)")
    return p


def _profile(args) -> str:
    from .api import profile
    from .render import RENDERERS
    inputs = dict(args.input)
    report = profile(args.path, inputs=inputs, batch=args.batch)
    if args.format == "json":
        return RENDERERS["json"](report)
    return RENDERERS[args.format](report, top=args.top)


COMMANDS = {"profile": _profile}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage
    try:
        out = COMMANDS[args.command](args)
    except UsageError as e:
        print(f"macc: error: {e}", file=sys.stderr)
        return 2
    except MaccError as e:
        print(f"macc: error: {e}", file=sys.stderr)
        return 1
    except RecursionError:
        print("macc: error: the graph is nested too deeply to process", file=sys.stderr)
        return 1
    except MemoryError:
        print("macc: error: out of memory reading the model", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return 0
