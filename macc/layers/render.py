"""Paper tables of a :class:`LayerTable`: terminal text, Markdown, LaTeX (booktabs), CSV, JSON.

Numbers are exact (``4,231,976``) or scaled to a unit with a suffix (``4.23 M``): ``units`` is
``exact``, ``auto`` (each number its own K/M/G) or one of ``K``, ``M``, ``G`` for a whole column
set in one unit. Output shapes are per example (the batch dim is dropped).
"""

from __future__ import annotations

import csv
import io
import json

COLUMNS = ("layer", "type", "output", "params", "maccs", "flops", "tf_flops")
NUMERIC = ("params", "maccs", "flops", "tf_flops")
UNITS = ("exact", "auto", "K", "M", "G")
_SCALE = {"K": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9}


def fmt_number(n: int, units: str = "exact", digits: int = 2) -> str:
    if units == "exact":
        return f"{n:,}"
    unit = units
    if units == "auto":
        unit = next((u for u in ("G", "M", "K") if abs(n) >= _SCALE[u]), "")
        if not unit:
            return str(n)
    return f"{n / _SCALE[unit]:.{digits}f} {unit}"


def shape_text(shape, times: str = "×") -> str:
    if shape is None:  # a row that sums layers (--by kind) has no one output
        return ""
    return times.join("?" if d is None else str(d) for d in shape) or "scalar"


def _cells(table, units, digits, times="×"):
    for r in table.layers:
        yield [r.name, r.kind, shape_text(r.output_shape, times),
               *(fmt_number(getattr(r, c), units, digits) for c in NUMERIC)]


def _total(table, units, digits):
    t = table.totals
    return ["total", "", "", *(fmt_number(getattr(t, c), units, digits) for c in NUMERIC)]


def _title(table) -> str:
    batch = f", batch {table.batch}" if table.batch != 1 else ""
    return f"{table.network}{batch}"


def render_table(table, units="exact", digits=2) -> str:
    body = list(_cells(table, units, digits))
    total = _total(table, units, digits)
    widths = [max(len(h), *(len(r[i]) for r in body + [total])) for i, h in enumerate(COLUMNS)]

    def line(cells):
        return "  ".join(c.rjust(w) if i >= 3 else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = line(["-" * w for w in widths])
    out = [_title(table), line(COLUMNS), rule, *(line(r) for r in body), rule, line(total),
           f"weights (params + batch-norm statistics and constants): {table.totals.weights:,}"]
    out += [f"warning: {w}" for w in table.warnings]
    return "\n".join(out) + "\n"


def render_markdown(table, units="exact", digits=2) -> str:
    def esc(c):
        return c.replace("|", "\\|")

    out = ["| " + " | ".join(COLUMNS) + " |",
           "|" + "|".join("---:" if c in NUMERIC else "---" for c in COLUMNS) + "|"]
    for row in _cells(table, units, digits):
        out.append("| " + " | ".join(esc(c) for c in row) + " |")
    out.append("| " + " | ".join(f"**{c}**" if c else "" for c in _total(table, units, digits))
               + " |")
    return "\n".join(out) + "\n"


_LATEX_ESC = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
              "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
              "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_ESC.get(c, c) for c in text)


def render_latex(table, units="exact", digits=2) -> str:
    """A booktabs ``tabular`` (needs ``\\usepackage{booktabs}``); shapes in math mode."""
    def num(c):
        value, _, unit = c.partition(" ")
        value = f"${value.replace(',', '{,}')}$"
        return f"{value}\\,{unit}" if unit else value

    head = ["Layer", "Type", "Output", "Params", "MACCs", "FLOPs", "TF FLOPs"]
    out = [f"% {latex_escape(_title(table))}: macc layers"
           + (f"; {table.reference}" if table.reference else ""),
           r"\begin{tabular}{llrrrrr}", r"\toprule", " & ".join(head) + r" \\", r"\midrule"]
    for row in _cells(table, units, digits, times=r"\times "):
        name, kind, shape, *nums = row
        name, kind = (latex_escape(t).replace("×", r"$\times$") for t in (name, kind))
        shape = f"${shape.strip()}$" if shape not in ("", "scalar") else shape
        out.append(" & ".join([name, kind, shape, *(num(c) for c in nums)])
                   + r" \\")
    out.append(r"\midrule")
    _, _, _, *nums = _total(table, units, digits)
    out.append(" & ".join(["Total", "", "", *(num(c) for c in nums)]) + r" \\")
    out += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(out) + "\n"


def render_csv(table, units="exact", digits=2) -> str:
    """Always exact integers, as JSON and ``macc profile``'s CSV: a spreadsheet scales them
    itself, and a scaled string in a number column is no number (``units``, ``digits``:
    accepted for the common signature, not used)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in table.layers:
        w.writerow([r.name, r.kind, shape_text(r.output_shape, "x"),
                    *(getattr(r, c) for c in NUMERIC)])
    t = table.totals
    w.writerow(["total", "", "", *(getattr(t, c) for c in NUMERIC)])
    return buf.getvalue()


def render_json(table, units="exact", digits=2) -> str:
    """Always exact integers (a machine reads JSON)."""
    d = {"source": table.source, "format": "layers", **table.model_dump(mode="json")}
    return json.dumps(d, indent=2, ensure_ascii=False)


RENDERERS = {"table": render_table, "markdown": render_markdown, "latex": render_latex,
             "csv": render_csv, "json": render_json}
