"""Our own JSON brief re-verified: every span it cites looked up again in the sources as they
are now, so an edited source flags exactly the items that rest on what changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from briefing.check.evidence import SourceIndex
from briefing.check.models import Evidence, Problem, ProblemCode, Unit, UnitKind, UnitVerdict
from briefing.check.quotations import speaker_problem
from briefing.schemas import Brief, Citation, Document, MatchKind, Span
from briefing.text.numbers import missing_numbers


@dataclass(frozen=True)
class Item:
    """One thing the brief states, with what it cites (and, for a quote, its speaker)."""

    kind: UnitKind
    text: str
    citations: list[Citation]
    speaker: str | None = None


def check_ours(brief: Brief, index: SourceIndex) -> list[Unit]:
    """One unit per item of the brief (bottom line, key points, figures, quotes), each span it
    cites found again in its source, or reported as changed or missing."""
    now = _match_sources(brief.sources, index.docs)
    units: list[Unit] = []
    for position, item in enumerate(items(brief)):
        found: list[Evidence] = []
        problems: list[Problem] = []
        for c in item.citations:
            evidence, problem = _reverify(c, brief.document(c.doc_id), now, index)
            if evidence:
                found.append(evidence)
            if problem:
                problems.append(problem)
        units.append(_unit(position, item, found, problems, index))
    return units


def items(brief: Brief) -> list[Item]:
    """What the brief states: its bottom line, every key point, figure and quote."""
    out = [Item(UnitKind.bottom_line, s.text, s.citations) for s in brief.bottom_line]
    out += [Item(UnitKind.key_point, p.statement, p.citations) for p in brief.key_points]
    out += [Item(UnitKind.figure, f"{f.value}: {f.measures}", f.citations) for f in brief.figures]
    out += [Item(UnitKind.quote, q.text, q.citations, q.speaker) for q in brief.quotes]
    return out


def _match_sources(then: list[Document], now: list[Document]) -> dict[str, Document]:
    """Each source of the brief to the source given now: same path or URL, else same file
    name, else the same text."""
    by_source = {d.source: d for d in now}
    by_name = {PurePath(d.source).name: d for d in now}
    by_id = {d.id: d for d in now}
    out: dict[str, Document] = {}
    for d in then:
        match = by_source.get(d.source) or by_name.get(PurePath(d.source).name) or by_id.get(d.id)
        if match is not None:
            out[d.id] = match
    return out


def _reverify(
    c: Citation, then: Document, now: dict[str, Document], index: SourceIndex
) -> tuple[Evidence | None, Problem | None]:
    doc = now.get(then.id)
    if doc is None:
        detail = f"[{c.label}] {then.source} is not among the sources given"
        return None, Problem(code=ProblemCode.source_missing, detail=detail, wrong=False)
    if doc.text[c.span.start : c.span.end] == c.span.text:
        return Evidence.of(doc, c.span.start, c.span.end, coverage=1.0), None
    moved = index.indexes[doc.id].find(c.span.text, allow_fuzzy=False)
    if moved is not None:
        return Evidence.of(doc, moved.start, moved.end, coverage=1.0), None
    near = index.indexes[doc.id].nearest(c.span.text)
    now_says = f"; it now says “{near.text}”" if near else ""
    detail = f"[{doc.label}] no longer says “{c.span.text}”{now_says}"
    return None, Problem(code=ProblemCode.span_changed, detail=detail, wrong=True)


def _unit(
    position: int, item: Item, found: list[Evidence], problems: list[Problem], index: SourceIndex
) -> Unit:
    kind, text = item.kind, item.text
    numbers = missing_numbers(text, [])
    wrong_numbers = missing_numbers(text, [e.text for e in found])
    changed = any(p.code is ProblemCode.span_changed for p in problems)
    if wrong_numbers and (found or changed):
        detail = f"{', '.join(wrong_numbers)}: not in what the item's sources say now"
        problems.append(Problem(code=ProblemCode.number_not_in_sources, detail=detail, wrong=True))
    is_quote = kind is UnitKind.quote
    speakers = _speaker_problems(item.speaker, found, index, text) if is_quote else []
    problems += speakers
    if not found:
        verdict = UnitVerdict.unsupported
    elif problems:
        verdict = UnitVerdict.partly
    else:
        verdict = UnitVerdict.supported
    return Unit(
        index=position,
        block=position,
        kind=kind,
        text=text,
        cites=sorted({c.label for c in item.citations}),
        verdict=verdict,
        evidence=found,
        problems=problems,
        numbers=len(numbers),
        quotes=int(kind is UnitKind.quote),
        speakers=int(kind is UnitKind.quote and item.speaker is not None),
    )


def _speaker_problems(
    speaker: str | None, found: list[Evidence], index: SourceIndex, text: str
) -> list[Problem]:
    """The quote's speaker as the sources that still print it attribute it."""
    if speaker is None or not found:
        return []
    hits = [(index.by_id[e.doc_id], _span(e)) for e in found]
    problem = speaker_problem(speaker, hits, index, text)
    return [problem] if problem else []


def _span(e: Evidence) -> Span:
    return Span(
        doc_id=e.doc_id, start=e.start, end=e.end, text=e.text, kind=MatchKind.exact, score=100
    )
