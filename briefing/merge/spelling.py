"""Names that different documents spell differently, found by edit distance within blocks."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations, takewhile

from rapidfuzz.distance import Levenshtein

from briefing.schemas import Citation, Document, SpellingVariant
from briefing.text.matching import find_span
from briefing.text.words import stem, words


def _capitalised(text: str) -> Iterable[str]:
    for w in words(text):
        base = re.sub(r"[’']s?$", "", w)
        if len(base) >= 5 and base[0].isupper() and not base.isupper():
            yield base


def spelling_variants(docs: list[Document]) -> list[SpellingVariant]:
    """Names written differently by different documents (a letter or two in the middle)."""
    where: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for w in _capitalised(d.text):
            where[w].add(d.id)
    blocks: dict[str, set[str]] = defaultdict(set)
    for w in where:
        blocks["^" + w[:2]].add(w)
        blocks["$" + w[-2:]].add(w)
    seen: set[tuple[str, str]] = set()
    out = []
    for group in blocks.values():
        for a, b in combinations(sorted(group), 2):
            if (a, b) in seen or not _misspelt(a, b) or where[a] & where[b]:
                continue
            seen.add((a, b))
            canonical, variant = (a, b) if len(where[a]) >= len(where[b]) else (b, a)
            out.append(_variant(docs, canonical, variant, where))
    return out


def _misspelt(a: str, b: str) -> bool:
    if Levenshtein.distance(a, b) > 2 or a.lower() == b.lower():
        return False
    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[::-1], b[::-1])
    # A slip sits inside a word; a difference at either end is another word or an
    # inflection (OpenAI/GenAI, Argentine/Argentina).
    return prefix >= 2 and suffix >= 2


def _common_prefix(a: str, b: str) -> int:
    return sum(1 for _ in takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False)))


def _variant(
    docs: list[Document], canonical: str, variant: str, where: dict[str, set[str]]
) -> SpellingVariant:
    doc = next(d for d in docs if d.id in where[variant])
    m = re.search(rf"{re.escape(variant)}(?:[’']?s?\s+[A-Z][\w’']*)*", doc.text)
    phrase = m.group() if m else variant
    span = find_span(doc.text, phrase, doc.id, allow_fuzzy=False)
    canonical_phrase = phrase.replace(variant, canonical)
    order = {d.id: d.label for d in docs}
    return SpellingVariant(
        canonical=canonical_phrase,
        variant=phrase,
        canonical_doc_ids=sorted(where[canonical], key=order.__getitem__),
        variant_doc_ids=sorted(where[variant], key=order.__getitem__),
        citation=Citation(doc_id=doc.id, label=doc.label, item_id="", span=span) if span else None,
    )


def canonical_stems(variants: list[SpellingVariant]) -> dict[str, str]:
    """Misspelt names compare as their usual spelling, so the slip does not split a point."""
    out = {}
    for v in variants:
        for wrong, right in zip(words(v.variant), words(v.canonical), strict=False):
            if wrong != right:
                out[stem(wrong)] = stem(right)
    return out
