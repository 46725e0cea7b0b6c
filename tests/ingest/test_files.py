"""Ingest: files, folders and stdin become labelled, cleaned Documents or one-line errors."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from briefing.ingest.files import load_sources
from briefing.schemas import Document, SourceError

from ..articles import ARTICLE_HTML, write

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
RUBRIC = REPO / "eval" / "seeds-rubric.json"

GOOD_TEXT = (
    "Acme Widgets Beat Forecasts\n\n"
    "Acme Widgets said on Monday that quarterly revenue rose 12% to $3.4 billion.\n"
)


def only_error(errors: list[SourceError]) -> SourceError:
    assert len(errors) == 1, errors
    error = errors[0]
    assert "\n" not in error.message
    assert "Traceback" not in error.message
    return error


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n  ", "only whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", b"Caf\xe9 prices rose.", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf' (use .txt, .md or .html)"),
        ("empty.html", b"<html><head><title>x</title></head><body></body></html>", "no main text"),
        ("noise.txt", "Leave a Reply\nShare this article\n#tag #other\n", "no text left"),
    ],
)
def test_bad_file_is_reported_and_good_file_still_loads(
    tmp_path: Path, name: str, content: bytes | str, problem: str
) -> None:
    bad = write(tmp_path, name, content)
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    docs, errors = load_sources([str(bad), str(good)])
    error = only_error(errors)
    assert error.source == str(bad)
    assert name in str(error)
    assert problem in error.message
    assert [(d.label, d.source) for d in docs] == [(1, str(good))]


def test_missing_path(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    missing = tmp_path / "nope.txt"
    docs, errors = load_sources([str(missing), str(good)])
    error = only_error(errors)
    assert error.source == str(missing)
    assert "no such file" in error.message
    assert [d.label for d in docs] == [1]


def test_file_over_size_cap_names_size_and_cap(tmp_path: Path) -> None:
    big = write(tmp_path, "big.txt", "Word. " * 50)
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    docs, errors = load_sources([str(big), str(good)], max_bytes=200)
    error = only_error(errors)
    assert "big.txt" in str(error)
    assert "300 bytes" in error.message
    assert "200-byte" in error.message
    assert [d.source for d in docs] == [str(good)]


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    folder = tmp_path / "pile"
    write(folder, "scan.pdf", b"%PDF")
    write(folder, ".hidden.txt", GOOD_TEXT)
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    docs, errors = load_sources([str(folder), str(good)])
    error = only_error(errors)
    assert error.source == str(folder)
    assert "no .txt, .md or .html files" in error.message
    assert [d.label for d in docs] == [1]


def test_folder_whose_files_all_fail_reports_each(tmp_path: Path) -> None:
    folder = tmp_path / "pile"
    write(folder, "a.txt", b"")
    write(folder, "b.txt", b"\x00\x01binary")
    docs, errors = load_sources([str(folder)])
    assert docs == []
    assert [Path(e.source).name for e in errors] == ["a.txt", "b.txt"]


def test_empty_stdin(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    docs, errors = load_sources(["-", str(good)], stdin=io.BytesIO(b""))
    error = only_error(errors)
    assert error.source == "-"
    assert "standard input is empty" in error.message
    assert [d.label for d in docs] == [1]


def test_same_text_twice_keeps_the_first(tmp_path: Path) -> None:
    first = write(tmp_path, "first.txt", GOOD_TEXT)
    # Different bytes (CRLF, trailing spaces) but the same cleaned text.
    second = write(tmp_path, "second.txt", GOOD_TEXT.replace("\n", "  \r\n"))
    docs, errors = load_sources([str(first), str(second)])
    assert [d.source for d in docs] == [str(first)]
    error = only_error(errors)
    assert error.source == str(second)
    assert error.message == f"same text as {first}"


# --- folders, labels, stdin ---------------------------------------------------------------------


def test_folder_is_recursive_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder, "c.html", ARTICLE_HTML)
    write(folder, "b/2.txt", "Second file.\nIt has its own text.")
    write(folder, "a.md", "# Markdown Title\n\nA **bold** claim with [a link](https://x.test).")
    write(folder, "notes.pdf", b"%PDF")
    write(folder, ".draft.txt", "Hidden draft.")
    write(folder, ".git/HEAD.txt", "Hidden folder.")
    docs, errors = load_sources([str(folder)])
    assert errors == []
    assert [(d.label, Path(d.source).relative_to(folder).as_posix()) for d in docs] == [
        (1, "a.md"),
        (2, "b/2.txt"),
        (3, "c.html"),
    ]
    assert docs[0].title == "Markdown Title"
    assert docs[0].text == "Markdown Title\n\nA bold claim with a link."


def test_labels_have_no_gaps_after_errors(tmp_path: Path) -> None:
    one = write(tmp_path, "one.txt", "One article.\nWith text.")
    two = write(tmp_path, "two.txt", "Two article.\nWith other text.")
    docs, errors = load_sources([str(one), str(tmp_path / "gone.txt"), str(two)])
    assert [(d.label, d.source) for d in docs] == [(1, str(one)), (2, str(two))]
    assert len(errors) == 1


def test_stdin_text_and_html() -> None:
    docs, errors = load_sources(["-"], stdin=io.BytesIO(GOOD_TEXT.encode()))
    assert errors == []
    assert docs[0].source == "-"
    assert docs[0].title == "Acme Widgets Beat Forecasts"
    assert "revenue rose 12% to $3.4 billion" in docs[0].text
    docs, errors = load_sources(["-"], stdin=io.BytesIO(ARTICLE_HTML.encode()))
    assert errors == []
    assert docs[0].author == "Jane Roe"
    assert "<p>" not in docs[0].text


def test_stdin_over_size_cap() -> None:
    docs, errors = load_sources(["-"], max_bytes=10, stdin=io.BytesIO(b"x" * 50))
    assert docs == []
    assert "over the 10-byte size cap" in only_error(errors).message


def test_accented_and_nfd_text_survives_byte_for_byte(tmp_path: Path) -> None:
    body = (
        "Cafe\u0301 owners in Zu\u0308rich said « c\u2019est la vie » on Monday.\n"
        "Prices rose 5\u00a0% — “sharply” — at the Crème brûlée stand.\n"
    )
    assert unicodedata.normalize("NFC", body) != body
    path = write(tmp_path, "nfd.txt", b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode())
    docs, errors = load_sources([str(path)])
    assert errors == []
    assert docs[0].text == body.rstrip("\n")
    assert docs[0].text.encode("utf-8") == body.rstrip("\n").encode("utf-8")


# --- the five seeds -----------------------------------------------------------------------------

SEED_SENTENCES = [
    'CEO Ted Sarandos emphasized during the earnings call: "Great works require great artists.',
    'Sarandos noted: "We believe AI will help us and our creative partners tell stories better '
    "and faster, and in new ways. We are fully committed, but not for novelty's sake.\"",
    "- 17% revenue growth to $11.5 billion this quarter (though below expectations)",
    '- Created a building collapse scene for the Argentine series "The Eternaut"',
    "“AI can give creatives better tools to enhance their overall TV/movie experience for our "
    "members, but it doesn’t automatically make you a great storyteller if you’re not.”",
    "The move comes amid Netflix’s 17% year-over-year revenue growth, reaching $11.5 billion, "
    "slightly below its forecast.",
    "This perspective comes as Netflix recently released AI-focused production guidance aimed at "
    "ensuring responsible use of these emerging technologies.\n",
    "Netflix’s comprehensive AI strategy extends beyond content creation to multiple business "
    "areas:\n",
    "Media union SAG-AFTRA, which led a historic 100+ day actors’ strike in 2023, has been "
    "particularly vocal about protecting performers from AI displacement.",
    "“We’re not worried about AI replacing creativity.”",
    # The seed pads « » with no-break spaces; they must survive as written.
    "«\u00a0It takes a great artist to make something great,\u00a0» Netflix CEO Ted Sarandos "
    "said Tuesday.",
    "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion, although that was "
    "below the company’s forecast.",
    "the producers of «\u00a0Binlionaires’ Bunker\u00a0» used the technology as a "
    "pre-production tool",
    "These debates recently escalated when ChatGPT creator OpenAI unveiled its audio and video "
    "generation model Sora 2",
    "Netflix is signaling a shift towards actively utilizing generative AI as a tool to augment "
    "the creative process",
    "This news is significant because it represents a pragmatic response from a major "
    "entertainment player to a rapidly evolving technological landscape.",
]


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    docs, errors = load_sources([str(SEEDS)])
    assert errors == []
    return docs


def test_seeds_load_with_labels_and_metadata(seeds: list[Document]) -> None:
    assert [d.label for d in seeds] == [1, 2, 3, 4, 5]
    assert [Path(d.source).name[:3] for d in seeds] == ["000", "001", "002", "003", "004"]
    first_lines = [(SEEDS / Path(d.source).name).read_text().split("\n")[0] for d in seeds]
    assert seeds[0].title == "Netflix Embraces AI as Creative Assistant, Not Replacement"
    assert seeds[2].title == first_lines[2]
    assert seeds[3].title == first_lines[3]
    assert seeds[1].author == "Sabica Tahira"
    assert "Sabica Tahira" not in seeds[1].text
    assert seeds[4].published == "2025-10-21"
    assert seeds[4].outlet == "Viqus"
    assert len({d.id for d in seeds}) == 5


def test_no_rubric_noise_survives_in_seeds(seeds: list[Document]) -> None:
    noise = json.loads(RUBRIC.read_text(encoding="utf-8"))["noise"]
    assert noise
    raw_hits = [n for n in noise if any(n in d.raw for d in seeds)]
    assert raw_hits == noise  # every noise string really is in the input
    left = [(d.label, n) for d in seeds for n in noise if n in d.text]
    assert left == []


def test_other_seed_noise_is_gone(seeds: list[Document]) -> None:
    text = "\n".join(d.text for d in seeds)
    for junk in (
        "Streaming While - Netflix",
        "AI,Media & Entertainment",
        "About Contact",
        "Home\n",
    ):
        assert junk not in text


@pytest.mark.parametrize("sentence", SEED_SENTENCES)
def test_real_seed_sentences_survive_verbatim(seeds: list[Document], sentence: str) -> None:
    assert any(sentence in d.text for d in seeds)
