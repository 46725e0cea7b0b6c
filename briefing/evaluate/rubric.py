"""Score a brief against a rubric: points recalled, outlet counts, noise, quotes, figures."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from briefing.schemas import Brief, Citation
from briefing.text.matching import normalize
from briefing.text.numbers import missing_numbers


class PointResult(BaseModel):
    id: str
    recalled: bool
    expected_sources: int
    got_sources: int
    exact_sources: bool
    matched: str | None


class Evaluation(BaseModel):
    points: int
    recalled: int
    counts_exact: int
    sources_exact: int
    noise_leaked: list[str]
    quotes: int
    quotes_verbatim: int
    quote_credits: int
    quote_credits_right: int
    figures: int
    figures_grounded: int
    per_point: list[PointResult]

    def lines(self) -> list[str]:
        """The figures, one per line, for a terminal."""
        return [
            f"points recalled        {self.recalled}/{self.points}",
            f"corroboration exact    {self.counts_exact}/{self.points}",
            f"same source set        {self.sources_exact}/{self.points}",
            f"noise strings leaked   {len(self.noise_leaked)}",
            f"quotes verbatim        {self.quotes_verbatim}/{self.quotes}",
            f"quote credits right    {self.quote_credits_right}/{self.quote_credits}",
            f"figures grounded       {self.figures_grounded}/{self.figures}",
        ]


def load_rubric(path: str | Path) -> dict:
    """Read a rubric file (JSON)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _units(brief: Brief) -> list[tuple[str, set[str]]]:
    """Everything a reader sees that can carry a point, with the documents behind it."""
    units = [(p.statement, set(p.doc_ids)) for p in brief.key_points]
    units += [(q.text, {c.doc_id for c in q.citations}) for q in brief.quotes]
    units += [
        (f"{f.value} {f.measures} {f.change or ''}", {c.doc_id for c in f.citations})
        for f in brief.figures
    ]
    return units


def _matches(text: str, terms: list[list[str]]) -> bool:
    low = text.lower()
    return all(any(word.lower() in low for word in group) for group in terms)


def _score_point(
    point: dict, units: list[tuple[str, set[str]]], doc_of: dict[str, str]
) -> PointResult:
    expected = {doc_of[s] for s in point["sources"] if s in doc_of}
    hits = [u for u in units if _matches(u[0], point["terms"])]
    # Term matching over-matches; the unit with the widest support is the brief's claim.
    best = max(hits, key=lambda u: len(u[1]), default=None)
    got = best[1] if best else set()
    return PointResult(
        id=point["id"],
        recalled=best is not None,
        expected_sources=len(expected),
        got_sources=len(got),
        exact_sources=got == expected,
        matched=best[0] if best else None,
    )


def _span_ok(brief: Brief, c: Citation) -> bool:
    doc = brief.document(c.doc_id)
    return doc.text[c.span.start : c.span.end] == c.span.text


def evaluate(brief: Brief, rubric: dict, rendered: str) -> Evaluation:
    """Compare a brief (and its rendered text) with a rubric's careful reading."""
    names = {Path(d.source).name: d.id for d in brief.sources}
    doc_of = {key: names[f] for key, f in rubric["files"].items() if f in names}
    units = _units(brief)
    per_point = [_score_point(p, units, doc_of) for p in rubric["facts"]]
    low = rendered.lower()
    # A row shows one outlet's wording; each citation carries that outlet's own wording.
    quotes = [(c.span.text, c) for q in brief.quotes for c in q.citations]
    quotes += [(w.text, w.citation) for v in brief.quote_variants for w in v.wordings]
    shown_ok = all(q.text in {c.span.text for c in q.citations} for q in brief.quotes)
    verbatim = shown_ok * sum(
        1
        for text, c in quotes
        if _span_ok(brief, c) and normalize(text) in normalize(brief.document(c.doc_id).text)
    )
    # Every outlet a quote row says printed the shown words must have printed them.
    credits = [(q.text, c.doc_id) for q in brief.quotes for c in q.verbatim()]
    credited = sum(normalize(t) in normalize(brief.document(d).text) for t, d in credits)
    figures = [(f.value, c) for f in brief.figures for c in f.citations]
    grounded = sum(
        1
        for value, c in figures
        if _span_ok(brief, c) and not missing_numbers(value, [c.span.text])
    )
    return Evaluation(
        points=len(per_point),
        recalled=sum(p.recalled for p in per_point),
        counts_exact=sum(p.recalled and p.got_sources == p.expected_sources for p in per_point),
        sources_exact=sum(p.exact_sources for p in per_point),
        noise_leaked=[n for n in rubric.get("noise", []) if n.lower() in low],
        quotes=len(quotes),
        quotes_verbatim=verbatim,
        quote_credits=len(credits),
        quote_credits_right=credited,
        figures=len(figures),
        figures_grounded=grounded,
        per_point=per_point,
    )
