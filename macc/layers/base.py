"""What every layer model shares: the base class, window and activation field types, ``pair``."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator
from pydantic_core import PydanticCustomError

Pair = PositiveInt | tuple[PositiveInt, PositiveInt]
Triple = PositiveInt | tuple[PositiveInt, PositiveInt, PositiveInt]
Padding = Literal["same", "valid"]
# on every layer with ``filters``: false keeps them whatever the network's ``width`` (a
# convolution that is the classifier, a stem or head a width variant leaves alone)
ScaleWidth = Annotated[bool, Field(description="false: the network's width leaves filters as is")]
ActivationName = Literal["relu", "relu6", "sigmoid", "tanh", "elu", "selu", "softplus", "softsign",
                         "swish", "hard_sigmoid", "hard_swish", "gelu", "gelu_tanh"]


def pair(v) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else tuple(v)


def triple(v) -> tuple[int, int, int]:
    return (v, v, v) if isinstance(v, int) else tuple(v)


def _numeric(value) -> bool:
    """Would pydantic's lax mode read this bool or string as a number? (Other strings fail as
    they are, with pydantic's own message.)"""
    if isinstance(value, bool):
        return True
    try:
        float(value)
    except ValueError:
        return False
    return True


def _fit(value, ann) -> str:
    """How ``ann`` takes ``value`` as far as bools and strings go: "exact" (natively, or not this
    check's concern), "lax" (only by pydantic coercing a bool or a string to a number) or "no"."""
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin is Annotated:
        return _fit(value, args[0])
    if origin in (typing.Union, types.UnionType):
        fits = [_fit(value, a) for a in args]
        return "exact" if "exact" in fits else "lax" if "lax" in fits else "no"
    if ann is Any:
        return "exact"
    if isinstance(value, (bool, str)):
        if origin is Literal:
            return "exact" if any(value == a and type(value) is type(a) for a in args) else "no"
        if ann is (bool if isinstance(value, bool) else str):
            return "exact"
        return "lax" if ann in (int, float) and _numeric(value) else "no"
    if isinstance(value, (list, tuple)):
        if origin not in (list, tuple):
            return "no"
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            pairs = zip(value, args)
        else:
            pairs = ((v, args[0]) for v in value) if args else ()
        return "lax" if any(_fit(v, a) == "lax" for v, a in pairs) else "exact"
    return "exact"


class StrictNumbers(BaseModel):
    """A number field takes numbers only: pydantic's lax mode would read ``true`` as 1 and ``"4"``
    as 4. A float with an integral value (``4.0``) still counts as that integer."""

    @model_validator(mode="before")
    @classmethod
    def _no_bool_or_string_numbers(cls, data):
        if isinstance(data, dict):
            for k, v in data.items():
                if isinstance(v, (bool, str, list, tuple)):
                    f = cls.model_fields.get(k)
                    if f is not None and _fit(v, f.annotation) == "lax":
                        raise PydanticCustomError(
                            "strict_number", "field '{field}': expected {what}, got {got}",
                            {"field": k, "got": repr(v), "what": "numbers" if isinstance(
                                v, (list, tuple)) else "a number"})
                too_big = _past_int64(v)
                if too_big is not None:
                    raise PydanticCustomError(
                        "int64", "field '{field}': {got} is past TF's int64 dims",
                        {"field": k, "got": str(too_big)})
        return data


def _past_int64(value):
    """The first int in ``value`` (an int or a nested list) above 2**63-1, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > (1 << 63) - 1 else None
    if isinstance(value, (list, tuple)):
        for v in value:
            got = _past_int64(v)
            if got is not None:
                return got
    return None


class LayerBase(StrictNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    inputs: list[str] | None = Field(
        None, description="names of earlier layers to read (default: the layer before)")
