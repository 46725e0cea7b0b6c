"""Fetching pages and feeds from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from briefing.digest.config import Fetching
from briefing.digest.fetch import Fetcher, FetchError, fetch_sources
from briefing.digest.store import Validators

from ..servers import NewsSite, Page

TEXT = "Shares in the company rose 5% on Monday after it raised its forecast for the year."


@pytest.fixture
def site() -> Iterator[NewsSite]:
    s = NewsSite()
    s.add_article("/ok.html", "Shares rise", TEXT, "Daily")
    s.pages["/big.html"] = Page(b"<html><body><p>" + b"x" * 50_000 + b"</p></body></html>")
    s.pages["/image.png"] = Page(b"\x89PNG....", content_type="image/png")
    s.pages["/slow.html"] = Page(s.pages["/ok.html"].body, delay=2.0)
    s.pages["/plain.txt"] = Page(f"Shares rise\n\n{TEXT}\n".encode(), "text/plain; charset=utf-8")
    yield s
    s.close()


def fetcher(**settings: object) -> Fetcher:
    values: dict = {"timeout": 1.0, "max_bytes": 20_000, "max_redirects": 3} | settings
    return Fetcher(Fetching(**values))


def test_a_page_becomes_a_document_with_its_url(site: NewsSite) -> None:
    doc = fetcher().page(site.url + "/ok.html", 1)
    assert doc.source == site.url + "/ok.html" and doc.outlet == "Daily"
    assert TEXT in doc.text and "Home" not in doc.text


def test_plain_text_pages_are_read_as_text(site: NewsSite) -> None:
    assert TEXT in fetcher().page(site.url + "/plain.txt", 1).text


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/big.html", "larger than 20000 bytes"),
        ("/image.png", "unexpected content type 'image/png'"),
        ("/slow.html", "no answer within 1s"),
        ("/redirect/0", "more than 3 redirects"),
        ("/missing.html", "HTTP 404"),
    ],
)
def test_each_bad_url_fails_in_one_line(site: NewsSite, path: str, says: str) -> None:
    with pytest.raises(FetchError, match=says) as e:
        fetcher().page(site.url + path, 1)
    assert "\n" not in str(e.value)


def test_failures_are_reported_and_the_rest_fetched(site: NewsSite) -> None:
    urls = [site.url + p for p in ("/image.png", "/ok.html", "/missing.html", "/plain.txt")]
    docs, errors = fetch_sources(fetcher(), urls, 1)
    assert [d.source for d in docs] == [urls[1], urls[3]]
    assert [e.source for e in errors] == [urls[0], urls[2]]


def test_feed_is_asked_conditionally(site: NewsSite) -> None:
    f = fetcher()
    first = f.feed(site.url + "/feed.xml", Validators())
    assert first.links == [site.url + "/ok.html"] and first.validators.etag
    again = f.feed(site.url + "/feed.xml", first.validators)
    assert again.links is None  # 304: nothing new
    headers, status = site.feed_requests()[-1]
    assert status == 304 and headers["if-none-match"] == first.validators.etag
    site.add_article("/new.html", "New", TEXT + " Again.", "Daily")
    changed = f.feed(site.url + "/feed.xml", first.validators)
    assert changed.links == [site.url + "/ok.html", site.url + "/new.html"]


def test_a_page_that_is_not_a_feed_is_refused(site: NewsSite) -> None:
    site.pages["/notfeed.xml"] = Page(b"<html>nope", content_type="application/xml")
    with pytest.raises(FetchError, match="not a feed"):
        fetcher().feed(site.url + "/notfeed.xml", Validators())
