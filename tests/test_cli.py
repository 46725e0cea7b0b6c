"""The `briefing` command end to end on the seed articles, offline."""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.render import render
from briefing.schemas import Brief
from briefing.text.matching import normalize

from .checks import all_spans, assert_spans_hold
from .servers import NewsSite

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeds_brief() -> Brief:
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return Brief.model_validate_json(result.stdout)


def test_every_span_indexes_its_document(seeds_brief: Brief) -> None:
    docs = {d.id: d for d in seeds_brief.sources}
    spans = list(all_spans(seeds_brief))
    assert len(spans) > 30
    for span in spans:
        assert docs[span.doc_id].text[span.start : span.end] == span.text


def test_a_quote_is_printed_only_by_outlets_that_print_those_words(seeds_brief: Brief) -> None:
    assert_spans_hold(seeds_brief)
    believe = next(q for q in seeds_brief.quotes if q.text.startswith("We believe AI"))
    assert [c.label for c in believe.verbatim()] == [1]
    assert [c.label for c in believe.reworded()] == [2, 3, 4, 5]
    storyteller = next(q for q in seeds_brief.quotes if q.text.startswith("AI can provide"))
    assert [c.label for c in storyteller.reworded()] == [2, 3, 4]
    md = render(seeds_brief, "md")
    assert "as printed by [1]; in other words by [2], [3], Techcrunch [4] · 4 of 5" in md


def test_points_use_the_majority_spelling(seeds_brief: Brief) -> None:
    assert any(s.variant == "Binlionaires’ Bunker" for s in seeds_brief.spelling_variants)
    assert not any("Binlionaires" in p.statement for p in seeds_brief.key_points)


def test_every_quote_is_verbatim_in_its_document(seeds_brief: Brief) -> None:
    docs = {d.id: d for d in seeds_brief.sources}
    assert seeds_brief.quotes
    for q in seeds_brief.quotes:
        first = q.citations[0]
        assert normalize(q.text) in normalize(docs[first.doc_id].text)
        for c in q.citations:
            assert normalize(c.span.text) in normalize(docs[c.doc_id].text)


def test_json_brief_has_the_sections(seeds_brief: Brief) -> None:
    assert len(seeds_brief.sources) == 5
    assert [d.label for d in seeds_brief.sources] == [1, 2, 3, 4, 5]
    assert seeds_brief.engine == "extractive"
    assert seeds_brief.bottom_line and seeds_brief.key_points and seeds_brief.figures
    assert any(p.corroboration >= 4 for p in seeds_brief.key_points)
    assert seeds_brief.single_source
    assert seeds_brief.quote_variants
    assert any("Binlionaires" in s.variant for s in seeds_brief.spelling_variants)
    v = seeds_brief.validation
    assert sum(v.extracted.values()) == sum(v.kept.values()) + sum(v.dropped.values())


