"""The check report as Markdown, HTML (the brief's page style, each unit coloured by verdict,
its evidence on click) or JSON."""

from __future__ import annotations

import json

from briefing.check.models import CheckReport, Unit, UnitVerdict
from briefing.render.jinja import environment
from briefing.render.safe import stripped
from briefing.text.words import shorten

REPORT_FORMATS = ("md", "html", "json")
CLIP_CHARS = 280
MARKS = {
    UnitVerdict.supported.value: "✓",
    UnitVerdict.partly.value: "◐",
    UnitVerdict.unsupported.value: "✗",
    UnitVerdict.uncheckable.value: "·",
}


def render_report(report: CheckReport, fmt: str = "md") -> str:
    """The report in md, html or json."""
    if fmt == "json":
        data = stripped(report.model_dump(mode="json"))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(REPORT_FORMATS)})")
    env = environment(autoescape=fmt == "html")
    env.filters["clip"] = clip
    template = env.get_template(f"check.{fmt}.j2")
    return template.render(
        report=report,
        flagged=flagged(report.units),
        blocks=_blocks(report.units),
        marks=MARKS,
        judged=sum(u.judgement is not None for u in report.units),
    )


def flagged(units: list[Unit]) -> list[Unit]:
    """The units a reader must look at: unsupported, or with a problem."""
    return [u for u in units if u.verdict is UnitVerdict.unsupported or u.problems]


def clip(text: str, limit: int = CLIP_CHARS) -> str:
    """A long passage cut at a word, with an ellipsis."""
    return shorten(" ".join(text.split()), limit)


def _blocks(units: list[Unit]) -> list[list[Unit]]:
    """Units grouped as the brief laid them out: one paragraph, item or row per group."""
    out: list[list[Unit]] = []
    for u in units:
        if out and out[-1][0].block == u.block:
            out[-1].append(u)
        else:
            out.append([u])
    return out
