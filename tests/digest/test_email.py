"""The digest email an executive opens: what the first screen says, what is attached or linked,
that it fits under Gmail's clipping, and how it looks in a browser at phone and desktop widths."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.digest.compose import HTML_MAX, SUBJECT_MAX, Digest, compose, subject
from briefing.digest.config import DigestConfig
from briefing.ingest.files import load_sources
from briefing.pipeline import brief_from_documents
from briefing.render import render_html
from briefing.render.jinja import oneline
from briefing.schemas import Brief

from ..servers import SEEDS
from .digests import local_digest, parse

WHEN = datetime(2026, 12, 1, 7, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def brief() -> Brief:
    docs, _ = load_sources([str(SEEDS)])
    return brief_from_documents(docs, engine="extractive")


def digest(briefs: list[Brief], **settings: object) -> Digest:
    config = DigestConfig.model_validate(
        {"name": "media", "recipients": ["exec@example.com"], "from": "b@example.com", **settings}
    )
    return Digest(config, briefs, [], WHEN)


def many(brief: Brief, n: int) -> list[Brief]:
    """n stories, each the seeds brief under its own title."""
    return [brief.model_copy(update={"title": f"Story {k} of the day"}) for k in range(1, n + 1)]


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


class VisibleText(HTMLParser):
    """The text a reader sees: not the <head>, not the hidden preview line."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = dict(attrs).get("style") or ""
        if self.hidden or tag == "head" or "display:none" in style.replace(" ", ""):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    # Void elements have no end tag; drop them so the hidden-depth count stays right.
    parser = VisibleText()
    parser.feed(re.sub(r"<(meta|br|img|hr|link)\b[^>]*>", "", html))
    return oneline(" ".join(parser.parts))


# --- the first screen ---------------------------------------------------------------------------


def test_the_subject_leads_with_the_top_story_and_fits_a_phone(brief: Brief) -> None:
    assert len(brief.title) > SUBJECT_MAX  # the seeds' headline is 100 characters
    text = subject(digest([brief]))
    assert len(text) <= SUBJECT_MAX
    assert text.startswith(" ".join(brief.title.split()[:6]))
    assert text.endswith("… (2026-12-01)")  # the title is cut at a word; the date stays
    named = subject(digest([brief], subject="Briefing {name}: {title} ({date})"))
    assert len(named) <= SUBJECT_MAX and named.startswith("Briefing media: Netflix")
    assert named.endswith("(2026-12-01)")
    short = brief.model_copy(update={"title": "ECB holds rates"})
    assert subject(digest([short])) == "ECB holds rates (2026-12-01)"
    # A title that never went through ingest: no escape, C1 control or bidi override survives.
    hostile = brief.model_copy(update={"title": "ECB \u202eholds\x1b[31m rates\x85"})
    assert subject(digest([hostile])) == "ECB holds rates (2026-12-01)"


def test_the_preview_line_is_the_bottom_line(brief: Brief) -> None:
    html = html_of(compose(digest([brief])))
    hidden = re.search(r"<body[^>]*>\s*<div style=\"display:none[^\"]*\">([^<]*)</div>", html)
    assert hidden is not None  # the first thing in the body, so clients show it as the preview
    first = oneline(brief.bottom_line[0].text)
    assert hidden.group(1).startswith(first[:100])


def test_the_headline_appears_once(brief: Brief) -> None:
    message = compose(digest([brief]))
    # Above the list of sources, where the article that gave the headline is named by it.
    assert visible(html_of(message)).split(" Sources ")[0].count(brief.title) == 1
    assert text_of(message).split("\nSources:\n")[0].count(brief.title) == 1


def test_sources_are_named_by_outlet_and_title_not_file_name(brief: Brief) -> None:
    message = compose(digest([brief]))
    for body in (html_of(message), text_of(message)):
        assert not re.search(r"\d{3}_[0-9a-f]{16}", body)  # the seeds' hashed file names
        assert ".txt" not in body
    page = visible(html_of(message))
    assert "Techcrunch: Netflix goes ‘all in’ on generative AI" in page
    assert "Viqus: Netflix Embraces AI as a Creative Tool" in page


