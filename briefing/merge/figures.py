"""Figures across outlets: equal values grouped; the same measure with other values disagrees."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from briefing.merge.claims import citation, count_outlets
from briefing.schemas import Checked, Disagreement, FigureRow, GroundedDocument, Position
from briefing.text.numbers import numbers_in
from briefing.text.words import content_stems


def _figure_key(value: str) -> tuple | None:
    nums = numbers_in(value)
    if not nums:
        return None
    return tuple((n.value, n.percent) for n in nums)


def figure_rows(
    grounded: list[GroundedDocument], labels: dict[str, int], independent: dict[str, str]
) -> tuple[list[FigureRow], list[Disagreement]]:
    """Group equal values across documents; same measure with different values disagrees."""
    groups: dict[tuple, list[Checked]] = defaultdict(list)
    for g in grounded:
        for c in g.figures:
            key = _figure_key(c.item.value)
            if c.kept and key:
                groups[key].append(c)
    rows = []
    for members in groups.values():
        members.sort(key=lambda c: labels[c.doc_id])
        first = members[0].item
        rows.append(
            FigureRow(
                value=first.value,
                measures=first.measures,
                change=next((c.item.change for c in members if c.item.change), None),
                citations=[citation(c, labels) for c in members],
                corroboration=count_outlets({c.doc_id for c in members}, independent),
            )
        )
    rows.sort(key=lambda r: (-r.corroboration, r.citations[0].label))
    return rows, _figure_disagreements(rows)


def _figure_disagreements(rows: list[FigureRow]) -> list[Disagreement]:
    """Different values for the same measure reported by different documents."""
    out = []
    for a, b in combinations(rows, 2):
        ka, kb = _figure_key(a.value), _figure_key(b.value)
        if not ka or not kb or ka[0][1] != kb[0][1]:
            continue
        if {c.doc_id for c in a.citations} == {c.doc_id for c in b.citations}:
            continue  # one outlet giving two numbers is not a disagreement between outlets
        shared = set(content_stems(a.measures)) & set(content_stems(b.measures))
        if shared and _same_currency(a.value, b.value):
            out.append(
                Disagreement(
                    about=a.measures,
                    positions=[Position(text=r.value, citation=r.citations[0]) for r in (a, b)],
                )
            )
    return out


def _same_currency(a: str, b: str) -> bool:
    sym = re.compile(r"[$€£¥]")
    return set(sym.findall(a)) == set(sym.findall(b))
