"""The digest's faults, each against real servers on 127.0.0.1: overlapping runs, one digest's
unplanned error, a broken state file, a trickling page, a binary page, a password in clear."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.digest.config import ConfigError, Fetching, load_config
from briefing.digest.fetch import Fetcher, FetchError, fetch_sources
from briefing.digest.mail import DeliveryError
from briefing.digest.run import RunResult, run_digest
from briefing.digest.store import StateError

from ..servers import SEEDS, NewsSite, Page, SmtpSink, Trickle
from .digests import load, write_config
from .test_run import smtp_digest


def digest(*args: str) -> Result:
    return CliRunner().invoke(main, ["digest", *args])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "error" in line]


def outbox_digest(name: str, extra: str = "") -> str:
    return f"""
[[digest]]
name = "{name}"
sources = ["{SEEDS}"]
recipients = ["exec@example.com"]
from = "briefing@example.com"
[digest.model]
engine = "extractive"
{extra}"""


# --- 1. one run at a time -----------------------------------------------------------------------


def test_a_run_that_overlaps_one_mid_send_waits_and_sends_nothing_twice(
    tmp_path: Path, site: NewsSite, smtp: SmtpSink
) -> None:
    site.add_seed_articles()
    path = smtp_digest(tmp_path, site, smtp.port)
    results: dict[str, RunResult | BaseException] = {}

    def run(name: str) -> None:
        config, store = load(path)  # each run its own connection, as two processes have
        try:
            results[name] = run_digest(config, store)
        except BaseException as e:
            results[name] = e
        finally:
            store.close()

    smtp.hold.clear()  # the first run has sent DATA and waits for the server's answer
    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert smtp.arrived.wait(30)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    time.sleep(1.0)  # the second is waiting for the lock while the first is mid-send
    assert smtp.messages == [] and "second" not in results
    smtp.hold.set()
    first.join(30)
    second.join(30)
    assert isinstance(results["first"], RunResult), results["first"]
    assert isinstance(results["second"], RunResult), results["second"]
    assert (results["first"].status, results["first"].documents) == ("sent", 5)
    assert results["second"].status == "nothing new"
    assert len(smtp.messages) == 1


# --- 2. one digest's unplanned error ------------------------------------------------------------


def test_one_digests_unexpected_error_is_one_line_and_the_others_still_run(
    tmp_path: Path,
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    archive = '[digest.archive]\nfolder = "a-file/briefs"\nbase_url = "https://example.com/b/"'
    config = tmp_path / "briefing.toml"
    config.write_text(
        'state = "state.sqlite3"\n'
        + outbox_digest("broken", archive)
        + outbox_digest("fine", '[digest.delivery]\noutbox = "fine-outbox"'),
        encoding="utf-8",
    )
    result = digest("run", "--config", str(config))
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith("briefing: error: digest broken not delivered: unexpected ")
    assert "a-file" in line and line.endswith("; nothing marked as sent")
    assert len(list((tmp_path / "fine-outbox").glob("*.eml"))) == 1
    status = digest("status", "--config", str(config)).stdout
    assert "failed: 0 stories, 0 documents (unexpected " in status


# --- 3. a locked or corrupt state file ----------------------------------------------------------


def test_a_corrupt_state_file_is_one_line_per_digest(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('state = "state.sqlite3"\n' + outbox_digest("a") + outbox_digest("b"))
    (tmp_path / "state.sqlite3").write_bytes(b"this is not an SQLite database, " * 64)
    for args in ((), ("--dry-run",)):
        result = digest("run", "--config", str(config), *args)
        assert isinstance(result.exception, SystemExit) and result.exit_code == 1
        lines = error_lines(result)
        assert len(lines) == 2, result.stderr
        for line in lines:
            assert f"state file {tmp_path / 'state.sqlite3'}: file is not a database" in line
    assert not (tmp_path / "outbox").exists()


def test_a_locked_state_file_is_one_line_and_the_next_run_sends(
    tmp_path: Path, site: NewsSite, smtp: SmtpSink
) -> None:
    site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program (a backup, a shell) holds the file
    started = time.monotonic()
    with pytest.raises(StateError) as e:
        run_digest(config, store)
    assert time.monotonic() - started < 10
    assert str(e.value).startswith(f"state file {store.path}: database is locked")
    assert "\n" not in str(e.value) and smtp.messages == []
    blocker.execute("ROLLBACK")
    assert run_digest(config, store).documents == 5
    assert len(smtp.messages) == 1


# --- 4. a trickling page ------------------------------------------------------------------------


@pytest.fixture(params=[False, True], ids=["body", "headers-too"])
def trickle(request: pytest.FixtureRequest) -> Iterator[Trickle]:
    server = Trickle(0.5, headers_too=request.param)
    yield server
    server.close()


def test_a_trickling_page_is_bounded_by_the_whole_fetch_timeout(trickle: Trickle) -> None:
    timeout = 1.5
    fetcher = Fetcher(Fetching(timeout=timeout))
    outcome: list[BaseException | object] = []

    def fetch() -> None:
        try:
            outcome.append(fetcher.page(trickle.url, 1))
        except BaseException as e:
            outcome.append(e)

    started = time.monotonic()
    worker = threading.Thread(target=fetch, daemon=True)  # the old code read for minutes
    worker.start()
    worker.join(timeout + 5)
    took = time.monotonic() - started
    fetcher.close()
    assert not worker.is_alive(), "the fetch went on past its timeout"
    assert took < timeout + 1.0
    [error] = outcome
    assert isinstance(error, FetchError)
    said = "no answer" if trickle.headers_too else "not fully received"
    assert str(error) == f"{said} within {timeout:g}s"


# --- 5. a binary body served as text ------------------------------------------------------------


def test_a_binary_body_served_as_text_is_refused_in_one_line_naming_the_url(
    site: NewsSite,
) -> None:
    site.pages["/nul.txt"] = Page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 200, "text/plain")
    site.pages["/controls.txt"] = Page(bytes(range(1, 256)) * 40, "text/plain")
    site.pages["/cafe.txt"] = Page(
        "Café prices rose 5% in Paris on Monday, the statistics office said.\n".encode("latin-1"),
        "text/plain; charset=iso-8859-1",
    )
    urls = [site.url + p for p in ("/nul.txt", "/controls.txt", "/cafe.txt")]
    docs, errors = fetch_sources(Fetcher(Fetching(timeout=5)), urls, 1)
    assert [str(e) for e in errors] == [
        f"{urls[0]}: binary content served as text/plain",
        f"{urls[1]}: binary content served as text/plain",
    ]
    [cafe] = docs
    assert "Café prices rose 5%" in cafe.text  # a text in its declared charset still reads


# --- 6. the SMTP password in clear ---------------------------------------------------------------


def plaintext_login(tmp_path: Path, host: str, port: int = 25, extra: str = "") -> Path:
    return write_config(
        tmp_path,
        f"""name = "news"
