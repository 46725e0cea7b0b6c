"""Every number of a unit: does a source carry it, and does it measure the same thing there?"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.check.evidence import SourceIndex
from briefing.check.models import Evidence, Problem, ProblemCode
from briefing.check.polarity import OPPOSITES
from briefing.text.measures import measure_groups
from briefing.text.numbers import Number, numbers_in, same_number

# A clause ends at these: "revenue rose 17%, while profit fell 3%" measures two things.
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s(?:and|while|but|whereas|as|after|compared)\s|\s-\s")


@dataclass
class NumberFindings:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def check_numbers(text: str, support: list[Evidence], index: SourceIndex) -> NumberFindings:
    """Each number of text, found in the supporting passages or elsewhere in the sources, with
    what it measures compared; a number no source carries names the nearest one of its kind."""
    found = NumberFindings()
    for claimed in numbers_in(text):
        found.checked += 1
        places = _places(claimed, support, index)
        if not places:
            found.problems.append(_not_found(claimed, text, support))
            continue
        mismatch = _measures_other(claimed, text, places)
        if mismatch and places is not (everywhere := _places(claimed, [], index)):
            mismatch = _measures_other(claimed, text, everywhere)  # no source names its measure?
        if mismatch:
            found.problems.append(mismatch)
        elif (turned := _direction_other(claimed, text, places)) is not None:
            found.problems.append(turned)
        elif not any(_overlaps(p, support) for p in places):
            found.evidence.append(places[0])
    return found


def _direction_other(claimed: Number, text: str, places: list[Evidence]) -> Problem | None:
    """ "revenue fell 12%" where every source clause with the number says it rose."""
    rising, falling = OPPOSITES[0]
    mine = set(re.findall(r"[a-z]+", _clause(text, claimed)))
    for said, other in ((rising, falling), (falling, rising)):
        if not mine & said or mine & other:
            continue
        theirs = [
            set(re.findall(r"[a-z]+", _clause(e.text, g)))
            for e in places
            for g in numbers_in(e.text, spelled=True)
            if same_number(claimed, g)
        ]
        if theirs and all(t & other and not t & said for t in theirs):
            word, own = sorted(theirs[0] & other)[0], sorted(mine & said)[0]
            detail = f"{claimed.raw}: the sentence says “{own}”, [{places[0].label}] says “{word}”"
            return Problem(code=ProblemCode.direction_differs, detail=detail, wrong=True)
    return None


def _places(claimed: Number, support: list[Evidence], index: SourceIndex) -> list[Evidence]:
    """Where the sources carry the number: the supporting passages first, then any sentence."""
    inside = [e for e in support if _has(claimed, e.text)]
    if inside:
        return inside
    out: list[Evidence] = []
    for i, p in enumerate(index.passages):
        if any(same_number(claimed, g) for g in index.numbers(i)):
            out.append(Evidence.of(p.doc, p.start, p.end))
    return out


def _has(claimed: Number, text: str) -> bool:
    return any(same_number(claimed, g) for g in numbers_in(text, spelled=True))


def _overlaps(e: Evidence, support: list[Evidence]) -> bool:
    return any(s.doc_id == e.doc_id and s.start < e.end and e.start < s.end for s in support)


def _clause(text: str, number: Number) -> str:
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    left = max((e for s, e in breaks if e <= number.start), default=0)
    right = min((s for s, e in breaks if s >= number.end), default=len(text))
    return text[left:right].lower()


def measured(text: str, number: Number) -> set[str]:
    """The measures named in the number's own clause: "revenue rose 17%" gives {"revenue"}."""
    return set(measure_groups(_clause(text, number)))


def described(text: str, number: Number, groups: set[str]) -> str:
    """The measures in words: "revenue growth" for a percentage in a clause of rising."""
    rising = OPPOSITES[0][0] | {"growth", "up"}
    change = number.percent and rising & set(re.findall(r"[a-z]+", _clause(text, number)))
    return " and ".join(f"{g} growth" if change else g for g in sorted(groups))


def _measures_other(claimed: Number, text: str, places: list[Evidence]) -> Problem | None:
    """A problem when the unit names what the number measures and no source that carries it
    names that measure in its clause, while each names another."""
    mine = measured(text, claimed)
    if not mine:
        return None
    theirs: list[tuple[set[str], Evidence]] = []
    for e in places:
        for given in numbers_in(e.text, spelled=True):
            if same_number(claimed, given):
                theirs.append((measured(e.text, given), e))
    if not theirs or any(not groups or groups & mine for groups, _ in theirs):
        return None
    groups, where = theirs[0]
    given = next(g for g in numbers_in(where.text, spelled=True) if same_number(claimed, g))
    detail = (
        f"{claimed.raw} is {described(where.text, given, groups)} in [{where.label}], "
        f"not {described(text, claimed, mine)}"
    )
    return Problem(code=ProblemCode.number_measures_other, detail=detail, wrong=True)


def _not_found(claimed: Number, text: str, support: list[Evidence]) -> Problem:
    """ "$12.5 billion: the sources say $11.5 billion [3]", or that no source has it."""
    for e in support:
        kin = [g for g in numbers_in(e.text) if _same_kind(claimed, g)]
        if kin:
            mine = measured(text, claimed)
            best = next((g for g in kin if measured(e.text, g) & mine), kin[0])
            detail = f"{claimed.raw}: the sources say {best.raw} [{e.label}]"
            return Problem(code=ProblemCode.number_not_in_sources, detail=detail, wrong=True)
    detail = f"{claimed.raw}: no source carries this number"
    return Problem(code=ProblemCode.number_not_in_sources, detail=detail, wrong=True)


def _same_kind(a: Number, b: Number) -> bool:
    """Both percentages, or both amounts of the same order written with a scale word or not."""
    if a.percent or b.percent:
        return a.percent and b.percent
    return a.scaled == b.scaled and ("$" in a.raw) == ("$" in b.raw)
