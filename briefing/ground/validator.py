"""The validator: check every extracted item against the exact characters of its document.

It does not care who produced the items (a model or the offline engine): each excerpt must be
found, numbers must occur in the evidence, quotes must be verbatim, inside quotation marks and
attributed to someone named nearby, and names must occur in the document.
"""

from __future__ import annotations

from typing import Any

from briefing.ground.attribution import SpeakerCheck, check_speaker
from briefing.ground.names import unknown_names
from briefing.schemas import (
    Checked,
    Document,
    Entity,
    Extraction,
    Fact,
    Figure,
    GroundedDocument,
    Issue,
    IssueCode,
    ItemT,
    Quote,
    Span,
    Verdict,
)
from briefing.text.attribution import Speakers
from briefing.text.instructions import is_instruction
from briefing.text.matching import IndexedText, altered_words, normalize
from briefing.text.numbers import missing_numbers, numbers_in
from briefing.text.quotes import QUOTE_EDGES

# A nearest text this close is the excerpt with a few words changed, not another sentence. On
# the grounding benchmark's workload (benchmarks/grounding.py, 200 documents), excerpts with a
# substituted word score 90 or more in 95% of cases (median 96), with a changed number 95 or
# more; of 400 sentences from another outlet's article, 2 reach 85 with at most three changes.
ALTERED_MIN_SCORE = 85.0

# Each kind's own Checked model, so that an item is validated as what it is.
_CHECKED: dict[type, Any] = {
    Fact: Checked[Fact],
    Quote: Checked[Quote],
    Figure: Checked[Figure],
    Entity: Checked[Entity],
}


def _checked(
    item: ItemT, item_id: str, doc: Document, spans: list[Span], issues: list[Issue], expected: int
) -> Checked[ItemT]:
    """Wrap an item with what was found: grounded, partial (some issue) or ungrounded (nothing)."""
    if not spans:
        verdict = Verdict.ungrounded
    elif len(spans) == expected and not issues:
        verdict = Verdict.grounded
    else:
        verdict = Verdict.partial
    checked: type[Checked[ItemT]] = _CHECKED[type(item)]
    return checked(
        id=item_id, doc_id=doc.id, item=item, spans=spans, verdict=verdict, issues=issues
    )


def locate(index: IndexedText, excerpt: str, what: str) -> tuple[Span | None, Issue | None]:
    """Find one excerpt (fuzzy allowed); else, when the document has it with a few words
    changed, the place and the changes (the item is then partial); else what came closest."""
    span = index.find(excerpt)
    if span is not None:
        return span, None
    nearest = _one_paragraph(index.nearest(excerpt), excerpt)
    changes = altered_words(excerpt, nearest.text) if nearest else None
    if nearest is not None and nearest.score >= ALTERED_MIN_SCORE and changes:
        detail = f"{what} altered: {changes}; the document says {nearest.text!r}"
        return nearest, Issue(code=IssueCode.excerpt_altered, detail=detail, nearest=nearest)
    detail = f"{what} not found in the document: {excerpt!r}"
    return None, Issue(code=IssueCode.evidence_not_found, detail=detail, nearest=nearest)


def _one_paragraph(span: Span | None, excerpt: str) -> Span | None:
    """The span cut at its first line break when the excerpt has none: an alignment as long as
    an excerpt with words added runs on into the next paragraph."""
    if span is None or "\n" in excerpt or "\n" not in span.text.strip():
        return span
    text = span.text[: span.text.index("\n")].rstrip()
    return span.model_copy(update={"text": text, "end": span.start + len(text)})


def check_fact(index: IndexedText, doc: Document, fact: Fact, item_id: str) -> Checked[Fact]:
    """Find each evidence excerpt, then check the statement's numbers and names against them."""
    spans: list[Span] = []
    issues: list[Issue] = []
    if not fact.evidence:
        issues.append(Issue(code=IssueCode.evidence_missing, detail="no evidence excerpt given"))
    for excerpt in fact.evidence:
        span, issue = locate(index, excerpt, "evidence")
        spans.extend([span] if span else [])
        issues.extend([issue] if issue else [])
    if any(is_instruction(_sentence_around(doc.text, s)) for s in spans):
        detail = "the evidence is text addressed to a model, not a statement of the article"
        issues.append(Issue(code=IssueCode.evidence_is_instruction, detail=detail))
    if spans:
        for number in missing_numbers(fact.statement, [s.text for s in spans]):
            detail = f"{number!r} is in the statement but not in the evidence"
            issues.append(Issue(code=IssueCode.number_not_in_evidence, detail=detail))
    for name in unknown_names(index, fact.statement):
        detail = f"{name!r} is in the statement but not in the document"
        issues.append(Issue(code=IssueCode.entity_not_in_source, detail=detail))
    return _checked(fact, item_id, doc, spans, issues, len(fact.evidence))


def _sentence_around(text: str, span: Span) -> str:
    """The sentence that holds a span: an excerpt of an instruction is still one."""
    start = max(text.rfind(". ", 0, span.start), text.rfind("\n", 0, span.start)) + 1
    ends = [i for i in (text.find(". ", span.end), text.find("\n", span.end)) if i >= 0]
    return text[start : min(ends, default=len(text))]


