"""The HTML brief: its sections, its citations, its escaping, and a real browser clicking it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner
from lxml.html import HtmlElement

from briefing.cli import main
from briefing.pipeline import build_brief
from briefing.render import render
from briefing.render.html import (
    CONTEXT_CHARS,
    csp_hash,
    excerpt,
    merge_ranges,
    paragraph_bounds,
    segments,
    source_href,
)
from briefing.render.sections import sections as brief_sections
from briefing.schemas import Brief, DroppedItem, DroppedSentence, Issue, IssueCode, Span, Usage

from ..checks import all_spans

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "seeds"
SECTIONS = {
    "bottom-line": "Bottom line",
    "key-points": "Key points",
    "by-the-numbers": "By the numbers",
    "what-theyre-saying": "What they’re saying",
    "where-sources-differ": "Where sources differ",
    "sources": "Sources",
    "validation": "Validation",
}
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</style>",
    "</script>",
    '"><svg onload=window.pwned=1>',
)


@pytest.fixture(scope="module")
def seeds_brief() -> Brief:
    return build_brief([str(SEEDS)], engine="extractive")


@pytest.fixture(scope="module")
def seeds_page(seeds_brief: Brief) -> HtmlElement:
    return lxml.html.fromstring(render(seeds_brief, "html"))


@pytest.fixture
def hostile_brief(tmp_path: Path) -> Brief:
    bad = " ".join(PAYLOADS)
    (tmp_path / "a.txt").write_text(
        f"Acme {PAYLOADS[0]} opens {PAYLOADS[4]} plant\n\n"
        f"© 2025 Evil {PAYLOADS[1]} News{PAYLOADS[2]}{PAYLOADS[3]}\n\n"
        f"Acme Corp said revenue rose 12% to $3.4 billion {bad} in the quarter, and the new "
        "plant in Lyon will build bicycles.\n\n"
        f"“We will ship {PAYLOADS[0]} bikes to every city in Europe by next spring. Every one "
        "of them will be built in Lyon,” said Jane Doe, chief executive of Acme Corp.\n\n"
        f"Analysts said the {PAYLOADS[4]} plan was bold, and shares rose 4% on Tuesday.\n",
        encoding="utf-8",
    )
    escaped = bad.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (tmp_path / 'b"><svg onload=alert(1)>.html').write_text(
        f"<html><head><title>Acme {escaped} plant</title>"
        f'<meta property="og:site_name" content="Bad {escaped.replace(chr(34), "&quot;")}">'
        f"</head><body><article><p>Acme Corp said revenue rose 12% to $3.4 billion {escaped} "
        "in the quarter, and the Lyon plant will build bicycles for Europe.</p>"
        f"<p>“We will ship {escaped} bikes to every city in Europe by next spring. Every one of "
        "them will be built in Lyon,” said Jane Doe, chief executive of Acme Corp.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    sources = [str(tmp_path / "a.txt"), str(next(tmp_path.glob("b*.html")))]
    return build_brief(sources, engine="extractive")


def sections(page: HtmlElement) -> dict[str, str]:
    return {s.get("id"): s.findtext("h2") for s in page.iter("section") if s.find("h2") is not None}


def popover_marks(page: HtmlElement, button: HtmlElement) -> list[HtmlElement]:
    target = page.get_element_by_id(button.get("popovertarget"))
    assert target.get("popover") is not None
    return target.xpath(".//mark")


def mark_span(mark: HtmlElement, prefix: str = "data-span-") -> tuple[str, int, int]:
    return mark.get("data-doc"), int(mark.get(prefix + "start")), int(mark.get(prefix + "end"))


# --- structure ---------------------------------------------------------------------------------


def test_the_page_has_the_markdown_briefs_sections(seeds_page: HtmlElement) -> None:
    assert sections(seeds_page) == SECTIONS
    text = seeds_page.text_content()
    assert "of 5 sources" in text and "$11.5 billion" in text
    assert seeds_page.xpath('//meta[@name="viewport"]')
    assert "Names spelled differently" in text


def test_the_page_says_what_one_source_alone_reports_when_the_markdown_does(
    seeds_brief: Brief, seeds_page: HtmlElement
) -> None:
    markdown = render(seeds_brief, "md")
    text = seeds_page.text_content()
    assert ("Only one source reports" in text) == ("Only one source reports" in markdown)


def test_every_citation_opens_its_span_sliced_from_the_document(
    seeds_brief: Brief, seeds_page: HtmlElement
) -> None:
    docs = {d.id: d for d in seeds_brief.sources}
    buttons = seeds_page.xpath("//main//button[@popovertarget]")
    assert len(buttons) > 50
    shown = set()
    for button in buttons:
        marks = popover_marks(seeds_page, button)
        assert marks
        for mark in marks:
            doc_id, start, end = mark_span(mark)
            assert mark.text_content() == docs[doc_id].text[start:end]
            assert button.text_content() == str(docs[doc_id].label)
            shown.add((doc_id, start, end))
    assert {(s.doc_id, s.start, s.end) for s in all_spans(seeds_brief)} <= shown


def test_a_key_points_markers_open_that_points_own_spans(
    seeds_brief: Brief, seeds_page: HtmlElement
) -> None:
    point = brief_sections(seeds_brief).multi[0]  # the first key point the page lists
    item = seeds_page.xpath('//section[@id="key-points"]//li')[0]
    cited = {(c.doc_id, c.span.start, c.span.end) for c in point.citations}
    buttons = item.xpath(".//button")
    assert len(buttons) == len({c.label for c in point.citations})
    assert {mark_span(m) for b in buttons for m in popover_marks(seeds_page, b)} == cited


def test_the_sources_panel_shows_each_text_whole_with_every_span_highlighted(
    seeds_brief: Brief, seeds_page: HtmlElement
) -> None:
    for doc in seeds_brief.sources:
        (panel,) = seeds_page.xpath(f'//section[@id="sources"]//div[@data-doc="{doc.id}"]')
        assert panel.text_content() == doc.text
        marks = [mark_span(m, "data-") for m in panel.xpath(".//mark")]
        for _, start, end in marks:
            assert (
                panel.xpath(f'.//mark[@data-start="{start}"]')[0].text_content()
                == (doc.text[start:end])
            )
        for span in (s for s in all_spans(seeds_brief) if s.doc_id == doc.id):
            assert any(a <= span.start and span.end <= b for _, a, b in marks), span


def test_dropped_items_and_sentences_are_listed_with_their_reasons(seeds_brief: Brief) -> None:
    doc = seeds_brief.sources[1]
    nearest = Span(doc_id=doc.id, start=0, end=7, text=doc.text[:7], kind="fuzzy", score=71)
    dropped = DroppedItem(
        item_id=f"{doc.id}.q9",
        doc_id=doc.id,
        kind="quotes",
        text="AI will replace <b>every</b> writer",
        issues=[
            Issue(code=IssueCode.quote_not_verbatim, detail="no close match", nearest=nearest),
            Issue(code=IssueCode.speaker_not_near_quote, detail="Ted Sarandos is not named"),
        ],
    )
    sentence = DroppedSentence(
        section="bottom_line", text="Netflix fired 90% of staff.", reason="x"
    )
    validation = seeds_brief.validation.model_copy(
        update={"dropped_items": [dropped], "dropped_sentences": [sentence]}
    )
    brief = seeds_brief.model_copy(
        update={"validation": validation, "engine": "llm", "model": "m", "usage": Usage(calls=7)}
    )
    page = lxml.html.fromstring(render(brief, "html"))
    (item,) = page.xpath('//ul[@class="dropped"]/li')
    text = item.text_content()
    assert "quote" in text and "AI will replace <b>every</b> writer" in text
    assert "quote_not_verbatim: no close match" in text and doc.text[:7] in text
    assert "speaker_not_near_quote: Ted Sarandos is not named" in text
    assert item.xpath('.//a[@href="#source-2"]')
    sentences = page.get_element_by_id("dropped-sentences").getnext().text_content()
    assert "Netflix fired 90% of staff." in sentences and "bottom line" in sentences
    assert "7 calls" in page.get_element_by_id("usage").text_content()


def test_the_page_loads_nothing_from_outside(seeds_brief: Brief, seeds_page: HtmlElement) -> None:
    assert not seeds_page.xpath("//link | //img | //iframe | //object | //embed | //*[@src]")
    style = seeds_page.findtext(".//style")
    assert "url(" not in style and "@import" not in style
    hrefs = [a.get("href") for a in seeds_page.iter("a")]
    assert hrefs and all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    ids = {e.get("id") for e in seeds_page.iter() if e.get("id")}
    assert all(h[1:] in ids for h in hrefs if h.startswith("#"))


def test_cli_writes_an_html_brief(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- escaping ----------------------------------------------------------------------------------


def test_hostile_sources_stay_text(hostile_brief: Brief) -> None:
    html = render(hostile_brief, "html")
    page = lxml.html.fromstring(html)
    (script,) = page.xpath("//script")
    policy = page.xpath('//meta[@http-equiv="Content-Security-Policy"]')[0].get("content")
    assert csp_hash(script.text) in policy and "default-src 'none'" in policy
    assert not page.xpath("//img | //svg | //*[@src]")
    assert len(page.xpath("//style")) == 1
    attributes = [name for e in page.iter() for name in e.attrib]
    assert not [name for name in attributes if name.lower().startswith("on")]
    assert sections(page) == SECTIONS
    for payload in ("<script>alert(1)</script>", '"><svg onload=window.pwned=1>'):
        assert payload in page.findtext(".//h1")
    assert "<script>alert(1)</script>" in page.get_element_by_id("sources").text_content()
    assert any("<script>" in q.text for q in hostile_brief.quotes)


def test_only_web_sources_become_links(seeds_brief: Brief) -> None:
    assert source_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert source_href("javascript:alert(1)") is None
    assert source_href("seeds/a.txt") is None and source_href("-") is None
    doc = seeds_brief.sources[0].model_copy(update={"source": "javascript:alert(1)//https://x"})
    brief = seeds_brief.model_copy(update={"sources": [doc, *seeds_brief.sources[1:]]})
    page = lxml.html.fromstring(render(brief, "html"))
    assert not [a for a in page.iter("a") if "javascript" in (a.get("href") or "")]


# --- the pieces --------------------------------------------------------------------------------


def test_merge_ranges_joins_overlapping_and_touching_ranges() -> None:
    assert merge_ranges([(10, 20), (0, 5), (15, 30), (5, 8), (40, 40), (32, 35)]) == [
        (0, 8),
        (10, 30),
        (32, 35),
    ]
    assert merge_ranges([(0, 10), (2, 3)]) == [(0, 10)]
    assert merge_ranges([]) == []


def test_segments_cover_the_text_exactly_with_non_ascii() -> None:
    text = "Zoë’s café 🎉 opened; naïve critics said «très bien» twice."
    cafe = text.index("café")
    spans = [(cafe, cafe + 6), (cafe + 2, text.index(";")), (text.index("«"), len(text))]
    parts = segments(text, spans)
    assert "".join(p.text for p in parts) == text
    assert [p.text for p in parts if p.marked] == ["café 🎉 opened", "«très bien» twice."]
    assert all(text[p.start : p.end] == p.text for p in parts)


def test_excerpt_is_the_spans_paragraph_sliced_by_offsets(seeds_brief: Brief) -> None:
    doc = seeds_brief.sources[0].model_copy(
        update={"text": "First line.\n\nIntro " + "word " * 300 + "KEY fact. Tail.\nNext line."}
    )
    start = doc.text.index("KEY")
    span = Span(
        doc_id=doc.id, start=start, end=start + 9, text="KEY fact.", kind="exact", score=100
    )
    assert paragraph_bounds(doc.text, start, start + 9) == (13, doc.text.index("\nNext"))
    part = excerpt(doc, span)
    assert part.cited == "KEY fact." and part.after == " Tail."
    assert part.clipped_before and not part.clipped_after
    assert len(part.before) <= CONTEXT_CHARS and part.before.startswith("word")


def test_the_bottom_line_is_data_and_its_markers_open_evidence(
    seeds_brief: Brief, seeds_page: HtmlElement
) -> None:
    first, point = seeds_brief.bottom_line[0], seeds_brief.key_points[0]
    assert first.written_by == "offline" and first.cites == [point.id]
    assert first.text == point.statement and first.citations == point.citations
    (lead, *_) = seeds_page.get_element_by_id("bottom-line").xpath("./p")
    buttons = lead.xpath(".//button[@popovertarget]")
    assert [b.text_content() for b in buttons] == [str(c.label) for c in point.citations]
    assert all(popover_marks(seeds_page, b) for b in buttons)
    assert lead.xpath('.//span[@class="muted"]')[0].text == f"({point.corroboration} of 5 sources)"


# --- a real browser ----------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def find_chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(
    browser: Any, html: str, path: Path, width: int = 1280, height: int = 900
) -> tuple[Any, list[str]]:
    """The page opened from a file, and the messages of any dialog it tries to show."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    return page, dialogs


