"""Render: a `Brief` as Markdown, JSON or a self-contained HTML page."""

from __future__ import annotations

import json

from briefing.render import html
from briefing.render.jinja import environment
from briefing.render.safe import stripped
from briefing.render.sections import differences, listed_sources, sections
from briefing.schemas import Brief

FORMATS = ("md", "json", "html")


def render(brief: Brief, fmt: str = "md") -> str:
    """The brief as text in the given format."""
    if fmt == "json":
        return render_json(brief)
    if fmt == "html":
        return render_html(brief)
    if fmt != "md":
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return render_markdown(brief)


def render_json(brief: Brief) -> str:
    """The whole brief as JSON, no string carrying a control character or bidi override."""
    # Ingest already stripped them from every document's text, so no span offset moves here.
    data = stripped(brief.model_dump(mode="json"))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: every marker and count a reader needs, nothing to click."""
    template = environment(autoescape=False).get_template("brief.md.j2")
    parts = sections(brief)
    differ = differences(brief)
    listed = listed_sources(brief, parts, differ)
    return template.render(
        brief=brief,
        total=brief.counted,
        multi=parts.multi,
        single=parts.single,
        more=parts.more,
        more_hidden=parts.more_hidden,
        figures=parts.figures,
        more_figures=parts.more_figures,
        quotes=parts.quotes,
        more_quotes=parts.more_quotes,
        more_rows_hidden=parts.more_rows_hidden,
        differ=differ,
        listed=listed,
        unlisted=len(brief.sources) - len(listed),
        docs={d.id: d for d in brief.sources},
        date=brief.generated_at[:10],
    )


def render_html(brief: Brief) -> str:
    """The brief as one HTML page with its cited passages and highlighted sources."""
    template = environment(autoescape=True).get_template("brief.html.j2")
    docs = {d.id: d for d in brief.sources}
    context = html.page_context(brief)
    return template.render(brief=brief, docs=docs, total=brief.counted, **context)
