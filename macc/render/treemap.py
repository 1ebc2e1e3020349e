"""Where the compute goes: the scope cells of a treemap and their squarified layout. Pure data.

Cells start as the scope tree's roots; the largest cell is opened into its children (plus its own
node, if it has a cost) while it holds more than ``OPEN_SHARE`` of the total or there are fewer
than ``MIN_CELLS`` cells, so a one-root Keras graph shows its layers and a BERT shows its blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..report.views import scope_tree

OPEN_SHARE = 0.35
MIN_CELLS = 6
MAX_CELLS = 80        # beyond this the smallest cells are folded into one "other" cell


@dataclass
class Cell:
    label: str
    path: str
    value: int
    nodes: int
    op: str | None = None        # the op type holding most of the cell's value
    other: int = 0               # > 0: stands for this many small scopes
    rect: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def treemap_cells(report, metric: str, roots=None) -> tuple[list[Cell], str]:
    """The cells for ``metric`` (largest first) and the common scope prefix their labels omit.
    ``roots``: the report's :func:`scope_tree`, when the caller already has it."""
    total = getattr(report.totals, metric)
    if total <= 0:
        return [], ""
    # items: (value, scope, self_only)
    items = [(s.cum.get(metric), s, False) for s in (roots or scope_tree(report))]
    while True:
        items = [it for it in items if it[0] > 0]
        items.sort(key=lambda it: (-it[0], it[1].order))
        if not items:
            break
        v, s, self_only = items[0]
        if self_only or not s.children:
            break
        if v <= OPEN_SHARE * total and len(items) >= MIN_CELLS:
            break
        opened = [(c.cum.get(metric), c, False) for c in s.children.values()]
        if s.self_m.get(metric):
            opened.append((s.self_m.get(metric), s, True))
        if sum(1 for it in opened if it[0] > 0) < 2:   # nothing to see inside: a layer's one op
            break
        if len(items) - 1 + len(opened) > MAX_CELLS and len(items) >= MIN_CELLS:
            break
        items = opened + items[1:]
    cells = [Cell(label=s.path, path=s.path, value=v, nodes=1 if self_only else s.nodes)
             for v, s, self_only in items]
    if len(cells) > MAX_CELLS:
        rest = cells[MAX_CELLS - 1:]
        cells = cells[:MAX_CELLS - 1]
        cells.append(Cell(label=f"{len(rest)} smaller scopes", path="", other=len(rest),
                          value=sum(c.value for c in rest), nodes=sum(c.nodes for c in rest)))
    prefix = _common_prefix([c.path for c in cells if not c.other])
    for c in cells:
        if not c.other:
            c.label = c.path[len(prefix):] or c.path
    _dominant_ops(report, cells, metric)
    return cells, prefix


def _common_prefix(paths: list[str]) -> str:
    """The longest shared leading scope ("a/b/") of the paths; "" if none or only one path."""
    if len(paths) < 2:
        return ""
    split = [p.split("/") for p in paths]
    out = []
    for parts in zip(*split):
        if any(p != parts[0] for p in parts):
            break
        out.append(parts[0])
    if len(out) >= min(len(s) for s in split):   # a path would be left empty
        out = out[:-1]
    return "/".join(out) + "/" if out else ""


def _dominant_ops(report, cells: list[Cell], metric: str) -> None:
    """Each cell's op type with the largest share of its value: one pass over the nodes."""
    by_path = {c.path: {} for c in cells if not c.other}
    for r in report.nodes:
        v = getattr(r, metric)
        if not v:
            continue
        name = r.name
        acc = None
        if name in by_path:
            acc = by_path[name]
        else:
            cut = name.rfind("/")
            while cut > 0:
                p = name[:cut]
                if p in by_path:      # the deepest cell holding the node
                    acc = by_path[p]
                    break
                cut = name.rfind("/", 0, cut)
        if acc is not None:
            acc[r.op] = acc.get(r.op, 0) + v
    for c in cells:
        ops = by_path.get(c.path)
        if ops:
            c.op = max(ops.items(), key=lambda kv: (kv[1], kv[0]))[0]


def squarify(cells: list[Cell], x: float, y: float, w: float, h: float) -> None:
    """Squarified treemap layout (Bruls, Huizing, van Wijk 2000) of cells sorted largest first;
    fills each cell's ``rect``."""
    total = sum(c.value for c in cells)
    if total <= 0:
        return
    scale = w * h / total
    areas = [c.value * scale for c in cells]
    i, n = 0, len(cells)
    while i < n:
        short = min(w, h)
        row_sum, row_max, row_min = areas[i], areas[i], areas[i]
        j = i + 1
        best = _worst(row_sum, row_max, row_min, short)
        while j < n:
            a = areas[j]
            cand = _worst(row_sum + a, max(row_max, a), min(row_min, a), short)
            if cand > best:
                break
            best = cand
            row_sum += a
            row_max, row_min = max(row_max, a), min(row_min, a)
            j += 1
        if j == n:   # the last row fills what is left exactly
            row_sum = sum(areas[i:j])
        if w >= h:
            cw = row_sum / h if h else 0.0
            yy = y
            for k in range(i, j):
                rh = areas[k] / cw if cw else 0.0
                cells[k].rect = (x, yy, cw, rh)
                yy += rh
            x += cw
            w -= cw
        else:
            rh = row_sum / w if w else 0.0
            xx = x
            for k in range(i, j):
                cw = areas[k] / rh if rh else 0.0
                cells[k].rect = (xx, y, cw, rh)
                xx += cw
            y += rh
            h -= rh
        i = j


def _worst(s: float, amax: float, amin: float, short: float) -> float:
    if s <= 0 or amin <= 0 or short <= 0:
        return float("inf")
    s2, w2 = s * s, short * short
    return max(w2 * amax / s2, s2 / (w2 * amin))
