"""The sources as the checker searches them: sentences with their stems, rarity weights, and
each document's matcher and attribution, built once per check."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from briefing.check.models import Evidence
from briefing.check.wording import Wording
from briefing.schemas import Document
from briefing.text.attribution import Speakers
from briefing.text.matching import IndexedText
from briefing.text.numbers import Number, numbers_in
from briefing.text.sentences import sentences
from briefing.text.words import LETTER_WORD, content_stems

# A passage supports a unit when it has this share of the unit's content words, weighted by
# rarity. Set on the seeds and a Multi-News cluster by hand-written paraphrases (tests/check):
# true paraphrases of one source sentence reach 0.5-0.9; sentences no source makes, 0.1-0.35.
SUPPORT_MIN = 0.45
# Above this a unit with nothing code can verify (no number, quote or name) is still supported:
# most of its wording, rare words included, is in one passage.
WORDING_MIN = 0.7
# What comes closest to a unit nothing supports, shown (and given to --judge) as context.
NEAREST_MIN = 0.25
# A second adjacent sentence joins the passage only when it adds this much coverage.
PAIR_GAIN = 0.15
MAX_EVIDENCE = 3


def _better(found: tuple[float, int, int], best: tuple[float, int, int] | None) -> bool:
    """More coverage, or as much in fewer sentences."""
    if best is None or found[0] != best[0]:
        return best is None or found[0] > best[0]
    return found[2] - found[1] < best[2] - best[1]


@dataclass(frozen=True)
class Passage:
    doc: Document
    start: int
    end: int
    stems: frozenset[str]


class SourceIndex:
    """Every sentence of every source, found by the content words it shares with a unit."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self.passages: list[Passage] = []
        for doc in docs:
            for s in sentences(doc.text):
                self.passages.append(Passage(doc, s.start, s.end, frozenset(content_stems(s.text))))
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.passages):
            for w in sorted(p.stems):
                self._postings[w].append(i)
        total = max(len(self.passages), 1)
        self._unseen = math.log(1 + total)
        self._numbers: dict[int, list[Number]] = {}
        self._idf = {w: math.log(1 + total / len(ids)) for w, ids in self._postings.items()}

    @cached_property
    def indexes(self) -> dict[str, IndexedText]:
        return {d.id: IndexedText(d.text, d.id) for d in self.docs}

    @cached_property
    def wordings(self) -> dict[str, Wording]:
        return {d.id: Wording(d.text) for d in self.docs}

    @cached_property
    def speakers(self) -> dict[str, Speakers]:
        return {d.id: Speakers.of(d.text) for d in self.docs}

    @cached_property
    def capitalized(self) -> list[str]:
        """Every capitalized word of the sources, sorted: where a near spelling is looked up."""
        words = {w for d in self.docs for w in LETTER_WORD.findall(d.text) if w[:1].isupper()}
        return sorted(words)

    @cached_property
    def people(self) -> list[str]:
        """Everyone the sources name as a person (with a role or a speech verb)."""
        return sorted({p for d in self.docs for p in self.speakers[d.id].people})

    def numbers(self, i: int) -> list[Number]:
        """The numbers of passage i, spelled-out ones too, worked out once."""
        if i not in self._numbers:
            p = self.passages[i]
            self._numbers[i] = numbers_in(p.doc.text[p.start : p.end], spelled=True)
        return self._numbers[i]

    @cached_property
    def whole(self) -> IndexedText:
        """All sources as one text, for "does any source use this word": their titles, outlets
        and authors too, as a brief may name where it read something."""
        meta = [m for d in self.docs for m in (d.title, d.outlet, d.author) if m]
        return IndexedText("\n\n".join([*meta, *(d.text for d in self.docs)]))

    def weight(self, stem: str) -> float:
        return self._idf.get(stem, self._unseen)

    def coverage(self, unit_stems: frozenset[str], passage_stems: frozenset[str]) -> float:
        # fsum: exactly rounded, so the order a set of stems is walked in changes nothing
        total = math.fsum(self.weight(w) for w in unit_stems)
        if not total:
            return 0.0
        return math.fsum(self.weight(w) for w in unit_stems & passage_stems) / total

    def support(self, text: str, minimum: float = SUPPORT_MIN) -> list[Evidence]:
        """The best passage of each source for the text (a sentence, or two adjacent ones),
        best first, those with at least `minimum` coverage, at most MAX_EVIDENCE."""
        stems = frozenset(content_stems(text))
        best: dict[str, tuple[float, int, int]] = {}
        for i in sorted({i for w in stems for i in self._postings.get(w, ())}):
            found = self._passage_at(stems, i)
            doc_id = self.passages[i].doc.id
            if found[0] >= minimum and _better(found, best.get(doc_id)):
                best[doc_id] = found
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self._label(kv[0])))
        return [self._evidence(doc_id, *found) for doc_id, found in ranked[:MAX_EVIDENCE]]

    def _passage_at(self, stems: frozenset[str], i: int) -> tuple[float, int, int]:
        """(coverage, first, last) for sentence i alone or with its neighbour in the same doc."""
        one = self.coverage(stems, self.passages[i].stems)
        best = (one, i, i)
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.passages) and self.passages[j].doc is self.passages[i].doc:
                pair = self.coverage(stems, self.passages[i].stems | self.passages[j].stems)
                if pair >= one + PAIR_GAIN and pair > best[0]:
                    best = (pair, min(i, j), max(i, j))
        return best

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.docs}

    def _label(self, doc_id: str) -> int:
        return self.by_id[doc_id].label

    def _evidence(self, doc_id: str, coverage: float, first: int, last: int) -> Evidence:
        a, b = self.passages[first], self.passages[last]
        return Evidence.of(a.doc, a.start, b.end, round(coverage, 3))

    def passages_with(self, doc: Document, start: int, end: int) -> Evidence:
        """The sentence(s) of doc around [start, end), as evidence with no coverage figure."""
        inside = [p for p in self.passages if p.doc is doc and p.start < end and start < p.end]
        if not inside:
            return Evidence.of(doc, start, end)
        return Evidence.of(doc, inside[0].start, inside[-1].end)
