"""What every layer model shares: the base class, window and activation field types, ``pair``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

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


class LayerBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    inputs: list[str] | None = Field(
        None, description="names of earlier layers to read (default: the layer before)")
