"""What the brief chooses, against human summaries: ROUGE of the offline brief and of baselines.

    python -m benchmarks.summary_quality [--clusters FILE] [--limit N] [--words 250]

Reads Multi-News clusters (`../shared/eval/multi_news_dev.jsonl` beside the checkout: real
multi-outlet stories with a human summary each) and briefs each cluster offline at the word
budget (`--length 250`: the bottom line and key points together). Prints ROUGE-1/2/L F1
(rouge-score, Porter stemming) of that brief's bottom line plus key points, cut to the budget,
next to the default brief's (its key points, then those under "More") and to Lead (the first
sentences of each article in turn), LexRank, TextRank and sentences picked at random, all
computed in this run on the same text and budget; then the bottom line alone at 60 words
against Lead's first 60 words, and against Lead cut to the bottom line's own length; what the
default brief shows against Lead cut as long; then each half of the clusters apart and the
standard error of the brief's lead over Lead, cluster by cluster. Skips when the file is absent.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import mean, stdev
from typing import Any

from briefing.pipeline import build_brief
from briefing.schemas import Brief, Length
from briefing.text.sentences import sentences
from briefing.text.words import words

ROOT = Path(__file__).resolve().parent.parent
CLUSTERS = ROOT.parent / "shared" / "eval" / "multi_news_dev.jsonl"
BOTTOM_LINE_WORDS = 60
RANDOM_SEED = 0


class Tokenizer:
    """The tokenizer sumy asks for, made of briefing's own splitters (nltk's data cannot be
    downloaded here), so that every system reads the same sentences."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [s.text for s in sentences(paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)


def articles(cluster: dict[str, Any]) -> list[str]:
    """The cluster's articles as plain text, one paragraph a line."""
    parts = re.split(r"Passage \d+:", cluster["context"])
    texts = [re.sub(r" ?NEWLINE_CHAR ?", "\n", p).strip() for p in parts]
    return [t for t in texts if t]


def cut(text: str, budget: int) -> str:
    """The first `budget` words of text."""
    return " ".join(text.split()[:budget])


def article_files(texts: list[str], folder: Path) -> list[str]:
    """The articles written to folder as 1.txt, 2.txt …, in order; their paths."""
    paths = []
    for n, text in enumerate(texts, 1):
        path = folder / f"{n}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def brief_of(texts: list[str], length: Length | int = Length.standard) -> Brief:
    with tempfile.TemporaryDirectory() as tmp:
        return build_brief(article_files(texts, Path(tmp)), engine="extractive", length=length)


def brief_text(brief: Brief) -> str:
    """The bottom line, then the key points in the order the brief ranks them."""
    lines = [s.text for s in brief.bottom_line]
    lines += [p.statement for p in brief.key_points if p.statement not in lines]
    return "\n".join(lines)


def shown_text(brief: Brief) -> str:
    """What the brief shows before "More": the bottom line, then its key points."""
    lines = [s.text for s in brief.bottom_line]
    more = set(brief.more)
    lines += [
        p.statement for p in brief.key_points if p.id not in more and p.statement not in lines
    ]
    return "\n".join(lines)


def lead(texts: list[str]) -> str:
    """The first sentence of each article, then the second of each, and so on."""
    split = [[s.text for s in sentences(t)] for t in texts]
    order = [s[i] for i in range(max(map(len, split), default=0)) for s in split if i < len(s)]
    return "\n".join(order)


def ranked(summarizer: Any, texts: list[str], budget: int) -> str:
    """The summarizer's best sentences until the budget is filled, in document order."""
    from sumy.parsers.plaintext import PlaintextParser

    document = PlaintextParser.from_string("\n\n".join(texts), Tokenizer()).document

    def fill(infos: list[Any]) -> list[Any]:
        kept, total = [], 0
        for info in infos:
            if total >= budget:
                break
            kept.append(info)
            total += len(str(info.sentence).split())
        return kept

    return "\n".join(str(s) for s in summarizer(document, fill))


def random_pick(texts: list[str], budget: int, rng: random.Random) -> str:
    pool = [s.text for t in texts for s in sentences(t)]
    rng.shuffle(pool)
    picked, total = [], 0
    for s in pool:
        if total >= budget:
            break
        picked.append(s)
        total += len(s.split())
    return "\n".join(picked)


BRIEF = "briefing (bottom line + key points)"
DEFAULT = "briefing, default length, then More"


def systems(budget: int) -> dict[str, Callable[[list[str], dict[str, Brief]], str]]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    lexrank, textrank = (
        LexRankSummarizer(Stemmer("english")),
        TextRankSummarizer(Stemmer("english")),
    )
    for s in (lexrank, textrank):
        s.stop_words = get_stop_words("english")
    rng = random.Random(RANDOM_SEED)
    return {
        BRIEF: lambda t, b: brief_text(b[BRIEF]),
        DEFAULT: lambda t, b: brief_text(b[DEFAULT]),
        "Lead": lambda t, b: lead(t),
        "LexRank": lambda t, b: ranked(lexrank, t, budget),
        "TextRank": lambda t, b: ranked(textrank, t, budget),
        "Random": lambda t, b: random_pick(t, budget, rng),
    }


