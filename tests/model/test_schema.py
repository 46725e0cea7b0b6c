"""Strict JSON schemas for the model's replies, and the response format that asks for them."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.model.schema import STRICT_KEYWORDS, response_format, strict_schema
from briefing.schemas import Extraction, Synthesis


def _keys(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in ("properties", "$defs"):
                for sub in value.values():
                    yield from _keys(sub)
            else:
                yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


@pytest.mark.parametrize("model", [Extraction, Synthesis])
def test_generated_schema_obeys_strict_mode(model: type) -> None:
    schema = strict_schema(model)
    objects = [n for n in _all_dicts(schema) if n.get("type") == "object"]
    assert len(objects) >= 2
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    keys = set(_keys(schema))
    assert "default" not in keys and "title" not in keys
    assert keys <= STRICT_KEYWORDS
    for node in (n for n in _all_dicts(schema) if "$ref" in n):
        assert list(node) == ["$ref"]  # strict mode allows nothing beside a $ref


def _all_dicts(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _all_dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_dicts(value)


def test_optional_fields_are_a_union_with_null() -> None:
    quote = strict_schema(Extraction)["$defs"]["Quote"]["properties"]["role"]
    assert {"type": "null"} in quote["anyOf"] and {"type": "string"} in quote["anyOf"]


def test_unsupported_keywords_are_refused() -> None:
    from pydantic import BaseModel, Field

    class Loose(BaseModel):
        name: str = Field(default="x", min_length=2)

    with pytest.raises(ValueError, match="not allowed in strict mode"):
        strict_schema(Loose)


def test_response_format_strict_or_json_object() -> None:
    strict = response_format(Extraction, json_schema=True)
    assert strict["json_schema"]["strict"] is True and strict["json_schema"]["name"] == "Extraction"
    assert response_format(Extraction, json_schema=False) == {"type": "json_object"}
