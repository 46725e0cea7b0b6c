"""Words as the comparison stages see them: content stems, names and sentences with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sentencex
import snowballstemmer

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each even
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just let me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told noted added according per via one ones may might
    must shall like well many much new recent recently already still yet s t re ve ll d m
    its it's that's we're we've you're they're isn't doesn't don't can't won't""".split()
)

STEM_LENGTH = 8
WORD_RE = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.UNICODE)
# A run of capitalised words (allowing short connectors) is how names and titles show in news.
NAME_RE = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'\-]*[\w]|[A-Z])(?:\s+(?:(?:of|the|de|du|la|van|von|for|and|&)\s+)?"
    r"(?:[A-Z][\w’'\-]*[\w]|\d+))*"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def words(text: str) -> list[str]:
    """Word tokens; letters and digits glued together (Sora2) are split so numbers compare."""
    out: list[str] = []
    for token in WORD_RE.findall(text):
        out.extend(part for part in re.split(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", token))
    return out


def stem(word: str, language: str = "english") -> str:
    """Lower-cased Snowball stem with possessives removed."""
    word = re.sub(r"[’']s?$", "", word.lower())
    # Truncation catches what Snowball leaves apart (Argentine, Argentinian, Argentina).
    return _stemmer(language).stemWord(word)[:STEM_LENGTH]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning, in order, without stopwords."""
    return [
        stem(w)
        for w in words(text)
        if w.lower().replace("’", "'") not in STOPWORDS and (len(w) > 1 or w.isdigit())
    ]


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
