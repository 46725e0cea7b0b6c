"""Write every brief the project's fixtures give, for comparing two checkouts byte for byte.

    python scripts/snapshot_briefs.py OUT_DIR [--multi-news FILE]

Briefs the seeds (Markdown, JSON, HTML), the test suite's hostile HTML and text fixture, every
scripted cassette replayed through the model path, and, with --multi-news, each cluster of a
Multi-News JSONL file. The generation timestamp is fixed so that equal inputs give equal files.
Run it in two checkouts and `diff -r` the folders.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import build_brief  # noqa: E402
from briefing.render import render  # noqa: E402

STAMP = "2000-01-01T00:00:00+00:00"
PAYLOADS = (  # as in tests/render/test_html.py
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</style>",
    "</script>",
    '"><svg onload=window.pwned=1>',
)
REPLAY_URL = "http://127.0.0.1:9/v1"


def write(out: Path, name: str, brief: object, formats: tuple[str, ...] = ("md", "json")) -> None:
    fixed = brief.model_copy(update={"generated_at": STAMP})  # type: ignore[attr-defined]
    for fmt in formats:
        # Paths differ between checkouts; the briefs should not.
        text = render(fixed, fmt).replace(str(ROOT), "ROOT").replace(str(out.resolve()), "OUT")
        (out / f"{name}.{fmt}").write_text(text, encoding="utf-8")


def hostile_sources(folder: Path) -> list[str]:
    """The HTML and text pair of tests/render/test_html.py's hostile fixture."""
    bad = " ".join(PAYLOADS)
    (folder / "a.txt").write_text(
        f"Acme {PAYLOADS[0]} opens {PAYLOADS[4]} plant\n\n"
        f"Acme Corp said revenue rose 12% to $3.4 billion {bad} in the quarter, and the new "
        "plant in Lyon will build bicycles.\n\n"
        f"“We will ship {PAYLOADS[0]} bikes to every city in Europe by next spring,” said "
        "Jane Doe, chief executive of Acme Corp.\n",
        encoding="utf-8",
    )
    escaped = bad.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (folder / "b.html").write_text(
        f"<html><head><title>Acme {escaped} plant</title></head><body><article>"
        f"<p>Acme Corp said revenue rose 12% to $3.4 billion {escaped} in the quarter, and the "
        "Lyon plant will build bicycles for Europe.</p><p>“We will ship bikes to every city in "
        "Europe by next spring,” said Jane Doe, chief executive of Acme Corp.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    return [str(folder / "a.txt"), str(folder / "b.html")]


def replays(out: Path) -> None:
    from tests.recording import make_vcr
    from tests.scenarios import SCENARIOS

    for name, scenario in sorted(SCENARIOS.items()):
        settings = scenario.model_settings(REPLAY_URL)
        try:
            with make_vcr().use_cassette(f"scripted/{name}.yaml"):
                brief = build_brief(scenario.sources(), engine="llm", settings=settings)
        except Exception as e:  # a failing scenario is recorded by its error line
            (out / f"replay-{name}.err").write_text(f"{type(e).__name__}: {e}\n")
            continue
        write(out, f"replay-{name}", brief)


def multi_news(out: Path, path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        cluster = json.loads(line)
        passages = re.split(r"Passage \d+:", cluster["context"])
        folder = out.resolve() / "inputs" / f"multinews-{cluster['id']}"
        folder.mkdir(parents=True, exist_ok=True)
        sources = []
        for n, passage in enumerate(p for p in passages if p.strip()):
            text = re.sub(r" ?NEWLINE_CHAR ?", "\n", passage).strip()
            (folder / f"{n}.txt").write_text(text + "\n", encoding="utf-8")
            sources.append(str(folder / f"{n}.txt"))
        write(out, f"multinews-{cluster['id']}", build_brief(sources, engine="extractive"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--multi-news", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write(
        args.out,
        "seeds",
        build_brief([str(ROOT / "seeds")], engine="extractive"),
        ("md", "json", "html"),
    )
    inputs = args.out.resolve() / "inputs"
    inputs.mkdir(exist_ok=True)
    write(args.out, "hostile", build_brief(hostile_sources(inputs), engine="extractive"))
    replays(args.out)
    if args.multi_news:
        multi_news(args.out, args.multi_news)
    print(f"wrote {len(list(args.out.iterdir()))} files to {args.out}")


if __name__ == "__main__":
    main()
