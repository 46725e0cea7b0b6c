"""Words as the comparison stages see them: tokens, stems, content stems and runs of names."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from briefing.text.lexicon import STOPWORDS

STEM_LENGTH = 8
# A word of normalized text (see matching.normalize: every apostrophe is already ').
NORMALIZED_WORD = re.compile(r"\w+(?:'\w+)*")
# A word that starts with a letter, as written (curly apostrophes and hyphens inside it).
LETTER_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
WORD_RE = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.UNICODE)
# A run of capitalised words (allowing short connectors) is how names and titles show in news.
NAME_RE = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'\-]*[\w]|[A-Z])(?:\s+(?:(?:of|the|de|du|la|van|von|for|and|&)\s+)?"
    r"(?:[A-Z][\w’'\-]*[\w]|\d+))*"
)


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def words(text: str) -> list[str]:
    """Word tokens; letters and digits glued together (Sora2) are split so numbers compare."""
    out: list[str] = []
    for token in WORD_RE.findall(text):
        if token.isalpha() or token.isdigit():
            out.append(token)
        else:
            out.extend(_LETTER_DIGIT.split(token))
    return out


# Stemming was most of an offline brief's time at a thousand documents (1.3 million calls for
# 300 documents); a news vocabulary of that size has well under this many distinct words.
STEM_CACHE = 1 << 17


@lru_cache(maxsize=STEM_CACHE)
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


def shorten(text: str, limit: int) -> str:
    """The text, or as many of its words as fit in `limit` characters with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"
