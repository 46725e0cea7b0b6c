"""The messages sent to a model: rendered from the templates in `prompts/`, schemas made strict."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined
from pydantic import BaseModel

from briefing.schemas import Category, Checked, Document, EntityType, Extraction, Synthesis

Message = dict[str, str]

MAX_FACTS = 12
MAX_BOTTOM_LINE = 3
MAX_WHY = 2

# Keywords strict structured outputs accept; anything else in a generated schema is an error.
STRICT_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$ref"}
    | {"$defs", "description", "const"}
)


def _template_source(name: str) -> str:
    return resources.files("briefing.prompts").joinpath(name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_template_source),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # prompts are plain text
    )
    env.filters["quoted"] = lambda s: json.dumps(s, ensure_ascii=False)
    env.filters["sentence"] = lambda s: s if s.endswith((".", "?", "!")) else f"{s}."
    return env


def _render(name: str, **values: Any) -> str:
    return _environment().get_template(name).render(**values).strip() + "\n"


@cache
def prompt_version() -> str:
    """A short hash of every template, so a prompt edit changes cache keys and brief metadata."""
    digest = hashlib.sha256()
    folder = resources.files("briefing.prompts")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".j2"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


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


def _schema_text(model: type[BaseModel]) -> str:
    return json.dumps(strict_schema(model), ensure_ascii=False, separators=(",", ":"))


def extraction_messages(doc: Document, text: str, part: int = 1, part_count: int = 1) -> list:
    """System rules and schema first (a cacheable prefix), then the document."""
    system = _render(
        "extract_system.j2",
        max_facts=MAX_FACTS,
        categories=", ".join(c.value for c in Category),
        entity_types=", ".join(t.value for t in EntityType),
        schema=_schema_text(Extraction),
    )
    user = _render(
        "extract_user.j2",
        title=doc.title,
        outlet=doc.outlet,
        published=doc.published,
        text=text,
        part=part,
        part_count=part_count,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


_KIND = {"f": "fact", "q": "quote", "n": "figure", "e": "entity"}


def reask_message(failed: list[Checked]) -> Message:
    """One follow-up listing each rejected item, what was wrong and the nearest text found."""
    failures = []
    for c in failed:
        kind = _KIND[c.id.rsplit(".", 1)[-1][0]]
        problems = [
            {"detail": i.detail, "nearest": i.nearest.text if i.nearest else None} for i in c.issues
        ]
        if not problems:
            problems = [{"detail": "Some of its evidence was not found.", "nearest": None}]
        failures.append({"kind": kind, "text": describe(c), "problems": problems})
    return {"role": "user", "content": _render("reask.j2", failures=failures)}


def describe(c: Checked) -> str:
    item = c.item
    for attr in ("statement", "text", "value", "name"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            if attr == "text" and hasattr(item, "speaker"):
                return f"{item.speaker}: {value}"
            return value
    return str(item)


def fix_json_message(error: str) -> Message:
    """Ask again after a reply that did not parse or did not fit the schema."""
    return {"role": "user", "content": _render("fix_json.j2", error=error)}


def synthesis_messages(items: list[dict[str, Any]], source_count: int) -> list[Message]:
    """Rules first, then the grounded items the bottom line may draw on."""
    system = _render(
        "synthesize_system.j2",
        max_bottom_line=MAX_BOTTOM_LINE,
        max_why=MAX_WHY,
        schema=_schema_text(Synthesis),
    )
    user = _render("synthesize_user.j2", items=items, source_count=source_count)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