sources = ["{SEEDS}"]
recipients = ["exec@example.com"]
from = "briefing@example.com"
[digest.model]
engine = "extractive"
[digest.delivery]
smtp_host = "{host}"
smtp_port = {port}
security = "none"
smtp_user = "bot"
timeout = 5
{extra}""",
    )


def test_a_login_in_clear_to_another_host_is_refused_before_anything_runs(
    tmp_path: Path,
) -> None:
    path = plaintext_login(tmp_path, "mail.example.com")
    with pytest.raises(ConfigError, match="allow_plaintext_auth = true"):
        load_config(path)
    result = digest("run", "--config", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "digest[news].delivery: smtp_user with security" in result.stderr
    assert "unencrypted to mail.example.com" in result.stderr
    assert not (tmp_path / "state.sqlite3").exists()


def test_allow_plaintext_auth_says_so_explicitly(tmp_path: Path) -> None:
    path = plaintext_login(tmp_path, "mail.example.com", extra="allow_plaintext_auth = true")
    assert load_config(path).digest[0].delivery.allow_plaintext_auth


def test_a_login_in_clear_to_loopback_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "s3cret-pw")
    sink = SmtpSink(users={"bot": "s3cret-pw"})
    try:
        result = digest("run", "--config", str(plaintext_login(tmp_path, "127.0.0.1", sink.port)))
        assert result.exit_code == 0, result.output
        assert sink.logins == ["bot"] and len(sink.messages) == 1
        assert "s3cret-pw" not in result.output
    finally:
        sink.close()


def test_a_host_changed_after_loading_is_still_refused_at_sending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "s3cret-pw")
    config, store = load(plaintext_login(tmp_path, "127.0.0.1"))
    config.delivery.smtp_host = "192.0.2.10"  # settings are plain attributes once loaded
    with pytest.raises(DeliveryError, match=r"unencrypted to 192\.0\.2\.10") as e:
        run_digest(config, store)
    assert "s3cret-pw" not in str(e.value)
    assert store.deliveries("news") == []
