"""Every proper name of a unit: does a source use it, and if not, does one spell it otherwise?"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from briefing.check.evidence import SourceIndex
from briefing.check.models import Problem, ProblemCode
from briefing.ground.names import name_tokens, sentence_initial, unknown_names
from briefing.text.words import LETTER_WORD, NAME_RE

# A capitalized word of the sources this close to a name the sources never use is the same
# name spelled otherwise (Sarrandos / Sarandos scores 94, Binlionaires / Billionaires 92,
# Zepos / Zeppos 91); distinct words that share a first letter stay below it (Protesting /
# Protection 80, Sarandos / Sanders 67), as seen on Multi-News summaries (benchmarks/check.py).
SPELLING_MIN_SCORE = 88.0
MIN_NAME_LETTERS = 4


@dataclass
class NameFindings:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)


def check_names(text: str, index: SourceIndex, common: frozenset[str]) -> NameFindings:
    """Names of text that no source uses: spelling variants named as such, the rest missing."""
    found = NameFindings(checked=len(name_tokens(text, common)))
    capitalized = [w for w in index.capitalized if len(w) >= MIN_NAME_LETTERS]
    unknown = [
        n
        for n in unknown_names(index.whole, text, common)
        if not _opens_sentence_alone(text, n, index)
        and not _abbreviation(text, n)
        and not _joined_known(n, index)
    ]
    missing: list[str] = []
    for word in unknown:
        variant = _spelled_otherwise(word, capitalized)
        if variant is None:
            missing.append(word)
            continue
        labels = "".join(f"[{d.label}]" for d in index.docs if variant in d.text)
        detail = f"“{word}” is spelled “{variant}” in {labels}"
        found.problems.append(
            Problem(code=ProblemCode.name_spelled_otherwise, detail=detail, wrong=True)
        )
    for name in _runs(text, missing):
        detail = f"“{name}” is in no source"
        found.problems.append(
            Problem(code=ProblemCode.name_not_in_sources, detail=detail, wrong=True)
        )
    return found


def _runs(text: str, unknown: list[str]) -> list[str]:
    """Each unknown word with the run of capitalized words it stands in: "Wall Street Journal"
    is one name even when a source has "Street"."""
    runs: list[str] = []
    for word in unknown:
        around = next(
            (m[0] for m in NAME_RE.finditer(text) if re.search(rf"(?<!\w){re.escape(word)}", m[0])),
            word,
        )
        runs.append(around if len(around.split()) > 1 else word)
    return list(dict.fromkeys(runs))


def _opens_sentence_alone(text: str, name: str, index: SourceIndex) -> bool:
    """The word's only place is the start of a sentence, and what follows is no unknown
    capitalized word: "Own a TV", "Noticed Pete Davidson's absence" (Pete is in a source) are
    no names; "Marc Randolph said", both unknown, is one."""
    places = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    if not places or not all(sentence_initial(text, p) for p in places):
        return False
    after = text[places[0] + len(name) :].split(maxsplit=1)
    if not after or not after[0][:1].isupper():
        return True
    following = LETTER_WORD.match(after[0])
    return following is not None and not unknown_names(index.whole, f"x {following[0]}")


def _abbreviation(text: str, name: str) -> bool:
    """ "Sen. Warner", "Va. Gov.", "Dep. Smith": a short word cut with a period before a
    capital is a title or a state, not a name."""
    pattern = rf"(?<!\w){re.escape(name)}\.\s+[A-Z]"
    return len(name) <= 4 and re.search(pattern, text) is not None


def _joined_known(name: str, index: SourceIndex) -> bool:
    """ "Wi-Fi" where a source writes "wifi"."""
    return "-" in name and not unknown_names(index.whole, "x " + name.replace("-", ""))


def _spelled_otherwise(name: str, capitalized: list[str]) -> str | None:
    if len(name) < MIN_NAME_LETTERS:
        return None
    same_start = [w for w in capitalized if w[0] == name[0] and abs(len(w) - len(name)) <= 2]
    hit = process.extractOne(name, same_start, scorer=fuzz.ratio, score_cutoff=SPELLING_MIN_SCORE)
    return hit[0] if hit else None
