"""Inputs that are not articles: FIFOs, sockets, devices, unreadable folders, symlink loops,
pages of menus and links, and a size cap that is not a size. Each is one line naming it, and
the other inputs are still read; nothing waits forever."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.ingest.files import load_sources

from ..articles import ARTICLE_HTML, write

ROOT = Path(__file__).resolve().parents[2]
# Two articles with nothing in common, so neither is dropped as a copy of the other.
ACME = (
    "Acme Widgets Beat Forecasts\n\n"
    "Acme Widgets said on Monday that quarterly revenue rose 12% to $3.4 billion.\n"
)
LYON = (
    "Lyon Opens a Bicycle Plant\n\n"
    "The city of Lyon said on Tuesday that a new plant will build 40,000 bicycles a year.\n"
)
# A process that would hang on the old code is killed after this long.
BOUND = 60
NO_DAC = (
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
)


def run_brief(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command in its own process, offline and bounded, on this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "briefing.cli", "brief", *args, "--engine", "extractive"]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BOUND, check=False
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("briefing: error:")]


def permission_denying_prefix(folder: Path) -> list[str]:
    """A command prefix under which chmod denies reading `folder` (already chmod 000): nothing
    for a normal user; for root, setpriv without the capabilities that override permissions.
    Skips the test when root has no such way (chmod does not deny root anything)."""
    prefixes = [[]] if os.geteuid() != 0 else []
    if os.geteuid() == 0 and shutil.which("setpriv"):
        prefixes.append(["setpriv", *NO_DAC])
    probe = "import os, sys; os.listdir(sys.argv[1])"
    for prefix in prefixes:
        done = subprocess.run(
            [*prefix, sys.executable, "-c", probe, str(folder)],
            capture_output=True,
            timeout=BOUND,
            check=False,
        )
        if done.returncode != 0:
            return prefix
    pytest.skip("running as root, where chmod does not deny reading (and setpriv cannot help)")


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder of articles with a subfolder nobody may read."""
    write(tmp_path / "news" / "open", "acme.txt", ACME)
    write(tmp_path / "news" / "shut", "lyon.txt", LYON)
    shut = tmp_path / "news" / "shut"
    shut.chmod(0)
    yield tmp_path / "news"
    shut.chmod(0o755)  # or tmp_path cannot be cleaned up


# --- FIFOs, sockets, devices --------------------------------------------------------------------


def test_a_fifo_given_directly_or_inside_a_folder_is_refused_unopened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "folder", "acme.txt", ACME)
    os.mkfifo(tmp_path / "folder" / "inner.txt")
    lyon = write(tmp_path, "lyon.txt", LYON)
    done = run_brief(str(tmp_path / "pipe.txt"), str(tmp_path / "folder"), str(lyon), "-q")
    assert done.returncode == 0, done.stderr
    assert error_lines(done.stderr) == [
        f"briefing: error: {tmp_path / 'pipe.txt'}: a named pipe (FIFO), not a regular file; "
        "not opened",
        f"briefing: error: {tmp_path / 'folder' / 'inner.txt'}: a named pipe (FIFO), not a "
        "regular file; not opened",
    ]
    assert "Bicycle" in done.stdout and "Acme" in done.stdout


def test_a_unix_socket_is_refused_unopened(tmp_path: Path) -> None:
    # Bound by its relative name: tmp_path can be longer than a socket address may be.
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        server.bind("sock.txt")
    finally:
        os.chdir(cwd)
    write(tmp_path, "acme.txt", ACME)
    try:
        done = run_brief("sock.txt", "acme.txt", "--format", "json", "-q", cwd=tmp_path)
    finally:
        server.close()
    assert done.returncode == 0, done.stderr
    assert error_lines(done.stderr) == [
        "briefing: error: sock.txt: a socket, not a regular file; not opened"
    ]
    assert [d["source"] for d in json.loads(done.stdout)["sources"]] == ["acme.txt"]


def test_a_device_behind_an_article_name_is_refused_unopened(tmp_path: Path) -> None:
    # The null device reads as empty, so it is safe to try even on code that opens it.
    (tmp_path / "null.txt").symlink_to(os.devnull)
    acme = write(tmp_path, "acme.txt", ACME)
    docs, errors = load_sources([str(tmp_path / "null.txt"), str(acme)])
    assert [(e.source, e.message) for e in errors] == [
        (str(tmp_path / "null.txt"), "a character device, not a regular file; not opened")
    ]
    assert [d.source for d in docs] == [str(acme)]


