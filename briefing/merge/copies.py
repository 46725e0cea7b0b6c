"""Near-identical documents (syndicated or copied), which must not count as corroboration."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from briefing.schemas import Document, DuplicatePair
from briefing.text.words import words

BLOCK_CAP = 400  # a shingle shared by more documents than this is boilerplate
SHINGLE = 5
DUPLICATE_JACCARD = 0.5


def _shingles(text: str) -> set[int]:
    tokens = [w.lower() for w in words(text)]
    return {hash(tuple(tokens[i : i + SHINGLE])) for i in range(max(0, len(tokens) - SHINGLE + 1))}


def find_duplicates(docs: list[Document]) -> list[DuplicatePair]:
    """Pairs of documents that are mostly the same text (syndicated or copied)."""
    sets = {d.id: _shingles(d.text) for d in docs}
    postings: dict[int, list[str]] = defaultdict(list)
    for doc_id, shingles in sets.items():
        for s in shingles:
            postings[s].append(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in postings.values():
        if len(ids) <= BLOCK_CAP:
            for a, b in combinations(sorted(ids), 2):
                shared[(a, b)] += 1
    out = []
    for (a, b), n in shared.items():
        jaccard = n / len(sets[a] | sets[b])
        if jaccard >= DUPLICATE_JACCARD:
            out.append(DuplicatePair(doc_ids=(a, b), similarity=round(jaccard, 3)))
    return out


def independence(duplicates: list[DuplicatePair]) -> dict[str, str]:
    """Map each document to a representative of its group of copies."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for pair in duplicates:
        a, b = (root(x) for x in pair.doc_ids)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {d: root(d) for d in parent}
