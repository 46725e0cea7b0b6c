"""Which failures are worth another try, what a failed connection was, and how long the
server asked us to wait."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime


class MalformedReply(Exception):
    """The endpoint answered 200 with something that is not a chat completion: a page from a
    proxy, JSON cut off, HTML labelled as JSON. Often a passing fault, so it is retried."""


def is_transient(error: BaseException) -> bool:
    """Worth another try: rate limits, server errors, timeouts, dropped connections and
    garbled replies.

    A connection that is refused or a host that does not resolve is a wrong base URL or a
    server that is not running: retrying only delays the message that says so.
    """
    import openai

    if isinstance(error, MalformedReply):
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in (408, 409, 429) or error.status_code >= 500
    if isinstance(error, openai.APITimeoutError):
        return True
    if isinstance(error, openai.APIConnectionError):
        return not _refused(error)
    return False


def dropped(error: BaseException) -> bool:
    """The connection was made, then closed before the reply was complete (by the server, or a
    proxy in between): not a server that cannot be reached."""
    return any(
        type(cause).__name__ in _DROPPED or isinstance(cause, ConnectionResetError)
        for cause in _causes(error)
    )


# httpx2's and httpcore2's names, whatever their module paths: the peer closed the connection
# mid-message, or a read on an open connection failed.
_DROPPED = frozenset({"RemoteProtocolError", "ReadError"})


def _refused(error: BaseException) -> bool:
    """The connection was never made: refused, or the name did not resolve."""
    for cause in _causes(error):
        if isinstance(cause, (ConnectionRefusedError, socket.gaierror)):
            return True
        if type(cause).__name__ == "ConnectError":  # httpx2's, whatever its module path
            text = str(cause).lower()
            return "refused" in text or "name or service" in text or "nodename" in text
    return False


def _causes(error: BaseException) -> Iterator[BaseException]:
    cause = error.__cause__
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:  # a cycle would loop for ever
        seen.add(id(cause))
        yield cause
        cause = cause.__cause__ or cause.__context__


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
