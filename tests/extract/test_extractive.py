"""The offline engine reads quotes, speakers, figures and facts from text alone."""

from pathlib import Path

import pytest

from briefing.extract.extractive import extract, is_title
from briefing.schemas import Document, EntityType
from briefing.text.attribution import find_people

SEEDS = Path(__file__).parents[2] / "seeds"


def doc(text: str, label: int = 1) -> Document:
    return Document(id=f"d{label}", label=label, source=f"doc{label}.txt", text=text)


def seed(name: str) -> Document:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return doc(path.read_text(encoding="utf-8"))


def quotes_by_text(d: Document) -> dict[str, str]:
    return {q.text: q.speaker for q in extract(d).quotes}


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            'CEO Jane Smith said: "We will grow the business this year."',
            "We will grow the business this year.",
            "Jane Smith",
        ),
        (
            "“We will grow the business this year,” said Jane Smith, the chief executive.",
            "We will grow the business this year",
            "Jane Smith",
        ),
        (
            "« Nous allons croître cette année, » a dit Jane Smith. "
            "Analyst Bob Jones said it was fine.",
            None,
            None,
        ),
        (
            "Analyst Jane Smith warned investors. “Costs will rise again next year,” she said.",
            "Costs will rise again next year",
            "Jane Smith",
        ),
        (
            "Analyst Jane Smith spoke first. « Costs will rise again next year, » Smith said.",
            "Costs will rise again next year",
            "Jane Smith",
        ),
        (
            "Acme Corp wrote in its letter that it is “well placed to benefit from lower rates.”",
            "well placed to benefit from lower rates.",
            "Acme Corp",
        ),
    ],
)
def test_quote_styles_and_speakers(text: str, quote: str | None, speaker: str | None) -> None:
    found = quotes_by_text(doc(text))
    if quote is None:
        # A quote whose attribution we cannot parse must not be given to someone nearby.
        assert all(s != "Bob Jones" for s in found.values())
        return
    assert found.get(quote) == speaker, found


def test_pronoun_resolves_to_last_person_named() -> None:
    text = (
        "Regulator Anna Berg met the board on Monday. Then investors asked Tom Reed about it.\n\n"
        "“We are not worried about the review at all,” he said."
    )
    people = find_people("Investor Tom Reed asked. " + text)
    assert "Tom Reed" in people
    found = quotes_by_text(doc("Investor Tom Reed asked. " + text))
    assert found == {"We are not worried about the review at all": "Tom Reed"}


def test_three_words_can_be_a_statement_two_are_a_phrase() -> None:
    text = (
        "Acme chief executive Jane Doe said the company was “fully committed” to Lyon. "
        "“I'm not worried,” Doe said of the strike."
    )
    assert quotes_by_text(doc(text)) == {"I'm not worried": "Jane Doe"}


def test_short_title_case_quotes_are_works_not_quotes() -> None:
    assert is_title("The Eternaut")
    assert is_title("Happy Gilmore 2")
    assert not is_title("starting to make sense")
    d = doc('Producer Mia Chen said the series "Silent River" used new tools in production.')
    ex = extract(d)
    assert ex.quotes == []
    assert any(e.name == "Silent River" and e.type == EntityType.work for e in ex.entities)


def test_seed_quotes_in_all_three_styles_get_their_speaker() -> None:
    straight = quotes_by_text(seed("000"))
    curly = quotes_by_text(seed("002"))
    guillemets = quotes_by_text(seed("003"))
    assert straight["Great works require great artists."] == "Ted Sarandos"
    assert straight["We are fully committed, but not for novelty's sake."] == "Ted Sarandos"
    assert curly["We’re not worried about AI replacing creativity."] == "Ted Sarandos"
    assert (
        guillemets["We’re not worried about artificial intelligence replacing creativity"]
        == "Ted Sarandos"
    )
    assert guillemets["It takes a great artist to make something great"] == "Ted Sarandos"
    # "Netflix wrote in a letter to investors that it is « ... »": the company speaks.
    assert (
        guillemets["very well positioned to effectively leverage ongoing advances in AI."]
        == "Netflix"
    )


def test_quote_after_saying_in_previous_paragraph() -> None:
    found = quotes_by_text(seed("001"))
    storyteller = [q for q in found if "storyteller" in q]
    assert storyteller and all(found[q] == "Ted Sarandos" for q in storyteller)


def test_figures_have_value_measure_and_change() -> None:
    d = doc("Acme’s quarterly revenue rose 12% year-over-year to $3.4 billion, short of forecasts.")
    figures = {f.value: f for f in extract(d).figures}
    assert set(figures) == {"12%", "$3.4 billion"}
    assert "revenue" in figures["$3.4 billion"].measures
    assert figures["$3.4 billion"].change and "12%" in figures["$3.4 billion"].change
    assert figures["12%"].evidence in d.text


