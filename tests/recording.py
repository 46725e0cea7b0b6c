"""vcrpy set-up shared by the recorder and the tests: what is matched, what is scrubbed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import vcr
from vcr.request import Request

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"

# Headers that can carry credentials or account names; never written to a cassette.
SECRET_REQUEST_HEADERS = ["authorization", "api-key", "openai-organization", "openai-project"]
SECRET_RESPONSE_HEADERS = {"set-cookie", "openai-organization", "openai-project"}


def json_body(r1: Request, r2: Request) -> None:
    """Match on the parsed JSON body, so key order and spacing do not matter."""
    a, b = (json.loads(r.body or b"null") for r in (r1, r2))
    assert a == b, "request bodies differ"


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_RESPONSE_HEADERS:
            del headers[name]
    return response


def make_vcr(record_mode: str = "none") -> vcr.VCR:
    """A VCR that replays by method, path and JSON body; headers (x-stainless-*) vary."""
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=["method", "path", "json_body"],
        filter_headers=SECRET_REQUEST_HEADERS,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    recorder.register_matcher("json_body", json_body)
    return recorder
