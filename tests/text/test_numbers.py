"""Numbers as written: the same number written differently agrees, a different one never does."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefing.text.numbers import missing_numbers, numbers_in


def values(s: str) -> list[tuple[Decimal, bool]]:
    return [(n.value, n.percent) for n in numbers_in(s)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("17%", [(Decimal(17), True)]),
        ("17 percent", [(Decimal(17), True)]),
        ("17 per cent", [(Decimal(17), True)]),
        ("17 pct", [(Decimal(17), True)]),
        ("$11.5 billion", [(Decimal("11.5e9"), False)]),
        ("$11.5bn", [(Decimal("11.5e9"), False)]),
        ("US$11.5 bn", [(Decimal("11.5e9"), False)]),
        ("11.5\u00a0billion", [(Decimal("11.5e9"), False)]),
        ("€40m", [(Decimal("40e6"), False)]),
        ("1,200", [(Decimal(1200), False)]),
        ("100+ days", [(Decimal(100), False)]),
        ("in 2023,", [(Decimal(2023), False)]),
        ("6.5", [(Decimal("6.5"), False)]),
        ("Sora2", [(Decimal(2), False)]),
        ("Sora 2", [(Decimal(2), False)]),
        (
            "October 27-29, 2025",
            [(Decimal(27), False), (Decimal(29), False), (Decimal(2025), False)],
        ),
        ("Media Hype 6/10", [(Decimal(6), False), (Decimal(10), False)]),
        ("the 17th", [(Decimal(17), False)]),
        ("5 m from the door", [(Decimal(5), False)]),
    ],
)
def test_numbers_in(text: str, expected: list[tuple[Decimal, bool]]) -> None:
    assert values(text) == expected


def test_number_positions_and_raw_form() -> None:
    text = "Revenue rose 17% to US$11.5 bn."
    numbers = numbers_in(text)
    assert [n.raw for n in numbers] == ["17%", "US$11.5 bn"]
    for n in numbers:
        assert text[n.start : n.end].strip() == n.raw
    assert numbers[1].mantissa == Decimal("11.5") and numbers[1].scaled


def test_spelled_out_numbers_only_when_asked() -> None:
    assert numbers_in("one of three projects") == []
    assert [n.value for n in numbers_in("one of three", spelled=True)] == [1, 3]


@pytest.mark.parametrize(
    "statement, evidence",
    [
        ("Revenue rose 17 percent.", "revenue rose 17% year-over-year"),
        ("Revenue rose 17%.", "revenue grew 17 per cent"),
        ("Revenue reached $11.5bn.", "to $11.5 billion, although"),
        ("Revenue reached US$11.5 bn.", "to $11.5 billion"),
        ("Revenue reached 11.5 billion dollars.", "revenue of $11,500 million"),
        ("Revenue reached 11.5.", "to $11.5 billion"),  # a bare number may drop the scale
        ("It hired 1,200 people.", "it hired 1200 people"),
        ("The strike lasted 100 days.", "a historic 100+ day actors’ strike"),
        ("The strike was in 2023.", "strike in 2023"),
        ("OpenAI released Sora 2.", "OpenAI's launch of its Sora2 model"),
        ("The event runs October 27 to 29.", "October 27-29, 2025"),
        ("Three projects used AI.", "three projects used it"),
        ("3 projects used AI.", "three projects used it"),
        ("Results for Q3.", "results for the third quarter"),
    ],
)
def test_same_number_written_differently(statement: str, evidence: str) -> None:
    assert missing_numbers(statement, [evidence]) == []


@pytest.mark.parametrize(
    "statement, evidence, missing",
    [
        ("Revenue rose 18%.", "revenue rose 17% year-over-year", ["18%"]),
        ("Revenue reached $12.5 billion.", "to $11.5 billion", ["$12.5 billion"]),
        ("Revenue reached $11.5 million.", "to $11.5 billion", ["$11.5 million"]),
        ("Revenue reached $11.5 billion.", "a score of 11.5", ["$11.5 billion"]),
        ("Margins hit 17%.", "17 days later", ["17%"]),
        ("It hired 1,200 people.", "it hired 120 people", ["1,200"]),
        ("Revenue rose 17% to $11.5bn in 2025.", "rose 17% to $11.5 billion", ["2025"]),
    ],
)
def test_different_numbers_are_missing(statement: str, evidence: str, missing: list[str]) -> None:
    assert missing_numbers(statement, [evidence]) == missing


def test_missing_numbers_reads_all_evidence_and_reports_each_once() -> None:
    evidence = ["revenue rose 17%", "to $11.5 billion"]
    assert missing_numbers("17% to $11.5bn", evidence) == []
    assert missing_numbers("4 and 4 again, then 5", ["nothing here"]) == ["4", "5"]
