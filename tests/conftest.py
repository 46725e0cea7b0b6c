"""Every test starts with no model endpoint configured and its own cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

MODEL_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFING_MODEL", "OPENAI_ORG_ID")


@pytest.fixture(autouse=True)
def _no_model_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in MODEL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
