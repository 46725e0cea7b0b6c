"""Grounded facts and quotes as the merge compares them: terms, weights, similarity and links.

Candidate pairs come from blocking on shared rare terms, never from comparing every claim with
every other, so the cost grows with real overlaps, not n².
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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


def _bound(a: Claim, b: Claim, idf: Weights) -> tuple[float, float, int]:
    """Shares as `similarity` would give them with a window as long as the claim: at least
    as high, so a pair this does not link, `similarity` does not link either."""
    shared = a.terms & b.terms
    weight = math.fsum(idf[t] for t in shared)
    return weight / a.score, weight / b.score, len(shared)


def linked(shares: tuple[float, float, int], threshold: float) -> bool:
    """Same point: most of the shorter claim is in the other, or much of both agrees, or
    two long paraphrases share many rare words (names, places, unusual terms)."""
    high, low, count = max(shares[:2]), min(shares[:2]), shares[2]
    if high >= threshold:
        return True
    return high >= STRONG_SHARE and (low >= STRONG_SHARE or count >= MANY_SHARED_TERMS)


def candidate_pairs(claims: list[Claim], idf: Weights) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, from different documents that can link, streamed in index order.

    Prefix filtering: two claims link only if one of them shares at least STRONG_SHARE of
    its weight with the other, which it cannot do without sharing one of the rare terms
    that make up more than 1 - STRONG_SHARE of its weight (its prefix). So a pair is a
    candidate when a prefix term of one is a term of the other; no list of pairs is built.
    """
    cap = min(BLOCK_CAP, max(2, len(claims) // 2))
    prefixes = [_prefix(c, idf) for c in claims]
    postings: dict[str, list[int]] = defaultdict(list)  # term: claims that have it
    leading: dict[str, list[int]] = defaultdict(list)  # term: claims it leads (their prefix)
    for i, c in enumerate(claims):
        for t in c.terms:
            postings[t].append(i)
        for t in prefixes[i]:
            leading[t].append(i)
    for i, c in enumerate(claims):
        found: set[int] = set()
        for t in prefixes[i]:
            if len(postings[t]) <= cap:  # a term in most claims says nothing
                found.update(postings[t])
        for t in c.terms:
            if len(postings[t]) <= cap:
                found.update(leading[t])
        for j in sorted(found):
            if j > i and claims[j].doc_id != c.doc_id:
                yield i, j


def _prefix(c: Claim, idf: Weights) -> list[str]:
    """The claim's rarest terms, rarest first, until the rest weigh less than STRONG_SHARE."""
    ranked = sorted(c.terms, key=lambda t: (-idf[t], t))
    rest = c.score
    out = []
    for t in ranked:
        if rest < STRONG_SHARE * c.score:
            break
        out.append(t)
        rest -= idf[t]
    return out


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
    for i, j in candidate_pairs(claims, idf):
        a, b = claims[i], claims[j]
        if same_speaker and not _speakers_agree(a, b):
            continue
        if not linked(_bound(a, b, idf), threshold):
            continue  # not even all their shared terms together would link them
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
