"""The filters every template shares."""

from __future__ import annotations

from briefing.render.jinja import labels, plural, sources
from briefing.render.sections import MAX_MARKERS
from briefing.schemas import Citation, MatchKind, Span


def test_counts_agree_with_their_nouns() -> None:
    assert [sources(1), sources(5)] == ["1 source", "5 sources"]
    assert [plural(1, "new article"), plural(0, "new article")] == [
        "1 new article",
        "0 new articles",
    ]


def citation(label: int) -> Citation:
    span = Span(doc_id=f"d{label}", start=0, end=1, text="x", kind=MatchKind.exact, score=100)
    return Citation(doc_id=f"d{label}", label=label, item_id=f"d{label}.f1", span=span)


def test_markers_are_one_per_document_and_bounded() -> None:
    assert labels([citation(3), citation(1), citation(3)]) == "[1][3]"
    many = [citation(n) for n in range(30, 0, -1)]
    shown = labels(many)
    assert shown == "".join(f"[{n}]" for n in range(1, MAX_MARKERS + 1)) + f" +{30 - MAX_MARKERS}"
