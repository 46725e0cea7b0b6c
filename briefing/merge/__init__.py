"""Merge: across sources, cluster equivalent items, count outlets, and surface where they differ."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from briefing.merge.claims import (
    POINT_THRESHOLD,
    QUOTE_THRESHOLD,
    Claim,
    claims_of,
    count_outlets,
    link,
    weigh,
)
from briefing.merge.copies import find_duplicates, independence
from briefing.merge.figures import figure_rows
from briefing.merge.points import key_points
from briefing.merge.quotes import quote_groups, quote_rows
from briefing.merge.spelling import canonical_stems, spelling_variants
from briefing.merge.support import corroborate
from briefing.schemas import (
    Disagreement,
    Document,
    DuplicatePair,
    FigureRow,
    GroundedDocument,
    KeyPoint,
    QuoteRow,
    QuoteVariant,
    SpellingVariant,
)
from briefing.text.attribution import Speakers


@dataclass
class Merged:
    key_points: list[KeyPoint]
    quotes: list[QuoteRow]
    quote_variants: list[QuoteVariant]
    figures: list[FigureRow]
    disagreements: list[Disagreement]
    spelling_variants: list[SpellingVariant]
    duplicates: list[DuplicatePair]
    outlets: int  # the documents' independent outlets, copies of one article once


def merge(
    docs: list[Document],
    grounded: list[GroundedDocument],
    speakers: Mapping[str, Speakers] | None = None,
) -> Merged:
    """Cluster grounded items across documents into points, quotes and figures; `speakers`
    holds `Speakers.of` each document's text, by id, where the caller has it already."""
    labels = {d.id: d.label for d in docs}
    duplicates = find_duplicates(docs)
    independent = independence(duplicates)
    facts = [c for g in grounded for c in g.facts if c.kept]
    quotes = [c for g in grounded for c in g.quotes if c.kept]
    spellings = spelling_variants(docs)
    canon = canonical_stems(spellings)
    claims = claims_of(facts, "fact", canon) + claims_of(quotes, "quote", canon)
    # Quotes are weighed among quotes: what is rare among a speaker's words decides.
    quote_claims = [c for c in claims if c.kind == "quote"]
    link(quote_claims, weigh(quote_claims), QUOTE_THRESHOLD, same_speaker=True)
    groups = quote_groups(quote_claims)
    rows, variants = quote_rows(groups, labels, independent)
    link(claims, weigh(claims), POINT_THRESHOLD, same_speaker=False)
    misspelled = _misspelled(claims, spellings)
    points = key_points(
        claims, {m.id: g for g in groups for m in g}, labels, independent, misspelled
    )
    # Only what was read counts: a document the engine could not read supports nothing.
    read = {g.doc_id for g in grounded}
    points = corroborate(points, [d for d in docs if d.id in read], independent, speakers)
    figures, disagreements = figure_rows(grounded, labels, independent)
    return Merged(
        key_points=points,
        quotes=rows,
        quote_variants=variants,
        figures=figures,
        disagreements=disagreements,
        spelling_variants=spellings,
        duplicates=duplicates,
        # A point's count names each group of copies once; so must what it is out of.
        outlets=count_outlets([d.id for d in docs], independent),
    )


def _misspelled(claims: list[Claim], spellings: list[SpellingVariant]) -> set[str]:
    """The claims that print a minority spelling: one search for all of them, not one per
    spelling (hundreds of spellings times a hundred thousand claims at 5,000 documents)."""
    if not spellings:
        return set()
    pattern = re.compile("|".join(sorted({re.escape(s.variant) for s in spellings})))
    return {c.id for c in claims if pattern.search(c.text)}
