"""The validator: check every extracted item against the exact characters of its document.

It does not care who produced the items (a model or the offline engine): each excerpt must be
found, numbers must occur in the evidence, quotes must be verbatim, inside quotation marks and
attributed to someone named nearby, and names must occur in the document.
"""

from __future__ import annotations

import re
from functools import cached_property

from briefing.numbers import missing_numbers, numbers_in
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
from briefing.textmatch import IndexedText, normalize

# How far from the quotation marks the speaker may be named. On the seeds the farthest true
# attribution (a pronoun, "he said", with the name in the previous paragraph) is ~230 chars
# before the opening mark.
SPEAKER_BEFORE = 300
SPEAKER_AFTER = 200

# Closing marks that end a quotation opened by each mark (German „…“ and »…«, Swedish ”…”).
_CLOSERS = {
    "“": "”“",
    "„": "“”",
    "‟": "”",
    '"': '"',
    "«": "»",
    "»": "«",
    "”": "”",
    "‘": "’‘",
    "‚": "‘’",
    "‛": "’",
    "'": "'",
    "‹": "›",
    "›": "‹",
}
_MARKS = frozenset("“”„‟\"«»‘’‚‛'‹›")
_DOUBLE = frozenset('“”„‟"«»')
_PADDED = frozenset("«»‹›")  # French typography puts a space inside these, so no flanking rule
_TRIM = " \t\n\u00a0\u202f.,;:!?…\"'“”„‟«»‘’‚‛‹›-–—"

_SPEECH = (
    r"(?:said|says|saying|noted|notes|added|adds|told|tells|wrote|writes|stated|states|stating|"
    r"explained|explains|emphasi[sz]ed|stressed|argued|insisted|remarked|declared|continued|"
    r"commented|recalled|warned|asked|replied|answered|according\s+to)"
)
_NAME = r"(?:[A-Z][\w’'.-]*[^\S\n]+){0,3}[A-Z][\w’'.-]*"  # up to four capitalized words
_AFTER_QUOTE = re.compile(
    rf"[\s,.]*(?:(?P<pronoun>[Hh]e|[Ss]he)\s+{_SPEECH}\b|(?P<name>{_NAME})\s+(?:\w+\s+)?{_SPEECH}\b"
    rf"|{_SPEECH}\s+(?P<name2>{_NAME}))"
)
_BEFORE_QUOTE = re.compile(
    rf"(?:\b(?P<pronoun>[Hh]e|[Ss]he)|(?P<name>{_NAME}))[^\S\n]+"
    rf"(?:(?![A-Z])[\w’',-]+[^\S\n]+){{0,6}}?{_SPEECH}"
    rf"(?:\s+[\w’'-]+){{0,5}}?\s*[:,]?\s*$"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_PERSON = re.compile(r"(?=\b([A-Z][a-z][\w’'-]*)\s+([A-Z][a-z][\w’'-]*)\b(?!:))")
_CAPITALIZED = re.compile(r"[^\W\d_][\w’'-]*")
_WORD = re.compile(r"\w+(?:'\w+)*")

# Capitalized words that are not names: sentence starters, roles, days, months, pronouns.
_COMMON_WORDS = """the a an and but or nor so yet for in on at by of to from with as if when while
    after before since this that these those it its he she they we i you his her their our my your
    there here then also however meanwhile still even just only both each all some many most
    mr mrs ms dr prof sir madam chief executive officer president vice chairman chairwoman chair
    director founder co-founder head minister secretary senator governor mayor general manager
    senior analyst analysts inc ltd corp co llc plc group monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec"""
_COMMON = frozenset(_COMMON_WORDS.split())


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, in order of opening."""
    regions: list[tuple[int, int]] = []
    open_at: dict[bool, int] = {}  # keyed by "is the double-quote family"
    for i, ch in enumerate(text):
        if ch == "\n":
            for family in [f for f, at in open_at.items() if _paragraph_ends(text, i)]:
                regions.append((open_at.pop(family) + 1, i))
            continue
        if ch not in _MARKS or _is_apostrophe(text, i):
            continue
        family = ch in _DOUBLE
        at = open_at.get(family)
        if at is not None and ch in _CLOSERS[text[at]] and _can_close(text, i):
            regions.append((at + 1, i))
            del open_at[family]
        elif at is None and ch in _CLOSERS and _can_open(text, i):
            open_at[family] = i
    regions.extend((at + 1, len(text)) for at in open_at.values())
    return sorted(regions)


def _is_apostrophe(text: str, i: int) -> bool:
    """’ or ' between letters (novelty’s, don't) is an apostrophe, not a quotation mark."""
    if text[i] not in "’'":
        return False
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalpha()


def _can_open(text: str, i: int) -> bool:
    return text[i] in _PADDED or (i + 1 < len(text) and not text[i + 1].isspace())


def _can_close(text: str, i: int) -> bool:
    return text[i] in _PADDED or (i > 0 and not text[i - 1].isspace())


def _paragraph_ends(text: str, i: int) -> bool:
    """A newline ends an open quotation at a blank line or after a finished sentence."""
    before = text[max(0, i - 80) : i].rstrip()  # a bounded look back keeps this linear
    return text[i + 1 : i + 2] == "\n" or not before or before[-1] in ".!?:…"


class QuotedText:
    """A document's quotation marks and person-like names, worked out once per document."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def regions(self) -> list[tuple[int, int]]:
        return quoted_regions(self.text)

    @cached_property
    def persons(self) -> set[str]:
        return _persons(self.text)


