"""The model path against the scripted server running for real on 127.0.0.1.

These are the cases a cassette cannot hold (a dropped connection) or that are about the
conversation with a live server: the cache, concurrency, long documents, engine choice.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import ExitCode
from briefing.extract.reading import split_paragraphs
from briefing.model.client import ModelError
from briefing.pipeline import build_brief

from ..checks import assert_spans_hold
from ..openai_server import Answer, ScriptedServer, error
from ..scenarios import (
    SCENARIOS,
    SEEDS,
    answer,
    canned,
    careful,
    is_synthesis,
    plain_synthesis,
    seed_of,
)

SECRET = "sk-" + "live-test-" + "1234567890abcdef"  # built: no key-shaped literal in the repo


def run(name: str, server: ScriptedServer, **overrides: Any):
    scenario = SCENARIOS[name]
    settings = scenario.model_settings(server.base_url, **overrides)
    return build_brief(scenario.sources(), engine="llm", settings=settings)


def test_dropped_connection_is_retried() -> None:
    scenario = SCENARIOS["dropped_connection"]
    with ScriptedServer(scenario.make_script()) as server:
        brief = run("dropped_connection", server)
    assert server.calls == 3  # dropped, retried, then the synthesis
    assert brief.usage.calls == 2 and sum(brief.validation.kept.values()) > 10


def test_a_timed_out_call_is_retried() -> None:
    def script(request: dict[str, Any], n: int) -> Answer:
        if n == 1:
            time.sleep(1.5)  # longer than the client waits
        return careful(request)

    with ScriptedServer(script) as server:
        brief = run("rate_limited", server, timeout=0.5)
    assert server.calls == 3 and brief.usage.calls == 2
    assert sum(brief.validation.kept.values()) > 10


def test_server_that_stays_down_fails_in_one_clear_error() -> None:
    with (
        ScriptedServer(lambda request, n: error(500, "down")) as server,
        pytest.raises(ModelError, match=r"failed with HTTP 500 after 3 attempts"),
    ):
        run("seeds", server, max_attempts=3)
    assert server.calls == 3  # the SDK's own retries are off: no multiplying


@pytest.mark.parametrize(
    ("status", "says", "calls"),
    [
        (403, "denied access (403) to model 'scripted'", 1),
        (400, "rejected the request (400): context too long", 2),  # json_schema, then JSON mode
    ],
)
def test_client_errors_fail_at_once(status: int, says: str, calls: int) -> None:
    with (
        ScriptedServer(lambda request, n: error(status, "context too long")) as server,
        pytest.raises(ModelError, match=re.escape(says)),
    ):
        run("rate_limited", server)
    assert server.calls == calls


def test_json_object_flag_never_sends_a_schema() -> None:
    seed = SCENARIOS["seeds"].sources()[4]
    with ScriptedServer(SCENARIOS["seeds"].make_script()) as server:
        args = ["brief", seed, "--base-url", server.base_url, "--json-object", "--no-cache"]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert {r["response_format"]["type"] for r in server.requests} == {"json_object"}


def test_unreachable_base_url_exits_4_with_what_to_fix() -> None:
    seed = SCENARIOS["seeds"].sources()[0]
    url = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
    args = ["brief", seed, "--base-url", url, "--no-cache"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.model
    assert f"cannot reach {url}" in result.stderr and "--base-url" in result.stderr
    assert "retry" not in result.stderr  # a refused connection is not retried
    assert "Traceback" not in result.output


def test_rerun_on_unchanged_sources_makes_no_calls(tmp_path: Path) -> None:
    with ScriptedServer(SCENARIOS["seeds"].make_script()) as server:
        first = run("seeds", server, use_cache=True, cache_dir=tmp_path, api_key=SECRET)
        calls = server.calls
        second = run("seeds", server, use_cache=True, cache_dir=tmp_path, api_key=SECRET)
        assert server.calls == calls == 6
        assert second.usage.calls == 0 and second.usage.cache_hits == 6
        assert second.key_points == first.key_points
        run("seeds", server, use_cache=False, cache_dir=tmp_path)
        assert server.calls == 12  # --no-cache asks again
    stored = (tmp_path / "responses.sqlite3").read_bytes()
    assert SECRET.encode() not in stored
    rows = sqlite3.connect(tmp_path / "responses.sqlite3").execute("SELECT value FROM responses")
    assert all(SECRET not in row[0] for row in rows)


def test_cache_key_changes_with_model_and_endpoint(tmp_path: Path) -> None:
    with ScriptedServer(SCENARIOS["seeds"].make_script()) as server:
        run("seeds", server, use_cache=True, cache_dir=tmp_path)
        run("seeds", server, use_cache=True, cache_dir=tmp_path, model="another")
        assert server.calls == 12
    with ScriptedServer(SCENARIOS["seeds"].make_script()) as other:
        run("seeds", other, use_cache=True, cache_dir=tmp_path)  # another port, another key
        assert other.calls == 6


def test_documents_are_read_in_parallel_and_kept_in_input_order() -> None:
    def script(request: dict[str, Any], n: int) -> Answer:
        # The first seed answers last, so completion order is not input order.
        if not is_synthesis(request) and seed_of(request) == "000":
            time.sleep(0.6)
        return careful(request)

    with ScriptedServer(script, delay=0.2) as server:
        brief = run("seeds", server, concurrency=4)
    assert server.max_in_flight >= 2
    assert [d.label for d in brief.sources] == [1, 2, 3, 4, 5]
    serial = {p.statement for p in brief.key_points}
    with ScriptedServer(script) as server:
        again = run("seeds", server, concurrency=1)
    assert {p.statement for p in again.key_points} == serial
    assert [p.id for p in again.key_points] == [p.id for p in brief.key_points]


def test_long_document_is_read_in_parts_and_spans_index_the_whole() -> None:
    def script(request: dict[str, Any], n: int) -> Answer:
        if is_synthesis(request):
            return answer(request, plain_synthesis(request))
        part = request["messages"][1]["content"]
        whole = canned("002")
        # A careful reader of a part reports only what that part holds.
        for kind in ("facts", "quotes", "figures"):
            whole[kind] = [item for item in whole[kind] if _in_part(item, part)]
        whole["entities"] = [e for e in whole["entities"] if e["name"] in part]
        return answer(request, whole)

    scenario = SCENARIOS["seeds"]
    source = next(s for s in scenario.sources() if "/002_" in s)
    with ScriptedServer(script) as server:
        settings = scenario.model_settings(server.base_url, split_chars=1000)
        brief = build_brief([source], engine="llm", settings=settings)
    parts = [r for r in server.requests if not is_synthesis(r)]
    assert len(parts) == len(split_paragraphs(brief.sources[0].text, 1000)) >= 4
    assert "This is part 2 of" in parts[1]["messages"][1]["content"]
    assert_spans_hold(brief)
    starts = [c.span.start for p in brief.key_points for c in p.citations]
    assert max(starts) > 3000  # spans from late parts index the whole text
    assert sum(brief.validation.kept.values()) >= 20


def _in_part(item: dict[str, Any], part: str) -> bool:
    evidence = item.get("evidence") or item.get("text")
    excerpts = evidence if isinstance(evidence, list) else [evidence]
    return all(e in part for e in excerpts)


def test_auto_engine_uses_the_model_when_a_base_url_is_set() -> None:
    seed = SCENARIOS["seeds"].sources()[4]
    with ScriptedServer(SCENARIOS["seeds"].make_script()) as server:
        env = {"OPENAI_BASE_URL": server.base_url, "BRIEFING_MODEL": "scripted"}
        result = CliRunner(env=env).invoke(main, ["brief", seed, "--no-cache"])
        assert server.calls == 2
    assert result.exit_code == 0, result.output
    said = result.stderr
    assert "engine auto: the model, because a base URL is set" in said
    assert said.index("engine auto:") < said.index(
        "engine: llm (model scripted at http://127.0.0.1:"
    )
    assert "model scripted: 2 calls" in result.stderr


def test_auto_engine_without_an_endpoint_runs_offline() -> None:
    seed = SCENARIOS["seeds"].sources()[4]
    result = CliRunner().invoke(main, ["brief", seed])
    assert result.exit_code == 0
    assert "engine: extractive (offline" in result.stderr


def test_progress_bar_does_not_touch_stdout() -> None:
    with ScriptedServer(SCENARIOS["seeds"].make_script()) as server:
        args = ["brief", str(SEEDS), "--base-url", server.base_url, "--model", "scripted"]
        args += ["--no-cache", "--format", "json"]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["engine"] == "llm"


def test_progress_is_reported_as_documents_are_read() -> None:
    seen: list[tuple[int, int]] = []
    scenario = SCENARIOS["seeds"]
    with ScriptedServer(scenario.make_script()) as server:
        settings = scenario.model_settings(server.base_url, concurrency=2)
        build_brief(
            scenario.sources(), engine="llm", settings=settings, progress=lambda *p: seen.append(p)
        )
    total = len(scenario.sources())
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [done for done, _ in seen] == list(range(total + 1))
