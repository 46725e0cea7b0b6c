"""Quotes: one quote worded differently by two outlets is one row with its variants."""

from ..merging import A, B, merged


def test_quote_worded_differently_is_one_quote_with_variants() -> None:
    _, m = merged(A, B)
    row = next(q for q in m.quotes if "long" in q.text)
    assert row.speaker == "Jane Smith" and row.corroboration == 2
    variant = next(v for v in m.quote_variants if v.speaker == "Jane Smith")
    assert {w.citation.label for w in variant.wordings} == {1, 2}
    assert {w.text.rstrip(".") for w in variant.wordings} == {
        "We are building for the long run, not the next quarter",
        "We are building for the long term, not for the next quarter",
    }


def test_wordings_that_differ_only_in_typography_are_not_variants() -> None:
    # The same words, typeset apart: a dash for a comma, capitals, a hyphen, a full stop.
    b = B.replace(
        "“We are building for the long term, not for the next quarter,” CEO Jane Smith said.",
        "“We are building for the Long Run — not the next-quarter,” CEO Jane Smith said.",
    )
    a = A.replace("not the next quarter.”", "not the next quarter”")
    _, m = merged(a, b)
    row = next(q for q in m.quotes if "building" in q.text)
    assert row.corroboration == 2 and not m.quote_variants
    assert set(row.printed_by) == {"d1", "d2"}  # both outlets print the shown words
