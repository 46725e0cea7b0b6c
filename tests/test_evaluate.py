"""The offline brief of the seeds, scored against the rubric's careful reading."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.evaluate import evaluate, load_rubric
from briefing.pipeline import build_brief
from briefing.render import render

ROOT = Path(__file__).parents[1]
RUBRIC = ROOT / "eval" / "seeds-rubric.json"


@pytest.fixture(scope="module")
def scores():
    brief = build_brief([str(ROOT / "seeds")], engine="extractive")
    return evaluate(brief, load_rubric(RUBRIC), render(brief, "md"))


def test_points_recalled(scores) -> None:
    assert scores.points == 18
    assert scores.recalled >= 14, [p.id for p in scores.per_point if not p.recalled]


def test_corroboration_counts(scores) -> None:
    wrong = [(p.id, p.got_sources, p.expected_sources) for p in scores.per_point]
    assert scores.counts_exact >= 12, wrong


def test_no_noise_reaches_the_brief(scores) -> None:
    assert scores.noise_leaked == []


def test_quotes_verbatim_and_figures_grounded(scores) -> None:
    assert scores.quotes > 10 and scores.quotes_verbatim == scores.quotes
    assert scores.quote_credits >= len(scores.per_point) // 3
    assert scores.quote_credits_right == scores.quote_credits
    assert scores.figures >= 6 and scores.figures_grounded == scores.figures


def test_single_source_points_are_counted_once(scores) -> None:
    singles = {p.id: p for p in scores.per_point if p.expected_sources == 1}
    assert sum(p.got_sources == 1 for p in singles.values()) >= 3


def test_eval_command_prints_the_figures() -> None:
    result = CliRunner().invoke(main, ["eval", str(ROOT / "seeds"), "--rubric", str(RUBRIC)])
    assert result.exit_code == 0, result.output
    assert "points recalled" in result.stdout and "noise strings leaked   0" in result.stdout
    as_json = CliRunner().invoke(
        main, ["eval", str(ROOT / "seeds"), "--rubric", str(RUBRIC), "--json"]
    )
    assert json.loads(as_json.stdout)["points"] == 18


def test_evaluation_detects_leaked_noise_and_missing_points() -> None:
    brief = build_brief([str(ROOT / "seeds")], engine="extractive")
    rubric = load_rubric(RUBRIC)
    rubric["noise"] = [*rubric["noise"], "Bottom line"]
    rubric["facts"].append({"id": "x", "terms": [["zeppelin"]], "sources": ["S0"]})
    scores = evaluate(brief, rubric, render(brief, "md"))
    assert scores.noise_leaked == ["Bottom line"]
    assert not scores.per_point[-1].recalled


SEEDS_QUOTES = ROOT.parent / "shared" / "eval" / "seeds-quotes.jsonl"


@pytest.mark.skipif(
    not SEEDS_QUOTES.exists(), reason="the annotated seed quotes are not beside the checkout"
)
def test_no_speaker_shown_for_the_seeds_is_wrong() -> None:
    # A headline fragment ("Netflix Bets Big") once became a person and gave a quote to
    # "Generative": every speaker the seeds brief shows must be the annotated one.
    result = CliRunner().invoke(main, ["eval", str(ROOT / "seeds"), "--quotes", str(SEEDS_QUOTES)])
    assert result.exit_code == 0, result.output
    assert "(precision 100.0%)" in result.output, result.output


def test_a_quotation_inside_a_shown_quotation_is_judged_by_the_outer_speaker(tmp_path) -> None:
    from briefing.evaluate import GoldQuote, score_speakers

    text = (
        "Ellen Voss ran the laboratory's computer for three years in the sixties.\n\n"
        "“He would walk in with one sheet of paper and say, ‘Let us try this one today,’ "
        "and we would run it all night,” Voss said of the professor.\n"
    )
    (tmp_path / "lab.txt").write_text(text, encoding="utf-8")
    brief = build_brief([str(tmp_path)], engine="extractive")
    outer = text.index("He would walk")
    inner = text.index("Let us try")
    gold = [
        GoldQuote("lab.txt", outer, text.index(" all night") + 10, "Ellen Voss", ("Voss",)),
        GoldQuote("lab.txt", inner, inner + len("Let us try this one today,"), "Leo Marsh"),
    ]
    scores = score_speakers(brief, gold)
    assert scores.judged == 1 and scores.right == 1, scores.wrong
    # Shown as its own quote, the inner words would be judged against their own speaker.
    alone = score_speakers(brief, gold[1:])
    assert alone.judged == 1 and alone.right == 0
