"""``macc ops``: every supported op with its three formulas, and the ops known to cost 0."""

from __future__ import annotations

import json

FORMATS = ("table", "json", "markdown")


def add_parser(sub):
    p = sub.add_parser("ops", help="list every supported op and its three formulas",
                       description="Every op with a cost formula (exact FLOPs, TF-style FLOPs, "
                                   "MACCs), then the ops that do no arithmetic.")
    p.add_argument("--format", choices=FORMATS, default="table")
    return p


def rows():
    """(op, flops, tf_flops, maccs) for every registered formula, sorted by op name."""
    from ..costs import DOCS, load_all
    load_all()
    return [(op, *DOCS[op]) for op in sorted(DOCS)]


def render(fmt: str) -> str:
    from ..costs import STRUCTURAL_OPS, UNCOUNTED_OPS, ZERO_OPS
    table, zero, structural = rows(), sorted(ZERO_OPS), sorted(STRUCTURAL_OPS)
    uncounted = sorted(UNCOUNTED_OPS)
    if fmt == "json":
        return json.dumps({"ops": {op: {"flops": f, "tf_flops": t, "maccs": m}
                                   for op, f, t, m in table},
                           "zero": zero, "structural": structural, "uncounted": uncounted},
                          indent=1, ensure_ascii=False)
    if fmt == "markdown":
        lines = ["| op | flops (exact) | tf_flops | maccs |", "|---|---|---|---|"]
        lines += [f"| {op} | {f} | {t} | {m} |" for op, f, t, m in table]
        lines += ["", f"Zero ({len(zero)} ops, no arithmetic): " + ", ".join(zero)]
        lines += ["", f"Structural ({len(structural)} ops, counted through their bodies): "
                  + ", ".join(structural)]
        lines += ["", f"Sized, not counted ({len(uncounted)} ops, reported as unsupported: their "
                  "work depends on the values): " + ", ".join(uncounted)]
        return "\n".join(lines)
    width = max(len(op) for op, *_ in table)
    lines = [f"{'op':<{width}}  flops / tf_flops / maccs"]
    for op, f, t, m in table:
        lines.append(f"{op:<{width}}  flops: {f}")
        lines.append(f"{'':<{width}}  tf:    {t}")
        lines.append(f"{'':<{width}}  maccs: {m}")
    lines += ["", f"{len(table)} ops with formulas; {len(zero)} ops cost 0 (no arithmetic):"]
    lines += _wrap(", ".join(zero), 100)
    lines += ["", f"{len(structural)} structural ops (calls and control flow, counted through "
              "their bodies):"]
    lines += _wrap(", ".join(structural), 100)
    lines += ["", f"{len(uncounted)} ops sized but not counted (reported as unsupported: their "
              "work depends on the values):"]
    lines += _wrap(", ".join(uncounted), 100)
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return out


def run(args):
    return render(args.format)
