"""The digest's state from the command line: a dry run that touches nothing, a resend of the
last digest, `digest status`, and logs that say what really happened."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.digest.store import Store

from ..servers import SEEDS, SmtpSink
from .digests import CENTRAL_BANK, parse, write_config

ECB = f"ECB holds rates\n\n{CENTRAL_BANK}\n"


def folder_digest(tmp_path: Path, delivery: str = "") -> tuple[Path, Path]:
    """A digest of a folder holding copies of the seeds, and that folder."""
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    config = write_config(
        tmp_path,
        f"""name = "seeds"
sources = ["{articles}"]
recipients = ["exec@example.com"]
from = "briefing@example.com"

[digest.model]
engine = "extractive"
{delivery}""",
    )
    return config, articles


def digest(*args: str) -> Result:
    return CliRunner().invoke(main, ["digest", *args])


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_dry_run_shows_the_whole_email_and_creates_no_state(tmp_path: Path) -> None:
    config, _ = folder_digest(tmp_path)
    result = digest("run", "--config", str(config), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Subject: Netflix") and "Key points:" in result.stdout
    preview = tmp_path / "outbox.preview"
    assert sorted(p.name for p in preview.iterdir()) == ["seeds.eml", "seeds.html", "seeds.txt"]
    message = parse((preview / "seeds.eml").read_bytes())
    assert message["Subject"] in result.stdout
    assert (preview / "seeds.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Key points:" in (preview / "seeds.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "outbox").exists()
    assert not (tmp_path / "state.sqlite3").exists()
    assert "nothing sent, nothing recorded" in result.stderr


def test_a_dry_run_changes_no_state_and_the_next_run_still_sends(tmp_path: Path) -> None:
    config, articles = folder_digest(tmp_path)
    assert digest("run", "--config", str(config)).exit_code == 0
    state = tmp_path / "state.sqlite3"
    before = fingerprint(state), sorted(tmp_path.iterdir())
    (articles / "ecb.txt").write_text(ECB, encoding="utf-8")
    dry = digest("run", "--config", str(config), "--dry-run")
    assert dry.exit_code == 0 and dry.stdout.startswith("Subject: ECB holds rates")
    preview = tmp_path / "outbox.preview"
    assert (fingerprint(state), sorted(p for p in tmp_path.iterdir() if p != preview)) == before
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    real = digest("run", "--config", str(config))  # the dry run did not mark it as sent
    assert "1 story from 1 document written to the outbox" in real.stderr


def test_resend_delivers_the_last_digest_again_over_smtp(tmp_path: Path, smtp: SmtpSink) -> None:
    delivery = f"""
[digest.delivery]
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
timeout = 5
"""
    config, _ = folder_digest(tmp_path, delivery)
    early = digest("run", "--config", str(config), "--resend")
    assert early.exit_code == 1
    assert "seeds has not sent anything yet" in early.stderr and "Traceback" not in early.output
    assert digest("run", "--config", str(config)).exit_code == 0
    again = digest("run", "--config", str(config), "--resend")
    assert again.exit_code == 0, again.output
    assert "the last digest sent again: smtp://127.0.0.1" in again.stderr
    first, second = (parse(raw) for raw in smtp.messages)
    assert first["Message-ID"] != second["Message-ID"]
    assert first["Subject"] == second["Subject"]
    for kind in ("plain", "html"):
        assert first.get_body((kind,)).get_content() == second.get_body((kind,)).get_content()
    assert len(list(second.iter_attachments())) == 1


def test_status_prints_the_state_and_what_each_run_did(tmp_path: Path) -> None:
    config, articles = folder_digest(tmp_path)
    empty = digest("status", "--config", str(config))
    assert empty.exit_code == 0
    assert f"state: {tmp_path / 'state.sqlite3'} (none yet" in empty.stdout
    assert "no runs yet" in empty.stdout
    assert not (tmp_path / "state.sqlite3").exists()  # looking creates nothing
    digest("run", "--config", str(config))
    digest("run", "--config", str(config))
    shutil.rmtree(articles)
    digest("run", "--config", str(config))
    digest("run", "--config", str(config), "--resend")
    lines = digest("status", "--config", str(config)).stdout.splitlines()
    assert lines[0] == f"state: {tmp_path / 'state.sqlite3'}"
    runs = [line.split("  ", 2)[2] for line in lines[3:]]
    assert runs[0].startswith("written to the outbox: 1 story, 5 documents (")
    assert runs[0].endswith(".eml)")
    assert runs[1] == "nothing new: 0 stories, 0 documents"
    assert runs[2].startswith("failed: 0 stories, 0 documents (every source failed")
    assert runs[3].startswith("resent: 1 story, 5 documents (written to the outbox: ")
    unknown = digest("status", "--config", str(config), "--name", "nope")
    assert unknown.exit_code == 2
    assert unknown.stderr == "briefing: error: no digest named 'nope' (the config has: seeds)\n"


def test_the_engine_is_named_once_per_run(tmp_path: Path) -> None:
    config, articles = folder_digest(tmp_path)
    (articles / "ecb.txt").write_text(ECB, encoding="utf-8")
    result = digest("run", "--config", str(config))
    assert "2 stories from 6 documents written to the outbox" in result.stderr
    assert result.stderr.count("engine: extractive") == 1


def test_a_state_file_from_before_resend_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE deliveries (id INTEGER PRIMARY KEY, digest TEXT NOT NULL, sent_at TEXT"
        " NOT NULL, recipients TEXT NOT NULL, message_id TEXT NOT NULL, documents INTEGER"
        " NOT NULL)"
    )
    old.execute("INSERT INTO deliveries VALUES (1, 'seeds', '2026-11-30', 'a@b.c', '<m@x>', 5)")
    old.commit()
    old.close()
    looking = Store(path, read_only=True)
    assert looking.runs("seeds") == [] and looking.last_message("seeds") is None
    looking.close()
    store = Store(path)
    assert store.deliveries("seeds")[0]["message_id"] == "<m@x>"
    assert store.last_message("seeds") is None  # nothing to resend: it was never kept
    store.close()
