"""Numbers as news writes them: 17%, 17 per cent, $11.5bn, US$11.5 billion, 1,200, 100+, 27-29.

Used to check that every number in a statement occurs in its evidence, whichever way each
side happened to write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

_SCALES = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "mn": 6,
    "m": 6,
    "billion": 9,
    "bn": 9,
    "b": 9,
    "trillion": 12,
    "tn": 12,
    "t": 12,
}
_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
_TENS = {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORDS = (  # "third quarter" supports "Q3"
    {word: value for value, word in enumerate(_UNIT_WORDS.split())}
    | _TENS
    | {word: value for value, word in enumerate(_ORDINAL_WORDS.split(), start=1)}
)

# Digits are read wherever they stand ("Sora2" gives 2), so both sides of a comparison agree.
# A one-letter scale (5m, 2bn's cousin 3b) counts only when glued to the digits: "5 m" may
# well be five metres.
_NUMBER = re.compile(
    r"""
    (?P<currency>(?:[A-Z]{1,2}\$|[$€£¥₹₩]|(?:USD|EUR|GBP)\s?))?
    (?<!\d)(?P<digits>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(?P<fraction>\d+))?
    \+?
    (?:
        \s?(?P<percent>%|％|percent\b|per[\s-]?cent\b|pct\b)
      | \s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn)\b
      | (?P<letter>[kmbt])\b
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SPELLED_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


class Number(NamedTuple):
    """One number found in a text: its scaled value, how it was written and where."""

    value: Decimal  # after applying a scale word: "$11.5bn" -> 11500000000
    percent: bool
    raw: str
    start: int
    end: int
    mantissa: Decimal  # as written before the scale word: "$11.5bn" -> 11.5
    scaled: bool  # a scale word (thousand, bn, m ...) followed the digits


def _parse(match: re.Match[str]) -> Number | None:
    digits = match["digits"].replace(",", "")
    text = f"{digits}.{match['fraction']}" if match["fraction"] else digits
    try:
        mantissa = Decimal(text)
    except InvalidOperation:
        return None
    scale_word = (match["scale"] or match["letter"] or "").lower()
    exponent = _SCALES.get(scale_word, 0)
    return Number(
        value=mantissa.scaleb(exponent),
        percent=bool(match["percent"]),
        raw=match[0].strip(),
        start=match.start(),
        end=match.end(),
        mantissa=mantissa,
        scaled=bool(exponent),
    )


def spelled_value(word: str) -> int | None:
    """The value of a number word ("eight" is 8, "third" is 3), else None."""
    return _WORDS.get(word.lower())


def numbers_in(s: str, *, spelled: bool = False) -> list[Number]:
    """Every number in s, in order; spelled=True adds 'zero'..'ninety' and 'first'..'twelfth'."""
    found = [n for m in _NUMBER.finditer(s) if (n := _parse(m)) is not None]
    if spelled:
        for m in _SPELLED_WORD.finditer(s):
            value = Decimal(_WORDS[m[0].lower()])
            found.append(Number(value, False, m[0], m.start(), m.end(), value, False))
        found.sort(key=lambda n: n.start)
    return found


def same_number(claimed: Number, given: Number) -> bool:
    """True when the evidence number supports the claimed one (lenient only for a bare claim)."""
    if claimed.percent and not given.percent:
        return False
    if claimed.value == given.value:
        return True
    # "11.5" in a statement may stand for "$11.5 billion" in the evidence, never the reverse,
    # and "11.5 million" never stands for "11.5 billion".
    return not claimed.scaled and claimed.mantissa == given.mantissa


def missing_numbers(statement: str, evidence: Iterable[str]) -> list[str]:
    """The numbers of statement (as written there) that no evidence text contains."""
    # Spelled-out numbers count on the evidence side only: reading "one of the largest" in a
    # statement as the number 1 would fail good statements.
    given = [n for text in evidence for n in numbers_in(text, spelled=True)]
    return unmatched(numbers_in(statement), given)


def unmatched(claimed: list[Number], given: list[Number]) -> list[str]:
    """The claimed numbers (as written) that no given number supports: `missing_numbers`
    for numbers already read."""
    missing: list[str] = []
    for c in claimed:
        if not any(same_number(c, g) for g in given) and c.raw not in missing:
            missing.append(c.raw)
    return missing
