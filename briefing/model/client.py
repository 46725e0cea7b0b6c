"""Talking to an OpenAI-compatible endpoint: structured replies, retries, a cache, usage.

One `ModelClient` is shared by the threads that read documents. The SDK's own retries are
off so that tenacity's policy is the only one: transient failures (429, 5xx, timeouts,
dropped connections, garbled replies) are retried with backoff inside a deadline, and no wait
(not even one a server asks for) runs past it; anything else fails at once with a `ModelError`
whose one-line message says what to fix. Each attempt's whole reply must arrive within
`timeout` (see transport.py), and `cancel` ends every request in flight.
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
    stop_before_delay,
    wait_exponential_jitter,
)

from briefing.errors import BriefingError, ExitCode
from briefing.model.cache import ResponseCache, cache_key, default_cache_dir, open_cache
from briefing.model.retries import MalformedReply, dropped, is_transient, retry_after
from briefing.model.schema import response_format
from briefing.model.settings import NO_KEY, OPENAI_URL, ModelSettings, redact
from briefing.model.transport import BoundedBackend, bounded_client
from briefing.schemas import Usage

if TYPE_CHECKING:
    import httpx2
    import openai
    from openai.types.chat import ChatCompletion

log = logging.getLogger(__name__)


class ModelError(BriefingError):
    """A failure that retrying will not fix; the message says what to change."""

    exit_code = ExitCode.model


class BadReply(BriefingError):
    """The endpoint kept answering with something that is not a chat completion (a proxy's
    page, JSON cut off); only the request that got it fails."""


class Cancelled(BriefingError):
    """The run was interrupted while the request was waiting or in flight."""


@dataclass
class Tries:
    """How a request's attempts went, for the message that reports them."""

    started: float
    count: int = 0


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
        sleep: Callable[[float], None] | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        import openai  # here, not at the top: a third of a second the offline engine never needs

        self.settings = settings
        self.usage = Usage()
        self._backend = BoundedBackend()
        self._sleep = sleep or self._pause
        self._lock = threading.Lock()
        self._json_schema = settings.json_schema
        self._sdk = openai.OpenAI(
            api_key=settings.api_key or NO_KEY,
            base_url=settings.base_url or OPENAI_URL,
            timeout=settings.timeout,
            max_retries=0,  # tenacity retries; the two would multiply
            http_client=bounded_client(settings.timeout, self._backend),
        )
        if cache is None and settings.use_cache:
            cache = open_cache(settings.cache_dir or default_cache_dir())
        self.cache = cache

    @property
    def cancelled(self) -> bool:
        return self._backend.cancelled.is_set()

    def cancel(self) -> None:
        """End the run's requests: those in flight fail at once, and so does any later one."""
        self._backend.cancel()

    def close(self) -> None:
        """Close the connections and the cache."""
        self._sdk.close()
        if self.cache is not None:
            self.cache.close()

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

        if self.cancelled:
            raise Cancelled("the run was interrupted")
        body = self._body(messages, schema)
        key = cache_key({"endpoint": self.settings.endpoint, **(key_parts or {}), **body})
        if (hit := self._cached(key)) is not None:
            with self._lock:
                self.usage.cache_hits += 1
            return hit
        try:
            reply = self._call(body)
        except openai.BadRequestError as e:
            if not self._json_schema:
                raise ModelError(self._explain(e, Tries(time.monotonic(), 1))) from None
            # Some Ollama, llama.cpp and vLLM builds reject json_schema: fall back once for all.
            log.warning("the endpoint rejected a json_schema request; using json_object instead")
            self._json_schema = False
            return self.complete(messages, schema, key_parts)
        if self.cache is not None and reply.finish_reason == "stop" and not reply.refusal:
            self.cache.put(key, {k: v for k, v in vars(reply).items() if k != "cached"})
        return reply

    def _cached(self, key: str) -> Reply | None:
        hit = self.cache.get(key) if self.cache is not None else None
        try:
            return Reply(**hit, cached=True) if hit is not None else None
        except TypeError:  # a row from another version, or damaged: ask again
            return None

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

        s = self.settings
        tries = Tries(started=time.monotonic())
        retrying = Retrying(
            # Before, not after: a wait (a Retry-After, say) that would end past the deadline
            # is not waited at all.
            stop=stop_after_attempt(s.max_attempts) | stop_before_delay(s.deadline),
            wait=self._wait,
            retry=retry_if_exception(self._retryable),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            completion = retrying(self._attempt, body, tries)
        except openai.BadRequestError:
            raise
        except (openai.APIError, MalformedReply) as e:
            if self.cancelled:
                raise Cancelled("the run was interrupted") from None
            if isinstance(e, MalformedReply):
                raise BadReply(self._explain_reply(e, tries)) from None
            raise ModelError(self._explain(e, tries)) from None
        return self._record(completion)

    def _attempt(self, body: dict[str, Any], tries: Tries) -> ChatCompletion:
        """One try, whose whole reply must arrive within the timeout and the deadline."""
        tries.count += 1
        left = self.settings.deadline - (time.monotonic() - tries.started)
        with self._backend.deadline(min(self.settings.timeout, left)):
            raw = self._sdk.chat.completions.with_raw_response.create(**body)
        return _completion(raw.http_response, raw.parse)

    def _retryable(self, error: BaseException) -> bool:
        return not self.cancelled and is_transient(error)

    def _pause(self, seconds: float) -> None:
        self._backend.cancelled.wait(seconds)  # a cancel ends the wait at once

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
        # attempt_number is the try that just failed, so "retry 1" follows the first.
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

        if isinstance(error, MalformedReply):
            return str(error)
        if isinstance(error, openai.APIStatusError):
            return f"HTTP {error.status_code}"
        if isinstance(error, openai.APITimeoutError):
            return "timed out"
        if isinstance(error, openai.APIConnectionError):
            if dropped(error):
                return "connection dropped"
            cause = error.__cause__
            return f"connection failed: {type(cause).__name__ if cause else 'unknown'}"
        return type(error).__name__

    def _explain_reply(self, error: MalformedReply, tries: Tries) -> str:
        hint = ": check that --base-url is the API (it ends in /v1)" if "HTML" in str(error) else ""
        where, attempts = self.settings.endpoint, _attempts(tries.count)
        return f"{where} answered with {error}, after {attempts}{hint}"

    def _explain(self, error: openai.APIError, tries: Tries) -> str:
        """One line saying what went wrong and what to fix, with no secret in it."""
        msg = self._what_failed(error, _attempts(tries.count))
        status = getattr(error, "status_code", None)
        detail = redact(_server_message(error), self.settings.api_key)
        msg = f"{msg}: {detail}" if detail and status else msg
        return msg + self._waited_too_long(error, tries)

    def _what_failed(self, error: openai.APIError, attempts: str) -> str:
        import openai

        s = self.settings
        where = s.endpoint
        status = getattr(error, "status_code", None)
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
            msg = (
                f"{where} did not finish a reply within {s.timeout:g}s, {attempts} "
                "(raise --timeout / BRIEFING_TIMEOUT for a slow model)"
            )
        elif isinstance(error, openai.APIConnectionError) and dropped(error):
            msg = f"{where} dropped the connection before the reply was complete, after {attempts}"
        elif isinstance(error, openai.APIConnectionError):
            msg = (
                f"cannot reach {where}: check --base-url / OPENAI_BASE_URL and that the "
                "server is running"
            )
        elif status == 429:
            msg = f"{where} kept rate-limiting (429) after {attempts}"
        else:
            msg = f"{where} failed with HTTP {status} after {attempts}"
        return msg

    def _waited_too_long(self, error: openai.APIError, tries: Tries) -> str:
        """Why the retries stopped early, when it was a wait the server asked for."""
        asked = retry_after(error)
        left = self.settings.deadline - (time.monotonic() - tries.started)
        if asked is None or asked < left:
            return ""
        return (
            f"; it asked to wait {asked:g}s (Retry-After), more than the "
            f"{self.settings.deadline:g}s a request may take"
        )


def _completion(response: httpx2.Response, parse: Callable[[], Any]) -> ChatCompletion:
    """The chat completion in a reply, or MalformedReply saying what came instead."""
    try:
        response.json()
    except ValueError:  # not JSON, or JSON cut off: the SDK would raise a bare JSONDecodeError
        raise MalformedReply(_what_came(response)) from None
    completion = parse()  # lenient, like the SDK: a local server's missing fields are fine
    choices = getattr(completion, "choices", None)
    first = choices[0] if isinstance(choices, list) and choices else None
    if not hasattr(getattr(first, "message", None), "content"):
        raise MalformedReply("JSON that is not a chat completion (no choices[0].message)")
    return completion


def _what_came(response: httpx2.Response) -> str:
    """A few words on a 200 reply that is not JSON."""
    kind = response.headers.get("content-type", "no content type").split(";")[0].strip()
    head = response.text.lstrip()[:500].lower()
    if head.startswith("<!doctype html") or "<html" in head:
        return f"an HTML page ({kind}) instead of a chat completion"
    if head.startswith(("{", "[")):
        return f"JSON that is cut off or broken ({kind}, {len(response.content)} bytes)"
    if not head:
        return f"an empty reply ({kind})"
    return f"text that is not JSON ({kind})"


def _attempts(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


def _server_message(error: openai.APIError) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:200]
    text = str(getattr(error, "message", "") or "")
    return " ".join(text.split())[:200]
