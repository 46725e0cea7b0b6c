"""What a first name says about who bears it: the name lists of gender-guesser (about 40,000
first names from many countries, each marked by how the name is used)."""

from __future__ import annotations

from functools import cache

from gender_guesser.detector import Detector


@cache
def _detector() -> Detector:
    # Built once per process: it reads its list of names (about 0.2 s).
    return Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    """'he' or 'she' when the name's first word is only ever a man's or only ever a woman's
    first name; None when it is both, mostly one, or unknown ("Jamie", "Lindsey", "Reince")."""
    first = name.split()[0] if name.split() else ""
    kind = _detector().get_gender(first)
    return {"male": "he", "female": "she"}.get(kind)


def known_first_name(word: str) -> bool:
    """The name lists know the word as someone's first name ("Trey", "Xi"; not "United")."""
    return _detector().get_gender(word) != "unknown"
