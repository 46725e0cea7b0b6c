"""Markdown from web clippers: front matter is metadata, an HTML body is read as HTML, and no
tag, entity or URL reaches a brief as text."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.ingest.clipped import split_front_matter
from briefing.pipeline import build_brief

CLIPPED = """---
title: "Netflix bets on generative AI"
date: 2025-10-22T08:30:00Z
source: https://www.example-news.com/tech/netflix-ai
author: [Jane Reporter]
tags: [ai, netflix]
---

<p>Netflix said on Tuesday that it is &#8220;all in&#8221; on generative AI, according to its
<a href="https://ir.example.com/letter.pdf">letter to shareholders</a>.</p>
<p>Quarterly revenue rose 17% to $11.5 billion, the company&#8217;s letter said.<br>
Read more at https://www.example-news.com/more</p>
<p>&#8220;We are confident AI will help our creative partners,&#8221; chief executive Ted
Sarandos said.</p>
"""


def test_front_matter_is_metadata_and_not_text() -> None:
    fields, body = split_front_matter(CLIPPED)
    assert fields["title"] == "Netflix bets on generative AI"
    assert fields["author"] == "Jane Reporter"
    assert body.lstrip().startswith("<p>Netflix")
    assert split_front_matter("No front matter here.\n") == ({}, "No front matter here.\n")


def test_a_clipped_page_briefs_without_tags_entities_or_urls(tmp_path: Path) -> None:
    path = tmp_path / "clip.md"
    path.write_text(CLIPPED, encoding="utf-8")
    brief = build_brief([str(path)], engine="extractive")
    (doc,) = brief.sources
    assert (doc.title, doc.outlet, doc.author, doc.published) == (
        "Netflix bets on generative AI",
        "example-news.com",
        "Jane Reporter",
        "2025-10-22",
    )
    shown = [doc.text, *(p.statement for p in brief.key_points), *(q.text for q in brief.quotes)]
    for text in shown:
        assert not re.search(r"<[a-z/]|&#?\w+;|https?://|title:|---", text), text
    assert "“all in”" in doc.text and "company’s letter" in doc.text
    assert [(q.speaker, q.text) for q in brief.quotes] == [
        ("Ted Sarandos", "We are confident AI will help our creative partners")
    ]
