"""The model path, replayed from cassettes: no server runs, an unrecorded request fails.

The scripted cassettes were recorded from `ScriptedServer` (see cassettes/README.md); each test
says what the scenario must end in.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import ExitCode
from briefing.extract.messages import prompt_version
from briefing.model.client import ModelError
from briefing.pipeline import NoUsableSources, build_brief
from briefing.render import render
from briefing.schemas import Brief

from ..checks import assert_spans_hold
from ..recording import CASSETTES, make_vcr
from ..scenarios import (
    INJECTED_FIGURE,
    INVENTED,
    PARAPHRASE,
    SCENARIOS,
    WRONG_FIGURE,
    WRONG_SPEAKER,
)

# Nothing listens here: a request that escaped the cassette would fail to connect.
REPLAY_URL = "http://127.0.0.1:9/v1"


def replay(name: str, **overrides: Any) -> tuple[Brief, list[dict]]:
    """Brief the scenario's seeds from its cassette; return the brief and the requests sent."""
    scenario = SCENARIOS[name]
    settings = scenario.model_settings(REPLAY_URL, **overrides)
    with make_vcr().use_cassette(f"scripted/{name}.yaml") as cassette:
        brief = build_brief(scenario.sources(), engine="llm", settings=settings)
        assert cassette.all_played, "the run made fewer requests than were recorded"
    return brief, [json.loads(r.body) for r in cassette.requests]


def run_cli(name: str, *extra: str) -> Any:
    scenario = SCENARIOS[name]
    args = ["brief", *scenario.sources(), "--engine", "llm", "--model", "scripted"]
    args += ["--base-url", REPLAY_URL, "--no-cache", "--concurrency", "1", *extra]
    with make_vcr().use_cassette(f"scripted/{name}.yaml"):
        return CliRunner().invoke(main, args)


# --- the happy path -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> tuple[Brief, list[dict]]:
    return replay("seeds")


def test_seeds_brief_through_the_model_path(seeds: tuple[Brief, list[dict]]) -> None:
    brief, requests = seeds
    assert brief.engine == "llm" and brief.model == "scripted"
    assert brief.prompt_version == prompt_version()
    assert len(brief.sources) == 5 and not brief.source_errors
    assert sum(brief.validation.dropped.values()) == 0
    assert assert_spans_hold(brief) > 30
    assert [p for p in brief.key_points if p.corroboration >= 4]
    assert len(requests) == 6  # five documents and one synthesis
    # Seed 003 misspells "Billionaires’ Bunker"; the point is worded in the majority's spelling.
    assert not any("Binlionaires" in p.statement for p in brief.key_points)


def test_strict_json_schema_is_sent(seeds: tuple[Brief, list[dict]]) -> None:
    _, requests = seeds
    fmt = requests[0]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert requests[0]["temperature"] == 0


def test_document_comes_last_so_the_prefix_can_be_cached(seeds: tuple[Brief, list[dict]]) -> None:
    _, requests = seeds
    systems = {r["messages"][0]["content"] for r in requests[:5]}
    assert len(systems) == 1  # one shared prefix for every document
    assert all(r["messages"][1]["content"].rstrip().endswith("</article>") for r in requests[:5])


def test_bottom_line_written_by_the_model_and_checked(seeds: tuple[Brief, list[dict]]) -> None:
    brief, _ = seeds
    assert brief.written_by == "model"
    assert any("17% to $11.5 billion" in s.text for s in brief.bottom_line)
    items = {p.id: p.citations for p in brief.key_points}
    items |= {f"n{n}": f.citations for n, f in enumerate(brief.figures, 1)}
    items |= {f"q{n}": q.citations for n, q in enumerate(brief.quotes, 1)}
    for sentence in brief.bottom_line:  # each cites items and carries exactly their citations
        assert sentence.written_by == "model" and sentence.cites
        assert sentence.citations == [c for i in sentence.cites for c in items[i]]
    dropped = brief.validation.dropped_sentences
    assert [d.text for d in dropped] == ["Disney is expected to follow within a year."]
    assert "Disney" in dropped[0].reason
    md = render(brief, "md")
    body, footer = md.split("\n---\n")
    assert "## Why it matters" in body and "Disney" not in body
    assert "Disney is expected" in footer  # the dropped sentence is listed, not hidden


