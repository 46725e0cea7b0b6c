"""Checks on the model's sentences at the top of the brief: numbers, names and citations."""

from __future__ import annotations

import pytest

from briefing.ground.top import check_sentence
from briefing.schemas import Sentence, TopItem, TopItemKind

KNOWN = {
    "p1": TopItem(
        id="p1",
        kind=TopItemKind.point,
        text="Revenue rose 17% to $11.5 billion at Netflix.",
        sources=3,
        citations=[],
    ),
    "q1": TopItem(
        id="q1",
        kind=TopItemKind.quote,
        text="Ted Sarandos, CEO: “Great works require great artists”",
        sources=2,
        citations=[],
    ),
}
COMMON = frozenset({"revenue", "the", "analysts"})


@pytest.mark.parametrize(
    ("text", "cites", "reason"),
    [
        ("Netflix revenue rose 17% to $11.5 billion.", ["p1"], ""),
        ("Analysts note Netflix grew 17%.", ["p1"], ""),
        ("Netflix revenue rose 18%.", ["p1"], "numbers not in the cited items: 18%"),
        ("Revenue rose 17%, Disney said.", ["p1"], "names not in the cited items: Disney"),
        ("Disney grew 17%.", ["p1"], "names not in the cited items: Disney"),
        ("Ted Sarandos praised artists.", ["p1"], "names not in the cited items: Ted, Sarandos"),
        ("Ted Sarandos praised artists.", ["q1"], ""),
        ("Revenue rose 17%.", ["p9"], "cites items that do not exist: p9"),
        ("Revenue rose.", [], "cites no item"),
    ],
)
def test_each_model_sentence_is_checked(text: str, cites: list[str], reason: str) -> None:
    assert check_sentence(Sentence(text=text, cites=cites), KNOWN, COMMON) == reason
