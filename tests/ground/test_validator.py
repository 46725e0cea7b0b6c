"""The validator on the real seed articles: true items pass, adversarial ones fail with a code."""

from __future__ import annotations

import pytest

from briefing.ground.validator import check_figure, ground_document
from briefing.schemas import (
    Category,
    Document,
    Entity,
    EntityType,
    Extraction,
    Fact,
    Figure,
    IssueCode,
    MatchKind,
    Quote,
    Verdict,
)
from briefing.text.matching import IndexedText

from ..grounding import (
    D1,
    D2,
    D3,
    D4,
    D5,
    S1_STORYTELLER,
    assert_spans,
    codes,
    entity,
    fact,
    figure,
    quote,
)

# --- facts ----------------------------------------------------------------------------------


def test_fact_with_numbers_written_differently_is_grounded() -> None:
    checked = fact(
        D4,
        "Netflix's quarterly revenue rose 17 percent year over year to $11.5bn.",
        "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion",
    )
    assert checked.verdict == Verdict.grounded and checked.kept
    assert checked.spans[0].kind == MatchKind.exact


def test_changed_digit_in_statement_fails() -> None:
    checked = fact(
        D4,
        "Netflix's quarterly revenue rose 18% to $11.5 billion.",
        "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion",
    )
    assert checked.verdict == Verdict.partial and not checked.kept
    assert codes(checked) == [IssueCode.number_not_in_evidence]
    assert "18%" in checked.issues[0].detail


def test_changed_digit_in_evidence_is_located_but_never_accepted() -> None:
    checked = fact(
        D4,
        "Netflix's quarterly revenue rose 17% to $12.5 billion.",
        "Netflix’s quarterly revenue rose 17% year-over-year to $12.5 billion, although that was "
        "below the company’s forecast.",
    )
    # Located, with the change shown, but partial: never kept, and its span is the document's.
    assert checked.verdict == Verdict.partial and not checked.kept
    assert codes(checked) == [IssueCode.excerpt_altered, IssueCode.number_not_in_evidence]
    assert "'$12.5' for '$11.5'" in checked.issues[0].detail
    assert "$11.5 billion" in checked.spans[0].text and "$12.5" not in checked.spans[0].text
    assert_spans(D4, checked)


def test_number_absent_from_evidence_fails() -> None:
    checked = fact(
        D4,
        "Netflix's revenue reached $11.5 billion in 2025.",
        "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion",
    )
    assert codes(checked) == [IssueCode.number_not_in_evidence]
    assert "2025" in checked.issues[0].detail


def test_a_substituted_word_is_located_and_shown_not_accepted() -> None:
    checked = fact(
        D4,
        "Netflix's quarterly profit rose 17%.",
        "Netflix’s quarterly profit rose 17% year-over-year to $11.5 billion",
    )
    assert checked.verdict == Verdict.partial and not checked.kept
    assert codes(checked) == [IssueCode.excerpt_altered]
    assert "'profit' for 'revenue'" in checked.issues[0].detail
    assert (
        checked.spans[0].text
        == "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion"
    )


def test_evidence_from_another_outlet_is_not_found() -> None:
    storyteller = fact(D4, "Sarandos said AI won't make you a storyteller.", S1_STORYTELLER)
    assert storyteller.verdict == Verdict.ungrounded
    assert codes(storyteller) == [IssueCode.evidence_not_found]
    bullet = "17% revenue growth to $11.5 billion this quarter (though below expectations)"
    assert fact(D1, "Revenue grew 17% to $11.5 billion.", bullet).kept
    revenue = fact(D4, "Revenue grew 17% to $11.5 billion.", bullet)
    assert codes(revenue) == [IssueCode.evidence_not_found]


def test_partial_excerpt_with_invented_tail_fails() -> None:
    checked = fact(
        D4,
        "Revenue rose 17%.",
        "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion, although that was "
        "below the company’s forecast, and analysts cut their price targets.",
    )
    assert checked.verdict == Verdict.partial and not checked.kept
    assert codes(checked) == [IssueCode.excerpt_altered]
    assert "'and analysts cut their price targets' added" in checked.issues[0].detail


def test_one_excerpt_found_one_not_is_partial() -> None:
    checked = fact(
        D4,
        "Netflix's revenue rose 17%.",
        "Netflix’s quarterly revenue rose 17% year-over-year",
        "Netflix shares jumped 10% after hours",
    )
    assert checked.verdict == Verdict.partial
    assert len(checked.spans) == 1
    assert codes(checked) == [IssueCode.evidence_not_found]


def test_fact_without_evidence_is_ungrounded() -> None:
    checked = fact(D4, "Netflix is all in on AI.")
    assert checked.verdict == Verdict.ungrounded
    assert codes(checked) == [IssueCode.evidence_missing]