def test_usage_is_counted(seeds: tuple[Brief, list[dict]]) -> None:
    brief, _ = seeds
    u = brief.usage
    assert u.calls == 6 and u.cache_hits == 0 and u.reasks == 0
    assert u.prompt_tokens > 5 * 1000 and u.completion_tokens > 1000


# --- hallucinations -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hallucinations() -> tuple[Brief, list[dict]]:
    return replay("hallucinations")


def test_reask_lists_each_failure_precisely(hallucinations: tuple[Brief, list[dict]]) -> None:
    _, requests = hallucinations
    assert len(requests) == 3  # extraction, one re-ask, synthesis
    reask = requests[1]["messages"]
    assert [m["role"] for m in reask] == ["system", "user", "assistant", "user"]
    text = reask[-1]["content"]
    assert "rejected 4 items" in text
    assert f"the value '{WRONG_FIGURE}' is not in the evidence" in text
    assert "the quote does not occur verbatim" in text and "closest text" in text
    assert f"attributes these words to 'Ted Sarandos', not '{WRONG_SPEAKER}'" in text
    assert f"evidence not found in the document: '{INVENTED}'" in text


def test_fixed_items_kept_and_the_rest_dropped(hallucinations: tuple[Brief, list[dict]]) -> None:
    brief, _ = hallucinations
    assert brief.usage.reasks == 1 and brief.usage.reask_fixed == 2
    assert any(f.value == "$11.5 billion" for f in brief.figures)
    assert not any(WRONG_FIGURE in f.value for f in brief.figures)
    confident = [q for q in brief.quotes if q.text.startswith("We’re confident")]
    assert [q.speaker for q in confident] == ["Ted Sarandos"]
    dropped = {d.text: {i.code.value for i in d.issues} for d in brief.validation.dropped_items}
    assert dropped == {PARAPHRASE: {"quote_not_verbatim"}, INVENTED: {"evidence_not_found"}}
    assert brief.validation.reasons == {"quote_not_verbatim": 1, "evidence_not_found": 1}
    body = render(brief, "md").split("\n---\n")[0]
    assert INVENTED not in body and PARAPHRASE not in body


def test_strict_flag_turns_the_drops_into_exit_3() -> None:
    result = run_cli("hallucinations", "--strict")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output


# --- replies that cannot be used ---------------------------------------------------------------


def test_broken_json_is_asked_about_once_and_then_used() -> None:
    brief, requests = replay("broken_json")
    assert "Your reply could not be used: not valid JSON" in requests[1]["messages"][-1]["content"]
    assert brief.usage.reasks == 1 and not brief.source_errors
    assert sum(brief.validation.kept.values()) > 20


def test_refusal_cut_off_and_invalid_replies_are_reported_and_skipped() -> None:
    result = run_cli("unusable")
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 3
    assert "000_" in errors[0] and "the model refused to read it" in errors[0]
    assert "001_" in errors[1] and "finish_reason=length" in errors[1]
    assert "002_" in errors[2] and "unusable twice" in errors[2]
    assert "Traceback" not in result.output
    assert "Not used:" in result.stdout and "engine: llm" in result.stdout


def test_brief_from_the_two_readable_seeds() -> None:
    brief, _ = replay("unusable")
    used = {c.doc_id for p in brief.key_points for c in p.citations}
    assert {brief.document(d).label for d in used} == {4, 5}
    assert assert_spans_hold(brief) > 5


# --- transient errors: retried ----------------------------------------------------------------


