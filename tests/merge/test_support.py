"""Claim-level corroboration: an outlet that states a point's claim in its own words, inside a
longer sentence, counts for it; one that only names the same person or place does not."""

from __future__ import annotations

from briefing.ingest.pages import document_from_text
from briefing.merge.support import corroborate
from briefing.schemas import Category, Citation, Document, KeyPoint, MatchKind, Span

LEDE = "Netflix used generative AI to de-age the characters of Happy Gilmore 2 for its opening."
DOCS = [
    document_from_text(
        f"Netflix and AI\n\n{LEDE} Chief executive Ted Sarandos said AI helps.\n", "a.txt", 1
    ),
    document_from_text(
        "Netflix bets on AI\n\nThe streaming giant tested AI on The Eternaut, while Happy "
        "Gilmore 2 applied generative AI to de-age its characters, and Ted Sarandos said AI "
        "helps.\n",
        "b.txt",
        2,
    ),
    document_from_text(
        "Netflix earnings\n\nHappy Gilmore 2 opens in July, Netflix said. Ted Sarandos said AI "
        "helps the company's partners tell stories better.\n",
        "c.txt",
        3,
    ),
]


def point(statement: str, doc: Document | None = None) -> KeyPoint:
    """A point one outlet (the first document, unless told) states in these words."""
    doc = doc or DOCS[0]
    start = doc.text.index(statement)
    span = Span(
        doc_id=doc.id,
        start=start,
        end=start + len(statement),
        text=statement,
        kind=MatchKind.exact,
        score=100,
    )
    return KeyPoint(
        id="p1",
        statement=statement,
        category=Category.product,
        citations=[Citation(doc_id=doc.id, label=1, item_id=f"{doc.id}.f1", span=span)],
        doc_ids=[doc.id],
        corroboration=1,
    )


def test_an_outlet_that_states_the_claim_inside_a_longer_sentence_counts() -> None:
    (found,) = corroborate([point(LEDE)], DOCS, {})
    assert found.corroboration == 2 and found.doc_ids == [DOCS[0].id, DOCS[1].id]
    added = found.citations[-1]
    assert DOCS[1].text[added.span.start : added.span.end] == added.span.text
    assert "Happy Gilmore 2" in added.span.text and "de-age" in added.span.text


def test_naming_the_same_title_without_the_claim_does_not_count() -> None:
    # c.txt names Happy Gilmore 2 but says only when it opens: no word of the claim beside it.
    (found,) = corroborate([point(LEDE)], DOCS, {})
    assert DOCS[2].id not in found.doc_ids


def test_the_same_person_is_no_evidence_of_the_same_claim() -> None:
    claim = "Chief executive Ted Sarandos said AI helps."
    (found,) = corroborate([point(claim)], DOCS, {})
    assert found.corroboration == 1


def test_a_copy_of_an_outlet_already_counted_adds_nothing() -> None:
    (found,) = corroborate([point(LEDE)], DOCS, {DOCS[1].id: DOCS[0].id})
    assert found.corroboration == 1


def test_a_one_word_title_counts_when_an_outlet_prints_it_as_a_title() -> None:
    docs = [
        document_from_text(
            "Netflix and AI\n\nGenerative AI created a collapsing building for the Argentine "
            'series "The Eternaut" in its final shots.\n',
            "a.txt",
            1,
        ),
        document_from_text(
            "Netflix projects\n\nProjects such as ‘The Eternaut’ used AI for final footage "
            "generation of a building.\n",
            "b.txt",
            2,
        ),
        document_from_text(
            "Hollywood\n\nHollywood studios used AI for final footage generation of a building.\n",
            "c.txt",
            3,
        ),
    ]
    claim = point(docs[0].text.split("\n\n")[1].strip(), docs[0])
    (found,) = corroborate([claim], docs, {})
    # "Argentine" only describes the series; the quoted title is the claim's name.
    assert found.doc_ids == [docs[0].id, docs[1].id]


SORA = [
    document_from_text(
        "OpenAI\n\nOpenAI launched Sora 2 without safeguards against videos of actors.\n",
        "a.txt",
        1,
    ),
    document_from_text(
        "Deepfakes\n\nStudios fear deepfake videos of actors made with OpenAI’s Sora and its "
        "missing safeguards.\n",
        "b.txt",
        2,
    ),
]


def test_a_name_without_its_version_number_is_that_version_when_the_story_knows_no_other() -> None:
    claim = point(SORA[0].text.split("\n\n")[1].strip(), SORA[0])
    (found,) = corroborate([claim], SORA, {})
    assert found.doc_ids == [SORA[0].id, SORA[1].id]


def test_a_name_without_its_version_is_not_that_version_when_another_version_is_named() -> None:
    other = document_from_text(
        "Timeline\n\nThe first Sora 1 demo came out a year before.\n", "c.txt", 3
    )
    docs = [*SORA, other]
    claim = point(SORA[0].text.split("\n\n")[1].strip(), SORA[0])
    (found,) = corroborate([claim], docs, {})
    assert found.doc_ids == [SORA[0].id]