def clusters(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clusters", type=Path, default=CLUSTERS)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--words", type=int, default=250, help="word budget")
    args = parser.parse_args()
    if not args.clusters.exists():
        print(f"skipped: {args.clusters.name} is not beside the checkout")
        return
    from rouge_score import rouge_scorer

    logging.disable(logging.WARNING)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    named = systems(args.words)
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in named}
    top: dict[str, list[float]] = {"briefing bottom line": [], "Lead": [], "Lead, as long": []}
    words_read: list[int] = []
    as_shown: dict[str, list[tuple[float, float, float]]] = {"shown": [], "Lead": []}
    shown_words: list[int] = []
    top_words: list[int] = []
    for cluster in clusters(args.clusters, args.limit):
        texts = articles(cluster)
        briefs = {BRIEF: brief_of(texts, args.words), DEFAULT: brief_of(texts)}
        brief = briefs[BRIEF]
        words_read.append(len(brief_text(brief).split()))
        for name, system in named.items():
            s = scorer.score(cluster["summary"], cut(system(texts, briefs), args.words))
            scores[name].append((s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure))
        shown = shown_text(briefs[DEFAULT])
        shown_words.append(len(shown.split()))
        for name, text in (("shown", shown), ("Lead", lead(texts))):
            s = scorer.score(cluster["summary"], cut(text, shown_words[-1]))
            as_shown[name].append(
                (s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure)
            )
        bottom_line = " ".join(s.text for s in brief.bottom_line)
        own = min(BOTTOM_LINE_WORDS, len(bottom_line.split()))
        for name, text, budget in (
            ("briefing bottom line", bottom_line, BOTTOM_LINE_WORDS),
            ("Lead", lead(texts), BOTTOM_LINE_WORDS),
            ("Lead, as long", lead(texts), own),
        ):
            s = scorer.score(cluster["summary"], cut(text, budget))
            top[name].append(s["rouge1"].fmeasure)
        top_words.append(own)
    n = len(words_read)
    print(f"{n} clusters, {args.words}-word budget; ROUGE F1 x 100 (rouge-score, stemmed)\n")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L |\n|---|---|---|---|")
    for name, rows in scores.items():
        r1, r2, rl = (100 * mean(col) for col in zip(*rows, strict=True))
        print(f"| {name} | {r1:.2f} | {r2:.2f} | {rl:.2f} |")
    print(f"\n| first {BOTTOM_LINE_WORDS} words | ROUGE-1 |\n|---|---|")
    # Whole sentences rarely fill 60 words, and ROUGE F1 against a long summary grows with
    # length: "Lead, as long" is cut to the bottom line's own length, cluster by cluster.
    for name, values in top.items():
        print(f"| {name} | {100 * mean(values):.2f} |")
    print(
        f"\n| what the default brief shows ({mean(shown_words):.0f} words) | ROUGE-1 | ROUGE-2 |"
        " ROUGE-L |\n|---|---|---|---|"
    )
    for name, label in (("shown", "its bottom line and key points"), ("Lead", "Lead, as long")):
        r1, r2, rl = (100 * mean(col) for col in zip(*as_shown[name], strict=True))
        print(f"| {label} | {r1:.2f} | {r2:.2f} | {rl:.2f} |")
    print(f"\nbottom line: {mean(top_words):.0f} words on average")
    print(f"bottom line + key points before the cut: {mean(words_read):.0f} words on average")
    if n >= 4:
        print_halves(scores, top)
    sys.stdout.flush()


def print_halves(
    scores: dict[str, list[tuple[float, float, float]]], top: dict[str, list[float]]
) -> None:
    """Each half of the clusters apart, and how far the brief is ahead of Lead cluster by
    cluster: a change that helps one half only, or by less than the spread, may be noise."""
    brief, first = BRIEF, "briefing bottom line"
    print("\n| clusters | briefing R-1/2/L | Lead R-1/2/L | bottom line | Lead-60 |")
    print("|---|---|---|---|---|")
    half = len(top[first]) // 2
    for name, part in (("first half", slice(None, half)), ("second half", slice(half, None))):
        cells = [
            "/".join(f"{100 * mean(col):.2f}" for col in zip(*scores[s][part], strict=True))
            for s in (brief, "Lead")
        ]
        lines = [f"{100 * mean(top[s][part]):.2f}" for s in (first, "Lead")]
        print(f"| {name} | {' | '.join(cells + lines)} |")
    ahead = [b[0] - a[0] for a, b in zip(scores["Lead"], scores[brief], strict=True)]
    lede_ahead = [b - a for a, b in zip(top["Lead"], top[first], strict=True)]
    print(f"\nbriefing minus Lead, ROUGE-1: {_spread(ahead)}")
    print(f"bottom line minus Lead-60: {_spread(lede_ahead)}")


def _spread(differences: list[float]) -> str:
    """The mean of per-cluster differences with its standard error, x 100."""
    error = stdev(differences) / len(differences) ** 0.5
    return f"{100 * mean(differences):+.2f} (standard error {100 * error:.2f})"


if __name__ == "__main__":
    main()
