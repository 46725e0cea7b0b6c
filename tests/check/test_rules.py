"""The checker's rules, one by one, on short articles written for the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.check import check_text
from briefing.check.models import CheckReport, ProblemCode, UnitKind, UnitVerdict
from briefing.ingest.files import load_sources
from briefing.schemas import Document

ARTICLE = """Acme posts record quarter

Acme Corp said on Tuesday that revenue rose 12% to $4.2 billion, while profit fell 3%.
"We have never sold more machines, and we will sell more next year," Chief Executive Dana \
Whitlock said on a call with analysts. "The market is ours."
The company employs eight thousand people and shipped 8 million units in eight years.
A spokesman said: "When one plant slows [production], another speeds up."
Senator Mark Warner praised the results. The Pentagon said the contract was "on time, on budget, \
and on target."
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    folder = tmp_path_factory.mktemp("acme")
    (folder / "acme.txt").write_text(ARTICLE, encoding="utf-8")
    return load_sources([str(folder)])[0]


def checked(docs: list[Document], brief: str, fmt: str = "md") -> CheckReport:
    return check_text(brief, docs, fmt=fmt)


def codes(report: CheckReport, i: int = 0) -> set[ProblemCode]:
    return {p.code for p in report.units[i].problems}


def wrong(report: CheckReport, i: int = 0) -> list[str]:
    return [p.detail for p in report.units[i].problems if p.wrong]


def test_a_quotation_split_by_the_sources_attribution_is_verbatim(docs: list[Document]) -> None:
    brief = (
        'Dana Whitlock said: "We have never sold more machines, and we will sell more next year. '
        'The market is ours."'
    )
    report = checked(docs, brief)
    assert report.units[0].verdict is UnitVerdict.supported, report.units[0].problems


def test_punctuation_and_numbers_written_out_do_not_make_a_quote_reworded(
    docs: list[Document],
) -> None:
    brief = 'The Pentagon said the contract was "on time, on budget and on target."'
    assert not wrong(checked(docs, brief))


def test_the_sources_bracketed_insertion_and_the_briefs_ellipsis(docs: list[Document]) -> None:
    assert not wrong(checked(docs, 'A spokesman said: "When one plant slows, another speeds up."'))
    elided = '"We have never sold more machines ... we will sell more next year," Whitlock said.'
    assert not wrong(checked(docs, elided))


def test_a_reworded_quote_shows_the_sources_words(docs: list[Document]) -> None:
    report = checked(docs, '"We have never sold so many machines in our history," Whitlock said.')
    assert ProblemCode.quote_not_verbatim in codes(report)
    assert any("prints: “We have never sold more machines" in d for d in wrong(report))


def test_a_speaker_the_sentence_itself_names_is_not_wrong(docs: list[Document]) -> None:
    brief = (
        'Pentagon spokesperson Mary Lane said the contract was "on time, on budget, and on target."'
    )
    report = checked(docs, brief)
    assert not any(p.wrong for p in report.units[0].problems if p.code is ProblemCode.speaker_wrong)
    assert report.units[0].speakers == 1


def test_an_organisation_as_speaker_is_never_called_wrong(docs: list[Document]) -> None:
    brief = '"The market is ours," a spokeswoman for Acme Group said.'
    assert not wrong(checked(docs, brief))


def test_a_person_given_someone_elses_words_is_wrong(docs: list[Document]) -> None:
    report = checked(docs, '"The market is ours," Mark Warner said.')
    assert ProblemCode.speaker_wrong in codes(report)
    assert any("Whitlock" in d for d in wrong(report))


def test_a_number_written_in_words_in_the_source_is_found(docs: list[Document]) -> None:
    report = checked(docs, "Acme shipped 8 million units in 8 years.")
    assert report.units[0].verdict is UnitVerdict.supported and report.units[0].numbers == 2


