"""Reading inputs: files, folders (recursively, sorted, hidden files skipped), standard input and
URLs (through a fetcher the caller gives), each either a `Document` or a one-line `SourceError`."""

from __future__ import annotations

import errno
import os
import re
import stat
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
        try:
            info = path.stat()
        except OSError as exc:
            yield name, _os_problem(path, exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _folder(path, info)
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES and stat.S_ISREG(info.st_mode):
            shown = path.suffix or "(none)"
            yield name, f"unsupported file type '{shown}' (use .txt, .md or .html)"
        else:
            yield name, _not_regular(info.st_mode)


def _fetched(url: str, label: int, fetch: Fetch | None) -> Document:
    if fetch is None:
        raise SourceInputError("a URL, and no fetcher to read it with")
    return fetch(url, label)


def _folder(folder: Path, info: os.stat_result) -> Iterator[tuple[str, str | None]]:
    found = False
    for source, problem in _walk(folder, frozenset({(info.st_dev, info.st_ino)})):
        found = True
        yield source, problem
    if not found:
        yield str(folder), "no .txt, .md or .html files in this folder"


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[tuple[str, str | None]]:
    """The folder's files in name order, depth first, hidden ones and other types skipped; a
    subfolder that cannot be read, a link back to a folder above and a FIFO or device are each
    one problem."""
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError as exc:
        yield str(folder), f"cannot read this folder: {_reason(exc)}"
        return
    for name in names:
        path = folder / name
        wanted = path.suffix.lower() in SUPPORTED_SUFFIXES
        try:
            info = path.stat()  # follows symlinks: a linked folder or file counts as one
        except OSError as exc:
            if wanted or exc.errno == errno.ELOOP:
                yield str(path), _os_problem(path, exc)
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode) and key in ancestors:
            yield str(path), "symlink loop: it leads back to a folder that contains it; skipped"
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(path, ancestors | {key})
        elif wanted:
            yield str(path), _not_regular(info.st_mode)


NOT_REGULAR: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is refused unopened, or None for a regular file: opening a FIFO
    waits for a writer forever, and a device can be endless or have side effects."""
    if stat.S_ISREG(mode):
        return None
    what = next((kind for test, kind in NOT_REGULAR if test(mode)), "not a regular file")
    return f"{what}, not a regular file; not opened"


def _os_problem(path: Path, exc: OSError) -> str:
    """One line for a file that cannot be looked at or opened."""
    if exc.errno == errno.ELOOP:
        return "symlink loop: following the link never reaches a file"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return "broken symlink: what it points to does not exist"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read: {_reason(exc)}"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _load_one(source: str, label: int, max_bytes: int, stdin: BinaryIO | None) -> Document:
    data = _text_bytes(source, max_bytes, stdin)
    is_html = Path(source).suffix.lower() in HTML_SUFFIXES or (
        source == STDIN and HTML_SNIFF.match(data[:1024]) is not None
    )
    if is_html:
        return document_from_html(data, source, label)
    return document_from_text(_decode_text(data), source, label)


def read_text(source: str, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> str:
    """A text input read whole ('-' is stdin), with the checks sources get: no FIFO or device,
    the size cap, not empty, not binary, valid UTF-8; SourceInputError says what is wrong."""
    if source != STDIN and Path(source).is_dir():
        raise SourceInputError("a folder, not a file")
    return _decode_text(_text_bytes(source, max_bytes, stdin))


def _text_bytes(source: str, max_bytes: int, stdin: BinaryIO | None) -> bytes:
    """The input's bytes, refused when empty or binary."""
    data = _read_stdin(stdin, max_bytes) if source == STDIN else _read_file(Path(source), max_bytes)
    if not data.strip():
        raise SourceInputError(_empty_message(source, data))
    if looks_binary(data):
        raise SourceInputError("binary file (NUL bytes in the first 8 KB), not text or HTML")
    return data


def looks_binary(data: bytes, charset: str | None = None) -> bool:
    """NUL bytes early on mean a binary file, whatever it is called (UTF-16 aside)."""
    utf16 = data.startswith(UTF16_BOMS) or (charset or "").lower().startswith("utf-16")
    return not utf16 and b"\0" in data[:BINARY_PROBE_BYTES]


def _empty_message(source: str, data: bytes) -> str:
    if source == STDIN:
        return "standard input is empty"
    return "file has only whitespace" if data else "empty file"


def _read_file(path: Path, max_bytes: int) -> bytes:
    # Non-blocking, so that a file swapped for a FIFO since it was checked cannot hang the open;
    # fstat then checks the file actually opened.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SourceInputError(_os_problem(path, exc)) from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        problem = _not_regular(info.st_mode)
        if problem is not None:
            raise SourceInputError(problem)
        if info.st_size > max_bytes:
            raise SourceInputError(_over_cap(info.st_size, max_bytes))
        try:
            data = f.read(max_bytes + 1)  # a file still growing stops at the cap all the same
        except OSError as exc:
            raise SourceInputError(f"cannot read: {_reason(exc)}") from None
    if len(data) > max_bytes:
        raise SourceInputError(f"file grew past the {max_bytes:,}-byte size cap as it was read")
    return data


def _over_cap(size: int, max_bytes: int) -> str:
    return f"file is {size:,} bytes, over the {max_bytes:,}-byte size cap"


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
