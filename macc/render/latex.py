"""LaTeX rendering: a booktabs ``tabular`` for every view, ready to ``\\input`` into a paper.

Needs ``\\usepackage{booktabs}``. Numbers are human-friendly (4.09\\,G) unless ``exact``
(4{,}090{,}000{,}000).
"""

from __future__ import annotations

from .grid import build_grid
from .numbers import number, percent

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "·": r"$\cdot$", "−": r"$-$", "×": r"$\times$", "…": r"\ldots{}"}
_TABLE = str.maketrans(_SPECIAL)


def latex_escape(text: str) -> str:
    return str(text).translate(_TABLE)


def _num(value: int, exact: bool) -> str:
    return number(value, exact).replace(",", "{,}").replace(" ", r"\,")


def render_latex(report, by: str = "node", sort: str | None = None, top: int | None = None,
                 depth: int | None = None, exact: bool = False) -> str:
    grid = build_grid(report, by, sort=sort, top=top, depth=depth)
    idx = [i for i, c in enumerate(grid.columns) if not c.csv_only]
    cols = [grid.columns[i] for i in idx]

    def cells(row, bold=False):
        out = []
        for i, c in zip(idx, cols):
            v = row[i]
            if c.kind in ("int", "count"):
                t = _num(v, exact or c.kind == "count")
            elif c.kind == "share":
                t = percent(v).replace(" %", r"\,\%").replace("<", r"$<$")
            elif c.kind == "tree":
                t = (rf"\hspace{{{v[0]}em}}" if v[0] else "") + latex_escape(v[1])
            else:
                t = latex_escape(v)
            out.append(rf"\textbf{{{t}}}" if bold and t else t)
        return " & ".join(out) + r" \\"

    spec = "".join("r" if c.kind in ("int", "count", "share") else "l" for c in cols)
    out = [f"% {latex_escape(grid.title)}", rf"\begin{{tabular}}{{{spec}}}", r"\toprule",
           " & ".join(latex_escape(c.header) for c in cols) + r" \\", r"\midrule"]
    out += [cells(r) for r in grid.rows]
    out += [r"\midrule", cells(grid.total, bold=True), r"\bottomrule", r"\end{tabular}"]
    out += [f"% {latex_escape(f)}" for f in grid.footer]
    return "\n".join(out) + "\n"
