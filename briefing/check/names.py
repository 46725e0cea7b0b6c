"""Every proper name of a unit: does a source use it, and if not, does one spell it otherwise?"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from briefing.check.evidence import SourceIndex
from briefing.check.models import Problem, ProblemCode
from briefing.ground.names import name_tokens, unknown_names
from briefing.text.words import LETTER_WORD

# A capitalized word of the sources this close to a name the sources never use is the same
# name spelled otherwise (Sarrandos / Sarandos scores 94, Binlionaires / Billionaires 83);
# distinct names that share a first letter rarely pass it (Sarandos / Sanders scores 67).
SPELLING_MIN_SCORE = 80.0
MIN_NAME_LETTERS = 4


@dataclass
class NameFindings:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)


def check_names(text: str, index: SourceIndex, common: frozenset[str]) -> NameFindings:
    """Names of text that no source uses: spelling variants named as such, the rest missing."""
    found = NameFindings(checked=len(name_tokens(text, common)))
    capitalized = _source_names(index)
    for name in unknown_names(index.whole, text, common):
        variant = _spelled_otherwise(name, capitalized)
        if variant:
            labels = "".join(f"[{d.label}]" for d in index.docs if variant in d.text)
            detail = f"“{name}” is spelled “{variant}” in {labels}"
            found.problems.append(
                Problem(code=ProblemCode.name_spelled_otherwise, detail=detail, wrong=True)
            )
        else:
            detail = f"“{name}” is in no source"
            found.problems.append(
                Problem(code=ProblemCode.name_not_in_sources, detail=detail, wrong=True)
            )
    return found


def _source_names(index: SourceIndex) -> list[str]:
    words = {w for d in index.docs for w in LETTER_WORD.findall(d.text) if w[:1].isupper()}
    return sorted(w for w in words if len(w) >= MIN_NAME_LETTERS)


def _spelled_otherwise(name: str, capitalized: list[str]) -> str | None:
    if len(name) < MIN_NAME_LETTERS:
        return None
    same_start = [w for w in capitalized if w[0] == name[0]]
    hit = process.extractOne(name, same_start, scorer=fuzz.ratio, score_cutoff=SPELLING_MIN_SCORE)
    return hit[0] if hit else None
