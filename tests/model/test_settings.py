"""Model settings: secrets never reach a message or a URL."""

from __future__ import annotations

from briefing.model.settings import redact, redact_url


def test_secrets_are_redacted_from_messages_and_urls() -> None:
    key = "sk-" + "proj-" + "abcdef1234567890"  # built, so no key-shaped literal is committed
    assert key not in redact(f"Incorrect API key provided: {key}.", key)
    assert "sk-other-zzzzzzzz" not in redact("key sk-other-zzzzzzzz was refused")
    assert "Bearer" not in redact("Authorization: Bearer abc.def")
    assert (
        redact_url("https://user:pw@example.test:8443/v1/?key=1") == "https://example.test:8443/v1"
    )
