"""The messages the model engine sends: rendered from the templates in `prompts/`.

The rules and the JSON schema come first and the document last, so that one shared prefix can
be cached by the endpoint; `prompt_version` hashes the templates for cache keys and metadata.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined
from pydantic import BaseModel

from briefing.model.schema import strict_schema
from briefing.schemas import (
    Category,
    Checked,
    Document,
    Entailment,
    EntityType,
    Extraction,
    Synthesis,
)

Message = dict[str, str]

MAX_FACTS = 12
MAX_BOTTOM_LINE = 3
MAX_WHY = 2


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


def judge_messages(sentence: str, passages: list[dict[str, Any]]) -> list[Message]:
    """Does `sentence` follow from the passages (each a label and a text)? Rules first."""
    system = _render("judge_system.j2", schema=_schema_text(Entailment))
    user = _render("judge_user.j2", sentence=sentence, passages=passages)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
