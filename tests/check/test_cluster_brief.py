"""The checker on a story it was not built on: a hand-written brief of a Multi-News cluster
(`../shared/eval`), with its own planted errors. Skips when `../shared` is absent.

The brief's sentences are written here; the quotations it repeats are taken from the
articles when the test runs, so no article text is copied into the project.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing.check import check_text
from briefing.check.models import CheckReport, ProblemCode, Unit, UnitVerdict
from briefing.ingest.files import load_sources
from briefing.text.attribution import Speakers

CLUSTERS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "multi_news_dev.jsonl"
CLUSTER = "2b546dd845"  # a university renaming a building: figures, quotes, two speakers

pytestmark = pytest.mark.skipif(not CLUSTERS.exists(), reason="../shared/eval is absent")


def articles() -> list[str]:
    line = next(x for x in CLUSTERS.read_text(encoding="utf-8").splitlines() if CLUSTER in x)
    parts = re.split(r"Passage \d+:", json.loads(line)["context"])
    return [t for p in parts if (t := re.sub(r" ?NEWLINE_CHAR ?", "\n", p).strip())]


def quote_by(texts: list[str], surname: str) -> str:
    """The first quotation of eight words or more the attribution rules give to surname."""
    for text in texts:
        speakers = Speakers.of(text)
        for start, end in speakers.regions:
            who = speakers.attribute(start, end).speaker
            inner = text[start:end].strip().rstrip(".,")
            if who and surname in who.name and len(inner.split()) >= 8 and '"' not in inner:
                return inner
    raise AssertionError(f"no quotation by {surname}")


def reworded(quote: str) -> str:
    """The quotation with two of its longer words replaced."""
    words = quote.split()
    long_ones = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()][:2]
    for i in long_ones:
        words[i] = "remarkably"
    return " ".join(words)


@pytest.fixture(scope="module")
def briefed(tmp_path_factory: pytest.TempPathFactory) -> tuple[CheckReport, dict[str, str]]:
    folder = tmp_path_factory.mktemp("cluster")
    texts = articles()
    for n, text in enumerate(texts, 1):
        (folder / f"{n}.txt").write_text(text + "\n", encoding="utf-8")
    zeppos, jones = quote_by(texts, "Zeppos"), quote_by(texts, "Jones")
    sentences = {
        "pay": "Vanderbilt University will pay $1.2 million to remove the word Confederate "
        "from the name of a campus dorm.",
        "gift": "The United Daughters of the Confederacy gave $50,000 toward the building in 1933.",
        "donors": "The money was pledged by anonymous donors.",
        "court": "A Tennessee appeals court ruled that Vanderbilt could remove the word only "
        "after returning the donation at its current value.",
        "quote": f'"{zeppos}," Zeppos said.',
        # planted
        "wrong figure": "Vanderbilt will pay $2.1 million to the group's Tennessee chapter.",
        "wrong speaker": f'"{jones}," Zeppos said.',
        "reworded": f'"{reworded(zeppos)}," Zeppos said.',
        "unknown name": "Student leader Marcus Whitfield praised the decision.",
        "swapped": "Vanderbilt will repay $50,000, the value today of a $1.2 million gift.",
        "no source": "Vanderbilt plans to build a museum of Civil War history on the site.",
    }
    brief = "# Vanderbilt renames a hall\n\n" + "\n\n".join(sentences.values()) + "\n"
    docs, errors = load_sources([str(folder)])
    assert not errors
    return check_text(brief, docs), sentences


def unit(briefed: tuple[CheckReport, dict[str, str]], key: str) -> Unit:
    report, sentences = briefed
    return next(u for u in report.units if u.text == sentences[key])


@pytest.mark.parametrize("key", ["pay", "gift", "donors", "court", "quote"])
def test_correct_sentences_are_supported(briefed: tuple[CheckReport, dict], key: str) -> None:
    found = unit(briefed, key)
    assert found.verdict is UnitVerdict.supported, found.problems
    assert found.evidence


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("wrong figure", ProblemCode.number_not_in_sources),
        ("wrong speaker", ProblemCode.speaker_wrong),
        ("reworded", ProblemCode.quote_not_verbatim),
        ("unknown name", ProblemCode.name_not_in_sources),
        ("swapped", ProblemCode.number_measures_other),
        ("no source", ProblemCode.no_supporting_span),
    ],
)
def test_planted_errors_are_found(
    briefed: tuple[CheckReport, dict], key: str, code: ProblemCode
) -> None:
    found = unit(briefed, key)
    assert found.verdict in (UnitVerdict.partly, UnitVerdict.unsupported)
    assert code in [p.code for p in found.problems], found.problems


def test_the_wrong_figure_names_the_right_one(briefed: tuple[CheckReport, dict]) -> None:
    details = [p.detail for p in unit(briefed, "wrong figure").problems]
    assert any(d.startswith("$2.1 million: the sources say $1.2 million [") for d in details)


def test_the_wrong_speaker_names_the_real_one(briefed: tuple[CheckReport, dict]) -> None:
    details = " ".join(p.detail for p in unit(briefed, "wrong speaker").problems)
    assert "Jones" in details and "not 'Zeppos'" in details
