"""Checks every brief must pass, whichever engine read the sources."""

from __future__ import annotations

from collections.abc import Iterator

from briefing.schemas import Brief, Span
from briefing.text.matching import normalize


def all_spans(brief: Brief) -> Iterator[Span]:
    for p in brief.key_points:
        yield from (c.span for c in p.citations)
    for q in brief.quotes:
        yield from (c.span for c in q.citations)
    for f in brief.figures:
        yield from (c.span for c in f.citations)
    for v in brief.quote_variants:
        yield from (w.citation.span for w in v.wordings)


def assert_spans_hold(brief: Brief) -> int:
    """Every span's offsets give its text, and every quote is verbatim in its source."""
    docs = {d.id: d for d in brief.sources}
    spans = list(all_spans(brief))
    for span in spans:
        assert docs[span.doc_id].text[span.start : span.end] == span.text, span
    for q in brief.quotes:
        assert q.verbatim(), q
        for c in q.citations:
            assert normalize(c.span.text) in normalize(docs[c.doc_id].text)
        # The shown wording is in every outlet said to print it.
        for c in q.verbatim():
            assert normalize(q.text) in normalize(docs[c.doc_id].text), (q.text, c.label)
    return len(spans)
