"""The speakers the offline brief shows, against hand-annotated quotations in real news.

    python -m benchmarks.attribution [--quotes FILE] [--clusters FILE] [--corpus DIR]

`eval/quotes-dev.jsonl` annotates quotations in Multi-News clusters (`../shared/eval/
multi_news_dev.jsonl` beside the checkout) by position: cluster, passage, character offsets,
the speaker as the article names them (null when it does not say), other names for them, whom
the words were said to, and how the article attributes them. It holds no article text. Each
annotated cluster is briefed offline; every quote citation that covers an annotated quotation
is judged. Prints precision (speakers shown that are right) and recall (quotations whose
article names the speaker, shown with that speaker), and each wrong speaker. Skips when the
clusters are absent.

`eval/quotes-fresh.jsonl` (`--quotes eval/quotes-fresh.jsonl`) also annotates pages of the
shared corpus (`../shared/corpus`): such a row names its `file` under the corpus, with offsets
into that file's plain text (a `.gold.txt` as it is; an `.html` gold page as `page_text` reads
it), and its `cluster` is a story label that groups the pages briefed together.

`eval/quotes-blind.jsonl` is a held-out check in the same format: 114 quotations in 15 English
news pages of the mozilla/readability test suite (seattletimes-1, quanta-1, salon-1, citylab-1,
nytimes-1, nytimes-3, schema-org-context-object, webmd-1, webmd-2, cnn, medicalnewstoday,
ars-1, theverge, lwn-1, article-author-tag), offsets into each `expected.html` as `page_text`
reads it. It was annotated blind: the speakers were read from the articles by hand, without
running the rules, this benchmark or the brief on those pages, so it measures the rules on text
nobody tuned them on. Do not tune on it. Rows marked `unsure` are ones the annotator doubted.
Run it with `--quotes eval/quotes-blind.jsonl --corpus <readability checkout>/test`.

`eval/quotes-blind-2.jsonl` is a second held-out set in the same format: 240 quotations in 18
English news articles from the ground truth of scrapinghub's article-extraction-benchmark (none
of the articles already in the shared corpus), each article its own cluster, offsets into the
article's `articleBody` as it is. It was annotated blind in the same way and is not for tuning.
To run it, write each `articleBody` of the benchmark's `ground-truth.json` to
`<dir>/<id>.gold.txt` (utf-8, unchanged), then `--quotes eval/quotes-blind-2.jsonl --corpus <dir>`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from benchmarks.summary_quality import CLUSTERS, articles, brief_of
from briefing.evaluate import GoldQuote, SpeakerScores, score_speakers
from briefing.text.attribution import FULL_NAME, Speakers, same_speaker

NEAREST_CHARS = 200  # the baseline's reach: a name this close to the marks is its speaker

ROOT = Path(__file__).resolve().parent.parent
QUOTES = ROOT / "eval" / "quotes-dev.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"
# Tags that end a line of text: the paragraphs of a gold page stay paragraphs.
BLOCKS = frozenset("p div li h1 h2 h3 h4 h5 h6 br blockquote figcaption tr section".split())
SKIPPED = frozenset(("script", "style"))


class _PageText(HTMLParser):
    """Collects a page's text, a newline at each block boundary, nothing from scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skipping += tag in SKIPPED
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in SKIPPED and self.skipping > 0
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def page_text(path: Path) -> str:
    """A corpus page as plain text, one paragraph a line: a gold `.txt` as it is, an `.html`
    gold page with its tags dropped (the offsets of eval/quotes-fresh.jsonl are into this)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return raw
    parser = _PageText()
    parser.feed(raw)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


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
            if not right and scores is rules:
                quoted = text[r["start"] : r["end"]][:60]
                rules.wrong.append(
                    f"{quoted!r} given to {name!r}, the article says {r['speaker']!r}"
                )
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


def stories(
    wanted: dict[str, list[dict]], clusters: Path, corpus: Path
) -> Iterator[tuple[str, list[str], list[dict]]]:
    """Each annotated story as (id, article texts, its rows with `passage` set): Multi-News
    clusters from `clusters`, corpus pages (rows that name a `file`) from `corpus`."""
    if any(not rows[0].get("file") for rows in wanted.values()):
        with clusters.open(encoding="utf-8") as f:
            for line in f:
                cluster = json.loads(line)
                if cluster["id"] in wanted:
                    yield cluster["id"], articles(cluster), wanted[cluster["id"]]
    for story, rows in wanted.items():
        if rows[0].get("file"):
            files = list(dict.fromkeys(r["file"] for r in rows))
            placed = [{**r, "passage": files.index(r["file"]) + 1} for r in rows]
            yield story, [page_text(corpus / f) for f in files], placed


def _row(name: str, s: SpeakerScores) -> str:
    return (
        f"| {name} | {100 * s.precision:.1f}% ({s.right}/{s.judged}) "
        f"| {100 * s.recall:.1f}% ({s.recalled}/{s.named_in_source}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=Path, default=QUOTES)
    parser.add_argument("--clusters", type=Path, default=CLUSTERS)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    wanted = annotations(args.quotes)
    needed = {args.clusters} if any(not r[0].get("file") for r in wanted.values()) else set()
    needed |= {args.corpus} if any(r[0].get("file") for r in wanted.values()) else set()
    if missing := [p.name for p in needed if not p.exists()]:
        print(f"skipped: {', '.join(missing)} not beside the checkout")
        return
    logging.disable(logging.WARNING)
    total, rules, nearest = SpeakerScores(), SpeakerScores(), SpeakerScores()
    halves = {h: (SpeakerScores(), SpeakerScores()) for h in (0, 1)}
    misses: Counter[str] = Counter()
    for story, texts, rows in stories(wanted, args.clusters, args.corpus):
        by_brief = score_cluster(texts, rows)
        by_rule, by_nearest = rule_and_baseline(texts, rows, misses)
        for scores, part in zip(halves[half(story)], (by_brief, by_rule), strict=True):
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
        print(_row(name, s))
    for h, (brief, by_rules) in halves.items():
        print(_row(f"half {h}: brief", brief))
        print(_row(f"half {h}: rules", by_rules))
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
    for wrong in rules.wrong:
        print(f"  rules wrong: {wrong}")


if __name__ == "__main__":
    main()
