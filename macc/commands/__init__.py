"""The CLI's subcommands: one module each, with ``add_parser(subparsers)`` and ``run(args) -> str``.

A subcommand returns the text to print, or an iterator of UTF-8 chunks to write in order
(``profile --format json``: hundreds of MB on big graphs, made while written); bad input raises
:class:`macc.MaccError` (exit 1). A command that decides its own exit code (``check``) may return
``(text, code)``.
"""

from __future__ import annotations

import argparse

# module names under macc.commands, in the order `macc --help` lists them
COMMANDS = ["profile", "layers", "check", "ops"]


INPUT_HELP = ("set an input's shape: ? or -1 = unknown dim, NAME= (nothing after =) a scalar. "
              "A placeholder's (Placeholder, PlaceholderWithDefault, _Arg...) given shape "
              "replaces the declared one; on any other node it may only fill in dims the graph "
              "leaves unknown (a conflict with a known dim is an error). Once per NAME")


def add_model_options(p) -> None:
    """``--signature``/``--tag``: which signature and tag set of a SavedModel (or .meta)."""
    p.add_argument("--signature", metavar="NAME",
                   help="signature to count: a SavedModel's default is serving_default (or its "
                        "only signature); a MetaGraphDef (.meta) counts the whole graph unless "
                        "given one of its signatures")
    p.add_argument("--whole-graph", action="store_true",
                   help="count every node of a SavedModel's MetaGraphDef, not one signature's "
                        "(what TF1's loader puts in a session's graph: training and "
                        "initialization ops too)")
    p.add_argument("--tag", metavar="TAG[,TAG...]",
                   help="the tag set of the SavedModel's (or .meta's) MetaGraphDef, "
                        "comma-separated (default: serve; '' for the empty set of a TF1 hub "
                        "module)")


def positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'") from None
    if not 0 < v < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'")
    return v


def positive_int(text: str) -> int:
    from ..inputs import INT64_MAX
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    if v > INT64_MAX:
        raise argparse.ArgumentTypeError(f"expected a positive integer up to 2**63-1 (int64), "
                                         f"got '{text}'")
    return v


def input_shape(text: str):
    """``NAME=D0,D1,...`` -> (name, dims)."""
    from ..errors import UsageError
    from ..inputs import INT64_MAX
    from ..shapes import parse_override
    name, sep, dims = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=D0,D1,..., got '{text}'")
    try:
        shape = parse_override(dims)
    except UsageError as e:
        raise argparse.ArgumentTypeError(e.detail) from None
    if any(d is not None and d > INT64_MAX for d in shape):
        raise argparse.ArgumentTypeError(f"a dim in '{text}' is over 2**63-1 (TensorFlow's dims "
                                         "are int64)")
    return name, shape


def input_shapes(pairs) -> dict:
    """``--input`` pairs -> {name: dims}; a name given twice is a usage error."""
    from ..errors import UsageError
    out: dict = {}
    for name, dims in pairs:
        if name in out:
            raise UsageError(f"--input {name} is given twice ({_dims(out[name])} and "
                             f"{_dims(dims)}): give each input once")
        out[name] = dims
    return out


def _dims(dims) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"
