"""Grouping a digest's new documents into stories: documents about the same event together.

Two documents are about the same story when the cosine similarity of their TF-IDF vectors over
content-word stems (title counted twice) reaches `SAME_STORY`. Stories are the connected groups
of that relation.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing.groups import DisjointSets
from briefing.schemas import Document
from briefing.text.words import content_stems

SAME_STORY = 0.2
TITLE_WEIGHT = 2


@dataclass
class Story:
    documents: list[Document]

    @property
    def outlets(self) -> set[str]:
        """Distinct outlets, by name, else by the web host, else by the document itself."""
        return {d.outlet or urlsplit(d.source).hostname or d.id for d in self.documents}


def _vectors(docs: list[Document]) -> list[dict[str, float]]:
    counts = [
        Counter(content_stems(d.text)) + Counter(content_stems(d.title or "") * TITLE_WEIGHT)
        for d in docs
    ]
    df = Counter(t for c in counts for t in c)
    n = len(docs)
    vectors = []
    for c in counts:
        # Smoothed IDF (+1): with two documents a shared word still counts.
        v = {t: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items() if x > 0})
    return vectors


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def group_stories(docs: list[Document], threshold: float = SAME_STORY) -> list[Story]:
    """Stories, the most widely carried first (by outlets, then documents), in input order."""
    vectors = _vectors(docs)
    joined: DisjointSets[int] = DisjointSets()
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            if similarity(vectors[i], vectors[j]) >= threshold:
                joined.join(i, j)
    groups: dict[int, list[Document]] = {}
    for i, d in enumerate(docs):
        groups.setdefault(joined.find(i), []).append(d)
    stories = [Story(g) for g in groups.values()]
    stories.sort(key=lambda s: (-len(s.outlets), -len(s.documents)))
    return stories
