"""What a source's text may do in an output: nothing. No live HTML or link in the Markdown, no
line of its own, no control character or bidi override in any format or log line."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from briefing.ingest.cleaning import CONTROLS, strip_controls

# In a file name or a log line a control character is shown escaped, not dropped, so that the
# name can still be told apart from its neighbours and found on disk.
UNPRINTABLE = re.compile(rf"[\n\t]|{CONTROLS.pattern}")
ENTITY = re.compile(r"&(?=#?\w+;)")
# Entities rather than backslashes for < and >: every Markdown dialect reads an entity as text,
# while some never learnt the backslash escape of < and would pass the tag through.
INLINE = str.maketrans({"<": "&lt;", "\\": "\\\\", "`": "\\`", "[": "\\[", "]": "\\]"})
BLOCK_START = re.compile(r"^(?:[#+*=~|-]|\d+(?=[.)]))")


def shown(text: str) -> str:
    """The text on one line, each newline, tab, control character and bidi override escaped
    (\\n, \\x1b, \\u202e), for file names and log lines."""
    return UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def markdown_text(text: str | None) -> str:
    """Source text as inline Markdown that shows as written: one line, no tag, entity, link,
    code span or line-start marker (heading, list, quote, fence) left live."""
    flat = " ".join(strip_controls(text or "").split())
    flat = ENTITY.sub("&amp;", flat).translate(INLINE)
    if flat.startswith(">"):
        return "&gt;" + flat[1:]
    match = BLOCK_START.match(flat)
    if match is None:
        return flat
    cut = match.end() if match[0][0].isdigit() else 0  # "1. " becomes "1\. ", "# " "\# "
    return f"{flat[:cut]}\\{flat[cut:]}"


def code(text: str) -> str:
    """A name (a path, a URL) as a Markdown code span: shown as written, escapes and all, on
    one line, however many backticks it holds."""
    name = shown(text)
    longest = max((len(run) for run in re.findall(r"`+", name)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if name.startswith("`") or name.endswith("`") else ""
    return f"{fence}{pad}{name}{pad}{fence}"


def finalize(value: Any) -> Any:
    """What every template prints, stripped of control characters and bidi overrides."""
    if isinstance(value, Markup):
        return Markup(strip_controls(str(value)))
    return strip_controls(value) if isinstance(value, str) else value


def stripped(data: Any) -> Any:
    """JSON-ready data with every string stripped of control characters and bidi overrides."""
    if isinstance(data, str):
        return strip_controls(data)
    if isinstance(data, list):
        return [stripped(v) for v in data]
    if isinstance(data, dict):
        return {stripped(k): stripped(v) for k, v in data.items()}
    return data