def test_clicking_a_marker_shows_the_cited_span(
    browser: Any, seeds_brief: Brief, tmp_path: Path
) -> None:
    page, _ = open_page(browser, render(seeds_brief, "html"), tmp_path / "brief.html")
    citation = min(brief_sections(seeds_brief).multi[0].citations, key=lambda c: c.label)
    doc = seeds_brief.document(citation.doc_id)
    button = page.locator("#key-points li").first.locator("button.cite").first
    target = button.get_attribute("popovertarget")
    mark = page.locator(f"#{target} mark")
    assert not mark.is_visible()
    button.click()
    assert mark.is_visible()
    assert mark.text_content() == doc.text[citation.span.start : citation.span.end]
    assert int(mark.get_attribute("data-span-start")) == citation.span.start
    page.keyboard.press("Escape")
    assert not mark.is_visible()
    button.click()
    page.locator(f"#{target} button.close").click()
    assert not mark.is_visible()
    button.click()
    link = page.locator(f"#{target} a").first
    anchor = page.locator(link.get_attribute("href"))
    link.click()
    assert not mark.is_visible() and anchor.is_visible()  # the source text opened at the passage
    assert citation.span.text in anchor.text_content()
    page.close()


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 900)])
def test_the_page_fits_the_screen(
    browser: Any, seeds_brief: Brief, tmp_path: Path, name: str, width: int, height: int
) -> None:
    html = render(seeds_brief, "html")
    page, _ = open_page(browser, html, tmp_path / "brief.html", width, height)
    # BRIEFING_SCREENSHOTS=dir keeps the pictures for a person to look at.
    shots = Path(os.environ.get("BRIEFING_SCREENSHOTS", tmp_path))
    page.screenshot(path=shots / f"briefing-html-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#key-points button.cite").nth(1).click()
    box = page.locator("[popover]:popover-open").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["y"] >= 0 and box["y"] + box["height"] <= height
    page.screenshot(path=shots / f"briefing-html-{name}-popover.png")
    page.close()


def test_hostile_page_runs_nothing_in_a_browser(
    browser: Any, hostile_brief: Brief, tmp_path: Path
) -> None:
    page, dialogs = open_page(browser, render(hostile_brief, "html"), tmp_path / "hostile.html")
    if page.locator("#more summary").count():
        page.locator("#more summary").click()  # folded away until the reader opens it
    for button in page.locator("main button.cite").all():
        button.click()
        page.keyboard.press("Escape")
    page.locator("#sources summary").first.click()
    assert dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.querySelectorAll('img, svg, [onload], [onerror]').length") == 0
    headings = [h for h in page.locator("h2").all_text_contents() if h != "More"]
    assert headings == list(SECTIONS.values())
    page.close()


def test_more_is_folded_until_the_reader_opens_it(
    browser: Any, seeds_brief: Brief, tmp_path: Path
) -> None:
    page, _ = open_page(browser, render(seeds_brief, "html"), tmp_path / "brief.html")
    first = page.locator("#more li").first
    assert not first.is_visible()
    page.locator("#more summary").click()
    assert first.is_visible()
    assert first.text_content().startswith(brief_sections(seeds_brief).more[0].statement[:40])
    page.close()
