"""Grounded facts and quotes as the merge compares them: terms, weights, similarity and links.

Candidate pairs come from a sparse product of the claim-term matrix (pairs that share a term not
in most claims), bounded before any pair is compared in Python, so the cost grows with real
overlaps, not n².
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from briefing.schemas import Checked, Citation
from briefing.text.words import content_stems, words

POINT_THRESHOLD = 0.5
QUOTE_THRESHOLD = 0.5
STRONG_SHARE = 0.3  # two long paraphrases of one event: a third of each in common
MANY_SHARED_TERMS = 4
FOCUS = 0.4  # a seed's support counts documents that say this much of it
MIN_SHARED_TERMS = 2
SHORT_CLAIM = 6  # claims with fewer terms need one more shared term: two words can be chance
COMMON_SHARE = 0.25  # a term in more than this share of claims does not count as shared
BLOCK_CAP = 400  # postings longer than this are too common to be a useful block
PAIR_BLOCK = 2048  # claims whose pairs are bounded at once: memory stays flat with the input


@dataclass
class Claim:
    """A grounded fact or quote as the merge sees it."""

    checked: Checked
    kind: str
    text: str
    order: list[str]
    score: float = 0.0
    neighbours: dict[str, tuple[float, Claim]] = field(default_factory=dict)
    links: list[tuple[float, Claim]] = field(default_factory=list)
    focus: int = 0
    terms: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        # Built once: the merge reads it millions of times at a thousand documents.
        self.terms = frozenset(self.order)

    @property
    def doc_id(self) -> str:
        return self.checked.doc_id

    @property
    def id(self) -> str:
        return self.checked.id


def claims_of(items: list[Checked], kind: str, canon: dict[str, str]) -> list[Claim]:
    out = []
    for c in items:
        text = c.item.statement if kind == "fact" else c.item.text
        out.append(Claim(c, kind, text, [canon.get(t, t) for t in content_stems(text)]))
    return out


def weigh(claims: list[Claim]) -> Weights:
    """Inverse frequency of each term among all claims: rare terms decide similarity."""
    df = Counter(t for c in claims for t in c.terms)
    n = len(claims)
    # A word in one claim only cannot be shared, so it should not outweigh words that are.
    idf = {t: math.log((n + 1) / (max(k, 2) + 0.5)) for t, k in df.items()}
    for c in claims:
        # fsum: exact whatever the order, so a set's hash order cannot tip a later tie.
        c.score = math.fsum(idf[t] for t in c.terms)
    # A term in every document once is the story itself; only a term in many claims of the
    # same documents is background ("AI" in a story about AI) and no evidence of a match.
    n_docs = len({c.doc_id for c in claims})
    common = max(COMMON_SHARE * n, n_docs)
    return Weights(idf, frozenset(t for t, k in df.items() if k > common))


@dataclass(frozen=True)
class Weights:
    idf: dict[str, float]
    common: frozenset[str]

    def __getitem__(self, term: str) -> float:
        return self.idf[term]


def similarity(
    a: Claim, b: Claim, idf: Weights, *, same_speaker: bool = False
) -> tuple[float, float, int]:
    """How much of each claim the other says, by term weight, and how many rare terms agree.

    The longer claim is read through a window the size of the shorter one, so a long
    sentence touching three events does not match a short one by scattered words.
    """
    shared = a.terms & b.terms
    distinctive = [t for t in shared if t not in idf.common]
    needed = MIN_SHARED_TERMS + (min(len(a.terms), len(b.terms)) < SHORT_CLAIM and not same_speaker)
    if len(distinctive) < needed:
        return 0.0, 0.0, len(distinctive)
    short, long_ = (a, b) if len(a.order) <= len(b.order) else (b, a)
    width = max(8, 2 * len(short.order))
    best = 0.0
    for i in range(max(1, len(long_.order) - width + 1)):
        window = set(long_.order[i : i + width]) & short.terms
        best = max(best, math.fsum(idf[t] for t in window))
    return best / a.score, best / b.score, len(distinctive)


def linked(shares: tuple[float, float, int], threshold: float) -> bool:
    """Same point: most of the shorter claim is in the other, or much of both agrees, or
    two long paraphrases share many rare words (names, places, unusual terms)."""
    high, low, count = max(shares[:2]), min(shares[:2]), shares[2]
    if high >= threshold:
        return True
    return high >= STRONG_SHARE and (low >= STRONG_SHARE or count >= MANY_SHARED_TERMS)


def candidate_pairs(
    claims: list[Claim], idf: Weights, threshold: float = POINT_THRESHOLD
) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, from different documents whose shared terms could link them,
    streamed in index order.

    The weight two claims share, summed over every term they have in common, bounds what
    `similarity` finds in any window, so a pair whose bound does not pass `linked` is never
    compared. The bounds come from a sparse product of the claim-term matrix with itself, a
    block of rows at a time: no list of every pair is built. A term in more than BLOCK_CAP
    claims says nothing about which two belong together, so it makes no pair, but it counts
    in the bound as if shared.
    """
    n = len(claims)
    df = Counter(t for c in claims for t in c.terms)
    cap = min(BLOCK_CAP, max(2, n // 2))
    terms = sorted(t for t, m in df.items() if m <= cap)
    column = {t: k for k, t in enumerate(terms)}
    rows: list[int] = []
    cols: list[int] = []
    bounds = _Bounds(n)
    doc_index: dict[str, int] = {}
    for i, c in enumerate(claims):
        bounds.docs[i] = doc_index.setdefault(c.doc_id, len(doc_index))
        bounds.scores[i] = c.score
        for t in sorted(c.terms):
            if t in column:
                rows.append(i)
                cols.append(column[t])
            else:
                bounds.capped[i] += idf[t]
                bounds.capped_terms[i] += 1
    if not rows:
        return
    weights = np.array([idf[t] for t in terms])[cols]
    has = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(terms)))
    weighted = sparse.csr_matrix((weights, (rows, cols)), shape=(n, len(terms)))
    transposed = has.T.tocsr()
    for start in range(0, n, PAIR_BLOCK):
        end = min(n, start + PAIR_BLOCK)
        shared = (weighted[start:end] @ transposed).tocsr()
        count = (has[start:end] @ transposed).tocsr()
        yield from bounds.passing(start, shared, count, threshold)


