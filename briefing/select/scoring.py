"""How much a merged point matters: what editors and the summarization literature both weigh.

- support: independent outlets that state it, out of all;
- position: news is written lede first, so how early the point's facts sit in their articles
  (for the model engine, the rank the model gave its facts);
- centrality: how much of the point's vocabulary the other articles share.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from briefing.schemas import Citation, Document, KeyPoint
from briefing.text.words import content_stems

# Weights of the three signals, set by hand and kept round: position carries most because news
# puts what matters first; support decides among equals. On the 50 Multi-News dev clusters,
# other mixes (position alone, centrality-heavy, multiplicative) moved ROUGE-1 by 0.5 at most,
# and a steeper position decay (1/rank) scored 0.1-0.2 lower than 1/sqrt(rank). 0.2 / 0.6 / 0.2
# scored 0.1-0.2 higher there, but let single-outlet ledes push the seeds' corroborated points
# (4 and 5 of 5 sources) out of the key points: support keeps its weight.
SUPPORT_WEIGHT = 0.35
POSITION_WEIGHT = 0.45
CENTRALITY_WEIGHT = 0.20
_FACT_RANK = re.compile(r"\.f(\d+)$")


@dataclass(frozen=True)
class Scored:
    """A point with its signals and its score; `rank` is its best fact's place in an article."""

    point: KeyPoint
    support: float
    position: float
    centrality: float
    rank: int
    stems: frozenset[str]

    @property
    def score(self) -> float:
        return (
            SUPPORT_WEIGHT * self.support
            + POSITION_WEIGHT * self.position
            + CENTRALITY_WEIGHT * self.centrality
        )


def fact_rank(citation: Citation) -> int | None:
    """The fact's place in its document's extraction (1 for the first), or None for a quote."""
    match = _FACT_RANK.search(citation.item_id)
    return int(match[1]) if match else None


def document_frequency(docs: list[Document]) -> Counter[str]:
    """In how many documents each content stem occurs."""
    return Counter(t for d in docs for t in set(content_stems(d.text)))


def score_points(points: list[KeyPoint], docs: list[Document]) -> list[Scored]:
    """Every point with its signals, in the order given."""
    df = document_frequency(docs)
    n = max(1, len(docs))
    return [_scored(p, df, n) for p in points]


def _scored(point: KeyPoint, df: Counter[str], n: int) -> Scored:
    ranks = [r for r in map(fact_rank, point.citations) if r is not None]
    rank = min(ranks, default=99)
    stems = frozenset(content_stems(point.statement))
    # Beyond its own document, how widely its words are used: a story's central terms recur.
    shared = [(df[t] - 1) / (n - 1) for t in stems] if n > 1 else [0.0]
    return Scored(
        point=point,
        support=(point.corroboration - 1) / (n - 1) if n > 1 else 0.0,
        position=1 / math.sqrt(rank),
        centrality=math.fsum(shared) / max(1, len(shared)),  # exact: no hash-order rounding
        rank=rank,
        stems=stems,
    )


def overlap(a: Scored, b: Scored) -> float:
    """How much two points say the same: shared content stems over the smaller point's."""
    if not a.stems or not b.stems:
        return 0.0
    return len(a.stems & b.stems) / min(len(a.stems), len(b.stems))
