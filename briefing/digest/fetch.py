"""Fetching pages and feeds over HTTP for the digest: timeouts, a size cap, a redirect limit,
content-type checks and conditional GET. A failing source becomes a one-line SourceError."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import feedparser
import httpx

from briefing.digest.config import Fetching
from briefing.digest.store import Validators
from briefing.errors import BriefingError
from briefing.ingest.files import SourceInputError, document_from_html, document_from_text
from briefing.schemas import Document, SourceError

log = logging.getLogger(__name__)

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
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
        )

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, accept: tuple[str, ...], headers: dict[str, str] | None = None
    ) -> Fetched | None:
        """The response with its body read (up to the cap), or None for 304 Not Modified."""
        try:
            with self._client.stream("GET", url, headers=headers) as response:
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
                return Fetched(bytes(body), kind, response.headers)
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {self.settings.max_redirects} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.settings.timeout:g}s") from None
        except httpx.HTTPError as e:
            raise FetchError(f"{type(e).__name__}: {e}") from None

    def page(self, url: str, label: int) -> Document:
        """A web page as a cleaned Document (HTML main text, or plain text)."""
        fetched = self.get(url, PAGE_TYPES)
        if fetched is None:
            raise FetchError("HTTP 304 without a conditional request")
        try:
            if fetched.media_type == "text/plain":
                return document_from_text(fetched.content.decode("utf-8", "replace"), url, label)
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
