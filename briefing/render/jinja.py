"""The Jinja environment every template renders in, and the filters they share."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined

from briefing.render import html
from briefing.render.safe import code, finalize, markdown_text
from briefing.render.sections import hidden_labels, shown_labels
from briefing.schemas import Citation


def environment(package: str = "briefing.render", *, autoescape: bool) -> Environment:
    """The templates of `package` with the filters they share; autoescape for HTML, so that
    every string from a source reaches the page escaped, and no control character anywhere."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=autoescape,
        finalize=finalize,
    )
    env.filters.update(
        labels=labels,
        oneline=oneline,
        md=markdown_text,
        cell=lambda s: markdown_text(s).replace("|", "\\|"),
        code=code,
        markers=html.markers,
        unmarked=hidden_labels,
        by_label=html.by_label,
        source_href=html.source_href,
        csp_hash=html.csp_hash,
        sources=sources,
        plural=plural,
    )
    return env


def sources(n: int) -> str:
    """'1 source', '5 sources'."""
    return plural(n, "source")


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 new article', '3 new articles'; `many` where adding an s is wrong ('stories')."""
    return f"{n} {noun}" if n == 1 else f"{n} {many or noun + 's'}"


def labels(citations: Iterable[Citation]) -> str:
    """Citation markers like [1][3], one per document, in label order; past MAX_MARKERS,
    how many more documents there are."""
    cited = list(citations)
    shown = "".join(f"[{n}]" for n in shown_labels(cited))
    hidden = hidden_labels(cited)
    return f"{shown} +{hidden}" if hidden else shown


def oneline(text: str | None) -> str:
    """Collapse whitespace so a source's line breaks cannot break Markdown structure."""
    return " ".join((text or "").split())
