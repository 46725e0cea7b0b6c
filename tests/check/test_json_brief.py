"""Our own JSON brief re-verified: clean against its sources; after one source is edited to
change a figure, exactly the items that cite the changed passage are flagged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.check import check_text
from briefing.check.models import ProblemCode, UnitKind, UnitVerdict
from briefing.ingest.files import load_sources
from briefing.pipeline import build_brief
from briefing.render import render_json

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OLD, NEW = "$11.5 billion", "$12.5 billion"


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("seeds")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    brief = build_brief([str(folder)], engine="extractive")
    return folder, render_json(brief)


def test_our_brief_checks_clean(copied: tuple[Path, str]) -> None:
    folder, brief = copied
    docs, _ = load_sources([str(folder)])
    report = check_text(brief, docs, fmt="json")
    assert report.units and all(u.verdict is UnitVerdict.supported for u in report.units)
    assert {u.kind for u in report.units} >= {UnitKind.key_point, UnitKind.figure, UnitKind.quote}
    assert report.summary.clean and report.summary.numbers_checked > 0


def test_an_edited_figure_flags_exactly_the_items_that_cite_it(
    copied: tuple[Path, str], tmp_path: Path
) -> None:
    folder, brief = copied
    edited = tmp_path / "seeds"
    shutil.copytree(folder, edited)
    target = next(p for p in sorted(edited.glob("*.txt")) if OLD in p.read_text(encoding="utf-8"))
    target.write_text(target.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    before = check_text(brief, load_sources([str(folder)])[0], fmt="json")
    after = check_text(brief, load_sources([str(edited)])[0], fmt="json")
    changed_doc = next(d for d in before.sources if Path(d.source).name == target.name)
    start = changed_doc.text.index(OLD)
    expected = {
        u.index
        for u in before.units
        if any(e.doc_id == changed_doc.id and e.start <= start < e.end for e in u.evidence)
    }
    flagged = {u.index for u in after.units if u.verdict is not UnitVerdict.supported}
    assert expected and flagged == expected
    for u in after.units:
        if u.index in expected:
            codes = {p.code for p in u.problems}
            assert ProblemCode.span_changed in codes
            assert any(NEW in p.detail for p in u.problems if p.code is ProblemCode.span_changed)


def test_a_json_file_that_is_not_our_brief_is_refused(copied: tuple[Path, str]) -> None:
    from briefing.check import NotOurBrief

    folder, _ = copied
    docs, _ = load_sources([str(folder)])
    with pytest.raises(NotOurBrief, match="not a JSON brief of this tool"):
        check_text('{"answer": "Netflix grew 17%"}', docs, fmt="json")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_our_markdown_and_html_briefs_check_clean_as_text(
    copied: tuple[Path, str], fmt: str
) -> None:
    from briefing.render import render

    folder, _ = copied
    docs, _ = load_sources([str(folder)])
    brief = build_brief([str(folder)], engine="extractive")
    report = check_text(render(brief, fmt), docs, fmt=fmt)
    assert len(report.units) > 20
    assert report.summary.clean and report.summary.unsupported == 0
    assert report.summary.quotes_checked > 5 and report.summary.numbers_checked > 5
