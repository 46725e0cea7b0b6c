"""The check every sentence written for the top of the brief must pass: it cites items that
exist, and the numbers and names it states are in those items."""

from __future__ import annotations

from briefing.ground.names import unknown_names
from briefing.schemas import Document, Sentence, TopItem
from briefing.text.matching import IndexedText
from briefing.text.numbers import missing_numbers
from briefing.text.words import LETTER_WORD

# Sentence openers that are ordinary words although no source writes them in lower case.
ORDINARY_OPENERS = frozenset({"the", "a", "an", "it", "this", "that"})


class SentenceChecker:
    """Checks sentences against the items they cite, knowing the sources' ordinary words."""

    def __init__(self, docs: list[Document]) -> None:
        self.common = ordinary_words(docs)

    def __call__(self, sentence: Sentence, known: dict[str, TopItem]) -> str:
        return check_sentence(sentence, known, self.common)


def check_sentence(sentence: Sentence, known: dict[str, TopItem], common: frozenset[str]) -> str:
    """Why the sentence cannot be used, or '' when it cites real items that hold its facts."""
    if not sentence.cites:
        return "cites no item"
    unknown = [c for c in sentence.cites if c not in known]
    if unknown:
        return f"cites items that do not exist: {', '.join(unknown)}"
    cited = "\n".join(known[c].text for c in sentence.cites)
    numbers = missing_numbers(sentence.text, [cited])
    if numbers:
        return f"numbers not in the cited items: {', '.join(numbers)}"
    names = unknown_names(IndexedText(cited, "cited"), sentence.text, common)
    if names:
        return f"names not in the cited items: {', '.join(names)}"
    return ""


def ordinary_words(docs: list[Document]) -> frozenset[str]:
    """Words the sources write in lower case somewhere: not names when they open a sentence."""
    words = {w for d in docs for w in LETTER_WORD.findall(d.text) if w[0].islower()}
    return frozenset(w.casefold() for w in words) | ORDINARY_OPENERS
