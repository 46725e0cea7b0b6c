"""Near-identical documents (syndicated or copied), which must not count as corroboration."""

from __future__ import annotations

import numpy as np
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

    MinHash LSH proposes candidates (an earlier document with one band of its signature
    equal), so the cost grows with the number of documents, not its square; the exact
    shingle Jaccard decides. A candidate already in the document's group is not compared
    again, and a group is dropped from the candidates as a whole, so a story syndicated a
    thousand times stays linear in Python.
    """
    sets = [_shingles(d.text) for d in docs]
    signatures = MinHash.bulk([sorted(s) for s in sets], num_perm=PERMUTATIONS)
    keys = _band_keys(signatures)
    indexed = np.array([bool(s) for s in sets])
    copies = _Copies(len(docs))
    out = []
    for i in range(len(docs)):
        if not sets[i]:
            continue
        candidates = np.flatnonzero(indexed[:i] & (keys[:i] == keys[i]).any(axis=1))
        joined: list[int] = []
        while candidates.size:
            j = int(candidates[0])
            jaccard = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if jaccard < DUPLICATE_JACCARD:
                candidates = candidates[1:]
                continue
            group = copies.label[j]
            joined.append(group)
            candidates = candidates[copies.label[candidates] != group]
            out.append(
                DuplicatePair(doc_ids=(docs[j].id, docs[i].id), similarity=round(jaccard, 3))
            )
        copies.join(i, joined)
    return out


def _band_keys(signatures: list[MinHash]) -> np.ndarray:
    """Per document and LSH band, a number two documents share exactly when that band of
    their signatures is the same (the bands MinHashLSH would hash at this threshold)."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
    values = np.array([s.hashvalues for s in signatures], dtype=np.uint64)
    keys = np.zeros((len(signatures), lsh.b), dtype=np.int64)
    for band, (start, end) in enumerate(lsh.hashranges):
        if len(signatures):
            _, inverse = np.unique(values[:, start:end], axis=0, return_inverse=True)
            keys[:, band] = inverse.reshape(-1)
    return keys


class _Copies:
    """Groups of copies as a label per document; joining relabels the smaller groups."""

    def __init__(self, n: int) -> None:
        self.label = np.arange(n)
        self.members: dict[int, list[int]] = {k: [k] for k in range(n)}

    def join(self, item: int, groups: list[int]) -> None:
        """Put the item and every one of the groups into one group."""
        labels = sorted({self.label[item], *groups}, key=lambda g: (-len(self.members[g]), g))
        keep = labels[0]
        for other in labels[1:]:
            moved = self.members.pop(other)
            self.label[moved] = keep
            self.members[keep].extend(moved)


def independence(duplicates: list[DuplicatePair]) -> dict[str, str]:
    """Map each document to a representative of its group of copies."""
    groups: DisjointSets[str] = DisjointSets()
    for pair in duplicates:
        groups.join(*pair.doc_ids)
    return {d: groups.find(d) for d in groups.members()}
