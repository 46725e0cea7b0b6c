"""The brief's title and bottom line, built only from merged, grounded items."""

from __future__ import annotations

from collections import Counter

from briefing.schemas import Document, KeyPoint
from briefing.terms import content_stems

BOTTOM_LINE_POINTS = 2


def bottom_line(points: list[KeyPoint], total: int) -> list[str]:
    """The best-corroborated points, each as its source wrote it, with how many carry it."""
    lines = []
    for p in points[:BOTTOM_LINE_POINTS]:
        labels = "".join(f"[{label}]" for label in sorted({c.label for c in p.citations}))
        lines.append(f"{p.statement} {labels} ({p.corroboration} of {total} sources)")
    return lines


def title(docs: list[Document], points: list[KeyPoint]) -> str:
    """The source headline that shares most with the brief's key points."""
    titled = [d for d in docs if d.title]
    if not titled:
        return points[0].statement if points else "Brief"
    weight = Counter(t for p in points for t in set(content_stems(p.statement)) for _ in p.doc_ids)
    best = max(titled, key=lambda d: sum(weight[t] for t in set(content_stems(d.title or ""))))
    return best.title or "Brief"
