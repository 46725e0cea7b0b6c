"""The filters every template shares."""

from __future__ import annotations

from briefing.render.jinja import plural, sources


def test_counts_agree_with_their_nouns() -> None:
    assert [sources(1), sources(5)] == ["1 source", "5 sources"]
    assert [plural(1, "new article"), plural(0, "new article")] == [
        "1 new article",
        "0 new articles",
    ]
