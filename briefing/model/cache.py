"""Model responses kept in SQLite, so an unchanged rerun makes no calls.

The cache only saves calls: a cache file that is corrupt, locked by another program or cannot
be written is said once, in one line, and the run goes on without it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import platformdirs

CACHE_ENV = "BRIEFING_CACHE_DIR"
CACHE_FILE = "responses.sqlite3"
LOCK_WAIT = 1.0  # seconds a read or write waits for another process's lock; writes are tiny

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """`$BRIEFING_CACHE_DIR`, else the user cache directory for briefing."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else platformdirs.user_cache_path("briefing")


def cache_key(request: dict[str, Any]) -> str:
    """A hash of everything that shapes a response: base URL, model, messages, schema, params.

    The request must hold no key or secret: callers pass only what they send as the body
    plus the base URL.
    """
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def open_cache(folder: Path) -> ResponseCache | None:
    """The cache in `folder`, or None (and one line that says why) when it cannot be used."""
    try:
        return ResponseCache(folder)
    except (OSError, sqlite3.Error) as e:
        log.warning(_unusable(folder / CACHE_FILE, e))
        return None


class ResponseCache:
    """A small key-value table; safe to share between the threads that extract documents.

    After a read or write fails the cache is off for the rest of the run: one warning, not one
    per document, and no more waiting on a lock.
    """

    def __init__(self, folder: Path, lock_wait: float = LOCK_WAIT) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / CACHE_FILE
        self._lock = threading.Lock()
        self._broken = False
        self._db = sqlite3.connect(
            self.path, timeout=lock_wait, check_same_thread=False, isolation_level=None
        )
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses ("
                " key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            )
        except sqlite3.Error:
            self._db.close()
            raise

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response, or None: not stored, unreadable, or the cache is off."""
        with self._lock:
            if self._broken:
                return None
            try:
                row = self._db.execute(
                    "SELECT value FROM responses WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error as e:
                self._give_up(e)
                return None
        try:
            value = json.loads(row[0]) if row else None
        except (TypeError, ValueError):  # a damaged row is a miss: the call is made again
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            if self._broken:
                return
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses (key, value) VALUES (?, ?)",
                    (key, json.dumps(value, ensure_ascii=False)),
                )
            except sqlite3.Error as e:
                self._give_up(e)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _give_up(self, error: Exception) -> None:
        self._broken = True
        log.warning(_unusable(self.path, error))


def _unusable(path: Path, error: Exception) -> str:
    """One line: which cache file, what is wrong with it, and that the run goes on."""
    reason = _reason(error)
    hint = "; delete it to start a new one" if "not a database" in reason else ""
    return f"response cache {path} is unusable ({reason}); going on without it{hint}"


def _reason(error: Exception) -> str:
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return f"a file is in the way of the folder {error.filename}"
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror.lower()}{where}"
    return str(error)