def test_a_measure_is_compared_only_when_both_sides_name_one(docs: list[Document]) -> None:
    assert ProblemCode.number_measures_other in codes(checked(docs, "Acme's profit rose 12%."))
    # "8 million units" names no measure of the lexicon in the source: nothing to compare.
    assert not wrong(checked(docs, "Acme sold 8 million machines to customers."))


def test_names(docs: list[Document]) -> None:
    assert not wrong(checked(docs, "Own an Acme machine? Sen. Warner does."))
    report = checked(docs, "Acme hired Marc Randolph. Marc Randolph said so.")
    assert ProblemCode.name_not_in_sources in codes(report)
    assert any("“Marc Randolph”" in d for d in wrong(report))
    spelled = checked(docs, "Acme chief Dana Whittlock spoke.")
    assert any("spelled “Whitlock”" in d for d in wrong(spelled))


def test_table_rows_and_list_items_are_units_and_headers_are_not(docs: list[Document]) -> None:
    brief = (
        "## Figures\n\n| Figure | Measures |\n|---|---|\n| $4.2 billion | revenue |\n"
        "| 3% | profit growth |\n\n- Revenue rose 12%.\n  It was a record.\n"
    )
    report = checked(docs, brief)
    kinds = [u.kind for u in report.units]
    assert kinds == [UnitKind.table_row, UnitKind.table_row, UnitKind.list_item]
    assert report.units[2].text == "Revenue rose 12%. It was a record."
    assert [u.verdict for u in report.units[:2]] == [UnitVerdict.supported] * 2


def test_a_sources_section_is_not_checked(docs: list[Document]) -> None:
    brief = "Revenue rose 12%.\n\n## Sources\n\n1. Acme press release, 2026-01-04, 99 pages\n"
    assert len(checked(docs, brief).units) == 1


def test_hidden_html_and_scripts_are_not_the_brief(docs: list[Document]) -> None:
    page = (
        "<article><p>Revenue rose 12%.<button>1</button></p>"
        "<div popover><p>Revenue was $99 billion.</p></div>"
        "<p hidden>Profit was 77%.</p><script>document.write('x 55%')</script></article>"
    )
    report = checked(docs, page, fmt="html")
    assert [u.text for u in report.units] == ["Revenue rose 12%."]


def test_the_same_check_gives_the_same_report(docs: list[Document]) -> None:
    brief = "Acme's profit rose 12%. Marc Randolph said so."
    first, second = checked(docs, brief), checked(docs, brief)
    assert first.model_dump(exclude={"generated_at"}) == second.model_dump(exclude={"generated_at"})


def test_a_brief_that_is_all_furniture_has_no_units(docs: list[Document], tmp_path: Path) -> None:
    assert checked(docs, "# Title\n\n---\n\n**Key points**\n").units == []


def test_a_claim_said_the_other_way_round_is_not_supported(docs: list[Document]) -> None:
    fell = checked(docs, "Acme said revenue fell 12% to $4.2 billion.")
    assert fell.units[0].verdict is UnitVerdict.partly
    assert ProblemCode.direction_differs in codes(fell) and fell.summary.turned_around == 1
    assert any("“fell”" in d and "“rose”" in d for d in wrong(fell))
    assert checked(docs, "Acme said revenue rose 12% to $4.2 billion.").summary.clean


def test_a_not_the_passage_does_not_have_is_noted(docs: list[Document]) -> None:
    report = checked(docs, "Senator Mark Warner did not praise the results.")
    assert report.units[0].verdict is UnitVerdict.partly
    assert ProblemCode.negation_differs in codes(report)
    # a "not" far from the shared words is about something else
    assert not codes(checked(docs, "Senator Mark Warner praised the results."))


def test_mixed_quotation_marks_do_not_run_sentences_together(docs: list[Document]) -> None:
    brief = (
        'Acme said it had “never sold more machines," a record. Revenue rose 12%. Profit fell 3%.'
    )
    assert len(checked(docs, brief).units) == 3
