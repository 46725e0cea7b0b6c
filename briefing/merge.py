"""Across sources: cluster equivalent items, count outlets, and surface where they differ.

Candidate pairs come from blocking on shared rare terms, numbers and names, never from
comparing every item with every other, so the cost grows with real overlaps, not n².
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from briefing.copies import find_duplicates, independence
from briefing.numbers import numbers_in
from briefing.schemas import (
    Category,
    Checked,
    Citation,
    Disagreement,
    Document,
    DuplicatePair,
    FigureRow,
    GroundedDocument,
    KeyPoint,
    Position,
    QuoteRow,
    QuoteVariant,
    SpellingVariant,
    Wording,
)
from briefing.spelling import canonical_stems, spelling_variants
from briefing.terms import content_stems, words
from briefing.textmatch import normalize

POINT_THRESHOLD = 0.5
MAX_POINTS_PER_CLAIM = 2
QUOTE_THRESHOLD = 0.5
COVER_THRESHOLD = 0.6  # above this a member says the same thing as its seed and never seeds
STRONG_SHARE = 0.3  # two long paraphrases of one event: a third of each in common
MANY_SHARED_TERMS = 4
FOCUS = 0.4  # a seed's support counts documents that say this much of it
MIN_SHARED_TERMS = 2
SHORT_CLAIM = 6  # claims with fewer terms need one more shared term: two words can be chance
COMMON_SHARE = 0.25  # a term in more than this share of claims does not count as shared
BLOCK_CAP = 400  # postings longer than this are too common to be a useful block


@dataclass
class Claim:
    """A grounded fact or quote as the merge sees it."""

    checked: Checked
    kind: str
    text: str
    order: list[str]
    score: float = 0.0
    neighbours: dict[str, tuple[float, Claim]] = field(default_factory=dict)
    links: list[tuple[float, Claim]] = field(default_factory=list)
    focus: int = 0

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(self.order)

    @property
    def doc_id(self) -> str:
        return self.checked.doc_id

    @property
    def id(self) -> str:
        return self.checked.id


@dataclass
class Merged:
    key_points: list[KeyPoint]
    quotes: list[QuoteRow]
    quote_variants: list[QuoteVariant]
    figures: list[FigureRow]
    disagreements: list[Disagreement]
    spelling_variants: list[SpellingVariant]
    duplicates: list[DuplicatePair]


def merge(docs: list[Document], grounded: list[GroundedDocument]) -> Merged:
    """Cluster grounded items across documents into points, quotes and figures."""
    labels = {d.id: d.label for d in docs}
    duplicates = find_duplicates(docs)
    independent = independence(duplicates)
    facts = [c for g in grounded for c in g.facts if c.kept]
    quotes = [c for g in grounded for c in g.quotes if c.kept]
    spellings = spelling_variants(docs)
    canon = canonical_stems(spellings)
    claims = _claims(facts, "fact", canon) + _claims(quotes, "quote", canon)
    # Quotes are weighed among quotes: what is rare among a speaker's words decides.
    quote_claims = [c for c in claims if c.kind == "quote"]
    _link(quote_claims, _weigh(quote_claims), QUOTE_THRESHOLD, same_speaker=True)
    groups = _quote_groups(quote_claims)
    rows, variants = _quote_rows(groups, labels, independent)
    _link(claims, _weigh(claims), POINT_THRESHOLD, same_speaker=False)
    misspelled = {c.id for c in claims if any(s.variant in c.text for s in spellings)}
    points = _key_points(
        claims, {m.id: g for g in groups for m in g}, labels, independent, misspelled
    )
    figures, disagreements = _figures(grounded, labels, independent)
    return Merged(
        key_points=points,
        quotes=rows,
        quote_variants=variants,
        figures=figures,
        disagreements=disagreements,
        spelling_variants=spellings,
        duplicates=duplicates,
    )


# --- claims and similarity --------------------------------------------------------------------


def _claims(items: list[Checked], kind: str, canon: dict[str, str]) -> list[Claim]:
    out = []
    for c in items:
        text = c.item.statement if kind == "fact" else c.item.text
        out.append(Claim(c, kind, text, [canon.get(t, t) for t in content_stems(text)]))
    return out


def _weigh(claims: list[Claim]) -> Weights:
    """Inverse frequency of each term among all claims: rare terms decide similarity."""
    df = Counter(t for c in claims for t in c.terms)
    n = len(claims)
    # A word in one claim only cannot be shared, so it should not outweigh words that are.
    idf = {t: math.log((n + 1) / (max(k, 2) + 0.5)) for t, k in df.items()}
    for c in claims:
        c.score = sum(idf[t] for t in c.terms)
    # A term in every document once is the story itself; only a term in many claims of the
    # same documents is background ("AI" in a story about AI) and no evidence of a match.
    n_docs = len({c.doc_id for c in claims})
    common = max(COMMON_SHARE * n, n_docs)
    return Weights(idf, frozenset(t for t, k in df.items() if k > common))


@dataclass(frozen=True)
class Weights:
    idf: Weights
    common: frozenset[str]

    def __getitem__(self, term: str) -> float:
        return self.idf[term]


def similarity(
    a: Claim, b: Claim, idf: Weights, *, same_speaker: bool = False
) -> tuple[float, float, int]:
    """How much of each claim the other says, by term weight, and how many rare terms agree.

    The longer claim is read through a window the size of the shorter one, so a long
    sentence touching three events does not match a short one by scattered words.
    """
    shared = a.terms & b.terms
    distinctive = [t for t in shared if t not in idf.common]
    needed = MIN_SHARED_TERMS + (min(len(a.terms), len(b.terms)) < SHORT_CLAIM and not same_speaker)
    if len(distinctive) < needed:
        return 0.0, 0.0, len(distinctive)
    short, long_ = (a, b) if len(a.order) <= len(b.order) else (b, a)
    width = max(8, 2 * len(short.order))
    best = 0.0
    for i in range(max(1, len(long_.order) - width + 1)):
        window = set(long_.order[i : i + width]) & short.terms
        best = max(best, sum(idf[t] for t in window))
    return best / a.score, best / b.score, len(distinctive)


def linked(shares: tuple[float, float, int], threshold: float) -> bool:
    """Same point: most of the shorter claim is in the other, or much of both agrees, or
    two long paraphrases share many rare words (names, places, unusual terms)."""
    high, low, count = max(shares[:2]), min(shares[:2]), shares[2]
    if high >= threshold:
        return True
    return high >= STRONG_SHARE and (low >= STRONG_SHARE or count >= MANY_SHARED_TERMS)


def candidate_pairs(claims: list[Claim], idf: Weights) -> set[tuple[int, int]]:
    """Pairs from different documents that share at least one term that is not everywhere."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for t in c.terms:
            postings[t].append(i)
    cap = min(BLOCK_CAP, max(2, len(claims) // 2))
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) > cap:
            continue  # a term in most claims says nothing about which two belong together
        for i, j in combinations(ids, 2):
            if claims[i].doc_id != claims[j].doc_id:
                pairs.add((i, j))
    return pairs


def _speakers_agree(a: Claim, b: Claim) -> bool:
    sa = set(words(a.checked.item.speaker.lower()))
    sb = set(words(b.checked.item.speaker.lower()))
    return bool(sa & sb)


def _link(claims: list[Claim], idf: Weights, threshold: float, *, same_speaker: bool) -> None:
    """For each claim, its best match in every other document above the threshold."""
    for c in claims:
        c.neighbours = {}
        c.links = []
        c.focus = 0
    for i, j in candidate_pairs(claims, idf):
        a, b = claims[i], claims[j]
        if same_speaker and not _speakers_agree(a, b):
            continue
        shares = similarity(a, b, idf, same_speaker=same_speaker)
        if not linked(shares, threshold):
            continue
        for x, y, share in ((a, b, shares[0]), (b, a, shares[1])):
            x.links.append((max(shares[:2]), y))
            best = x.neighbours.get(y.doc_id)
            if best is None or max(shares[:2]) > best[0]:
                x.neighbours[y.doc_id] = (max(shares[:2]), y)
            if share >= FOCUS:
                x.focus += 1


# --- key points ---------------------------------------------------------------------------------


def _seed_order(claims: list[Claim], misspelled: set[str]) -> list[Claim]:
    # Focused claims seed first: a sentence that touches three events is a poor headline.
    # A claim spelling a name the way only a minority of outlets do never words the point.
    return sorted(claims, key=lambda c: (c.id in misspelled, -c.focus, c.kind != "fact", -c.score))


def _key_points(
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
    echoes: dict[str, set[str]] = {}
    joined: dict[str, set[str]] = {}  # claim id: the documents of the point it joined
    points: list[KeyPoint] = []
    for seed in _seed_order(claims, misspelled):
        if seed.kind != "fact" or seed.id in covered:
            continue
        # A sentence may back two points (one that names two events), not every point it
        # touches: a general sentence reused widely would inflate counts and cite vaguely.
        members = [seed] + [
            m for _, m in seed.neighbours.values() if used[m.id] < MAX_POINTS_PER_CLAIM
        ]
        if all(m.id in used for m in members):
            continue
        if {m.doc_id for m in members} <= echoes.get(seed.id, set()):
            continue  # says what an earlier point says, from no new document
        if seed.id in joined and len({m.doc_id for m in members} - joined[seed.id]) < 2:
            continue  # already backs a point; one new outlet is more likely noise than news
        present = {m.doc_id for m in members}
        for m in list(members):
            for mate in mates.get(m.id, []):
                if mate.doc_id not in present:
                    members.append(mate)
                    present.add(mate.doc_id)
        covered.add(seed.id)
        # Every claim that says the same thing is covered, not only the one per document
        # that joined: otherwise an outlet's second wording would seed a duplicate point.
        covered.update(m.id for s, m in seed.links if s >= COVER_THRESHOLD)
        for m in members:
            covered.update(x.id for s, x in m.links if s >= COVER_THRESHOLD and x.kind == "fact")
        used.update(m.id for m in members)
        point = _point(seed, members, labels, independent)
        for x in members:
            joined.setdefault(x.id, set(point.doc_ids))
        for _, x in seed.links:
            echoes.setdefault(x.id, set()).update(point.doc_ids)
        points.append(point)
    points.sort(key=lambda p: (-p.corroboration, -len(p.citations)))
    for n, p in enumerate(points, 1):
        p.id = f"p{n}"
    return points


def _citation(c: Checked, labels: dict[str, int]) -> Citation:
    # The longest excerpt carries the claim; a short one is often only its lead-in ("X added,").
    span = max(c.spans, key=lambda s: s.end - s.start)
    return Citation(doc_id=c.doc_id, label=labels[c.doc_id], item_id=c.id, span=span)


def _count(doc_ids: Iterable[str], independent: dict[str, str]) -> int:
    return len({independent.get(d, d) for d in doc_ids})


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
        citations=[_citation(m.checked, labels) for m in members],
        doc_ids=doc_ids,
        corroboration=_count(doc_ids, independent),
    )


# --- quotes -------------------------------------------------------------------------------------


def _quote_groups(claims: list[Claim]) -> list[list[Claim]]:
    """The same statement by the same speaker as each outlet printed it."""
    covered: set[str] = set()
    groups = []
    for seed in _seed_order(claims, set()):
        if seed.id in covered:
            continue
        members = [seed] + [m for _, m in seed.neighbours.values() if m.id not in covered]
        covered.update(m.id for m in members)
        groups.append(members)
    return groups


def _quote_rows(
    groups: list[list[Claim]], labels: dict[str, int], independent: dict[str, str]
) -> tuple[list[QuoteRow], list[QuoteVariant]]:
    """One row per quote group, in the most printed wording; differing wordings are variants."""
    rows: list[QuoteRow] = []
    variants: list[QuoteVariant] = []
    for members in groups:
        members = sorted(members, key=lambda m: labels[m.doc_id])
        wordings = Counter(normalize(m.text) for m in members)
        shown = max(members, key=lambda m: wordings[normalize(m.text)])
        citations = [_citation(m.checked, labels) for m in members]
        # Only outlets whose own quotation holds the shown words "print" it; the rest report
        # the same statement in other words, and the brief must not put those words in their mouth.
        shown_words = normalize(shown.text)
        printed_by = [m.doc_id for m in members if shown_words in normalize(m.text)]
        rows.append(
            QuoteRow(
                speaker=shown.checked.item.speaker,
                role=next((m.checked.item.role for m in members if m.checked.item.role), None),
                text=shown.checked.spans[0].text,
                citations=citations,
                printed_by=list(dict.fromkeys(printed_by)),
                corroboration=_count({m.doc_id for m in members}, independent),
            )
        )
        if len(wordings) > 1:
            variants.append(
                QuoteVariant(
                    speaker=shown.checked.item.speaker,
                    wordings=[
                        Wording(text=m.checked.spans[0].text, citation=c)
                        for m, c in zip(members, citations, strict=True)
                    ],
                )
            )
    rows.sort(key=lambda r: (-r.corroboration, r.citations[0].label))
    return rows, variants


# --- figures ------------------------------------------------------------------------------------


def _figure_key(value: str) -> tuple | None:
    nums = numbers_in(value)
    if not nums:
        return None
    return tuple((n.value, n.percent) for n in nums)


def _figures(
    grounded: list[GroundedDocument], labels: dict[str, int], independent: dict[str, str]
) -> tuple[list[FigureRow], list[Disagreement]]:
    """Group equal values across documents; same measure with different values disagrees."""
    groups: dict[tuple, list[Checked]] = defaultdict(list)
    for g in grounded:
        for c in g.figures:
            key = _figure_key(c.item.value)
            if c.kept and key:
                groups[key].append(c)
    rows = []
    for members in groups.values():
        members.sort(key=lambda c: labels[c.doc_id])
        first = members[0].item
        rows.append(
            FigureRow(
                value=first.value,
                measures=first.measures,
                change=next((c.item.change for c in members if c.item.change), None),
                citations=[_citation(c, labels) for c in members],
                corroboration=_count({c.doc_id for c in members}, independent),
            )
        )
    rows.sort(key=lambda r: (-r.corroboration, r.citations[0].label))
    return rows, _figure_disagreements(rows)


def _figure_disagreements(rows: list[FigureRow]) -> list[Disagreement]:
    """Different values for the same measure reported by different documents."""
    out = []
    for a, b in combinations(rows, 2):
        ka, kb = _figure_key(a.value), _figure_key(b.value)
        if not ka or not kb or ka[0][1] != kb[0][1]:
            continue
        if {c.doc_id for c in a.citations} == {c.doc_id for c in b.citations}:
            continue  # one outlet giving two numbers is not a disagreement between outlets
        shared = set(content_stems(a.measures)) & set(content_stems(b.measures))
        if shared and _same_currency(a.value, b.value):
            out.append(
                Disagreement(
                    about=a.measures,
                    positions=[Position(text=r.value, citation=r.citations[0]) for r in (a, b)],
                )
            )
    return out


def _same_currency(a: str, b: str) -> bool:
    sym = re.compile(r"[$€£¥]")
    return set(sym.findall(a)) == set(sym.findall(b))
