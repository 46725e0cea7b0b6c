"""Asking for a reply shaped by a Pydantic model, and turning the reply into that model.

Both engines' model calls go through `ask`: a refusal, a reply cut off or filtered, JSON
that does not fit the schema, and an endpoint that kept sending something other than a chat
completion are one `UnusableReply`, with one re-ask for broken JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefing.errors import BriefingError
from briefing.model.client import BadReply, ModelClient, Reply

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]
MAX_PROBLEMS = 5  # schema errors named in a re-ask; more would bury the first ones
REFUSAL_CHARS = 160


class Problem(StrEnum):
    refused = "refused"
    cut_off = "cut_off"
    filtered = "filtered"
    invalid = "invalid"
    garbled = "garbled"  # the endpoint's answer was no chat completion, even when retried


class UnusableReply(BriefingError):
    """The model's reply cannot be used; `problem` says why, the message in words."""

    def __init__(self, problem: Problem, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.problem = problem
        self.detail = detail  # what the model said when it refused


def ask(
    client: ModelClient,
    messages: list[Message],
    schema: type[T],
    *,
    fix: Callable[[str], Message] | None = None,
    on_fix: Callable[[str], None] | None = None,
    key_parts: Mapping[str, str] | None = None,
) -> tuple[T, str]:
    """The reply parsed into `schema`, and its text. With `fix`, a reply that is not valid JSON
    for the schema is answered once with `fix(error)` and asked again."""
    error = content = ""
    for attempt in range(2 if fix else 1):
        if attempt and fix:
            if on_fix:
                on_fix(error)
            messages = [*messages, {"role": "assistant", "content": content}, fix(error)]
            client.count_reask()
        reply = _complete(client, messages, schema, key_parts)
        check_finished(reply, client.settings.max_tokens)
        content = reply.content or ""
        try:
            return parse_reply(content, schema), content
        except ValueError as e:
            error = str(e)
    twice = " twice" if fix else ""
    raise UnusableReply(Problem.invalid, f"the model's reply was unusable{twice} ({error})")


def _complete(
    client: ModelClient,
    messages: list[Message],
    schema: type[BaseModel],
    key_parts: Mapping[str, str] | None,
) -> Reply:
    try:
        return client.complete(messages, schema, key_parts)
    except BadReply as e:  # the client already retried it: a re-ask would not help
        raise UnusableReply(Problem.garbled, str(e)) from None


def check_finished(reply: Reply, max_tokens: int) -> None:
    """Raise UnusableReply when the model refused, or its reply was cut off or filtered."""
    if reply.refusal:
        refusal = " ".join(reply.refusal.split())[:REFUSAL_CHARS]
        raise UnusableReply(Problem.refused, f"the model refused: {refusal}", refusal)
    if reply.finish_reason == "length":
        message = f"the model's reply was cut off at {max_tokens} tokens (finish_reason=length)"
        raise UnusableReply(Problem.cut_off, message)
    if reply.finish_reason == "content_filter":
        raise UnusableReply(Problem.filtered, "the endpoint's content filter stopped the reply")


def parse_reply(content: str, schema: type[T]) -> T:
    """JSON text to the schema's model, or ValueError with a short reason a model can act on."""
    try:
        data = parse_json(content)
    except ValueError as e:
        raise ValueError(f"not valid JSON: {e}") from None
    try:
        return schema.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'reply'}: {err['msg']}"
            for err in e.errors()[:MAX_PROBLEMS]
        )
        raise ValueError(f"does not fit the schema: {problems}") from None


def parse_json(content: str) -> Any:
    """Parse a reply as JSON, tolerating the code fences some local models add."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return json.loads(text)
