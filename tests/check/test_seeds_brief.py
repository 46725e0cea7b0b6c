"""A brief of the seeds written by hand, with six planted errors: each found with the right
problem, and no correct sentence flagged unsupported or wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.check import check_text
from briefing.check.models import CheckReport, ProblemCode, Unit, UnitVerdict
from briefing.ingest.files import load_sources

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CORRECT = [
    "Netflix's quarterly revenue rose 17% year-over-year to $11.5 billion [4].",
    "Netflix describes generative AI as a tool for creative efficiency, not a replacement for "
    "human creativity.",
    "- Netflix used generative AI to create a building collapse scene in the Argentine series "
    '"The Eternaut".',
    '- The technology made characters appear younger in "Happy Gilmore 2".',
    'CEO Ted Sarandos said: "Great works require great artists."',
    "SAG-AFTRA and actor Bryan Cranston have called for stronger protections against "
    "unauthorized digital replicas.",
    "The algorithm behind personalized recommendations drives 80% of watched content.",
]
PLANTED = {
    # a wrong revenue figure
    "revenue": "Revenue for the quarter came to $12.5 billion.",
    # a quote given to the wrong speaker
    "speaker": '"We are fully committed, but not for novelty\'s sake," Bryan Cranston said.',
    # a reworded quote
    "reworded": 'Sarandos said: "AI will help us tell our stories much faster and much better."',
    # a name in no source
    "name": "Netflix co-founder Marc Randolph welcomed the strategy.",
    # a growth figure swapped between two metrics
    "swapped": "Netflix's revenue grew 80%, and recommendations drive 17% of watched content.",
    # a claim no source makes
    "claim": "Netflix will stop making animated films in Europe next year.",
}
EXPECTED = {
    "revenue": ProblemCode.number_not_in_sources,
    "speaker": ProblemCode.speaker_wrong,
    "reworded": ProblemCode.quote_not_verbatim,
    "name": ProblemCode.name_not_in_sources,
    "swapped": ProblemCode.number_measures_other,
    "claim": ProblemCode.no_supporting_span,
}


def hand_brief() -> str:
    """The correct sentences with the planted ones among them, as a Markdown brief."""
    lines = ["# Netflix and generative AI", ""]
    planted = iter(PLANTED.values())
    for sentence in CORRECT:
        lines += [sentence, ""]
        lines += [next(planted, ""), ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def report() -> CheckReport:
    docs, errors = load_sources([str(SEEDS)])
    assert not errors
    return check_text(hand_brief(), docs, fmt="md", name="hand.md")


def unit_of(report: CheckReport, sentence: str) -> Unit:
    start = sentence.lstrip("- ")[:30]
    return next(u for u in report.units if u.text.startswith(start.replace('"', '"')))


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_each_planted_error_is_found_with_its_problem(report: CheckReport, kind: str) -> None:
    unit = unit_of(report, PLANTED[kind])
    assert unit.verdict in (UnitVerdict.partly, UnitVerdict.unsupported)
    assert EXPECTED[kind] in [p.code for p in unit.problems]


def test_no_correct_sentence_is_flagged(report: CheckReport) -> None:
    for sentence in CORRECT:
        unit = unit_of(report, sentence)
        assert unit.verdict is UnitVerdict.supported, (unit.text, unit.problems)
        assert not any(p.wrong for p in unit.problems)


def test_the_problems_say_what_the_sources_say(report: CheckReport) -> None:
    details = {
        k: " ".join(p.detail for p in unit_of(report, s).problems) for k, s in PLANTED.items()
    }
    assert "$12.5 billion: the sources say $11.5 billion" in details["revenue"]
    assert "Ted Sarandos" in details["speaker"]
    assert "not found verbatim; [" in details["reworded"] and "prints:" in details["reworded"]
    assert "Randolph" in details["name"]
    assert "80% is viewing" in details["swapped"] and "not revenue" in details["swapped"]
    assert "17% is revenue" in details["swapped"]


def test_the_summary_line_counts_what_was_wrong(report: CheckReport) -> None:
    s = report.summary
    assert s.units == len(CORRECT) + len(PLANTED)
    assert s.supported == len(CORRECT)
    assert s.numbers_wrong == 3  # $12.5 billion, and the two swapped percentages
    assert s.speakers_wrong == 1 and s.quotes_wrong == 1
    assert s.unsupported >= 1 and not s.clean


def test_a_list_item_is_one_unit_and_citations_are_kept(report: CheckReport) -> None:
    eternaut = unit_of(report, CORRECT[2])
    assert eternaut.kind.value == "list_item" and eternaut.text.endswith('"The Eternaut".')
    revenue = unit_of(report, CORRECT[0])
    assert revenue.cites == [4] and "[4]" not in revenue.text
    assert revenue.evidence[0].label == 4
