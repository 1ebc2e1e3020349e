"""The ``macc`` command line. Exit 0 on success, 1 on bad input, 2 on bad usage."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .commands import COMMANDS
from .errors import MaccError, UsageError
from .gcoff import no_gc


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    from . import __version__
    p = argparse.ArgumentParser(prog="macc", description="FLOPs, MACCs and parameters of "
                                "TensorFlow graphs, without TensorFlow.")
    p.add_argument("--version", action="version", version=f"macc {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    modules = {}
    for name in COMMANDS:
        mod = importlib.import_module(f"macc.commands.{name}")
        mod.add_parser(sub)
        modules[name] = mod
    return p, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage
    code = 0
    try:
        with no_gc():  # no garbage cycles are made: the collector would only re-walk the report
            out = modules[args.command].run(args)
            if isinstance(out, tuple):
                out, code = out
            if out is not None and not isinstance(out, str):
                # UTF-8 chunks made as they are written: errors while making them are caught here
                _write_chunks(out)
                out = None
    except BrokenPipeError:
        return code
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
    except Exception as e:  # a bug in macc: still one line; MACC_DEBUG=1 shows the traceback
        if os.environ.get("MACC_DEBUG"):
            raise
        detail = " ".join(str(e).split())
        print(f"macc: error: internal error ({type(e).__name__}: {detail}); please report it "
              "(MACC_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1
    try:
        if out:
            sys.stdout.write(out)
            if not out.endswith("\n"):
                sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return code


def _write_chunks(chunks) -> None:
    """Write UTF-8 chunks (an iterable of bytes) and a final newline: to stdout's byte stream
    when it has one (no decoding of a text that can be hundreds of MB), else as text."""
    out = sys.stdout
    buf = getattr(out, "buffer", None)
    if buf is None:
        for chunk in chunks:
            out.write(chunk.decode())
        out.write("\n")
        return
    out.flush()  # anything written as text before goes first
    for chunk in chunks:
        buf.write(chunk)
    buf.write(b"\n")
    buf.flush()