def test_evidence_across_a_line_break_and_quote_styles() -> None:
    checked = fact(
        D2,
        "Sarandos said Netflix is confident AI will help creative partners.",
        "Sarandos added, \"We're confident AI will help our creative partners tell stories",
    )
    assert checked.kept
    assert checked.spans[0].kind == MatchKind.normalized
    assert "\n\n“" in checked.spans[0].text


def test_typo_in_evidence_is_fuzzy_and_kept() -> None:
    checked = fact(
        D4,
        "Revenue was below Netflix's forecast.",
        "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion, although that was "
        "below the company’s forcast.",
    )
    assert checked.kept
    assert checked.spans[0].kind == MatchKind.fuzzy
    assert 90 < checked.spans[0].score < 100


# --- quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc, speaker, text",
    [
        (D1, "Ted Sarandos", "Great works require great artists."),
        (D1, "Sarandos", "We are fully committed, but not for novelty's sake."),
        (D2, "Netflix", "very well positioned to effectively leverage ongoing advances in AI"),
        (D2, "Ted Sarandos", S1_STORYTELLER),
        (D3, "Netflix", "significant opportunity"),
        (D3, "Ted Sarandos", "We’re not worried about AI replacing creativity."),
        (D4, "Netflix", "very well positioned to effectively leverage ongoing advances in AI."),
        (D4, "Ted Sarandos", "It takes a great artist to make something great,"),
        (
            D4,
            "Ted Sarandos",
            "We’re all in on it, but here we’re not chasing novelty for novelty’s sake.",
        ),
        (
            D4,
            "Ted Sarandos",
            "We’re not worried about artificial intelligence replacing creativity",
        ),
        (
            D5,
            "Ted Sarandos",
            "helps our creative partners tell stories better, faster, and in new ways.",
        ),
    ],
)
def test_true_quotes_are_grounded(doc: Document, speaker: str, text: str) -> None:
    checked = quote(doc, speaker, text)
    assert checked.issues == []
    assert checked.verdict == Verdict.grounded
    assert checked.spans[0].kind in (MatchKind.exact, MatchKind.normalized)


def test_quote_with_one_word_changed_is_not_verbatim() -> None:
    checked = quote(D4, "Ted Sarandos", "It takes a great artist to make something wonderful,")
    assert checked.verdict == Verdict.ungrounded
    assert codes(checked) == [IssueCode.quote_not_verbatim]
    nearest = checked.issues[0].nearest
    assert nearest is not None and "something great" in nearest.text


def test_quote_with_a_typo_is_not_verbatim_even_if_fuzzy_would_match() -> None:
    checked = quote(
        D4, "Ted Sarandos", "We are confident that AI will help us and help our creative partnres"
    )
    assert codes(checked) == [IssueCode.quote_not_verbatim]


def test_quote_from_another_outlet_is_not_verbatim() -> None:
    checked = quote(D4, "Ted Sarandos", S1_STORYTELLER)
    assert codes(checked) == [IssueCode.quote_not_verbatim]


def test_quote_prefers_the_occurrence_inside_quotation_marks() -> None:
    text = 'Great artists matter. Later, Ted Sarandos said: "Great artists matter." That was it.'
    doc = Document(id="x", label=1, source="-", text=text)
    checked = quote(doc, "Ted Sarandos", "Great artists matter.")
    assert checked.kept
    assert checked.spans[0].start == text.index('"') + 1


# --- figures ----------------------------------------------------------------------------------


def test_a_figure_must_be_a_number() -> None:
    doc = Document(id="x", label=1, source="-", text="The entertainment industry is divided.")
    words = Figure(
        value="The entertainment industry",
        measures="industry",
        change=None,
        evidence="The entertainment industry is divided.",
    )
    # The words are in the evidence: what is wrong is that they are not a number.
    assert codes(check_figure(IndexedText(doc.text, "x"), doc, words, "x.n1")) == [
        IssueCode.value_not_a_number
    ]
    doc = Document(id="y", label=1, source="-", text="Revenue rose for three quarters.")
    three = words.model_copy(
        update={"value": "three", "evidence": "Revenue rose for three quarters."}
    )
    assert check_figure(IndexedText(doc.text, "y"), doc, three, "y.n1").kept


def test_figure_is_grounded_with_scale_written_differently() -> None:
    evidence = "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion"
    checked = figure(D4, "$11.5bn", "quarterly revenue", "up 17 percent year over year", evidence)
    assert checked.kept and checked.issues == []


