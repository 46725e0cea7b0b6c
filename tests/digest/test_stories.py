"""Grouping documents into stories by the rare words they share."""

from __future__ import annotations

from briefing.digest.stories import _vectors, group_stories, similarity
from briefing.ingest.files import document_from_text, load_sources

from ..servers import SEEDS

ECB = [
    (
        "Central bank holds rates",
        "The European Central Bank kept its deposit rate at 2% on Thursday, saying inflation "
        "was close to target. President Christine Lagarde said the bank would watch wage growth.",
    ),
    (
        "ECB pauses rate cuts",
        "The European Central Bank left borrowing costs unchanged at 2%, with Christine Lagarde "
        "telling reporters that policy was in a good place. Markets price one more cut.",
    ),
]
FOOTBALL = (
    "Striker joins Milan",
    "AC Milan signed the striker for 60 million euros on Monday, the club said, a record fee.",
)


def extra_docs() -> list:
    items = [*ECB, FOOTBALL]
    return [
        document_from_text(f"{title}\n\n{text}", f"x{n}.txt", 6 + n)
        for n, (title, text) in enumerate(items)
    ]


def test_documents_about_one_event_form_one_story() -> None:
    seeds = load_sources([str(SEEDS)])[0]
    stories = group_stories(seeds + extra_docs())
    sizes = [len(s.documents) for s in stories]
    assert sizes == [5, 2, 1]  # ordered by how many outlets carry them
    assert {d.source for d in stories[1].documents} == {"x0.txt", "x1.txt"}


def test_two_reports_of_one_event_are_similar_and_other_stories_are_not() -> None:
    docs = extra_docs()
    a, b, *others = _vectors(docs)
    assert similarity(a, b) >= 0.2
    assert all(similarity(a, o) < 0.2 and similarity(b, o) < 0.2 for o in others)
    seed = load_sources([str(SEEDS)])[0][0]
    x, y = _vectors([seed, extra_docs()[2]])
    assert similarity(x, y) < 0.1
