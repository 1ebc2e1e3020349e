"""Reading a whole input file without hanging and without unbounded memory.

A FIFO nobody writes to would block ``open()`` forever: it is opened with ``O_NONBLOCK`` (which
never blocks), then the flag is cleared, so a pipe with a writer (``<(cat model.pb)``,
``/dev/stdin``) is read to its end as usual and one without reads as empty. Nothing bigger than
2 GiB is read: protobuf refuses messages past 2 GiB, so no GraphDef, MetaGraphDef or SavedModel
can be larger. A regular file says its size before any byte is read (a sparse 3 GiB file fails at
once); a stream (pipe, device) is read in chunks up to the limit.
"""

from __future__ import annotations

import fcntl
import os
import stat

from ..errors import FormatError

MAX_BYTES = 2 << 30  # protobuf's hard limit on a serialized message
_CHUNK = 1 << 20


def _size_text(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB" if n >= 1 << 30 else f"{n:,} bytes"


def read_bytes(path: str, *, what: str = "a GraphDef", limit: int = MAX_BYTES,
               error=FormatError) -> bytes:
    """The bytes of ``path``; ``error`` (a MaccError class) naming the file when it is missing,
    a directory, unreadable or over ``limit`` bytes. ``what`` is what the file should hold (for
    the messages)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error("no such file or directory", path=path) from None
    except IsADirectoryError:
        raise error(f"is a directory, not {what}", path=path) from None
    except OSError as e:
        raise error(f"cannot read: {e.strerror or e}", path=path) from None
    except ValueError:  # a NUL in the path
        raise error("is not a valid path (it holds a NUL character)", path=path) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(f"is a directory, not {what}", path=path)
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)  # a pipe with a writer: wait for it
        limit_text = ("2 GiB, protobuf's limit for one message" if limit == MAX_BYTES else
                      f"{limit:,} bytes, the most macc reads")
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = None
            if stat.S_ISREG(st.st_mode):
                if st.st_size > limit:
                    raise error(f"is {_size_text(st.st_size)}, over {limit_text} (not {what})",
                                path=path)
                data = f.read()  # one read of the size fstat gave: the common case
            else:
                data = _read_stream(f, limit, path, what, error)
    except OSError as e:
        raise error(f"cannot read: {e.strerror or e}", path=path) from None
    finally:
        if fd is not None:
            os.close(fd)
    if len(data) > limit:  # a stream, or a file that grew while read
        raise error(f"is over {limit_text} (not {what})", path=path)
    if not data and stat.S_ISFIFO(st.st_mode):
        raise error("is a pipe with nothing written to it (no writer, or an empty one)", path=path)
    return data


def _read_stream(f, limit: int, path: str, what: str, error) -> bytes:
    """At most ``limit + 1`` bytes of a pipe or device, in chunks. A stream whose first byte is
    zero stops there (``/dev/zero``): no protobuf message and no text starts with one."""
    parts: list[bytes] = []
    got = 0
    while got <= limit:
        chunk = f.read(min(_CHUNK, limit + 1 - got))
        if not chunk:
            break
        if not parts and chunk[:1] == b"\0":
            raise error(f"is not {what} (a stream starting with a zero byte, as no protobuf "
                        "message or text does)", path=path)
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)
