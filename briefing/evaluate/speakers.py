"""Score the speakers a brief shows against annotated quotations: precision and recall.

An annotation names a document, where the quotation sits in it (or its words), the speaker as
the article gives them (None when it does not say) and other names for them. Every quote row
citation of the brief that covers an annotated quotation is judged once: right when its speaker
is the annotated one, wrong when it names someone else or the article names no one. A quotation
inside another one the citation covers ("'Let's try this,' he'd say," she said) is not judged
against it: the citation shows the outer speaker's words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from briefing.schemas import Brief, Document
from briefing.text.attribution import same_speaker


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quotation: where it is, and who said it (None: the article does not say)."""

    source: str  # the document's file name
    start: int
    end: int
    speaker: str | None
    aliases: tuple[str, ...] = ()

    def said_by(self, name: str) -> bool:
        names = (self.speaker, *self.aliases) if self.speaker else ()
        return any(same_speaker(name, n) for n in names if n)


@dataclass
class SpeakerScores:
    """What the brief's speakers came to, with each wrong one for reading."""

    judged: int = 0
    right: int = 0
    named_in_source: int = 0
    recalled: int = 0
    unattributed: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.judged if self.judged else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.named_in_source if self.named_in_source else 1.0

    def add(self, other: SpeakerScores) -> None:
        self.judged += other.judged
        self.right += other.right
        self.named_in_source += other.named_in_source
        self.recalled += other.recalled
        self.unattributed += other.unattributed
        self.wrong += other.wrong

    def lines(self) -> list[str]:
        return [
            f"speakers right         {self.right}/{self.judged} "
            f"(precision {100 * self.precision:.1f}%)",
            f"named speakers shown   {self.recalled}/{self.named_in_source} "
            f"(recall {100 * self.recall:.1f}%)",
            f"shown unattributed     {self.unattributed}",
        ]


def load_quotes(path: str | Path, docs: list[Document]) -> list[GoldQuote]:
    """Annotations in the seeds-quotes form (`file`, `quote`, `speaker`, `aliases`), placed in
    the documents they name; quotations not found in a document are skipped."""
    by_name = {Path(d.source).name: d for d in docs}
    gold = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc = by_name.get(row["file"])
        at = doc.text.find(row["quote"]) if doc else -1
        if doc is None or at < 0:
            continue
        gold.append(
            GoldQuote(
                Path(doc.source).name,
                at,
                at + len(row["quote"]),
                row.get("speaker"),
                tuple(row.get("aliases") or ()),
            )
        )
    return gold


def score_speakers(brief: Brief, gold: list[GoldQuote]) -> SpeakerScores:
    """Judge every quote citation of the brief that covers an annotated quotation."""
    sources = {d.id: Path(d.source).name for d in brief.sources}
    scores = SpeakerScores(named_in_source=sum(g.speaker is not None for g in gold))
    judged: set[tuple[int, str | None]] = set()
    recalled: set[int] = set()
    for row in brief.quotes:
        for c in row.citations:
            for n, g in _covered(gold, sources.get(c.doc_id), c.span.start, c.span.end):
                if row.speaker is None:
                    scores.unattributed += (n, None) not in judged
                    judged.add((n, None))
                    continue
                if (n, row.speaker) in judged:
                    continue
                judged.add((n, row.speaker))
                scores.judged += 1
                if g.said_by(row.speaker):
                    scores.right += 1
                    recalled.add(n)
                else:
                    scores.wrong.append(
                        f"{g.source}: {c.span.text[:60]!r} shown as {row.speaker!r}, "
                        f"the article says {g.speaker!r}"
                    )
    scores.recalled = len(recalled)
    return scores


def _covered(
    gold: list[GoldQuote], source: str | None, start: int, end: int
) -> list[tuple[int, GoldQuote]]:
    """The annotated quotations the span covers, by index; one quoted inside another that it
    also covers is left out: the span shows the outer speaker reporting the inner's words."""
    hit = [(n, g) for n, g in enumerate(gold) if g.source == source and _overlap(g, start, end)]
    return [
        (n, g)
        for n, g in hit
        if not any(o is not g and o.start <= g.start and g.end <= o.end for _, o in hit)
    ]


def _overlap(g: GoldQuote, start: int, end: int) -> bool:
    return min(g.end, end) - max(g.start, start) > 0
