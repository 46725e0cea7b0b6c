"""Key points: the best-supported fact seeds a point, the claims that say the same join it."""

from __future__ import annotations

from collections import Counter

from briefing.merge.claims import Claim, citation, count_outlets, linked_ids, seed_order
from briefing.schemas import Category, KeyPoint
from briefing.text.numbers import Number, numbers_in, unmatched

MAX_POINTS_PER_CLAIM = 2
COVER_THRESHOLD = 0.6  # above this a member says the same thing as its seed and never seeds


def key_points(
    claims: list[Claim],
    mates: dict[str, list[Claim]],
    labels: dict[str, int],
    independent: dict[str, str],
    misspelled: set[str],
) -> list[KeyPoint]:
    """Greedy clustering: the best-supported fact seeds a point; its matches join it.

    A quote that joins brings the other outlets' wordings of the same quote with it.
    """
    covered: set[str] = set()
    used: Counter[str] = Counter()
    # Per claim, the documents of each point whose seed linked it: shared sets, not copies,
    # since a seed carried by a thousand outlets links thousands of claims.
    echoes: dict[str, list[frozenset[str]]] = {}
    joined: dict[str, frozenset[str]] = {}  # claim id: the documents of the point it joined
    points: list[KeyPoint] = []
    given: dict[str, list[Number]] = {}  # by text: copies of a story share their sentences
    for seed in seed_order(claims, misspelled):
        if seed.kind != "fact" or seed.id in covered:
            continue
        # A sentence may back two points (one that names two events), not every point it
        # touches: a general sentence reused widely would inflate counts and cite vaguely.
        claimed = numbers_in(seed.text)
        members = [seed] + [
            m
            for _, m in seed.neighbours().values()
            if used[m.id] < MAX_POINTS_PER_CLAIM and _carries(m, claimed, given)
        ]
        if all(m.id in used for m in members):
            continue
        if _echoed({m.doc_id for m in members}, echoes.get(seed.id, [])):
            continue  # says what an earlier point says, from no new document
        if seed.id in joined and len({m.doc_id for m in members} - joined[seed.id]) < 2:
            continue  # already backs a point; one new outlet is more likely noise than news
        _add_mates(members, mates)
        covered.add(seed.id)
        # Every claim that says the same thing is covered, not only the one per document
        # that joined: otherwise an outlet's second wording would seed a duplicate point.
        covered.update(linked_ids([seed], COVER_THRESHOLD))
        covered.update(linked_ids(members, COVER_THRESHOLD, kind="fact"))
        used.update(m.id for m in members)
        point = _point(seed, members, labels, independent)
        docs = frozenset(point.doc_ids)
        for x in members:
            joined.setdefault(x.id, docs)
        for _, x in seed.links():
            echoes.setdefault(x.id, []).append(docs)
        points.append(point)
    points.sort(key=lambda p: (-p.corroboration, -len(p.citations)))
    for n, p in enumerate(points, 1):
        p.id = f"p{n}"
    return points


def _add_mates(members: list[Claim], mates: dict[str, list[Claim]]) -> None:
    """A quote that joined brings the other outlets' wordings of it, one per new document."""
    present = {m.doc_id for m in members}
    seen: set[int] = set()
    for m in list(members):
        group = mates.get(m.id, [])
        if id(group) in seen:
            continue  # its every document is already present
        seen.add(id(group))
        for mate in group:
            if mate.doc_id not in present:
                members.append(mate)
                present.add(mate.doc_id)


def _carries(member: Claim, claimed: list[Number], given: dict[str, list[Number]]) -> bool:
    """The member gives every number the seed claims: an outlet that words the same sentence
    with another figure (or none) does not back the figure the point shows."""
    if not claimed:
        return True
    if member.text not in given:
        given[member.text] = numbers_in(member.text, spelled=True)
    return not unmatched(claimed, given[member.text])


def _echoed(docs: set[str], echoes: list[frozenset[str]]) -> bool:
    """Every one of the documents is in some earlier point the claim echoes."""
    return any(docs <= e for e in echoes) or docs <= frozenset().union(*echoes)


def _point(
    seed: Claim, members: list[Claim], labels: dict[str, int], independent: dict[str, str]
) -> KeyPoint:
    members = sorted(members, key=lambda m: labels[m.doc_id])
    doc_ids = sorted({m.doc_id for m in members}, key=labels.__getitem__)
    category = seed.checked.item.category if seed.kind == "fact" else Category.other
    return KeyPoint(
        id="",
        statement=seed.text,
        category=category,
        citations=[citation(m.checked, labels) for m in members],
        doc_ids=doc_ids,
        corroboration=count_outlets(doc_ids, independent),
    )
