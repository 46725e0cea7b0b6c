"""One result tied to different benchmarks by different outlets is said plainly."""

from __future__ import annotations

from pathlib import Path

from briefing.merge.terms import term_disagreements
from briefing.pipeline import build_brief
from briefing.render import render

from ..merging import merged

SEEDS = Path(__file__).parents[2] / "seeds"


def test_forecast_and_expectations_are_two_claims() -> None:
    a = "Acme Corp said quarterly revenue rose 12% to $3.4 billion, below its own forecast.\n"
    b = "Acme Corp’s quarterly revenue rose 12% to $3.4 billion, below analysts’ expectations.\n"
    c = "Acme Corp reported quarterly revenue up 12% at $3.4 billion, below its forecast.\n"
    _, m = merged(a, b, c)
    (found,) = term_disagreements(m.key_points)
    assert {(p.text, p.citation.label) for p in found.positions} == {
        ("below its own forecast", 1),
        ("below analysts’ expectations", 2),
        ("below its forecast", 3),
    }


def test_the_same_benchmark_in_other_words_is_no_disagreement() -> None:
    a = "Acme Corp said quarterly revenue rose 12% to $3.4 billion, below its own forecast.\n"
    b = "Acme Corp’s quarterly revenue rose 12% to $3.4 billion, short of its guidance.\n"
    _, m = merged(a, b)
    assert term_disagreements(m.key_points) == []


def test_the_seeds_forecast_against_expectations_is_reported() -> None:
    markdown = render(build_brief([str(SEEDS)], engine="extractive"), "md")
    section = markdown.split("**Same claim, different terms**")[1].split("**")[0]
    assert "“below expectations” [1]" in section and "“below its forecast” [2]" in section