def test_figure_with_wrong_value_fails() -> None:
    evidence = "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion"
    checked = figure(D4, "$11.5 million", "quarterly revenue", None, evidence)
    assert codes(checked) == [IssueCode.value_not_in_evidence]


def test_figure_with_wrong_change_fails() -> None:
    evidence = "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion"
    checked = figure(D4, "$11.5 billion", "quarterly revenue", "up 18%", evidence)
    assert codes(checked) == [IssueCode.number_not_in_evidence]


def test_figure_whose_evidence_is_not_in_the_document_fails() -> None:
    checked = figure(D3, "80%", "watched content", None, "drives 85% of watched content hours")
    assert checked.verdict == Verdict.partial and not checked.kept
    assert codes(checked) == [IssueCode.excerpt_altered]
    assert "'85%' for '80%'" in checked.issues[0].detail


def test_figure_with_plus_and_year() -> None:
    evidence = "which led a historic 100+ day actors’ strike in 2023"
    assert figure(D3, "100+", "days the 2023 strike lasted", None, evidence).kept


# --- entities ---------------------------------------------------------------------------------


def test_entity_in_document_with_alias() -> None:
    checked = entity(D4, "Ted Sarandos", "Sarandos")
    assert checked.kept
    assert checked.spans[0].text == "Ted Sarandos"
    assert checked.spans[0].start == D4.text.index("Ted Sarandos")


def test_entity_not_in_document_fails() -> None:
    checked = entity(D4, "Reed Hastings")
    assert checked.verdict == Verdict.ungrounded
    assert codes(checked) == [IssueCode.entity_not_in_source]


def test_entity_alias_not_in_document_is_partial() -> None:
    checked = entity(D4, "OpenAI", "Open AI")
    assert checked.verdict == Verdict.partial
    assert codes(checked) == [IssueCode.entity_not_in_source]


def test_entity_names_are_not_matched_fuzzily() -> None:
    # Seed 003 misspells the show as "Binlionaires’ Bunker".
    assert not entity(D4, "Billionaires’ Bunker").kept
    assert entity(D4, "binlionaires' bunker").spans[0].kind == MatchKind.normalized


# --- whole documents ----------------------------------------------------------------------------


def test_ground_document_ids_order_and_spans() -> None:
    extraction = Extraction(
        headline="Netflix goes all in on generative AI",
        summary="Netflix embraces generative AI.",
        facts=[
            Fact(
                statement="Revenue rose 17% to $11.5 billion.",
                evidence=["Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion"],
                category=Category.financial,
            ),
            Fact(
                statement="Revenue rose 18%.",
                evidence=["revenue rose 17%"],
                category=Category.financial,
            ),
        ],
        quotes=[
            Quote(
                speaker="Ted Sarandos",
                role="CEO",
                text="It takes a great artist to make something great,",
            ),
            Quote(
                speaker="Bryan Cranston",
                role="actor",
                text="It takes a great artist to make something great,",
            ),
        ],
        figures=[
            Figure(
                value="17%",
                measures="revenue growth",
                change=None,
                evidence="quarterly revenue rose 17% year-over-year",
            )
        ],
        entities=[
            Entity(name="Netflix", type=EntityType.organization, aliases=[]),
            Entity(name="Reed Hastings", type=EntityType.person, aliases=[]),
        ],
    )
    grounded = ground_document(D4, extraction)
    assert grounded.doc_id == "d4"
    assert [c.id for c in grounded.all_items()] == [
        "d4.f1", "d4.f2", "d4.q1", "d4.q2", "d4.n1", "d4.e1", "d4.e2",
    ]  # fmt: skip
    assert [c.kept for c in grounded.all_items()] == [True, False, True, False, True, True, False]
    for checked in grounded.all_items():
        assert checked.doc_id == "d4"
        assert_spans(D4, checked)


def test_a_quotation_printed_twice_and_read_twice_is_cited_at_each_printing() -> None:
    text = (
        'Jane Doe said: "We will rebuild the bridge by spring."\n\n'
        "The council met on Monday to discuss the budget.\n\n"
        'Doe repeated the pledge at the meeting. "We will rebuild the bridge by spring," '
        "she said."
    )
    doc = Document(id="d1", label=1, source="-", text=text)
    said = Quote(speaker="Jane Doe", role=None, text="We will rebuild the bridge by spring")
    extraction = Extraction(
        headline="Bridge", summary="Bridge.", facts=[], quotes=[said, said], figures=[], entities=[]
    )
    grounded = ground_document(doc, extraction)
    starts = [c.spans[0].start for c in grounded.quotes]
    assert [c.speaker for c in grounded.quotes] == ["Jane Doe", "Jane Doe"]
    assert starts == [text.find("We will"), text.rfind("We will")]