def test_facts_are_verbatim_sentences_and_skip_headings_and_list_intros() -> None:
    text = (
        "Financial Performance and Strategic Balance\n"
        "The company reported:\n"
        "- Revenue grew 17% to $11.5 billion in the third quarter\n"
        "Acme Corp hired 200 engineers in Berlin to build its new cloud platform.\n"
    )
    facts = extract(doc(text)).facts
    statements = [f.statement for f in facts]
    assert "Revenue grew 17% to $11.5 billion in the third quarter" in statements
    assert "Acme Corp hired 200 engineers in Berlin to build its new cloud platform." in statements
    assert not any("Financial Performance" in s or s.endswith(":") for s in statements)
    for f in facts:
        assert all(e in text for e in f.evidence)


@pytest.mark.parametrize(
    ("sentence", "is_fact"),
    [
        # The sentence names whose words they are: it reads alone, as a claim.
        ("“They have great beaches on the coast,” Trump said at the press conference.", True),
        ("Jane Doe, chief executive of Acme, said: “We will open the Lyon plant in May.”", True),
        # "he said" needs the sentence before it; so do words running on from a quotation.
        ("“They have great beaches on the coast,” he said at the press conference.", False),
        ("“We will open the Lyon plant in May and hire four hundred workers there.”", False),
        # Two quoted sentences are two claims, not one point.
        ("“We will open in May. We will hire four hundred people,” said Jane Doe of Acme.", False),
    ],
)
def test_a_sentence_that_is_mostly_quotation_is_a_fact_only_when_it_names_its_speaker(
    sentence: str, is_fact: bool
) -> None:
    text = (
        f"Jane Doe runs Acme. President Donald Trump met Kim Jong Un in Singapore.\n\n{sentence}\n"
    )
    statements = [f.statement for f in extract(doc(text)).facts]
    assert (sentence in statements) is is_fact


@pytest.mark.parametrize(
    ("sentence", "value", "measures"),
    [
        (
            "Netflix reported 17% revenue growth to $11.5 billion this quarter.",
            "$11.5 billion",
            "revenue",
        ),
        (
            "BP agreed to pay $5.2 billion, matching that amount with BP's partners.",
            "$5.2 billion",
            "BP agreed to pay $5.2 billion",
        ),
        (
            "The fine of $27.2 million (24.2 million euros) was imposed on Friday.",
            "$27.2 million",
            "The fine of $27.2 million",
        ),
        # Words that qualify the measure named after the number are part of what it measures.
        (
            "The shares fell despite 17% year-over-year revenue growth in the quarter.",
            "17%",
            "year-over-year revenue growth",
        ),
        # The word before the measure qualifies it only when it is no verb.
        (
            "The carrier generated sales of about $34.6bn last year, the filing says.",
            "$34.6bn",
            "sales",
        ),
        # A share of something that a relative clause's subject accounts for.
        (
            "Engineers are improving the algorithm that drives 80% of watched content.",
            "80%",
            "share of watched content that the algorithm drives",
        ),
    ],
)
def test_a_figure_says_what_it_measures_or_shows_its_clause(
    sentence: str, value: str, measures: str
) -> None:
    figures = {f.value: f.measures for f in extract(doc(sentence)).figures}
    assert figures[value] == measures


def test_an_age_or_a_time_ago_is_no_figure() -> None:
    text = (
        "Police said five 2-year-olds were hurt. A 27-year-old worker was charged, and a boy "
        "13 years old was questioned. The building opened 83 years ago with 400 workers."
    )
    assert [f.value for f in extract(doc(text)).figures] == ["400 workers"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("His net worth was estimated to be $4.77-billion by the magazine.", "$4.77-billion"),
        ("Travel costs were $92,700, the filing says.", "$92,700"),
    ],
)
def test_a_figure_is_the_whole_number_and_nothing_after_it(sentence: str, value: str) -> None:
    assert [f.value for f in extract(doc(sentence)).figures] == [value]


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("It was the worst crime in my 15 years as a police officer, he said.", "as a police"),
        ("He saved for almost 30 years to get my dream car, his son said.", "to get my"),
    ],
)
def test_what_follows_a_count_is_its_measure_only_as_a_noun_phrase(
    sentence: str, wrong: str
) -> None:
    (figure,) = extract(doc(sentence)).figures
    assert figure.measures != wrong and figure.measures in sentence


def test_no_figure_is_labelled_with_a_fragment() -> None:
    labels = [
        f.measures
        for name in ("000", "001", "002", "003", "004")
        for f in extract(seed(name)).figures
    ]
    dangling = ("a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from")
    assert labels and not [m for m in labels if "(" in m or m.split()[-1].lower() in dangling]
