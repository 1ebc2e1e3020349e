"""The default table (``--by node`` in file order, no ``--top``/``--sort``) written straight from a
report's plain rows (:class:`~macc.report.data.ReportData`): no pydantic Report is built, and the
cells after a row's name are made once per row tail shared by a shape class. The text is exactly
:func:`macc.render.text.render_table`'s grid path (tests/test_nodetable.py compares them)."""

from __future__ import annotations

from .grid import footer, shape_text
from .numbers import number

HEADERS = ("name", "op", "output_shapes", "flops", "tf_flops", "maccs", "params", "formula")
_RIGHT = (False, False, False, True, True, True, True, False)  # the int columns


def node_table(data, exact: bool = False) -> str:
    names, tails = data.names, data.tails
    shared = data.shared
    numbers: dict = {}  # int -> its cell (numbers repeat a lot)
    shape_texts: dict = {}

    def cells(tail) -> tuple:
        """The cells after the name: op, output shapes, flops, tf_flops, maccs, params, formula."""
        op, outs, flops, tf, maccs, params, _status, formula = tail
        key = repr(outs)  # repr tells 1 from True, which compare equal
        shapes = shape_texts.get(key)
        if shapes is None:
            shapes = shape_texts[key] = shape_text(outs)
        nums = []
        for v in (flops, tf, maccs, params):
            t = numbers.get(v) if type(v) is int else None
            if t is None:
                t = number(v, exact)
                if type(v) is int:
                    numbers[v] = t
            nums.append(t)
        return (op if type(op) is str else str(op), shapes, *nums,
                formula if type(formula) is str else str(formula))

    made: dict = {}  # id(shared tail) -> its cells
    per_row = []
    append = per_row.append
    distinct = []  # every cells tuple once
    name_width = max(len(HEADERS[0]), len("TOTAL"))  # the total line's label is in this column
    for name, tail in zip(names, tails):
        n = len(name)
        if n > name_width:
            name_width = n
        if id(tail) not in shared:
            c = cells(tail)
            distinct.append(c)
        else:
            c = made.get(id(tail))
            if c is None:
                c = made[id(tail)] = cells(tail)
                distinct.append(c)
        append(c)
    t = data.totals
    total = ("", "", *(number(t[m], exact) for m in ("flops", "tf_flops", "maccs", "params")), "")
    widths = [name_width] + [max(len(h), len(total[i]), max((len(c[i]) for c in distinct),
                                                           default=0))
                             for i, h in enumerate(HEADERS[1:])]
    specs = [("%%%ds" if r else "%%-%ds") % w for r, w in zip(_RIGHT, widths)]
    fixed = "  ".join(specs)
    rest = "  ".join(specs[1:])
    name_spec = specs[0] + "  "
    lines: dict = {}  # id(cells) -> the line after the name
    body = []
    add = body.append
    for name, c in zip(names, per_row):
        text = lines.get(id(c))
        if text is None:
            text = lines[id(c)] = (rest % c).rstrip()
        # the name padded to its column, then the rest: the grid's one line, rstripped
        add(name_spec % name + text if text else (name_spec % name).rstrip())
    rule = (fixed % tuple("-" * w for w in widths)).rstrip()
    title = f"{data.source} ({data.format}): {len(names)} nodes, per node"
    out = [title, (fixed % HEADERS).rstrip(), rule, *body, rule,
           (fixed % ("TOTAL", *total)).rstrip(), *footer(data)]
    return "\n".join(out) + "\n"
