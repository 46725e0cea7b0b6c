"""`briefing check`: audit a brief someone wrote (or one of ours) against its sources.

The brief is cut into units; each unit's numbers, quotations, speakers and names are looked up
in the sources with the same matcher and attribution rules the brief itself is built with.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import ValidationError

from briefing.check.evidence import SourceIndex
from briefing.check.models import CheckReport, ProblemCode, Summary, Unit, UnitVerdict
from briefing.check.ours import check_ours
from briefing.check.units import html_blocks, markdown_blocks, units_of
from briefing.check.verdict import judge_unit
from briefing.ground.top import ordinary_words
from briefing.schemas import Brief, Document, SourceError


def detect_format(name: str, text: str) -> str:
    """The brief's format from its file name, else from its first characters."""
    lower = name.lower()
    for suffix, fmt in ((".json", "json"), (".html", "html"), (".htm", "html"), (".txt", "text")):
        if lower.endswith(suffix):
            return fmt
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<body", "<div", "<p", "<article")):
        return "html"
    return "md"


def check_text(
    text: str,
    docs: list[Document],
    *,
    fmt: str = "md",
    name: str = "-",
    errors: list[SourceError] | None = None,
) -> CheckReport:
    """Check a brief given as text in `fmt` (md, text, html or our own json) against docs."""
    index = SourceIndex(docs)
    if fmt == "json":
        units = check_ours(parse_ours(text), index)
    else:
        blocks = html_blocks(text) if fmt == "html" else markdown_blocks(text)
        common = ordinary_words(docs)
        units = [judge_unit(raw, index, common, i) for i, raw in enumerate(units_of(blocks))]
    return CheckReport(
        brief=name,
        brief_format=fmt,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        units=units,
        summary=summarize(units),
        sources=docs,
        source_errors=list(errors or []),
    )


class NotOurBrief(ValueError):
    """The JSON is not a brief this tool wrote."""


def parse_ours(text: str) -> Brief:
    """Our own JSON brief, or NotOurBrief saying in one line why not."""
    try:
        return Brief.model_validate_json(text)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the top level"
        raise NotOurBrief(f"not a JSON brief of this tool ({where}: {first['msg']})") from None
    except json.JSONDecodeError as e:  # pragma: no cover - pydantic wraps these
        raise NotOurBrief(f"not valid JSON ({e.msg})") from None


def summarize(units: list[Unit]) -> Summary:
    """The counts of the report's summary line."""

    def count(verdict: UnitVerdict) -> int:
        return sum(u.verdict is verdict for u in units)

    def wrong(prefix: str) -> int:
        return sum(p.wrong for u in units for p in u.problems if p.code.value.startswith(prefix))

    return Summary(
        units=len(units),
        supported=count(UnitVerdict.supported),
        partly=count(UnitVerdict.partly),
        unsupported=count(UnitVerdict.unsupported),
        uncheckable=count(UnitVerdict.uncheckable),
        numbers_checked=sum(u.numbers for u in units),
        numbers_wrong=wrong("number"),
        quotes_checked=sum(u.quotes for u in units),
        quotes_wrong=wrong("quote"),
        speakers_checked=sum(u.speakers for u in units),
        speakers_wrong=wrong("speaker"),
        names_checked=sum(u.names for u in units),
        names_wrong=wrong("name"),
        turned_around=sum(
            any(p.code is ProblemCode.direction_differs for p in u.problems) for u in units
        ),
    )
