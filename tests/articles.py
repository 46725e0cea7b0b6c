"""A sample article page and a file writer, shared by the tests of ingest's files and pages."""

from __future__ import annotations

from pathlib import Path

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Acme Widgets Beat Forecasts | Example Daily</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Example Daily">
<meta property="article:published_time" content="2025-10-21">
</head><body>
<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/contact">Contact</a></nav>
<article><h1>Acme Widgets Beat Forecasts</h1>
<p>Acme Widgets said on Monday that quarterly revenue rose 12% to $3.4 billion, ahead of the
forecast it gave investors in July and well above what most analysts had pencilled in.</p>
<p>“We are building more widgets than ever before,” chief executive Maria Lopez said in a call
with analysts, adding that demand in Europe had been stronger than the company expected.</p>
<p>The company also raised its outlook for the full year and said it would hire 400 people
across its three factories before the end of the year to keep up with orders.</p>
</article>
<footer>© 2025 Example Daily</footer>
</body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path