def test_markdown_brief_reads_like_a_brief() -> None:
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "-q"])
    assert result.exit_code == 0
    md = result.stdout
    for heading in (
        "## Bottom line",
        "## Key points",
        "## By the numbers",
        "## What they're saying",
        "## Where sources differ",
        "## Sources",
    ):
        assert heading in md
    assert "of 5 sources" in md
    assert "*Validation:" in md
    assert "$11.5 billion" in md


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "brief.md"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "-o", str(out), "-q"])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert result.stdout == ""
    assert [p.name for p in out.parent.iterdir()] == ["brief.md"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # as readable as any file written


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    good = next(SEEDS.glob("003_*.txt"))
    result = CliRunner().invoke(
        main, ["brief", str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(good)]
    )
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 2
    assert any("missing.txt" in e for e in errors) and any("empty.txt" in e for e in errors)
    assert "Traceback" not in result.stderr
    assert "## Key points" in result.stdout


def test_nothing_usable_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(main, ["brief", str(tmp_path / "nope.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr and "no usable sources" in result.stderr
    assert not out.exists()


def test_a_far_off_she_said_gives_no_speaker_and_strict_has_nothing_to_fail(
    tmp_path: Path,
) -> None:
    # "she said" eight sentences after the only person named: the attribution rules will not
    # guess, so the offline engine leaves the quote out rather than give it to Jane Smith; the
    # validator uses the same rules, so nothing is dropped and --strict passes.
    filler = "The market was calm and trading was thin for most of the long afternoon. " * 8
    story = tmp_path / "story.txt"
    story.write_text(
        "Analyst Jane Smith covers the steel sector for a regional bank.\n\n"
        f"{filler}\n\n“Costs will rise again sharply next year,” she said.\n",
        encoding="utf-8",
    )
    lenient = CliRunner().invoke(main, ["brief", str(story), "--format", "json", "-q"])
    assert lenient.exit_code == 0
    brief = Brief.model_validate_json(lenient.stdout)
    assert brief.quotes == [] and brief.validation.dropped_items == []
    assert CliRunner().invoke(main, ["brief", str(story), "--strict", "-q"]).exit_code == 0


def test_stdin(tmp_path: Path) -> None:
    text = next(SEEDS.glob("003_*.txt")).read_bytes()
    result = CliRunner().invoke(main, ["brief", "-", "--format", "json", "-q"], input=text)
    assert result.exit_code == 0, result.output
    brief = Brief.model_validate_json(result.stdout)
    assert brief.sources[0].source == "-"


def test_schema_command_prints_the_extraction_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {
        "headline",
        "summary",
        "facts",
        "quotes",
        "figures",
        "entities",
    }


def test_console_script_runs() -> None:
    exe = Path(sys.executable).with_name("briefing")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    assert "brief" in result.stdout and "eval" in result.stdout


def test_a_sentence_backs_at_most_two_points(seeds_brief: Brief) -> None:
    # A general sentence that touches many points would inflate their counts.
    uses = Counter(c.item_id for p in seeds_brief.key_points for c in p.citations)
    assert max(uses.values()) <= 2
    statements = [p.statement for p in seeds_brief.key_points]
    assert len(statements) == len(set(statements))


def test_length_changes_what_is_shown_never_what_is_kept() -> None:
    def run(*extra: str) -> tuple[int, list[str]]:
        md = CliRunner().invoke(main, ["brief", str(SEEDS), "-q", *extra]).output
        body = md.split("## Where sources differ")[0]
        data = CliRunner().invoke(main, ["brief", str(SEEDS), "-q", "--format", "json", *extra])
        points = [p["statement"] for p in json.loads(data.output)["key_points"]]
        return len(body.split()), sorted(points)

    short, standard, full = run("--length", "short"), run(), run("--length", "full")
    assert short[0] < standard[0] < full[0]
    assert short[1] == standard[1] == full[1]  # the JSON brief keeps every point


def test_length_as_words_sizes_the_bottom_line_and_key_points_together() -> None:
    def shown(words: str) -> int:
        result = CliRunner().invoke(
            main, ["brief", str(SEEDS), "-q", "--format", "json", "--length", words]
        )
        brief = json.loads(result.output)
        assert brief["words"] == int(words)
        more = set(brief["more"])
        points = [p["statement"] for p in brief["key_points"] if p["id"] not in more]
        top = [s["text"] for s in brief["bottom_line"]]
        return len(" ".join(top + [p for p in points if p not in top]).split())

    small, big = shown("120"), shown("300")
    assert small <= 120 < big <= 300


@pytest.mark.parametrize("value", ["0", "5", "-3", "long"])
def test_a_length_that_is_no_length_is_a_usage_error(value: str) -> None:
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "--length", value])
    assert (
        result.exit_code == 2 and "--length" in result.output and "Traceback" not in result.output
    )


@pytest.mark.parametrize(
    ("name", "args", "starts"),
    [
        ("brief.html", [], "<!DOCTYPE html>"),
        ("brief.json", [], "{"),
        ("brief.md", [], "# "),
        ("brief.html", ["--format", "md"], "# "),  # --format says otherwise
    ],
)
def test_o_picks_the_format_from_the_extension(
    tmp_path: Path, name: str, args: list[str], starts: str
) -> None:
    out = tmp_path / name
    seed = str(next(SEEDS.glob("001_*")))
    result = CliRunner().invoke(main, ["brief", seed, "-o", str(out), "-q", *args])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(starts)


def test_o_into_a_missing_folder_is_a_usage_error_and_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "brief.md"
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and str(out) in result.stderr
    assert not out.parent.exists()


def test_engine_llm_with_no_endpoint_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFING_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "--engine", "llm"])
    assert result.exit_code == 2
    assert "--engine llm needs an endpoint" in result.stderr


