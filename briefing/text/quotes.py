"""Quotation marks: where each quotation in a text opens and closes, in every common style.

Straight and curly quotes, German „…“ and »…«, Swedish ”…”, French « … » with its padding
spaces; an apostrophe between letters is never a quotation mark.
"""

from __future__ import annotations

from briefing.text.words import words

# Closing marks that end a quotation opened by each mark (German „…“ and »…«, Swedish ”…”;
# a straight mark and a curly one paired, as copy edited in two tools prints them).
_CLOSERS = {
    "“": '”“"',
    "„": "“”",
    "‟": "”",
    '"': '"”',
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
TITLE_MAX_WORDS = 6  # "The Old Man and the Sea", "Halo 3": a work's title, not a statement
# Spacing, punctuation and marks at the edges of quoted words, which are not the words.
QUOTE_EDGES = " \t\n\u00a0\u202f.,;:!?…\"'“”„‟«»‘’‚‛‹›-–—"


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
            inner = open_at.get(False)
            if family and inner is not None and inner > at:
                # '“…that ‘there was no link," she said': a quotation inside another that
                # is never closed ends with it, not at some later apostrophe or paragraph.
                regions.append((open_at.pop(False) + 1, i))
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
    # "… features ‘GPS,’ ”": a space may part the closing marks of a quotation inside another.
    nested = i > 1 and text[i - 1] == " " and text[i - 2] in "’'"
    return text[i] in _PADDED or nested or (i > 0 and not text[i - 1].isspace())


def _paragraph_ends(text: str, i: int) -> bool:
    """A newline ends an open quotation at a blank line or after a finished sentence."""
    before = text[max(0, i - 80) : i].rstrip()  # a bounded look back keeps this linear
    return text[i + 1 : i + 2] == "\n" or not before or before[-1] in ".!?:…"


def is_title(inner: str) -> bool:
    """A short run of capitalised words in quotation marks names a work, not a statement."""
    tokens = words(inner)
    caps = sum(1 for t in tokens if t[:1].isupper() or t.isdigit())
    return 0 < len(tokens) <= TITLE_MAX_WORDS and caps >= len(tokens) - 1
