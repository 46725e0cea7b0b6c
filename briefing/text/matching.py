"""Find an excerpt in a text: exact, normalized or fuzzy, always with offsets into the original.

Normalized matching works on a per-document normalized copy of the text that keeps, for every
normalized character, the original offsets it came from; fuzzy matching runs rapidfuzz on that
copy and is guarded so that changed digits, another outlet's wording and half-matches fail.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from briefing.schemas import MatchKind, Span
from briefing.text.lexicon import FUNCTION_WORDS
from briefing.text.words import NORMALIZED_WORD

# Whole-excerpt Indel ratio on normalized text. On the seeds one slipped, added or dropped letter
# scores >= 97.6 and a dropped article >= 95.9, while the same sentence as another outlet printed
# it scores up to 93.9: the word-level guard below, not this number, rejects those.
FUZZY_MIN_SCORE = 92.0
FUZZY_MIN_CHARS = 20  # shorter excerpts must match exactly or normalized: one slip is too much
NEAREST_MIN_SCORE = 50.0  # below this a "nearest" candidate is noise, not a hint
MAX_LENGTH_DRIFT = 0.1  # a fuzzy span may differ from the excerpt's length by this fraction
MIN_SUBSTITUTION_RATIO = 80.0  # a changed word counts as a typo only when this similar
MAX_REGION_WORDS = 6  # a longer run of differing words is a rewrite, not a slip
WORDS_PER_SLIP = 10  # fuzzy allows 1 slip plus 1 per this many words of the excerpt
MAX_SHOWN_CHANGES = 3  # an excerpt with more changed places is a rewrite: "not found"
_TOKEN = re.compile(r"[\w$€£¥%][\w'’.,$%-]*[\w%]|[\w$%]")

# Applied before NFKC (which would turn ″ into ′′ and ´ into a space plus a combining accent)
# and again after it.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′‹›`´＇", "'"),
        **dict.fromkeys("“”„‟«»″＂", '"'),
        **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
_OPEN_GUILLEMETS = frozenset("«‹")
_CLOSE_GUILLEMETS = frozenset("»›")
_EDGE_PUNCT = ".,;:!?…'\" "
_DIGITS = re.compile(r"\d+")
# Words whose change flips a claim even when the spelling is close (million/billion, not).
_SENSITIVE_TEXT = """not no never nor or none nothing without cannot thousand million billion
    trillion bn mn tn percent pct cent per zero one two three four five six seven eight nine ten
    eleven twelve hundred dozen"""
_SENSITIVE = frozenset(_SENSITIVE_TEXT.split())


def _extends_cluster(ch: str) -> bool:
    """True for characters that belong to the previous grapheme (accents, Hangul jamo, ZWJ)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
        return True
    code = ord(ch)
    return 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF or ch == "\u200d"


def _clusters(text: str) -> list[tuple[int, int]]:
    """Split text into (start, end) grapheme clusters: a base character plus its extenders."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        # Nothing below U+0300 extends a cluster; the shortcut keeps long texts fast.
        if i == len(text) or text[i] < "\u0300" or not _extends_cluster(text[i]):
            bounds.append((start, i))
            start = i
    return bounds


def _fold_cluster(cluster: str) -> str:
    """The normalized form of one grapheme cluster (may be empty or several characters)."""
    folded = unicodedata.normalize("NFKC", cluster.translate(_FOLD)).translate(_FOLD)
    return " " if folded.isspace() else folded.casefold()


# Printable ASCII but the backtick (which folds to an apostrophe) is its own normal form, lower-
# cased, and so is a single space between two such characters: a plain run takes whole lines of
# words at once. Other ASCII white space is one space. Only the rest goes through Unicode
# folding, one grapheme cluster at a time: news text is mostly ASCII with a few curly quotes.
_SEGMENTS = re.compile(
    r"(?P<plain>[!-_a-~](?: ?[!-_a-~])*)|(?P<space>[ \t\n\r\f\v]+)"
    r"|(?P<other>.[\u0300-\U0010ffff]*)",
    re.S,
)


class _Normalizer:
    """Builds a normalized text and, per normalized character, its original start and end."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.pending: tuple[int, int] | None = None  # a whitespace run not emitted yet
        self.after_open = False
        self.memo: dict[str, str] = {}  # a text repeats few distinct clusters; fold each once

    def space(self, start: int, end: int) -> None:
        self.pending = (self.pending[0] if self.pending else start, end)

    def emit(self, first: str, folded: str, start: int, end: int, *, plain: bool) -> None:
        # Guillemets are padded with (no-break) spaces in French typography; drop the padding.
        if self.pending and self.out and not self.after_open and first not in _CLOSE_GUILLEMETS:
            self.out.append(" ")
            self.starts.append(self.pending[0])
            self.ends.append(self.pending[1])
        self.pending = None
        self.after_open = first in _OPEN_GUILLEMETS
        self.out.append(folded)
        if plain:  # one character each, mapped to itself
            self.starts.extend(range(start, end))
            self.ends.extend(range(start + 1, end + 1))
        else:
            self.starts.extend([start] * len(folded))
            self.ends.extend([end] * len(folded))

    def cluster(self, text: str, start: int, end: int) -> None:
        raw = text[start:end]
        folded = self.memo.get(raw)
        if folded is None:
            folded = self.memo[raw] = _fold_cluster(raw)
        if not folded:
            return  # zero-width characters and soft hyphens vanish
        if folded == " ":
            self.space(start, end)
            return
        self.emit(raw[0], folded, start, end, plain=False)


