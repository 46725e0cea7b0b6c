"""Documents from text and pages: the cleaned text every later stage indexes, and the title,
author, date and outlet the page states.

`Document.text` is fixed here, once: line endings normalised, page noise removed, every other
character kept as written (no Unicode normalisation).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from dateutil import parser as dateparser

from briefing.errors import BriefingError
from briefing.ingest.cleaning import (
    clean_text,
    event_name,
    logo_name,
    noise_mask,
    normalise_newlines,
    parse_byline,
    strip_controls,
    strip_markdown,
)
from briefing.ingest.clipped import (
    html_to_text,
    is_html,
    metadata,
    split_front_matter,
    without_urls,
)
from briefing.schemas import Document

STDIN = "-"
MARKDOWN_SUFFIXES = (".md",)
ID_HEX_CHARS = 10
METADATA_LINES = 15
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 200
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100

MONTH = r"[^\W\d_]{3,}\.?"
DATE_LINE = re.compile(
    r"(?:(?i:published|posted|date)(?: on)?\s*:?\s*)?"
    r"(?P<date>(?:[^\W\d_]+,?\s+)?"  # weekday
    r"(?:\d{4}-\d{2}-\d{2}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{MONTH},?\s+\d{{4}}))"
)
COPYRIGHT_LINE = re.compile(
    r"(?i:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?(?P<name>[^.,|]+)"
)
MARKDOWN_TITLE = re.compile(r"[ ]{0,3}# +(?P<title>.+?)(?: +#+)?\s*")
CHARSET_PROBE_BYTES = 4096
CHARSET_DECLARATION = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Browsers read these labels as windows-1252, and so do the pages that declare them.
WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
# A page has main text when some line that is not a link's text reads as a sentence; a menu, a
# list of headlines or a footer does not.
PROSE_MIN_WORDS = 5
PROSE_LONG_WORDS = 12
PROSE_END = re.compile(r"[.!?…\"”»)]\s*$")


class SourceInputError(BriefingError, ValueError):
    """An input that cannot become a Document. The message is one line, for the user."""


class _Months(dateparser.parserinfo):
    # dateutil only knows English months; dates in the other languages we clean are cheap to add.
    MONTHS = [  # noqa: RUF012 -- dateutil reads this class attribute
        (*english, *other.split())
        for english, other in zip(
            dateparser.parserinfo.MONTHS,
            (
                "janvier Januar Jänner gennaio enero",
                "février Februar febbraio febrero",
                "mars März marzo",
                "avril aprile abril",
                "mai maggio mayo",
                "juin Juni giugno junio",
                "juillet Juli luglio julio",
                "août agosto",
                "septembre settembre septiembre",
                "octobre Oktober ottobre octubre",
                "novembre noviembre",
                "décembre Dezember dicembre diciembre",
            ),
            strict=True,
        )
    ]


def document_from_text(text: str, source: str, label: int) -> Document:
    """Build a Document from plain text or Markdown (judged by the source's extension); a
    clipper's front matter gives the metadata, and an HTML body is read as HTML."""
    raw = text
    fields, text = split_front_matter(readable(text))
    clipped = metadata(fields)
    markdown = bool(fields) or _is_markdown(source, text)
    if markdown and is_html(text):
        text = html_to_text(text)  # a clipper's body that is still HTML
    if markdown:
        title = _markdown_title(text)
        text = without_urls(strip_markdown(text))
    else:
        title = None
    meta = text_metadata(text)
    meta["title"] = _clean_field(clipped["title"]) or title or meta["title"]
    meta["published"] = _iso_date(clipped["published"]) or meta["published"]
    meta["author"] = _clean_author(clipped["author"]) or meta["author"]
    meta["outlet"] = clipped["outlet"] or meta["outlet"]
    return _build(raw, clean_text(text, meta["title"]), source, label, meta)


def document_from_html(html: str | bytes, source: str, label: int) -> Document:
    """Build a Document from an HTML page: trafilatura finds the main text and metadata."""
    # Imported here: trafilatura is slow to import and only HTML needs it.
    import trafilatura

    page = _decode_html(html) if isinstance(html, bytes) else html
    extracted = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False
    )
    if extracted is None or isinstance(extracted, dict):  # a dict only with as_dict=True
        raise SourceInputError("no main text found in HTML")
    main = readable(extracted.text or "")
    if not main.strip():
        raise SourceInputError("no main text found in HTML")
    fallback = text_metadata(main)
    meta = {
        "title": _clean_field(extracted.title) or fallback["title"],
        "author": _clean_author(extracted.author) or fallback["author"],
        "published": _iso_date(extracted.date) or fallback["published"],
        "outlet": _clean_field(extracted.sitename) or fallback["outlet"],
    }
    text = clean_text(main, meta["title"])
    if text.strip() and not has_prose(text, link_texts(page)):
        raise SourceInputError("no main text found in HTML (only menus, links and headlines)")
    return _build(page, text, source, label, meta)


