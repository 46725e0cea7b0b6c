"""The whole selection: a brief of so many words when a reader asks for it, and a bottom line
told in its opening articles' words as far as its words allow."""

from __future__ import annotations

from briefing.schemas import Citation, Document, KeyPoint, MatchKind, Span
from briefing.select import _lede_wordings, select
from tests.select.test_choose import point

DOCS = [Document(id=f"d{n}", label=n, source=f"d{n}.txt", text="Lyon.") for n in range(1, 9)]


def points() -> list[KeyPoint]:
    """Eight articles of four facts each, no two facts on the same things."""
    out = []
    for n in range(1, 9):
        for r in range(1, 5):
            tag = "abcdefgh"[n - 1] + "klmn"[r - 1]  # words of this fact alone
            text = f"The {tag}council approved {tag}budgets for {tag}districts and {tag}schools."
            out.append(point(f"p{n}.{r}", text, [f"d{n}"], r))
    return out


def words(selection_points: list[KeyPoint]) -> int:
    return sum(len(p.statement.split()) for p in selection_points)


def test_a_word_budget_counts_the_bottom_line_with_the_key_points() -> None:
    chosen = select(points(), DOCS, 150, with_lede=True)
    shown = [p for p in chosen.points if p.id in chosen.shown]
    assert chosen.lede and shown
    assert words(chosen.lede) + words(shown) <= 150
    alone = select(points(), DOCS, 150)
    assert words(chosen.lede) + words(shown) < words(chosen.lede) + words(
        [p for p in alone.points if p.id in alone.shown]
    )


def test_a_bigger_word_budget_shows_more() -> None:
    small = select(points(), DOCS, 100, with_lede=True)
    big = select(points(), DOCS, 250, with_lede=True)
    assert len(big.shown) > len(small.shown)


def cited(pid: str, wording: str, opening: str, doc: Document) -> KeyPoint:
    """A point worded by a later fact, whose article `doc` opens with `opening`."""
    first = Citation(
        doc_id=doc.id,
        label=doc.label,
        item_id=f"{doc.id}.f1",
        span=Span(
            doc_id=doc.id, start=0, end=len(opening), text=opening, kind=MatchKind.exact, score=100
        ),
    )
    later = point(pid, wording, [doc.id], 6)
    return later.model_copy(update={"citations": [first, *later.citations]})


def test_each_bottom_line_point_takes_its_openings_words_while_they_fit() -> None:
    short = "Acme will build a bicycle plant in Lyon with four hundred workers next year."
    long = " ".join(["Unions in Lyon welcomed the jobs the plant brings to the city"] * 4) + "."
    docs = [
        Document(id="a", label=1, source="a.txt", text=short),
        Document(id="b", label=2, source="b.txt", text=long),
    ]
    p1 = cited("p1", "The plant in Lyon will employ four hundred people.", short, docs[0])
    p2 = cited("p2", "Unions welcomed the jobs at the Lyon plant on Monday.", long, docs[1])
    worded = _lede_wordings([p1, p2], {d.id: d for d in docs}, set())
    # Both openings together pass the bottom line's 60 words: the first fits, the second not.
    assert [p.statement for p in worded] == [short, p2.statement]
