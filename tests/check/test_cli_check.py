"""`briefing check` as a user runs it: a chatbot's answer with no citations, each report
format, --strict, and one-line errors for a brief that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from click.testing import CliRunner

from briefing.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CHATBOT = (
    "Netflix recently said it is embracing generative AI. Its quarterly revenue rose 17% to "
    "$11.5 billion, which was below the company's forecast. The company used the technology "
    "for a building collapse scene in The Eternaut. Netflix also reported 300 million "
    "subscribers this quarter. Overall, it feels like an exciting time for the industry.\n"
)


def check(tmp_path: Path, text: str, *args: str, name: str = "answer.txt") -> tuple[int, str]:
    brief = tmp_path / name
    brief.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(brief), str(SEEDS), "-q", *args])
    return result.exit_code, result.output


def test_a_chatbot_answer_is_checked_sentence_by_sentence(tmp_path: Path) -> None:
    code, out = check(tmp_path, CHATBOT, "--format", "json")
    assert code == 0
    units = json.loads(out)["units"]
    verdicts = [u["verdict"] for u in units]
    assert len(units) == 5
    assert verdicts[1] == "supported" and verdicts[2] == "supported"
    subscribers = units[3]
    assert subscribers["verdict"] in ("partly supported", "unsupported")
    assert any("300 million" in p["detail"] for p in subscribers["problems"])
    assert verdicts[4] == "not checkable by code"


def test_markdown_report_has_the_summary_line_and_what_to_fix(tmp_path: Path) -> None:
    code, out = check(tmp_path, CHATBOT)
    assert code == 0
    assert "**5 units: " in out and "Numbers: 3 checked, 1 wrong" in out
    fix = out.split("## To fix", 1)[1].split("## Every unit", 1)[0]
    assert "300 million" in fix and "17%" not in fix


def test_strict_exits_3_when_something_is_wrong_and_0_when_clean(tmp_path: Path) -> None:
    assert check(tmp_path, CHATBOT, "--strict")[0] == 3
    clean = "Netflix's quarterly revenue rose 17% year-over-year to $11.5 billion.\n"
    assert check(tmp_path, clean, "--strict")[0] == 0


def test_html_report_colours_each_unit_and_opens_its_evidence(tmp_path: Path) -> None:
    out_file = tmp_path / "report.html"
    code, _ = check(tmp_path, CHATBOT, "-o", str(out_file))
    assert code == 0
    page = lxml.html.fromstring(out_file.read_text(encoding="utf-8"))
    units = page.xpath("//button[contains(@class, 'unit')][@popovertarget]")
    assert len(units) == 5
    classes = [u.get("class") for u in units]
    assert "v-supported" in classes[1] and "v-supported" not in classes[3]
    target = page.get_element_by_id(units[3].get("popovertarget"))
    assert "300 million" in target.text_content() and target.get("popover") is not None


def test_an_html_brief_is_read_as_html(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Netflix</h1><p>Netflix's quarterly revenue rose 17% to $11.5 "
        "billion.</p><ul><li>Netflix reported 300 million subscribers.</li></ul>"
        "<script>var x = 'Revenue was $99 billion.';</script></body></html>"
    )
    code, out = check(tmp_path, page, "--format", "json", name="brief.html")
    units = json.loads(out)["units"]
    assert code == 0 and json.loads(out)["brief_format"] == "html"
    assert [u["kind"] for u in units] == ["sentence", "list_item"]
    assert units[0]["verdict"] == "supported" and units[1]["verdict"] != "supported"


def test_unreadable_brief_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.md"), str(SEEDS)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        f"briefing: error: {tmp_path / 'nope.md'}: no such file or folder; nothing checked"
    ]


def test_json_that_is_not_our_brief_is_a_usage_error(tmp_path: Path) -> None:
    code, out = check(tmp_path, '{"answer": 1}', name="answer.json")
    assert code == 2 and "not a JSON brief of this tool" in out and "Traceback" not in out


def test_unusable_sources_are_reported_and_the_rest_checked(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("Netflix's revenue rose 17%.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(brief), str(SEEDS), str(tmp_path / "missing.txt"), "--format", "json"]
    )
    assert result.exit_code == 0
    assert "missing.txt: no such file or folder" in result.output


def test_a_brief_that_is_not_text_is_one_line_naming_it(tmp_path: Path) -> None:
    cases = {
        "empty.md": b"",
        "binary.md": b"\x00\x01PK\x03\x04" * 20,
        "latin1.md": "Caf\xe9 revenue rose 17%.".encode("latin-1"),
    }
    for name, data in cases.items():
        brief = tmp_path / name
        brief.write_bytes(data)
        result = CliRunner().invoke(main, ["check", str(brief), str(SEEDS), "-q"])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1, name
        assert len(lines) == 1 and lines[0].startswith(f"briefing: error: {brief}: "), lines
        assert isinstance(result.exception, SystemExit), result.exception
    folder = CliRunner().invoke(main, ["check", str(tmp_path), str(SEEDS), "-q"])
    assert folder.exit_code == 1 and isinstance(folder.exception, SystemExit)
    assert (
        folder.output.strip()
        == f"briefing: error: {tmp_path}: a folder, not a file; nothing checked"
    )


def test_the_report_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("Netflix's revenue rose 17%.\n", encoding="utf-8")
    missing = CliRunner().invoke(
        main, ["check", str(brief), str(SEEDS), "-o", str(tmp_path / "no" / "r.md")]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.output
    target = tmp_path / "r.json"
    done = CliRunner().invoke(main, ["check", str(brief), str(SEEDS), "-o", str(target), "-q"])
    assert done.exit_code == 0 and json.loads(target.read_text())["summary"]["units"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_with_no_usable_source_each_error_is_said_once(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("Netflix's revenue rose 17%.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(brief), str(tmp_path / "nosuch")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"briefing: error: {tmp_path / 'nosuch'}: no such file or folder",
        "briefing: error: no usable sources; nothing checked",
    ]
