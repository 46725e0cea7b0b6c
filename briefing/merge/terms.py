"""One claim, worded so that it disagrees: outlets that tie the same result to different
benchmarks ("below its forecast" against "below expectations") or in different directions
("beat" against "missed"). A company's own forecast and the market's expectations are two
different claims, and a reader must see which outlet said which."""

from __future__ import annotations

import re

from briefing.schemas import Citation, Disagreement, KeyPoint, Position

_DIRECTION = {
    "below": "under", "short of": "under", "missed": "under", "missing": "under",
    "misses": "under", "under": "under", "above": "over", "ahead of": "over", "beat": "over",
    "beating": "over", "beats": "over", "exceeded": "over", "exceeding": "over", "topped": "over",
    "in line with": "level", "matched": "level", "met": "level",
}  # fmt: skip
_BENCHMARK = {
    "forecast": "its own forecast", "forecasts": "its own forecast", "guidance": "its own forecast",
    "outlook": "its own forecast", "projection": "its own forecast",
    "projections": "its own forecast", "expectations": "expectations",
    "expectation": "expectations", "estimates": "expectations", "estimate": "expectations",
    "consensus": "expectations",
}  # fmt: skip
COMPARISON = re.compile(
    r"\b(?P<direction>" + "|".join(sorted(_DIRECTION, key=len, reverse=True)) + r")\s+"
    r"(?:(?:its|the|their|analysts’?'?|wall street(?:’s|'s)?|the company(?:’s|'s)?|own|"
    r"quarterly|market)\s+){0,3}"
    r"(?P<benchmark>" + "|".join(sorted(_BENCHMARK, key=len, reverse=True)) + r")\b",
    re.I,
)


def comparisons(point: KeyPoint) -> list[tuple[tuple[str, str], Citation, str]]:
    """What each outlet's wording compares the result with: ((direction, benchmark), where)."""
    out = []
    for c in point.citations:
        m = COMPARISON.search(c.span.text)
        if m:
            key = (_DIRECTION[m["direction"].lower()], _BENCHMARK[m["benchmark"].lower()])
            out.append((key, c, m.group()))
    return out


def term_disagreements(points: list[KeyPoint]) -> list[Disagreement]:
    """Points whose outlets compare the same result with different benchmarks or directions."""
    found = []
    for point in points:
        seen = comparisons(point)
        if len({key for key, _, _ in seen}) > 1:
            found.append(
                Disagreement(
                    about=point.statement,
                    positions=[Position(text=phrase, citation=c) for _, c, phrase in seen],
                )
            )
    return found
