"""A brief cut into checkable units: the sentences of its paragraphs, each list item, table row
and block quotation whole. Markup and citation markers go; the labels a unit cites are kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

from briefing.check.models import UnitKind
from briefing.text.sentences import LIST_MARKER, sentences


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table row or block quotation of the brief, as plain text."""

    kind: UnitKind  # sentence: a paragraph, cut into its sentences later
    text: str


@dataclass(frozen=True)
class RawUnit:
    block: int
    kind: UnitKind
    text: str
    cites: list[int] = field(default_factory=list)


# [1], [2][3], [1, 4], [2-3]: a brief's citation markers; [^1] is a Markdown footnote.
CITATION = re.compile(r"\[\^?(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
# Our own briefs' counts: "(2 of 5 sources)", "— *5 of 5 sources*", "· 3 of 5".
SOURCE_COUNT = re.compile(r"\s*(?:[—·]\s*)?\(?\*?\d+ of \d+(?: sources?)?\*?\)?(?=\s|$)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_INDENTED = re.compile(r"^(?: {2,}|\t)\S")
# Sections that list where the brief comes from rather than what it claims.
_APPARATUS = re.compile(
    r"^\s{0,3}#{1,6}\s+(?:sources?|references|bibliography|citations|links|validation|notes)\s*$",
    re.IGNORECASE,
)
# A line that is only bold is a run-in heading ("**Same quote, different words**").
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)[^*_]+\1:?\s*$")
# Our own briefs' pointer to what only the JSON holds ("…and 36 more points in the JSON brief").
_MORE_IN_JSON = re.compile(r"^\s*(?:[-*]\s+)?\*?…and \d[\d,]* more\b.*\bJSON brief")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_HTML_BLOCKS = frozenset("p li blockquote tr h1 h2 h3 h4 h5 h6 dd dt figcaption pre div".split())
_HTML_SKIP = frozenset("script style template nav button head".split())
# Our own HTML briefs' markers, counts and notes; a byline ("meta") on any page.
_HTML_FURNITURE_CLASSES = frozenset({"meta", "note", "cite", "count", "muted"})


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of Markdown or plain text: paragraphs, list items (with their indented
    continuation lines), table rows past the header, block quotations; headings are not claims."""
    blocks: list[Block] = []
    current: list[str] = []
    kind = UnitKind.sentence

    def flush() -> None:
        if current:
            blocks.append(Block(kind, " ".join(line.strip() for line in current)))
            current.clear()

    lines = text.splitlines()
    skipping = 0  # the heading level of an apparatus section being skipped, else 0
    for i, line in enumerate(lines):
        if _HEADING.match(line):
            flush()
            level = len(line.lstrip()) - len(line.lstrip().lstrip("#"))
            if skipping and level > skipping:
                continue
            skipping = level if _APPARATUS.match(line) else 0
            continue
        if skipping or _furniture(line):
            flush()
            continue
        if line.lstrip().startswith("|"):
            flush()
            if not _TABLE_RULE.match(line.strip()) and not _header_row(lines, i):
                blocks.append(Block(UnitKind.table_row, _row_text(line)))
            continue
        line_kind = _line_kind(line)
        continues = current and (
            line_kind is kind is UnitKind.quotation
            or (
                line_kind is UnitKind.sentence
                and (kind is UnitKind.sentence or _INDENTED.match(line))
            )
        )
        if not continues:
            flush()
            kind = line_kind
        current.append(_without_marker(line, line_kind))
    flush()
    return blocks


def _line_kind(line: str) -> UnitKind:
    if line.lstrip().startswith(">"):
        return UnitKind.quotation
    if LIST_MARKER.match(line):
        return UnitKind.list_item
    return UnitKind.sentence


def _without_marker(line: str, kind: UnitKind) -> str:
    if kind is UnitKind.quotation:
        return re.sub(r"^\s*(?:>\s?)+", "", line)
    if kind is UnitKind.list_item:
        return LIST_MARKER.sub("", line, count=1)
    return line


def _furniture(line: str) -> bool:
    """A line that claims nothing: blank, a rule, a run-in heading, or one of our own briefs'
    lines about the brief ("*Brief of 5 sources · date · engine*", "…and 36 more …")."""
    stripped = line.strip()
    if not stripped or _RULE.match(line) or _BOLD_LINE.match(line) or _MORE_IN_JSON.match(line):
        return True
    return len(stripped) > 2 and stripped[0] == stripped[-1] == "*" and " · " in stripped


def _header_row(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and bool(_TABLE_RULE.match(lines[i + 1].strip()))


def _row_text(line: str) -> str:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return " ".join(c for c in cells if c)


def html_blocks(page: str) -> list[Block]:
    """Blocks of an HTML brief: each innermost paragraph, list item, table row or quotation;
    scripts, navigation, buttons, headings and hidden popovers are not the brief's text."""
    try:
        root = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return []
    blocks: list[Block] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _HTML_BLOCKS or _hidden(el):
            continue
        if el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} or _holds_blocks(el):
            continue
        text = _html_text(el)
        if text:
            blocks.append(Block(_html_kind(el), text))
    return blocks