def _inside_quotes(text: str, span: Span, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quoted region that holds the span (punctuation and marks at its edges aside)."""
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if start == end:
        return None
    return next(((a, b) for a, b in regions if a <= start and end <= b), None)


def _name_words(name: str) -> set[str]:
    """Normalized words of a name that can identify it (no roles, titles or tiny words)."""
    words = {w for w in _WORD.findall(normalize(name)) if len(w) > 1}
    return {w for w in words if w not in _COMMON} or words


def _words_in(text: str) -> set[str]:
    """Normalized words of text, with possessives also as the bare name (Sarandos’s)."""
    words = set(_WORD.findall(normalize(text)))
    return words | {w.split("'")[0] for w in words if "'" in w}


def _attribution(text: str, region: tuple[int, int]) -> tuple[str | None, bool]:
    """Who the text says spoke, next to the marks: (name or None, attributed to a pronoun)."""
    names: list[str] = []
    pronoun = False
    after = _AFTER_QUOTE.match(text, region[1] + 1, min(len(text), region[1] + 120))
    before = _BEFORE_QUOTE.search(text, max(0, region[0] - 200), max(0, region[0] - 1))
    for match in (after, before):
        if match is None:
            continue
        pronoun = pronoun or bool(match["pronoun"])
        name = match.groupdict().get("name") or match.groupdict().get("name2")
        if name and _words_in(name) - _COMMON:
            names.append(name)
    return (" ".join(names) or None), pronoun


def _persons(text: str) -> set[str]:
    """Words of person-like names ("Ted Sarandos"): pairs of capitalized words, no headlines."""
    found: set[str] = set()
    for line in text.splitlines():
        words = _CAPITALIZED.findall(line)
        if sum(w[0].isupper() for w in words) * 2 > len(words):
            continue  # a title-case headline or a menu, not prose
        for match in _PERSON.finditer(line):
            if match[1].casefold() not in _COMMON and match[2].casefold() not in _COMMON:
                found |= _words_in(f"{match[1]} {match[2]}")
    return found


def _nearest_person(quoted: QuotedText, opening: int) -> str | None:
    """The person named last before an opening mark: whom "he said" most likely refers to."""
    persons = quoted.persons
    before = quoted.text[max(0, opening - SPEAKER_BEFORE) : opening]
    found = [w for w in _WORD.findall(normalize(before)) if w.split("'")[0] in persons]
    return found[-1].split("'")[0] if found else None


def _speaker_issue(
    quoted: QuotedText, span: Span, region: tuple[int, int], speaker: str
) -> Issue | None:
    """None when the speaker is the one named next to the quote, else why not."""
    text = quoted.text
    wanted = _name_words(speaker)
    named, pronoun = _attribution(text, region)
    if named is not None and not wanted & _words_in(named):
        detail = f"the document attributes these words to {named!r}, not {speaker!r}"
        return Issue(code=IssueCode.speaker_not_near_quote, detail=detail)
    if named is None and pronoun:
        person = _nearest_person(quoted, region[0] - 1)
        if person is not None and person not in wanted:
            detail = f"'he/she said' refers to {person!r}, the person named last before it"
            return Issue(code=IssueCode.speaker_not_near_quote, detail=detail)
    window = (
        text[max(0, region[0] - 1 - SPEAKER_BEFORE) : span.start]
        + " "
        + text[span.end : _sentence_end(text, region, SPEAKER_AFTER)]
    )
    if named is None and not wanted & _words_in(window):
        detail = f"{speaker!r} is not named near the quotation"
        return Issue(code=IssueCode.speaker_not_near_quote, detail=detail)
    return None


def _sentence_end(text: str, region: tuple[int, int], limit: int) -> int:
    """Where the sentence that goes on after a closing mark ends: a name after the quote counts
    only in that sentence ("…," said X), not in the next one, which is about something else."""
    start = region[1] + 1
    if text[region[0] : region[1]].rstrip()[-1:] in (".", "!", "?"):
        return start  # the quotation ended the sentence
    end = _SENTENCE_END.search(text, start, start + limit)
    return end.end() if end else min(len(text), start + limit)


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
    return Checked[type(item)](
        id=item_id, doc_id=doc.id, item=item, spans=spans, verdict=verdict, issues=issues
    )


def _locate(index: IndexedText, excerpt: str, what: str) -> tuple[Span | None, Issue | None]:
    """Find one excerpt (fuzzy allowed), or say that it was not found and what came closest."""
    span = index.find(excerpt)
    if span is not None:
        return span, None
    detail = f"{what} not found in the document: {excerpt!r}"
    issue = Issue(code=IssueCode.evidence_not_found, detail=detail, nearest=index.nearest(excerpt))
    return None, issue


def unknown_names(
    index: IndexedText, statement: str, common: frozenset[str] | None = None
) -> list[str]:
    """Capitalized words of statement, past the start of a sentence, that the text never uses.

    With `common` (lower-cased words known to be ordinary), a sentence's first word is checked
    too unless it is one of them: "Disney said" is a claim, "Analysts said" is not.
    """
    missing: list[str] = []
    for match in _CAPITALIZED.finditer(statement):
        token = match[0].rstrip("’'-")
        if not token[0].isupper():
            continue
        if _sentence_initial(statement, match.start()) and (
            common is None or token.casefold() in common
        ):
            continue
        if token.casefold() in _COMMON or (token.isupper() and len(token) <= 4):
            continue  # roles, days and acronyms such as AI, CEO, TV are not names to check
        parts = [w.split("'")[0] for w in _WORD.findall(normalize(token))]
        if not all(_known_word(index, part) for part in parts if len(part) > 1):
            missing.append(token)
    return list(dict.fromkeys(missing))


def _sentence_initial(statement: str, at: int) -> bool:
    before = statement[:at].rstrip(" \t\"'“”‘’«»([")
    return not before or before[-1] in ".!?:;\n•-–—"


def _known_word(index: IndexedText, word: str) -> bool:
    """The word, or for longer words a form differing in the last two letters, is in the text."""
    if word in index.words:
        return True
    # Argentina / Argentine / Argentinian: the same name with another ending.
    return len(word) >= 5 and any(w.startswith(word[:-2]) for w in index.words)


def check_fact(index: IndexedText, doc: Document, fact: Fact, item_id: str) -> Checked[Fact]:
    """Find each evidence excerpt, then check the statement's numbers and names against them."""
    spans: list[Span] = []
    issues: list[Issue] = []
    if not fact.evidence:
        issues.append(Issue(code=IssueCode.evidence_missing, detail="no evidence excerpt given"))
    for excerpt in fact.evidence:
        span, issue = _locate(index, excerpt, "evidence")
        spans.extend([span] if span else [])
        issues.extend([issue] if issue else [])
    if spans:
        for number in missing_numbers(fact.statement, [s.text for s in spans]):
            detail = f"{number!r} is in the statement but not in the evidence"
            issues.append(Issue(code=IssueCode.number_not_in_evidence, detail=detail))
    for name in unknown_names(index, fact.statement):
        detail = f"{name!r} is in the statement but not in the document"
        issues.append(Issue(code=IssueCode.entity_not_in_source, detail=detail))
    return _checked(fact, item_id, doc, spans, issues, len(fact.evidence))


def check_quote(
    index: IndexedText,
    doc: Document,
    quote: Quote,
    item_id: str,
    quoted: QuotedText | None = None,
) -> Checked[Quote]:
    """A quote must be verbatim (never only fuzzy), inside quotation marks, speaker named nearby."""
    quoted = QuotedText(doc.text) if quoted is None else quoted
    words = quote.text.strip(_TRIM)
    best: tuple[Span, list[Issue]] | None = None
    for span in index.find_all(words) if words else []:
        issues = _quote_issues(quoted, span, quote.speaker)
        if best is None or len(issues) < len(best[1]):
            best = (span, issues)
    if best is None:
        nearest = index.nearest(words) if words else None
        detail = "the quote does not occur verbatim in the document"
        issue = Issue(code=IssueCode.quote_not_verbatim, detail=detail, nearest=nearest)
        return _checked(quote, item_id, doc, [], [issue], 1)
    span, issues = best
    return _checked(quote, item_id, doc, [span], issues, 1)


def _quote_issues(quoted: QuotedText, span: Span, speaker: str) -> list[Issue]:
    region = _inside_quotes(quoted.text, span, quoted.regions)
    if region is None:
        detail = "the words occur in the document but not inside quotation marks"
        return [Issue(code=IssueCode.quote_not_in_quotation_marks, detail=detail)]
    issue = _speaker_issue(quoted, span, region, speaker)
    return [issue] if issue else []


def check_figure(
    index: IndexedText, doc: Document, figure: Figure, item_id: str
) -> Checked[Figure]:
    """Find the evidence; the value, and any number in what it measures or its change, in it."""
    span, issue = _locate(index, figure.evidence, "evidence")
    if span is None:
        return _checked(figure, item_id, doc, [], [issue] if issue else [], 1)
    issues: list[Issue] = []
    if not numbers_in(figure.value, spelled=True):
        detail = f"the value {figure.value!r} is not a number"
        issues.append(Issue(code=IssueCode.value_not_in_evidence, detail=detail))
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


def ground_document(doc: Document, extraction: Extraction) -> GroundedDocument:
    """Check every item of one document's extraction against its text."""
    index = IndexedText(doc.text, doc.id)
    quoted = QuotedText(doc.text)
    return GroundedDocument(
        doc_id=doc.id,
        headline=extraction.headline,
        summary=extraction.summary,
        facts=[
            check_fact(index, doc, item, f"{doc.id}.f{i}")
            for i, item in enumerate(extraction.facts, 1)
        ],
        quotes=[
            check_quote(index, doc, item, f"{doc.id}.q{i}", quoted)
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
