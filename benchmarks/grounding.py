"""The grounding matcher on a generated workload from real news: speed, and what it accepts.

    python -m benchmarks.grounding [--documents 200]

Documents are about 5 KB of a real Multi-News article (`../shared/eval`, beside the checkout;
"skipped" when absent). Each gets up to eighteen excerpts: four of each of the first four
kinds, two of each of the others:

- exact: a sentence as printed;
- typographic: the sentence with straight quotes, hyphens for dashes and doubled spaces;
- typo: one or two words with two letters swapped, or an article dropped (the claim holds);
- word substituted: one word replaced by another word of the document (the claim may not);
- changed number: a sentence with a number, the number changed;
- other outlet: a sentence from another article of the same story, not in this one.

Printed: excerpts per second with each document's index built once and built per call; per
kind, the share accepted (grounded), the share located at the right place (accepted, or the
nearest candidate overlaps the true span), and the share the validator reports as the
document's own sentence with named word changes (`excerpt_altered`: partial, never kept);
the same for a difflib baseline (the best
sentence by SequenceMatcher ratio, accepted at 0.92, the ratio that plays FUZZY_MIN_SCORE's
part) run on the same excerpts.
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass

from benchmarks.summary_quality import CLUSTERS, articles
from briefing.ground.validator import locate
from briefing.schemas import IssueCode
from briefing.text.matching import IndexedText
from briefing.text.sentences import sentences

DOC_CHARS = 5000
DIFFLIB_ACCEPT = 0.92
KINDS = ("exact", "typographic", "typo", "word substituted", "changed number", "other outlet")
ARTICLES = ("the", "a", "an")


@dataclass(frozen=True)
class Excerpt:
    kind: str
    text: str
    start: int  # where the sentence it was made from sits in the document (-1: nowhere)
    end: int


def typographic(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return s.replace("—", "-").replace("–", "-").replace(", ", ",  ", 1)


def near_verbatim(s: str, rng: random.Random) -> str | None:
    words = s.split(" ")
    article = [i for i, w in enumerate(words) if w.lower() in ARTICLES]
    if article and rng.random() < 0.5:
        del words[rng.choice(article)]
        return " ".join(words)
    long = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5]
    if not long:
        return None
    for i in rng.sample(long, min(2, len(long)))[: rng.randint(1, 2)]:
        w = words[i]
        k = rng.randrange(1, len(w) - 2)
        words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


def substituted(s: str, doc: str, rng: random.Random) -> str | None:
    words = s.split(" ")
    long = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5]
    pool = sorted({w for w in re.findall(r"[a-z]{5,}", doc)} - {w.lower() for w in words})
    if not long or not pool:
        return None
    words[rng.choice(long)] = rng.choice(pool)
    return " ".join(words)


def changed_number(s: str) -> str | None:
    m = re.search(r"\d+", s)
    if not m:
        return None
    return s[: m.start()] + str(int(m.group()) + 7) + s[m.end() :]


def workload(n_docs: int, seed: int = 3) -> list[tuple[str, list[Excerpt]]]:
    """n documents of about DOC_CHARS, each with its excerpts."""
    rng = random.Random(seed)
    out: list[tuple[str, list[Excerpt]]] = []
    clusters = [c for c in articles_by_cluster() if len(c) >= 2]
    for k in range(n_docs * 4):
        if len(out) == n_docs:
            break
        cluster = clusters[k % len(clusters)]
        text, other = cluster[k // len(clusters) % len(cluster)], cluster[(k + 1) % len(cluster)]
        if text == other:
            continue
        doc = text[:DOC_CHARS]
        spans = [s for s in sentences(doc) if 40 <= s.end - s.start <= 400]
        if len(spans) < 4:
            continue
        excerpts: list[Excerpt] = []
        for s in rng.sample(spans, min(4, len(spans))):
            sentence = doc[s.start : s.end]
            excerpts.append(Excerpt("exact", sentence, s.start, s.end))
            excerpts.append(Excerpt("typographic", typographic(sentence), s.start, s.end))
            edited = near_verbatim(sentence, rng)
            if edited and edited != sentence:
                excerpts.append(Excerpt("typo", edited, s.start, s.end))
            swapped = substituted(sentence, doc, rng)
            if swapped:
                excerpts.append(Excerpt("word substituted", swapped, s.start, s.end))
        numbered = [s for s in spans if re.search(r"\d", doc[s.start : s.end])]
        for s in numbered[:2]:
            changed = changed_number(doc[s.start : s.end])
            if changed:
                excerpts.append(Excerpt("changed number", changed, s.start, s.end))
        theirs = [other[s.start : s.end] for s in sentences(other[:DOC_CHARS])]
        for sentence in [t for t in theirs if len(t) >= 40 and t not in doc][:2]:
            excerpts.append(Excerpt("other outlet", sentence, -1, -1))
        out.append((doc, excerpts))
    return out


def articles_by_cluster() -> list[list[str]]:
    import json

    lines = CLUSTERS.read_text(encoding="utf-8").splitlines()
    return [articles(json.loads(line)) for line in lines]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run_matcher(docs: list[tuple[str, list[Excerpt]]]) -> dict[str, list[int]]:
    """Per kind: [excerpts, accepted, located, shown altered at the right place]."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for text, excerpts in docs:
        index = IndexedText(text)
        for e in excerpts:
            found = index.find(e.text)
            where = found or index.nearest(e.text)
            # A document may print the sentence twice: either copy is the right place.
            right = (
                where is not None
                and e.start >= 0
                and (
                    overlaps((where.start, where.end), (e.start, e.end))
                    or text[where.start : where.end] == text[e.start : e.end]
                )
            )
            span, issue = locate(index, e.text, "evidence")
            altered = issue is not None and issue.code is IssueCode.excerpt_altered
            row = tally[e.kind]
            row[0] += 1
            row[1] += found is not None
            row[2] += right
            row[3] += altered and span is not None and e.start >= 0 and right
    return tally


