"""Choosing under a budget: the best first, never two points that say the same thing, and a
bottom line made of the ledes the other articles agree with."""

from __future__ import annotations

from briefing.schemas import Category, Citation, Document, KeyPoint, MatchKind, Span
from briefing.select.choose import lede, mmr
from briefing.select.scoring import score_points


def point(pid: str, text: str, docs: list[str], rank: int) -> KeyPoint:
    citations = [
        Citation(
            doc_id=d,
            label=n,
            item_id=f"{d}.f{rank}",
            span=Span(doc_id=d, start=0, end=len(text), text=text, kind=MatchKind.exact, score=100),
        )
        for n, d in enumerate(docs, 1)
    ]
    return KeyPoint(
        id=pid,
        statement=text,
        category=Category.other,
        citations=citations,
        doc_ids=docs,
        corroboration=len(docs),
    )


DOCS = [
    Document(id=d, label=n, source=f"{d}.txt", text=text)
    for n, (d, text) in enumerate(
        [
            ("a", "Acme will build a bicycle plant in Lyon. The plant employs 400 people."),
            ("b", "Acme picked Lyon for its bicycle plant. Unions welcomed the jobs in Lyon."),
            ("c", "Acme shares rose 4% after the Lyon bicycle plant was announced."),
        ],
        1,
    )
]


def test_mmr_never_takes_two_points_that_say_the_same() -> None:
    points = [
        point("p1", "Acme will build a bicycle plant in Lyon next year", ["a", "b"], 1),
        point("p2", "Acme will build a bicycle plant in Lyon", ["c"], 1),
        point("p3", "Unions welcomed the four hundred jobs the plant brings", ["b"], 2),
    ]
    picked = [s.point.id for s in mmr(score_points(points, DOCS), budget=100)]
    assert picked == ["p1", "p3"]


def test_the_lede_is_what_the_other_articles_ledes_agree_with() -> None:
    points = [
        point("p1", "Acme shares rose 4% after the plant in Lyon was announced", ["c"], 1),
        point("p2", "Acme will build a bicycle plant in Lyon that employs 400", ["a"], 1),
        point("p3", "Acme picked Lyon for its new bicycle plant on Monday", ["b"], 1),
    ]
    (first, *_) = lede(score_points(points, DOCS))
    assert first.point.id == "p2"


def test_a_lede_is_not_vouched_for_by_its_own_article() -> None:
    points = [
        point("p1", "Acme will build a bicycle plant in Lyon next spring", ["a"], 1),
        point("p2", "Acme will build the Lyon bicycle plant next spring, its first", ["a"], 2),
        point("p3", "Unions in Lyon welcomed the jobs Acme promised", ["b"], 1),
        point("p4", "Unions said the Acme jobs in Lyon were welcome news", ["c"], 1),
    ]
    (first, *_) = lede(score_points(points, DOCS))
    # p2 echoes p1, but from the same article: the outlets that agree are b and c.
    assert first.point.id in {"p3", "p4"}


def test_the_bottom_line_is_the_pair_of_top_ledes_that_says_most_within_its_words() -> None:
    long_lede = "Acme will build a bicycle plant in Lyon that employs four hundred people from 2027"
    points = [
        point("p1", "Acme will build a bicycle plant in Lyon", ["a"], 1),
        point("p2", long_lede, ["b"], 1),
        point("p3", "Acme shares rose 4% on the news of a new plant", ["c"], 1),
    ]
    picked = [s.point.id for s in lede(score_points(points, DOCS))]
    # p1 and p2 say the same; of the pairs left, p2 with p3 says more than p1 with p3.
    assert picked == ["p2", "p3"]


def test_the_bottom_line_keeps_within_its_words() -> None:
    sixty = " ".join(["Acme builds plants in Lyon"] * 12)
    points = [point("p1", sixty, ["a", "b"], 1), point("p2", "Unions welcomed the jobs", ["c"], 1)]
    picked = [s.point.id for s in lede(score_points(points, DOCS))]
    assert picked == ["p1"]


def test_what_several_outlets_state_opens_the_bottom_line() -> None:
    points = [
        point("p1", "Acme will build a bicycle plant in Lyon next year", ["a"], 1),
        point("p2", "Unions welcomed the four hundred jobs Acme promised in France", ["b", "c"], 1),
    ]
    picked = [s.point.id for s in lede(score_points(points, DOCS))]
    assert picked == ["p2", "p1"]


def test_a_lede_no_other_lede_fits_beside_is_completed_by_a_next_fact() -> None:
    forty = " ".join(["Acme will build a bicycle plant in Lyon"] * 5)
    thirty = " ".join(["Unions welcomed the jobs in Lyon"] * 5)
    points = [
        point("p1", forty, ["a"], 1),
        point("p2", thirty, ["b"], 1),
        point("p3", "Acme shares rose 4% after the plant was announced on Monday", ["c"], 4),
    ]
    picked = {s.point.id for s in lede(score_points(points, DOCS))}
    # p1 and p2 do not fit together in 60 words: the bottom line is not left a single sentence.
    assert len(picked) == 2 and "p3" in picked


def test_a_pair_of_first_facts_beats_a_pair_of_later_ones_a_few_words_longer() -> None:
    points = [
        point("p1", "Acme will build a bicycle plant in Lyon that employs 400 people", ["a"], 1),
        point("p2", "Unions in France welcomed the jobs the new plant brings", ["b"], 1),
        point(
            "p3", "Its shares rose 4% on Monday, the most since the spring of last year", ["c"], 3
        ),
        point(
            "p4",
            "The company has made city bicycles in Grenoble since it was founded in 1931",
            ["a"],
            3,
        ),
    ]
    picked = {s.point.id for s in lede(score_points(points, DOCS))}
    # p3 with p4 has a few more words, but what matters more is said by p1 with p2.
    assert picked == {"p1", "p2"}


def test_the_lede_opens_the_bottom_line_before_the_later_fact_that_completes_it() -> None:
    forty = " ".join(["Acme will build a bicycle plant in Lyon"] * 5)
    thirty = " ".join(["Unions welcomed the jobs in Lyon"] * 5)
    points = [
        point("p1", forty, ["a"], 1),
        point("p2", thirty, ["b"], 1),
        point("p3", "Acme shares rose 4% after the plant was announced on Monday", ["b", "c"], 4),
    ]
    (first, then) = lede(score_points(points, DOCS))
    # p3 is what two outlets state, but it is a later fact: the lede comes first.
    assert first.point.id != "p3" and then.point.id == "p3"
