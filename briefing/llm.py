"""Talking to an OpenAI-compatible endpoint: structured replies, retries, a cache, usage.

One `ModelClient` is shared by the threads that read documents. The SDK's own retries are
off so that tenacity's policy is the only one: transient failures (429, 5xx, timeouts,
dropped connections) are retried with backoff inside a deadline; anything else fails at once
with a `ModelError` whose one-line message says what to fix.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from briefing.cache import ResponseCache, cache_key, default_cache_dir
from briefing.prompting import prompt_version, response_format
from briefing.schemas import Usage

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
OPENAI_URL = "https://api.openai.com/v1"
# Local servers (llama.cpp, Ollama, vLLM) want no key, but the SDK insists on one.
NO_KEY = "no-key"
_SECRET = re.compile(r"\b(sk-[A-Za-z0-9_*.-]{6,}|Bearer\s+\S+)")


@dataclass(frozen=True)
class ModelSettings:
    """Where the model is and how to talk to it. `api_key` never appears in repr or logs."""

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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> ModelSettings:
        """Settings from OPENAI_API_KEY, OPENAI_BASE_URL and BRIEFING_MODEL, then overrides."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {
            "api_key": env.get("OPENAI_API_KEY") or None,
            "base_url": env.get("OPENAI_BASE_URL") or None,
            "model": env.get("BRIEFING_MODEL") or DEFAULT_MODEL,
        }
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


class ModelError(Exception):
    """A failure that retrying will not fix; the message says what to change."""


@dataclass
class Reply:
    """One model reply: its text (or refusal), why it stopped, and whether it came from cache."""

    content: str | None
    refusal: str | None
    finish_reason: str
    cached: bool = False


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


