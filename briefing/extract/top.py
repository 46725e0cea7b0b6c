"""The offline top of the brief: the best-corroborated points, each as its source printed it.

The offline engine's bottom line, and the model engine's when the model's sentences cannot be
used.
"""

from __future__ import annotations

from briefing.schemas import KeyPoint, TopSentence, Writer

BOTTOM_LINE_POINTS = 2


def lead_sentences(points: list[KeyPoint]) -> list[TopSentence]:
    """The first points as the bottom line, each citing itself, with how many carry it."""
    return [
        TopSentence(
            text=p.statement,
            cites=[p.id],
            citations=p.citations,
            sources=p.corroboration,
            written_by=Writer.offline,
        )
        for p in points[:BOTTOM_LINE_POINTS]
    ]