def _hidden(el: lxml.html.HtmlElement) -> bool:
    """Not the brief's text: scripts, buttons, popovers, hidden parts, a byline or note
    (class meta or note), and a section headed Sources, References, Validation …"""
    return any(_skipped(node) or _apparatus(node) for node in (el, *el.iterancestors()))


def _skipped(node: lxml.html.HtmlElement) -> bool:
    if node.tag in _HTML_SKIP or "popover" in node.attrib or "hidden" in node.attrib:
        return True
    return bool(set(node.get("class", "").split()) & _HTML_FURNITURE_CLASSES)


def _apparatus(node: lxml.html.HtmlElement) -> bool:
    if node.tag not in ("section", "details", "aside", "footer"):
        return False
    heading = next((h for h in node.iter("h1", "h2", "h3", "h4", "h5", "h6")), None)
    title = " ".join(heading.text_content().split()) if heading is not None else ""
    return bool(title) and _APPARATUS.match(f"## {title}") is not None


def _holds_blocks(el: lxml.html.HtmlElement) -> bool:
    if el.tag == "tr":
        return False
    return any(isinstance(d.tag, str) and d.tag in _HTML_BLOCKS for d in el.iterdescendants())


def _html_text(el: lxml.html.HtmlElement) -> str:
    if el.tag == "tr":
        cells = [" ".join(_visible_text(td).split()) for td in el if td.tag in ("td", "th")]
        if all(td.tag == "th" for td in el if isinstance(td.tag, str)):
            return ""  # a header row names the columns, it claims nothing
        return " ".join(c for c in cells if c)
    return " ".join(_visible_text(el).split())


def _visible_text(el: lxml.html.HtmlElement) -> str:
    """The element's text without that of its buttons, scripts and popovers."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _skipped(child):
            parts.append(_visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _html_kind(el: lxml.html.HtmlElement) -> UnitKind:
    if el.tag == "tr":
        return UnitKind.table_row
    if el.tag == "li":
        return UnitKind.list_item
    if el.tag == "blockquote" or any(a.tag == "blockquote" for a in el.iterancestors()):
        return UnitKind.quotation
    return UnitKind.sentence


def units_of(blocks: list[Block]) -> list[RawUnit]:
    """Each block's units: a paragraph's sentences (a quotation that runs over several stays
    one unit), any other block whole; markup and citation markers removed."""
    units: list[RawUnit] = []
    for b, block in enumerate(blocks):
        pieces = _sentences(block.text) if block.kind is UnitKind.sentence else [block.text]
        for piece in pieces:
            text, cites = clean(piece)
            if re.search(r"\w", text):
                units.append(RawUnit(b, block.kind, text, cites))
    return units


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for s in sentences(text):
        if out and _open_quotation(out[-1]):
            out[-1] = f"{out[-1]} {s.text}"
        else:
            out.append(s.text)
    return out


def _open_quotation(text: str) -> bool:
    """A quotation opened and not yet closed: the next sentence is still inside it. A straight
    mark closes a curly one and the other way round, as mixed typography has it."""
    inside = False
    for ch in text:
        if ch == "“":
            inside = True
        elif ch == "”":
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def clean(text: str) -> tuple[str, list[int]]:
    """The text without Markdown emphasis, links, citation markers and our source counts; and
    the labels it cited, in order."""
    cites: list[int] = []
    for m in CITATION.finditer(text):
        cites.extend(_labels(m.group(1)))
    text = _LINK.sub(r"\1", text)
    text = CITATION.sub("", text)
    for _ in range(2):  # **bold *inside* bold**
        text = _EMPHASIS.sub(r"\2", text)
    text = _CODE_SPAN.sub("", text)  # paths and identifiers, not claims
    text = SOURCE_COUNT.sub("", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split()))
    return text.strip(" ·—–-"), list(dict.fromkeys(cites))


def _labels(group: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        ends = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x]
        if len(ends) == 2 and 0 < ends[1] - ends[0] < 50:
            out.extend(range(ends[0], ends[1] + 1))
        else:
            out.extend(ends)
    return out
