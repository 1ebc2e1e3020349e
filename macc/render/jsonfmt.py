"""JSON rendering, exactly the contract of DESIGN.md."""

from __future__ import annotations

import json


def render_json(report, indent: int | None = 2) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=indent, ensure_ascii=False)
