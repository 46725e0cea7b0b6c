"""Names in a statement must be in the document; ordinary capitalized words are not names."""

from __future__ import annotations

import pytest

from briefing.ground.names import unknown_names
from briefing.schemas import Document, IssueCode
from briefing.text.matching import IndexedText

from ..grounding import D4, codes, fact


def test_name_not_in_document_fails() -> None:
    evidence = "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion"
    checked = fact(D4, "Netflix, unlike Disney, grew revenue 17%.", evidence)
    assert codes(checked) == [IssueCode.entity_not_in_source]
    assert "Disney" in checked.issues[0].detail
    checked = fact(D4, "Netflix co-CEO Greg Peters said revenue grew 17%.", evidence)
    assert codes(checked) == [IssueCode.entity_not_in_source] * 2


@pytest.mark.parametrize(
    "statement",
    [
        "Netflix CEO Ted Sarandos said AI can give creators better TV tools.",
        "Netflix Chief Executive Ted Sarandos spoke on Tuesday about Generative AI.",
        "In October, Netflix said SAG-AFTRA and Bryan Cranston want guardrails.",
        "Netflix used AI in Argentina's The Eternaut.",  # the text says "Argentinian"
        "OpenAI's Sora 2 worried Hollywood: The debate grew.",
    ],
)
def test_ordinary_capitalized_words_are_not_flagged(statement: str) -> None:
    assert unknown_names(IndexedText(D4.text, D4.id), statement) == []


def test_a_name_only_written_with_a_possessive_is_known() -> None:
    doc = Document(id="x", label=1, source="-", text="OpenAI’s Sora’s launch worried actors.")
    assert fact(doc, "Actors feared Sora.", "OpenAI’s Sora’s launch worried actors.").kept
    assert not fact(doc, "Actors feared Veo.", "OpenAI’s Sora’s launch worried actors.").kept
