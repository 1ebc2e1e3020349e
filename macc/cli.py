"""The ``macc`` command line. Exit 0 on success, 1 on bad input, 2 on bad usage."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# The command's numpy work is folding a few small constants. OpenBLAS starts a thread per core
# when numpy is imported, and those threads only cost the run CPU time (about 0.1 s of a second
# core, measured per run on the 2-core benchmark machine; docs/performance.md). Set before numpy
# loads; a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .commands import COMMANDS  # noqa: E402
from .errors import MaccError, UsageError  # noqa: E402
from .gcoff import no_gc  # noqa: E402


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
    except _WriteFailed as e:
        return _output_failed(e.error, code)
    except UsageError as e:
        print(f"macc: error: {e}", file=sys.stderr)
        return 2
    except MaccError as e:
        print(f"macc: error: {e}", file=sys.stderr)
        return 1
    except RecursionError:  # the commands name what is nested where they can
        where = getattr(args, "path", None) or getattr(args, "spec", None)
        print(f"macc: error: {where + ': ' if where else ''}is nested too deeply to process",
              file=sys.stderr)
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
        stdout = _stdout()
        if out:
            stdout.write(out)
            if not out.endswith("\n"):
                stdout.write("\n")
        stdout.flush()
    except OSError as e:
        return _output_failed(e, code)
    return code


class _WriteFailed(Exception):
    """Writing the output failed (not making it): ``error`` is the OSError."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _stdout():
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise OSError(9, "standard output is closed")
    return sys.stdout


def _output_failed(e: OSError, code: int) -> int:
    """A failed write of the output: quiet when the reader went away (``| head -1``), else one
    line (``> /dev/full``: No space left on device), exit 1. stdout then points at /dev/null so
    that the interpreter's last flush at exit has nowhere to fail."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != 1:
            os.dup2(null, 1)
            os.close(null)
    except OSError:
        pass
    if isinstance(e, BrokenPipeError):
        return code
    print(f"macc: error: cannot write the output: {e.strerror or e}", file=sys.stderr)
    return 1


def _write_chunks(chunks) -> None:
    """Write UTF-8 chunks (an iterable of bytes) and a final newline: to stdout's byte stream
    when it has one (no decoding of a text that can be hundreds of MB), else as text. A failed
    write raises :class:`_WriteFailed` (an error while making a chunk propagates as itself)."""
    try:
        out = _stdout()
        buf = getattr(out, "buffer", None)
        if buf is None:
            def write(chunk):
                out.write(chunk.decode())
        else:
            out.flush()  # anything written as text before goes first
            write = buf.write
    except OSError as e:
        raise _WriteFailed(e) from None
    for chunk in chunks:
        try:
            write(chunk)
        except OSError as e:
            raise _WriteFailed(e) from None
    try:
        write(b"\n")
        (out if buf is None else buf).flush()
    except OSError as e:
        raise _WriteFailed(e) from None
