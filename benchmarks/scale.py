"""How the offline brief scales: wall time, peak memory and output size at 100 to 5,000 documents.

    python -m benchmarks.scale [--sizes 100,1000,5000] [--timeout 900]

Two corpora built from real article text beside the checkout (`../shared/eval` Multi-News
clusters and the `../shared/corpus` gold main texts; "skipped" when absent):

- realistic: many stories; each document is 2-6 KB stitched from one story's real paragraphs
  with its numbers and a few words varied; one in ten is a syndicated copy of an earlier one.
- syndicated: the worst case, one story carried many times: every document is a copy of one of
  that story's articles, a few words and numbers varied.

Each size runs in its own process (so peak memory is that run's), offline engine, Markdown.
CPU time is the child's user and system time: on a busy machine, compare that.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
MULTI_NEWS = SHARED / "eval" / "multi_news_dev.jsonl"
GOLD = SHARED / "corpus" / "extraction_gold" / "scrapinghub"
SYNDICATED_SHARE = 0.1
SWAPS = ("said", "says", "reported", "announced", "added", "noted")


def stories() -> list[list[str]]:
    """Each story as the paragraphs of its articles: Multi-News clusters, then gold pages."""
    out = []
    for line in MULTI_NEWS.read_text(encoding="utf-8").splitlines():
        context = json.loads(line)["context"]
        paragraphs = [
            p.strip()
            for passage in re.split(r"Passage \d+:", context)
            for p in re.split(r" ?NEWLINE_CHAR ?", passage)
            if len(p.split()) >= 12
        ]
        if paragraphs:
            out.append(paragraphs)
    for gold in sorted(GOLD.glob("*.gold.txt")):
        text = gold.read_text(encoding="utf-8")
        paragraphs = [p.strip() for p in text.split("\n") if len(p.split()) >= 12]
        if len(paragraphs) >= 3:
            out.append(paragraphs)
    return out


def vary(text: str, rng: random.Random) -> str:
    """The same text with its numbers nudged and a few reporting verbs swapped."""
    text = re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), text)
    return re.sub(r"\b(said|says|reported)\b", lambda m: rng.choice(SWAPS), text, count=2)


def stitched(paragraphs: list[str], rng: random.Random) -> str:
    """2-6 KB of one story's paragraphs, in a shuffled order, lede first."""
    target = rng.randint(2000, 6000)
    pool = paragraphs[:]
    rng.shuffle(pool)
    out: list[str] = []
    while pool and sum(map(len, out)) < target:
        out.append(pool.pop())
    return "\n\n".join(vary(p, rng) for p in out)


def corpus(kind: str, n: int, seed: int = 7) -> list[str]:
    """n document texts, each with a title line; the same for the same arguments."""
    rng = random.Random(seed)
    all_stories = stories()
    docs: list[str] = []
    if kind == "syndicated":
        story = max(all_stories, key=len)
        originals = [stitched(story, rng) for _ in range(5)]
        for i in range(n):
            docs.append(f"Story copy {i}\n\n{vary(originals[i % 5], rng)}")
        return docs
    for i in range(n):
        if docs and rng.random() < SYNDICATED_SHARE:
            docs.append(f"Wire copy {i}\n\n" + docs[rng.randrange(len(docs))].split("\n\n", 1)[1])
            continue
        story = all_stories[i % len(all_stories)]
        docs.append(f"Report {i}\n\n{stitched(story, rng)}")
    return docs


def run_one(folder: Path) -> None:
    """In the child: brief the folder and print seconds, peak MiB and the Markdown's bytes."""
    from briefing import build_brief
    from briefing.render import render

    start = time.perf_counter()
    brief = build_brief([str(folder)], engine="extractive")
    text = render(brief, "md")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "seconds": seconds,
        # On a shared machine the wall time is the load's as much as the brief's.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
        "md_bytes": len(text.encode()),
    }
    print(json.dumps(figures))


def measure(kind: str, n: int, timeout: float) -> dict[str, float] | None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = 0
        for i, text in enumerate(corpus(kind, n)):
            (folder / f"{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
            size += len(text.encode())
        child = [sys.executable, "-m", "benchmarks.scale", "--run", str(folder)]
        try:
            done = subprocess.run(child, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        if done.returncode != 0:
            raise SystemExit(f"{kind} {n}: the brief failed: {done.stderr.strip()[-300:]}")
        figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        figures["input_bytes"] = size
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--corpora", default="realistic,syndicated")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(args.run)
        return
    if not MULTI_NEWS.is_file():
        print(f"skipped: {MULTI_NEWS.name} not found beside the checkout")
        return
    print("| corpus | documents | input | wall time | CPU time | peak memory | Markdown brief |")
    print("|---|---|---|---|---|---|---|")
    for kind in args.corpora.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            f = measure(kind, n, args.timeout)
            if f is None:
                print(f"| {kind} | {n:,} | | over {args.timeout:.0f} s | | | |", flush=True)
                continue
            print(
                f"| {kind} | {n:,} | {f['input_bytes'] / 2**20:.1f} MiB | {f['seconds']:.1f} s "
                f"| {f['cpu_seconds']:.1f} s "
                f"| {f['peak_mib']:.0f} MiB | {f['md_bytes'] / 1024:.1f} KB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
