"""The speakers the offline brief shows, against hand-annotated quotations in real news.

    python -m benchmarks.attribution [--quotes FILE] [--clusters FILE]

`eval/quotes-dev.jsonl` annotates quotations in Multi-News clusters (`../shared/eval/
multi_news_dev.jsonl` beside the checkout) by position: cluster, passage, character offsets,
the speaker as the article names them (null when it does not say), other names for them, whom
the words were said to, and how the article attributes them. It holds no article text. Each
annotated cluster is briefed offline; every quote citation that covers an annotated quotation
is judged. Prints precision (speakers shown that are right) and recall (quotations whose
article names the speaker, shown with that speaker), and each wrong speaker. Skips when the
clusters are absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.summary_quality import CLUSTERS, articles, brief_of
from briefing.evaluate import GoldQuote, SpeakerScores, score_speakers
from briefing.text.attribution import FULL_NAME, Speakers, same_speaker

NEAREST_CHARS = 200  # the baseline's reach: a name this close to the marks is its speaker

ROOT = Path(__file__).resolve().parent.parent
QUOTES = ROOT / "eval" / "quotes-dev.jsonl"


def annotations(path: Path) -> dict[str, list[dict]]:
    """The annotations of each cluster, in file order."""
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_cluster[row["cluster"]].append(row)
    return by_cluster


def score_cluster(texts: list[str], rows: list[dict]) -> SpeakerScores:
    """Brief the cluster's articles offline (passage N is file N.txt) and judge its speakers."""
    brief = brief_of(texts)
    ingested = {Path(d.source).name: d.text for d in brief.sources}
    gold = []
    for r in rows:
        name = f"{r['passage']}.txt"
        start, end = _placed(ingested.get(name), texts[r["passage"] - 1], r["start"], r["end"])
        gold.append(GoldQuote(name, start, end, r["speaker"], tuple(r["aliases"])))
    return score_speakers(brief, gold)


def _placed(ingested: str | None, raw: str, start: int, end: int) -> tuple[int, int]:
    """Where the annotated words sit in the document as ingested: cleaning drops page furniture
    ("Image copyright …") and so moves what follows; the occurrence nearest the raw offset."""
    words = raw[start:end]
    if ingested is None or not words.strip():
        return start, end
    found = [m.start() for m in re.finditer(re.escape(words), ingested)]
    if not found:
        return start, end
    at = min(found, key=lambda i: (abs(i - start), i))
    return at, at + len(words)


def half(cluster_id: str) -> int:
    """The half a cluster falls in (0 tunes the rules, 1 checks them), by a hash of its id."""
    return int(hashlib.sha256(cluster_id.encode()).hexdigest(), 16) % 2


def rule_and_baseline(
    texts: list[str], rows: list[dict], misses: Counter[str] | None = None
) -> tuple[SpeakerScores, SpeakerScores]:
    """Every annotated quotation judged directly (not only those the brief shows): by the
    attribution rules, and by the nearest full name to its marks (the baseline). Counts the
    rules' misses by annotated case into `misses`."""
    rules, nearest = SpeakerScores(), SpeakerScores()
    speakers = [Speakers.of(t) for t in texts]
    for r in rows:
        found, text = speakers[r["passage"] - 1], texts[r["passage"] - 1]
        region = max(found.regions, key=lambda g: min(g[1], r["end"]) - max(g[0], r["start"]))
        who = found.attribute(*region).speaker
        names = [r["speaker"], *r["aliases"]] if r["speaker"] else []
        if misses is not None and names:
            misses[f"{r['case']} (of)"] += 1
            misses[r["case"]] += not (who and any(same_speaker(who.name, n) for n in names))
        for scores, name in ((rules, who.name if who else None), (nearest, _nearest(text, r))):
            scores.named_in_source += bool(names)
            if name is None:
                continue
            scores.judged += 1
            right = any(same_speaker(name, n) for n in names)
            scores.right += right
            scores.recalled += right
    return rules, nearest


def _nearest(text: str, row: dict) -> str | None:
    """The full name closest to the quotation's marks, before or after it."""
    best: tuple[int, str] | None = None
    window = text[max(0, row["start"] - NEAREST_CHARS) : row["end"] + NEAREST_CHARS]
    offset = max(0, row["start"] - NEAREST_CHARS)
    for m in re.finditer(FULL_NAME, window):
        a, b = m.start() + offset, m.end() + offset
        if row["start"] <= a < row["end"]:
            continue  # inside the quotation
        gap = row["start"] - b if b <= row["start"] else a - row["end"]
        if best is None or gap < best[0]:
            best = (gap, m.group())
    return best[1] if best else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=Path, default=QUOTES)
    parser.add_argument("--clusters", type=Path, default=CLUSTERS)
    args = parser.parse_args()
    if not args.clusters.exists():
        print(f"skipped: {args.clusters.name} is not beside the checkout")
        return
    logging.disable(logging.WARNING)
    wanted = annotations(args.quotes)
    total, rules, nearest = SpeakerScores(), SpeakerScores(), SpeakerScores()
    halves = {h: (SpeakerScores(), SpeakerScores()) for h in (0, 1)}
    misses: Counter[str] = Counter()
    with args.clusters.open(encoding="utf-8") as f:
        for line in f:
            cluster = json.loads(line)
            if cluster["id"] in wanted:
                texts, rows = articles(cluster), wanted[cluster["id"]]
                by_brief = score_cluster(texts, rows)
                by_rule, by_nearest = rule_and_baseline(texts, rows, misses)
                for scores, part in zip(
                    halves[half(cluster["id"])], (by_brief, by_rule), strict=True
                ):
                    scores.add(part)
                total.add(by_brief)
                rules.add(by_rule)
                nearest.add(by_nearest)
    n = sum(map(len, wanted.values()))
    print(f"{n} annotated quotations in {len(wanted)} clusters\n")
    print("| speakers | precision | recall |\n|---|---|---|")
    for name, s in (
        ("shown in the offline brief", total),
        ("attribution rules, every annotated quotation", rules),
        ("baseline: nearest full name within 200 characters", nearest),
    ):
        print(
            f"| {name} | {100 * s.precision:.1f}% ({s.right}/{s.judged}) "
            f"| {100 * s.recall:.1f}% ({s.recalled}/{s.named_in_source}) |"
        )
    for h, (brief, by_rules) in halves.items():
        for name, s in ((f"half {h}: brief", brief), (f"half {h}: rules", by_rules)):
            print(
                f"| {name} | {100 * s.precision:.1f}% ({s.right}/{s.judged}) "
                f"| {100 * s.recall:.1f}% ({s.recalled}/{s.named_in_source}) |"
            )
    cases = sorted(c for c in misses if not c.endswith(" (of)"))
    print(
        "\nrule misses by case: "
        + ", ".join(f"{c} {misses[c]}/{misses[c + ' (of)']}" for c in cases)
    )
    print()
    for line in total.lines():
        print(line)
    for wrong in total.wrong:
        print(f"  wrong: {wrong}")


if __name__ == "__main__":
    main()
