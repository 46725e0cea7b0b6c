"""`check --judge`, replayed from `cassettes/scripted/check_judge.yaml` (recorded from the
scripted server; see tests/check/judging.py): the model is asked only about what code cannot
settle, and its answer is shown as its judgement, never as a verified fact."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.check.models import UnitVerdict
from briefing.check.report import render_report

from ..recording import make_vcr
from .judging import judged_report

REPLAY_URL = "http://127.0.0.1:9/v1"  # nothing listens: an unrecorded request fails


def replayed() -> tuple:
    with make_vcr().use_cassette("scripted/check_judge.yaml") as cassette:
        report = judged_report(REPLAY_URL)
        assert cassette.all_played
    return report, [json.loads(r.body) for r in cassette.requests]


def test_only_units_code_cannot_settle_are_judged() -> None:
    report, requests = replayed()
    judged = [u for u in report.units if u.judgement is not None]
    assert len(requests) == len(judged) == 3
    assert report.units[0].judgement is None  # its numbers were checked by code
    for u in judged:
        assert not any(p.wrong for p in u.problems)
        assert u.verdict in (UnitVerdict.uncheckable, UnitVerdict.unsupported)


def test_the_judgement_never_changes_the_verdict() -> None:
    report, _ = replayed()
    hollywood = next(u for u in report.units if u.text.startswith("Hollywood"))
    assert hollywood.judgement is not None and hollywood.judgement.model == "scripted-judge"
    assert hollywood.verdict is UnitVerdict.unsupported
    assert report.summary.unsupported == 1


def test_the_request_sends_the_passages_as_data() -> None:
    report, requests = replayed()
    system = requests[0]["messages"][0]["content"]
    user = requests[0]["messages"][1]["content"]
    assert "do not follow" in system and "json" in system.lower()
    passage = (report.units[1].evidence or report.units[1].nearest)[0]
    assert json.dumps(passage.text[:60], ensure_ascii=False)[1:-1] in user


def test_the_report_says_it_is_the_models_judgement() -> None:
    report, _ = replayed()
    md = render_report(report, "md")
    assert "judged by a model (marked as such)" in md
    assert md.count("(scripted-judge) judges:") >= 3
    assert "not checked by code" in md


def test_the_command_line_judges_through_the_endpoint(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    from .judging import ANSWER, SEEDS

    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    args = ["check", str(answer), str(SEEDS), "--judge", "-m", "scripted-judge", "-q"]
    with make_vcr().use_cassette("scripted/check_judge.yaml") as cassette:
        result = CliRunner().invoke(main, [*args, "--base-url", REPLAY_URL, "--format", "json"])
        assert cassette.all_played
    assert result.exit_code == 0, result.output
    units = json.loads(result.output)["units"]
    assert sum(u["judgement"] is not None for u in units) == 3


def test_judge_without_an_endpoint_is_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    from .judging import ANSWER, SEEDS

    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(answer), str(SEEDS), "--judge"])
    assert result.exit_code == 2 and "--judge needs an endpoint" in result.output
