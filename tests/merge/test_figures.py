"""Figures: the same value groups across outlets, different values disagree."""

from ..merging import A, B, C, merged


def test_figures_group_and_disagree() -> None:
    _, m = merged(A, B, C)
    rows = {f.value: f for f in m.figures}
    assert rows["$3.4 billion"].corroboration == 2
    assert rows["$3.9 billion"].corroboration == 1
    assert any(
        {p.text for p in d.positions} == {"$3.4 billion", "$3.9 billion"} for d in m.disagreements
    )


def disagreements(*texts: str) -> list[set[str]]:
    _, m = merged(*texts)
    return [{p.text for p in d.positions} for d in m.disagreements]


def test_a_rounded_figure_is_no_disagreement() -> None:
    a = "Acme is seeking to recover about $973,000 in costs from the trial, a filing said."
    b = "The trial cost Acme $972,815 in witness fees and court costs, the firm said."
    assert disagreements(a, b) == []


def test_an_outlet_giving_both_numbers_is_telling_two_things() -> None:
    a = "Acme wants $973,000 in costs; its costs include $865,000 in expert fees."
    b = "Acme's costs came to $972,815, the filing said."
    assert disagreements(a, b) == []


def test_two_peoples_figures_are_no_disagreement() -> None:
    a = "Acme chief financial officer Ruth Doe was handed shares worth about $38 million."
    b = "The grant of Alphabet shares to Jane Roe is now worth about $182 million."
    assert disagreements(a, b) == []


def test_figures_that_measure_nothing_named_do_not_disagree() -> None:
    a = "Women who took the drug had a 29 percent higher risk of the diagnosis, the study said."
    b = "Their children had a 50% increased risk of getting the medication, it found."
    assert disagreements(a, b) == []


def test_a_figure_row_says_what_it_measures_as_its_most_specific_outlet_does() -> None:
    _, m = merged(
        "Acme Corp posted 17% revenue growth this quarter, its filing showed.\n",
        "Acme Corp had 17% year-over-year revenue growth in the quarter, analysts noted.\n",
        "The move comes amid Acme Corp’s 17% jump, reaching $3.4 billion, the filing showed.\n",
    )
    (row,) = [f for f in m.figures if f.value == "17%"]
    assert row.measures == "year-over-year revenue growth"
