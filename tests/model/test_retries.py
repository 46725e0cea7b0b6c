"""Retry rules: which errors are transient, and how long the server asks us to wait."""

from __future__ import annotations

import httpx2
import openai
import pytest

from briefing.model.retries import is_transient, retry_after


def _status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    cls = {429: openai.RateLimitError, 500: openai.InternalServerError}.get(
        status, openai.APIStatusError
    )
    return cls("error", response=response, body=None)


@pytest.mark.parametrize(("status", "transient"), [(429, True), (500, True), (503, True),
                                                   (400, False), (401, False), (403, False),
                                                   (404, False)])  # fmt: skip
def test_which_statuses_are_retried(status: int, transient: bool) -> None:
    assert is_transient(_status_error(status)) is transient


def test_dropped_connections_and_timeouts_are_retried() -> None:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    assert is_transient(openai.APIConnectionError(request=request))
    assert is_transient(openai.APITimeoutError(request=request))
    assert not is_transient(ValueError("a bug is not retried"))


def test_retry_after_in_seconds_milliseconds_or_a_date() -> None:
    assert retry_after(_status_error(429, {"retry-after": "7"})) == 7
    assert retry_after(_status_error(429, {"retry-after-ms": "1500"})) == 1.5
    dated = retry_after(_status_error(429, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    assert dated == 0.0  # a date in the past: no wait
    assert retry_after(_status_error(429)) is None
