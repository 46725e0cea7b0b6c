"""Turn a `Brief` into Markdown, JSON or a self-contained HTML page."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined

from briefing import html
from briefing.schemas import Brief, Citation

FORMATS = ("md", "json", "html")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("briefing", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown; the HTML renderer escapes on its own
    )
    env.filters["labels"] = labels
    env.filters["oneline"] = oneline
    env.filters["cell"] = lambda s: oneline(s).replace("|", "\\|")
    return env


def _html_environment() -> Environment:
    # Autoescape on: every string from a source reaches the page escaped.
    env = Environment(
        loader=PackageLoader("briefing", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
    )
    env.filters.update(
        markers=html.markers,
        by_label=html.by_label,
        source_href=html.source_href,
        csp_hash=html.csp_hash,
    )
    return env


def render_html(brief: Brief) -> str:
    """The brief as one HTML page with its cited passages and highlighted sources."""
    template = _html_environment().get_template("brief.html.j2")
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
    template = _environment().get_template("brief.md.j2")
    points = {p.id: p for p in brief.key_points}
    return template.render(
        brief=brief,
        total=len(brief.sources),
        multi=[p for p in brief.key_points if p.id not in brief.single_source],
        single=[points[i] for i in brief.single_source],
        docs={d.id: d for d in brief.sources},
        date=brief.generated_at[:10],
    )
