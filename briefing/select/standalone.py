"""Whether a point reads on its own: a complete sentence with its own subject, not a pointer
to text the reader never saw, not a list item without a subject, not a heading.

Only source text is ever cut, never added to: a leading connective ("However, ...") may go
when what follows stands alone; the first letter is then capitalised.
"""

from __future__ import annotations

import re

from briefing.text.quotes import quoted_regions
from briefing.text.sentences import LIST_MARKER

# Connectives that tie a sentence to the one before it but carry no claim of their own ("so"
# is not one of them: "So far, Acme ..." would lose its meaning).
CONNECTIVE = re.compile(
    r"^(?:however|meanwhile|also|still|moreover|furthermore|additionally|in addition|"
    r"but|and|yet|nonetheless|nevertheless|instead|separately|similarly|likewise|"
    r"in turn|as a result|at the same time|for its part|on the other hand)\s*,?\s+",
    re.I,
)
# Openers that point back at text the reader of a brief never saw.
ANAPHORIC = re.compile(
    r"^(?:(?:this|that|these|those|such)\b"
    r"|(?:it|its|they|their|them|he|his|she|her)\b"
    r"|the\s+(?:same|latter|former)\b|(?:another|other)\b"
    r"|(?:in|during|at)\s+the\s+(?:interview|letter|statement|filing|meeting|call|speech|post|"
    r"video|email|hearing|briefing)\b"
    r"|the\s+(?:move|decision|stance|step|deal|plan|news|announcement|report|statement|"
    r"comments?|remarks?|change|approach|development|effort|initiative|measure|case|incident)\b"
    r"|despite\s+(?:this|that|these|those|the\s+(?:move|decision|stance|news|concerns?))\b"
    r"|(?:after|following|amid|with)\s+(?:this|that|these|those)\b)",
    re.I,
)
# A subject-less predicate, as list items are written: "Made characters appear younger".
PREDICATE_FIRST = re.compile(
    r"^(?:[A-Z][a-z]+(?:ed|es|ing)|Made|Built|Won|Lost|Sold|Bought|Led|Began|Became|Took|"
    r"Gave|Got|Kept|Left|Paid|Sent|Spent|Brought|Held|Found|Set|Put|Cut|Ran|Saw|Said|Told|"
    r"Helps?|Uses?|Makes?|Creates?|Allows?|Enables?|Provides?|Includes?)\b"
)
# Photo captions and credits that the page cleaning left in the text.
CAPTION = re.compile(
    r"\b(?:file photo|image caption|image copyright|photo credit|getty images|AP Photo|"
    r"pictured (?:above|below|here|left|right)|click here|sign up|subscribe|"
    r"media caption|hide caption|media playback is unsupported|"
    r"follow (?:us|[A-Z][\w.]*(?: [A-Z][\w.]*)?) on (?:Facebook|Twitter|Instagram|X))\b",
    re.I,
)
# A photo caption ends on its picture's date in full, or on the date and the place ("... in
# Lyon, Monday, May 4, 2026.", "... on Monday, May 4, 2026, in Lyon, France."): news prose
# gives the weekday or the date, not both with the year (AP style), and seldom ends on it.
CAPTION_DATE = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|March|April|May|June|July|"
    r"Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? (?:19|20)\d\d"
    r"(?:\.?$|,? in [A-Z])"
)
# A wire service's credit line: "(Reporting by Joan Doe; Editing by John Roe)".
WIRE_CREDIT = re.compile(r"^\(?(?:additional )?(?:reporting|writing|editing) by\b", re.I)
# A teaser the page cut off ("Acme said the plant would be..."): not the whole sentence.
TRUNCATED = re.compile(r"(?:\.\.\.|…)$")
# A video player's, photo store's or gallery's label the page cleaning left before a caption
# ("CLOSE Vanderbilt Chancellor ... discusses why", "Buy Photo Workers cover up the name",
# "Photos: The Lyon plant ...", "Video: Acme opens ..."): what follows is a caption or a
# video's title, not a sentence of the article.
WIDGET_LABEL = re.compile(r"^(?:CLOSE|Buy Photo|JUST WATCHED|Photos?:|Video:|Watch:)\s")
# A writer's comment on the news rather than news: fine beside other outlets, not as the one
# thing a single outlet adds.
COMMENTARY = re.compile(
    r"\b(?:underscores?|highlights?|demonstrates?|illustrates?|it seems|seems to|appears to|"
    r"what many consider|could set|will likely|may well|is significant because|"
    r"remains to be seen)\b",
    re.I,
)
# Someone speaking in the text's own voice: "I" or "we" anywhere outside quotation marks ("I
# have been a victim...", "... so that we can provide you ..."), or a sentence that opens on
# "you" ("If you enable..."), as interviews, letters, columns and terms of service are written.
# In a brief these need a speaker the sentence does not name. (A "you" later in a reported
# sentence is usually the generic reader.)
FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours)\b")
OPENS_PERSONAL = re.compile(
    r"^(?:(?:if|when|so|and|but|now|here|then|once|while)\s+)?(?:we|us|our|you|your|let[’']s)\b",
    re.I,
)
TRANSCRIPT_LABEL = re.compile(r"^[A-Z]{1,3}:\s")  # "MD: One hundred percent": who speaks in a Q&A
# A dateline the wire puts before the lede ("SINGAPORE —", "WASHINGTON (Reuters) -"): where
# the story was filed, not part of its first sentence.
DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{2,40}(?:, [A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?)?\s*)?"  # "LYON, France"
    r"(?:\([A-Za-z ./]{2,30}\))?\s*[—–-]{1,2}\s+(?=[A-Z\"“])"
    # or the broadcaster's way, without a dash: "Lyon (CNN) Acme will build ..."
    r"|^(?:[A-Z][A-Za-z.]*(?:,? [A-Z][A-Za-z.]*){0,3} )?"
    r"\((?:CNN|AP|AFP|Reuters|UPI)\) ?(?=[A-Z\"“])"
)
# What a page puts before a lede and is not part of it: a label ("Update: The committee
# said ...") or a photo's credit ("Jane Doe / Getty Images Acme's chief executive ...").
PAGE_PREFIX = re.compile(
    r"^(?:(?i:update|updated|breaking(?: news)?|editor[’']s note)\s*:\s+"
    r"|(?:[A-Z][\w.'’-]*\s){1,3}/\s?(?:AP|AFP|EPA|Reuters|Getty Images|Shutterstock|"
    r"Splash News|Bloomberg|The Associated Press)\s+)(?=[A-Z\"“])"
)
MIN_WORDS = 6  # shorter than this, a "sentence" is a label or a caption


