"""Rewrite the generated parts of docs/conventions.md from the registry: the table of formulas
(``macc ops --format markdown``) and the list of the zero set. ``python -m tools.conventions_tables``;
tests/test_ops_cmd.py checks that the doc lists every registered op."""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "conventions.md"
HEADER = "| op | flops (exact) | tf_flops | maccs |"


def main() -> None:
    from macc.commands.ops import render
    generated = render("markdown").split("\n")
    table = [line for line in generated if line.startswith("|")]
    zero = next(line for line in generated if line.startswith("Zero (")).split(": ", 1)[1]
    lines = DOC.read_text().split("\n")
    start = lines.index(HEADER)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[start:end] = table
    # the zero set's list: the one line after "## Zero set" that starts with its first op
    first = zero.split(", ")[0] + ", "
    at = next(i for i, line in enumerate(lines) if line.startswith(first))
    lines[at] = zero
    DOC.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
