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


def add_model_options(p) -> None:
    """``--signature``/``--tag``: which signature and tag set of a SavedModel (or .meta)."""
    p.add_argument("--signature", metavar="NAME",
                   help="SavedModel/MetaGraphDef signature to count (default: serving_default)")
    p.add_argument("--tag", metavar="TAG", help="SavedModel tag set to use (default: serve)")


def positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    return v


def input_shape(text: str):
    """``NAME=D0,D1,...`` -> (name, dims)."""
    from ..errors import UsageError
    from ..shapes import parse_override
    name, sep, dims = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=D0,D1,..., got '{text}'")
    try:
        return name, parse_override(dims)
    except UsageError as e:
        raise argparse.ArgumentTypeError(e.detail) from None
