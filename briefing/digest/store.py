"""The digest's memory in SQLite: documents seen, digests sent, feed validators.

A document counts as sent in a digest only once the mail server accepted the message (or
the .eml file was in the outbox); the delivery and its documents are written in one
transaction, so a crash before it leaves them unsent and the next run sends them again.

Every run that is not a dry run is recorded in `runs`, with what it did; each delivery keeps
the message it sent, so it can be sent again as it was.
"""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from briefing.errors import BriefingError

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT, content_hash TEXT NOT NULL, first_seen TEXT NOT NULL,
    PRIMARY KEY (content_hash)
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY, digest TEXT NOT NULL, sent_at TEXT NOT NULL,
    recipients TEXT NOT NULL, message_id TEXT NOT NULL, documents INTEGER NOT NULL,
    subject TEXT, message BLOB, stories INTEGER
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, digest TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL,
    documents INTEGER NOT NULL, stories INTEGER NOT NULL, detail TEXT
);
CREATE TABLE IF NOT EXISTS sent (
    digest TEXT NOT NULL, content_hash TEXT NOT NULL, url TEXT,
    delivery INTEGER NOT NULL REFERENCES deliveries(id),
    PRIMARY KEY (digest, content_hash)
);
CREATE INDEX IF NOT EXISTS sent_url ON sent (digest, url);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_links (
    feed TEXT NOT NULL, position INTEGER NOT NULL, link TEXT NOT NULL,
    PRIMARY KEY (feed, position)
);
"""


# How long a run waits for another run on the same state to finish before it gives up: cron
# starts the next one anyway, and a run that waited for a long one would find nothing new.
LOCK_WAIT = 5.0


class StateBusy(BriefingError):
    """Another run holds the state: running too would send the same documents twice."""


# Columns added after the first release: a state file from then gains them on open.
ADDED_COLUMNS = {"deliveries": ("subject TEXT", "message BLOB", "stories INTEGER")}
RUN_FIELDS = ("at", "status", "documents", "stories", "detail")


@dataclass(frozen=True)
class Run:
    """One recorded run: when, what happened ('sent', 'written to the outbox', 'resent',
    'nothing new', 'failed'), with how many documents and stories, and where or why."""

    at: str
    status: str
    documents: int
    stories: int
    detail: str | None


@dataclass(frozen=True)
class Sent:
    """A delivered message as it went out, and how many stories and documents it held."""

    message: bytes
    stories: int
    documents: int


@dataclass(frozen=True)
class Validators:
    """What a feed's server gave us to ask "changed since?" next time."""

    etag: str | None = None
    last_modified: str | None = None


