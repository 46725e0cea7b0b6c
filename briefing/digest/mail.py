"""Delivering the digest email: through SMTP, or as an .eml file written into an outbox folder;
and the preview of a dry run, written beside the outbox."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from briefing.atomic import write_atomic
from briefing.digest.config import Delivery, plaintext_auth_problem
from briefing.errors import BriefingError


class DeliveryError(BriefingError):
    """The message was not accepted; nothing may be marked as sent."""


@dataclass(frozen=True)
class Delivered:
    """Where a message went: 'sent' through SMTP, or 'written to the outbox' as a file."""

    how: str
    where: str


def deliver(message: EmailMessage, delivery: Delivery, recipients: list[str]) -> Delivered:
    """Hand the message over; say where it went. Raises DeliveryError if not accepted."""
    if delivery.smtp_host:
        _send_smtp(message, delivery, recipients)
        return Delivered("sent", f"smtp://{delivery.smtp_host}:{delivery.port}")
    try:
        written = write_outbox(message, delivery.outbox)
    except OSError as e:
        reason = e.strerror or e
        raise DeliveryError(f"cannot write into the outbox {delivery.outbox}: {reason}") from None
    return Delivered("written to the outbox", str(written))


def _send_smtp(message: EmailMessage, delivery: Delivery, recipients: list[str]) -> None:
    where = f"{delivery.smtp_host}:{delivery.port}"
    problem = plaintext_auth_problem(delivery)  # checked again: settings can change after loading
    if problem:
        raise DeliveryError(problem)
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


def preview_folder(delivery: Delivery) -> Path:
    """Where a dry run writes the email: beside the outbox, never in it (a pickup process
    reading the outbox must not send a preview)."""
    return delivery.outbox.with_name(delivery.outbox.name + ".preview")


def write_preview(message: EmailMessage, delivery: Delivery, name: str) -> list[Path]:
    """The whole message (.eml) and its two bodies (.txt, .html), for a person to look at."""
    folder = preview_folder(delivery)
    files = [folder / f"{name}.eml", folder / f"{name}.txt", folder / f"{name}.html"]
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    write_atomic(files[0], message.as_bytes())
    write_atomic(files[1], (plain.get_content() if plain else "").encode("utf-8"))
    write_atomic(files[2], (html.get_content() if html else "").encode("utf-8"))
    return files
