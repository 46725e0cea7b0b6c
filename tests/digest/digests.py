"""Digest configurations and messages the digest tests share."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from briefing.digest.config import DigestConfig, load_config
from briefing.digest.store import Store

from ..servers import SEEDS

CENTRAL_BANK = (
    "The European Central Bank kept its deposit rate at 2% on Thursday, saying inflation was "
    "close to its target. President Christine Lagarde said the bank would watch wage growth "
    "closely before any further cut.\n“We are in a good place,” Lagarde said."
)


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "briefing.toml"
    path.write_text(f'state = "state.sqlite3"\n\n[[digest]]\n{body}', encoding="utf-8")
    return path


def load(path: Path) -> tuple[DigestConfig, Store]:
    config = load_config(path)
    return config.digest[0], Store(config.state, timeout=0.5)


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=default)  # type: ignore[return-value]


def local_digest(tmp_path: Path, extra: str = "") -> Path:
    return write_config(
        tmp_path,
        f"""name = "seeds"
sources = ["{SEEDS}"]
recipients = ["exec@example.com"]
from = "briefing@example.com"
{extra}
[digest.model]
engine = "extractive"
""",
    )
