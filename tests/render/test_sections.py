"""What the brief shows: a bottom line that is not key point 1 again, key points that read alone,
a body a reader takes in two minutes, and the rest under More, with nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.pipeline import build_brief
from briefing.render import render
from briefing.render.sections import MAX_FIGURES, MAX_QUOTES, sections
from briefing.schemas import Brief

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
