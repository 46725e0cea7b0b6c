"""Spelling: a misspelt name is reported, an inflection is not."""

from ..merging import merged


def test_misspelt_name_is_reported_and_inflections_are_not() -> None:
    ds, m = merged(
        "The studio Brightwater Pictures made the film in Argentina with Paula Ortega.",
        "Brightwatter Pictures shot the Argentine film, Paula Ortega said on Monday.",
        "Brightwater Pictures confirmed the film with Paula Ortega will be released in May.",
    )
    pairs = {(s.variant, s.canonical) for s in m.spelling_variants}
    assert ("Brightwatter Pictures", "Brightwater Pictures") in pairs
    assert not any("Argentin" in s.variant for s in m.spelling_variants)
    v = next(s for s in m.spelling_variants if s.variant.startswith("Brightwatter"))
    assert v.variant_doc_ids == ["d2"] and v.canonical_doc_ids == ["d1", "d3"]
    assert v.citation and ds[1].text[v.citation.span.start : v.citation.span.end] == v.variant
