"""An article about another story is named, and counts for nothing: not in the points, not in
any "N of M sources"."""

from __future__ import annotations

from pathlib import Path

from briefing.ingest.files import load_sources
from briefing.ingest.pages import document_from_text
from briefing.pipeline import brief_from_documents
from briefing.render import render
from briefing.select.topic import off_topic

SEEDS = Path(__file__).parents[2] / "seeds"
STRAY = (
    "Storm floods the Po valley\n\n"
    "Heavy rain flooded farms across the Po valley on Sunday, and the river rose two metres in "
    "a night. Farmers in Emilia moved cattle to higher ground as the water reached barns.\n\n"
    "The regional government opened shelters in Parma and Modena, and trains between Milan and "
    "Bologna stopped for the day. Forecasters expect more rain on Tuesday.\n"
)


def test_a_stray_article_is_off_topic_and_the_story_is_not() -> None:
    seeds, _ = load_sources([str(SEEDS)])
    stray = document_from_text(STRAY, "po.txt", len(seeds) + 1)
    assert off_topic(seeds) == []
    assert off_topic([*seeds, stray]) == [stray.id]


def test_an_off_topic_article_is_named_and_counted_nowhere() -> None:
    seeds, _ = load_sources([str(SEEDS)])
    stray = document_from_text(STRAY, "po.txt", len(seeds) + 1)
    brief = brief_from_documents([*seeds, stray], engine="extractive")
    assert brief.off_topic == [stray.id] and brief.counted == len(seeds)
    cited = {c.doc_id for p in brief.key_points for c in p.citations}
    cited |= {c.doc_id for f in brief.figures for c in f.citations}
    cited |= {c.doc_id for s in brief.bottom_line for c in s.citations}
    assert stray.id not in cited
    markdown = render(brief, "md")
    assert f"of {len(seeds)} sources" in markdown and f"of {len(seeds) + 1} sources" not in markdown
    assert "**About another story** (not counted)" in markdown and "Storm floods" in markdown
