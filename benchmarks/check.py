"""How well `briefing check` finds planted errors in real summaries, beside a naive checker.

    python -m benchmarks.check [--clusters FILE] [--limit N]

Reads the 50 Multi-News dev clusters beside the checkout (`../shared/eval/multi_news_dev.jsonl`,
skipped when absent): each human summary is checked against its cluster's articles as it is,
then with one error planted in a copy of one of its sentences that the checker found supported:

- a number changed (one digit), where the number occurs in the sources;
- a name replaced by one no source uses;
- a quotation found verbatim reworded (two of its longer words replaced);
- a quotation given to another person the same article names;
- a sentence from another cluster's summary added (a claim no source makes).

The baseline in the same run is what a careful script does without the project's matcher or
attribution: numbers, names and quotations must occur as written (substring) in a source, and
a sentence needs a source sentence difflib rates 0.6 or more alike. "Flagged" is any verdict
other than supported. Human summaries are written from the full articles, and the clusters
hold only parts of them, so some of what is flagged in the unplanted summaries is true.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

from benchmarks.summary_quality import CLUSTERS, article_files, articles
from briefing.check.evidence import SourceIndex
from briefing.check.models import Unit, UnitVerdict
from briefing.check.quotations import MIN_QUOTE_WORDS
from briefing.check.units import markdown_blocks, units_of
from briefing.check.verdict import judge_unit
from briefing.ground.names import name_tokens
from briefing.ground.top import ordinary_words
from briefing.ingest.files import load_sources
from briefing.text.attribution import Speakers, find_people, same_speaker
from briefing.text.numbers import numbers_in
from briefing.text.quotes import quoted_regions
from briefing.text.sentences import sentences

INVENTED_NAME = "Quarrington"
REWORDING = ("remarkably", "sincerely")
BASELINE_RATIO = 0.6
KINDS = ("number", "name", "quote", "speaker", "claim")


@dataclass
class Tally:
    planted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    baseline_planted: Counter[str] = field(default_factory=Counter)
    baseline_found: Counter[str] = field(default_factory=Counter)
    units: int = 0
    docs: int = 0
    seconds: float = 0.0
    flagged: int = 0
    wrong: int = 0
    baseline_flagged: int = 0

    def add(self, other: Tally) -> None:
        self.planted.update(other.planted)
        self.found.update(other.found)
        self.baseline_planted.update(other.baseline_planted)
        self.baseline_found.update(other.baseline_found)
        self.units += other.units
        self.docs += other.docs
        self.seconds += other.seconds
        self.flagged += other.flagged
        self.wrong += other.wrong
        self.baseline_flagged += other.baseline_flagged


class Cluster:
    """One cluster's sources, indexed once, and both checkers over them."""

    def __init__(self, texts: list[str]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.docs, _ = load_sources(article_files(texts, Path(tmp)))
        self.index = SourceIndex(self.docs)
        self.common = ordinary_words(self.docs)
        self.whole = "\n".join(d.text for d in self.docs)
        self.sentences = [s.text for d in self.docs for s in sentences(d.text)]

    def units(self, text: str) -> list[Unit]:
        raws = units_of(markdown_blocks(text))
        return [judge_unit(r, self.index, self.common, i) for i, r in enumerate(raws)]

    def unit(self, sentence: str) -> Unit:
        return self.units(sentence)[0]

    def baseline_flags(self, sentence: str) -> bool:
        """The naive checker: everything as written in some source, and a similar sentence."""
        if any(n.raw not in self.whole for n in numbers_in(sentence)):
            return True
        if any(t not in self.whole for t in name_tokens(sentence, self.common)):
            return True
        for a, b in quoted_regions(sentence):
            if len(sentence[a:b].split()) >= MIN_QUOTE_WORDS and sentence[a:b] not in self.whole:
                return True
        best = difflib.get_close_matches(sentence, self.sentences, n=1, cutoff=BASELINE_RATIO)
        return not best


def plant(kind: str, unit: Unit, cluster: Cluster, other_claim: str) -> str | None:
    """A copy of the unit's sentence with one error of this kind, or None when it has none to
    plant (no number, name or verbatim quotation)."""
    text = unit.text
    if kind == "number":
        for n in numbers_in(text):
            digits = [i for i in range(n.start, n.end) if text[i].isdigit()]
            if digits:
                i = digits[-1]
                changed = text[:i] + str((int(text[i]) + 3) % 10) + text[i + 1 :]
                if not any(m.raw in cluster.whole for m in numbers_in(changed[n.start : n.end])):
                    return changed
        return None
    if kind == "name":
        names = [t for t in name_tokens(text, cluster.common) if len(t) > 3]
        return re.sub(rf"\b{re.escape(names[0])}\b", INVENTED_NAME, text) if names else None
    if kind == "quote":
        return _reworded(text, cluster)
    if kind == "speaker":
        return _other_speaker(text, cluster)
    return f"{text} {other_claim}" if kind == "claim" else None


def _reworded(text: str, cluster: Cluster) -> str | None:
    for a, b in quoted_regions(text):
        inner = text[a:b]
        if len(inner.split()) < MIN_QUOTE_WORDS or inner not in cluster.whole:
            continue
        words = inner.split()
        long_ones = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()][:2]
        if len(long_ones) < 2:
            continue
        for i, new in zip(long_ones, REWORDING, strict=True):
            words[i] = new
        return text[:a] + " ".join(words) + text[b:]
    return None


