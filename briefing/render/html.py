"""What the HTML brief's template needs: cited passages in context and highlighted sources.

Everything here works on offsets into `Document.text` and returns plain strings; the template
escapes them (autoescape), so no source text ever reaches the page unescaped.
"""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from briefing.render.sections import (
    MAX_MARKERS,
    MAX_SOURCES_LISTED,
    differences,
    listed_sources,
    page_citations,
    sections,
)
from briefing.schemas import Brief, Citation, Document, Length, Span

HTML_MORE_SHOWN = 25  # rows of each kind under "More" in a brief of many sources
HTML_TEXTS_SHOWN = 40  # sources whose whole cleaned text such a page carries
CONTEXT_CHARS = 500  # at most this much of a long paragraph on each side of a cited span


@dataclass(frozen=True)
class Segment:
    """A stretch of a document's text, highlighted or not, with its offsets."""

    text: str
    start: int
    end: int
    marked: bool


@dataclass(frozen=True)
class Excerpt:
    """One cited span inside (a window of) its paragraph, and where it sits in the sources."""

    span: Span
    cited: str
    before: str
    after: str
    clipped_before: bool
    clipped_after: bool
    anchor: str


@dataclass(frozen=True)
class Evidence:
    """What one citation marker opens: a document's spans for one item."""

    id: str
    doc: Document
    excerpts: list[Excerpt]


