"""The brief's title, bottom line and "why it matters", built only from merged, grounded items.

Offline, the bottom line is the best-corroborated points as their sources wrote them. With a
model, the model writes it from the items, and code checks each sentence before it is used.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from pydantic import ValidationError

from briefing.grounding import unknown_names
from briefing.llm import ModelClient, ModelError, parse_json
from briefing.numbers import missing_numbers
from briefing.prompting import MAX_BOTTOM_LINE, MAX_WHY, synthesis_messages
from briefing.render import labels
from briefing.schemas import (
    Citation,
    Document,
    DroppedSentence,
    FigureRow,
    KeyPoint,
    QuoteRow,
    Sentence,
    Synthesis,
)
from briefing.terms import content_stems
from briefing.textmatch import IndexedText

log = logging.getLogger(__name__)

BOTTOM_LINE_POINTS = 2
MAX_ITEMS = 40


def bottom_line(points: list[KeyPoint], total: int) -> list[str]:
    """The best-corroborated points, each as its source wrote it, with how many carry it."""
    lines = []
    for p in points[:BOTTOM_LINE_POINTS]:
        lines.append(f"{p.statement} {labels(p.citations)} ({p.corroboration} of {total} sources)")
    return lines


def title(docs: list[Document], points: list[KeyPoint]) -> str:
    """The source headline that shares most with the brief's key points."""
    titled = [d for d in docs if d.title]
    if not titled:
        return points[0].statement if points else "Brief"
    weight = Counter(t for p in points for t in set(content_stems(p.statement)) for _ in p.doc_ids)
    best = max(titled, key=lambda d: sum(weight[t] for t in set(content_stems(d.title or ""))))
    return best.title or "Brief"


@dataclass
class Item:
    """A grounded item offered to the model, under an id its sentences can cite."""

    id: str
    kind: str
    text: str
    sources: int
    citations: list[Citation]


@dataclass
class Written:
    """The top of the brief, who wrote it, and the model's sentences that failed their check."""

    bottom_line: list[str]
    why_it_matters: list[str]
    written_by: str
    dropped: list[DroppedSentence]


def items_for_synthesis(
    points: list[KeyPoint], figures: list[FigureRow], quotes: list[QuoteRow]
) -> list[Item]:
    """Key points (p…), figures (n…) and quotes (q…), best supported first, capped."""
    items = [Item(p.id, "point", p.statement, p.corroboration, p.citations) for p in points]
    for n, f in enumerate(figures, 1):
        text = f"{f.value}: {f.measures}" + (f" ({f.change})" if f.change else "")
        items.append(Item(f"n{n}", "figure", text, f.corroboration, f.citations))
    for n, q in enumerate(quotes, 1):
        who = f"{q.speaker}, {q.role}" if q.role else q.speaker
        items.append(Item(f"q{n}", "quote", f"{who}: “{q.text}”", q.corroboration, q.citations))
    items.sort(key=lambda i: -i.sources)
    return items[:MAX_ITEMS]


def write_top(
    client: ModelClient,
    points: list[KeyPoint],
    figures: list[FigureRow],
    quotes: list[QuoteRow],
    docs: list[Document],
) -> Written:
    """The model's bottom line and why-it-matters, each sentence checked; offline if none hold."""
    multi = [p for p in points if p.corroboration > 1]
    offline = bottom_line(multi or points, len(docs))
    items = items_for_synthesis(points, figures, quotes)
    if not items:
        return Written(offline, [], "offline: there were no grounded items to write from", [])
    try:
        synthesis = _ask(client, items, len(docs))
    except (ModelError, ValueError) as e:
        log.warning("the model's bottom line could not be used (%s); using the offline one", e)
        return Written(offline, [], f"offline: the model's reply could not be used ({e})", [])
    known = {i.id: i for i in items}
    common = _ordinary_words(docs)
    dropped: list[DroppedSentence] = []
    sections: dict[str, list[str]] = {}
    for section, sentences, cap in (
        ("bottom_line", synthesis.bottom_line, MAX_BOTTOM_LINE),
        ("why_it_matters", synthesis.why_it_matters, MAX_WHY),
    ):
        kept: list[str] = []
        for s in sentences:
            reason = check_sentence(s, known, common)
            if reason:
                dropped.append(DroppedSentence(section=section, text=s.text, reason=reason))
            elif len(kept) < cap:
                cited = [c for cid in s.cites for c in known[cid].citations]
                kept.append(f"{s.text.strip()} {labels(cited)}")
        sections[section] = kept
    if not sections["bottom_line"]:
        reason = "offline: no sentence the model wrote passed the check"
        return Written(offline, sections["why_it_matters"], reason, dropped)
    return Written(sections["bottom_line"], sections["why_it_matters"], "model", dropped)


def _ask(client: ModelClient, items: list[Item], total: int) -> Synthesis:
    offered = [vars(i) | {"citations": None} for i in items]
    reply = client.complete(synthesis_messages(offered, total), Synthesis)
    if reply.refusal:
        raise ValueError("the model refused")
    if reply.finish_reason == "length":
        raise ValueError("the reply was cut off (finish_reason=length)")
    try:
        return Synthesis.model_validate(parse_json(reply.content or ""))
    except ValidationError as e:
        raise ValueError(f"the reply does not fit the schema ({e.error_count()} errors)") from None


def check_sentence(sentence: Sentence, known: dict[str, Item], common: frozenset[str]) -> str:
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


def _ordinary_words(docs: list[Document]) -> frozenset[str]:
    """Words the sources write in lower case somewhere: not names when they open a sentence."""
    words = {w for d in docs for w in re.findall(r"\w[\w’'-]*", d.text) if w[0].islower()}
    return frozenset(w.casefold() for w in words) | {"the", "a", "an", "it", "this", "that"}
