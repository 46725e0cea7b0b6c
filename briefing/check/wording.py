"""A quotation found word for word: punctuation and how a number is written aside, and across
the attribution a source puts inside it ("It is a symbol," he said. "And to walk past it…")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from briefing.text.matching import normalize
from briefing.text.numbers import spelled_value

_WORD = re.compile(r"\w+(?:['’]\w+)*|%")
_MARKS = re.compile(r"[\"“”„«»‘’']")
# An attribution inside a quotation is short: `," Daniels said. "`, `,” said Mark Thompson, who
# is visiting from Manchester, England, with his wife. “` (the longest in the Multi-News dev
# summaries' quotations, 12 words); the gap must also close and reopen the quotation.
MAX_ATTRIBUTION_WORDS = 16
# Pieces of one quotation (around an ellipsis) are this close in their source.
MAX_PIECE_GAP = 600


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words of text, folded: case, typography, "eight" as "8", "%" and "per cent" as
    "percent"; words a source put in [brackets] are left out."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        if not _in_brackets(text, m.start()):
            out.append(Token(_canonical(m[0]), m.start(), m.end()))
    return _percents(out)


def _canonical(word: str) -> str:
    if word == "%":
        return "percent"
    folded = normalize(word).replace("’", "'")
    value = spelled_value(folded)
    return str(value) if value is not None else folded


def _percents(found: list[Token]) -> list[Token]:
    """ "per cent" as one word, "percent"."""
    out: list[Token] = []
    for t in found:
        if t.word == "cent" and out and out[-1].word == "per":
            out[-1] = Token("percent", out[-1].start, t.end)
        else:
            out.append(t)
    return out


def _in_brackets(text: str, at: int) -> bool:
    opened = text.rfind("[", max(0, at - 80), at)
    return opened >= 0 and text.find("]", opened, at) < 0 and "]" in text[at : at + 80]


class Wording:
    """A source's words, searched for a quotation's words in order."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def tokens(self) -> list[Token]:
        return tokens(self.text)

    def find(self, pieces: list[str]) -> tuple[int, int] | None:
        """Where the pieces' words stand, in order, each piece unbroken but for an attribution
        between quotation marks; (start, end) of the first run of the first piece."""
        after, first = 0, None
        for piece in pieces:
            words = [t.word for t in tokens(piece)]
            reach = None if first is None else self.tokens[after - 1].end + MAX_PIECE_GAP
            place = self._place(words, after, reach)
            if place is None:
                return None
            first = first or place[1]
            after = place[0]
        return first

    def _place(
        self, words: list[str], after: int, reach: int | None
    ) -> tuple[int, tuple[int, int]] | None:
        """(index past the match, (start, end) of its first unbroken run), starting at token
        `after` or later and, with `reach`, before that character."""
        for i in range(after, len(self.tokens)):
            t = self.tokens[i]
            if reach is not None and t.start > reach:
                return None
            if words and t.word == words[0] and (found := self._match(words, i)) is not None:
                return found
        return None

    def _match(self, words: list[str], i: int) -> tuple[int, tuple[int, int]] | None:
        run_end, j, first_run = self.tokens[i].end, i + 1, None
        for word in words[1:]:
            k = self._next(word, j)
            if k is None:
                return None
            if k > j and first_run is None:
                first_run = (self.tokens[i].start, run_end)
            run_end, j = self.tokens[k].end, k + 1
        return j, first_run or (self.tokens[i].start, run_end)

    def _next(self, word: str, j: int) -> int | None:
        """The token j, or past an attribution between quotation marks, that is `word`."""
        if j < len(self.tokens) and self.tokens[j].word == word:
            return j
        for k in range(j + 1, min(j + 1 + MAX_ATTRIBUTION_WORDS, len(self.tokens))):
            if self.tokens[k].word == word:
                gap = self.text[self.tokens[j - 1].end : self.tokens[k].start]
                return k if len(_MARKS.findall(gap)) >= 2 else None
        return None
