"""The JSON schema a request carries: a Pydantic model in the form strict structured outputs
accept, or plain JSON mode for servers without them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

# Keywords strict structured outputs accept; anything else in a generated schema is an error.
STRICT_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$ref"}
    | {"$defs", "description", "const"}
)


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form strict structured outputs require.

    Pydantic already gives `additionalProperties: false` (extra=forbid), every field required
    (no defaults) and optional fields as a union with null; this drops titles and the
    descriptions beside `$ref`, which strict mode rejects, and fails on anything else unsupported.
    """
    return _strict(model.model_json_schema())


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": node["$ref"]}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title":
            continue
        if key not in STRICT_KEYWORDS:
            raise ValueError(f"schema keyword {key!r} is not allowed in strict mode")
        if key in ("properties", "$defs"):
            out[key] = {name: _strict(sub) for name, sub in value.items()}
        else:
            out[key] = _strict(value)
    if out.get("type") == "object":
        out["required"] = list(out.get("properties", {}))
        out["additionalProperties"] = False
    return out


def response_format(model: type[BaseModel], *, json_schema: bool) -> dict[str, Any]:
    """The `response_format` for a request: strict json_schema, or plain json_object."""
    if not json_schema:
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {"name": model.__name__, "strict": True, "schema": strict_schema(model)},
    }
