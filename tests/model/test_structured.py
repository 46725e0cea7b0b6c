"""Structured replies: JSON is read from what the model returns."""

from __future__ import annotations

import pytest

from briefing.model.structured import parse_json


def test_parse_json_tolerates_code_fences() -> None:
    assert parse_json('```json\n{"a": 1}\n```') == {"a": 1}
    with pytest.raises(ValueError):
        parse_json('{"a": ')
