"""Real servers on 127.0.0.1 for the digest tests: a news site with an RSS feed, and SMTP."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from briefing.ingest.files import document_from_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_page(title: str, text: str, outlet: str) -> bytes:
    """An article as a news site would serve it: navigation, the article, a footer."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta property='og:site_name' content='{html.escape(outlet)}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}</article>"
        f"<footer>© {html.escape(outlet)}</footer></body></html>"
    ).encode()


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0


@dataclass
class NewsSite:
    """Pages and an RSS feed at /feed.xml, with ETag / If-None-Match (304) on the feed."""

    pages: dict[str, Page] = field(default_factory=dict)
    feed_items: list[tuple[str, str]] = field(default_factory=list)  # (path, title)
    requests: list[tuple[str, dict[str, str], int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def add_seed_articles(self) -> list[str]:
        """Each seed article as a page, listed in the feed; return their URLs."""
        urls = []
        for n, path in enumerate(sorted(SEEDS.glob("*.txt")), 1):
            doc = document_from_text(path.read_text(encoding="utf-8"), path.name, n)
            title = doc.title or f"Article {n}"
            urls.append(self.add_article(f"/news/{path.stem}.html", title, doc.text, f"Outlet {n}"))
        return urls

    def add_article(self, path: str, title: str, text: str, outlet: str) -> str:
        self.pages[path] = Page(article_page(title, text, outlet))
        self.feed_items.append((path, title))
        return self.url + path

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(t)}</title><link>{self.url}{p}</link>"
            f"<guid>{self.url}{p}</guid>"
            f"<pubDate>{format_datetime(datetime(2026, 11, 20, 7, n, tzinfo=UTC))}</pubDate></item>"
            for n, (p, t) in enumerate(self.feed_items)
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Test news</title><link>{self.url}/</link><description>t</description>"
            f"{items}</channel></rss>"
        ).encode()

    def feed_requests(self) -> list[tuple[dict[str, str], int]]:
        return [(h, status) for path, h, status in self.requests if path == "/feed.xml"]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                if self.path == "/feed.xml":
                    body = site.feed()
                    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                    if headers.get("if-none-match") == etag:
                        self._send(304, b"", {"etag": etag}, headers)
                        return
                    self._send(
                        200, body, {"content-type": "application/rss+xml", "etag": etag}, headers
                    )
                    return
                if self.path.startswith("/redirect/"):
                    n = int(self.path.rsplit("/", 1)[1])
                    self._send(302, b"", {"location": f"/redirect/{n + 1}"}, headers)
                    return
                page = site.pages.get(self.path)
                if page is None:
                    self._send(404, b"not found", {"content-type": "text/plain"}, headers)
                    return
                time.sleep(page.delay)
                self._send(200, page.body, {"content-type": page.content_type}, headers)

            def _send(
                self, status: int, body: bytes, extra: dict[str, str], asked: dict[str, str]
            ) -> None:
                site.requests.append((self.path, asked, status))
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up (a timeout test)
                    self.wfile.write(body)

        return Handler


class Trickle:
    """An HTTP server that answers a byte every `interval` seconds: the headers at once (or
    trickled too, with `headers_too`), then a body it never finishes, for 30 s at most."""

    def __init__(self, interval: float = 0.5, *, headers_too: bool = False) -> None:
        self.interval = interval
        self.headers_too = headers_too
        self.stop = threading.Event()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}/slow.html"

    def close(self) -> None:
        self.stop.set()
        self._socket.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except OSError:  # the accept timed out, or the server closed
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n"
        body = b"<html><body><p>" + b"word " * 20_000
        deadline = time.monotonic() + 30
        with conn, contextlib.suppress(OSError):  # the client gave up: that is the point
            conn.recv(65536)
            if not self.headers_too:
                conn.sendall(head)
                head = b""
            for byte in head + body:
                if self.stop.is_set() or time.monotonic() > deadline:
                    return
                conn.sendall(bytes([byte]))
                time.sleep(self.interval)


class SmtpSink:
    """An SMTP server (aiosmtpd) that accepts, refuses or holds messages as a test asks.

    `reply` "drop" closes the connection after DATA without answering. With `users`, it
    offers AUTH over the plain connection and notes who logged in.
    """

    def __init__(self, users: dict[str, str] | None = None) -> None:
        self.messages: list[bytes] = []
        self.envelopes: list[Any] = []
        self.reply = "250 OK"
        self.on_data: Any = None  # called with the message before answering
        self.hold = threading.Event()
        self.hold.set()
        self.arrived = threading.Event()  # a message's DATA has come in (held or not)
        self.users = users
        self.logins: list[str] = []
        self.port = free_port()
        auth: dict[str, Any] = {}
        if users is not None:
            auth = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **auth)
        self._controller.start()

    def close(self) -> None:
        self.hold.set()
        self._controller.stop()

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        user, password = data.login.decode(), data.password.decode()
        ok = self.users is not None and self.users.get(user) == password
        if ok:
            self.logins.append(user)
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.hold.wait)
        if self.reply == "drop":
            server.transport.close()
            return "421 closing"  # never reaches the client: the connection is gone
        if not self.reply.startswith("250"):
            return self.reply
        self.messages.append(envelope.content)
        self.envelopes.append(envelope)
        if self.on_data is not None:
            self.on_data(envelope.content)
        return self.reply
