"""A key point reads on its own: no pointer to text the reader never saw, no subject-less list
item, no heading or caption; a leading connective may be cut, nothing is ever added."""

from __future__ import annotations

import pytest

from briefing.select.standalone import is_commentary, is_list_item, standalone


@pytest.mark.parametrize(
    "text",
    [
        "This stance comes as SAG-AFTRA and Bryan Cranston call for tighter guardrails.",
        "The move comes amid Netflix’s 17% year-over-year revenue growth, below its forecast.",
        "Despite these initiatives, the company remains cautious about the new tools it uses.",
        "It also said the plant in Lyon would open next spring with four hundred workers.",
        "However, these behind-the-scenes uses of AI still have the potential to cut jobs.",
        "In this Tuesday, Nov. 10, 2009 file photo Mikhail Kalashnikov attends his birthday party.",
        "Netflix Embraces AI as Creative Assistant, Not Replacement",  # a headline
        "CLOSE Vanderbilt Chancellor Nicholas S. Zeppos discusses why the hall is renamed.",
        "Buy Photo Workers cover up the name on the exterior of the hall on Monday.",
        "For breaking news, features and analysis from India, follow WSJ India on Facebook.",
        "Hide Caption 3 of 9 Photos: The Lyon plant Workers fit wheels to the first bicycles.",
        "Media playback is unsupported on your device Media caption The mayor welcomes Acme.",
        "Photos: The Lyon plant Workers fit wheels to the first bicycles on the line.",
        "JUST WATCHED Acme opens its plant in Lyon Replay More Videos on the plant.",
        "Video: Acme opens its bicycle plant in Lyon with four hundred workers.",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Workers fit wheels to bicycles at the Acme plant in Lyon, France, Monday, May 4, 2026.",
        "A guard walks past the Acme plant on Monday, May 4, 2026, in Lyon, France.",
        "Acme chief executive Jane Doe said on Sunday the Lyon plant would be...",
        "The same company may be behind two other plants in Spain and Italy, unions said.",
        "Other court filings show that Acme had offered the city $4 million to settle.",
        "Another 200 workers will join the Lyon plant when its second line opens in May.",
        "In the interview, Doe says there is a spectrum of views inside the company.",
    ],
)
def test_what_points_at_unseen_text_or_is_no_sentence_does_not_stand_alone(text: str) -> None:
    assert standalone(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I have been a victim of each component of the spectrum of which you speak.",
        "We are outraged because we were silenced for so long, the letter went on.",
        "If you enable Voice Recognition, you can interact with your Smart TV by voice.",
        "MD: One hundred percent, and I think that it is important to say so now.",
        "Let’s take a look at the bicycles that will roll out of the new plant.",
        "Acme may collect voice commands so that we can provide you with the new features.",
    ],
)
def test_a_sentence_that_speaks_as_someone_it_does_not_name_is_left_out(text: str) -> None:
    assert standalone(text) is None


@pytest.mark.parametrize(
    "text",
    [
        '"I will not resign," Acme chief executive Jane Doe told reporters on Monday.',
        "Microsoft says the new console will keep listening to you even when it is off.",
        "The US regulator fined the bank $2 billion over the accounts it opened.",
    ],
)
def test_a_quoted_or_generic_person_is_no_reason_to_leave_a_sentence_out(text: str) -> None:
    assert standalone(text) == text


def test_a_dateline_is_cut_from_the_lede() -> None:
    assert (
        standalone("SINGAPORE — Trump and Kim signed a joint statement after the summit.")
        == "Trump and Kim signed a joint statement after the summit."
    )
    assert (
        standalone("WASHINGTON (Reuters) - The Senate passed the bill by 60 votes to 40.")
        == "The Senate passed the bill by 60 votes to 40."
    )
    assert (
        standalone("Lyon (CNN) Acme will build a bicycle plant that employs 400 people.")
        == "Acme will build a bicycle plant that employs 400 people."
    )
    assert (  # two broadcasters share the story
        standalone("LYON, France (WRDW/WAGT) – Acme opened its bicycle plant on Monday.")
        == "Acme opened its bicycle plant on Monday."
    )


def test_a_leading_connective_is_cut_when_the_rest_stands_alone() -> None:
    text = "However, Acme Corp said it will keep its plant in Lyon open through next year."
    assert (
        standalone(text) == "Acme Corp said it will keep its plant in Lyon open through next year."
    )


def test_every_leading_connective_goes_not_only_the_first() -> None:
    text = "And yet, Acme kept its plant in Lyon open through the three-week strike."
    assert standalone(text) == "Acme kept its plant in Lyon open through the three-week strike."


def test_a_list_item_needs_its_own_subject() -> None:
    assert standalone('Made characters appear younger in "Happy Gilmore 2"', list_item=True) is None
    item = "Netflix views generative AI as an efficiency tool rather than creative replacement"
    assert standalone(item, list_item=True) == item


def test_list_items_are_told_by_their_bullet() -> None:
    text = "Key Points:\n- Netflix views AI as a tool\n1. Costs fell sharply\nPlain prose here."
    assert is_list_item(text, text.index("Netflix"))
    assert is_list_item(text, text.index("Costs"))
    assert not is_list_item(text, text.index("Plain"))


@pytest.mark.parametrize(
    ("text", "comment"),
    [
        ("Furthermore, it underscores the ongoing debate about the role of AI in art.", True),
        ("With Netflix leading the way, it seems that studios are more inclined to use AI.", True),
        ("Netflix's stance could set a new industry precedent for the other studios.", True),
        ("Acme Corp will close its plant in Lyon in March, the company said.", False),
    ],
)
def test_comment_is_told_from_claims(text: str, comment: bool) -> None:
    assert is_commentary(text) is comment


@pytest.mark.parametrize(
    "text",
    [
        "Acme said on Monday, May 4, that the Lyon plant would open in 2027.",
        "The attacks of Tuesday, Sept. 11, 2001, changed how airports screen passengers.",
    ],
)
def test_a_date_in_prose_is_no_caption_date(text: str) -> None:
    # A caption ends on its picture's weekday, date and year; prose seldom gives all three,
    # and goes on after them.
    assert standalone(text) == text


LEDE = "The committee said late Wednesday that the Lyon plant would open in May."


@pytest.mark.parametrize("prefix", ["Update: ", "Jane Doe / Getty Images ", "(CNN) Update: "])
def test_a_page_label_or_photo_credit_before_the_lede_is_cut(prefix: str) -> None:
    assert standalone(prefix + LEDE) == LEDE
