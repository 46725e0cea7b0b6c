"""Sentences with offsets into the text they come from."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

from briefing.text.lexicon import NAME_SUFFIX_ABBREVIATIONS, NAME_TITLE_ABBREVIATIONS


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# The marker of a bulleted or numbered list item at the start of a line: "- ", "• ", "2) ".
LIST_MARKER = re.compile(r"^[ \t]*(?:[-•*–]|\d+[.)])\s+")
# A title is followed by a name or a number: "Ms. Pao", "No. 2" (sentencex keeps initials).
_BEFORE_A_NAME = re.compile(rf"(?:^|\s)(?:{NAME_TITLE_ABBREVIATIONS})\.$")
# These end a sentence only when the next one opens with a capital: "Acme Inc. said",
# "in the U.S. and", but "Smith Jr. He".
_ABBREVIATION = re.compile(rf"(?:^|\s)(?:{NAME_SUFFIX_ABBREVIATIONS}|vs|U\.S|U\.K|a\.m|p\.m)\.$")


def sentences(text: str, language: str = "en") -> list[Sentence]:
    """Sentences with offsets into `text`; line breaks always end a sentence, and titles,
    initials and common abbreviations never do."""
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        for piece in sentencex.segment(language, line.group()):
            found = text.find(piece, pos, line.end())
            if found < 0:
                continue
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                start = found + lead
                out.append(Sentence(start, start + len(stripped), stripped))
                _join_abbreviation(out, text)
            pos = found + len(piece)
    return out


def _join_abbreviation(out: list[Sentence], text: str) -> None:
    """Join the last sentence to the one before when that one only ended at an abbreviation."""
    if len(out) < 2:
        return
    before, last = out[-2], out[-1]
    if "\n" in text[before.end : last.start]:
        return
    opens_low = not last.text[:1].isupper()
    if _BEFORE_A_NAME.search(before.text) or (_ABBREVIATION.search(before.text) and opens_low):
        out[-2:] = [Sentence(before.start, last.end, text[before.start : last.end])]
