"""Long documents: split into parts under the limit, and the parts' readings combined."""

from __future__ import annotations

from briefing.extract.reading import combine, split_paragraphs
from briefing.schemas import Entity, EntityType, Extraction


def test_split_keeps_parts_as_slices_of_the_text_under_the_limit() -> None:
    paragraphs = [
        f"Paragraph {n} says something quite long about topic {n}." * 3 for n in range(30)
    ]
    text = "\n\n".join(paragraphs)
    parts = split_paragraphs(text, 800)
    assert len(parts) > 3 and all(len(p) <= 800 for p in parts)
    assert all(p in text for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_paragraph_over_the_limit_is_cut_between_sentences() -> None:
    text = " ".join(f"Sentence number {n} is here." for n in range(200))
    parts = split_paragraphs(text, 500)
    assert len(parts) > 5 and all(p.endswith(".") for p in parts)
    assert split_paragraphs("short", 500) == ["short"]


def test_parts_merge_entities_named_twice() -> None:
    netflix = Entity(name="Netflix", type=EntityType.organization, aliases=[])
    a = Extraction(headline="h", summary="s", facts=[], quotes=[], figures=[], entities=[netflix])
    b = a.model_copy(
        update={
            "entities": [Entity(name="netflix", type=EntityType.organization, aliases=["NFLX"])]
        }
    )
    merged = combine([a, b])
    assert [(e.name, e.aliases) for e in merged.entities] == [("Netflix", ["NFLX"])]
