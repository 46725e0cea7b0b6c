"""Every test starts with no model endpoint configured and its own cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

MODEL_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFING_MODEL", "OPENAI_ORG_ID")


@pytest.fixture(scope="session", autouse=True)
def _no_model_endpoint_in_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Before any module- or session-scoped fixture runs: a key exported in the shell that
    runs the tests must never reach them (they are offline)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in MODEL_ENV:
            patch.delenv(name, raising=False)
        patch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _no_model_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in MODEL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
