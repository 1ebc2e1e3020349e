#!/usr/bin/env python3
"""Regenerate ``macc/proto/*_pb2.py`` from ``proto/macc/proto/*.proto``.

The ``*_pb2.py`` files are GENERATED and committed: never edit them by
hand; change the ``.proto`` sources and re-run this script, then commit both.
``tests/test_proto.py`` fails when the committed modules are stale.

Pinned generator: grpcio-tools == 1.62.3 (bundles protoc 25.1, i.e.
"Protobuf Python Version: 4.25.1" gencode).  That gencode predates the
``ValidateProtobufRuntimeVersion`` check emitted by newer protoc, so the
committed modules import on protobuf runtimes 4.25.x, 5.x, 6.x and 7.x
alike.  Newer grpcio-tools would tie the modules to a protobuf major version.

This script installs nothing.  grpcio-tools 1.62.3 declares protobuf<5, so
install it without its dependencies next to any protobuf runtime::

    pip install --no-deps grpcio-tools==1.62.3

Only message code is produced (``--python_out``; no gRPC service stubs).

Usage (from anywhere)::

    python proto/generate.py            # write into macc/proto/
    python proto/generate.py --out DIR  # write DIR/macc/proto/*_pb2.py
    python proto/generate.py --force    # run even with another grpcio-tools
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PINNED_GRPCIO_TOOLS = "1.62.3"

PROTO_ROOT = Path(__file__).resolve().parent  # holds macc/proto/*.proto
REPO_ROOT = PROTO_ROOT.parent


def proto_sources() -> list[str]:
    """The .proto files, as paths relative to PROTO_ROOT (sorted)."""
    return sorted(
        p.relative_to(PROTO_ROOT).as_posix()
        for p in (PROTO_ROOT / "macc" / "proto").glob("*.proto")
    )


def installed_grpcio_tools_version() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        return None
    try:
        return version("grpcio-tools")
    except PackageNotFoundError:
        return None


def generate(out_dir: Path) -> list[Path]:
    """Run the bundled protoc; return the written *_pb2.py paths."""
    import grpc_tools
    from grpc_tools import protoc

    wkt_include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = proto_sources()
    args = [
        "protoc",
        "-I" + str(PROTO_ROOT),
        "-I" + wkt_include,  # google/protobuf/{any,wrappers}.proto
        "--python_out=" + str(out_dir),
    ] + [str(PROTO_ROOT / s) for s in sources]
    rc = protoc.main(args)
    if rc != 0:
        raise RuntimeError("protoc failed with exit code %d" % rc)
    return [out_dir / s.replace(".proto", "_pb2.py") for s in sources]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO_ROOT,
                    help="output root (default: the repository root)")
    ap.add_argument("--force", action="store_true",
                    help="generate even if grpcio-tools is not the pinned version")
    ns = ap.parse_args(argv)

    found = installed_grpcio_tools_version()
    if found is None:
        print("grpcio-tools is not installed; run: "
              "pip install --no-deps grpcio-tools==%s" % PINNED_GRPCIO_TOOLS,
              file=sys.stderr)
        return 2
    if found != PINNED_GRPCIO_TOOLS:
        msg = ("grpcio-tools %s is installed but %s is pinned; the output "
               "would differ from the committed modules" % (found, PINNED_GRPCIO_TOOLS))
        if not ns.force:
            print("refusing: " + msg + " (use --force to override)", file=sys.stderr)
            return 2
        print("warning: " + msg, file=sys.stderr)

    for path in generate(ns.out):
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
