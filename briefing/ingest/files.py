"""Reading inputs: files, folders (recursively, sorted, hidden files skipped), standard input and
URLs (through a fetcher the caller gives), each either a `Document` or a one-line `SourceError`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from briefing.errors import BriefingError
from briefing.ingest.pages import STDIN, SourceInputError, document_from_html, document_from_text
from briefing.schemas import Document, SourceError

MAX_BYTES: int = 5_000_000
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
BINARY_PROBE_BYTES = 8192
HTML_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body)\b", re.I | re.S
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
URL = re.compile(r"https?://", re.I)
Fetch = Callable[[str, int], Document]
"""A web page as a Document, given its URL and its label; raises BriefingError if it cannot."""


def load_sources(
    inputs: Sequence[str],
    *,
    max_bytes: int = MAX_BYTES,
    stdin: BinaryIO | None = None,
    fetch: Fetch | None = None,
) -> tuple[list[Document], list[SourceError]]:
    """Read files (.txt, .md, .html, .htm), folders (recursively, sorted, skipping hidden files and
    unsupported extensions), '-' (stdin) and http(s) URLs (with `fetch`). Returns documents
    labelled 1..n in input order, and one SourceError per unusable input."""
    documents: list[Document] = []
    errors: list[SourceError] = []
    first_source: dict[str, str] = {}
    for source, problem in _expand(inputs):
        if problem is not None:
            errors.append(SourceError(source=source, message=problem))
            continue
        try:
            label = len(documents) + 1
            if URL.match(source):
                doc = _fetched(source, label, fetch)
            else:
                doc = _load_one(source, label, max_bytes, stdin)
        except (SourceInputError, BriefingError) as exc:
            errors.append(SourceError(source=source, message=str(exc)))
            continue
        if doc.id in first_source:
            message = f"same text as {first_source[doc.id]}"
            errors.append(SourceError(source=source, message=message))
            continue
        first_source[doc.id] = source
        documents.append(doc)
    return documents, errors


def _expand(inputs: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    # Each input becomes (source, None) per readable candidate, or (input, problem).
    for name in inputs:
        if name == STDIN or URL.match(name):
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


def _fetched(url: str, label: int, fetch: Fetch | None) -> Document:
    if fetch is None:
        raise SourceInputError("a URL, and no fetcher to read it with")
    return fetch(url, label)


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
