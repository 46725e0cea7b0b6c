"""Quotes across outlets: one row per statement by one speaker, in its most printed wording."""

from __future__ import annotations

import re
from collections import Counter

from briefing.merge.claims import Claim, citation, count_outlets, seed_order
from briefing.schemas import QuoteRow, QuoteVariant, Wording
from briefing.text.matching import normalize


def quote_groups(claims: list[Claim]) -> list[list[Claim]]:
    """The same statement by the same speaker as each outlet printed it."""
    covered: set[str] = set()
    groups = []
    for seed in seed_order(claims, set()):
        if seed.id in covered:
            continue
        members = [seed] + [m for _, m in seed.neighbours().values() if m.id not in covered]
        covered.update(m.id for m in members)
        groups.append(members)
    return groups


def quote_rows(
    groups: list[list[Claim]], labels: dict[str, int], independent: dict[str, str]
) -> tuple[list[QuoteRow], list[QuoteVariant]]:
    """One row per quote group, in the most printed wording; differing wordings are variants."""
    rows: list[QuoteRow] = []
    variants: list[QuoteVariant] = []
    for members in groups:
        members = sorted(members, key=lambda m: labels[m.doc_id])
        wordings = Counter(normalize(m.text) for m in members)
        shown = max(members, key=lambda m: wordings[normalize(m.text)])
        citations = [citation(m.checked, labels) for m in members]
        # Only outlets whose own quotation holds the shown words "print" it; the rest report
        # the same statement in other words, and the brief must not put those words in their mouth.
        # Words, not characters, decide: case, spacing and punctuation are typography.
        shown_words = _words(shown.text)
        printed_by = [m.doc_id for m in members if _holds(_words(m.text), shown_words)]
        # The speaker the documents name; an outlet that printed the words unattributed
        # does not make them anyone else's.
        speaker = next((m.checked.speaker for m in members if m.checked.speaker), None)
        rows.append(
            QuoteRow(
                speaker=speaker,
                role=next(
                    (m.checked.item.role for m in members if m.checked.item.role and speaker),
                    None,
                ),
                text=shown.checked.spans[0].text,
                citations=citations,
                printed_by=list(dict.fromkeys(printed_by)),
                corroboration=count_outlets({m.doc_id for m in members}, independent),
            )
        )
        if len({_letters(m.text) for m in members}) > 1:
            variants.append(
                QuoteVariant(
                    speaker=speaker,
                    wordings=[
                        Wording(text=m.checked.spans[0].text, citation=c)
                        for m, c in zip(members, citations, strict=True)
                    ],
                )
            )
    rows.sort(key=lambda r: (-r.corroboration, r.citations[0].label))
    return rows, variants


def _words(text: str) -> tuple[str, ...]:
    """The words of a quotation, hyphenated ones split: "well-being" is "well being"."""
    return tuple(re.findall(r"[^\W_]+", normalize(text)))


def _letters(text: str) -> str:
    """Only letters and digits: two wordings with the same are the same words, typeset apart."""
    return "".join(ch for ch in normalize(text) if ch.isalnum())


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """`shorter` occurs in `longer` as a run of whole words."""
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))