def test_rate_limit_honours_retry_after(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="briefing"):
        brief, requests = replay("rate_limited")
    assert "model call failed (HTTP 429); retry 1 of 3 in 1.0s" in caplog.text
    assert len(requests) == 3 and requests[0] == requests[1]
    assert brief.usage.calls == 2 and not brief.source_errors


def test_server_errors_are_retried(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="briefing"):
        brief, requests = replay("server_errors")
    assert "HTTP 500" in caplog.text and "HTTP 503" in caplog.text
    assert len(requests) == 4 and sum(brief.validation.kept.values()) > 10


def test_json_object_fallback_on_the_servers_400() -> None:
    brief, requests = replay("json_object_only")
    kinds = [r["response_format"]["type"] for r in requests]
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert "The JSON schema of the reply" in requests[1]["messages"][0]["content"]
    assert sum(brief.validation.kept.values()) > 10


# --- permanent errors: one line, exit 4 -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("unauthorized", "refused the API key (401): check OPENAI_API_KEY"),
        ("unknown_model", "has no model 'scripted'"),
    ],
)
def test_permanent_errors_fail_at_once_in_one_line(name: str, says: str) -> None:
    result = run_cli(name)
    assert result.exit_code == ExitCode.model
    lines = result.stderr.strip().splitlines()
    assert says in lines[-1] and lines[-1].endswith("nothing written")
    assert "Traceback" not in result.output and "retry" not in result.stderr
    assert "sk-test" not in result.output
    assert result.stdout == ""


def test_permanent_error_raises_model_error_from_the_library() -> None:
    with pytest.raises(ModelError, match="401"):
        replay("unauthorized")


# --- recordings from a real model server ----------------------------------------------------

REAL = sorted(p.parent for p in CASSETTES.glob("*/meta.json"))


@pytest.mark.parametrize("folder", REAL, ids=[p.name for p in REAL])
def test_real_model_recording_flows_through_and_is_checked(folder: Path) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    scenario = SCENARIOS["seeds"]
    settings = scenario.model_settings(
        REPLAY_URL,
        model=meta["model"],
        max_tokens=meta["max_tokens"],
        json_schema=meta["json_schema"],
    )
    with make_vcr().use_cassette(str((folder / "seeds.yaml").relative_to(CASSETTES))) as cas:
        try:
            brief = build_brief(scenario.sources(), engine="llm", settings=settings)
        except NoUsableSources as e:
            pytest.skip(f"the model read none of the seeds: {e.errors}")
        assert cas.all_played
    assert_spans_hold(brief)
    v = brief.validation
    assert sum(v.extracted.values()) == sum(v.kept.values()) + sum(v.dropped.values())
    for item in v.dropped_items:
        assert item.issues, item
    # Every kept quote is verbatim: whatever the model invented did not get through.
    assert brief.usage.calls == len(cas.requests)


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


def test_an_article_that_instructs_the_model_changes_nothing_but_its_own_claims() -> None:
    brief, _ = replay("injection")
    injected = brief.sources[-1]
    top = " ".join(s.text for s in [*brief.bottom_line, *brief.why_it_matters])
    assert INJECTED_FIGURE not in top
    assert all(s.sources is not None and s.sources >= 1 for s in brief.bottom_line)
    refused = [s for s in brief.validation.dropped_sentences if INJECTED_FIGURE in s.text]
    assert refused and "only [6] reports" in refused[0].reason
    # The figure stays that outlet's claim, listed where the sources differ, and nowhere else.
    assert any(
        p.text == INJECTED_FIGURE and p.citation.doc_id == injected.id
        for d in brief.disagreements
        for p in d.positions
    )
    md = render(brief, "md")
    body = md.split("## Where sources differ")[0]
    assert INJECTED_FIGURE not in body
    assert not any(INJECTED_FIGURE in p.statement for p in brief.key_points)
    # The validation names the document that tried it, and the fact it made the model extract.
    assert {i.doc_id for i in brief.validation.instructions} == {injected.id}
    assert [i.code.value for d in brief.validation.dropped_items for i in d.issues] == [
        "evidence_is_instruction"
    ]