# --- unreadable folders and symlink loops -------------------------------------------------------


def test_an_unreadable_subfolder_is_one_line_and_the_rest_is_read(locked: Path) -> None:
    prefix = permission_denying_prefix(locked / "shut")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [*prefix, sys.executable, "-m", "briefing.cli", "brief", str(locked)]
    done = subprocess.run(
        [*command, "--format", "json", "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert error_lines(done.stderr) == [
        f"briefing: error: {locked / 'shut'}: cannot read this folder: Permission denied"
    ]
    sources = [d["source"] for d in json.loads(done.stdout)["sources"]]
    assert sources == [str(locked / "open" / "acme.txt")]


@pytest.mark.parametrize("links", [["loop.txt"], ["one.txt", "two.txt"]])
def test_a_symlink_loop_given_directly_is_reported_as_a_loop(
    tmp_path: Path, links: list[str]
) -> None:
    for name, target in zip(links, [*links[1:], links[0]], strict=True):
        (tmp_path / name).symlink_to(target)
    acme = write(tmp_path, "acme.txt", ACME)
    docs, errors = load_sources([str(tmp_path / links[0]), str(acme)])
    assert [(e.source, e.message) for e in errors] == [
        (str(tmp_path / links[0]), "symlink loop: following the link never reaches a file")
    ]
    assert [d.source for d in docs] == [str(acme)]


def test_a_link_back_up_a_folder_is_reported_as_a_loop_and_read_once(tmp_path: Path) -> None:
    acme = write(tmp_path / "news", "acme.txt", ACME)
    (tmp_path / "news" / "deeper").mkdir()
    (tmp_path / "news" / "deeper" / "up").symlink_to("..")
    (tmp_path / "news" / "self.txt").symlink_to("self.txt")
    docs, errors = load_sources([str(tmp_path / "news")])
    assert [(e.source, e.message.split(":")[0]) for e in errors] == [
        (str(tmp_path / "news" / "deeper" / "up"), "symlink loop"),
        (str(tmp_path / "news" / "self.txt"), "symlink loop"),
    ]
    assert [d.source for d in docs] == [str(acme)]


def test_a_linked_folder_that_is_no_loop_is_read(tmp_path: Path) -> None:
    lyon = write(tmp_path / "elsewhere", "lyon.txt", LYON)
    write(tmp_path / "news", "acme.txt", ACME)
    (tmp_path / "news" / "more").symlink_to(lyon.parent)
    docs, errors = load_sources([str(tmp_path / "news")])
    assert errors == []
    assert [Path(d.source).name for d in docs] == ["acme.txt", "lyon.txt"]


# --- pages with no article ----------------------------------------------------------------------

NAV_ONLY = """<!DOCTYPE html><html><head><title>Example News - Home</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/tech">Technology</a></li></ul></nav></header>
<div class="menu"><a href="/about">About us</a> | <a href="/contact">Contact</a></div>
<ul class="latest">
<li><a href="/a1">Markets rally as inflation cools across the euro zone</a></li>
<li><a href="/a2">New stadium plans unveiled downtown after years of delay.</a></li>
<li><a href="/a3">Opinion: the case for four-day weeks</a></li>
</ul>
<footer><a href="/terms">Terms of use</a> <a href="/cookies">Cookies</a>
© 2025 Example News</footer>
</body></html>
"""


def test_a_page_of_menus_and_links_is_no_main_text_and_counts_nothing(tmp_path: Path) -> None:
    nav = write(tmp_path, "front.html", NAV_ONLY)
    article = write(tmp_path, "article.html", ARTICLE_HTML)
    docs, errors = load_sources([str(nav), str(article)])
    assert [(e.source, e.message.split(" (")[0]) for e in errors] == [
        (str(nav), "no main text found in HTML")
    ]
    assert [(d.label, d.source) for d in docs] == [(1, str(article))]


# --- the size cap -------------------------------------------------------------------------------


@pytest.mark.parametrize("cap", ["0", "-1"])
def test_max_bytes_must_be_positive(tmp_path: Path, cap: str) -> None:
    acme = write(tmp_path, "acme.txt", ACME)
    result = CliRunner().invoke(main, ["brief", str(acme), "--max-bytes", cap])
    assert result.exit_code == 2
    assert "--max-bytes" in result.stderr and "Traceback" not in result.stderr
