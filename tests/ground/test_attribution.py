"""Who a quotation belongs to: the speaker the document's attribution names, and only inside
quotation marks; when the document does not say, the quote stands unattributed."""

from __future__ import annotations

import pytest

from briefing.schemas import Document, IssueCode, Verdict

from ..grounding import D1, D3, D4, D5, codes, quote


@pytest.mark.parametrize(
    "doc, text",
    [
        (D1, "Great works require great artists."),
        (D4, "We’re all in on it, but here we’re not chasing novelty for novelty’s sake."),
        # "he said", with Cranston named ~240 characters before the quote and Sarandos closer.
        (D4, "We’re not worried about artificial intelligence replacing creativity"),
        (D3, "AI can enhance the overall TV and movie experience"),
    ],
)
def test_swapped_speaker_fails(doc: Document, text: str) -> None:
    checked = quote(doc, "Bryan Cranston", text)
    assert codes(checked) == [IssueCode.speaker_not_near_quote]
    assert checked.verdict == Verdict.partial and not checked.kept


@pytest.mark.parametrize(
    "text",
    [
        'CEO Jane Smith said: "We will grow the business this year."',
        "“We will grow the business this year,” said Jane Smith, the chief executive.",
        "Analyst Jane Smith warned investors. “We will grow the business this year,” she said.",
        "Analyst Jane Smith spoke first. « We will grow the business this year, » Smith said.",
        "CEO Jane Smith was upbeat. “We see demand,” she said. “We will grow the business this "
        "year.”",
    ],
)
def test_attribution_styles(text: str) -> None:
    doc = Document(id="x", label=1, source="-", text=text)
    assert quote(doc, "Jane Smith", "We will grow the business this year").kept
    assert codes(quote(doc, "Bob Jones", "We will grow the business this year")) == [
        IssueCode.speaker_not_near_quote
    ]


def test_a_name_in_the_next_sentence_is_not_the_speaker() -> None:
    # Seed 004: "… avoiding ‘novelty for novelty’s sake’ and … storytelling. This stance comes
    # amidst growing calls from actors and unions like SAG-AFTRA …": SAG-AFTRA did not say it.
    checked = quote(D5, "SAG-AFTRA", "novelty for novelty’s sake")
    assert checked.speaker is None
    text = "“We will grow the business this year.” Jane Smith, a rival, disagreed."
    doc = Document(id="x", label=1, source="-", text=text)
    assert quote(doc, "Jane Smith", "We will grow the business this year").speaker is None


def test_a_quote_the_document_does_not_attribute_stands_unattributed() -> None:
    # A name in the paragraph before is no attribution: the model's speaker is not shown.
    text = "Jane Smith, the chief executive, was upbeat.\n\n“We will grow the business this year.”"
    doc = Document(id="x", label=1, source="-", text=text)
    checked = quote(doc, "Jane Smith", "We will grow the business this year")
    assert checked.kept and checked.speaker is None


def test_pronoun_refers_to_the_person_named_last() -> None:
    text = (
        "Bob Jones, a rival, had criticised the plan. Asked about it, Jane Smith shrugged. "
        "“We will grow the business this year,” she said."
    )
    doc = Document(id="x", label=1, source="-", text=text)
    assert quote(doc, "Jane Smith", "We will grow the business this year").kept
    assert not quote(doc, "Bob Jones", "We will grow the business this year").kept


def test_closer_attribution_beats_a_name_in_the_window() -> None:
    text = (
        "Ted Sarandos spoke first, then the actor took the stage. Bryan Cranston said: “We need "
        "real guardrails for performers.” The room went quiet."
    )
    doc = Document(id="x", label=1, source="-", text=text)
    assert quote(doc, "Bryan Cranston", "We need real guardrails for performers.").kept
    swapped = quote(doc, "Ted Sarandos", "We need real guardrails for performers.")
    assert codes(swapped) == [IssueCode.speaker_not_near_quote]
    assert "Bryan Cranston" in swapped.issues[0].detail


def test_words_outside_quotation_marks_are_not_a_quote() -> None:
    text = "Netflix doesn’t plan to use generative AI as the backbone of its content"
    checked = quote(D4, "Netflix", text)
    assert codes(checked) == [IssueCode.quote_not_in_quotation_marks]
    assert checked.verdict == Verdict.partial


def test_a_name_opening_the_next_sentence_never_confirms_a_speaker() -> None:
    # The mother spoke; the next sentence is about what the authorities say.
    text = (
        "Mary Trent, the girl's mother, was interviewed at home on Friday morning by the local "
        "paper about what had been bought at the store.\n\n"
        "“I don't know what he has done to her.” Authorities said the purchases confirmed "
        "their fears."
    )
    doc = Document(id="x", label=1, source="-", text=text)
    assert quote(doc, "Authorities", "I don't know what he has done to her").speaker is None
    # ...and a name in the quote's own sentence counts.
    same = Document(
        id="y", label=1, source="-", text="“I don't know what he has done,” Trent said."
    )
    assert quote(same, "Mary Trent", "I don't know what he has done").kept
