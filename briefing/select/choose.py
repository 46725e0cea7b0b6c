"""Choosing under a word budget: the best points first, none that repeats one already chosen
(maximal marginal relevance), and the lede that opens the brief."""

from __future__ import annotations

import math

from briefing.select.scoring import Scored, overlap

# Relevance against novelty in MMR (Carbonell and Goldstein's maximal marginal relevance).
# On the 50 Multi-News dev clusters 0.7 scored above 0.5 and 0.9 (by 0.3 ROUGE-1, 0.3-0.5
# ROUGE-2): relevance first, a repeat still costs.
RELEVANCE = 0.7
SAME_POINT = 0.6  # a point sharing this share of its words with a chosen one says the same
MMR_POOL = 300  # candidates MMR weighs: a brief's budget is filled long before these run out
LEDE_POOL = 60  # lede sentences weighed for the bottom line, the best-scored first
LEDE_WORDS = 60  # the bottom line: one or two sentences, at most this many words
LEDE_RANK = 3  # a lede sentence is among the first facts of its article
# The bottom line is the pair of the best few lede sentences that says most within its words.
# On the 50 Multi-News dev clusters (ROUGE-1 of the first 60 words): the best lede then the
# next that fits, 22.4; the longest pair of the best four, 23.8; ranked by agreement with the
# other articles' ledes, the longest pair of the best six among each article's first three
# facts, 24.8 (the best four: 24.3; the best eight: 24.8; first two facts only: 23.8). Words
# weighed by the square root of their point's score, 25.35 against 24.94 for the longest pair
# (first half 26.5 / 25.7, second 24.2 / 24.2; the score itself: 24.6; its 0.35th power 25.3;
# the best eight: 25.3; every lede: 25.2): a pair a word or two longer no longer wins with
# what matters less.
LEDE_CANDIDATES = 6


def words(scored: Scored) -> int:
    return len(scored.point.statement.split())


def mmr(candidates: list[Scored], budget: int, chosen: list[Scored] | None = None) -> list[Scored]:
    """The candidates in the order MMR picks them, until `budget` words are filled; only the
    MMR_POOL best-scored take part (a thousand syndicated copies make thousands of points)."""
    best_first = sorted(range(len(candidates)), key=lambda i: -candidates[i].score)
    pool = [candidates[i] for i in sorted(best_first[:MMR_POOL])]  # in point order: stable ties
    # Each candidate's overlap with what is chosen so far, kept up to date pick by pick.
    redundancy = [max((overlap(s, c) for c in chosen or []), default=0.0) for s in pool]
    picked: list[Scored] = []
    used = 0
    while pool and used < budget:
        # max() keeps the first of equal values: ties break by point order.
        at = max(range(len(pool)), key=lambda i: _marginal(pool[i], redundancy[i]))
        best = pool.pop(at)
        if redundancy.pop(at) >= SAME_POINT:
            continue
        picked.append(best)
        used += words(best)
        redundancy = [max(r, overlap(s, best)) for s, r in zip(pool, redundancy, strict=True)]
    return picked


def _marginal(s: Scored, redundancy: float) -> float:
    return RELEVANCE * s.score - (1 - RELEVANCE) * redundancy


def lede(scored: list[Scored]) -> list[Scored]:
    """The bottom line: of the lede sentences the other articles' ledes agree with most, the
    one or two that together say most within LEDE_WORDS."""
    ledes = [s for s in scored if s.rank <= LEDE_RANK and words(s) <= LEDE_WORDS]
    if len(ledes) > LEDE_POOL:  # agreement is weighed pair by pair: keep the strongest
        strongest = sorted(range(len(ledes)), key=lambda i: -ledes[i].score)[:LEDE_POOL]
        ledes = [ledes[i] for i in sorted(strongest)]
    agreement = {s.point.id: _agreement(s, ledes) for s in ledes}
    # What the other outlets lead with too comes first; then the earlier sentence.
    ledes.sort(key=lambda s: (-agreement[s.point.id], s.rank))
    best = ledes[:LEDE_CANDIDATES]
    pairs = [[a, b] for i, a in enumerate(best) for b in best[i + 1 :] if _pair(a, b)]
    if not pairs:  # the best lede with the next that fits, or alone
        pairs = [[a, b] for a in ledes[:1] for b in ledes[1:] if _pair(a, b)][:1]
    if not pairs:  # no other lede fits beside it: the longest of the next facts that does
        pairs = [[a, b] for a in ledes[:1] for b in _next_facts(scored) if _pair(a, b)][:1]
    # max() keeps the first of equal values: the better-placed pair.
    chosen = max(pairs, key=_says, default=ledes[:1])
    # A lede opens the bottom line before a later fact that completes it; among ledes, what
    # several outlets state comes first, what one alone states follows it.
    return sorted(chosen, key=lambda s: (s.rank > LEDE_RANK, s.support == 0))


def _agreement(s: Scored, ledes: list[Scored]) -> float:
    """How much the ledes of other articles say what this one says: the sum of their cosine
    similarities (as sets of content stems), as LexRank weighs a sentence by its neighbours."""
    mine = {c.doc_id for c in s.point.citations}
    # A lede of the same article (or of a copy of it) cannot vouch for it.
    others = [o for o in ledes if o is not s and not {c.doc_id for c in o.point.citations} <= mine]
    return math.fsum(
        len(s.stems & o.stems) / math.sqrt(len(s.stems) * len(o.stems))
        for o in others
        if s.stems and o.stems
    )


def _says(pair: list[Scored]) -> float:
    """How much a bottom line says: its words, each sentence's weighed by how much its point
    matters (the square root of its score, so that the words a bottom line uses still count)."""
    return math.fsum(words(s) * math.sqrt(max(s.score, 0.0)) for s in pair)


def _next_facts(scored: list[Scored]) -> list[Scored]:
    """The facts that follow the ledes in their articles (up to twice as deep), the longest
    first: what completes a bottom line when no other lede fits beside the best one."""
    later = [s for s in scored if LEDE_RANK < s.rank <= 2 * LEDE_RANK]
    return sorted(later, key=lambda s: -words(s))


def _pair(a: Scored, b: Scored) -> bool:
    """Two ledes that do not say the same and fit the bottom line together."""
    return overlap(a, b) < SAME_POINT and words(a) + words(b) <= LEDE_WORDS