def standalone(text: str, *, list_item: bool = False) -> str | None:
    """The point as a reader can take it alone (a leading connective cut), or None."""
    body = text.strip()
    while found := PAGE_PREFIX.match(body) or DATELINE.match(body):  # "(CNN) Update: ..."
        body = body[found.end() :]
    while not list_item and (cut := CONNECTIVE.match(body)):  # "And yet, ..."
        body = body[cut.end() :]
        body = body[:1].upper() + body[1:]
    if len(body.split()) < MIN_WORDS or ANAPHORIC.match(body) or _caption(body):
        return None
    if _personal(body):
        return None
    if list_item and PREDICATE_FIRST.match(body):
        return None  # the subject is the list's heading, which the reader does not see
    if not list_item and (not re.search(r"[.!?\"”’»)]$", body) or TRUNCATED.search(body)):
        return None  # a heading, a caption or a teaser cut short
    return body


def _caption(text: str) -> bool:
    return any(
        (
            CAPTION.search(text),
            WIDGET_LABEL.match(text),
            WIRE_CREDIT.match(text),
            CAPTION_DATE.search(text),
        )
    )


def _personal(text: str) -> bool:
    """The sentence speaks as someone it does not name."""
    if OPENS_PERSONAL.match(text) or TRANSCRIPT_LABEL.match(text):
        return True
    quoted = quoted_regions(text)
    return any(not any(a <= m.start() < b for a, b in quoted) for m in FIRST_PERSON.finditer(text))


def is_commentary(text: str) -> bool:
    """The sentence judges or forecasts rather than reports."""
    return COMMENTARY.search(text) is not None


def is_list_item(text: str, start: int) -> bool:
    """The sentence at `start` is an item of a bulleted or numbered list."""
    line_start = text.rfind("\n", 0, start) + 1
    return LIST_MARKER.fullmatch(text[line_start:start]) is not None