def check_quote(
    index: IndexedText,
    doc: Document,
    quote: Quote,
    item_id: str,
    speakers: Speakers | None = None,
    cited: set[int] | None = None,
) -> Checked[Quote]:
    """A quote must be verbatim (never only fuzzy) and inside quotation marks; its speaker is
    the one the document names, or none when the document does not say. `cited` holds where
    the document's earlier quotes were found; this one's place is added to it."""
    speakers = Speakers.of(doc.text) if speakers is None else speakers
    cited = set() if cited is None else cited
    words = quote.text.strip(QUOTE_EDGES)
    best: tuple[Span, SpeakerCheck] | None = None
    for span in index.find_all(words) if words else []:
        found = check_speaker(speakers, span, quote.speaker)
        if best is None or _better(found, span.start in cited, best[1], best[0].start in cited):
            best = (span, found)
    if best is not None:
        cited.add(best[0].start)
    if best is None:
        nearest = index.nearest(words) if words else None
        detail = "the quote does not occur verbatim in the document"
        issue = Issue(code=IssueCode.quote_not_verbatim, detail=detail, nearest=nearest)
        return _checked(quote, item_id, doc, [], [issue], 1)
    span, found = best
    checked = _checked(quote, item_id, doc, [span], found.issues, 1)
    return checked.model_copy(update={"speaker": found.speaker})


def _better(found: SpeakerCheck, found_cited: bool, best: SpeakerCheck, best_cited: bool) -> bool:
    """Fewer problems, then a confirmed speaker, then a place no earlier quote was found at:
    where the same words occur twice. A document that prints a quotation twice (in a summary
    and in the body) was read twice, and each reading is cited where it stands."""
    return (len(found.issues), found.speaker is None, found_cited) < (
        len(best.issues),
        best.speaker is None,
        best_cited,
    )


def check_figure(
    index: IndexedText, doc: Document, figure: Figure, item_id: str
) -> Checked[Figure]:
    """Find the evidence; the value, and any number in what it measures or its change, in it."""
    span, issue = locate(index, figure.evidence, "evidence")
    if span is None:
        return _checked(figure, item_id, doc, [], [issue] if issue else [], 1)
    issues: list[Issue] = [issue] if issue else []  # evidence found with its words altered
    if not numbers_in(figure.value, spelled=True):
        detail = f"the value {figure.value!r} is not a number"
        issues.append(Issue(code=IssueCode.value_not_a_number, detail=detail))
    elif not _value_in(figure.value, span.text):
        detail = f"the value {figure.value!r} is not in the evidence"
        issues.append(Issue(code=IssueCode.value_not_in_evidence, detail=detail))
    context = f"{figure.measures} {figure.change or ''}"
    for number in missing_numbers(context, [span.text]):
        detail = f"{number!r} is in what the figure says but not in the evidence"
        issues.append(Issue(code=IssueCode.number_not_in_evidence, detail=detail))
    return _checked(figure, item_id, doc, [span], issues, 1)


def _value_in(value: str, evidence: str) -> bool:
    """Every number of the value occurs in the evidence; a value without digits occurs as words."""
    if numbers_in(value):
        return not missing_numbers(value, [evidence])
    wanted = normalize(value)
    return bool(wanted) and wanted in normalize(evidence)


def check_entity(
    index: IndexedText, doc: Document, entity: Entity, item_id: str
) -> Checked[Entity]:
    """The name must occur in the document (exact or normalized); so must each alias."""
    spans: list[Span] = []
    issues: list[Issue] = []
    for label, name in [("name", entity.name)] + [("alias", a) for a in entity.aliases]:
        span = index.find(name, allow_fuzzy=False) if name.strip() else None
        if span is None:
            detail = f"the {label} {name!r} does not occur in the document"
            issues.append(Issue(code=IssueCode.entity_not_in_source, detail=detail))
        else:
            spans.append(span)
    return _checked(entity, item_id, doc, spans, issues, 1 + len(entity.aliases))


def ground_document(
    doc: Document, extraction: Extraction, speakers: Speakers | None = None
) -> GroundedDocument:
    """Check every item of one document's extraction against its text; `speakers` is
    `Speakers.of` the text when the caller has it already."""
    index = IndexedText(doc.text, doc.id)
    speakers = Speakers.of(doc.text) if speakers is None else speakers
    cited: set[int] = set()
    return GroundedDocument(
        doc_id=doc.id,
        headline=extraction.headline,
        summary=extraction.summary,
        facts=[
            check_fact(index, doc, item, f"{doc.id}.f{i}")
            for i, item in enumerate(extraction.facts, 1)
        ],
        quotes=[
            check_quote(index, doc, item, f"{doc.id}.q{i}", speakers, cited)
            for i, item in enumerate(extraction.quotes, 1)
        ],
        figures=[
            check_figure(index, doc, item, f"{doc.id}.n{i}")
            for i, item in enumerate(extraction.figures, 1)
        ],
        entities=[
            check_entity(index, doc, item, f"{doc.id}.e{i}")
            for i, item in enumerate(extraction.entities, 1)
        ],
    )