@dataclass
class _Bounds:
    """Per claim: its document, its score, and the weight and number of its capped terms."""

    n: int
    docs: np.ndarray = field(init=False)
    scores: np.ndarray = field(init=False)
    capped: np.ndarray = field(init=False)
    capped_terms: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.docs = np.zeros(self.n, dtype=np.int64)
        self.scores, self.capped, self.capped_terms = (np.zeros(self.n) for _ in range(3))

    def passing(
        self, start: int, shared: sparse.csr_matrix, count: sparse.csr_matrix, threshold: float
    ) -> Iterator[tuple[int, int]]:
        """The block's pairs (i, j), j > i, from different documents, whose bound links."""
        shared.sort_indices()
        count.sort_indices()
        i = start + np.repeat(np.arange(shared.shape[0]), np.diff(shared.indptr))
        j = shared.indices
        same_shape = np.array_equal(shared.indices, count.indices)
        counts = count.data if same_shape else np.full(len(j), np.inf)
        weight = shared.data + np.minimum(self.capped[i], self.capped[j])
        terms = counts + np.minimum(self.capped_terms[i], self.capped_terms[j])
        a, b = weight / self.scores[i], weight / self.scores[j]
        high, low = np.maximum(a, b), np.minimum(a, b)
        # The bound is summed in another order than `similarity` sums; a hair of slack keeps
        # a pair exactly at a threshold.
        slack = 1e-9
        strong = high >= STRONG_SHARE - slack
        links = (high >= threshold - slack) | (
            strong & ((low >= STRONG_SHARE - slack) | (terms >= MANY_SHARED_TERMS))
        )
        keep = links & (j > i) & (self.docs[i] != self.docs[j])
        yield from zip(i[keep].tolist(), j[keep].tolist(), strict=True)


def _speakers_agree(a: Claim, b: Claim) -> bool:
    """The documents name the same speaker, or one of them names none (the same words
    unattributed in one outlet are still that statement)."""
    sa, sb = a.checked.speaker, b.checked.speaker
    if sa is None or sb is None:
        return True
    return bool(set(words(sa.lower())) & set(words(sb.lower())))


def link(claims: list[Claim], idf: Weights, threshold: float, *, same_speaker: bool) -> None:
    """For each claim, its best match in every other document above the threshold."""
    for c in claims:
        c.neighbours = {}
        c.links = []
        c.focus = 0
    for i, j in candidate_pairs(claims, idf, threshold):
        a, b = claims[i], claims[j]
        if same_speaker and not _speakers_agree(a, b):
            continue
        shares = similarity(a, b, idf, same_speaker=same_speaker)
        if not linked(shares, threshold):
            continue
        for x, y, share in ((a, b, shares[0]), (b, a, shares[1])):
            x.links.append((max(shares[:2]), y))
            best = x.neighbours.get(y.doc_id)
            if best is None or max(shares[:2]) > best[0]:
                x.neighbours[y.doc_id] = (max(shares[:2]), y)
            if share >= FOCUS:
                x.focus += 1


def seed_order(claims: list[Claim], misspelled: set[str]) -> list[Claim]:
    # Focused claims seed first: a sentence that touches three events is a poor headline.
    # A claim spelling a name the way only a minority of outlets do never words the point.
    return sorted(claims, key=lambda c: (c.id in misspelled, -c.focus, c.kind != "fact", -c.score))


def citation(c: Checked, labels: dict[str, int]) -> Citation:
    # The longest excerpt carries the claim; a short one is often only its lead-in ("X added,").
    span = max(c.spans, key=lambda s: s.end - s.start)
    return Citation(doc_id=c.doc_id, label=labels[c.doc_id], item_id=c.id, span=span)


def count_outlets(doc_ids: Iterable[str], independent: dict[str, str]) -> int:
    return len({independent.get(d, d) for d in doc_ids})
