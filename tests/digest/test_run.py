"""The digest end to end: a news site with a feed and an SMTP server, both real, on 127.0.0.1."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.digest.mail import DeliveryError
from briefing.digest.run import NotRecorded, run_digest
from briefing.ingest.files import load_sources
from briefing.text.matching import normalize

from ..servers import SEEDS, NewsSite, free_port
from .digests import CENTRAL_BANK, load, local_digest, parse, write_config


def smtp_digest(tmp_path: Path, site: NewsSite, port: int, extra: str = "") -> Path:
    return write_config(
        tmp_path,
        f"""name = "news"
feeds = ["{site.url}/feed.xml"]
recipients = ["exec@example.com", "analyst@example.com"]
from = "Briefing <briefing@example.com>"
subject = "Briefing: {{title}} ({{stories}} stories)"
{extra}
[digest.model]
engine = "extractive"

[digest.delivery]
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "none"
timeout = 5
""",
    )


def sent_urls(message: EmailMessage) -> set[str]:
    html = message.get_body(("html",)).get_content()
    return set(re.findall(r'href="(http://127\.0\.0\.1:\d+/news/[^"]+)"', html))


# --- the happy path ----------------------------------------------------------------------------


def test_digest_arrives_over_smtp_with_both_parts(tmp_path: Path, site: NewsSite, smtp) -> None:
    urls = site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    result = run_digest(config, store)
    assert result.status == "sent" and result.documents == 5 and result.stories == 1
    [raw] = smtp.messages
    assert sorted(smtp.envelopes[0].rcpt_tos) == ["analyst@example.com", "exec@example.com"]
    message = parse(raw)
    assert message.get_content_type() == "multipart/mixed"  # the bodies, then the full brief
    [body, brief] = message.iter_parts()
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    assert brief.get_content_disposition() == "attachment"
    for header in ("Date", "Message-ID", "From", "To", "Subject"):
        assert message[header], header
    assert message["Subject"].startswith("Briefing: ") and "\n" not in message["Subject"]
    assert message["To"] == "exec@example.com, analyst@example.com"
    html = message.get_body(("html",)).get_content()
    assert 'style="' in html  # CSS inlined for mail clients
    assert sent_urls(message) == set(urls)
    assert store.deliveries("news")[0]["message_id"] == message["Message-ID"]


def test_every_quote_in_the_email_is_verbatim_in_a_source(
    tmp_path: Path, site: NewsSite, smtp
) -> None:
    site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    run_digest(config, store)
    text = parse(smtp.messages[0]).get_body(("plain",)).get_content()
    quotes = re.findall(r"^- “(.+?)” \(", text, re.M)
    assert len(quotes) >= 3
    sources = [normalize(d.text) for d in load_sources([str(SEEDS)])[0]]
    for quote in quotes:
        assert any(normalize(quote) in s for s in sources), quote


def test_second_run_sends_nothing_and_a_new_item_alone_goes_next(
    tmp_path: Path, site: NewsSite, smtp
) -> None:
    site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    assert run_digest(config, store).status == "sent"
    page_hits = len([r for r in site.requests if r[0].startswith("/news/")])

    second = run_digest(config, store)
    assert second.status == "nothing new" and len(smtp.messages) == 1
    headers, status = site.feed_requests()[-1]
    assert status == 304 and headers.get("if-none-match")  # a conditional GET
    assert len([r for r in site.requests if r[0].startswith("/news/")]) == page_hits

    new = site.add_article("/news/ecb.html", "ECB holds rates", CENTRAL_BANK, "Outlet 6")
    third = run_digest(config, store)
    assert third.status == "sent" and third.documents == 1
    assert sent_urls(parse(smtp.messages[1])) == {new}
    assert [d["documents"] for d in store.deliveries("news")] == [5, 1]


def test_new_documents_are_grouped_into_stories(tmp_path: Path, site: NewsSite, smtp) -> None:
    site.add_seed_articles()
    site.add_article("/news/ecb.html", "ECB holds rates", CENTRAL_BANK, "Outlet 6")
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    result = run_digest(config, store)
    assert result.stories == 2
    text = parse(smtp.messages[0]).get_body(("plain",)).get_content()
    # The story five outlets carry comes first.
    assert text.index("1. Net") < text.index("2. ECB")


def test_a_failing_source_is_reported_and_the_rest_goes_out(
    tmp_path: Path, site: NewsSite, smtp
) -> None:
    site.add_seed_articles()
    site.feed_items.append(("/news/gone.html", "Gone"))
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    result = run_digest(config, store)
    assert result.status == "sent" and result.documents == 5
    assert [(e.source.rsplit("/", 1)[1], e.message) for e in result.errors] == [
        ("gone.html", "HTTP 404")
    ]
    assert "gone.html: HTTP 404" in parse(smtp.messages[0]).get_body(("plain",)).get_content()


# --- at least once --------------------------------------------------------------------------


@pytest.mark.parametrize("reply", ["550 5.7.1 Message refused", "451 4.3.0 Try again later"])
def test_refused_message_marks_nothing_sent(
    tmp_path: Path, site: NewsSite, smtp, reply: str
) -> None:
    site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    smtp.reply = reply
    with pytest.raises(DeliveryError, match=re.escape(reply.split()[0])):
        run_digest(config, store)
    assert store.deliveries("news") == []
    smtp.reply = "250 OK"
    assert run_digest(config, store).documents == 5  # everything, again
    assert len(smtp.messages) == 1


def test_unreachable_smtp_marks_nothing_sent(tmp_path: Path, site: NewsSite, smtp) -> None:
    site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, free_port()))
    with pytest.raises(DeliveryError, match=r"cannot deliver through 127\.0\.0\.1"):
        run_digest(config, store)
    assert store.deliveries("news") == []
    config.delivery.smtp_port = smtp.port
    assert run_digest(config, store).documents == 5


def test_crash_between_sending_and_recording_sends_again(
    tmp_path: Path, site: NewsSite, smtp
) -> None:
    site.add_seed_articles()
    config, store = load(smtp_digest(tmp_path, site, smtp.port))
    # Another process holds the state database when the message is accepted, so recording
    # fails exactly between the server's 250 and the transaction, as a crash there would.
    blocker = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    smtp.on_data = lambda _: blocker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(NotRecorded, match="the next run sends these 5 documents again"):
        run_digest(config, store)
    blocker.execute("ROLLBACK")
    smtp.on_data = None
    assert len(smtp.messages) == 1 and store.deliveries("news") == []
    assert run_digest(config, store).documents == 5  # at least once: sent a second time
    assert len(smtp.messages) == 2 and len(store.deliveries("news")) == 1


def test_killed_mid_send_the_next_run_sends(tmp_path: Path, site: NewsSite, smtp) -> None:
    site.add_seed_articles()
    path = smtp_digest(tmp_path, site, smtp.port)
    smtp.hold.clear()  # the server takes the message and does not answer
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "digest", "run", "--config", str(path), "-q"],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not any(r[0].startswith("/news/") for r in site.requests) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # it briefs, then connects and sends DATA
    process.kill()
    process.wait(timeout=10)
    smtp.hold.set()
    config, store = load(path)
    assert store.deliveries("news") == []
    assert run_digest(config, store).documents == 5


def test_overlapping_runs_send_once(tmp_path: Path, site: NewsSite, smtp) -> None:
    site.add_seed_articles()
    path = smtp_digest(tmp_path, site, smtp.port)
    # The first run waits for the server longer than the second waits for the state.
    path.write_text(path.read_text().replace("timeout = 5", "timeout = 30"))
    smtp.hold.clear()  # the first run is mid-send, holding the state, when the second starts
    command = [sys.executable, "-m", "briefing.cli", "digest", "run", "--config", str(path)]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert smtp.arrived.wait(30)
    second = subprocess.run(command, capture_output=True, text=True, timeout=60)
    smtp.hold.set()
    _, first_log = first.communicate(timeout=30)
    assert first.returncode == 0, first_log
    assert second.returncode == 1
    assert "another run is using" in second.stderr and "Traceback" not in second.stderr
    assert len(smtp.messages) == 1  # not the same documents twice
    _, store = load(path)
    assert [d["documents"] for d in store.deliveries("news")] == [5]


# --- outbox, dry run, CLI -----------------------------------------------------------------------


def test_outbox_is_the_default_delivery(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["digest", "run", "--config", str(local_digest(tmp_path))])
    assert result.exit_code == 0, result.output
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert not list((tmp_path / "outbox").glob(".*"))  # no temporary file left
    message = parse(eml.read_bytes())
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    assert f"1 story from 5 documents written to the outbox: {eml}" in result.stderr
    assert "sent" not in result.stderr  # only SMTP sends
    again = CliRunner().invoke(main, ["digest", "run", "--config", str(local_digest(tmp_path))])
    assert "nothing new since the last one; nothing sent" in again.stderr
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_every_source_failing_is_an_error_not_a_quiet_day(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        f"""name = "x"
sources = ["{tmp_path / "missing"}", "http://127.0.0.1:{free_port()}/feed.xml"]
recipients = ["exec@example.com"]
from = "briefing@example.com"
""",
    )
    result = CliRunner().invoke(main, ["digest", "run", "--config", str(path)])
    assert result.exit_code == 1
    assert "every source failed" in result.stderr and "nothing new" not in result.stderr
    assert not (tmp_path / "outbox").exists()


def test_subject_stays_on_one_line_whatever_the_titles(tmp_path: Path) -> None:
    article = tmp_path / "articles" / "a.txt"
    article.parent.mkdir()
    article.write_text(
        "Shares jump\r\nBcc: everyone@example.com\n\nThe company said shares rose 5% on Monday.",
        encoding="utf-8",
    )
    path = write_config(
        tmp_path,
        f"""name = "x"
