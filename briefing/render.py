"""Turn a `Brief` into Markdown, JSON or a self-contained HTML page."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined

from briefing import html
from briefing.schemas import Brief, Citation

FORMATS = ("md", "json", "html")


def environment(*, autoescape: bool) -> Environment:
    """The package's templates with the filters they share; autoescape for HTML, so that
    every string from a source reaches the page escaped."""
    env = Environment(
        loader=PackageLoader("briefing", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=autoescape,
    )
    env.filters.update(
        labels=labels,
        oneline=oneline,
        cell=lambda s: oneline(s).replace("|", "\\|"),
        markers=html.markers,
        by_label=html.by_label,
        source_href=html.source_href,
        csp_hash=html.csp_hash,
    )
    return env


def render_html(brief: Brief) -> str:
    """The brief as one HTML page with its cited passages and highlighted sources."""
    template = environment(autoescape=True).get_template("brief.html.j2")
    docs = {d.id: d for d in brief.sources}
    return template.render(brief=brief, docs=docs, **html.page_context(brief))


def labels(citations: Iterable[Citation]) -> str:
    """Citation markers like [1][3], one per document, in label order."""
    return "".join(f"[{n}]" for n in sorted({c.label for c in citations}))


def oneline(text: str | None) -> str:
    """Collapse whitespace so a source's line breaks cannot break Markdown structure."""
    return " ".join((text or "").split())


def render(brief: Brief, fmt: str = "md") -> str:
    """The brief as text in the given format."""
    if fmt == "json":
        return brief.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        return render_html(brief)
    if fmt != "md":
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    template = environment(autoescape=False).get_template("brief.md.j2")
    points = {p.id: p for p in brief.key_points}
    return template.render(
        brief=brief,
        total=len(brief.sources),
        multi=[p for p in brief.key_points if p.id not in brief.single_source],
        single=[points[i] for i in brief.single_source],
        docs={d.id: d for d in brief.sources},
        date=brief.generated_at[:10],
    )
