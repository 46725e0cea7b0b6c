"""Sentences with offsets into the text they come from."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, language: str = "en") -> list[Sentence]:
    """Sentences with offsets into `text`; line breaks always end a sentence."""
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
                out.append(Sentence(found + lead, found + lead + len(stripped), stripped))
            pos = found + len(piece)
    return out
