"""The seed articles as Documents, and the validator's checks on them with every span checked.

Shared by the tests of the validator, the quote attribution, the name check and quoted regions.
"""

from __future__ import annotations

from pathlib import Path

from briefing.ground.validator import check_entity, check_fact, check_figure, check_quote
from briefing.schemas import (
    Category,
    Checked,
    Document,
    Entity,
    EntityType,
    Fact,
    Figure,
    IssueCode,
    Quote,
)
from briefing.text.matching import IndexedText

SEEDS = Path(__file__).parents[1] / "seeds"
DOCS = [
    Document(id=f"d{i}", label=i, source=path.name, text=path.read_text(encoding="utf-8"))
    for i, path in enumerate(sorted(SEEDS.glob("*.txt")), start=1)
]
D1, D2, D3, D4, D5 = DOCS  # seeds 000 .. 004 have ids d1 .. d5

S1_STORYTELLER = (
    "AI can give creatives better tools to enhance their overall TV/movie experience for our "
    "members, but it doesn’t automatically make you a great storyteller if you’re not."
)


def assert_spans(doc: Document, checked: Checked) -> None:
    for span in checked.spans:
        assert span.doc_id == doc.id
        assert doc.text[span.start : span.end] == span.text
    for issue in checked.issues:
        if issue.nearest is not None:
            assert doc.text[issue.nearest.start : issue.nearest.end] == issue.nearest.text


def codes(checked: Checked) -> list[IssueCode]:
    return [issue.code for issue in checked.issues]


def fact(doc: Document, statement: str, *evidence: str) -> Checked[Fact]:
    item = Fact(statement=statement, evidence=list(evidence), category=Category.financial)
    checked = check_fact(IndexedText(doc.text, doc.id), doc, item, f"{doc.id}.f1")
    assert_spans(doc, checked)
    return checked


def quote(doc: Document, speaker: str, text: str) -> Checked[Quote]:
    item = Quote(speaker=speaker, role=None, text=text)
    checked = check_quote(IndexedText(doc.text, doc.id), doc, item, f"{doc.id}.q1")
    assert_spans(doc, checked)
    return checked


def figure(doc: Document, value: str, measures: str, change: str | None, evidence: str) -> Checked:
    item = Figure(value=value, measures=measures, change=change, evidence=evidence)
    checked = check_figure(IndexedText(doc.text, doc.id), doc, item, f"{doc.id}.n1")
    assert_spans(doc, checked)
    return checked


def entity(doc: Document, name: str, *aliases: str) -> Checked[Entity]:
    item = Entity(name=name, type=EntityType.person, aliases=list(aliases))
    checked = check_entity(IndexedText(doc.text, doc.id), doc, item, f"{doc.id}.e1")
    assert_spans(doc, checked)
    return checked
