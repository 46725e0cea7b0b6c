"""Which points each part of a brief shows: the same for Markdown, HTML and the email."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing.ground.top import position_outlets, value_outlets
from briefing.schemas import (
    Brief,
    Citation,
    Disagreement,
    Document,
    DuplicatePair,
    FigureRow,
    KeyPoint,
    Length,
    QuoteRow,
    QuoteVariant,
    SpellingVariant,
    Writer,
)
from briefing.select.standalone import is_commentary
from briefing.text.numbers import numbers_in
from briefing.text.words import content_stems

MAX_SINGLE_SHOWN = 5  # "only one source reports": a handful of claims, the rest under More
MAX_MORE_SHOWN = 15  # past this, "More" gives a count: the JSON brief keeps every point
MAX_FIGURES = 6  # "by the numbers": the figures a reader needs, not every number printed
MAX_QUOTES = 3  # "what they're saying": the statements that carry the story
SUBSTANTIAL_QUOTE = 4  # content words a quote one outlet carries needs ("This just isn't right")
# Each list under "Where sources differ" shows this many; the JSON brief keeps all. At a
# thousand documents the figures that disagree alone ran to 6,000 lines.
MAX_DIFFERENCES = 8
# Past this many sources the Markdown lists those it cites and counts the rest: at 5,000
# documents the list alone was most of the brief.
MAX_SOURCES_LISTED = 40
# A point a hundred outlets carry shows this many markers and counts the rest; its "n of N"
# already says how many carry it.
MAX_MARKERS = 12


@dataclass(frozen=True)
class Sections:
    """Key points several outlets carry, claims only one carries, and the rest."""

    multi: list[KeyPoint]
    single: list[KeyPoint]
    more: list[KeyPoint]
    more_hidden: int  # points past MAX_MORE_SHOWN, only in the JSON brief
    figures: list[FigureRow]
    more_figures: list[FigureRow]
    quotes: list[QuoteRow]
    more_quotes: list[QuoteRow]
    more_rows_hidden: int  # figures and quotes past MAX_MORE_SHOWN


@dataclass(frozen=True)
class Differences:
    """What "Where sources differ" shows, each list bounded, and how many it leaves out."""

    figures: list[Disagreement]
    terms: list[Disagreement]
    quotes: list[QuoteVariant]
    spellings: list[SpellingVariant]
    copies: list[DuplicatePair]
    off_topic: list[str]
    hidden: int


def differences(brief: Brief) -> Differences:
    """The brief's differences, at most MAX_DIFFERENCES of each kind unless its length is full."""
    limit = None if brief.length is Length.full else MAX_DIFFERENCES
    lists = (
        brief.disagreements,
        brief.term_disagreements,
        brief.quote_variants,
        brief.spelling_variants,
        brief.duplicates,
        brief.off_topic,
    )
    hidden = sum(len(x) - len(x[:limit]) for x in lists)
    return Differences(
        brief.disagreements[:limit],
        brief.term_disagreements[:limit],
        brief.quote_variants[:limit],
        brief.spelling_variants[:limit],
        brief.duplicates[:limit],
        brief.off_topic[:limit],
        hidden,
    )


# How many singles, figures and quotes each length shows (None: all of them).
LIMITS: dict[Length, tuple[int | None, int | None, int | None]] = {
    Length.short: (3, 3, 2),
    Length.standard: (MAX_SINGLE_SHOWN, MAX_FIGURES, MAX_QUOTES),
    Length.full: (None, None, None),
}


def sections(brief: Brief, more_limit: int | None = MAX_MORE_SHOWN) -> Sections:
    """The points in the order the selection gave, none that the bottom line prints as it is."""
    printed = {cid for s in brief.bottom_line if s.written_by is Writer.offline for cid in s.cites}
    # Sets of the brief's id lists: at 5,000 documents there are tens of thousands of points.
    more_ids, single_ids = set(brief.more), set(brief.single_source)
    left = [p for p in brief.key_points if p.id not in printed]
    shown = [p for p in left if p.id not in more_ids]
    # What one outlet alone says is shown when it is a claim; its comment waits under More.
    max_single, max_figures, max_quotes = LIMITS[brief.length]
    alone = [p for p in shown if p.id in single_ids]
    single = [p for p in alone if not is_commentary(p.statement)]
    everything = brief.length is Length.full
    top = [s.text for s in brief.bottom_line]
    outvoted = _outvoted(brief)
    figures = list(brief.figures)
    if not everything:
        figures = shown_figures(brief, top, shown, outvoted)[:max_figures]
    # A quote the documents attribute says more than one they print without a speaker.
    ranked = sorted(brief.quotes, key=lambda q: q.speaker is None)
    # A quote a point above prints in full, with its speaker, is not printed twice.
    said = [*top, *(p.statement for p in shown)]
    ranked = [q for q in ranked if everything or not _printed_in(q, said)]
    quotes = [q for q in ranked if everything or _substantial(q)][:max_quotes]
    # Past the budget: what several outlets carry first, then claims of one outlet.
    past = [p for p in left if p.id in more_ids]
    comment = [p for p in alone if is_commentary(p.statement)]
    more = [p for p in past if p.corroboration > 1] + single[max_single or len(single) :] + comment
    more += [p for p in past if p.corroboration == 1]
    more_figures = [
        f for f in brief.figures if f not in figures and (f.value, f.corroboration) not in outvoted
    ]
    more_quotes = [q for q in brief.quotes if q not in quotes]
    return Sections(
        multi=[p for p in shown if p.id not in single_ids],
        single=single[:max_single],
        more=more[:more_limit],
        more_hidden=len(more) - len(more[:more_limit]),
        figures=figures,
        more_figures=more_figures[:more_limit],
        quotes=quotes,
        more_quotes=more_quotes[:more_limit],
        more_rows_hidden=len(more_figures[more_limit or len(more_figures) :])
        + len(more_quotes[more_limit or len(more_quotes) :]),
    )


