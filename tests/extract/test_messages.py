"""The prompts: rules first and the document last, versioned, and shipped inside the wheel."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing.extract.messages import extraction_messages, prompt_version
from briefing.schemas import Document

ROOT = Path(__file__).resolve().parents[2]


def test_extraction_prompt_puts_rules_first_and_the_document_last() -> None:
    doc = Document(id="d", label=1, source="a.txt", title="T", text="Body text here.")
    system, user = extraction_messages(doc, doc.text)
    assert system["role"] == "system" and "character for character" in system["content"]
    assert '"additionalProperties":false' in system["content"]
    assert user["content"].endswith("<article>\nBody text here.\n</article>\n")
    other = Document(id="e", label=2, source="b.txt", text="Other text.")
    assert extraction_messages(other, other.text)[0] == system  # a shared prefix


def test_prompt_version_is_a_hash_of_the_templates() -> None:
    version = prompt_version()
    assert re.fullmatch(r"[0-9a-f]{12}", version)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_prompts_ship_inside_the_wheel(tmp_path: Path) -> None:
    pytest.importorskip("setuptools")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    result = subprocess.run(
        [*build, "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("briefing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    templates = {Path(n).name for n in names if n.startswith("briefing/prompts/")}
    shipped = {p.name for p in (ROOT / "prompts").glob("*.j2")}
    assert shipped and shipped <= templates
    # Every module and template of the package ships: a new subpackage must be listed.
    package = ROOT / "briefing"
    files = [*package.rglob("*.py"), *package.rglob("templates/*.j2")]
    assert {f"briefing/{f.relative_to(package).as_posix()}" for f in files} <= set(names)
