"""Grounded facts and quotes as the merge compares them: terms, weights, similarity and links.

Claims with the same terms in the same order (one sentence as many outlets carried it) are
compared once, as a group: a story syndicated a thousand times has a thousand claims per
sentence but one group. Candidate pairs of groups come from a sparse product of the claim-term
matrix (pairs that share a term not in most claims), bounded before any pair is compared in
Python, so the cost grows with real overlaps, not n². Links are kept between groups; a claim's
links and its best match per document are read off its group's when a stage asks for them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

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
BLOCK_CAP = 400  # distinct claims: a term in more is too common to be a useful block
PAIR_BLOCK = 2048  # claims whose pairs are bounded at once: memory stays flat with the input


@dataclass(eq=False)
class Claim:
    """A grounded fact or quote as the merge sees it."""

    checked: Checked
    kind: str
    text: str
    order: list[str]
    score: float = 0.0
    focus: int = 0
    index: int = 0  # its place among the claims last linked: of equal matches the first wins
    group: ClaimGroup | None = field(default=None, repr=False)
    terms: frozenset[str] = field(init=False)
    doc_id: str = field(init=False)
    id: str = field(init=False)

    def __post_init__(self) -> None:
        # Built once: the merge reads them millions of times at a thousand documents (a
        # property's call was 9 of 130 s at 5,000 copies of one story).
        self.terms = frozenset(self.order)
        self.doc_id, self.id = self.checked.doc_id, self.checked.id

    def links(self) -> list[tuple[float, Claim]]:
        """Every claim of another document it links with, in claim order, with the larger
        of the two shares."""
        if self.group is None:
            return []
        out = [
            (max(own, other), y)
            for own, other, g in self.group.links
            for y in g.members
            if y.doc_id != self.doc_id
        ]
        out.sort(key=lambda link: link[1].index)
        return out

    def neighbours(self) -> dict[str, tuple[float, Claim]]:
        """Its best match in each other document it links with (of equal ones, the first),
        the documents in the order of their first link."""
        if self.group is None:
            return {}
        # Read off the group's links without listing every linked claim in order: at 5,000
        # copies of a story a seed links with thousands of claims in a few groups.
        best: dict[str, tuple[float, int, Claim]] = {}
        first: dict[str, int] = {}
        for own, other, g in self.group.links:
            share = max(own, other)
            for y in g.members:
                if y.doc_id == self.doc_id:
                    continue
                known = best.get(y.doc_id)
                if known is None or (-share, y.index) < (-known[0], known[1]):
                    best[y.doc_id] = (share, y.index, y)
                if y.index < first.get(y.doc_id, y.index + 1):
                    first[y.doc_id] = y.index
        return {d: (best[d][0], best[d][2]) for d in sorted(best, key=first.__getitem__)}


@dataclass(eq=False)
class ClaimGroup:
    """Claims with the same terms in the same order (and, for quotes, the same speaker):
    whatever one of them matches, all of them match, so the group is compared once."""

    members: list[Claim]
    docs: Counter[str] = field(default_factory=Counter)
    # (this group's share, the other group's share, the other group); itself included when
    # its members link with each other.
    links: list[tuple[float, float, ClaimGroup]] = field(default_factory=list)

    _ids: dict[str | None, frozenset[str]] = field(default_factory=dict)

    @property
    def first(self) -> Claim:
        return self.members[0]

    def ids(self, kind: str | None = None) -> frozenset[str]:
        """Its members' ids (of that kind, if given); kept, as points read them again."""
        if kind not in self._ids:
            self._ids[kind] = frozenset(
                c.id for c in self.members if kind is None or c.kind == kind
            )
        return self._ids[kind]