sources = ["{article.parent}"]
recipients = ["exec@example.com"]
from = "briefing@example.com"
subject = "{{title}}\\u2028{{date}}\\ttab"
""",
    )
    CliRunner().invoke(main, ["digest", "run", "--config", str(path)])
    [eml] = (tmp_path / "outbox").glob("*.eml")
    raw = eml.read_bytes()
    message = parse(raw)
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"] and "\u2028" not in message["Subject"]
    assert re.search(rb"^Subject: [^\r\n]+\r?\n(?! )", raw, re.M)


def test_smtp_password_comes_only_from_the_environment(
    tmp_path: Path, site: NewsSite, smtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.add_seed_articles()
    path = smtp_digest(tmp_path, site, smtp.port)
    text = path.read_text().replace('security = "none"', 'security = "none"\nsmtp_user = "bot"')
    path.write_text(text)
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD", raising=False)
    config, store = load(path)
    with pytest.raises(DeliveryError, match=r"\$BRIEFING_SMTP_PASSWORD is empty"):
        run_digest(config, store)
    assert smtp.messages == []


# --- serve --------------------------------------------------------------------------------------


def test_serve_runs_on_schedule_and_stops_on_sigterm(tmp_path: Path) -> None:
    path = local_digest(tmp_path, 'schedule = "* * * * * */2"\n')
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "digest", "serve", "--config", str(path)],
        stderr=subprocess.PIPE,
        text=True,
    )
    log = ""
    deadline = time.monotonic() + 40
    try:
        while log.count("run started") < 2 and time.monotonic() < deadline:
            log += process.stderr.readline()
    finally:
        process.terminate()  # SIGTERM
    _, rest = process.communicate(timeout=20)
    log += rest
    assert process.returncode == 0, log
    assert log.count("run started") >= 2
    assert "1 story from 5 documents written to the outbox" in log
    assert "nothing new since the last one" in log
    assert "stopped after" in log and "Traceback" not in log
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
