"""Claims: only items that share a term are compared; identical claims are compared once."""

from briefing.extract.extractive import extract
from briefing.ground.validator import ground_document
from briefing.merge.claims import (
    FOCUS,
    POINT_THRESHOLD,
    Claim,
    candidate_pairs,
    link,
    linked,
    similarity,
    weigh,
)

from ..merging import A, B, C, docs, merged


def test_blocking_pairs_only_items_that_share_a_term() -> None:
    from briefing.merge.claims import claims_of

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


LYON = "The company will open a new factory in Lyon next spring to build electric bicycles.\n"


def _claims(*texts: str) -> list[Claim]:
    from briefing.merge.claims import claims_of

    grounded = [ground_document(d, extract(d)) for d in docs(*texts)]
    return claims_of([c for g in grounded for c in g.facts if c.kept], "fact", {})


def test_grouped_linking_finds_what_linking_claim_by_claim_finds() -> None:
    # Three outlets carry A's sentences word for word, B says them in other words.
    texts = (A, A, A.replace("Tuesday", "Tuesday afternoon"), B, C)
    claims = _claims(*texts)
    idf = weigh(claims)
    link(claims, idf, POINT_THRESHOLD, same_speaker=False)
    assert len({id(c.group) for c in claims}) < len(claims)  # the copies share groups
    expected: dict[str, list[tuple[float, str]]] = {c.id: [] for c in claims}
    focus = dict.fromkeys(expected, 0)
    for i, j in candidate_pairs(claims, idf):
        a, b = claims[i], claims[j]
        shares = similarity(a, b, idf)
        if linked(shares, POINT_THRESHOLD):
            expected[a.id].append((max(shares[:2]), b.id))
            expected[b.id].append((max(shares[:2]), a.id))
            focus[a.id] += shares[0] >= FOCUS
            focus[b.id] += shares[1] >= FOCUS
    order = {c.id: k for k, c in enumerate(claims)}
    for c in claims:
        assert [(s, y.id) for s, y in c.links()] == sorted(
            expected[c.id], key=lambda p: order[p[1]]
        )
        assert c.focus == focus[c.id]
    lyon = next(c for c in claims if c.doc_id == "d4" and "Lyon" in c.text)  # B's own words
    assert {y.doc_id for _, y in lyon.links()} >= {"d1", "d2", "d3"}


def test_identical_claims_are_one_group_and_one_point() -> None:
    others = (
        "Borel Bank expects margins to shrink as steel prices climb this winter.\n",
        "Rival Vello Works cut the price of its cargo bicycle by a fifth in March.\n",
    )
    texts = [LYON + others[0], others[1] + LYON, LYON, B]
    claims = _claims(*texts)
    link(claims, weigh(claims), POINT_THRESHOLD, same_speaker=False)
    copies = [c for c in claims if c.text == LYON.strip()]
    assert len(copies) == 3 and len({id(c.group) for c in copies}) == 1
    assert [d for d in copies[0].neighbours()] == ["d2", "d3", "d4"]
    _, m = merged(*texts)
    points = [p for p in m.key_points if "Lyon" in p.statement]
    assert len(points) == 1 and points[0].doc_ids == ["d1", "d2", "d3", "d4"]


def test_copies_of_a_sentence_still_link_when_they_outnumber_the_block_cap() -> None:
    # Ten copies of one sentence put each of its terms in more claims than half of all the
    # claims; counted claim by claim, no term could pair, and no outlet's rewording linked.
    reworded = "Next spring the company opens a Lyon factory that will build electric bicycles.\n"
    texts = [LYON] * 10 + [reworded]
    claims = _claims(*texts)
    link(claims, weigh(claims), POINT_THRESHOLD, same_speaker=False)
    other = next(c for c in claims if c.doc_id == "d11")
    assert sorted({y.doc_id for _, y in other.links()}) == sorted(f"d{k}" for k in range(1, 11))
    _, m = merged(*texts)
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert len(lyon.doc_ids) == 11
