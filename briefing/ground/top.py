"""The check every sentence written for the top of the brief must pass: it cites items that
exist, the numbers and names it states are in those items, and no number it states is one that
a single outlet reports against what the others say."""

from __future__ import annotations

from briefing.ground.names import unknown_names
from briefing.schemas import Disagreement, Document, FigureRow, Position, Sentence, TopItem
from briefing.text.matching import IndexedText
from briefing.text.numbers import missing_numbers, numbers_in
from briefing.text.words import LETTER_WORD

# Sentence openers that are ordinary words although no source writes them in lower case.
ORDINARY_OPENERS = frozenset({"the", "a", "an", "it", "this", "that"})


class SentenceChecker:
    """Checks sentences against the items they cite, knowing the sources' ordinary words and
    the figures that one outlet reports against the rest."""

    def __init__(
        self,
        docs: list[Document],
        figures: list[FigureRow] | None = None,
        disagreements: list[Disagreement] | None = None,
    ) -> None:
        self.common = ordinary_words(docs)
        self.contested = contested_values(figures or [], disagreements or [])

    def __call__(self, sentence: Sentence, known: dict[str, TopItem]) -> str:
        return check_sentence(sentence, known, self.common) or self._contested(sentence)

    def _contested(self, sentence: Sentence) -> str:
        for value, why in self.contested.items():
            if numbers_in(value) and not missing_numbers(value, [sentence.text]):
                return f"states {value}, which {why}"
        return ""


def contested_values(figures: list[FigureRow], disagreements: list[Disagreement]) -> dict[str, str]:
    """Values that one outlet alone reports for a measure the other outlets give otherwise,
    with why they may not be stated as fact."""
    out: dict[str, str] = {}
    outlets = value_outlets(figures)
    for d in disagreements:
        counts = [(position_outlets(p, outlets), p) for p in d.positions]
        for n, p in counts:
            rivals = [(m, q) for m, q in counts if q.text != p.text and m >= n]
            if n == 1 and rivals:
                m, q = max(rivals, key=lambda r: r[0])
                others = f"{m} outlets report" if m > 1 else "another outlet reports"
                out[p.text] = f"only [{p.citation.label}] reports for {d.about}; {others} {q.text}"
    return out


def value_outlets(figures: list[FigureRow]) -> dict[tuple[str, str], int]:
    """For each (value, document) the figure rows hold, the most outlets a row gives it."""
    out: dict[tuple[str, str], int] = {}
    for f in figures:
        for c in f.citations:
            key = (f.value, c.doc_id)
            out[key] = max(out.get(key, 0), f.corroboration)
    return out


def position_outlets(position: Position, outlets: dict[tuple[str, str], int]) -> int:
    """How many outlets report a disputed value: those of the figure row that holds it."""
    return outlets.get((position.text, position.citation.doc_id), 1)


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
