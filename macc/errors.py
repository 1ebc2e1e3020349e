"""The errors macc raises on bad input.

Every one derives from :class:`MaccError` and renders as a single line that names the file and,
where there is one, the node and its op. The CLI prints ``macc: error: <message>`` and exits 1;
anything else escaping is a bug.
"""

from __future__ import annotations


class MaccError(Exception):
    """Bad input: a file, a graph, a shape, a layer spec or a usage macc cannot accept."""

    def __init__(self, message: str, *, path: str | None = None, node: str | None = None,
                 op: str | None = None):
        self.detail = " ".join(str(message).split())  # always one line
        self.path = path
        self.node = node
        self.op = op
        super().__init__(self._render())

    def _render(self) -> str:
        parts = []
        if self.path:
            parts.append(_one_line(str(self.path), 240))
        if self.node is not None:
            parts.append(f"node '{_one_line(str(self.node))}'" + (f" ({self.op})" if self.op else ""))
        parts.append(self.detail)
        return ": ".join(parts)

    def with_context(self, *, path: str | None = None, node: str | None = None,
                     op: str | None = None) -> MaccError:
        """Fill in the file, node or op where the raiser did not know them."""
        if path and not self.path:
            self.path = path
        if node is not None and self.node is None:
            self.node = node
            self.op = op if self.op is None else self.op
        self.args = (self._render(),)
        return self

    def __str__(self) -> str:
        return self._render()


def _one_line(text: str, limit: int | None = None) -> str:
    """``text`` with its line breaks shown as ``\\n``, cut to ``limit`` characters: a path or a
    node name never breaks the one-line message (a str of a graph's text given as a path)."""
    if "\n" in text or "\r" in text:
        limit = 60 if limit is None else min(limit, 60)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("\r", "\\r").replace("\n", "\\n")


class FormatError(MaccError):
    """The file is not a graph macc can read (wrong type, truncated, corrupt)."""


class GraphError(MaccError):
    """The graph is malformed: duplicate names, dangling inputs, bad attrs, cycles."""


class ShapeError(MaccError):
    """Shapes that cannot be right: rank, length or size mismatches."""


class SpecError(MaccError):
    """An invalid hand-built layer spec."""


class UsageError(MaccError):
    """A bad option value given by the user (``--input``, ``--batch`` ...)."""
