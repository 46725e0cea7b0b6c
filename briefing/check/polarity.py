"""Words that turn a claim around: a unit that shares its passage's words but not its
direction ("revenue fell" where the source says "rose") or its negation is not supported."""

from __future__ import annotations

import re

from briefing.check.models import Evidence, Problem, ProblemCode
from briefing.text.quotes import quoted_regions

# Each pair: words of one direction, words of the other. Only a unit that has one side while
# its passages have only the other is turned around; a passage that has both decides nothing.
OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        (
            "rise rises rose risen rising increase increased increases grew grow grows jumped "
            "climbed surged gained higher",
            "fall falls fell fallen falling decrease decreased decreases declined decline "
            "dropped drop shrank plunged slid lower",
        ),
        ("stronger strengthen tougher more", "weaker weaken looser fewer"),
        ("above beat exceeded topped", "below missed"),
        ("start started starts begin began launch launched", "stop stopped stops end ended halt"),
        (
            "approve approved accept accepted allow allowed support supported backed praise "
            "praised welcome welcomed embraced",
            "reject rejected deny denied ban banned oppose opposed criticize criticized "
            "criticised condemned worry worried concerns concerned fears",
        ),
        ("win won wins", "lose lost loses"),
        ("buy bought acquire acquired", "sell sold"),
    )
)
# A claim said the other way round: "not", "never", "without", "rather than".
NEGATIONS = frozenset("not no never without neither nor none nothing rather instead".split())
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


# A "not" belongs to the words next to it; one this far from every word a sentence shares
# with its passage negates something else the passage says.
NEGATION_REACH = 4


def _tokens(text: str) -> list[str]:
    return [
        "not" if w.endswith("n't") else w for w in _WORD.findall(text.lower().replace("’", "'"))
    ]


def _words(text: str) -> set[str]:
    return set(_tokens(text))


def _negated(tokens: list[str], shared: set[str]) -> set[str]:
    """The negations with two shared words within NEGATION_REACH words of them."""
    out = set()
    for i, t in enumerate(tokens):
        near = tokens[max(0, i - NEGATION_REACH) : i + NEGATION_REACH + 1]
        if t in NEGATIONS and len(shared & set(near)) >= 2:
            out.add(t)
    return out


def turned_around(text: str, support: list[Evidence]) -> list[Problem]:
    """Problems for a unit whose direction words its passages only have the other way round,
    or which says "not" where its best passage does not (or the reverse). Quoted words are
    left out: the quotation check holds them to the letter."""
    text = unquoted(text)
    if not support or not text.strip():
        return []
    mine = _words(text)
    passages = [_words(e.text) for e in support]
    problems = [p for pair in OPPOSITES if (p := _against(mine, passages, pair, support))]
    shared = {w for w in mine & passages[0] if len(w) > 3 and w not in NEGATIONS}
    negated_mine = _negated(_tokens(text), shared)
    negated_theirs = _negated(_tokens(unquoted(support[0].text)), shared)
    if bool(negated_mine) != bool(negated_theirs):
        label = support[0].label
        if negated_mine:
            detail = f"the sentence says “{sorted(negated_mine)[0]}”, [{label}] does not"
        else:
            detail = f"[{label}] says “{sorted(negated_theirs)[0]}”, the sentence does not"
        problems.append(Problem(code=ProblemCode.negation_differs, detail=detail, wrong=False))
    return problems


def unquoted(text: str) -> str:
    """The text without what stands inside quotation marks."""
    cut, last = [], 0
    for a, b in quoted_regions(text):
        if a >= last:
            cut.append(text[last:a])
            last = b
    return " ".join([*cut, text[last:]])


def _against(
    mine: set[str],
    passages: list[set[str]],
    pair: tuple[frozenset[str], frozenset[str]],
    support: list[Evidence],
) -> Problem | None:
    for side, other in (pair, pair[::-1]):
        said = mine & side
        if not said or mine & other:
            continue
        if any(p & side for p in passages) or not any(p & other for p in passages):
            return None
        where = next(i for i, p in enumerate(passages) if p & other)
        theirs = sorted(passages[where] & other)[0]
        detail = f"the sentence says “{sorted(said)[0]}”, [{support[where].label}] says “{theirs}”"
        return Problem(code=ProblemCode.direction_differs, detail=detail, wrong=True)
    return None
