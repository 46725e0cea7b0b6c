"""The model client's parts: strict schemas, prompts, retry rules, secrets, checks on synthesis."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from briefing.extract.messages import extraction_messages, prompt_version
from briefing.extract.reading import combine, split_paragraphs
from briefing.ground.top import check_sentence
from briefing.model.retries import is_transient, retry_after
from briefing.model.schema import STRICT_KEYWORDS, response_format, strict_schema
from briefing.model.settings import redact, redact_url
from briefing.model.structured import parse_json
from briefing.schemas import (
    Document,
    Entity,
    EntityType,
    Extraction,
    Sentence,
    Synthesis,
    TopItem,
    TopItemKind,
)

from .recording import CASSETTES

ROOT = Path(__file__).resolve().parent.parent


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


def test_extraction_prompt_puts_rules_first_and_the_document_last() -> None:
    doc = Document(id="d", label=1, source="a.txt", title="T", text="Body text here.")
    system, user = extraction_messages(doc, doc.text)
    assert system["role"] == "system" and "character for character" in system["content"]
    assert '"additionalProperties":false' in system["content"]
    assert user["content"].endswith("<article>\nBody text here.\n</article>\n")
    other = Document(id="e", label=2, source="b.txt", text="Other text.")
    assert extraction_messages(other, other.text)[0] == system  # a shared prefix


def test_prompt_version_is_a_hash_of_the_templates() -> None:
    version = prompt_version()
    assert re.fullmatch(r"[0-9a-f]{12}", version)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_prompts_ship_inside_the_wheel(tmp_path: Path) -> None:
    pytest.importorskip("setuptools")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    result = subprocess.run(
        [*build, "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("briefing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    templates = {Path(n).name for n in names if n.startswith("briefing/prompts/")}
    shipped = {p.name for p in (ROOT / "prompts").glob("*.j2")}
    assert shipped and shipped <= templates
    # Every module and template of the package ships: a new subpackage must be listed.
    package = ROOT / "briefing"
    files = [*package.rglob("*.py"), *package.rglob("templates/*.j2")]
    assert {f"briefing/{f.relative_to(package).as_posix()}" for f in files} <= set(names)


# --- retry rules ------------------------------------------------------------------------------


def _status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    cls = {429: openai.RateLimitError, 500: openai.InternalServerError}.get(
        status, openai.APIStatusError
    )
    return cls("error", response=response, body=None)


@pytest.mark.parametrize(("status", "transient"), [(429, True), (500, True), (503, True),
                                                   (400, False), (401, False), (403, False),
                                                   (404, False)])  # fmt: skip
def test_which_statuses_are_retried(status: int, transient: bool) -> None:
    assert is_transient(_status_error(status)) is transient


def test_dropped_connections_and_timeouts_are_retried() -> None:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    assert is_transient(openai.APIConnectionError(request=request))
    assert is_transient(openai.APITimeoutError(request=request))
    assert not is_transient(ValueError("a bug is not retried"))


def test_retry_after_in_seconds_milliseconds_or_a_date() -> None:
    assert retry_after(_status_error(429, {"retry-after": "7"})) == 7
    assert retry_after(_status_error(429, {"retry-after-ms": "1500"})) == 1.5
    dated = retry_after(_status_error(429, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    assert dated == 0.0  # a date in the past: no wait
    assert retry_after(_status_error(429)) is None


def test_secrets_are_redacted_from_messages_and_urls() -> None:
    key = "sk-" + "proj-" + "abcdef1234567890"  # built, so no key-shaped literal is committed
    assert key not in redact(f"Incorrect API key provided: {key}.", key)
    assert "sk-other-zzzzzzzz" not in redact("key sk-other-zzzzzzzz was refused")
    assert "Bearer" not in redact("Authorization: Bearer abc.def")
    assert (
        redact_url("https://user:pw@example.test:8443/v1/?key=1") == "https://example.test:8443/v1"
    )


def test_parse_json_tolerates_code_fences() -> None:
    assert parse_json('```json\n{"a": 1}\n```') == {"a": 1}
    with pytest.raises(ValueError):
        parse_json('{"a": ')


# --- long documents ----------------------------------------------------------------------------


def test_split_keeps_parts_as_slices_of_the_text_under_the_limit() -> None:
    paragraphs = [
        f"Paragraph {n} says something quite long about topic {n}." * 3 for n in range(30)
    ]
    text = "\n\n".join(paragraphs)
    parts = split_paragraphs(text, 800)
    assert len(parts) > 3 and all(len(p) <= 800 for p in parts)
    assert all(p in text for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_paragraph_over_the_limit_is_cut_between_sentences() -> None:
    text = " ".join(f"Sentence number {n} is here." for n in range(200))
    parts = split_paragraphs(text, 500)
    assert len(parts) > 5 and all(p.endswith(".") for p in parts)
    assert split_paragraphs("short", 500) == ["short"]


def test_parts_merge_entities_named_twice() -> None:
    netflix = Entity(name="Netflix", type=EntityType.organization, aliases=[])
    a = Extraction(headline="h", summary="s", facts=[], quotes=[], figures=[], entities=[netflix])
    b = a.model_copy(
        update={
            "entities": [Entity(name="netflix", type=EntityType.organization, aliases=["NFLX"])]
        }
    )
    merged = combine([a, b])
    assert [(e.name, e.aliases) for e in merged.entities] == [("Netflix", ["NFLX"])]


# --- checks on the model's sentences ----------------------------------------------------------

KNOWN = {
    "p1": TopItem(
        id="p1",
        kind=TopItemKind.point,
        text="Revenue rose 17% to $11.5 billion at Netflix.",
        sources=3,
        citations=[],
    ),
    "q1": TopItem(
        id="q1",
        kind=TopItemKind.quote,
        text="Ted Sarandos, CEO: “Great works require great artists”",
        sources=2,
        citations=[],
    ),
}
COMMON = frozenset({"revenue", "the", "analysts"})


@pytest.mark.parametrize(
    ("text", "cites", "reason"),
    [
        ("Netflix revenue rose 17% to $11.5 billion.", ["p1"], ""),
        ("Analysts note Netflix grew 17%.", ["p1"], ""),
        ("Netflix revenue rose 18%.", ["p1"], "numbers not in the cited items: 18%"),
        ("Revenue rose 17%, Disney said.", ["p1"], "names not in the cited items: Disney"),
        ("Disney grew 17%.", ["p1"], "names not in the cited items: Disney"),
        ("Ted Sarandos praised artists.", ["p1"], "names not in the cited items: Ted, Sarandos"),
        ("Ted Sarandos praised artists.", ["q1"], ""),
        ("Revenue rose 17%.", ["p9"], "cites items that do not exist: p9"),
        ("Revenue rose.", [], "cites no item"),
    ],
)
def test_each_model_sentence_is_checked(text: str, cites: list[str], reason: str) -> None:
    assert check_sentence(Sentence(text=text, cites=cites), KNOWN, COMMON) == reason


# --- cassettes ---------------------------------------------------------------------------------

SECRET_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_-]{16,}"),
    re.compile(r"Bearer\s+\S+", re.I),
    re.compile(
        r"^\s*(authorization|api-key|openai-organization|openai-project|set-cookie):", re.I | re.M
    ),
]


def test_cassettes_hold_no_secrets() -> None:
    cassettes = sorted(CASSETTES.rglob("*.yaml"))
    assert len(cassettes) >= 9
    for path in cassettes:
        text = path.read_text(encoding="utf-8")
        for pattern in SECRET_PATTERNS:
            assert not pattern.search(text), f"{path.name}: {pattern.pattern}"


def test_cassettes_hold_no_local_paths() -> None:
    for path in CASSETTES.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])/(tmp|home|root|work|Users)/", text), path.name


def test_cassettes_are_readable_text() -> None:
    for path in CASSETTES.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "!!binary" not in text, f"{path.name} holds a compressed or binary body"
