"""How long the model path takes on 50 documents, serially and in parallel, and from the cache.

    python -m benchmarks.model_concurrency [--docs 50] [--delay 0.3] [--concurrency 8]

The endpoint is the scripted test server answering every call after a fixed delay, so the
figures measure briefing's own overhead and its concurrency, not a model.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from briefing.pipeline import build_brief
from tests.openai_server import ScriptedServer
from tests.scenarios import SCENARIOS, careful, seed_texts


def make_documents(folder: Path, count: int) -> list[str]:
    """`count` distinct articles: the seeds, each with a numbered line added."""
    texts = list(seed_texts().values())
    paths = []
    for n in range(count):
        path = folder / f"doc{n:03}.txt"
        path.write_text(f"{texts[n % len(texts)]}\n\nEdition {n}.\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def run(label: str, sources: list[str], server: ScriptedServer, **settings: object) -> None:
    before = server.calls
    start = time.perf_counter()
    brief = build_brief(
        sources,
        engine="llm",
        settings=SCENARIOS["seeds"].model_settings(server.base_url, **settings),
    )
    wall = time.perf_counter() - start
    print(
        f"{label:<32} {wall:7.2f} s  {server.calls - before:4d} calls  "
        f"{brief.usage.cache_hits:4d} cache hits  {len(brief.key_points):3d} key points"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.3, help="seconds per call")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with (
        tempfile.TemporaryDirectory() as tmp,
        ScriptedServer(lambda request, n: careful(request), delay=args.delay) as server,
    ):
        sources = make_documents(Path(tmp), args.docs)
        cache = Path(tmp) / "cache"
        print(f"{args.docs} documents, {args.delay:.1f} s per call (scripted server)")
        run("serial (--concurrency 1)", sources, server, concurrency=1)
        run(f"--concurrency {args.concurrency}", sources, server, concurrency=args.concurrency)
        run(
            f"--concurrency {args.concurrency}, filling cache",
            sources,
            server,
            concurrency=args.concurrency,
            use_cache=True,
            cache_dir=cache,
        )
        run("rerun from the cache", sources, server, use_cache=True, cache_dir=cache)


if __name__ == "__main__":
    main()