def shown_figures(
    brief: Brief, top: list[str], shown: list[KeyPoint], outvoted: set[tuple[str, int]]
) -> list[FigureRow]:
    """Figures the shown text states, figures several outlets carry, figures that disagree,
    none that one outlet gives against more."""
    stated = {n.value for text in [*top, *(p.statement for p in shown)] for n in numbers_in(text)}
    disputed = {pos.text for d in brief.disagreements for pos in d.positions}
    picked = [
        f
        for f in brief.figures
        if (f.value, f.corroboration) not in outvoted
        and (
            f.corroboration > 1
            or f.value in disputed
            or any(n.value in stated for n in numbers_in(f.value))
        )
    ]
    return picked


def _outvoted(brief: Brief) -> set[tuple[str, int]]:
    """Values one outlet gives against a value more outlets give: they are shown only under
    "Where sources differ", as that outlet's claim, never as a number of the story."""
    out = set()
    outlets = value_outlets(brief.figures)
    for d in brief.disagreements:
        counts = [position_outlets(p, outlets) for p in d.positions]
        out |= {(p.text, 1) for p, n in zip(d.positions, counts, strict=True) if n == 1}
        if max(counts) == 1:
            out -= {(p.text, 1) for p in d.positions}  # one against one: both are the dispute
    return out


def _printed_in(quote: QuoteRow, texts: list[str]) -> bool:
    """Some outlet's wording of the quote stands inside one of the texts."""
    wordings = {" ".join(c.span.text.casefold().split()) for c in quote.citations}
    flat = [" ".join(t.casefold().split()) for t in texts]
    return any(w and w in t for w in wordings for t in flat)


def _substantial(quote: QuoteRow) -> bool:
    """Several outlets carry it, or it says enough to stand as a statement."""
    return quote.corroboration > 1 or len(set(content_stems(quote.text))) >= SUBSTANTIAL_QUOTE


def shown_labels(citations: Iterable[Citation]) -> list[int]:
    """The labels a line shows: one per document, in label order, at most MAX_MARKERS."""
    return sorted({c.label for c in citations})[:MAX_MARKERS]


def hidden_labels(citations: Iterable[Citation]) -> int:
    """How many of a line's documents have no label of their own (past MAX_MARKERS)."""
    return max(0, len({c.label for c in citations}) - MAX_MARKERS)


def page_citations(brief: Brief, parts: Sections, differ: Differences) -> list[list[Citation]]:
    """The citations of each line the brief shows, as each line shows them."""
    lines: list[list[Citation]] = [s.citations for s in [*brief.bottom_line, *brief.why_it_matters]]
    lines += [p.citations for p in [*parts.multi, *parts.single, *parts.more]]
    lines += [f.citations for f in [*parts.figures, *parts.more_figures]]
    lines += [q.citations for q in [*parts.quotes, *parts.more_quotes]]
    lines += [[p.citation for p in d.positions] for d in [*differ.figures, *differ.terms]]
    lines += [[w.citation for w in v.wordings] for v in differ.quotes]
    lines += [[s.citation] for s in differ.spellings if s.citation]
    return lines


def listed_sources(brief: Brief, parts: Sections, differ: Differences) -> list[Document]:
    """Every source when there are few; else every source whose marker the brief shows."""
    if len(brief.sources) <= MAX_SOURCES_LISTED or brief.length is Length.full:
        return list(brief.sources)
    labels = {n for line in page_citations(brief, parts, differ) for n in shown_labels(line)}
    cited = set(differ.off_topic) | {d for pair in differ.copies for d in pair.doc_ids}
    for v in differ.spellings:
        cited.update([*v.variant_doc_ids, *v.canonical_doc_ids])
    return [d for d in brief.sources if d.id in cited or d.label in labels]
