"""One unit of free text judged against the sources: its evidence, its problems, its verdict."""

from __future__ import annotations

from briefing.check.evidence import NEAREST_MIN, WORDING_MIN, SourceIndex
from briefing.check.figures import check_numbers
from briefing.check.models import Evidence, Problem, ProblemCode, Unit, UnitVerdict
from briefing.check.names import check_names
from briefing.check.polarity import turned_around
from briefing.check.quotations import check_quotes
from briefing.check.units import RawUnit


def judge_unit(raw: RawUnit, index: SourceIndex, common: frozenset[str], position: int) -> Unit:
    """Check what code can in one unit: numbers, quotations and speakers, names, support."""
    support = index.support(raw.text)
    numbers = check_numbers(raw.text, support, index)
    quotes = check_quotes(raw.text, index)
    names = check_names(raw.text, index, common)
    problems = [
        *numbers.problems,
        *quotes.problems,
        *names.problems,
        *turned_around(raw.text, support),
    ]
    evidence = _merged(support, quotes.evidence, numbers.evidence)
    checkable = bool(numbers.checked or quotes.checked or names.checked)
    verdict = _verdict(support, quotes.evidence, problems, checkable)
    if verdict is UnitVerdict.unsupported and not support:
        detail = "no passage of any source states this"
        problems.append(Problem(code=ProblemCode.no_supporting_span, detail=detail, wrong=False))
    nearest = [] if evidence else index.support(raw.text, NEAREST_MIN)[:2]
    return Unit(
        index=position,
        block=raw.block,
        kind=raw.kind,
        text=raw.text,
        cites=raw.cites,
        verdict=verdict,
        evidence=evidence,
        nearest=nearest,
        problems=problems,
        numbers=numbers.checked,
        quotes=quotes.checked,
        speakers=quotes.speakers,
        names=names.checked,
    )


def _verdict(
    support: list[Evidence], quoted: list[Evidence], problems: list[Problem], checkable: bool
) -> UnitVerdict:
    """Unsupported: something to check and nowhere it is stated, or every check failed;
    partly: stated, with a problem; supported: stated, nothing wrong, and either something code
    verified or most of the wording in one passage; else code cannot tell."""
    stated = bool(support or quoted)
    if not stated:
        return UnitVerdict.unsupported if checkable or problems else UnitVerdict.uncheckable
    if problems:
        return UnitVerdict.partly
    if checkable or (support and support[0].coverage >= WORDING_MIN):
        return UnitVerdict.supported
    return UnitVerdict.uncheckable


def _merged(*groups: list[Evidence]) -> list[Evidence]:
    """The evidence of all checks, each passage once, in the order found."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Evidence] = []
    for group in groups:
        for e in group:
            key = (e.doc_id, e.start, e.end)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out
