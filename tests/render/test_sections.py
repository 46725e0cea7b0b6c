"""What the brief shows: a bottom line that is not key point 1 again, key points that read alone,
a body a reader takes in two minutes, and the rest under More, with nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from briefing.pipeline import build_brief
from briefing.render import render
from briefing.render.sections import (
    MAX_DIFFERENCES,
    MAX_FIGURES,
    MAX_MARKERS,
    MAX_QUOTES,
    sections,
)
from briefing.schemas import Brief, DuplicatePair, KeyPoint
from briefing.select.scoring import fact_rank

SEEDS = Path(__file__).parents[2] / "seeds"
MAX_BODY_WORDS = 400


@pytest.fixture(scope="module")
def seeds_brief() -> Brief:
    return build_brief([str(SEEDS)], engine="extractive")


def test_the_bottom_line_is_not_a_key_point_again(seeds_brief: Brief) -> None:
    top = {s.text for s in seeds_brief.bottom_line}
    parts = sections(seeds_brief)
    assert top and parts.multi
    assert not top & {p.statement for p in parts.multi + parts.single}


def test_key_points_read_alone(seeds_brief: Brief) -> None:
    shown = sections(seeds_brief).multi + sections(seeds_brief).single
    openers = ("This ", "The move", "Despite these", "However,", "It also", "Made ")
    assert shown and not [p.statement for p in shown if p.statement.startswith(openers)]


def test_the_body_is_a_two_minute_read(seeds_brief: Brief) -> None:
    markdown = render(seeds_brief, "md")
    body = markdown.split("## Where sources differ")[0]
    assert len(re.sub(r"\[\d+\]", "", body).split()) <= MAX_BODY_WORDS
    parts = sections(seeds_brief)
    assert len(parts.figures) <= MAX_FIGURES and len(parts.quotes) <= MAX_QUOTES


def test_nothing_is_lost_the_rest_is_under_more(seeds_brief: Brief) -> None:
    markdown = render(seeds_brief, "md")
    more = markdown.split("## More")[1].split("## Sources")[0]
    parts = sections(seeds_brief, more_limit=None)
    flat = " ".join(more.split())  # the page writes each point on one line
    assert parts.more and all(
        " ".join(p.statement.split()) in flat for p in sections(seeds_brief).more
    )
    shown = {s.text for s in seeds_brief.bottom_line} | {
        p.statement for p in parts.multi + parts.single + parts.more
    }
    # Every point the JSON keeps is on the page somewhere (HTML holds More in full).
    assert {p.statement for p in seeds_brief.key_points} <= shown
    assert render(seeds_brief, "html").count('<section id="more">') == 1


def test_what_one_outlet_alone_reports_is_said_plainly(tmp_path: Path) -> None:
    shared = "Acme Corp will build a bicycle plant in Lyon that employs 400 people from 2027."
    mayor, unions = "The mayor of Lyon welcomed the plant warmly.", "Unions asked for a wage deal."
    texts = {
        "a.txt": f"Acme picks Lyon\n\n{shared}\n\n{mayor}\n",
        "b.txt": f"Lyon wins Acme plant\n\n{shared}\n\n{unions}\n",
        "c.txt": "Acme in Lyon\n\nAcme Corp will build a bicycle plant in Lyon employing 400.\n\n"
        "Acme Corp also plans to sell its scooter unit to Vento Group for $90 million.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    brief = build_brief([str(tmp_path)], engine="extractive")
    parts = sections(brief)
    alone = [p for p in parts.single]
    assert alone and all(p.corroboration == 1 and len(p.doc_ids) == 1 for p in alone)
    md = render(brief, "md")
    single = md.split("**Only one source reports**")[1].split("\n\n**")[0]
    for p in alone:
        assert f"{p.statement} [{p.citations[0].label}]" in single
    # A claim of one outlet in the bottom line says so there too.
    for line in brief.bottom_line:
        if line.sources == 1:
            assert f"{line.text} [3] (1 of 3 sources)" in md
    assert "Only one source reports" in render(brief, "html")


def test_the_markdown_stays_bounded_however_many_sources_and_differences(
    seeds_brief: Brief,
) -> None:
    # What a thousand documents give: hundreds of disputed figures, copies and sources that
    # no shown line cites. The Markdown shows a fixed number of each and counts the rest.
    extra = [
        seeds_brief.sources[0].model_copy(
            update={"id": f"x{n}", "label": 100 + n, "title": f"Wire copy {n}"}
        )
        for n in range(120)
    ]
    big = seeds_brief.model_copy(
        update={
            "disagreements": seeds_brief.disagreements * 60 or [],
            "duplicates": [
                DuplicatePair(doc_ids=("x0", f"x{n}"), similarity=0.9) for n in range(1, 90)
            ],
            "sources": [*seeds_brief.sources, *extra],
        }
    )
    md = render(big, "md")
    copies = md.split("**Copies of the same article**")[1].split("\n\n**")[0]
    assert len(re.findall(r" share \d+% of their text", copies)) == MAX_DIFFERENCES
    hidden = 89 - MAX_DIFFERENCES + max(0, len(big.disagreements) - MAX_DIFFERENCES)
    assert f"…and {hidden} more of these in the JSON brief" in md
    listed = md.split("## Sources")[1]
    # The copies shown cite x0..x8; the other wire copies are counted, not listed.
    assert "Wire copy 0**" in listed and "Wire copy 8**" in listed
    assert "Wire copy 50**" not in listed
    assert f"…and {120 - 9} more sources that nothing above cites" in listed
    assert all(f"**{d.title}**" in listed for d in seeds_brief.sources if d.title)
    assert len(md.encode()) < 2 * len(render(seeds_brief, "md").encode())


def test_a_quote_a_key_point_prints_is_not_printed_again(tmp_path: Path) -> None:
    said = "“We will ship our bikes to every city in Europe by next spring,” said Jane Doe of Acme."
    other = "“The Lyon plant is the biggest bicycle factory we have ever built. It took two years,”"
    texts = {
        "a": f"Acme opened a bicycle plant in Lyon on Monday.\n\n{said}\n\n{other} she said.",
        "b": f"Acme's new bicycle plant in Lyon opened on Monday, hiring 400 workers.\n\n{said}\n",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    brief = build_brief([str(tmp_path)], engine="extractive")
    parts = sections(brief)
    shown = [s.text for s in brief.bottom_line] + [p.statement for p in parts.multi + parts.single]
    assert said in shown
    assert [q.text for q in parts.quotes] == [
        "The Lyon plant is the biggest bicycle factory we have ever built"
    ]
    assert any(q.text.startswith("We will ship") for q in brief.quotes)  # the JSON keeps it


def test_the_key_points_shown_follow_the_order_the_story_is_told(seeds_brief: Brief) -> None:
    def rank(point: KeyPoint) -> int:
        return min(r for r in map(fact_rank, point.citations) if r is not None)

    shown = [
        p for p in seeds_brief.key_points if p.id in {q.id for q in sections(seeds_brief).multi}
    ]
    assert len(shown) >= 2
    assert [rank(p) for p in shown] == sorted(rank(p) for p in shown)


def test_the_html_stays_bounded_however_many_sources_cite_each_point(seeds_brief: Brief) -> None:
    # Three hundred wire copies of source 1, each cited by every point source 1 backs: the page
    # shows MAX_MARKERS markers a line and counts the rest, and carries a bounded set of texts.
    first = seeds_brief.sources[0]
    extra = [
        first.model_copy(update={"id": f"x{n}", "label": 100 + n, "title": f"Wire copy {n}"})
        for n in range(300)
    ]

    def copied(point: KeyPoint) -> KeyPoint:
        own = [c for c in point.citations if c.doc_id == first.id]
        more = [c.model_copy(update={"doc_id": d.id, "label": d.label}) for d in extra for c in own]
        return point.model_copy(update={"citations": [*point.citations, *more]})

    big = seeds_brief.model_copy(
        update={
            "key_points": [copied(p) for p in seeds_brief.key_points],
            "sources": [*seeds_brief.sources, *extra],
        }
    )
    page = render(big, "html")
    small = render(seeds_brief, "html")
    assert len(page.encode()) < 3 * len(small.encode())
    doc = lxml.html.fromstring(page)
    rows = doc.xpath('//section[@id="key-points"]//li')
    assert rows and all(len(r.xpath(".//button[@popovertarget]")) <= MAX_MARKERS for r in rows)
    assert any("+" in "".join(r.xpath('.//span[@class="muted"]/text()')) for r in rows)
    targets = {b.get("popovertarget") for b in doc.xpath("//button[@popovertarget]")}
    assert targets <= {e.get("id") for e in doc.xpath("//*[@popover]")}
    assert "more sources the page does not cite, listed in the JSON brief" in page
