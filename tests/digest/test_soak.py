"""A soak of `digest serve`: three digests every second against aiosmtpd on 127.0.0.1, with
refusals (451, 554), dropped connections and the process killed between the server's 250 and
the record, restarted each time. Every document arrives; a duplicate only after a kill.

README: "Delivery is at least once ... if the process dies between sending and recording ... a
recipient can get a digest twice but never misses one."
"""

from __future__ import annotations

import functools
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import IO, Any

from briefing.digest.store import Store

from ..servers import NewsSite, SmtpSink
from .digests import parse

DIGESTS = ("alpha", "beta", "gamma")  # one serve runs three a second: 30 runs in ~10 s
MIN_RUNS = 30
DOCUMENTS = 24
# What the server does with each message, in turn; then it accepts everything.
PLAN = [
    "250", "451", "250", "drop", "554", "kill", "250", "451", "drop",
    "250", "554", "250", "kill", "451", "250", "drop",
]  # fmt: skip
REPLIES = {"250": "250 OK", "451": "451 4.3.0 Try again later", "554": "554 5.7.1 Refused"}
# One story told again and again: each run briefs one story, so runs stay short.
STORY = (
    "The European Central Bank kept its deposit rate at {a}% on Thursday, saying inflation was"
    " close to its target. President Christine Lagarde said the bank would watch wage growth"
    " closely. Analysts in {place} had expected {b} cuts this year."
)
PLACES = ("Frankfurt", "Paris", "Madrid", "Milan", "Vienna", "Oslo", "Lisbon", "Dublin")


def publish(site: NewsSite, n: int) -> str:
    """The n-th article: the same story, its text its own (a new content hash)."""
    body = STORY.format(a=n + 2, b=n % 5 + 1, place=PLACES[n % len(PLACES)])
    return site.add_article(f"/news/{n}.html", f"ECB holds rates, update {n}", body, f"Outlet {n}")


class PlannedSink(SmtpSink):
    """The SMTP server answering each message as PLAN says; on each one a new article is
    published, until DOCUMENTS. "kill" accepts the message while holding the state file,
    so the client is stuck between the 250 and its record when the test kills it."""

    def __init__(self, state: Path) -> None:
        super().__init__()
        self.site = NewsSite()
        self.state = state
        self.plan = list(PLAN)
        self.urls: list[str] = []
        self.actions: list[str] = []
        self.killed: list[bytes] = []
        self.kill_now = threading.Event()
        self.blocker: sqlite3.Connection | None = None

    def publish_next(self) -> None:
        if len(self.urls) < DOCUMENTS:
            self.urls.append(publish(self.site, len(self.urls)))

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        action = self.plan.pop(0) if self.plan else "250"
        self.actions.append(action)
        self.publish_next()
        if action == "kill":
            self.blocker = sqlite3.connect(
                self.state, isolation_level=None, timeout=5, check_same_thread=False
            )
            self.blocker.execute("BEGIN EXCLUSIVE")
            self.killed.append(envelope.content)
            self.kill_now.set()
        self.reply = "drop" if action == "drop" else REPLIES.get(action, "250 OK")
        return await super().handle_DATA(server, session, envelope)

    def release(self) -> None:
        if self.blocker is not None:
            self.blocker.execute("ROLLBACK")
            self.blocker.close()
            self.blocker = None
        self.kill_now.clear()


def soak_config(tmp_path: Path, site: NewsSite, port: int) -> Path:
    blocks = "".join(
        f"""
[[digest]]
name = "{name}"
feeds = ["{site.url}/feed.xml"]
recipients = ["exec@example.com"]
from = "briefing@example.com"
subject = "{name}: {{title}}"
stories_in_full = 40
schedule = "* * * * * *"
[digest.model]
engine = "extractive"
[digest.delivery]
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "none"
timeout = 5
"""
        for name in DIGESTS
    )
    path = tmp_path / "briefing.toml"
    path.write_text(f'state = "state.sqlite3"\n{blocks}', encoding="utf-8")
    return path


