"""Claims: only items that share a term are compared."""

from briefing.extract.extractive import extract
from briefing.ground.validator import ground_document
from briefing.merge.claims import candidate_pairs

from ..merging import A, B, merged


def test_blocking_pairs_only_items_that_share_a_term() -> None:
    from briefing.merge.claims import Claim, claims_of, weigh

    ds, _ = merged(A, B)
    grounded = [ground_document(d, extract(d)) for d in ds]
    facts = [c for g in grounded for c in g.facts]
    claims: list[Claim] = claims_of(facts, "fact", {})
    idf = weigh(claims)
    pairs = list(candidate_pairs(claims, idf))
    assert pairs == sorted(set(pairs))  # each once, in order
    all_pairs = sum(
        1 for i in range(len(claims)) for j in range(i) if claims[i].doc_id != claims[j].doc_id
    )
    assert 0 < len(pairs) < all_pairs
    for i, j in pairs:
        assert claims[i].doc_id != claims[j].doc_id
        assert claims[i].terms & claims[j].terms
