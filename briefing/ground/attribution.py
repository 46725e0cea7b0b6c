"""Who a quotation belongs to: the speaker the text names next to its marks, checked.

A quote's speaker must be the one the document names beside the quotation (before it, after
it, or through "he said" back to the person named last); a different name there is an error.
"""

from __future__ import annotations

import re
from functools import cached_property

from briefing.schemas import Issue, IssueCode, Span
from briefing.text.lexicon import NON_NAMES, SPEECH_VERBS
from briefing.text.matching import normalize
from briefing.text.quotes import QUOTE_EDGES, quoted_regions
from briefing.text.words import LETTER_WORD, NORMALIZED_WORD

# How far from the quotation marks the speaker may be named. On the seeds the farthest true
# attribution (a pronoun, "he said", with the name in the previous paragraph) is ~230 chars
# before the opening mark.
SPEAKER_BEFORE = 300
SPEAKER_AFTER = 200

_SPEECH = f"(?:{SPEECH_VERBS})"
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


def inside_quotes(text: str, span: Span, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quoted region that holds the span (punctuation and marks at its edges aside)."""
    start, end = span.start, span.end
    while start < end and text[start] in QUOTE_EDGES:
        start += 1
    while end > start and text[end - 1] in QUOTE_EDGES:
        end -= 1
    if start == end:
        return None
    return next(((a, b) for a, b in regions if a <= start and end <= b), None)


def _name_words(name: str) -> set[str]:
    """Normalized words of a name that can identify it (no roles, titles or tiny words)."""
    words = {w for w in NORMALIZED_WORD.findall(normalize(name)) if len(w) > 1}
    return {w for w in words if w not in NON_NAMES} or words


def _words_in(text: str) -> set[str]:
    """Normalized words of text, with possessives also as the bare name (Sarandos’s)."""
    words = set(NORMALIZED_WORD.findall(normalize(text)))
    return words | {w.split("'")[0] for w in words if "'" in w}


def _attribution(text: str, region: tuple[int, int]) -> tuple[list[str], bool, bool]:
    """Who the text names next to the marks: (names, attributed to a pronoun, whether the name
    after the marks opens the next sentence, for it follows words that ended theirs)."""
    names: list[str] = []
    pronoun = False
    after = _AFTER_QUOTE.match(text, region[1] + 1, min(len(text), region[1] + 120))
    before = _BEFORE_QUOTE.search(text, max(0, region[0] - 200), max(0, region[0] - 1))
    following = False
    for match in (after, before):
        if match is None:
            continue
        pronoun = pronoun or bool(match["pronoun"])
        name = match.groupdict().get("name") or match.groupdict().get("name2")
        if name and _words_in(name) - NON_NAMES:
            names.append(name)
            following = following or (match is after and _ends_sentence(text, region))
    return names, pronoun, following


def _persons(text: str) -> set[str]:
    """Words of person-like names ("Ted Sarandos"): pairs of capitalized words, no headlines."""
    found: set[str] = set()
    for line in text.splitlines():
        words = LETTER_WORD.findall(line)
        if sum(w[0].isupper() for w in words) * 2 > len(words):
            continue  # a title-case headline or a menu, not prose
        for match in _PERSON.finditer(line):
            if match[1].casefold() not in NON_NAMES and match[2].casefold() not in NON_NAMES:
                found |= _words_in(f"{match[1]} {match[2]}")
    return found


def _nearest_person(quoted: QuotedText, opening: int) -> str | None:
    """The person named last before an opening mark: whom "he said" most likely refers to."""
    persons = quoted.persons
    before = quoted.text[max(0, opening - SPEAKER_BEFORE) : opening]
    found = [w for w in NORMALIZED_WORD.findall(normalize(before)) if w.split("'")[0] in persons]
    return found[-1].split("'")[0] if found else None


def _speaker_issue(
    quoted: QuotedText, span: Span, region: tuple[int, int], speaker: str
) -> Issue | None:
    """None when the speaker is the one named next to the quote, else why not."""
    text = quoted.text
    wanted = _name_words(speaker)
    names, pronoun, following = _attribution(text, region)
    named = " ".join(names) or None
    if named is not None and not wanted & _words_in(named):
        detail = f"the document attributes these words to {named!r}, not {speaker!r}"
        return Issue(code=IssueCode.speaker_not_near_quote, detail=detail)
    if following and not wanted & _words_in(" ".join(names[1:])):
        # '"…anything." Authorities say the items…': a name opening the next sentence can
        # contradict a speaker but never confirms one; the nearby text must.
        named = None
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


def _ends_sentence(text: str, region: tuple[int, int]) -> bool:
    """The quoted words end with a full stop, a question or an exclamation mark: their sentence
    is over."""
    return text[region[0] : region[1]].rstrip()[-1:] in (".", "!", "?")


def _sentence_end(text: str, region: tuple[int, int], limit: int) -> int:
    """Where the sentence that goes on after a closing mark ends: a name after the quote counts
    only in that sentence ("…," said X), not in the next one, which is about something else."""
    start = region[1] + 1
    if _ends_sentence(text, region):
        return start
    end = _SENTENCE_END.search(text, start, start + limit)
    return end.end() if end else min(len(text), start + limit)


def quote_issues(quoted: QuotedText, span: Span, speaker: str) -> list[Issue]:
    region = inside_quotes(quoted.text, span, quoted.regions)
    if region is None:
        detail = "the words occur in the document but not inside quotation marks"
        return [Issue(code=IssueCode.quote_not_in_quotation_marks, detail=detail)]
    issue = _speaker_issue(quoted, span, region, speaker)
    return [issue] if issue else []
