"""Across sources: clusters, counts, variants, copies and disagreements."""

from briefing.extract.extractive import extract
from briefing.ground.validator import ground_document
from briefing.merge import merge
from briefing.merge.claims import candidate_pairs
from briefing.schemas import Document


def docs(*texts: str) -> list[Document]:
    return [
        Document(id=f"d{i}", label=i, source=f"outlet{i}.txt", text=t)
        for i, t in enumerate(texts, 1)
    ]


def merged(*texts: str):
    ds = docs(*texts)
    return ds, merge(ds, [ground_document(d, extract(d)) for d in ds])


A = (
    "Acme Corp reported quarterly revenue of $3.4 billion on Tuesday, up 12% from a year earlier.\n"
    "The company will open a new factory in Lyon next spring to build electric bicycles.\n"
    "Chief executive Jane Smith said: “We are building for the long run, not the next quarter.”\n"
)
B = (
    "Acme Corp’s revenue rose 12% to $3.4 billion in the quarter, the company said Tuesday.\n"
    "Acme plans to build electric bicycles at a new factory in Lyon from next spring.\n"
    "“We are building for the long term, not for the next quarter,” CEO Jane Smith said.\n"
    "Analysts at Borel Bank expect margins to shrink as steel prices climb this winter.\n"
)
C = (
    "Acme Corp posted revenue of $3.9 billion for the quarter, according to its filing.\n"
    "The Lyon factory of Acme will make electric bicycles starting next spring, staff said.\n"
)


def test_points_are_counted_by_distinct_outlets() -> None:
    _, m = merged(A, B, C)
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert lyon.corroboration == 3 and lyon.doc_ids == ["d1", "d2", "d3"]
    borel = next(p for p in m.key_points if "Borel" in p.statement)
    assert borel.corroboration == 1


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


def test_figures_group_and_disagree() -> None:
    _, m = merged(A, B, C)
    rows = {f.value: f for f in m.figures}
    assert rows["$3.4 billion"].corroboration == 2
    assert rows["$3.9 billion"].corroboration == 1
    assert any(
        {p.text for p in d.positions} == {"$3.4 billion", "$3.9 billion"} for d in m.disagreements
    )


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


def test_syndicated_copy_counts_once() -> None:
    copy = A.replace("Tuesday", "Tuesday afternoon")
    _, m = merged(A, copy, C)
    assert [set(p.doc_ids) for p in m.duplicates] == [{"d1", "d2"}]
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert len(lyon.doc_ids) == 3 and lyon.corroboration == 2


def test_blocking_pairs_only_items_that_share_a_term() -> None:
    from briefing.merge.claims import Claim, claims_of, weigh

    ds, _ = merged(A, B)
    grounded = [ground_document(d, extract(d)) for d in ds]
    facts = [c for g in grounded for c in g.facts]
    claims: list[Claim] = claims_of(facts, "fact", {})
    idf = weigh(claims)
    pairs = candidate_pairs(claims, idf)
    all_pairs = sum(
        1 for i in range(len(claims)) for j in range(i) if claims[i].doc_id != claims[j].doc_id
    )
    assert 0 < len(pairs) < all_pairs
    for i, j in pairs:
        assert claims[i].doc_id != claims[j].doc_id
        assert claims[i].terms & claims[j].terms
