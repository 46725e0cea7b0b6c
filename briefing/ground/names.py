"""Names a statement uses that its source never does: the check that catches invented entities."""

from __future__ import annotations

from briefing.text.lexicon import NON_NAMES
from briefing.text.matching import IndexedText, normalize
from briefing.text.words import LETTER_WORD, NORMALIZED_WORD


def unknown_names(
    index: IndexedText, statement: str, common: frozenset[str] | None = None
) -> list[str]:
    """Capitalized words of statement, past the start of a sentence, that the text never uses.

    With `common` (lower-cased words known to be ordinary), a sentence's first word is checked
    too unless it is one of them: "Disney said" is a claim, "Analysts said" is not.
    """
    missing: list[str] = []
    for token in name_tokens(statement, common):
        parts = [w.split("'")[0] for w in NORMALIZED_WORD.findall(normalize(token))]
        if not all(_known_word(index, part) for part in parts if len(part) > 1):
            missing.append(token)
    return missing


def name_tokens(statement: str, common: frozenset[str] | None = None) -> list[str]:
    """The capitalized words of statement that are names to check, each once, in order."""
    tokens: list[str] = []
    for match in LETTER_WORD.finditer(statement):
        token = match[0].rstrip("’'-")
        if not token[0].isupper():
            continue
        if sentence_initial(statement, match.start()) and (
            common is None or token.casefold() in common
        ):
            continue
        if token.casefold() in NON_NAMES or (token.isupper() and len(token) <= 4):
            continue  # roles, days and acronyms such as AI, CEO, TV are not names to check
        tokens.append(token)
    return list(dict.fromkeys(tokens))


def sentence_initial(statement: str, at: int) -> bool:
    """The word at `at` opens a sentence, a line or a list item (quotation marks aside)."""
    before = statement[:at].rstrip(" \t\"'“”‘’«»([")
    return not before or before[-1] in ".!?:;\n•-–—"


def _known_word(index: IndexedText, word: str) -> bool:
    """The word, or for longer words a form differing in the last two letters, is in the text."""
    if word in index.words:
        return True
    # Argentina / Argentine / Argentinian: the same name with another ending.
    return len(word) >= 5 and any(w.startswith(word[:-2]) for w in index.words)
