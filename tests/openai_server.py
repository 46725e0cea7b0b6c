"""A scripted OpenAI-compatible server: a real HTTP server on 127.0.0.1 whose answers are written
per scenario (see `scenarios.py`). It records what it was asked, can wait before answering, and
can misbehave the way real servers and proxies do: drop a connection before or in the middle of
a reply, drip a reply a byte at a time, or never answer at all.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    """What the server does with one request."""

    body: dict[str, Any] | str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without a response
    content_type: str = "application/json"
    cut: int | None = None  # send only this many bytes of the body (of a full length), then close
    drip: float = 0.0  # seconds between the body's bytes
    hang: bool = False  # read the request, then answer nothing until the server stops


Script = Callable[[dict[str, Any], int], Answer]


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    model: str = "scripted",
    prompt: list[dict[str, str]] | None = None,
) -> Answer:
    """A chat completion as the OpenAI API returns it; token counts are estimates (chars / 4)."""
    prompt_tokens = sum(len(m["content"]) for m in prompt or []) // 4
    completion_tokens = len(content or refusal or "") // 4
    body = {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0},
        },
    }
    return Answer(body=body)


def hang() -> Answer:
    """A server that takes the request and never answers (until it is stopped)."""
    return Answer(hang=True)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Answer:
    """An error in the OpenAI API's shape."""
    kind = "rate_limit_error" if status == 429 else "invalid_request_error"
    body = {"error": {"message": message, "type": kind, "code": None}}
    return Answer(body=body, status=status, headers=headers or {})


class ScriptedServer:
    """`with ScriptedServer(script) as server:` serves `server.base_url` until the block ends."""

    def __init__(self, script: Script, delay: float = 0.0) -> None:
        self.script = script
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.stopping = threading.Event()  # ends hanging and dripping answers
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.requests)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, request: dict[str, Any]) -> Answer:
        with self._lock:
            self.requests.append(request)
            n = len(self.requests)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self.script(request, n)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    self._send(error(404, f"no route {self.path}"))
                    return
                answer = server._answer(request)
                if answer.hang:
                    server.stopping.wait(60)  # bounded, so a forgotten server cannot hold pytest
                if answer.drop or answer.hang:
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(answer)

            def _send(self, answer: Answer) -> None:
                body = answer.body
                data = (body if isinstance(body, str) else json.dumps(body)).encode()
                self.send_response(answer.status)
                self.send_header("content-type", answer.content_type)
                self.send_header("content-length", str(len(data)))
                for k, v in answer.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if answer.cut is not None:
                    self.wfile.write(data[: answer.cut])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if not answer.drip:
                    self.wfile.write(data)
                    return
                self._drip(data, answer.drip)

            def _drip(self, data: bytes, every: float) -> None:
                for i in range(len(data)):
                    if server.stopping.wait(every):
                        return
                    try:
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                    except OSError:  # the client gave up, as it should
                        return

        return Handler