class ModelClient:
    """Structured chat completions with a strict schema, retries, a response cache and usage."""

    def __init__(
        self,
        settings: ModelSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        cache: ResponseCache | None = None,
    ) -> None:
        import openai  # here, not at the top: a third of a second the offline engine never needs

        self.settings = settings
        self.usage = Usage()
        self._sleep = sleep
        self._lock = threading.Lock()
        self._json_schema = settings.json_schema
        self._sdk = openai.OpenAI(
            api_key=settings.api_key or NO_KEY,
            base_url=settings.base_url or OPENAI_URL,
            timeout=settings.timeout,
            max_retries=0,  # tenacity retries; the two would multiply
        )
        if cache is None and settings.use_cache:
            cache = ResponseCache(settings.cache_dir or default_cache_dir())
        self.cache = cache

    def complete(self, messages: list[dict[str, str]], schema: type[BaseModel]) -> Reply:
        """Ask for a reply shaped by `schema`; served from the cache when asked before."""
        import openai

        body = self._body(messages, schema)
        key = cache_key({"endpoint": self.settings.endpoint, "prompts": prompt_version(), **body})
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            with self._lock:
                self.usage.cache_hits += 1
            return Reply(**hit, cached=True)
        try:
            reply = self._call(body)
        except openai.BadRequestError as e:
            if not self._json_schema:
                raise ModelError(self._explain(e)) from None
            # Some Ollama, llama.cpp and vLLM builds reject json_schema: fall back once for all.
            log.warning("the endpoint rejected a json_schema request; using json_object instead")
            self._json_schema = False
            return self.complete(messages, schema)
        if self.cache is not None and reply.finish_reason == "stop" and not reply.refusal:
            self.cache.put(key, {k: v for k, v in vars(reply).items() if k != "cached"})
        return reply

    def count_reask(self) -> None:
        with self._lock:
            self.usage.reasks += 1

    def count_fixed(self, n: int) -> None:
        with self._lock:
            self.usage.reask_fixed += n

    def _body(self, messages: list[dict[str, str]], schema: type[BaseModel]) -> dict[str, Any]:
        return {
            "model": self.settings.model,
            "messages": messages,
            "response_format": response_format(schema, json_schema=self._json_schema),
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
        }

    def _call(self, body: dict[str, Any]) -> Reply:
        import openai

        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_attempts)
            | stop_after_delay(self.settings.deadline),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            completion = retrying(self._sdk.chat.completions.create, **body)
        except openai.BadRequestError:
            raise
        except openai.APIError as e:
            raise ModelError(self._explain(e)) from None
        return self._record(completion)

    def _record(self, completion: Any) -> Reply:
        choice = completion.choices[0]
        usage = completion.usage
        with self._lock:
            self.usage.calls += 1
            if usage is not None:
                self.usage.prompt_tokens += usage.prompt_tokens or 0
                self.usage.completion_tokens += usage.completion_tokens or 0
                details = getattr(usage, "prompt_tokens_details", None)
                self.usage.cached_prompt_tokens += getattr(details, "cached_tokens", 0) or 0
        return Reply(
            content=choice.message.content,
            refusal=getattr(choice.message, "refusal", None),
            finish_reason=choice.finish_reason or "stop",
        )

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_exponential_jitter(
            multiplier=self.settings.backoff, max=60, jitter=self.settings.backoff
        )(state)
        error = state.outcome.exception() if state.outcome else None
        asked = retry_after(error) if error else None
        return backoff if asked is None else max(asked, 0.0)

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0
        log.warning(
            "model call failed (%s); retry %d of %d in %.1fs",
            self._short(error),
            state.attempt_number,
            self.settings.max_attempts - 1,
            wait,
        )

    def _short(self, error: BaseException | None) -> str:
        import openai

        if isinstance(error, openai.APIStatusError):
            return f"HTTP {error.status_code}"
        if isinstance(error, openai.APITimeoutError):
            return "timed out"
        if isinstance(error, openai.APIConnectionError):
            cause = error.__cause__
            return f"connection failed: {type(cause).__name__ if cause else 'unknown'}"
        return type(error).__name__

    def _explain(self, error: openai.APIError) -> str:
        """One line saying what went wrong and what to fix, with no secret in it."""
        import openai

        s = self.settings
        where = s.endpoint
        status = getattr(error, "status_code", None)
        detail = redact(_server_message(error), s.api_key)
        if status == 401:
            msg = f"{where} refused the API key (401): check OPENAI_API_KEY"
        elif status == 403:
            msg = f"{where} denied access (403) to model {s.model!r}: check the key's permissions"
        elif status == 404:
            msg = (
                f"{where} has no model {s.model!r} or no chat completions endpoint (404): "
                "check --model / BRIEFING_MODEL, and that --base-url ends in /v1"
            )
        elif status == 400:
            msg = f"{where} rejected the request (400)"
        elif isinstance(error, openai.APITimeoutError):
            msg = f"{where} did not answer within {s.timeout:g}s, {s.max_attempts} attempts"
        elif isinstance(error, openai.APIConnectionError):
            msg = (
                f"cannot reach {where}: check --base-url / OPENAI_BASE_URL and that the "
                "server is running"
            )
        elif status == 429:
            msg = f"{where} kept rate-limiting (429) after {s.max_attempts} attempts"
        else:
            msg = f"{where} failed with HTTP {status} after {s.max_attempts} attempts"
        return f"{msg}: {detail}" if detail and status else msg


def is_transient(error: BaseException) -> bool:
    """Worth another try: rate limits, server errors, timeouts and dropped connections.

    A connection that is refused or a host that does not resolve is a wrong base URL or a
    server that is not running: retrying only delays the message that says so.
    """
    import openai

    if isinstance(error, openai.APIStatusError):
        return error.status_code in (408, 409, 429) or error.status_code >= 500
    if isinstance(error, openai.APITimeoutError):
        return True
    if isinstance(error, openai.APIConnectionError):
        return not _refused(error)
    return False


def _refused(error: BaseException) -> bool:
    """The connection was never made: refused, or the name did not resolve."""
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, (ConnectionRefusedError, socket.gaierror)):
            return True
        if type(cause).__name__ == "ConnectError":  # httpx2's, whatever its module path
            text = str(cause).lower()
            return "refused" in text or "name or service" in text or "nodename" in text
        cause = cause.__cause__ or cause.__context__
    return False


def retry_after(error: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After, or OpenAI's retry-after-ms)."""
    response = getattr(error, "response", None)
    if response is None:
        return None
    headers = response.headers
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def _server_message(error: openai.APIError) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:200]
    text = str(getattr(error, "message", "") or "")
    return " ".join(text.split())[:200]


def parse_json(content: str) -> Any:
    """Parse a reply as JSON, tolerating the code fences some local models add."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return json.loads(text)