def linked_ids(claims: Iterable[Claim], threshold: float, kind: str | None = None) -> set[str]:
    """The ids of the claims (of that kind, if given) that any of these links with at
    `threshold` or more, read group by group rather than claim by claim."""
    docs_by_group: dict[int, tuple[ClaimGroup, set[str]]] = {}
    for c in claims:
        if c.group is not None:
            docs_by_group.setdefault(id(c.group), (c.group, set()))[1].add(c.doc_id)
    out: set[str] = set()
    for group, docs in docs_by_group.values():
        reached = [g for own, other, g in group.links if max(own, other) >= threshold]
        if len(docs) > 1:  # from two documents, every linked claim is in another document
            out.update(*(g.ids(kind) for g in reached))
            continue
        only = next(iter(docs))
        part = set().union(*(g.ids(kind) for g in reached))
        part.difference_update(
            y.id for g in reached if g.docs[only] for y in g.members if y.doc_id == only
        )
        out |= part
    return out


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
    distinctive = len(shared - idf.common)
    needed = MIN_SHARED_TERMS + (min(len(a.terms), len(b.terms)) < SHORT_CLAIM and not same_speaker)
    if distinctive < needed:
        return 0.0, 0.0, distinctive
    short, long_ = (a, b) if len(a.order) <= len(b.order) else (b, a)
    width = max(8, 2 * len(short.order))
    weight = idf.idf.__getitem__
    if len(long_.order) <= width:  # one window, the whole of both
        best = math.fsum(map(weight, shared))
    else:
        best = max(
            math.fsum(map(weight, short.terms.intersection(long_.order[i : i + width])))
            for i in range(len(long_.order) - width + 1)
        )
    return best / a.score, best / b.score, distinctive


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
    streamed in index order."""
    doc_index: dict[str, int] = {}
    docs = [doc_index.setdefault(c.doc_id, len(doc_index)) for c in claims]
    yield from _candidates(claims, docs, _pairing_terms(claims), idf, threshold)


def _pairing_terms(claims: list[Claim]) -> frozenset[str]:
    """The terms that can make a pair: those in at most BLOCK_CAP of the claims (a term in
    more says nothing about which two belong together)."""
    df = Counter(t for c in claims for t in c.terms)
    cap = min(BLOCK_CAP, max(2, len(claims) // 2))
    return frozenset(t for t, m in df.items() if m <= cap)


def _candidates(
    claims: list[Claim], docs: list[int], pairing: frozenset[str], idf: Weights, threshold: float
) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of different `docs` whose shared terms could link them, in order.

    The weight two claims share, summed over every term they have in common, bounds what
    `similarity` finds in any window, so a pair whose bound does not pass `linked` is never
    compared. The bounds come from a sparse product of the claim-term matrix with itself, a
    block of rows at a time: no list of every pair is built. A term not in `pairing` makes
    no pair, but it counts in the bound as if shared.
    """
    n = len(claims)
    terms = sorted({t for c in claims for t in c.terms} & pairing)
    column = {t: k for k, t in enumerate(terms)}
    rows: list[int] = []
    cols: list[int] = []
    bounds = _Bounds(n)
    for i, c in enumerate(claims):
        bounds.docs[i] = docs[i]
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


def _speaker_key(c: Claim) -> frozenset[str] | None:
    """What `_speakers_agree` reads of a claim's speaker: the words of the name, or None."""
    speaker = c.checked.speaker
    return None if speaker is None else frozenset(words(speaker.lower()))


def _speakers_agree(a: Claim, b: Claim) -> bool:
    """The documents name the same speaker, or one of them names none (the same words
    unattributed in one outlet are still that statement)."""
    sa, sb = _speaker_key(a), _speaker_key(b)
    if sa is None or sb is None:
        return True
    return bool(sa & sb)


def group_claims(claims: list[Claim], *, same_speaker: bool) -> list[ClaimGroup]:
    """Claims with the same term sequence (and speaker, when it matters) as one group each,
    in the order of their first claims; each claim knows its group and its index."""
    groups: dict[Hashable, ClaimGroup] = {}
    for i, c in enumerate(claims):
        key = (tuple(c.order), _speaker_key(c) if same_speaker else None)
        group = groups.setdefault(key, ClaimGroup([]))
        group.members.append(c)
        group.docs[c.doc_id] += 1
        c.index, c.group, c.focus = i, group, 0
    return list(groups.values())


def link(claims: list[Claim], idf: Weights, threshold: float, *, same_speaker: bool) -> None:
    """Link every two claims of different documents that say the same, above the threshold.

    Groups of identical claims are compared once; what a claim links with is read off its
    group (`Claim.links`, `Claim.neighbours`), and its focus is counted here.
    """
    groups = group_claims(claims, same_speaker=same_speaker)
    firsts = [g.first for g in groups]
    # Counted over distinct claims: a sentence carried by a thousand copies is one claim, and
    # counting its copies would cap its every term, so the copies would never link at all.
    pairing = _pairing_terms(firsts)
    # A group spanning two documents has a pair with any other: only one-document groups of
    # the same document cannot pair.
    doc_index: dict[str, int] = {}
    group_docs = [
        doc_index.setdefault(g.first.doc_id, len(doc_index)) if len(g.docs) == 1 else -1 - k
        for k, g in enumerate(groups)
    ]
    # A group's members link with each other when they are in two documents and could pair.
    selves = ((k, k) for k, g in enumerate(groups) if len(g.docs) > 1 and firsts[k].terms & pairing)
    for i, j in chain(selves, _candidates(firsts, group_docs, pairing, idf, threshold)):
        a, b = firsts[i], firsts[j]
        if same_speaker and not _speakers_agree(a, b):
            continue
        shares = similarity(a, b, idf, same_speaker=same_speaker)
        if linked(shares, threshold):
            groups[i].links.append((shares[0], shares[1], groups[j]))
            if i != j:
                groups[j].links.append((shares[1], shares[0], groups[i]))
    for g in groups:
        _count_focus(g)


def _count_focus(g: ClaimGroup) -> None:
    """Each member's focus: the claims of other documents that say most of it."""
    focused = [h for own, _, h in g.links if own >= FOCUS]
    total = sum(len(h.members) for h in focused)
    same: Counter[str] = Counter()  # per document of the group: focused claims in it
    for h in focused:
        # Walk the shorter of the two document lists: groups of copies run to thousands.
        if len(h.docs) < len(g.docs):
            same.update({d: k for d, k in h.docs.items() if d in g.docs})
        else:
            same.update({d: h.docs[d] for d in g.docs if d in h.docs})
    for c in g.members:
        c.focus = total - same[c.doc_id]


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