def normalize_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """Normalize text; also return, per normalized character, its original start and end."""
    n = _Normalizer()
    at = 0
    while at < len(text):
        m = _SEGMENTS.match(text, at)
        assert m is not None  # the last alternative matches any character
        start, end = m.span()
        at = end
        if m.lastgroup == "other":
            for s, e in _clusters(m.group()):
                n.cluster(text, start + s, start + e)
            continue
        # A combining mark after the run belongs to its last character: fold them together.
        tail = end < len(text) and _extends_cluster(text[end])
        if tail:
            end -= 1
        if end > start and m.lastgroup == "space":
            n.space(start, end)
        elif end > start:
            n.emit(text[start], text[start:end].lower(), start, end, plain=True)
        if tail:
            at = end + 1
            while at < len(text) and _extends_cluster(text[at]):
                at += 1
            n.cluster(text, end, at)
    return "".join(n.out), n.starts, n.ends


def normalize(s: str) -> str:
    """NFKC, one form of quotes and dashes, single spaces, no zero-width characters, casefold."""
    if s.isascii() and "`" not in s:
        return " ".join(s.split()).lower()  # what the mapping walk gives ASCII, at C speed
    return normalize_with_map(s)[0]


def _spaced_letter(ch: str) -> bool:
    """A letter of a script that separates words with spaces (so a cut mid-word is a cut)."""
    code = ord(ch)
    unspaced = 0x0E00 <= code < 0x0F00 or 0x1000 <= code < 0x10A0 or 0x1780 <= code < 0x1800
    # CJK, kana and Hangul from U+2E80 on: no spaces, or particles glued to the word.
    return ch.isalpha() and not unspaced and code < 0x2E80


def _joins(a: str, b: str) -> bool:
    """True when a and b are parts of one number or one word in a spaced script."""
    if a.isdigit() and b.isdigit():
        return True
    return _extends_cluster(b) or (_spaced_letter(a) and _spaced_letter(b))


def _splits(s: str, i: int) -> bool:
    """True when a cut between s[i - 1] and s[i] falls inside a word or a number (1.5, 1,200)."""
    if i <= 0 or i >= len(s):
        return False
    a, b = s[i - 1], s[i]
    if a.isascii() and b.isascii():  # most cuts in news text: no Unicode lookups needed
        if (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit()):
            return True
    elif _joins(a, b):
        return True
    if s[i - 1] in ".," and i >= 2 and s[i - 2].isdigit() and s[i].isdigit():
        return True
    return s[i] in ".," and i + 1 < len(s) and s[i - 1].isdigit() and s[i + 1].isdigit()


def cuts_token(s: str, start: int, end: int) -> bool:
    """True when s[start:end] starts or ends inside a word or a number."""
    return _splits(s, start) or _splits(s, end)