def test_one_source_is_one_source(tmp_path: Path) -> None:
    seed = str(next(SEEDS.glob("001_*")))
    result = CliRunner().invoke(main, ["brief", seed, "--engine", "extractive", "-q"])
    assert result.exit_code == 0
    assert "Brief of 1 source ·" in result.stdout and "1 sources" not in result.stdout


def test_m_is_short_for_model() -> None:
    result = CliRunner().invoke(main, ["brief", "--help"])
    assert "-m, --model" in result.output


def test_a_failed_input_still_gives_the_brief_and_strict_fails_on_it(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    good = str(next(SEEDS.glob("003_*.txt")))
    args = ["brief", good, str(tmp_path / "empty.txt"), "--engine", "extractive", "-q"]
    lenient = CliRunner().invoke(main, args)
    assert lenient.exit_code == 0 and lenient.stdout.startswith("# ")
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 3 and "1 inputs could not be used" in strict.stderr


def test_paths_says_where_the_cache_the_config_and_the_state_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    config = tmp_path / "briefing.toml"
    config.write_text((ROOT / "examples" / "briefing.toml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["paths", "--config", str(config)])
    assert result.exit_code == 0
    lines = dict(line.split(None, 2)[1:] for line in result.stdout.splitlines())
    assert lines == {
        "cache": str(tmp_path / "cache" / "responses.sqlite3"),
        "config": str(config),
        "state": lines["state"],
    }
    assert lines["state"].startswith(str(tmp_path))  # the example config's relative state


def test_every_command_is_described_in_full_in_help() -> None:
    for args in (["--help"], ["digest", "--help"]):
        listed = CliRunner().invoke(main, args).output.split("Commands:")[1]
        assert "..." not in listed


def test_urls_are_fetched_beside_files_and_a_bad_one_fails_in_one_line(tmp_path: Path) -> None:
    site = NewsSite()
    try:
        urls = site.add_seed_articles()[:2]
        notes = tmp_path / "notes.md"
        notes.write_text(next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"))
        missing = site.url + "/gone.html"
        args = ["brief", urls[0], str(notes), missing, urls[1], "--format", "json"]
        result = CliRunner().invoke(main, [*args, "--engine", "extractive", "-q"])
    finally:
        site.close()
    assert result.exit_code == 0, result.output
    brief = Brief.model_validate_json(result.stdout)
    # Labels follow the order given; each fetched page keeps its URL as its source.
    assert [d.source for d in brief.sources] == [urls[0], str(notes), urls[1]]
    assert [d.label for d in brief.sources] == [1, 2, 3]
    assert [(e.source, e.message) for e in brief.source_errors] == [(missing, "HTTP 404")]
    assert f"error: {missing}: HTTP 404" in result.stderr
    assert_spans_hold(brief)


def test_an_output_named_for_a_format_we_do_not_write_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "-o", str(pdf), "-q"])
    assert result.exit_code == 2 and not pdf.exists()
    assert result.output.strip().splitlines() == [
        f"briefing: error: {pdf}: no .pdf output; name a .md, .html or .json file, or give --format"
    ]
    dated = tmp_path / "brief.2026-12-01"  # a date in the name is no format
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "-o", str(dated), "-q"])
    assert result.exit_code == 0 and dated.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["brief", str(SEEDS), "--length", "5"], "Invalid value for '--length'"),
        (["brief", str(SEEDS), "--bogus"], "No such option '--bogus'"),
        (["brief"], "Missing argument 'SOURCES...'"),
        (["bogus"], "No such command 'bogus'"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], says: str) -> None:
    result = CliRunner().invoke(main, args)
    (line,) = result.output.strip().splitlines()
    assert result.exit_code == 2 and line.startswith("briefing: error: ") and says in line
    assert line.endswith("--help)")
