"""Who a quotation belongs to, checked by the rules the offline engine chooses by.

The document's own attribution decides (`briefing.text.attribution`): a speaker it names
otherwise, or one the words were said to, is an error; when the document does not say who
spoke, the quote stands unattributed whoever the engine named.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.schemas import Issue, IssueCode, Span
from briefing.text.attribution import Speakers, same_speaker
from briefing.text.quotes import QUOTE_EDGES


@dataclass(frozen=True)
class SpeakerCheck:
    """What the document says of a quote: the problems, and the speaker it names (or None)."""

    issues: list[Issue]
    speaker: str | None


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


def check_speaker(speakers: Speakers, span: Span, claimed: str) -> SpeakerCheck:
    """The quote must sit inside quotation marks; its speaker is the one the document names."""
    region = inside_quotes(speakers.text, span, speakers.regions)
    if region is None:
        detail = "the words occur in the document but not inside quotation marks"
        issue = Issue(code=IssueCode.quote_not_in_quotation_marks, detail=detail)
        return SpeakerCheck([issue], None)
    found = speakers.attribute(*region)
    if found.speaker is not None and same_speaker(found.speaker.name, claimed):
        return SpeakerCheck([], found.speaker.name)
    if found.speaker is not None:
        detail = f"the document attributes these words to {found.speaker.name!r}, not {claimed!r}"
        return SpeakerCheck([Issue(code=IssueCode.speaker_not_near_quote, detail=detail)], None)
    spoken_to = [who for who in found.addressees if same_speaker(who, claimed)]
    if spoken_to:
        detail = f"these words were said to {spoken_to[0]!r}, not by them"
        return SpeakerCheck([Issue(code=IssueCode.speaker_not_near_quote, detail=detail)], None)
    return SpeakerCheck([], None)  # the document does not say who: unattributed
