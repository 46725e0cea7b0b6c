"""Markdown as web clippers and feed archivers write it: YAML front matter with the page's
title, date, URL and author, and a body that is often still HTML (`<p>`, `<a href>`,
`&#8217;`). The front matter becomes metadata; the HTML becomes text, so that no tag, entity
or URL reaches a brief.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<head>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
HTML_MARKUP = re.compile(
    r"</?(?:p|div|a|br|span|em|strong|b|i|ul|ol|li|h[1-6]|blockquote|img|figure|figcaption)\b"
    r"[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);",
    re.I,
)
BLOCKS = frozenset("p div li h1 h2 h3 h4 h5 h6 blockquote figure figcaption ul ol".split())
BARE_URL = re.compile(r"<?https?://[^\s<>\"')\]]+>?")
# The keys clippers use for each field (Obsidian Web Clipper, MarkDownload, Hugo, Jekyll).
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "created", "pubdate")
URL_KEYS = ("source", "url", "link", "canonical", "original_url")
AUTHOR_KEYS = ("author", "authors", "by", "byline")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's simple `key: value` fields (lower-case keys) and the body after it;
    no fields and the whole text when there is none."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields = {}
    for line in match["head"].split("\n"):
        m = FIELD.match(line)
        if m and m["value"] and not m["value"].startswith(("[", "{", "|", ">")):
            fields[m["key"].lower()] = m["value"].strip("'\"")
        elif m and m["value"].startswith("["):  # authors: [Jane Doe]
            items = [v.strip(" '\"") for v in m["value"].strip("[]").split(",")]
            fields[m["key"].lower()] = ", ".join(i for i in items if i)
    return fields, text[match.end() :]


def metadata(fields: dict[str, str]) -> dict[str, str | None]:
    """Title, published date, author and outlet (the URL's host) from the front matter."""
    url = _first(fields, URL_KEYS)
    host = urlsplit(url).hostname if url and url.startswith(("http://", "https://")) else None
    return {
        "title": _first(fields, TITLE_KEYS),
        "published": _first(fields, DATE_KEYS),
        "author": _first(fields, AUTHOR_KEYS),
        "outlet": host.removeprefix("www.") if host else None,
    }


def is_html(body: str) -> bool:
    """The body still carries HTML markup or entities."""
    return HTML_MARKUP.search(body) is not None


def html_to_text(body: str) -> str:
    """The text of an HTML body, a paragraph per block, links' words without their URLs."""
    reader = _TextOf()
    reader.feed(body)
    reader.close()
    lines = (line.strip() for line in "".join(reader.parts).split("\n"))
    return without_urls("\n".join(lines))


class _TextOf(HTMLParser):
    """Collects an HTML fragment's text (entities decoded), breaking lines at blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))  # in HTML a line break is a space

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append("\n\n")


def without_urls(text: str) -> str:
    """The text with bare URLs removed: an address is not a sentence of the article."""
    lines = (BARE_URL.sub("", line).rstrip() for line in text.split("\n"))
    return "\n".join(lines)


def _first(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((fields[k] for k in keys if fields.get(k)), None)