@dataclass(frozen=True)
class Marker:
    label: int
    target: str


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint ranges; overlapping or touching ones become one, empty ones go."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def segments(text: str, ranges: Iterable[tuple[int, int]]) -> list[Segment]:
    """The whole text cut into plain and highlighted stretches, highlights merged first."""
    out: list[Segment] = []
    pos = 0
    for start, end in merge_ranges(ranges):
        if start > pos:
            out.append(Segment(text[pos:start], pos, start, False))
        out.append(Segment(text[start:end], start, end, True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:], pos, len(text), False))
    return out


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around text[start:end]: from the line break before to the one after."""
    begin = text.rfind("\n", 0, start) + 1
    stop = text.find("\n", end)
    return begin, len(text) if stop == -1 else stop


def excerpt(doc: Document, span: Span, anchor: str = "") -> Excerpt:
    """The span in its paragraph, sliced by offsets; long paragraphs are cut at a word."""
    begin, stop = paragraph_bounds(doc.text, span.start, span.end)
    before = doc.text[begin : span.start]
    after = doc.text[span.end : stop]
    clipped_before = len(before) > CONTEXT_CHARS
    clipped_after = len(after) > CONTEXT_CHARS
    if clipped_before:
        before = before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if clipped_after:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0]
    cited = doc.text[span.start : span.end]
    return Excerpt(
        span, cited, before.lstrip(), after.rstrip(), clipped_before, clipped_after, anchor
    )


def by_label(citations: Iterable[Citation]) -> Iterator[tuple[int, list[Citation]]]:
    """Citations grouped per document in label order, each span once, as markers show them."""
    unique = {(c.label, c.span.start, c.span.end): c for c in citations}
    ordered = [unique[k] for k in sorted(unique)]
    for label, group in groupby(ordered, key=lambda c: c.label):
        yield label, list(group)


def evidence_id(label: int, citations: list[Citation]) -> str:
    """A stable element id from the document label and span offsets."""
    return f"ev-{label}-" + "-".join(f"{c.span.start}-{c.span.end}" for c in citations)


def markers(citations: Iterable[Citation]) -> list[Marker]:
    """One marker per cited document, pointing at the evidence popover it opens; those of the
    labels the line shows (`hidden_labels` counts the rest), as the Markdown brief shows them."""
    return [Marker(label, evidence_id(label, group)) for label, group in _shown_groups(citations)]


def _shown_groups(citations: Iterable[Citation]) -> list[tuple[int, list[Citation]]]:
    return list(by_label(citations))[:MAX_MARKERS]


def all_citations(brief: Brief) -> Iterator[list[Citation]]:
    """Every citation list shown next to something in the brief."""
    yield from (p.citations for p in brief.key_points)
    yield from (f.citations for f in brief.figures)
    yield from (q.citations for q in brief.quotes)
    for variant in brief.quote_variants:
        yield from ([w.citation] for w in variant.wordings)
    for disagreement in [*brief.disagreements, *brief.term_disagreements]:
        yield from ([p.citation] for p in disagreement.positions)
    yield from ([s.citation] for s in brief.spelling_variants if s.citation)


def cited_ranges(brief: Brief) -> dict[str, list[tuple[int, int]]]:
    """Every cited span of the brief, merged per document id."""
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for group in all_citations(brief):
        for c in group:
            ranges[c.doc_id].append((c.span.start, c.span.end))
    return {doc_id: merge_ranges(r) for doc_id, r in ranges.items()}


def anchor_id(doc: Document, start: int) -> str:
    return f"src-{doc.label}-{start}"


def _anchor(doc: Document, merged: list[tuple[int, int]], span: Span) -> str:
    # The merged highlight that holds the span, so a popover can link to it in the sources.
    i = bisect_right(merged, (span.start, len(doc.text) + 1)) - 1
    return anchor_id(doc, merged[i][0]) if i >= 0 else f"source-{doc.label}"


def collect_evidence(
    brief: Brief, lines: Iterable[list[Citation]] | None = None
) -> dict[str, Evidence]:
    """Every popover the page needs, keyed by the id its markers point at: for the citation
    lines given (those the page shows), else for every citation of the brief."""
    docs = {d.id: d for d in brief.sources}
    merged = cited_ranges(brief)
    found: dict[str, Evidence] = {}
    for citations in all_citations(brief) if lines is None else lines:
        for label, group in _shown_groups(citations):
            doc = docs[group[0].doc_id]
            parts = [excerpt(doc, c.span, _anchor(doc, merged[doc.id], c.span)) for c in group]
            found.setdefault(evidence_id(label, group), Evidence("", doc, parts))
    return {key: Evidence(key, ev.doc, ev.excerpts) for key, ev in found.items()}


def source_href(source: str) -> str | None:
    """A link for web sources only: a path, '-' or a javascript: URL is never a link."""
    return source if re.match(r"https?://[^\s]+$", source, re.I) else None


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_context(brief: Brief) -> dict[str, object]:
    """Everything brief.html.j2 renders besides the brief itself. A brief of many sources is
    bounded as the Markdown one is: "More" holds HTML_MORE_SHOWN rows, and only the sources
    the page cites are listed with their text (2,000 syndicated copies made a 34 MB page)."""
    many = len(brief.sources) > MAX_SOURCES_LISTED and brief.length is not Length.full
    # Folded away, so the page can hold many more than the Markdown brief.
    parts = sections(brief, more_limit=HTML_MORE_SHOWN if many else None)
    differ = differences(brief)
    listed = listed_sources(brief, parts, differ)
    merged = cited_ranges(brief)
    lines = page_citations(brief, parts, differ) if many else None
    return {
        "evidence": collect_evidence(brief, lines),
        # Past HTML_TEXTS_SHOWN sources a page lists, a source's cleaned text waits in the
        # JSON brief; its cited passages stay in the popovers.
        "highlighted": {
            d.id: segments(d.text, merged.get(d.id, []))
            for d in (listed[:HTML_TEXTS_SHOWN] if many else listed)
        },
        "listed": listed,
        "unlisted": len(brief.sources) - len(listed),
        "top": brief.bottom_line,
        "why": brief.why_it_matters,
        "single": parts.single,
        "multi": parts.multi,
        "more": parts.more,
        "more_hidden": parts.more_hidden,
        "figures": parts.figures,
        "more_figures": parts.more_figures,
        "quotes": parts.quotes,
        "more_quotes": parts.more_quotes,
        "differ": differ,
    }
