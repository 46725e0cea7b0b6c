"""Near-identical documents (syndicated or copied), which must not count as corroboration."""

from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from briefing.groups import DisjointSets
from briefing.schemas import Document, DuplicatePair
from briefing.text.words import words

SHINGLE = 5
DUPLICATE_JACCARD = 0.5
# MinHash LSH finds candidate pairs; a lower threshold than the decision's keeps near misses
# (a pair at Jaccard 0.5 is found with probability above 0.99 at these settings).
LSH_THRESHOLD = 0.35
PERMUTATIONS = 64


def _shingles(text: str) -> set[bytes]:
    tokens = [w.lower() for w in words(text)]
    return {
        " ".join(tokens[i : i + SHINGLE]).encode() for i in range(max(0, len(tokens) - SHINGLE + 1))
    }


def find_duplicates(docs: list[Document]) -> list[DuplicatePair]:
    """Pairs of documents that are mostly the same text (syndicated or copied): for each
    group of copies, the pairs that join it (a spanning forest), each with its Jaccard.

    MinHash LSH proposes candidates, so the cost grows with the number of documents, not
    its square; the exact shingle Jaccard decides. A candidate already in the document's
    group is not compared again, so a story syndicated a thousand times stays linear.
    """
    sets = [_shingles(d.text) for d in docs]
    signatures = MinHash.bulk([sorted(s) for s in sets], num_perm=PERMUTATIONS)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
    for i, signature in enumerate(signatures):
        if sets[i]:
            lsh.insert(i, signature)
    groups: DisjointSets[int] = DisjointSets()

    out = []
    for i, signature in enumerate(signatures):
        for j in sorted(k for k in lsh.query(signature) if k < i) if sets[i] else ():
            if groups.find(i) == groups.find(j):
                continue
            jaccard = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if jaccard >= DUPLICATE_JACCARD:
                groups.join(i, j)
                out.append(
                    DuplicatePair(doc_ids=(docs[j].id, docs[i].id), similarity=round(jaccard, 3))
                )
    return out


def independence(duplicates: list[DuplicatePair]) -> dict[str, str]:
    """Map each document to a representative of its group of copies."""
    groups: DisjointSets[str] = DisjointSets()
    for pair in duplicates:
        groups.join(*pair.doc_ids)
    return {d: groups.find(d) for d in groups.members()}