def now() -> str:
    """The time a row records: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite file; `timeout` is how long a write waits for another writer."""

    def __init__(self, path: Path, timeout: float = 10.0, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if read_only:
            # A dry run or a status look must not create or change the state file.
            # With no writer connected (no -wal file) it is opened as immutable, so that even
            # SQLite's -wal and -shm files are not left beside it.
            live = path.with_name(path.name + "-wal").exists()
            mode = "mode=ro" if live else "immutable=1"
            # Quoted: a '?' or '#' in a folder name would end the path in a URI.
            target = f"file:{quote(str(path))}?{mode}" if path.exists() else "file::memory:"
            self._db = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=True)
            if not path.exists():
                self._db.executescript(SCHEMA)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._add_columns()

    def _add_columns(self) -> None:
        for table, columns in ADDED_COLUMNS.items():
            have = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column.split()[0] not in have:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")

    def _has(self, table: str, column: str | None = None) -> bool:
        """Whether an older, read-only state file has this table (and column) yet."""
        have = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
        return bool(have) and (column is None or column in have)

    def close(self) -> None:
        self._db.close()

    def is_sent(self, digest: str, content_hash: str, url: str | None = None) -> bool:
        """Sent in this digest before, by content or (for a page) by URL."""
        row = self._db.execute(
            "SELECT 1 FROM sent WHERE digest = ? AND (content_hash = ? OR (url IS NOT NULL"
            " AND url = ?))",
            (digest, content_hash, url),
        ).fetchone()
        return row is not None

    def url_sent(self, digest: str, url: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sent WHERE digest = ? AND url = ?", (digest, url)
        ).fetchone()
        return row is not None

    def mark_seen(self, documents: Iterable[tuple[str | None, str]]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO seen (url, content_hash, first_seen) VALUES (?, ?, ?)",
                [(url, h, now()) for url, h in documents],
            )

    def record_delivery(
        self,
        digest: str,
        recipients: list[str],
        message: EmailMessage,
        documents: list[tuple[str | None, str]],
        stories: int = 0,
    ) -> int:
        """The delivery, the message as sent and every document in it, in one transaction."""
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO deliveries (digest, sent_at, recipients, message_id, documents,"
                " subject, message, stories) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    digest,
                    now(),
                    ", ".join(recipients),
                    str(message["Message-ID"]),
                    len(documents),
                    str(message["Subject"]),
                    message.as_bytes(),
                    stories,
                ),
            )
            delivery = cursor.lastrowid
            self._db.executemany(
                "INSERT OR IGNORE INTO sent (digest, content_hash, url, delivery)"
                " VALUES (?, ?, ?, ?)",
                [(digest, h, url, delivery) for url, h in documents],
            )
        return int(delivery or 0)

    def deliveries(self, digest: str) -> list[dict[str, object]]:
        rows = self._db.execute(
            "SELECT id, sent_at, recipients, message_id, documents FROM deliveries"
            " WHERE digest = ? ORDER BY id",
            (digest,),
        ).fetchall()
        keys = ("id", "sent_at", "recipients", "message_id", "documents")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def last_message(self, digest: str) -> Sent | None:
        """The message of the digest's last delivery, as it was sent, with what it held."""
        if not self._has("deliveries", "stories"):
            return None
        row = self._db.execute(
            "SELECT message, stories, documents FROM deliveries WHERE digest = ?"
            " AND message IS NOT NULL ORDER BY id DESC LIMIT 1",
            (digest,),
        ).fetchone()
        return Sent(bytes(row[0]), row[1] or 0, row[2]) if row else None

    def record_run(self, digest: str, run: Run) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO runs (digest, at, status, documents, stories, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (digest, run.at, run.status, run.documents, run.stories, run.detail),
            )

    def runs(self, digest: str, last: int = 10) -> list[Run]:
        """The digest's last runs, oldest first."""
        if not self._has("runs"):
            return []
        rows = self._db.execute(
            f"SELECT {', '.join(RUN_FIELDS)} FROM runs WHERE digest = ? ORDER BY id DESC LIMIT ?",
            (digest, last),
        ).fetchall()
        return [Run(*row) for row in reversed(rows)]

    def validators(self, url: str) -> Validators:
        row = self._db.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return Validators(*row) if row else Validators()

    def feed_links(self, url: str) -> list[str]:
        """The entry links the feed listed when it last changed."""
        rows = self._db.execute(
            "SELECT link FROM feed_links WHERE feed = ? ORDER BY position", (url,)
        ).fetchall()
        return [r[0] for r in rows]

    def save_feed(self, url: str, validators: Validators, links: list[str]) -> None:
        """The feed's validators and the links they vouch for, together."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at)"
                " VALUES (?, ?, ?, ?)",
                (url, validators.etag, validators.last_modified, now()),
            )
            self._db.execute("DELETE FROM feed_links WHERE feed = ?", (url,))
            self._db.executemany(
                "INSERT INTO feed_links (feed, position, link) VALUES (?, ?, ?)",
                [(url, n, link) for n, link in enumerate(links)],
            )

    @contextmanager
    def exclusive(self, wait: float | None = None) -> Iterator[None]:
        """One run at a time per state file (an advisory lock beside it), waiting at most
        `wait` seconds (LOCK_WAIT) for another run to finish."""
        wait = LOCK_WAIT if wait is None else wait
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a") as handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StateBusy(
                            f"another run is using {self.path} (waited {wait:g} s)"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
