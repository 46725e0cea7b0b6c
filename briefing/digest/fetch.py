"""Fetching pages and feeds over HTTP for the digest: timeouts, a size cap, a redirect limit,
content-type checks and conditional GET. A failing source becomes a one-line SourceError."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from dataclasses import dataclass
from typing import Any

import feedparser
import httpx

from briefing.digest.config import Fetching
from briefing.digest.store import Validators
from briefing.errors import BriefingError
from briefing.ingest.files import (
    BINARY_PROBE_BYTES,
    SourceInputError,
    document_from_html,
    document_from_text,
    looks_binary,
)
from briefing.schemas import Document, SourceError

log = logging.getLogger(__name__)

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Tabs, line and page breaks are text; other C0 controls, and bytes that decode to nothing,
# are not. Past this share of the first 8 KB, a body is binary.
TEXT_CONTROLS = frozenset("\t\n\x0b\x0c\r")
BINARY_SHARE = 0.02
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)


class FetchError(BriefingError):
    """A URL that could not be used; the message says why in one line."""


@dataclass
class Fetched:
    """A response's body (read up to the cap), its media type and headers."""

    content: bytes
    media_type: str
    headers: httpx.Headers
    charset: str | None = None


@dataclass
class FeedResult:
    """A feed's entry links (None when unchanged since last time) and its new validators."""

    links: list[str] | None
    validators: Validators


class Fetcher:
    """One HTTP client for a digest run."""

    def __init__(self, settings: Fetching) -> None:
        self.settings = settings
        self._client = httpx.Client(
            timeout=settings.timeout,
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            headers={"user-agent": settings.user_agent},
            # A fresh connection per request: the deadline learns each request's socket as it
            # connects, which a kept-alive connection would skip.
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, accept: tuple[str, ...], headers: dict[str, str] | None = None
    ) -> Fetched | None:
        """The response with its body read (up to the cap), or None for 304 Not Modified.

        The timeout bounds the whole fetch, redirects and body included, not each read.
        """
        limit = self.settings.timeout
        with _Deadline(limit) as deadline:
            try:
                return self._get(url, accept, headers, deadline)
            except httpx.TooManyRedirects:
                raise FetchError(f"more than {self.settings.max_redirects} redirects") from None
            except httpx.HTTPError as e:
                if deadline.expired.is_set():
                    raise FetchError(deadline.message()) from None
                if isinstance(e, httpx.TimeoutException):
                    raise FetchError(f"no answer within {limit:g}s") from None
                raise FetchError(f"{type(e).__name__}: {e}") from None

    def _get(
        self, url: str, accept: tuple[str, ...], headers: dict[str, str] | None, deadline: _Deadline
    ) -> Fetched | None:
        extensions = {"trace": deadline.trace}
        with self._client.stream("GET", url, headers=headers, extensions=extensions) as response:
            deadline.answered = True
            if response.status_code == 304:
                return None
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in accept:
                raise FetchError(f"unexpected content type {kind or 'none'!r}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.settings.max_bytes:
                    raise FetchError(f"larger than {self.settings.max_bytes} bytes")
                if deadline.expired.is_set():
                    break
            if deadline.expired.is_set():  # a body cut short by the deadline is not the page
                raise FetchError(deadline.message())
            return Fetched(bytes(body), kind, response.headers, response.charset_encoding)

    def page(self, url: str, label: int) -> Document:
        """A web page as a cleaned Document (HTML main text, or plain text)."""
        fetched = self.get(url, PAGE_TYPES)
        if fetched is None:
            raise FetchError("HTTP 304 without a conditional request")
        try:
            if fetched.media_type == "text/plain":
                return document_from_text(_plain_text(fetched), url, label)
            _refuse_binary(fetched)
            return document_from_html(fetched.content, url, label)
        except SourceInputError as e:
            raise FetchError(str(e)) from None

    def feed(self, url: str, known: Validators) -> FeedResult:
        """The feed's entry links, asked with If-None-Match / If-Modified-Since."""
        headers = {}
        if known.etag:
            headers["if-none-match"] = known.etag
        if known.last_modified:
            headers["if-modified-since"] = known.last_modified
        fetched = self.get(url, FEED_TYPES, headers)
        if fetched is None:
            return FeedResult(None, known)
        parsed = feedparser.parse(fetched.content)
        if parsed.bozo and not parsed.entries:
            raise FetchError(f"not a feed: {parsed.bozo_exception}")
        links = [e.link for e in parsed.entries if e.get("link")]
        fresh = Validators(fetched.headers.get("etag"), fetched.headers.get("last-modified"))
        return FeedResult(links, fresh)


class _Deadline:
    """A whole request's time limit. httpx's timeouts are per read, so a server sending a byte
    every half second never trips them; at the deadline this shuts the request's sockets,
    which ends whatever read is waiting."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = threading.Event()
        self.answered = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()

    def message(self) -> str:
        if self.answered:
            return f"not fully received within {self.seconds:g}s"
        return f"no answer within {self.seconds:g}s"

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: note each connection's socket as it opens."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired.is_set():
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired.set()
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to wake
        sock.shutdown(socket.SHUT_RDWR)


def _plain_text(fetched: Fetched) -> str:
    """A text/plain body as text; a binary file served as text/plain is refused."""
    _refuse_binary(fetched)
    text = _decode(fetched.content, fetched.charset)
    probe = text[:BINARY_PROBE_BYTES]
    odd = sum(1 for c in probe if c == "\ufffd" or (c < " " and c not in TEXT_CONTROLS))
    if odd > len(probe) * BINARY_SHARE:
        raise FetchError(f"binary content served as {fetched.media_type}")
    return text


def _decode(data: bytes, charset: str | None) -> str:
    """In the declared charset, else UTF-8, else cp1252 (what undeclared web text mostly is)."""
    for encoding in (charset, "utf-8-sig", "cp1252"):
        if encoding:
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                return data.decode(encoding)
    return data.decode("utf-8", "replace")


def _refuse_binary(fetched: Fetched) -> None:
    """A binary file, whatever the server calls it."""
    if looks_binary(fetched.content, fetched.charset):
        raise FetchError(f"binary content served as {fetched.media_type}")


def fetch_sources(
    fetcher: Fetcher, urls: list[str], first_label: int
) -> tuple[list[Document], list[SourceError]]:
    """Fetch page URLs; each failure is reported and skipped."""
    docs: list[Document] = []
    errors: list[SourceError] = []
    for url in urls:
        try:
            docs.append(fetcher.page(url, first_label + len(docs)))
        except FetchError as e:
            errors.append(SourceError(source=url, message=str(e)))
    return docs, errors
