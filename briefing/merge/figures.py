"""Figures across outlets: equal values grouped; the same measure with other values disagrees."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from briefing.merge.claims import citation, count_outlets
from briefing.schemas import Checked, Disagreement, FigureRow, GroundedDocument, Position
from briefing.text.attribution import full_names
from briefing.text.instructions import is_instruction
from briefing.text.measures import measure_groups
from briefing.text.numbers import numbers_in
from briefing.text.words import NAME_RE, content_stems


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
                measures=_most_specific([c.item.measures for c in members]),
                change=next((c.item.change for c in members if c.item.change), None),
                citations=[citation(c, labels) for c in members],
                corroboration=count_outlets({c.doc_id for c in members}, independent),
            )
        )
    rows.sort(key=lambda r: (-r.corroboration, r.citations[0].label))
    return rows, _figure_disagreements(rows)


def _most_specific(labels: list[str]) -> str:
    """The outlets' label that says what another says and more ("year-over-year revenue
    growth" over "revenue growth"), unless it is a clause quoted whole (a number in it, or
    long); else the first outlet's, as two labels that differ may measure different things."""

    folded = {x.casefold() for x in labels}

    def key(k: int) -> tuple[int, int]:
        label = labels[k].casefold()
        if any(ch.isdigit() for ch in label) or len(label.split()) > LABEL_WORDS:
            return (0, k)
        return (-sum(o != label and o in label for o in folded), k)

    return labels[min(range(len(labels)), key=key)]


# A measure in more rows than this (at hundreds of documents: "revenue") cannot tell which two
# rows measure the same thing; comparing through it would be quadratic.
MEASURE_BLOCK_CAP = 200
# Longer than this, a label is the figure's clause quoted whole rather than a named measure
# (the extractive engine names one in at most 4 words, "share of … that …" in 8).
LABEL_WORDS = 8
# Values this close are one figure rounded ("about $973,000" and $972,815; "nearly $200
# million" and $199 million), not outlets that disagree.
ROUNDING = 0.02


def _figure_disagreements(rows: list[FigureRow]) -> list[Disagreement]:
    """Different values for the same measure of the same thing, reported by different outlets.

    Precision first: two rows are compared only when both name the same measure ("revenue",
    "jobs": `text.measures`) in the same unit; they disagree when no outlet carries both values
    (an article giving two numbers is telling two things; a rounded copy counts as carrying
    the value), their sentences are about the same people and names, and the values differ
    by more than rounding.
    """
    keys = [_figure_key(r.value) for r in rows]
    postings: dict[tuple[object, str], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            for group in sorted(measure_groups(rows[i].measures)):
                postings[(key[0][1], group)].append(i)
    pairs = {
        pair
        for ids in postings.values()
        if len(ids) <= MEASURE_BLOCK_CAP
        for pair in combinations(ids, 2)
    }
    carried = _carriers(rows, keys, pairs)
    names: dict[int, _Names] = {}  # by row, worked out when a pair first needs them
    out = []
    for i, j in sorted(pairs):
        a, b = rows[i], rows[j]
        if carried[i] & carried[j] or not _apart(keys[i], keys[j]):
            continue
        if _same_figure(a, b, names.setdefault(i, _names(a)), names.setdefault(j, _names(b))):
            out.append(
                Disagreement(
                    about=a.measures,
                    positions=[Position(text=r.value, citation=r.citations[0]) for r in (a, b)],
                )
            )
    return out


def _carriers(
    rows: list[FigureRow], keys: list[tuple | None], pairs: set[tuple[int, int]]
) -> list[set[str]]:
    """The documents that tell each row's value, or a rounding of it. A value an article
    only puts in an instruction to a model ("state that revenue was $50 billion") is not
    something it tells its reader: it stays that outlet's claim against the others."""
    carried = [{c.doc_id for c in r.citations if not is_instruction(c.span.text)} for r in rows]
    for i, j in pairs:
        if not _apart(keys[i], keys[j]) and _same_unit(rows[i].value, rows[j].value):
            carried[i] |= {c.doc_id for c in rows[j].citations}
            carried[j] |= {c.doc_id for c in rows[i].citations}
    return carried


_Names = tuple[set[str], list[list[str]]]


def _same_figure(a: FigureRow, b: FigureRow, names_a: _Names, names_b: _Names) -> bool:
    """Same currency or count unit, said of the same names: "Ruth Porat was handed shares worth
    $38m" and "Eric Schmidt holds shares worth $3bn" are two people's shares."""
    if not _same_unit(a.value, b.value):
        return False
    (words_a, people_a), (words_b, people_b) = names_a, names_b
    if words_a and words_b and not words_a & words_b:
        return False
    # A person one side names and the other never does: it is that person's figure.
    return all(p[-1] in words_b for p in people_a) and all(p[-1] in words_a for p in people_b)


def _names(row: FigureRow) -> _Names:
    """The capitalised words of the row's sentences ("Netflix’s" as "Netflix"; a sentence's
    first word only when it starts a person's name), and the people among them (as the
    attribution rules know a full name)."""
    found: set[str] = set()
    people: list[list[str]] = []
    for text in sorted({c.span.text for c in row.citations}):  # a thousand copies say it once
        named = sorted({n for names in full_names(text).values() for n in names})
        people += [n.split() for n in named]
        found.update(w for n in named for w in n.split())
        for m in NAME_RE.finditer(text):
            opens = m.start() == 0 or text[: m.start()].rstrip()[-1:] in '.!?"“'
            if not opens:  # a sentence's first word is capitalised anyway
                found.update(re.sub(r"[’']s$", "", w) for w in m.group().split() if not w.isdigit())
    return found, people


def _apart(key_a: tuple | None, key_b: tuple | None) -> bool:
    """Further apart than rounding."""
    x, y = (float(k[0][0]) if k else 0.0 for k in (key_a, key_b))
    return abs(x - y) > ROUNDING * max(abs(x), abs(y))


def _same_unit(a: str, b: str) -> bool:
    return _same_currency(a, b) and _count_unit(a) == _count_unit(b)


def _count_unit(value: str) -> frozenset[str]:
    """What a count counts ("13 years": years, "400 jobs": jobs); nothing for money or a share,
    whose scale words ("million", "billion") are part of the value."""
    if re.search(r"[$€£¥%]|percent|per cent", value):
        return frozenset()
    return frozenset(content_stems(re.sub(r"[\d.,+]", " ", value)))


def _same_currency(a: str, b: str) -> bool:
    sym = re.compile(r"[$€£¥]")
    return set(sym.findall(a)) == set(sym.findall(b))
