"""The digest email: composed as multipart/alternative (plain text and inlined-CSS HTML) and
delivered through SMTP or written as an .eml file into an outbox folder."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

import css_inline
from jinja2 import Environment

from briefing.atomic import write_atomic
from briefing.digest.config import Delivery, DigestConfig
from briefing.errors import BriefingError
from briefing.render.jinja import environment
from briefing.render.sections import sections
from briefing.schemas import Brief, KeyPoint, SourceError

SUBJECT_MAX = 200
KEY_POINTS = 6
QUOTES = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


class DeliveryError(BriefingError):
    """The message was not accepted; nothing may be marked as sent."""


@dataclass
class Digest:
    """What one run sends: a brief per story, and the sources that failed."""

    config: DigestConfig
    briefs: list[Brief]
    errors: list[SourceError]
    when: datetime


def subject(digest: Digest) -> str:
    """The configured subject with {name}, {date}, {title}, {stories}, {documents} filled in,
    on one line whatever the article titles contain."""
    values = {
        "name": digest.config.name,
        "date": digest.when.date().isoformat(),
        "title": digest.briefs[0].title if digest.briefs else "",
        "stories": str(len(digest.briefs)),
        "documents": str(sum(len(b.sources) for b in digest.briefs)),
    }
    text = digest.config.subject.format_map(_Keep(values))
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= SUBJECT_MAX else text[: SUBJECT_MAX - 1].rstrip() + "…"


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _environment(html: bool) -> Environment:
    env = environment("briefing.digest", autoescape=html)
    env.filters.update(beyond_bottom_line=beyond_bottom_line, source_name=source_name)
    return env


def source_name(source: str) -> str:
    """A URL as it is; a local file by its name only, not the server's path to it."""
    return source if "://" in source else Path(source).name


def beyond_bottom_line(brief: Brief) -> list[KeyPoint]:
    """Key points carried by more than one source, less those the bottom line prints as they
    are (a model's sentence that cites a point restates it; the point still shows)."""
    return sections(brief).multi


def _context(digest: Digest) -> dict[str, object]:
    return {
        "digest": digest,
        "subject": subject(digest),
        "key_points": KEY_POINTS,
        "quotes": QUOTES,
    }


def compose(digest: Digest) -> EmailMessage:
    """The message with both parts, Date, Message-ID, From, To and Subject."""
    config = digest.config
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject(digest)
    message["From"] = config.sender
    message["To"] = ", ".join(config.recipients)
    message["Date"] = format_datetime(digest.when)
    message["Message-ID"] = make_msgid(domain=config.sender.rsplit("@", 1)[-1].strip("> "))
    text = _environment(html=False).get_template("digest.txt.j2").render(**_context(digest))
    html = _environment(html=True).get_template("digest.html.j2").render(**_context(digest))
    message.set_content(text)
    # Mail clients drop <style> blocks; inlined styles survive.
    message.add_alternative(css_inline.inline(html), subtype="html")
    return message


def deliver(message: EmailMessage, delivery: Delivery, recipients: list[str]) -> str:
    """Hand the message over; return where it went. Raises DeliveryError if not accepted."""
    if delivery.smtp_host:
        _send_smtp(message, delivery, recipients)
        return f"smtp://{delivery.smtp_host}:{delivery.port}"
    return str(write_outbox(message, delivery.outbox))


def _send_smtp(message: EmailMessage, delivery: Delivery, recipients: list[str]) -> None:
    where = f"{delivery.smtp_host}:{delivery.port}"
    password = os.environ.get(delivery.password_env) if delivery.smtp_user else None
    if delivery.smtp_user and not password:
        raise DeliveryError(f"SMTP user set but ${delivery.password_env} is empty")
    context = ssl.create_default_context()
    host, port, timeout = delivery.smtp_host or "", delivery.port, delivery.timeout
    try:
        server: smtplib.SMTP
        if delivery.security == "ssl":
            server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server as s:
            if delivery.security == "starttls":
                s.starttls(context=context)
            if delivery.smtp_user and password:
                s.login(delivery.smtp_user, password)
            refused = s.send_message(message, to_addrs=recipients)
    except smtplib.SMTPResponseException as e:
        detail = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else e
        raise DeliveryError(f"{where} refused the message: {e.smtp_code} {detail}") from None
    except smtplib.SMTPRecipientsRefused as e:
        raise DeliveryError(f"{where} refused every recipient: {', '.join(e.recipients)}") from None
    except (OSError, smtplib.SMTPException) as e:
        raise DeliveryError(f"cannot deliver through {where}: {e}") from None
    if refused:
        # At least once for everyone: a partial refusal is a failure, so all get it next time.
        raise DeliveryError(f"{where} refused some recipients: {', '.join(refused)}")


def write_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Write the message as an .eml file, atomically, named after its Message-ID."""
    name = re.sub(r"[^\w.-]", "_", str(message["Message-ID"]).strip("<>")) + ".eml"
    write_atomic(outbox / name, message.as_bytes())
    return outbox / name
