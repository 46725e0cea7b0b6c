"""Talking to an OpenAI-compatible endpoint: structured replies, retries, a cache, usage.

One `ModelClient` is shared by the threads that read documents. The SDK's own retries are
off so that tenacity's policy is the only one: transient failures (429, 5xx, timeouts,
dropped connections) are retried with backoff inside a deadline; anything else fails at once
with a `ModelError` whose one-line message says what to fix.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from briefing.errors import BriefingError, ExitCode
from briefing.model.cache import ResponseCache, cache_key, default_cache_dir
from briefing.model.retries import is_transient, retry_after
from briefing.model.schema import response_format
from briefing.model.settings import NO_KEY, OPENAI_URL, ModelSettings, redact
from briefing.schemas import Usage

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)


class ModelError(BriefingError):
    """A failure that retrying will not fix; the message says what to change."""

    exit_code = ExitCode.model


@dataclass
class Reply:
    """One model reply: its text (or refusal), why it stopped, and whether it came from cache."""

    content: str | None
    refusal: str | None
    finish_reason: str
    cached: bool = False


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

    def complete(
        self,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        key_parts: Mapping[str, str] | None = None,
    ) -> Reply:
        """Ask for a reply shaped by `schema`; served from the cache when asked before.

        `key_parts` is what else shapes the reply (the prompt version): it joins the cache key.
        """
        import openai

        body = self._body(messages, schema)
        key = cache_key({"endpoint": self.settings.endpoint, **(key_parts or {}), **body})
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
            return self.complete(messages, schema, key_parts)
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


def _server_message(error: openai.APIError) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:200]
    text = str(getattr(error, "message", "") or "")
    return " ".join(text.split())[:200]
