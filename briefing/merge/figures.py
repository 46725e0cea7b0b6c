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


# A measure word in more rows than this (at hundreds of documents: "revenue", "percent") cannot
# tell which two rows measure the same thing; comparing through it would be quadratic.
MEASURE_BLOCK_CAP = 200


def _figure_disagreements(rows: list[FigureRow]) -> list[Disagreement]:
    """Different values for the same measure reported by different documents.

    Only rows of the same unit that share a measure word are compared, found through an
    index of those words, not by comparing every pair of rows.
    """
    keys = [_figure_key(r.value) for r in rows]
    stems = [set(content_stems(r.measures)) for r in rows]
    postings: dict[tuple[object, str], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            for t in sorted(stems[i]):
                postings[(key[0][1], t)].append(i)
    pairs = {
        pair
        for ids in postings.values()
        if len(ids) <= MEASURE_BLOCK_CAP
        for pair in combinations(ids, 2)
    }
    out = []
    for i, j in sorted(pairs):
        a, b = rows[i], rows[j]
        if {c.doc_id for c in a.citations} == {c.doc_id for c in b.citations}:
            continue  # one outlet giving two numbers is not a disagreement between outlets
        if _same_currency(a.value, b.value):
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
