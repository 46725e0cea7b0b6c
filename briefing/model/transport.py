"""The sockets under the model client: each request has a total deadline, and a run that is
interrupted can cut every request in flight at once.

httpx's timeouts bound each read, so a server that sends a byte a second holds a request for as
long as it likes. Here every connect, read and write is shortened to what is left of the
calling thread's deadline, whichever phase the request is in (connecting, waiting for headers,
reading the body), and `cancel` shuts every open socket so blocked reads return at once.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import httpcore2
import httpx2

log = logging.getLogger(__name__)


class BoundedBackend(httpcore2.NetworkBackend):
    """Connections that give up at the calling thread's deadline, and that `cancel` cuts."""

    def __init__(self, inner: httpcore2.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore2.SyncBackend()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._streams: weakref.WeakSet[_BoundedStream] = weakref.WeakSet()
        self.cancelled = threading.Event()

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Within the block, this thread's network I/O ends `seconds` from now."""
        previous = getattr(self._local, "until", None)
        self._local.until = time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.until = previous

    def cancel(self) -> None:
        """Fail every request in flight now, and every later one at once."""
        with self._lock:
            self.cancelled.set()
            streams = list(self._streams)
        for stream in streams:
            stream.abort()

    def clip(
        self, timeout: float | None, late: type[Exception], cut: type[Exception]
    ) -> float | None:
        """`timeout` shortened to what is left of the deadline; `late` when nothing is left."""
        if self.cancelled.is_set():
            raise cut("the run was interrupted")
        until = getattr(self._local, "until", None)
        if until is None:
            return timeout
        left = until - time.monotonic()
        if left <= 0:
            raise late("the reply took longer than the request's deadline")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.NetworkStream:
        timeout = self.clip(timeout, httpcore2.ConnectTimeout, httpcore2.ConnectError)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return self.track(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.NetworkStream:
        timeout = self.clip(timeout, httpcore2.ConnectTimeout, httpcore2.ConnectError)
        return self.track(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)

    def track(self, stream: httpcore2.NetworkStream) -> _BoundedStream:
        """`stream`, bounded, and known to `cancel`."""
        bounded = _BoundedStream(stream, self)
        with self._lock:
            if self.cancelled.is_set():  # cancelled while this one was connecting
                stream.close()
                raise httpcore2.ConnectError("the run was interrupted")
            self._streams.add(bounded)
        return bounded


class _BoundedStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream, backend: BoundedBackend) -> None:
        self._inner = inner
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        timeout = self._backend.clip(timeout, httpcore2.ReadTimeout, httpcore2.ReadError)
        data = self._inner.read(max_bytes, timeout)
        if not data and self._backend.cancelled.is_set():
            raise httpcore2.ReadError("the run was interrupted")  # not "the server hung up"
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        timeout = self._backend.clip(timeout, httpcore2.WriteTimeout, httpcore2.WriteError)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        timeout = self._backend.clip(timeout, httpcore2.ConnectTimeout, httpcore2.ConnectError)
        return self._backend.track(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def abort(self) -> None:
        """Shut the socket down, which wakes a read blocked on it in another thread (a close
        would not)."""
        sock = self._inner.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with suppress(OSError):  # already closed, or never connected
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # past SSLSocket's own shutdown


def bounded_client(timeout: float, backend: BoundedBackend) -> httpx2.Client:
    """The SDK's usual HTTP client (limits, redirects, proxies from the environment), its
    connections opened through `backend`."""
    import openai

    client = openai.DefaultHttpxClient(timeout=timeout)
    # httpx exposes no network backend setting; its pools take one, and each transport (the
    # direct one and one per proxy) has a pool.
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    pools: list[Any] = [getattr(t, "_pool", None) for t in transports if t is not None]
    if not pools or not all(hasattr(p, "_network_backend") for p in pools):
        log.warning("this httpx2 has no network backend to set: --timeout bounds each read only")
    for pool in pools:
        if hasattr(pool, "_network_backend"):
            pool._network_backend = backend
    return client
