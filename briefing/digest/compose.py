"""The digest email: a subject that leads with the top story, a preview line with its bottom
line, a plain-text and an inlined-CSS HTML part, and each story's full HTML brief attached (or
linked, when the digest publishes its briefs under a base URL)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from functools import cached_property
from pathlib import Path

import css_inline
from jinja2 import Environment

from briefing.digest.config import DigestConfig
from briefing.ingest.cleaning import strip_controls
from briefing.render import render_html
from briefing.render.html import source_href
from briefing.render.jinja import environment
from briefing.render.sections import Sections, differences, sections
from briefing.schemas import Brief, Disagreement, Document, KeyPoint, SourceError
from briefing.text.words import shorten

# A subject longer than this is cut on a phone's lock screen and in most inbox lists.
SUBJECT_MAX = 78
# Mail clients show about this much of the preview line after the subject.
PREHEADER_MAX = 150
# Gmail clips an HTML part over 102 KB (hiding the rest behind a link); stay well under.
HTML_MAX = 90_000
KEY_POINTS = 6
QUOTES = 3
SINGLE_SOURCE = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


@dataclass
class Digest:
    """What one run sends: a brief per story, and the sources that failed."""

    config: DigestConfig
    briefs: list[Brief]
    errors: list[SourceError]
    when: datetime


@dataclass(frozen=True)
class SourceLine:
    """A source as the email shows it: outlet and title, linked when it can be opened."""

    label: int
    outlet: str | None
    title: str
    href: str | None


@dataclass(frozen=True)
class Story:
    """One story's place in the email: its number, its brief, and where its full brief is."""

    number: int
    brief: Brief
    file: str
    link: str | None

    @cached_property
    def _parts(self) -> Sections:
        return sections(self.brief)

    @property
    def key_points(self) -> list[KeyPoint]:
        """Points more than one source carries, less those the bottom line prints."""
        return self._parts.multi[:KEY_POINTS]

    @property
    def differences(self) -> list[Disagreement]:
        """Figures the outlets give differently, then one claim in different terms, as many
        as the brief's own "Where sources differ" shows."""
        shown = differences(self.brief)
        return shown.figures + shown.terms

    @property
    def single(self) -> list[KeyPoint]:
        """Claims only one outlet reports, those past the brief's budget too: the email
        says plainly what rests on one outlet."""
        return [p for p in self.brief.key_points if p.id in self.brief.single_source][
            :SINGLE_SOURCE
        ]

    @property
    def sources(self) -> list[SourceLine]:
        return [self._line(d) for d in self.brief.sources]

    def _line(self, doc: Document) -> SourceLine:
        # A local file is named by its title, never by its (often hashed) file name; it links
        # to its text in the published brief when there is one.
        href = source_href(doc.source) or (f"{self.link}#source-{doc.label}" if self.link else None)
        title = doc.title or (f"untitled, by {doc.author}" if doc.author else "untitled")
        return SourceLine(doc.label, doc.outlet, title, href)


def subject(digest: Digest) -> str:
    """The configured subject, on one line whatever the titles contain, within SUBJECT_MAX:
    when too long, the top story's title is cut at a word, so the date stays."""
    values = {
        "name": digest.config.name,
        "date": digest.when.date().isoformat(),
        "title": _line(digest.briefs[0].title) if digest.briefs else "",
        "stories": str(len(digest.briefs)),
        "documents": str(sum(len(b.sources) for b in digest.briefs)),
    }
    text = _line(digest.config.subject.format_map(_Keep(values)))
    room = SUBJECT_MAX - (len(text) - len(values["title"]))
    if len(text) > SUBJECT_MAX and "{title}" in digest.config.subject and room >= 20:
        values["title"] = shorten(values["title"], room)
        text = _line(digest.config.subject.format_map(_Keep(values)))
    return shorten(text, SUBJECT_MAX)


def preheader(digest: Digest) -> str:
    """The preview line: the top story's bottom line, without its citation marks."""
    if not digest.briefs:
        return ""
    return shorten(" ".join(_line(s.text) for s in digest.briefs[0].bottom_line), PREHEADER_MAX)


def _line(text: str) -> str:
    # Line breaks become spaces; terminal escapes, C1 controls and bidi overrides go.
    return " ".join(_CONTROL.sub(" ", strip_controls(text)).split())


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def brief_file(digest: Digest, number: int) -> str:
    """The file name of a story's full brief: the digest, the time and a slug of the title."""
    title = digest.briefs[number - 1].title
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_title.lower())[:6]) or "story"
    stamp = digest.when.strftime("%Y%m%d-%H%M")
    return f"{digest.config.name}-{stamp}-{number}-{slug}.html"


def stories(digest: Digest) -> list[Story]:
    """Every story in order, with its brief's file name and, when published, its link."""
    base = digest.config.archive.base_url
    out = []
    for n, brief in enumerate(digest.briefs, 1):
        file = brief_file(digest, n)
        out.append(Story(n, brief, file, base + file if base else None))
    return out


@dataclass(frozen=True)
class Parts:
    """The message's two bodies, with how many stories they show in full."""

    text: str
    html: str
    in_full: int


def render_parts(digest: Digest) -> Parts:
    """Both bodies, with as many stories in full (up to the config's) as keep the HTML part
    under HTML_MAX once its CSS is inlined; the rest are listed by title."""
    items = stories(digest)
    in_full = min(digest.config.stories_in_full, len(items))
    while True:
        context = _context(digest, items, in_full)
        html = css_inline.inline(_environment(True).get_template("digest.html.j2").render(context))
        if len(html.encode("utf-8")) <= HTML_MAX or in_full <= 1:
            break
        in_full -= 1
    text = _environment(False).get_template("digest.txt.j2").render(context)
    return Parts(text, html, in_full)


def _environment(html: bool) -> Environment:
    env = environment("briefing.digest", autoescape=html)
    env.filters["source_name"] = source_name
    return env


def source_name(source: str) -> str:
    """A URL as it is; a local file by its name only, not the server's path to it."""
    return source if "://" in source else Path(source).name


def _context(digest: Digest, items: list[Story], in_full: int) -> dict[str, object]:
    return {
        "digest": digest,
        "subject": subject(digest),
        "preheader": preheader(digest),
        "date": f"{digest.when:%A} {digest.when.day} {digest.when:%B %Y}",
        "documents": sum(len(b.sources) for b in digest.briefs),
        "full": items[:in_full],
        "listed": items[in_full:],
    }


def compose(digest: Digest) -> EmailMessage:
    """The message: Date, Message-ID, From, To, Subject, both bodies and, unless the briefs
    are published, each story's full HTML brief attached."""
    config = digest.config
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject(digest)
    message["From"] = config.sender
    message["To"] = ", ".join(config.recipients)
    message["Date"] = format_datetime(digest.when)
    message["Message-ID"] = message_id(config)
    parts = render_parts(digest)
    message.set_content(parts.text)
    message.add_alternative(parts.html, subtype="html")
    if config.archive.base_url is None:
        for story in stories(digest):
            message.add_attachment(render_html(story.brief), subtype="html", filename=story.file)
    return message


def message_id(config: DigestConfig) -> str:
    """A new Message-ID in the sender's domain."""
    return make_msgid(domain=config.sender.rsplit("@", 1)[-1].strip("> "))


def full_briefs(digest: Digest) -> list[tuple[str, str]]:
    """Each story's full brief as (file name, HTML), for publishing under the base URL."""
    return [(s.file, render_html(s.brief)) for s in stories(digest)]
