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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any
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


class StateError(BriefingError):
    """The state file cannot be opened, read or written (corrupt, locked, unwritable)."""


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
    """One SQLite file; `timeout` is how long a write waits for another writer.

    The file is opened on first use, inside a run, so that a state file that is corrupt or
    locked is that run's one-line StateError rather than a crash before any run starts.
    """

    def __init__(self, path: Path, timeout: float = 10.0, *, read_only: bool = False) -> None:
        self.path = path
        self.timeout = timeout
        self.read_only = read_only
        self._conn: sqlite3.Connection | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            with self._sql():
                self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        if self.read_only:
            return self._open_read_only()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            _add_columns(db)
        except BaseException:
            db.close()
            raise
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        # A dry run or a status look must not create or change the state file.
        # With no writer connected (no -wal file) it is opened as immutable, so that even
        # SQLite's -wal and -shm files are not left beside it.
        path = self.path
        live = path.with_name(path.name + "-wal").exists()
        mode = "mode=ro" if live else "immutable=1"
        # Quoted: a '?' or '#' in a folder name would end the path in a URI.
        target = f"file:{quote(str(path))}?{mode}" if path.exists() else "file::memory:"
        db = sqlite3.connect(target, timeout=self.timeout, isolation_level=None, uri=True)
        try:
            if path.exists():
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # corrupt: fail now
            else:
                db.executescript(SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def _sql(self) -> Iterator[None]:
        """SQLite's and the file system's errors as one StateError line naming the file."""
        try:
            yield
        except sqlite3.Error as e:
            hint = (
                f" (another program holds it; waited {self.timeout:g} s)"
                if "locked" in str(e)
                else ""
            )
            raise StateError(f"state file {self.path}: {e}{hint}") from None
        except OSError as e:
            raise StateError(f"state file {self.path}: {e.strerror or e}") from None

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._sql():
            return self._db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        with self._sql():
            row: tuple[Any, ...] | None = self._db.execute(sql, params).fetchone()
            return row

    def _has(self, table: str, column: str | None = None) -> bool:
        """Whether an older, read-only state file has this table (and column) yet."""
        have = {row[1] for row in self._rows(f"PRAGMA table_info({table})")}
        return bool(have) and (column is None or column in have)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def is_sent(self, digest: str, content_hash: str, url: str | None = None) -> bool:
        """Sent in this digest before, by content or (for a page) by URL."""
        row = self._one(
            "SELECT 1 FROM sent WHERE digest = ? AND (content_hash = ? OR (url IS NOT NULL"
            " AND url = ?))",
            (digest, content_hash, url),
        )
        return row is not None

    def url_sent(self, digest: str, url: str) -> bool:
        row = self._one("SELECT 1 FROM sent WHERE digest = ? AND url = ?", (digest, url))
        return row is not None

    def mark_seen(self, documents: Iterable[tuple[str | None, str]]) -> None:
        with self._transaction() as db:
            db.executemany(
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
        with self._transaction() as db:
            cursor = db.execute(
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
            db.executemany(
                "INSERT OR IGNORE INTO sent (digest, content_hash, url, delivery)"
                " VALUES (?, ?, ?, ?)",
                [(digest, h, url, delivery) for url, h in documents],
            )
        return int(delivery or 0)

    def deliveries(self, digest: str) -> list[dict[str, object]]:
        rows = self._rows(
            "SELECT id, sent_at, recipients, message_id, documents FROM deliveries"
            " WHERE digest = ? ORDER BY id",
            (digest,),
        )
        keys = ("id", "sent_at", "recipients", "message_id", "documents")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def last_message(self, digest: str) -> Sent | None:
        """The message of the digest's last delivery, as it was sent, with what it held."""
        if not self._has("deliveries", "stories"):
            return None
        row = self._one(
            "SELECT message, stories, documents FROM deliveries WHERE digest = ?"
            " AND message IS NOT NULL ORDER BY id DESC LIMIT 1",
            (digest,),
        )
        return Sent(bytes(row[0]), row[1] or 0, row[2]) if row else None

    def record_run(self, digest: str, run: Run) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO runs (digest, at, status, documents, stories, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (digest, run.at, run.status, run.documents, run.stories, run.detail),
            )

    def runs(self, digest: str, last: int = 10) -> list[Run]:
        """The digest's last runs, oldest first."""
        if not self._has("runs"):
            return []
        rows = self._rows(
            f"SELECT {', '.join(RUN_FIELDS)} FROM runs WHERE digest = ? ORDER BY id DESC LIMIT ?",
            (digest, last),
        )
        return [Run(*row) for row in reversed(rows)]

    def validators(self, url: str) -> Validators:
        row = self._one("SELECT etag, last_modified FROM feeds WHERE url = ?", (url,))
        return Validators(*row) if row else Validators()

    def feed_links(self, url: str) -> list[str]:
        """The entry links the feed listed when it last changed."""
        rows = self._rows("SELECT link FROM feed_links WHERE feed = ? ORDER BY position", (url,))
        return [r[0] for r in rows]

    def save_feed(self, url: str, validators: Validators, links: list[str]) -> None:
        """The feed's validators and the links they vouch for, together."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at)"
                " VALUES (?, ?, ?, ?)",
                (url, validators.etag, validators.last_modified, now()),
            )
            db.execute("DELETE FROM feed_links WHERE feed = ?", (url,))
            db.executemany(
                "INSERT INTO feed_links (feed, position, link) VALUES (?, ?, ?)",
                [(url, n, link) for n, link in enumerate(links)],
            )

    @contextmanager
    def exclusive(self, wait: float | None = None) -> Iterator[None]:
        """One run at a time per state file (an advisory lock beside it), waiting at most
        `wait` seconds (LOCK_WAIT) for another run to finish."""
        wait = LOCK_WAIT if wait is None else wait
        lock = self.path.with_name(self.path.name + ".lock")
        with self._sql():
            lock.parent.mkdir(parents=True, exist_ok=True)
            handle = open(lock, "a")  # noqa: SIM115 -- closed below, after the run
        with handle:
            _flock(handle, wait, self.path)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error; SQLite's errors as StateError."""
        with self._sql():
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise


def _flock(handle: IO[str], wait: float, state: Path) -> None:
    """Take the run lock, polling, for at most `wait` seconds; StateBusy if another run keeps it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StateBusy(f"another run is using {state} (waited {wait:g} s)") from None
            time.sleep(0.1)


def _add_columns(db: sqlite3.Connection) -> None:
    """Columns a state file from an older release lacks."""
    for table, columns in ADDED_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
