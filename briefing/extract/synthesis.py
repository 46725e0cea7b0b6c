"""The model engine's top of the brief: the model writes the bottom line and "why it matters"
from the merged, grounded items, and every sentence must pass the check before it is used.

When no bottom-line sentence passes, or the model's reply cannot be used, the offline bottom
line stands, and the brief says why.
"""

from __future__ import annotations

import logging

from briefing.extract import messages
from briefing.extract.engine import Material, SentenceCheck, Top
from briefing.extract.top import lead_sentences
from briefing.model.client import ModelClient, ModelError
from briefing.model.structured import UnusableReply, ask
from briefing.schemas import (
    DroppedSentence,
    Sentence,
    Synthesis,
    TopItem,
    TopItemKind,
    TopSection,
    TopSentence,
    Writer,
)
from briefing.text.numbers import missing_numbers, numbers_in

log = logging.getLogger(__name__)

MAX_ITEMS = 40  # the best-supported items offered; more would dilute the prompt


def offered_items(material: Material) -> list[TopItem]:
    """Key points (p…), figures (n…) and quotes (q…), best supported first, capped."""
    items = [
        TopItem(
            id=p.id,
            kind=TopItemKind.point,
            text=p.statement,
            sources=p.corroboration,
            citations=p.citations,
        )
        for p in material.points
    ]
    for n, f in enumerate(material.figures, 1):
        text = f"{f.value}: {f.measures}" + (f" ({f.change})" if f.change else "")
        items.append(
            TopItem(
                id=f"n{n}",
                kind=TopItemKind.figure,
                text=text,
                sources=f.corroboration,
                citations=f.citations,
            )
        )
    for n, q in enumerate(material.quotes, 1):
        who = f"{q.speaker}, {q.role}" if q.role else (q.speaker or "unattributed")
        items.append(
            TopItem(
                id=f"q{n}",
                kind=TopItemKind.quote,
                text=f"{who}: “{q.text}”",
                sources=q.corroboration,
                citations=q.citations,
            )
        )
    items.sort(key=lambda i: -i.sources)
    return items[:MAX_ITEMS]


def write_top(client: ModelClient, material: Material, check: SentenceCheck) -> Top:
    """The model's bottom line and why-it-matters, each sentence checked; offline if none hold."""
    offline = lead_sentences(material.lead)
    items = offered_items(material)
    if not items:
        return Top(offline, [], Writer.offline, "there were no grounded items to write from")
    try:
        synthesis = _ask(client, items, len(material.docs))
    except (ModelError, UnusableReply) as e:
        log.warning("the model's bottom line could not be used (%s); using the offline one", e)
        return Top(offline, [], Writer.offline, f"the model's reply could not be used ({e})")
    known = {i.id: i for i in items}
    dropped: list[DroppedSentence] = []
    bottom = _kept(TopSection.bottom_line, synthesis.bottom_line, known, check, dropped)
    why = _kept(TopSection.why_it_matters, synthesis.why_it_matters, known, check, dropped)
    if not bottom:
        reason = "no sentence the model wrote passed the check"
        return Top(offline, why, Writer.offline, reason, dropped)
    return Top(bottom, why, Writer.model, None, dropped)


def _kept(
    section: TopSection,
    sentences: list[Sentence],
    known: dict[str, TopItem],
    check: SentenceCheck,
    dropped: list[DroppedSentence],
) -> list[TopSentence]:
    """The sentences that pass the check, up to the section's cap; the others go to `dropped`."""
    cap = messages.MAX_BOTTOM_LINE if section is TopSection.bottom_line else messages.MAX_WHY
    kept: list[TopSentence] = []
    for s in sentences:
        reason = check(s, known)
        if reason:
            dropped.append(DroppedSentence(section=section, text=s.text, reason=reason))
        elif len(kept) < cap:
            support = supporting(s, known)
            cited = [c for cid in support for c in known[cid].citations]
            kept.append(
                TopSentence(
                    text=s.text.strip(),
                    cites=support,
                    citations=cited,
                    sources=len({c.doc_id for c in cited}),
                    written_by=Writer.model,
                )
            )
    return kept


def supporting(sentence: Sentence, known: dict[str, TopItem]) -> list[str]:
    """The cited items that carry the sentence's numbers: what it rests on, not the union of
    everything it cites ("Revenue was $50 billion [1]..[6]" rests on the one item saying so)."""
    if not numbers_in(sentence.text):
        return list(sentence.cites)
    whole = [c for c in sentence.cites if not missing_numbers(sentence.text, [known[c].text])]
    if whole:
        return whole
    wanted = len(numbers_in(sentence.text))
    some = [
        c for c in sentence.cites if len(missing_numbers(sentence.text, [known[c].text])) < wanted
    ]
    return some or list(sentence.cites)


def _ask(client: ModelClient, items: list[TopItem], total: int) -> Synthesis:
    offered = [i.model_dump(mode="json", exclude={"citations"}) for i in items]
    synthesis, _ = ask(
        client,
        messages.synthesis_messages(offered, total),
        Synthesis,
        key_parts={"prompts": messages.prompt_version()},
    )
    return synthesis
