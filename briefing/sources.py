"""Ingest: read files, folders and stdin into cleaned `Document`s with their metadata.

Every later stage indexes `Document.text`, so it is fixed here, once: line endings normalised,
page noise removed, every other character kept as written (no Unicode normalisation).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from dateutil import parser as dateparser

from briefing.cleaning import (
    clean_text,
    event_name,
    logo_name,
    noise_mask,
    normalise_newlines,
    parse_byline,
    strip_markdown,
)
from briefing.schemas import Document, SourceError

__all__ = [
    "MAX_BYTES",
    "SourceInputError",
    "clean_text",
    "document_from_html",
    "document_from_text",
    "load_sources",
]

MAX_BYTES: int = 5_000_000
STDIN = "-"
TEXT_SUFFIXES = (".txt", ".md")
MARKDOWN_SUFFIXES = (".md",)
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
BINARY_PROBE_BYTES = 8192
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
HTML_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body)\b", re.I | re.S
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
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


class SourceInputError(ValueError):
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


# --- public -------------------------------------------------------------------------------------


def load_sources(
    inputs: Sequence[str], *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> tuple[list[Document], list[SourceError]]:
    """Read files (.txt, .md, .html, .htm), folders (recursively, sorted, skipping hidden files and
    unsupported extensions) and '-' (stdin). Returns documents labelled 1..n in input order, and
    one SourceError per unusable input."""
    documents: list[Document] = []
    errors: list[SourceError] = []
    first_source: dict[str, str] = {}
    for source, problem in _expand(inputs):
        if problem is not None:
            errors.append(SourceError(source=source, message=problem))
            continue
        try:
            doc = _load_one(source, len(documents) + 1, max_bytes, stdin)
        except SourceInputError as exc:
            errors.append(SourceError(source=source, message=str(exc)))
            continue
        if doc.id in first_source:
            message = f"same text as {first_source[doc.id]}"
            errors.append(SourceError(source=source, message=message))
            continue
        first_source[doc.id] = source
        documents.append(doc)
    return documents, errors


def document_from_text(text: str, source: str, label: int) -> Document:
    """Build a Document from plain text or Markdown (judged by the source's extension)."""
    raw = text
    text = normalise_newlines(text)
    if _is_markdown(source, text):
        title = _markdown_title(text)
        text = strip_markdown(text)
    else:
        title = None
    meta = text_metadata(text)
    meta["title"] = title or meta["title"]
    return _build(raw, clean_text(text, meta["title"]), source, label, meta)


def document_from_html(html: str | bytes, source: str, label: int) -> Document:
    """Build a Document from an HTML page: trafilatura finds the main text and metadata."""
    # Imported here: trafilatura is slow to import and only HTML needs it.
    import trafilatura

    page = _decode_html(html) if isinstance(html, bytes) else html
    extracted = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False
    )
    main = normalise_newlines(extracted.text or "") if extracted else ""
    if not main.strip():
        raise SourceInputError("no main text found in HTML")
    fallback = text_metadata(main)
    meta = {
        "title": _clean_field(extracted.title) or fallback["title"],
        "author": _clean_author(extracted.author) or fallback["author"],
        "published": _iso_date(extracted.date) or fallback["published"],
        "outlet": _clean_field(extracted.sitename) or fallback["outlet"],
    }
    return _build(page, clean_text(main, meta["title"]), source, label, meta)


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


# --- reading inputs -----------------------------------------------------------------------------


def _expand(inputs: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    # Each input becomes (source, None) per readable candidate, or (input, problem).
    for name in inputs:
        if name == STDIN:
            yield name, None
            continue
        path = Path(name)
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                yield name, "no .txt, .md or .html files in this folder"
            yield from ((str(f), None) for f in files)
        elif not path.exists():
            yield name, "no such file or folder"
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            shown = path.suffix or "(none)"
            yield name, f"unsupported file type '{shown}' (use .txt, .md or .html)"
        else:
            yield name, None


def _folder_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / f
            for f in files
            if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES
        )
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _load_one(source: str, label: int, max_bytes: int, stdin: BinaryIO | None) -> Document:
    data = _read_stdin(stdin, max_bytes) if source == STDIN else _read_file(Path(source), max_bytes)
    if not data.strip():
        raise SourceInputError(_empty_message(source, data))
    is_html = Path(source).suffix.lower() in HTML_SUFFIXES or (
        source == STDIN and HTML_SNIFF.match(data[:1024]) is not None
    )
    if not data.startswith(UTF16_BOMS) and b"\0" in data[:BINARY_PROBE_BYTES]:
        raise SourceInputError("binary file (NUL bytes in the first 8 KB), not text or HTML")
    if is_html:
        return document_from_html(data, source, label)
    return document_from_text(_decode_text(data), source, label)


def _empty_message(source: str, data: bytes) -> str:
    if source == STDIN:
        return "standard input is empty"
    return "file has only whitespace" if data else "empty file"


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceInputError(f"file is {size:,} bytes, over the {max_bytes:,}-byte size cap")
        return path.read_bytes()
    except OSError as exc:
        raise SourceInputError(f"cannot read: {exc.strerror or exc}") from None


def _read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceInputError(f"standard input is over the {max_bytes:,}-byte size cap")
    return data


def _decode_text(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceInputError("not valid UTF-16 despite its byte-order mark") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise SourceInputError(
            f"not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise SourceInputError("file has only whitespace")
    return text


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


# --- building documents -------------------------------------------------------------------------


def _build(raw: str, text: str, source: str, label: int, meta: dict[str, str | None]) -> Document:
    if not text.strip():
        raise SourceInputError("no text left after removing page noise")
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