def run_difflib(docs: list[tuple[str, list[Excerpt]]]) -> tuple[dict[str, list[int]], float]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    start = time.perf_counter()
    count = 0
    for text, excerpts in docs:
        spans = sentences(text)
        for e in excerpts:
            best = max(
                spans,
                key=lambda s: difflib.SequenceMatcher(None, e.text, text[s.start : s.end]).ratio(),
            )
            ratio = difflib.SequenceMatcher(None, e.text, text[best.start : best.end]).ratio()
            row = tally[e.kind]
            row[0] += 1
            row[1] += ratio >= DIFFLIB_ACCEPT
            row[2] += e.start >= 0 and (
                overlaps((best.start, best.end), (e.start, e.end))
                or text[best.start : best.end] == text[e.start : e.end]
            )
            count += 1
    return tally, count / (time.perf_counter() - start)


def throughput(docs: list[tuple[str, list[Excerpt]]], *, reuse: bool) -> float:
    count = 0
    start = time.perf_counter()
    for text, excerpts in docs:
        index = IndexedText(text)
        for e in excerpts:
            (index if reuse else IndexedText(text)).find(e.text)
            count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    if not CLUSTERS.is_file():
        print(f"skipped: {CLUSTERS.name} not found beside the checkout")
        return
    docs = workload(args.documents)
    n = sum(len(e) for _, e in docs)
    reused, per_call = throughput(docs, reuse=True), throughput(docs, reuse=False)
    ours = run_matcher(docs)
    theirs, difflib_rate = run_difflib(docs)
    print(f"{len(docs)} documents, {n} excerpts")
    print(
        f"briefing: {reused:,.0f} excerpts/s with the index reused, "
        f"{per_call:,.0f}/s built per call"
    )
    print(f"difflib baseline: {difflib_rate:,.0f} excerpts/s")
    print(
        "| kind | excerpts | briefing accepts | briefing locates | shown as altered "
        "| difflib accepts | difflib locates |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind in KINDS:
        a, b = ours[kind], theirs[kind]
        print(
            f"| {kind} | {a[0]} | {100 * a[1] / a[0]:.1f}% | {100 * a[2] / a[0]:.1f}% "
            f"| {100 * a[3] / a[0]:.1f}% | {100 * b[1] / b[0]:.1f}% | {100 * b[2] / b[0]:.1f}% |"
        )


if __name__ == "__main__":
    main()
