"""Where the model is and how to talk to it, from the environment and the command line."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from briefing.errors import UsageError

DEFAULT_MODEL = "gpt-4o-mini"
OPENAI_URL = "https://api.openai.com/v1"
# Local servers (llama.cpp, Ollama, vLLM) want no key, but the SDK insists on one.
NO_KEY = "no-key"
TIMEOUT_ENV = "BRIEFING_TIMEOUT"
log = logging.getLogger(__name__)
_SECRET = re.compile(r"\b(sk-[A-Za-z0-9_*.-]{6,}|Bearer\s+\S+)")


@dataclass(frozen=True)
class ModelSettings:
    """Where the model is and how to talk to it. `api_key` never appears in repr or logs.

    `timeout` bounds one attempt from connecting to the reply's last byte; `deadline` bounds a
    request's attempts and the waits between them.
    """

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    json_schema: bool = True
    temperature: float = 0.0
    max_tokens: int = 4096
    timeout: float = 120.0
    max_attempts: int = 5
    deadline: float = 300.0
    backoff: float = 1.0
    concurrency: int = 4
    cache_dir: Path | None = None
    use_cache: bool = True
    split_chars: int = 12_000
    max_reasks: int = 1

    def __post_init__(self) -> None:
        for name in ("timeout", "deadline"):
            if not (seconds := getattr(self, name)) > 0:  # `not >` also catches NaN
                raise UsageError(f"the model {name} must be over 0 seconds, not {seconds}")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> ModelSettings:
        """Settings from OPENAI_API_KEY, OPENAI_BASE_URL, BRIEFING_MODEL and BRIEFING_TIMEOUT,
        then overrides."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {
            "api_key": env.get("OPENAI_API_KEY") or None,
            "base_url": env.get("OPENAI_BASE_URL") or None,
            "model": env.get("BRIEFING_MODEL") or DEFAULT_MODEL,
        }
        if (seconds := _seconds(env.get(TIMEOUT_ENV))) is not None:
            values["timeout"] = seconds
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def configured(self) -> bool:
        """A key or a base URL was given, so there is an endpoint to talk to."""
        return bool(self.api_key or self.base_url)

    @property
    def endpoint(self) -> str:
        """The base URL for messages and cache keys, without credentials or query."""
        return redact_url(self.base_url or OPENAI_URL)


def _seconds(text: str | None) -> float | None:
    """A positive number of seconds from the environment; a bad one is said and ignored, as the
    command line reads the environment before it can report errors."""
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if seconds > 0:
        return seconds
    log.warning("%s=%r is not a number of seconds over 0; ignored", TIMEOUT_ENV, text)
    return None


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def redact(text: str, secret: str | None = None) -> str:
    """Remove the API key, and anything shaped like one, from a message."""
    if secret and secret != NO_KEY:
        text = text.replace(secret, "***")
    return _SECRET.sub("***", text)
