"""The real servers the digest tests talk to: a news site and an SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..servers import NewsSite, SmtpSink


@pytest.fixture
def site() -> Iterator[NewsSite]:
    s = NewsSite()
    yield s
    s.close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    s = SmtpSink()
    yield s
    s.close()