def _occurrences(haystack: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of needle that does not cut a word or number."""
    found: list[int] = []
    at = haystack.find(needle)
    while at >= 0:
        if not cuts_token(haystack, at, at + len(needle)):
            found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _minor_word_change(old: str | None, new: str | None) -> bool:
    """One word changed, dropped or added without changing a claim: a typo, an article."""
    words = [w for w in (old, new) if w is not None]
    if any(w in _SENSITIVE or "n't" in w for w in words):
        return False
    if old is None or new is None:  # a dropped or added article, preposition or stray letter
        return words[0] in FUNCTION_WORDS or (words[0].isalpha() and len(words[0]) == 1)
    if _DIGITS.findall(old) != _DIGITS.findall(new):
        return False
    if Levenshtein.distance(old, new) <= 1 or (len(old) >= 3 and sorted(old) == sorted(new)):
        return True  # one slipped, added, dropped or transposed letter
    return min(len(old), len(new)) >= 4 and fuzz.ratio(old, new) >= MIN_SUBSTITUTION_RATIO


def _region_changes(old: list[str], new: list[str]) -> int | None:
    """How many minor changes turn old into new, or None if any change is not minor."""
    if "".join(old) == "".join(new):
        return 1  # spacing only: "story teller" for "storyteller"
    if len(old) + len(new) > MAX_REGION_WORDS:
        return None
    longer, shorter, dropped_is_old = (old, new, True) if len(old) > len(new) else (new, old, False)
    # Try each way of calling the surplus words dropped (or added); the rest pair up in order.
    for extra in combinations(range(len(longer)), len(longer) - len(shorter)):
        kept = [w for i, w in enumerate(longer) if i not in extra]
        surplus = [longer[i] for i in extra]
        pairs = (
            zip(kept, shorter, strict=True) if dropped_is_old else zip(shorter, kept, strict=True)
        )
        lone = [(w, None) if dropped_is_old else (None, w) for w in surplus]
        changes = [(a, b) for a, b in [*pairs, *lone] if a != b]
        if all(_minor_word_change(a, b) for a, b in changes):
            return len(changes)
    return None


def words_agree(excerpt: str, found: str) -> bool:
    """Word-level guard for fuzzy matches: only a few minor differences and no changed meaning."""
    old, new = NORMALIZED_WORD.findall(excerpt), NORMALIZED_WORD.findall(found)
    changes = 0
    # A run of consecutive differing words: [old_from, old_to, new_from, new_to].
    region: list[int] | None = None
    for op in [*Levenshtein.opcodes(old, new), None]:
        if op is not None and op.tag != "equal":
            if region is None:
                region = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            region[1], region[3] = op.src_end, op.dest_end
            continue
        if region is not None:
            counted = _region_changes(old[region[0] : region[1]], new[region[2] : region[3]])
            if counted is None:
                return False
            changes += counted
            region = None
    return changes <= 1 + len(old) // WORDS_PER_SLIP


def altered_words(excerpt: str, found: str, limit: int = MAX_SHOWN_CHANGES) -> str | None:
    """The word-level differences that turn found into excerpt ("'profit' for 'revenue'"),
    at most `limit` of them; None when the two differ in more than that or not at all."""
    old, new = _TOKEN.findall(found), _TOKEN.findall(excerpt)
    ops = [
        op
        for op in Levenshtein.opcodes([w.casefold() for w in old], [w.casefold() for w in new])
        if op.tag != "equal"
    ]
    if not ops or len(ops) > limit:
        return None
    shown = []
    for op in ops:
        was = " ".join(old[op.src_start : op.src_end])
        now = " ".join(new[op.dest_start : op.dest_end])
        shown.append(
            f"{now!r} for {was!r}"
            if was and now
            else f"{now!r} added"
            if now
            else f"{was!r} left out"
        )
    return "; ".join(shown)


def _fuzzy_guards(excerpt: str, found: str) -> bool:
    """The whole excerpt aligns, digits are the same, lengths agree and the words agree."""
    if sorted(_DIGITS.findall(excerpt)) != sorted(_DIGITS.findall(found)):
        return False
    if abs(len(found) - len(excerpt)) > max(2, MAX_LENGTH_DRIFT * len(excerpt)):
        return False
    return words_agree(excerpt, found)


class IndexedText:
    """A document's text with its normalized form, built once and searched many times."""

    def __init__(self, text: str, doc_id: str = "") -> None:
        self.text = text
        self.doc_id = doc_id

    @cached_property
    def _normal_form(self) -> tuple[str, list[int], list[int]]:
        # Built on the first search the raw text cannot answer: most excerpts are exact.
        return normalize_with_map(self.text)

    @property
    def normalized(self) -> str:
        """The normalized text (see `normalize`) that normalized and fuzzy matching search."""
        return self._normal_form[0]

    @cached_property
    def words(self) -> frozenset[str]:
        """Every normalized word of the text (for 'is this name in the document' checks).

        A possessive also gives its bare word: a text that only says "Sora's" names Sora.
        """
        found = NORMALIZED_WORD.findall(self.normalized)
        return frozenset(found) | {w.split("'")[0] for w in found if "'" in w}

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalized text to the original text."""
        while start < end and self.normalized[start] == " ":
            start += 1
        while end > start and self.normalized[end - 1] == " ":
            end -= 1
        _, starts, ends = self._normal_form
        return starts[start], ends[end - 1]

    def _span(self, start: int, end: int, kind: MatchKind, score: float) -> Span:
        return Span(
            doc_id=self.doc_id,
            start=start,
            end=end,
            text=self.text[start:end],
            kind=kind,
            score=round(score, 1),
        )

    def find_all(self, excerpt: str) -> list[Span]:
        """Every exact or normalized occurrence of excerpt, in text order; no fuzzy matching."""
        literal = excerpt.strip()
        needle = normalize(literal)
        if not needle:
            return []
        spans: dict[int, Span] = {}
        for at in _occurrences(self.text, literal):
            spans[at] = self._span(at, at + len(literal), MatchKind.exact, 100)
        for at in _occurrences(self.normalized, needle):
            start, end = self.to_original(at, at + len(needle))
            if start not in spans:
                spans[start] = self._span(start, end, MatchKind.normalized, 100)
        if not spans:  # only now forgive punctuation at the edges ("AI." for "AI,")
            trimmed = needle.strip(_EDGE_PUNCT)
            if trimmed and trimmed != needle:
                for at in _occurrences(self.normalized, trimmed):
                    start, end = self.to_original(at, at + len(trimmed))
                    spans.setdefault(start, self._span(start, end, MatchKind.normalized, 100))
        return [spans[k] for k in sorted(spans)]

    def find(
        self, excerpt: str, *, allow_fuzzy: bool = True, min_score: float = FUZZY_MIN_SCORE
    ) -> Span | None:
        """The first exact, else normalized, else (if allowed) guarded fuzzy match, or None."""
        literal = excerpt.strip()
        at = self.text.find(literal) if literal else -1
        if at >= 0 and not cuts_token(self.text, at, at + len(literal)):
            return self._span(at, at + len(literal), MatchKind.exact, 100)
        spans = self.find_all(excerpt)
        if spans:
            return spans[0]
        if not allow_fuzzy:
            return None
        needle = normalize(literal)
        if len(needle) < FUZZY_MIN_CHARS:
            return None
        best = self._align(needle, cutoff=min_score - 5)
        if best is None or best[2] < min_score:
            return None
        start, end, score = best
        if not _fuzzy_guards(needle, self.normalized[start:end]):
            return None
        return self._span(*self.to_original(start, end), MatchKind.fuzzy, score)

    def nearest(self, excerpt: str) -> Span | None:
        """The closest fuzzy candidate even below the threshold, for error messages and re-asks."""
        needle = normalize(excerpt)
        best = self._align(needle, cutoff=NEAREST_MIN_SCORE - 5) if needle else None
        if best is None or best[2] < NEAREST_MIN_SCORE:
            return None
        return self._span(*self.to_original(best[0], best[1]), MatchKind.fuzzy, best[2])

    def _align(self, needle: str, cutoff: float) -> tuple[int, int, float] | None:
        """Best window for needle in the normalized text: (start, end, whole-excerpt score)."""
        hay = self.normalized
        if len(needle) > len(hay):
            return None  # partial_ratio would align the text inside the excerpt instead
        hit = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=max(cutoff, 0))
        if hit is None:
            return None
        # The window has the excerpt's length; move its ends to nearby token boundaries so an
        # added or dropped word is covered and no word or number is cut.
        slack = min(12, max(3, len(needle) // 10))
        starts = [p for p in _around(hit.dest_start, slack, len(hay)) if _starts_token(hay, p)]
        ends = [p for p in _around(hit.dest_end, slack, len(hay)) if _ends_token(hay, p)]
        best: tuple[int, int, float] | None = None
        for s in starts:
            for e in ends:
                if e - s < len(needle) // 2:
                    continue
                score = fuzz.ratio(needle, hay[s:e])
                if best is None or score > best[2]:
                    best = (s, e, score)
        return best


def _around(center: int, slack: int, limit: int) -> list[int]:
    return list(range(max(0, center - slack), min(limit, center + slack) + 1))


def _starts_token(s: str, p: int) -> bool:
    return p < len(s) and s[p] != " " and not _splits(s, p)


def _ends_token(s: str, p: int) -> bool:
    return p > 0 and s[p - 1] != " " and not _splits(s, p)


def find_span(
    text: str,
    excerpt: str,
    doc_id: str,
    *,
    allow_fuzzy: bool = True,
    min_score: float = FUZZY_MIN_SCORE,
) -> Span | None:
    """Find excerpt in text (exact, normalized, then guarded fuzzy); offsets are into text."""
    return IndexedText(text, doc_id).find(excerpt, allow_fuzzy=allow_fuzzy, min_score=min_score)
