"""Reading specs: JSON or TOML files (stdlib parsers), Python dicts, and the bundled zoo.

Every problem is one :class:`macc.SpecError` line naming the file, the layer and the field.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: no TOML parser in the standard library
    tomllib = None

from pydantic import ValidationError

from ..errors import SpecError
from ..load.readfile import read_bytes
from .containers import check_blocks, describe
from .models import Network

SPEC_MAX_BYTES = 64 << 20  # a spec is text: the zoo's largest is under 0.2 MB
ZOO_DIR = pathlib.Path(__file__).resolve().parent.parent / "zoo"

# zoo names made from one spec file with a width multiplier and an input resolution
_VARIANTS = {f"mobilenet_v1_{a}_{r}": ("mobilenet_v1", {"width": float(a), "input": [r, r, 3]})
             for a in ("1.0", "0.75", "0.5", "0.25") for r in (224, 192, 160, 128)}
# MobileNetV2: one file per width (the channel rounding is not a plain multiplier), any resolution
_VARIANTS.update({f"mobilenet_v2_{a}_{r}": (f"mobilenet_v2_{a}_224", {"input": [r, r, 3]})
                  for a in ("1.4", "1.3", "1.0", "0.75", "0.5", "0.35")
                  for r in (192, 160, 128, 96)})


def zoo_names() -> list[str]:
    """Every network ``macc layers NAME`` knows, sorted."""
    files = {p.stem for p in ZOO_DIR.glob("*.json")} | {p.stem for p in ZOO_DIR.glob("*.toml")}
    variants = {name for name, (base, _) in _VARIANTS.items() if base in files}
    return sorted((files - {"mobilenet_v1"}) | variants)


def _zoo_file(stem: str) -> pathlib.Path | None:
    for ext in (".json", ".toml"):
        p = ZOO_DIR / (stem + ext)
        if p.is_file():
            return p
    return None


def from_dict(data: Any, *, source: str = "<spec>") -> Network:
    """Validate a parsed spec."""
    if not isinstance(data, dict):
        raise SpecError(f"{source}: a spec is an object with 'layers', got {type(data).__name__}")
    try:
        net = Network.model_validate(data)
    except ValidationError as e:
        raise SpecError(f"{source}: {describe(e, data)}") from None
    try:
        check_blocks(net)
    except SpecError as e:
        raise e.with_context(path=source) from None
    return net


def load_file(path) -> Network:
    p = pathlib.Path(path)
    # never hangs on a FIFO nobody writes to, never reads a device without end
    raw = read_bytes(str(path), what="a layer spec", limit=SPEC_MAX_BYTES, error=SpecError)
    text = raw.decode("utf-8", errors="replace")
    suffix = p.suffix.lower()
    is_toml = suffix == ".toml" or (suffix != ".json" and not text.lstrip().startswith("{"))
    if is_toml and tomllib is None:
        raise SpecError("TOML specs need Python 3.11 or later (tomllib); use JSON",
                        path=str(path))
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix == ".json" or text.lstrip().startswith("{"):
            data = json.loads(text)
        else:
            data = tomllib.loads(text)
    except json.JSONDecodeError as e:
        raise SpecError(f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})",
                        path=str(path)) from None
    except ValueError as e:  # tomllib.TOMLDecodeError
        raise SpecError(f"not valid TOML ({e})", path=str(path)) from None
    return from_dict(data, source=str(path))


def load(spec: str) -> Network:
    """A spec file path, or the name of a bundled zoo network."""
    p = pathlib.Path(spec)
    if p.exists():
        return load_file(p)
    if spec in _VARIANTS and _zoo_file(_VARIANTS[spec][0]) is not None:
        base, update = _VARIANTS[spec]
        net = load_file(_zoo_file(base))
        return net.model_copy(update={**update, "name": spec})
    zf = _zoo_file(spec) if spec.replace("_", "").replace(".", "").isalnum() else None
    if zf is not None and spec != "mobilenet_v1":
        return load_file(zf)
    raise SpecError(f"'{spec}' is neither a spec file nor a zoo network (see macc layers --list)")