def _other_speaker(text: str, cluster: Cluster) -> str | None:
    """The sentence with its quotation's speaker replaced by another person the sources name."""
    own = Speakers.of(text)
    for a, b in own.regions:
        who = own.attribute(a, b).speaker
        if who is None or who.name not in text:
            continue
        people = sorted({p for d in cluster.docs for p in find_people(d.text)})
        others = [p for p in people if not same_speaker(p, who.name) and " " in p]
        if others:
            return text.replace(who.name, others[0])
    return None


def score_cluster(job: tuple[list[str], str, str]) -> Tally:
    texts, summary, other_claim = job
    started = time.perf_counter()
    cluster = Cluster(texts)
    tally = Tally()
    units = cluster.units(summary)
    tally.seconds = time.perf_counter() - started
    tally.units, tally.docs = len(units), len(cluster.docs)
    tally.flagged = sum(u.verdict is not UnitVerdict.supported for u in units)
    tally.wrong = sum(any(p.wrong for p in u.problems) for u in units)
    tally.baseline_flagged = sum(cluster.baseline_flags(u.text) for u in units)
    # Each checker is tried on the sentences it accepts as they are, one plant of each kind.
    supported = [u for u in units if u.verdict is UnitVerdict.supported]
    accepted = [u for u in units if not cluster.baseline_flags(u.text)]
    for kind in KINDS:
        planted = _first_plant(kind, supported, cluster, other_claim)
        if planted is not None:
            tally.planted[kind] += 1
            tally.found[kind] += any(
                v.verdict is not UnitVerdict.supported for v in cluster.units(planted)
            )
        planted = _first_plant(kind, accepted, cluster, other_claim)
        if planted is not None:
            tally.baseline_planted[kind] += 1
            tally.baseline_found[kind] += cluster.baseline_flags(planted)
    return tally


def _first_plant(kind: str, units: list[Unit], cluster: Cluster, other_claim: str) -> str | None:
    return next((p for u in units if (p := plant(kind, u, cluster, other_claim))), None)


def jobs(path: Path, limit: int | None) -> list[tuple[list[str], str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = rows[:limit] if limit else rows
    # The planted claim: the first sentence of the next cluster's summary, another story.
    claims = [sentences(r["summary"])[0].text for r in rows]
    return [(articles(r), r["summary"], claims[(i + 1) % len(rows)]) for i, r in enumerate(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clusters", type=Path, default=CLUSTERS)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not args.clusters.exists():
        print(f"skipped: {args.clusters.name} is absent (it lives in ../shared/eval)")
        return
    total = Tally()
    with Pool(2) as pool:
        for tally in pool.map(score_cluster, jobs(args.clusters, args.limit)):
            total.add(tally)
    print_table(total)


def print_table(t: Tally) -> None:
    print("| planted in a copy of a sentence the checker accepted | briefing check | baseline |")
    print("|---|---|---|")
    labels = {
        "number": "a number changed (one digit)",
        "name": "a name no source uses",
        "quote": "a verbatim quotation reworded",
        "speaker": "a quotation given to another person",
        "claim": "a sentence from another story added",
    }
    for kind in KINDS:
        mine = _share(t.found[kind], t.planted[kind])
        theirs = _share(t.baseline_found[kind], t.baseline_planted[kind])
        print(f"| {labels[kind]} | {mine} | {theirs} |")
    print()
    print(f"Unplanted human summaries: {t.units} sentences.")
    print(
        f"- accepted (supported): briefing check {_share(t.units - t.flagged, t.units)}, "
        f"baseline {_share(t.units - t.baseline_flagged, t.units)}"
    )
    print(f"- with something briefing check found wrong: {_share(t.wrong, t.units)}")
    print(
        f"- speed: {t.units} sentences against {t.docs} articles in {t.seconds:.1f} s of checking "
        f"(reading the articles included), {1000 * t.seconds / max(t.units, 1):.0f} ms a sentence"
    )


def _share(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f}%)" if n else "—"


if __name__ == "__main__":
    main()