def delivered(messages: list[bytes]) -> Counter[tuple[str, str]]:
    """(digest, article URL) -> how many accepted messages carried it."""
    return Counter(key for raw in list(messages) for key in carried(raw))


@functools.cache  # parsed once: the loop asks every 0.2 s, beside the servers' threads
def carried(raw: bytes) -> frozenset[tuple[str, str]]:
    """The (digest, article URL) pairs one message carries."""
    message = parse(raw)
    name = str(message["Subject"]).split(":", 1)[0]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    urls = re.findall(r'href="(http://127\.0\.0\.1:\d+/news/\d+\.html)"', html)
    return frozenset((name, url) for url in urls)


class Server:
    """`briefing digest serve` in its own process, its log in a file per start."""

    def __init__(self, config: Path, logs: Path) -> None:
        self.config, self.logs = config, logs
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        self.starts += 1
        self._log = open(self.logs / f"serve-{self.starts}.log", "wb")  # noqa: SIM115
        command = [sys.executable, "-m", "briefing.cli", "digest", "serve", "--config"]
        self.process = subprocess.Popen([*command, str(self.config)], stderr=self._log)

    def stop(self, *, kill: bool) -> None:
        assert self.process is not None and self._log is not None
        self.process.kill() if kill else self.process.terminate()
        self.process.wait(timeout=20)
        self._log.close()

    def log(self) -> str:
        return "".join(p.read_text() for p in sorted(self.logs.glob("serve-*.log")))


def test_serve_soak_delivers_everything_and_repeats_only_after_a_kill(tmp_path: Path) -> None:
    started = time.monotonic()
    sink = PlannedSink(tmp_path / "state.sqlite3")
    for _ in range(2):
        sink.publish_next()
    server = Server(soak_config(tmp_path, sink.site, sink.port), tmp_path)
    server.start()
    deadline = started + 60

    def done() -> bool:
        counts = delivered(sink.messages)
        everything = all((d, u) in counts for d in DIGESTS for u in sink.urls)
        runs = server.log().count("run started")
        return not sink.plan and len(sink.urls) == DOCUMENTS and everything and runs >= MIN_RUNS

    try:
        while time.monotonic() < deadline and not done():
            if sink.kill_now.wait(0.2):
                time.sleep(0.5)  # the client has its 250 and waits for the state file
                server.stop(kill=True)
                sink.release()
                server.start()
    finally:
        server.stop(kill=False)
        sink.release()
        sink.close()
        sink.site.close()
    wall = time.monotonic() - started

    log = server.log()
    counts = delivered(sink.messages)
    in_killed = delivered(sink.killed)
    duplicates = {key: n - 1 for key, n in counts.items() if n > 1}
    runs = log.count("run started")
    print(
        f"\nsoak: {runs} runs over {server.starts} serve processes, {len(sink.urls)} documents"
        f" x {len(DIGESTS)} digests, {len(sink.actions)} messages tried"
        f" ({dict(Counter(sink.actions))}), {len(sink.messages)} accepted carrying"
        f" {sum(counts.values())} deliveries, {sum(duplicates.values())} duplicates"
        f" ({sum(in_killed.values())} documents were in killed messages), {wall:.1f}s"
    )
    assert done(), log[-3000:]
    assert runs >= MIN_RUNS and "Traceback" not in log
    for fault in ("451 4.3.0", "554 5.7.1", "Connection unexpectedly closed"):
        assert fault in log, fault
    # At least once: a document arrives twice only when the process died between the
    # server's 250 and the record, and then it does arrive again.
    assert sink.killed and server.starts == 1 + len(sink.killed)
    assert duplicates == dict(in_killed)
    store = Store(tmp_path / "state.sqlite3", read_only=True)
    try:
        for name in DIGESTS:
            recorded = sum(int(str(d["documents"])) for d in store.deliveries(name))
            assert recorded == DOCUMENTS, name  # each recorded as sent exactly once
    finally:
        store.close()
