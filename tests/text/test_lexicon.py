"""One lexicon, used twice: every speech verb the offline engine reads a speaker from is one
the validator accepts the speaker by, in either position around the quotation."""

from __future__ import annotations

import pytest

from briefing.extract.extractive import extract
from briefing.ground.validator import ground_document
from briefing.schemas import Document
from briefing.text.lexicon import NON_NAMES, SPEECH_PARTICIPLES, SPEECH_VERB_FORMS, TITLE_WORDS

WORDS = "We will build a new plant in Lyon next year"
LEAD = "Acme Corp opened an office in Paris on Monday.\n\n"


def speakers(text: str) -> list[tuple[str, bool]]:
    """(speaker, kept by the validator) for each quote the offline engine reads from text."""
    doc = Document(id="d1", label=1, source="x.txt", text=LEAD + text + "\n")
    return [(c.item.speaker, c.kept) for c in ground_document(doc, extract(doc)).quotes]


def after_quote(verb: str) -> str:
    if verb in SPEECH_PARTICIPLES:
        return f'Jane Doe spoke to reporters, {verb}: "{WORDS}."'
    return f'"{WORDS}," Jane Doe {verb}.'


@pytest.mark.parametrize("verb", [*SPEECH_VERB_FORMS, "according to"])
def test_the_engine_and_the_validator_agree_on_every_speech_verb(verb: str) -> None:
    text = f'"{WORDS}," according to Jane Doe.' if verb == "according to" else after_quote(verb)
    assert speakers(text) == [("Jane Doe", True)]


@pytest.mark.parametrize("verb", [v for v in SPEECH_VERB_FORMS if v not in SPEECH_PARTICIPLES])
def test_a_verb_before_the_quotation_names_the_speaker(verb: str) -> None:
    assert speakers(f'Jane Doe {verb}: "{WORDS}."') == [("Jane Doe", True)]


def test_a_bare_role_names_no_one() -> None:
    # "the President answered" says who spoke without a name: no name is guessed for it.
    question = '"Was it Iran, or Globex Industries behind the protests?"'
    text = f'In response to the question, {question} the President answered, "{WORDS}."'
    assert speakers(text) == []  # not "Globex Industries", named in the question


def test_a_title_before_a_name_is_the_role() -> None:
    doc = Document(
        id="d1", label=1, source="x.txt", text=LEAD + f'"{WORDS}," Mayor Jane Doe said.\n'
    )
    (quote,) = extract(doc).quotes
    assert (quote.speaker, quote.role) == ("Jane Doe", "Mayor")


def test_titles_are_not_names_and_names_are_lower_case_words() -> None:
    assert TITLE_WORDS <= NON_NAMES
    assert all(w == w.casefold() for w in NON_NAMES)
