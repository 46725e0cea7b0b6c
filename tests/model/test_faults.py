"""The model endpoint misbehaving, against the scripted server on 127.0.0.1: replies dripped a
byte at a time, Ctrl-C with requests in flight, a day-long Retry-After, replies that are not
chat completions, connections dropped mid-reply, a re-ask answered with everything, and a
response cache that cannot be used.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

from briefing.cli import main
from briefing.errors import ExitCode
from briefing.extract.llm import LLMEngine
from briefing.ground.validator import ground_document
from briefing.ingest.files import load_sources
from briefing.model.cache import CACHE_FILE
from briefing.model.client import Cancelled, ModelClient, ModelError
from briefing.model.settings import ModelSettings
from briefing.pipeline import build_brief

from ..openai_server import Answer, Script, ScriptedServer, completion, error, hang
from ..scenarios import (
    SCENARIOS,
    WRONG_FIGURE,
    answer,
    canned,
    careful,
    is_synthesis,
    plain_synthesis,
    seed_of,
    turn,
)

ROOT = Path(__file__).resolve().parents[2]
HTML = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
ASK = [{"role": "user", "content": "Say hello."}]


class Hello(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str


def hello() -> Answer:
    return completion(json.dumps({"text": "hello"}))


def settings(server: ScriptedServer, **overrides: Any) -> ModelSettings:
    values: dict[str, Any] = {
        "model": "scripted",
        "base_url": server.base_url,
        "use_cache": False,
        "backoff": 0.05,
        "max_attempts": 2,
    }
    return ModelSettings(**{**values, **overrides})


def ask_once(server: ScriptedServer, **overrides: Any) -> ModelError:
    """The error one request ends in."""
    client = ModelClient(settings(server, **overrides))
    try:
        with pytest.raises(ModelError) as caught:
            client.complete(ASK, Hello)
    finally:
        client.close()
    return caught.value


def seed(prefix: str) -> str:
    return next(s for s in SCENARIOS["seeds"].sources() if f"/{prefix}_" in s)


# --- 1. a total deadline per request --------------------------------------------------------


def dripping(request: dict[str, Any], n: int) -> Answer:
    """A good reply sent a byte every 20 ms: about ten seconds for a short completion."""
    reply = hello() if request["messages"] == ASK else careful(request)
    reply.drip = 0.02
    return reply


def test_a_reply_dripped_byte_by_byte_is_cut_at_the_timeout() -> None:
    with ScriptedServer(dripping) as server:
        started = time.monotonic()
        e = ask_once(server, timeout=0.5)
        elapsed = time.monotonic() - started
    assert "did not finish a reply within 0.5s, 2 attempts" in str(e)
    assert server.calls == 2 and elapsed < 2.5  # two attempts of half a second, not minutes


def test_the_timeout_comes_from_the_environment() -> None:
    with ScriptedServer(dripping) as server:
        args = ["brief", seed("004"), "--base-url", server.base_url, "--attempts", "1"]
        started = time.monotonic()
        result = CliRunner(env={"BRIEFING_TIMEOUT": "0.5"}).invoke(main, [*args, "--no-cache"])
        elapsed = time.monotonic() - started
    assert result.exit_code == ExitCode.model, result.output
    assert "within 0.5s, 1 attempt" in result.stderr and "Traceback" not in result.output
    assert elapsed < 3


def test_a_bad_timeout_in_the_environment_is_said_and_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="briefing"):
        assert ModelSettings.from_env({"BRIEFING_TIMEOUT": "30s"}).timeout == 120
    assert "BRIEFING_TIMEOUT='30s' is not a number of seconds" in caplog.text
    assert ModelSettings.from_env({"BRIEFING_TIMEOUT": "7.5"}).timeout == 7.5
    assert ModelSettings.from_env({"BRIEFING_TIMEOUT": "7.5"}, timeout=3.0).timeout == 3


# --- 2. Ctrl-C ----------------------------------------------------------------------------------


def interrupt_a_run(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], float, Path]:
    """`briefing brief` of the five seeds against a server that never answers, interrupted once
    four requests are in flight; the process, how long it took to end, the output folder."""
    out = tmp_path / "out"
    out.mkdir()
    with ScriptedServer(lambda request, n: hang()) as server:
        args = [sys.executable, "-m", "briefing.cli", "brief", *SCENARIOS["seeds"].sources()]
        args += ["--base-url", server.base_url, "--no-cache", "-o", str(out / "brief.md")]
        env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
        # A shell starts background jobs with SIGINT ignored, and Python keeps it so; a user at a
        # terminal has it: give the run the default, whatever started the test suite.
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            until = time.monotonic() + 30
            while server.calls < 4 and process.poll() is None and time.monotonic() < until:
                time.sleep(0.05)
            assert server.calls == 4, "the run never had four requests in flight"
            process.send_signal(signal.SIGINT)
            sent = time.monotonic()
            _, stderr = process.communicate(timeout=10)
            took = time.monotonic() - sent
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    return subprocess.CompletedProcess(args, process.returncode, "", stderr), took, out


def test_ctrl_c_cancels_requests_in_flight_and_writes_nothing(tmp_path: Path) -> None:
    ended, took, out = interrupt_a_run(tmp_path)
    assert took < 2.0, f"the run took {took:.1f}s to stop"
    assert ended.returncode != 0
    assert "Traceback" not in ended.stderr
    assert list(out.iterdir()) == []  # no brief, and no temporary file beside it


def test_ctrl_c_exits_130(tmp_path: Path) -> None:
    ended, _, _ = interrupt_a_run(tmp_path)
    assert ended.returncode == 130, ended.stderr


@pytest.mark.parametrize(
    "first",
    [error(429, "slow down", {"retry-after": "30"}), hang()],
    ids=["in-a-retry-wait", "in-flight"],
)
def test_cancel_ends_a_request_at_once(first: Answer) -> None:
    outcome: list[type[BaseException] | None] = []
    with ScriptedServer(lambda request, n: first if n == 1 else hang()) as server:
        client = ModelClient(settings(server, max_attempts=3))
        asking = threading.Thread(target=lambda: outcome.append(_outcome(client)))
        asking.start()
        _wait_for(lambda: server.calls == 1)
        time.sleep(0.2)  # well into the wait, or the read
        started = time.monotonic()
        client.cancel()
        asking.join(2)
        took = time.monotonic() - started
        client.close()
    assert not asking.is_alive() and took < 1
    assert outcome == [Cancelled] and server.calls == 1


def _outcome(client: ModelClient) -> type[BaseException] | None:
    try:
        client.complete(ASK, Hello)
    except Exception as e:
        return type(e)
    return None


def _wait_for(condition: Callable[[], bool], seconds: float = 5) -> None:
    until = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < until, "the condition never held"
        time.sleep(0.02)


# --- 3. Retry-After within the time left ----------------------------------------------------


def test_retry_after_past_the_deadline_is_not_waited() -> None:
    slept: list[float] = []
    with ScriptedServer(lambda r, n: error(429, "quota", {"retry-after": "86400"})) as server:
        client = ModelClient(settings(server, max_attempts=5), sleep=slept.append)
        with pytest.raises(ModelError) as caught:
            client.complete(ASK, Hello)
    assert slept == [] and server.calls == 1
    message = str(caught.value)
    assert "kept rate-limiting (429) after 1 attempt: quota" in message
    assert "asked to wait 86400s (Retry-After), more than the 300s a request may take" in message


def test_retry_after_is_capped_by_the_time_left() -> None:
    with ScriptedServer(lambda r, n: error(503, "busy", {"retry-after": "0.5"})) as server:
        started = time.monotonic()
        e = ask_once(server, max_attempts=5, deadline=1.5)
        elapsed = time.monotonic() - started
    # Tries at 0s, 0.5s and 1s; a fourth would start at 1.5s, the deadline, so it is not waited.
    assert server.calls == 3 and elapsed < 1.5
    assert "failed with HTTP 503 after 3 attempts: busy" in str(e)


# --- 4. replies that are not chat completions -----------------------------------------------

GARBLED = {
    "001": Answer(body='{"id": "chatcmpl-1", "choices": [{"index": 0, "message": {"role": "as'),
    "002": Answer(body=HTML, content_type="text/html; charset=utf-8"),
    "003": Answer(body=HTML),  # labelled application/json
}


def garbling(request: dict[str, Any], n: int) -> Answer:
    if not is_synthesis(request) and seed_of(request) in GARBLED:
        return GARBLED[seed_of(request)]
    return careful(request)


def test_garbled_replies_are_retried_then_reported_per_document() -> None:
    scenario = SCENARIOS["seeds"]
    with ScriptedServer(garbling) as server:
        settings_ = scenario.model_settings(server.base_url, max_attempts=2, concurrency=4)
        brief = build_brief(scenario.sources(), engine="llm", settings=settings_)
    errors = {Path(e.source).name[:3]: e.message for e in brief.source_errors}
    assert set(errors) == set(GARBLED)
    assert "JSON that is cut off or broken (application/json" in errors["001"]
    assert "an HTML page (text/html) instead of a chat completion" in errors["002"]
    assert "an HTML page (application/json) instead of a chat completion" in errors["003"]
    assert all("after 2 attempts" in m and "\n" not in m for m in errors.values())
    asked = Counter(seed_of(r) for r in server.requests if not is_synthesis(r))
    assert all(asked[s] == 2 for s in GARBLED)  # retried, not re-asked in the conversation
    used = {brief.document(c.doc_id).label for p in brief.key_points for c in p.citations}
    assert used == {1, 5}  # the other documents were still read


def test_a_garbled_reply_once_is_retried_and_used() -> None:
    def script(request: dict[str, Any], n: int) -> Answer:
        return Answer(body=HTML, content_type="text/html") if n == 1 else careful(request)

    with ScriptedServer(script) as server:
        settings_ = SCENARIOS["rate_limited"].model_settings(server.base_url)
        brief = build_brief([seed("004")], engine="llm", settings=settings_)
    assert server.calls == 3 and not brief.source_errors  # HTML, the reading, the synthesis
    assert sum(brief.validation.kept.values()) > 10


def test_garbled_replies_do_not_end_the_command() -> None:
    with ScriptedServer(garbling) as server:
        args = ["brief", seed("002"), seed("004"), "--base-url", server.base_url, "-m", "scripted"]
        result = CliRunner().invoke(main, [*args, "--attempts", "1", "--no-cache"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "002_" in errors[0] and "an HTML page (text/html)" in errors[0]
    assert "--base-url" in errors[0] and "Traceback" not in result.output


# --- 5. a connection dropped in the middle of a reply ---------------------------------------


@pytest.mark.parametrize(
    "dropping", [Answer(cut=60), Answer(drop=True)], ids=["mid-reply", "before-reply"]
)
def test_a_dropped_connection_is_named_as_such(
    dropping: Answer, caplog: pytest.LogCaptureFixture
) -> None:
    def script(request: dict[str, Any], n: int) -> Answer:
        reply = hello()
        reply.cut, reply.drop = dropping.cut, dropping.drop
        return reply

    with caplog.at_level(logging.WARNING, logger="briefing"), ScriptedServer(script) as server:
        e = ask_once(server)
    assert "dropped the connection before the reply was complete, after 2 attempts" in str(e)
    assert "cannot reach" not in str(e)
    assert "model call failed (connection dropped); retry 1 of 1" in caplog.text


# --- 6. the real number of attempts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "limits"),
    [
        # Deadlines of several attempts' length: a loaded 2-core runner still fits two or more.
        (lambda r, n: error(500, "down"), {"backoff": 0.3, "deadline": 2.0}),
        (lambda r, n: hang(), {"timeout": 0.3, "deadline": 2.0}),
    ],
    ids=["server-errors", "timeouts"],
)
def test_messages_count_the_attempts_made(script: Script, limits: dict[str, float]) -> None:
    with ScriptedServer(script) as server:
        e = ask_once(server, max_attempts=10, **limits)
    assert 1 < server.calls < 10  # the deadline, not --attempts, ended the retries
    assert f"{server.calls} attempts" in str(e) and "10 attempts" not in str(e)


# --- 7. a re-ask answered with the whole extraction -----------------------------------------


def test_a_reask_answered_with_the_whole_extraction_adds_nothing_twice() -> None:
    good = canned("001")

    def script(request: dict[str, Any], n: int) -> Answer:
        if is_synthesis(request):
            return answer(request, plain_synthesis(request))
        if turn(request) == "first":
            bad = copy.deepcopy(good)
            bad["figures"][1]["value"] = WRONG_FIGURE  # its evidence says $11.5 billion
            return answer(request, bad)
        return answer(request, good)  # every item again, the figure corrected

    docs, _ = load_sources([seed("001")])
    with ScriptedServer(script) as server:
        engine = LLMEngine(SCENARIOS["hallucinations"].model_settings(server.base_url))
        reading = engine.read(docs, ground_document, None)
        engine.close()
    extraction = reading.extractions[0][1]
    for kind in ("facts", "quotes", "figures", "entities"):
        assert len(getattr(extraction, kind)) == len(good[kind]), kind
    assert [f.value for f in extraction.figures] == [f["value"] for f in good["figures"]]
    assert engine.client.usage.reasks == 1 and engine.client.usage.reask_fixed == 1


# --- 8. a response cache that cannot be used ------------------------------------------------


def corrupt(folder: Path) -> None:
    folder.mkdir()
    (folder / CACHE_FILE).write_bytes(b"not a database, whatever its name says " * 50)


def file_in_the_way(folder: Path) -> None:
    folder.write_text("a file where the cache folder should be")


def read_only(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o500)


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (corrupt, "(file is not a database); going on without it; delete it"),
        (file_in_the_way, "(a file is in the way of the folder"),
        pytest.param(
            read_only,
            "going on without it",
            marks=pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere"),
        ),
    ],
    ids=["corrupt", "file-in-the-way", "read-only"],
)
def test_an_unusable_cache_is_said_once_and_the_run_goes_on(
    spoil: Callable[[Path], None], says: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "cache"
    spoil(folder)
    try:
        calls, warnings = _ask_twice_through_the_cache(folder, caplog)
    finally:
        if folder.is_dir():
            folder.chmod(0o700)
    assert calls == 2  # no cache: both asked
    assert len(warnings) == 1 and f"response cache {folder}" in warnings[0]
    assert says in warnings[0]


def test_a_locked_cache_is_given_up_within_a_second_or_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    holder = sqlite3.connect(folder / CACHE_FILE, isolation_level=None)
    holder.execute("CREATE TABLE other (a)")
    holder.execute("BEGIN EXCLUSIVE")  # another program writing, and not letting go
    try:
        started = time.monotonic()
        calls, warnings = _ask_twice_through_the_cache(folder, caplog)
        elapsed = time.monotonic() - started
    finally:
        holder.close()
    assert calls == 2 and elapsed < 3
    assert len(warnings) == 1 and "(database is locked); going on without it" in warnings[0]


def test_a_cache_locked_during_the_run_is_given_up_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with ScriptedServer(lambda r, n: hello()) as server:
        client = ModelClient(settings(server, use_cache=True, cache_dir=tmp_path))
        holder = sqlite3.connect(tmp_path / CACHE_FILE, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # takes the write lock after the cache opened
        try:
            with caplog.at_level(logging.WARNING, logger="briefing"):
                for _ in range(3):
                    assert client.complete(ASK, Hello).content == '{"text": "hello"}'
        finally:
            holder.close()
            client.close()
    warnings = [r.getMessage() for r in caplog.records if "response cache" in r.getMessage()]
    assert server.calls == 3 and len(warnings) == 1 and "database is locked" in warnings[0]


def test_an_unusable_cache_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    corrupt(tmp_path / "cache")
    with ScriptedServer(lambda request, n: careful(request)) as server:
        args = ["brief", seed("004"), "--base-url", server.base_url, "-m", "scripted"]
        result = CliRunner().invoke(main, [*args, "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "response cache" in line]
    assert len(said) == 1 and said[0].startswith("briefing: response cache ")


def _ask_twice_through_the_cache(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> tuple[int, list[str]]:
    """The same question twice through a cache in `folder`: the calls made, the warnings."""
    with (
        caplog.at_level(logging.WARNING, logger="briefing"),
        ScriptedServer(lambda r, n: hello()) as server,
    ):
        client = ModelClient(settings(server, use_cache=True, cache_dir=folder))
        for _ in range(2):
            assert json.loads(client.complete(ASK, Hello).content or "") == {"text": "hello"}
        client.close()
    return server.calls, [r.getMessage() for r in caplog.records if "cache" in r.getMessage()]
