"""Pages: text and HTML become Documents with their metadata, main text and a stable id."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from briefing.ingest.files import load_sources
from briefing.ingest.pages import SourceInputError, document_from_html, document_from_text
from briefing.schemas import Document

from ..articles import ARTICLE_HTML, write

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def test_html_without_main_text_raises_one_line_error() -> None:
    with pytest.raises(SourceInputError, match=r"^no main text found in HTML$"):
        document_from_html(
            b"<html><head><script>x = 1;</script></head><body> </body></html>", "x", 1
        )


# --- documents ----------------------------------------------------------------------------------


def test_document_id_is_stable_and_derived_from_text() -> None:
    a = document_from_text("Some text.\nMore text.", "a.txt", 1)
    b = document_from_text("Some text.\r\nMore text.", "b.txt", 7)
    c = document_from_text("Other text.", "c.txt", 1)
    assert re.fullmatch(r"d[0-9a-f]{10}", a.id)
    assert a.id == b.id != c.id
    assert b.raw == "Some text.\r\nMore text."
    assert b.label == 7


def test_text_metadata() -> None:
    text = (
        "Example News Logo\n\nWidget Makers Rally\n\nBy Jane Roe | Staff Writer\n"
        "21 October 2025\n\nShares of widget makers rose on Tuesday.\n"
        "Techcrunch event\nSan Francisco\n\nMore text follows here.\n"
    )
    doc = document_from_text(text, "x.txt", 1)
    assert (doc.title, doc.author, doc.published, doc.outlet) == (
        "Widget Makers Rally",
        "Jane Roe",
        "2025-10-21",
        "Example News",
    )
    assert "Jane Roe" not in doc.text
    assert "Logo" not in doc.text
    assert "Techcrunch" not in doc.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("October 21, 2025", "2025-10-21"),
        ("21 October 2025", "2025-10-21"),
        ("2025-10-21", "2025-10-21"),
        ("21 octobre 2025", "2025-10-21"),
        ("October 27-29, 2025", None),
        ("2 months ago", None),
    ],
)
def test_published_date_lines(line: str, expected: str | None) -> None:
    doc = document_from_text(f"A Headline Here\n{line}\nThe story text.", "x.txt", 1)
    assert doc.published == expected


def test_outlet_from_copyright_line() -> None:
    doc = document_from_text(
        "Body text of the story.\n© 2025 Example Daily. All rights reserved.", "x", 1
    )
    assert doc.outlet == "Example Daily"
    assert doc.text == "Body text of the story."


def test_html_document_metadata_and_text() -> None:
    doc = document_from_html(ARTICLE_HTML.encode(), "page.html", 3)
    assert doc.label == 3
    assert doc.title == "Acme Widgets Beat Forecasts"
    assert doc.author == "Jane Roe"
    assert doc.outlet == "Example Daily"
    assert doc.published == "2025-10-21"
    assert "quarterly revenue rose 12% to $3.4 billion" in doc.text
    assert "“We are building more widgets than ever before,” chief executive" in doc.text
    assert "About" not in doc.text
    assert doc.raw.startswith("<!DOCTYPE html>")


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Acme Widgets said", "Café Zürich said"
    )
    path = write(tmp_path, "cp1252.html", page.encode("cp1252"))
    docs, errors = load_sources([str(path)])
    assert errors == []
    assert "Café Zürich said" in docs[0].text
    assert "Ã" not in docs[0].text


# --- the shared corpus (absent in users' clones) ------------------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")

# (page, gold) relative to the corpus; gold is text, or readability's expected.html.
GOLD_PAGES = [
    ("extraction_gold/scrapinghub/barrons_home_depot_q3_2019.html", None),
    ("extraction_gold/scrapinghub/cityam_alibaba_hk_listing.html", None),
    ("extraction_gold/scrapinghub/cnbc_emirates_boeing_787_order.html", None),
    ("extraction_gold/scrapinghub/foxbusiness_home_depot_q3_2019.html", None),
    ("extraction_gold/scrapinghub/latimes_gannett_gatehouse_merger.html", None),
    ("extraction_gold/readability/nytimes-2/source.html", "expected.html"),
    ("extraction_gold/readability/seattletimes-1/source.html", "expected.html"),
    ("messy/M03_givewell_open_thread_mostly_comments/givewell_open_thread.html", None),
    ("messy/M04_readability_lifehacker_post_comment_load/source.html", "expected.html"),
    ("non_english/de_comwrap_elektronische_patientenakte.html", None),
    ("non_english/it_remember8090_netflix_saint_seiya_remake.html", None),
    ("non_english/ko_entermedia_tv_column.html", None),
    ("non_english/readability_heise_de/source.html", "expected.html"),
    ("non_english/readability_lemonde-1_fr/source.html", "expected.html"),
]
MIN_TOKEN_RECALL = 0.88
MIN_SENTENCE_RECALL = 0.80
MIN_MEAN_SENTENCE_RECALL = 0.95


@cache
def corpus_doc(page: str) -> Document:
    return document_from_html((CORPUS / page).read_bytes(), page, 1)


@cache
def gold_text(page: str, gold: str | None) -> str:
    path = CORPUS / page
    if gold is None:
        return path.with_name(path.name.removesuffix(".html") + ".gold.txt").read_text("utf-8")
    import lxml.html

    return lxml.html.fromstring((path.parent / gold).read_bytes().decode("utf-8")).text_content()


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def squash(text: str) -> str:
    # Gold files differ from pages in spacing, soft hyphens and quote padding, not in words.
    return re.sub(r"[\W_]+", "", text.lower())


def gold_sentences(text: str) -> list[str]:
    pieces = (s for line in text.split("\n") for s in re.split(r"(?<=[.!?])\s+", line))
    return [s for s in pieces if len(s.split()) >= 5]


def recall(page: str, gold: str | None) -> tuple[float, float]:
    ours, reference = corpus_doc(page).text, gold_text(page, gold)
    gold_tokens = tokens(reference)
    token_recall = sum((gold_tokens & tokens(ours)).values()) / sum(gold_tokens.values())
    sentences = gold_sentences(reference)
    found = sum(squash(s) in squash(ours) for s in sentences)
    return token_recall, found / len(sentences)


@needs_corpus
@pytest.mark.parametrize(
    ("page", "gold"),
    GOLD_PAGES,
    ids=[Path(p).parent.name + "/" + Path(p).stem for p, _ in GOLD_PAGES],
)
def test_corpus_main_text_recall(page: str, gold: str | None) -> None:
    token_recall, sentence_recall = recall(page, gold)
    print(f"{page}: token recall {token_recall:.2f}, sentence recall {sentence_recall:.2f}")
    assert token_recall >= MIN_TOKEN_RECALL
    assert sentence_recall >= MIN_SENTENCE_RECALL


@needs_corpus
def test_corpus_mean_sentence_recall() -> None:
    figures = [recall(page, gold)[1] for page, gold in GOLD_PAGES]
    assert sum(figures) / len(figures) >= MIN_MEAN_SENTENCE_RECALL


@needs_corpus
def test_comment_heavy_page_is_not_dominated_by_comments() -> None:
    page = "messy/M03_givewell_open_thread_mostly_comments/givewell_open_thread.html"
    ours = corpus_doc(page).text
    reference = gold_text(page, None)
    # The page holds many times the article's length in comments; they must stay out.
    assert len((CORPUS / page).read_text("utf-8")) > 50 * len(reference)
    assert len(ours) < 2 * len(reference)
    ours_tokens = tokens(ours)
    precision = sum((tokens(reference) & ours_tokens).values()) / sum(ours_tokens.values())
    assert precision >= 0.8


@needs_corpus
@pytest.mark.parametrize(
    ("page", "characters", "minimum"),
    [
        ("non_english/de_comwrap_elektronische_patientenakte.html", "äöüßÄÖÜ", 50),
        ("non_english/readability_heise_de/source.html", "äöüßÄÖÜ", 5),
        ("non_english/it_remember8090_netflix_saint_seiya_remake.html", "àèéìòù", 3),
        ("non_english/ko_entermedia_tv_column.html", "", 1000),
        ("non_english/readability_lemonde-1_fr/source.html", "éèàçêô", 100),
    ],
)
def test_non_english_characters_are_intact(page: str, characters: str, minimum: int) -> None:
    text = corpus_doc(page).text
    if characters:
        count = sum(text.count(c) for c in characters)
    else:
        count = len(re.findall(r"[\uac00-\ud7a3]", text))  # Hangul syllables
    assert count >= minimum
    assert "\ufffd" not in text
    assert not re.search(r"Ã[\u0080-\u00bf]|â€", text)  # UTF-8 read as Latin-1


@needs_corpus
def test_corpus_titles_match_readability_metadata() -> None:
    for meta in sorted(CORPUS.rglob("expected-metadata.json")):
        expected = json.loads(meta.read_text("utf-8"))["title"]
        page = (meta.parent / "source.html").relative_to(CORPUS).as_posix()
        assert corpus_doc(page).title == expected
