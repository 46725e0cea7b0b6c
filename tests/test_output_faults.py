"""Where the brief goes and what it may carry: a write that fails is one line and exit 5, never
a traceback or a half-written file; a symlink is written through, a read-only file is left
alone; no live HTML reaches the Markdown, no control character or bidi override reaches any
output or log line, and a file name cannot add a line of its own to either."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefing.digest.compose import Digest, render_parts
from briefing.digest.config import DigestConfig
from briefing.pipeline import brief_from_documents
from briefing.render import render
from briefing.schemas import Brief, Document

from .checks import assert_spans_hold
from .ingest.test_faults import ACME, BOUND, ROOT, permission_denying_prefix, run_brief

OUTPUT_FAILED = 5
DEV_FULL = Path("/dev/full")  # Linux's always-full device: every write fails with ENOSPC
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
JSON_CONTROL = re.compile(r"\\u00(?:[01][0-9a-fA-F]|7[fF])|\\[bfr]")
full_disk = pytest.mark.skipif(not DEV_FULL.is_char_device(), reason="no /dev/full here")


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.txt"
    path.write_text(ACME, encoding="utf-8")
    return path


def one_write_error(done: subprocess.CompletedProcess[str], where: str, why: str) -> None:
    assert done.returncode == OUTPUT_FAILED, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert errors == [f"briefing: error: {where}: cannot write the brief: {why}"], done.stderr


# --- writes that fail ---------------------------------------------------------------------------


@full_disk
def test_a_full_disk_on_stdout_is_one_line_and_exit_5(acme: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with DEV_FULL.open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "briefing.cli", "brief", str(acme), "-q"],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=BOUND,
            check=False,
        )
    why = "No space left on device; it may be cut short"
    one_write_error(done, "standard output", why)


@full_disk
def test_a_full_disk_behind_o_is_one_line_and_exit_5(tmp_path: Path, acme: Path) -> None:
    # Through a link, so that code which replaces what -o names replaces the link, not /dev/full.
    out = tmp_path / "brief.md"
    out.symlink_to(DEV_FULL)
    done = run_brief(str(acme), "-o", str(out), "-q")
    one_write_error(done, str(out), "No space left on device; nothing written")
    assert out.is_symlink() and DEV_FULL.is_char_device()


def test_o_under_a_regular_file_is_one_line_and_exit_5(tmp_path: Path, acme: Path) -> None:
    out = acme / "brief.md"
    done = run_brief(str(acme), "-o", str(out), "-q")
    one_write_error(done, str(out), f"{acme} is a file, not a folder; nothing written")
    assert acme.read_text(encoding="utf-8") == ACME


def test_o_in_a_folder_nobody_may_write_is_one_line_and_exit_5(tmp_path: Path, acme: Path) -> None:
    shut = tmp_path / "shut"
    shut.mkdir()
    shut.chmod(0o555)
    try:
        prefix = permission_denying_prefix(shut / "nothing-here")  # root: needs setpriv
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [*prefix, sys.executable, "-m", "briefing.cli", "brief", str(acme)]
        done = subprocess.run(
            [*command, "-o", str(shut / "brief.md"), "-q"],
            env=env,
            capture_output=True,
            text=True,
            timeout=BOUND,
            check=False,
        )
        one_write_error(
            done,
            str(shut / "brief.md"),
            f"cannot create a file in {shut}: permission denied; nothing written",
        )
        assert list(shut.iterdir()) == []
    finally:
        shut.chmod(0o755)


def test_a_fifo_nobody_reads_is_refused_at_once_and_stays_a_fifo(
    tmp_path: Path, acme: Path
) -> None:
    out = tmp_path / "brief.md"
    os.mkfifo(out)
    done = run_brief(str(acme), "-o", str(out), "-q")
    why = "it is a named pipe (FIFO) that nothing is reading; nothing written"
    one_write_error(done, str(out), why)
    assert stat.S_ISFIFO(out.stat().st_mode)


def test_the_exit_code_of_a_failed_write_is_documented() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "brief", "--help"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=True,
    )
    assert "5  the brief could not be written" in done.stdout
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`5` the brief could not be written" in readme


# --- what -o replaces ---------------------------------------------------------------------------


def test_o_onto_a_symlink_writes_through_it(tmp_path: Path, acme: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old brief\n", encoding="utf-8")
    link = tmp_path / "brief.md"
    link.symlink_to(real.name)
    dangling = tmp_path / "later.md"
    dangling.symlink_to("not-yet.md")
    for out in (link, dangling):
        done = run_brief(str(acme), "-o", str(out), "-q")
        assert done.returncode == 0, done.stderr
        assert out.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# Acme Widgets")
    assert (tmp_path / "not-yet.md").read_text(encoding="utf-8").startswith("# Acme Widgets")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "acme.txt",
        "brief.md",
        "later.md",
        "not-yet.md",
        "real.md",
    ]


def test_a_read_only_target_is_left_alone(tmp_path: Path, acme: Path) -> None:
    out = tmp_path / "brief.md"
    out.write_text("keep me\n", encoding="utf-8")
    out.chmod(0o444)
    done = run_brief(str(acme), "-o", str(out), "-q")
    one_write_error(done, str(out), "the file is read-only; nothing written")
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.txt", "brief.md"]


# --- what the brief carries ---------------------------------------------------------------------

HOSTILE = (
    "Acme said revenue rose 12% to $3.4 billion <img src=x onerror=alert(1)> in the quarter.\n"
    "“We build more widgets <script>alert(2)</script> than ever,” chief executive Maria Lopez "
    "said on Monday.\n"
    "Acme will hire 400 people [in Lyon](javascript:alert(3)) before the end of the year.\n"
)


def hostile_brief() -> Brief:
    docs = [
        Document(
            id=f"d{n}",
            label=n,
            source=f"{n}.txt",
            title="Acme <script>alert(0)</script> results",
            outlet="<b onmouseover=alert(4)>Daily</b>",
            text=HOSTILE,
        )
        for n in (1, 2)
    ]
    return brief_from_documents(docs, engine="extractive")


def test_the_markdown_brief_shows_source_html_as_text_never_live() -> None:
    md = render(hostile_brief(), "md")
    # The sources' words are there, every tag and link of theirs defused.
    for shown in ("onerror=alert(1)", "alert(2)", "alert(0)", "onmouseover=alert(4)"):
        assert shown in md
    assert "javascript:alert(3)" in md
    assert not re.search(r"<[a-zA-Z/!]", md), re.findall(r"<[a-zA-Z/!][^>]*>", md)
    assert not re.search(r"(?<!\\)\]\(", md)  # no "[text](url)" left to follow
    assert "&lt;script>" in md


def test_a_line_of_the_source_cannot_become_a_heading_list_or_quote() -> None:
    text = "# Owned: Acme said revenue rose 12% to $3.4 billion in the quarter, its best yet.\n"
    docs = [Document(id=f"d{n}", label=n, source=f"{n}.txt", text=text) for n in (1, 2)]
    md = render(brief_from_documents(docs, engine="extractive"), "md")
    assert "Owned" in md
    assert not [line for line in md.splitlines() if line.startswith("# Owned")]


CONTROLLED = (
    "Acme \x1b[31mWidgets\x1b[0m Beat\u202e Forecasts\x07\n\n"
    "Acme Widgets said on Monday\x85 that quarterly revenue rose 12% to $3.4 billion,\u2066 up "
    "from $3.0 billion\u2069 a year ago.\x1b]0;owned\x07\n"
)


def test_controls_and_bidi_overrides_reach_no_output_and_no_log_line(tmp_path: Path) -> None:
    name = "acme\x1b[2K\u202e.txt"
    (tmp_path / name).write_text(CONTROLLED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CONTROLLED.replace("Monday", "Tuesday"), encoding="utf-8")
    gone = str(tmp_path / "gone\x1b[2J\u202e.txt")
    outputs = {fmt: tmp_path / f"brief.{fmt}" for fmt in ("md", "html", "json")}
    for out in outputs.values():
        done = run_brief(str(tmp_path / name), str(tmp_path / "b.txt"), gone, "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert not UNSAFE.search(done.stderr), done.stderr
        shown = f"briefing: error: {tmp_path}/gone\\x1b[2J\\u202e.txt: no such file or folder"
        assert shown in done.stderr.splitlines()
    for fmt, out in outputs.items():
        text = out.read_text(encoding="utf-8")
        assert not UNSAFE.search(text), (fmt, UNSAFE.findall(text))
        assert "Acme Widgets Beat Forecasts" in text
    raw = outputs["json"].read_text(encoding="utf-8")
    assert not JSON_CONTROL.search(raw)
    brief = Brief.model_validate_json(raw)
    assert_spans_hold(brief)  # stripped at ingest, so every span still indexes its text


def test_no_output_carries_controls_that_bypass_ingest() -> None:
    # Fields that never went through ingest (a model's words, a library caller's Document).
    bad = "\x1b[31m\u202e\x07\x85\u2067"
    text = "Acme Corp said revenue rose 12% to $3.4 billion in the quarter, ahead of forecasts."
    docs = [
        Document(
            id=f"d{n}",
            label=n,
            source=f"{n}{bad}.txt",
            title=f"Acme{bad} results",
            outlet=f"Daily{bad}",
            author=f"Jane{bad} Roe",
            text=text,
        )
        for n in (1, 2)
    ]
    brief = brief_from_documents(docs, engine="extractive")
    for fmt in ("md", "html", "json"):
        out = render(brief, fmt)
        assert not UNSAFE.search(out), (fmt, UNSAFE.findall(out))
        if fmt == "json":
            assert not JSON_CONTROL.search(out)
    config = DigestConfig.model_validate(
        {"name": "media", "recipients": ["exec@example.com"], "from": "b@example.com"}
    )
    when = datetime(2026, 12, 1, 7, 0, tzinfo=ZoneInfo("Europe/London"))
    parts = render_parts(Digest(config, [brief], [], when))
    for body in (parts.text, parts.html):
        assert not UNSAFE.search(body), UNSAFE.findall(body)


def test_a_file_name_adds_no_heading_to_the_brief_and_no_line_to_the_log(tmp_path: Path) -> None:
    (tmp_path / "x\n# Owned.txt").write_text(ACME, encoding="utf-8")
    forged = "gone\nbriefing: error: everything is fine.txt"
    done = run_brief(str(tmp_path / "x\n# Owned.txt"), forged, "--format", "md")
    assert done.returncode == 0, done.stderr
    md_lines = done.stdout.splitlines()
    assert not [line for line in md_lines if line.startswith("# Owned")]
    assert [line for line in md_lines if "Owned.txt" in line] == [
        f"1. **Acme Widgets Beat Forecasts** · `{tmp_path}/x\\n# Owned.txt`"
    ]
    assert all(line.startswith("briefing: ") for line in done.stderr.splitlines())
    assert [line for line in done.stderr.splitlines() if "fine.txt" in line] == [
        "briefing: error: gone\\nbriefing: error: everything is fine.txt: no such file or folder"
    ]
    brief_json = run_brief(str(tmp_path / "x\n# Owned.txt"), "--format", "json", "-q")
    assert json.loads(brief_json.stdout)["sources"][0]["source"] == str(tmp_path / "x\n# Owned.txt")