def test_where_outlets_differ_is_said_in_the_email(brief: Brief) -> None:
    assert brief.term_disagreements  # the seeds: one result, "below" different benchmarks
    message = compose(digest([brief]))
    for body in (visible(html_of(message)), text_of(message)):
        section = body.split("Where sources differ")[1].split("Sources")[0]
        for d in brief.disagreements + brief.term_disagreements:
            assert oneline(d.about) in section
            assert all(oneline(p.text) in section for p in d.positions)


def test_each_story_brief_is_attached_in_full(brief: Brief) -> None:
    other = brief.model_copy(update={"title": "A second story"})
    message = compose(digest([brief, other]))
    attached = list(message.iter_attachments())
    assert [a.get_content_type() for a in attached] == ["text/html", "text/html"]
    for part, story in zip(attached, [brief, other], strict=True):
        assert part.get_content() == render_html(story)  # the HTML brief, citations and all
        name = part.get_filename()
        assert name is not None and name.endswith(".html") and name in text_of(message)
    assert 'id="source-1"' in attached[0].get_content()


def test_with_a_base_url_the_briefs_are_published_and_linked(tmp_path: Path) -> None:
    extra = '[digest.archive]\nfolder = "published"\nbase_url = "https://briefs.example.com/d"\n'
    path = local_digest(tmp_path, extra)
    result = CliRunner().invoke(main, ["digest", "run", "--config", str(path)])
    assert result.exit_code == 0, result.output
    [eml] = (tmp_path / "outbox").glob("*.eml")
    message = parse(eml.read_bytes())
    assert list(message.iter_attachments()) == []
    [page] = (tmp_path / "published").glob("*.html")
    link = f"https://briefs.example.com/d/{page.name}"
    html = html_of(message)
    assert f'href="{link}"' in html
    # Local files link to their text in the published brief, which has those anchors.
    for n in range(1, 6):
        assert f'href="{link}#source-{n}"' in html
        assert f'id="source-{n}"' in page.read_text(encoding="utf-8")
    assert link in text_of(message)


# --- it fits ------------------------------------------------------------------------------------


def test_twenty_stories_fit_under_gmail_clipping(brief: Brief) -> None:
    message = compose(digest(many(brief, 20)))
    html = html_of(message)
    assert len(html.encode("utf-8")) <= HTML_MAX
    assert html.count("<h2") == 8  # the default number of stories in full
    page, text = visible(html), text_of(message)
    assert "12 more stories" in page and "12 more stories" in text
    for k in range(9, 21):  # the rest, by title, with their source counts
        assert f"Story {k} of the day 5 sources" in page
        assert f"{k}. Story {k} of the day (5 sources)" in text
    assert len(list(message.iter_attachments())) == 20


def test_too_many_stories_in_full_give_way_to_the_size_bound(brief: Brief) -> None:
    message = compose(digest(many(brief, 20), stories_in_full=20))
    html = html_of(message)
    assert len(html.encode("utf-8")) <= HTML_MAX
    shown = html.count("<h2")
    assert 1 <= shown < 20
    page = visible(html)
    assert all(f"Story {k} of the day" in page for k in range(1, 21))  # none is lost


def test_the_layout_spaces_with_tables_not_divs(brief: Brief) -> None:
    html = html_of(compose(digest(many(brief, 2))))
    assert len(re.findall(r'<table [^>]*role="presentation"', html)) >= 2
    # The one div is the hidden preview line: Outlook ignores margins on divs.
    assert html.count("<div") == 1


def _chromium() -> str | None:
    return next(
        (p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None
    )


@pytest.mark.skipif(_chromium() is None, reason="needs Chromium (.ci/run installs it)")
def test_the_email_reads_on_a_phone_and_a_desktop(brief: Brief, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    html = html_of(compose(digest(many(brief, 3))))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=_chromium(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for width in (390, 800):
            page = browser.new_page(viewport={"width": width, "height": 844})
            page.set_content(html)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, width  # nothing wider than the screen
            headline = page.locator("h2").first.bounding_box()
            bottom_line = page.locator("h2 + p").first.bounding_box()
            assert headline and bottom_line and bottom_line["y"] < 844, width  # first screen
            assert "KEY POINTS" in page.inner_text("body").upper()
            assert page.locator("body > div").first.is_hidden()  # the preview line
            page.screenshot(path=str(tmp_path / f"email-{width}.png"))
            page.close()
        browser.close()
