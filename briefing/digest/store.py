"""The digest's memory in SQLite: documents seen, digests sent, feed validators.

A document counts as sent in a digest only once the mail server accepted the message (or
the .eml file was in the outbox); the delivery and its documents are written in one
transaction, so a crash before it leaves them unsent and the next run sends them again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT, content_hash TEXT NOT NULL, first_seen TEXT NOT NULL,
    PRIMARY KEY (content_hash)
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY, digest TEXT NOT NULL, sent_at TEXT NOT NULL,
    recipients TEXT NOT NULL, message_id TEXT NOT NULL, documents INTEGER NOT NULL
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


@dataclass(frozen=True)
class Validators:
    """What a feed's server gave us to ask "changed since?" next time."""

    etag: str | None = None
    last_modified: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite file; `timeout` is how long a write waits for another writer."""

    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

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
                [(url, h, _now()) for url, h in documents],
            )

    def record_delivery(
        self,
        digest: str,
        recipients: list[str],
        message_id: str,
        documents: list[tuple[str | None, str]],
    ) -> int:
        """The delivery and every document in it, in one transaction."""
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO deliveries (digest, sent_at, recipients, message_id, documents)"
                " VALUES (?, ?, ?, ?, ?)",
                (digest, _now(), ", ".join(recipients), message_id, len(documents)),
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
                (url, validators.etag, validators.last_modified, _now()),
            )
            self._db.execute("DELETE FROM feed_links WHERE feed = ?", (url,))
            self._db.executemany(
                "INSERT INTO feed_links (feed, position, link) VALUES (?, ?, ?)",
                [(url, n, link) for n, link in enumerate(links)],
            )

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
