"""Quoted regions: the spans inside quotation marks of many styles, never apostrophes."""

from __future__ import annotations

from briefing.text.quotes import quoted_regions

from ..grounding import D4


def inside(text: str) -> list[str]:
    return [text[a:b] for a, b in quoted_regions(text)]


def test_quoted_regions_in_many_styles() -> None:
    assert inside("He said “hello there” and “bye”.") == ["hello there", "bye"]
    assert inside("Er sagte „guten Tag“ und »tschüss«.") == ["guten Tag", "tschüss"]
    assert inside("Il a dit «\u00a0bonjour\u00a0» hier.") == ["\u00a0bonjour\u00a0"]
    assert inside('She said "it\'s fine" twice.') == ["it's fine"]
    assert inside("Netflix goes ‘all in’ on novelty’s sake") == ["all in"]
    assert inside("“Outer ‘inner’ text,” he said.") == ["Outer ‘inner’ text,", "inner"]


def test_a_straight_mark_and_a_curly_one_pair_and_nested_closers_may_be_spaced() -> None:
    # Copy edited in two tools: a straight mark opens, a curly one closes, and the other way.
    assert inside('He said "we will win” and then “we won" twice.') == ["we will win", "we won"]
    # A closing mark after the inner quotation's, a space between them.
    assert inside("“Look for the plate ‘ABC,’ ” she said.") == [
        "Look for the plate ‘ABC,’ ",
        "ABC,",
    ]
    # A mark after a space with no inner quotation before it opens, it does not close.
    assert inside("“One ” and more") == ["One ” and more"]


def test_apostrophes_are_not_quotation_marks() -> None:
    assert inside("Netflix’s stance and the studio’s view don’t change.") == []
    assert inside("avoiding ‘novelty for novelty’s sake’ and more") == [
        "novelty for novelty’s sake"
    ]


def test_unclosed_quotation_ends_with_its_paragraph() -> None:
    text = "He said: “First paragraph of a long quote.\n\n“Second paragraph,” he added."
    assert inside(text) == ["First paragraph of a long quote.", "Second paragraph,"]


def test_quoted_regions_of_seed_003() -> None:
    regions = inside(D4.text)
    assert "all in" in regions
    assert "\u00a0starting to make sense\u00a0" in regions
    assert len(regions) == 11


def test_a_quotation_inside_another_ends_with_it_when_its_own_mark_is_missing() -> None:
    text = (
        '“Specifically, Roe confirmed that ‘there was no link at all," she said.\n\n'
        "“With the rivals’ tested ‘deal’ talk, they failed,” she said.\n"
    )
    inside = [text[a:b] for a, b in quoted_regions(text)]
    assert inside[:2] == [
        "Specifically, Roe confirmed that ‘there was no link at all,",
        "there was no link at all,",
    ]
    assert "she said" not in " ".join(inside)
