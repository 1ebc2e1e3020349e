"""Containers: block templates expanded into layers, and one-line messages for invalid specs."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from ..errors import SpecError
from .models import Block, Branches, Layer, Network, Sequential

LAYER_LIST = TypeAdapter(list[Layer])
LAYER_TYPES = [t.model_fields["type"].default for t in get_args(get_args(Layer)[0])]


def describe(err: ValidationError, data: Any, *, where: str = "") -> str:
    """The first error of ``err`` as one line naming the layer (its name, or its position and
    type) and the field: ``layer 'conv1' (Conv2D): field 'kernel_size': ...``."""
    e = err.errors()[0]
    loc = list(e["loc"])
    node, field = data, []
    trail: list[str] = []  # labels of the layers entered: names, or positions
    d_layer = None
    union_at = None  # where pydantic's path enters one member of a field's union of types
    for i, part in enumerate(loc):
        if isinstance(part, str) and not isinstance(node, dict):
            union_at = i  # a label such as "literal['same','valid']", not a key of the value
            break
        if isinstance(node, dict) and part == node.get("type") and part not in node:
            continue  # the discriminator tag pydantic puts in the path
        nxt = None
        if isinstance(node, dict) and part in node:
            nxt = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            nxt = node[part]
        if nxt is None:  # a field that is missing
            field.append(str(part))
            break
        if isinstance(nxt, dict) and ("type" in nxt or e["type"] == "union_tag_not_found"
                                      and i == len(loc) - 1):
            trail.append(nxt["name"] if isinstance(nxt.get("name"), str) else f"#{part}")
            d_layer, field = nxt, []
        else:
            field.append(str(part))
        node = nxt
    if e["type"] == "union_tag_not_found":
        field = ["type"]
    parts = [where] if where else []
    if d_layer is not None:
        parts.append(f"layer '{'/'.join(trail)}'"
                     + (f" ({d_layer['type']})" if "type" in d_layer else ""))
    if field:
        parts.append("field '" + ".".join(field) + "'")
    msg = e["msg"]
    if union_at is not None:  # every member failed: say what each would have taken
        prefix = tuple(loc[:union_at])
        alts = list(dict.fromkeys(_alternative(x, union_at) for x in err.errors()
                                  if tuple(x["loc"][:union_at]) == prefix))
        msg = f"got {node!r}; should be " + ", or ".join(alts)
    if e["type"] == "union_tag_not_found":
        msg = f"missing; one of {', '.join(LAYER_TYPES)}"
    if e["type"] == "union_tag_invalid":
        msg = f"unknown layer type {e.get('input', {}).get('type')!r}" if isinstance(
            e.get("input"), dict) else msg
        expected = (e.get("ctx") or {}).get("expected_tags", "")
        if expected and expected.count(",") + 1 < len(LAYER_TYPES):  # a narrower union
            msg = f"layer type {e['ctx']['tag']!r} is not allowed here (one of {expected})"
    parts.append(msg)
    return ": ".join(parts)


def _alternative(e: dict, at: int) -> str:
    """What one member of a union would have taken, from its error: ``a valid tuple``, ``a
    number greater than or equal to 0``, ``a list whose item 1 is a valid integer``."""
    text = e["msg"].removeprefix("Input should be ").split(", unable to")[0]
    if text.startswith(("greater", "less")):
        text = "a number " + text
    rest = e["loc"][at + 1:]
    if rest and isinstance(rest[0], int):
        text = f"a list whose item {rest[0]} is {text}"
    return text


def substitute(value: Any, args: dict) -> Any:
    """Replace every string ``"$name"`` in ``value`` by ``args[name]``."""
    if isinstance(value, str) and value.startswith("$"):
        key = value[1:]
        if key not in args:
            raise KeyError(key)
        return args[key]
    if isinstance(value, list):
        return [substitute(v, args) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, args) for k, v in value.items()}
    return value


def expand_block(net: Network, block: Block, label: str) -> list[list]:
    """The layers of each repetition of ``block`` (validated)."""
    tpl = net.blocks.get(block.block)
    if tpl is None:
        known = ", ".join(sorted(net.blocks)) or "none defined"
        raise SpecError(f"layer '{label}' (Block): field 'block': no block template "
                        f"'{block.block}' (templates: {known})")
    reps = []
    for i in range(block.repeat):
        args = {**tpl.params, **block.args, **(block.first if i == 0 else {})}
        try:
            raw = substitute(list(tpl.layers), args)
        except KeyError as e:
            raise SpecError(f"layer '{label}' (Block): field 'args': block '{block.block}' needs "
                            f"argument '{e.args[0]}'") from None
        try:
            reps.append(LAYER_LIST.validate_python(raw))
        except ValidationError as e:
            raise SpecError(describe(e, raw, where=f"block '{block.block}' used by layer "
                                                   f"'{label}'")) from None
    return reps


def check_blocks(net: Network) -> None:
    """Expand every block use once, so a bad template fails at load time."""
    def walk(layers, scope):
        for i, layer in enumerate(layers):
            label = layer.name or f"{scope}#{i}"
            if isinstance(layer, Sequential):
                walk(layer.layers, label + "/")
            elif isinstance(layer, Branches):
                for b in layer.branches:
                    walk(b, label + "/")
            elif isinstance(layer, Block):
                for rep in expand_block(net, layer, label):
                    walk(rep, label + "/")
    walk(net.layers, "")
