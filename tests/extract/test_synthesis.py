"""A sentence the model writes for the top is credited to the items that carry its numbers,
not to everything it cites."""

from __future__ import annotations

from briefing.extract.synthesis import supporting
from briefing.schemas import Sentence, TopItem, TopItemKind


def item(item_id: str, text: str, sources: int) -> TopItem:
    return TopItem(id=item_id, kind=TopItemKind.point, text=text, sources=sources, citations=[])


KNOWN = {
    "p1": item("p1", "Revenue rose 17% to $11.5 billion in the quarter.", 4),
    "p2": item("p2", "Netflix says AI will help its creative partners.", 5),
    "p3": item("p3", "Revenue was $50 billion.", 1),
}


def test_a_number_rests_on_the_items_that_carry_it() -> None:
    sentence = Sentence(text="Revenue was $50 billion.", cites=["p1", "p2", "p3"])
    assert supporting(sentence, KNOWN) == ["p3"]
    both = Sentence(text="Revenue rose 17% to $11.5 billion.", cites=["p2", "p1"])
    assert supporting(both, KNOWN) == ["p1"]


def test_a_sentence_without_numbers_rests_on_what_it_cites() -> None:
    sentence = Sentence(text="Netflix is all in on AI tools.", cites=["p2", "p1"])
    assert supporting(sentence, KNOWN) == ["p2", "p1"]