def readable(text: str) -> str:
    """Text with LF line ends and no control characters or bidi overrides, which would recolour,
    hide or reorder what the brief shows; a form feed or vertical tab still ends a line."""
    text = normalise_newlines(text).replace("\f", "\n").replace("\v", "\n")
    return strip_controls(text)


def link_texts(page: str) -> set[str]:
    """The text of every link on the page, whitespace collapsed."""
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        return set()
    return {" ".join(a.text_content().split()) for a in tree.iter("a")}


def has_prose(text: str, links: set[str]) -> bool:
    """Whether a line that is not a link's text reads as a sentence of an article."""
    for line in text.split("\n"):
        flat = " ".join(line.split())
        words = len(flat.split())
        if flat in links or words < PROSE_MIN_WORDS:
            continue
        if words >= PROSE_LONG_WORDS or PROSE_END.search(flat):
            return True
    return False


def text_metadata(text: str) -> dict[str, str | None]:
    """Title, author, published date and outlet as the raw text states them, else None."""
    lines = text.split("\n")
    head = [line.strip() for line in lines if line.strip()][:METADATA_LINES]
    return {
        "title": _headline(lines),
        "author": next(filter(None, map(parse_byline, head)), None),
        "published": next(filter(None, map(_date_line, head)), None),
        "outlet": _outlet(head, lines),
    }


def _decode_html(data: bytes) -> str:
    from trafilatura.utils import decode_file

    # A declared charset beats a statistical guess; the guess is for pages that declare none.
    match = CHARSET_DECLARATION.search(data[:CHARSET_PROBE_BYTES])
    if match:
        declared = match[1].decode("ascii", "replace").lower()
        try:
            return data.decode(WHATWG_ALIASES.get(declared, declared)).removeprefix("\ufeff")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_file(data).removeprefix("\ufeff")


def _is_markdown(source: str, text: str) -> bool:
    if source == STDIN:
        return MARKDOWN_TITLE.fullmatch(text.lstrip("\n").split("\n", 1)[0]) is not None
    return Path(source).suffix.lower() in MARKDOWN_SUFFIXES


def _build(raw: str, text: str, source: str, label: int, meta: dict[str, str | None]) -> Document:
    if not text.strip():
        raise SourceInputError("no text left after removing page noise")
    # Metadata can come from a page's head or a clipper's front matter, which `readable` missed.
    meta = {key: (strip_controls(value) or None) if value else None for key, value in meta.items()}
    return Document(id=document_id(text), label=label, source=source, text=text, raw=raw, **meta)


def document_id(text: str) -> str:
    """The stable id of a cleaned text: 'd' and the first hex digits of its SHA-256."""
    return "d" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


# --- metadata from text -------------------------------------------------------------------------


def _markdown_title(text: str) -> str | None:
    first = next((line for line in text.split("\n") if line.strip()), "")
    match = MARKDOWN_TITLE.fullmatch(first)
    return match["title"].strip() if match else None


def _headline(lines: Sequence[str]) -> str | None:
    # Only the first line that is not noise can be the title; anything later is a subhead.
    mask = noise_mask(lines)
    first = next(
        (s.strip() for s, noisy in zip(lines, mask, strict=True) if s.strip() and not noisy), ""
    )
    words = first.split()
    looks_like = (
        2 <= len(words) <= HEADLINE_MAX_WORDS
        and len(first) <= HEADLINE_MAX_CHARS
        and not first.endswith((".", ":", ";", ","))
        and parse_byline(first) is None
    )
    return first if looks_like else None


def _date_line(line: str) -> str | None:
    match = DATE_LINE.fullmatch(line)
    return _iso_date(match["date"]) if match else None


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parsed = dateparser.parse(value, parserinfo=_Months(), fuzzy=False).date()
    except (ValueError, OverflowError):
        return None
    return parsed.isoformat() if EARLIEST_YEAR <= parsed.year <= LATEST_YEAR else None


def _outlet(head: Sequence[str], lines: Sequence[str]) -> str | None:
    # A logo at the top names the site most reliably; a copyright line or an event ad also do.
    for finder, scope in ((logo_name, head), (_copyright_name, lines), (event_name, lines)):
        name = next(filter(None, map(finder, scope)), None)
        if name:
            return name.strip()
    return None


def _copyright_name(line: str) -> str | None:
    match = COPYRIGHT_LINE.match(line.strip())
    if not match:
        return None
    name = re.sub(r"(?i)\ball rights reserved\b", "", match["name"]).strip(" -–")
    return name or None


def _clean_field(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _clean_author(value: str | None) -> str | None:
    # trafilatura joins every byline it sees with "; ", often the same name twice in two cases.
    names: list[str] = []
    for part in (value or "").split(";"):
        name = " ".join(part.split())
        if len(name) > 1 and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return "; ".join(names) or None
