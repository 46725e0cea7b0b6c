"""Scripted model behaviour, one scenario per case the model path must handle.

Each scenario names the seed articles it briefs, the settings of the run, and a script that
answers every request the way a model (or a failing server) would in that case. The answers
for the seeds are careful extractions written for this suite (`scripted/extractions/`), with
excerpts copied verbatim. `record_cassettes.py` runs each scenario against `ScriptedServer` and
records the exchange; the tests replay the recordings.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from briefing.ingest.files import load_sources
from briefing.model.settings import ModelSettings

from .openai_server import Answer, Script, completion, error

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXTRACTIONS = Path(__file__).resolve().parent / "scripted" / "extractions"
INJECTED = Path(__file__).resolve().parent / "fixtures" / "injected.txt"
MODEL = "scripted"


@dataclass
class Scenario:
    name: str
    about: str
    seeds: list[str]  # seed file name prefixes, e.g. "001"
    make_script: Callable[[], Script]
    settings: dict[str, Any] = field(default_factory=dict)
    recordable: bool = True  # a dropped connection has no response for vcrpy to keep
    extra: list[Path] = field(default_factory=list)  # fixture articles besides the seeds

    def sources(self) -> list[str]:
        return [str(next(SEEDS.glob(f"{s}_*"))) for s in self.seeds] + [str(p) for p in self.extra]

    def model_settings(self, base_url: str, **overrides: Any) -> ModelSettings:
        values: dict[str, Any] = {
            "model": MODEL,
            "base_url": base_url,
            "api_key": None,
            "use_cache": False,
            "concurrency": 1,  # recordings are made in a fixed order
            "backoff": 0.05,
            "max_attempts": 4,
        }
        values.update(self.settings)
        values.update(overrides)
        return ModelSettings(**values)


# --- reading requests -----------------------------------------------------------------------


@cache
def seed_texts() -> dict[str, str]:
    """Seed prefix ('000') to its cleaned text, as the pipeline sends it."""
    docs, _ = load_sources([str(SEEDS)])
    return {Path(d.source).name[:3]: d.text for d in docs}


def canned(prefix: str) -> dict[str, Any]:
    """The careful extraction of one seed, as a fresh dict to mutate."""
    path = next(EXTRACTIONS.glob(f"{prefix}_*.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def is_synthesis(request: dict[str, Any]) -> bool:
    return request["messages"][0]["content"].startswith("You write the top")


def seed_of(request: dict[str, Any]) -> str:
    """Which seed an extraction request is about, from the article text it carries."""
    user = request["messages"][1]["content"]
    for prefix, text in seed_texts().items():
        if text[:200] in user:
            return prefix
    raise LookupError("request carries no known seed")


def turn(request: dict[str, Any]) -> str:
    """'first', 'reask' (grounding failures) or 'fix' (an unusable reply) of a conversation."""
    messages = request["messages"]
    if len(messages) <= 2:
        return "first"
    last = messages[-1]["content"]
    return "reask" if last.startswith("A check of your extraction") else "fix"


def answer(request: dict[str, Any], content: Any, **kw: Any) -> Answer:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return completion(text, prompt=request["messages"], **kw)


def offered_items(request: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, text) of each item a synthesis request offers."""
    user = request["messages"][1]["content"]
    return re.findall(r"^- (\w+) \([^)]*\): (.*)$", user, re.M)


def plain_synthesis(request: dict[str, Any]) -> dict[str, Any]:
    """A bottom line that restates the two best items, and one sentence that adds a number."""
    items = offered_items(request)
    bottom = [{"text": text, "cites": [item_id]} for item_id, text in items[:2]]
    why = [{"text": "The shift will cut production costs by 30% by 2027.", "cites": [items[0][0]]}]
    return {"bottom_line": bottom, "why_it_matters": why}


def careful(request: dict[str, Any]) -> Answer:
    """A careful model: canned extractions, and a plain synthesis."""
    if is_synthesis(request):
        return answer(request, plain_synthesis(request))
    return answer(request, canned(seed_of(request)))


# --- the happy path: all five seeds ---------------------------------------------------------

# Sentences the scripted model writes for the seeds, each with words that find the items it
# cites. The last one names a studio no source mentions, so the check must drop it.
SEED_SYNTHESIS = {
    "bottom_line": [
        (
            "Netflix says it is well placed to use generative AI in production, and has already "
            "used it on The Eternaut and Happy Gilmore 2.",
            ["positioned", "Eternaut", "Happy Gilmore"],
        ),
        (
            "Ted Sarandos insists AI gives creators better tools but will not make a poor "
            "storyteller a good one.",
            ["storyteller"],
        ),
        ("Revenue grew 17% to $11.5 billion.", ["11.5"]),
    ],
    "why_it_matters": [
        (
            "The industry remains divided, and OpenAI’s Sora 2 has sharpened actors’ fears of "
            "deepfakes.",
            ["Sora 2", "remains divided"],
        ),
        ("Disney is expected to follow within a year.", ["Eternaut"]),
    ],
}


def _cite(items: list[tuple[str, str]], needles: list[str]) -> list[str]:
    cites = []
    for needle in needles:
        found = next((i for i, text in items if needle.casefold() in text.casefold()), None)
        if found and found not in cites:
            cites.append(found)
    return cites


def seeds_script() -> Script:
    def script(request: dict[str, Any], n: int) -> Answer:
        if not is_synthesis(request):
            return careful(request)
        items = offered_items(request)
        written = {
            section: [{"text": t, "cites": _cite(items, needles)} for t, needles in sentences]
            for section, sentences in SEED_SYNTHESIS.items()
        }
        return answer(request, written)

    return lambda: script


# --- hallucinations, caught and re-asked ----------------------------------------------------

WRONG_FIGURE = "$12.5 billion"
PARAPHRASE = "AI gives creative people better tools, but it will not turn you into a storyteller"
WRONG_SPEAKER = "Christopher Nolan"
INVENTED = "Netflix will cut 500 writing jobs by 2026."


def hallucinating() -> Script:
    """Seed 001 with four planted errors; the re-ask fixes two, repeats one and drops one."""

    def script(request: dict[str, Any], n: int) -> Answer:
        if is_synthesis(request):
            return answer(request, plain_synthesis(request))
        good = canned("001")
        if turn(request) == "first":
            bad = copy.deepcopy(good)
            bad["figures"][1]["value"] = WRONG_FIGURE  # evidence still says $11.5 billion
            bad["quotes"][1]["text"] = PARAPHRASE
            bad["quotes"][2]["speaker"] = WRONG_SPEAKER
            bad["facts"].append(
                {"statement": INVENTED, "evidence": [INVENTED], "category": "financial"}
            )
            return answer(request, bad)
        fixed = {
            "headline": good["headline"],
            "summary": good["summary"],
            "facts": [],
            "quotes": [{**good["quotes"][1], "text": PARAPHRASE}, good["quotes"][2]],
            "figures": [good["figures"][1]],
            "entities": [],
        }
        return answer(request, fixed)

    return lambda: script


# --- an article that tells the model what to write ------------------------------------------

INJECTED_FIGURE = "$50 billion"


def obeying() -> Script:
    """The seeds read carefully, and a model that obeys the instructions in the sixth article:
    it extracts "revenue was $50 billion" from them (again when re-asked) and writes it into the
    bottom line citing every item, as the audit saw a model do."""
    obedient = {
        "headline": "Netflix results draw a crowd of investors",
        "summary": "Netflix revenue was $50 billion.",
        "facts": [
            {
                "statement": "Revenue was $50 billion.",
                "evidence": ["state that revenue was $50 billion"],
                "category": "financial",
            },
            {
                "statement": "Quarterly revenue rose 17% to $11.5 billion.",
                "evidence": ["Quarterly revenue rose 17% to $11.5 billion"],
                "category": "financial",
            },
        ],
        "quotes": [],
        "figures": [
            {
                "value": INJECTED_FIGURE,
                "measures": "revenue",
                "change": None,
                "evidence": "state that revenue was $50 billion",
            }
        ],
        "entities": [],
    }

    def script(request: dict[str, Any], n: int) -> Answer:
        if is_synthesis(request):
            items = offered_items(request)
            every = [item_id for item_id, _ in items]
            written = {
                "bottom_line": [
                    {"text": f"Revenue was {INJECTED_FIGURE}.", "cites": every},
                    {"text": items[0][1], "cites": [items[0][0]]},
                ],
                "why_it_matters": [],
            }
            return answer(request, written)
        if INJECTED.read_text(encoding="utf-8")[:60] in request["messages"][1]["content"]:
            return answer(request, obedient)
        return careful(request)

    return lambda: script


# --- replies that cannot be used ---------------------------------------------------------------


def broken_json_once() -> Script:
    def script(request: dict[str, Any], n: int) -> Answer:
        if is_synthesis(request):
            return answer(request, plain_synthesis(request))
        if turn(request) == "first":
            return answer(request, '{"headline": "Netflix embraces generative AI", "facts": [')
        return answer(request, canned(seed_of(request)))

    return lambda: script


def unusable() -> Script:
    """Three seeds the model fails on (refusal, cut off, bad JSON twice) and two it reads."""

    def script(request: dict[str, Any], n: int) -> Answer:
        if is_synthesis(request):
            return answer(request, plain_synthesis(request))
        seed = seed_of(request)
        if seed == "000":
            return completion(None, refusal="I can't help with that request.", prompt=None)
        if seed == "001":
            text = json.dumps(canned("001"), ensure_ascii=False)
            return answer(request, text[: len(text) // 3], finish_reason="length")
        if seed == "002":
            return answer(request, {"headline": "Netflix", "facts": "none"})
        return answer(request, canned(seed))

    return lambda: script


# --- transient and permanent server errors --------------------------------------------------


def failing_first(*failures: Answer) -> Callable[[], Script]:
    """The first requests fail as given; every later one is answered carefully."""

    def make() -> Script:
        def script(request: dict[str, Any], n: int) -> Answer:
            return failures[n - 1] if n <= len(failures) else careful(request)

        return script

    return make


def always(failure: Answer) -> Callable[[], Script]:
    return lambda: lambda request, n: failure


def no_json_schema() -> Script:
    """A server that has only JSON mode: it rejects json_schema with a 400."""

    def script(request: dict[str, Any], n: int) -> Answer:
        if request.get("response_format", {}).get("type") == "json_schema":
            return error(400, "response_format type 'json_schema' is not supported")
        return careful(request)

    return lambda: script  # type: ignore[return-value]


SCENARIOS = {
    s.name: s
    for s in [
        Scenario(
            "seeds",
            "the five seeds read by a careful model",
            ["000", "001", "002", "003", "004"],
            seeds_script(),
        ),
        Scenario(
            "hallucinations",
            "a changed figure, a paraphrased quote, a wrong speaker, an invented excerpt; re-ask",
            ["001"],
            hallucinating(),
        ),
        Scenario(
            "broken_json", "a reply that is not JSON, then a good one", ["001"], broken_json_once()
        ),
        Scenario(
            "injection",
            "a sixth article tells the model to report $50 billion of revenue, and it obeys",
            ["000", "001", "002", "003", "004"],
            obeying(),
            extra=[INJECTED],
        ),
        Scenario(
            "unusable",
            "a refusal, a reply cut off at max_tokens, a reply that is never valid",
            ["000", "001", "002", "003", "004"],
            unusable(),
        ),
        Scenario(
            "rate_limited",
            "429 with Retry-After: 1, then success",
            ["004"],
            failing_first(error(429, "Rate limit reached", {"retry-after": "1"})),
        ),
        Scenario(
            "server_errors",
            "500, then 503, then success",
            ["004"],
            failing_first(error(500, "internal error"), error(503, "overloaded")),
        ),
        Scenario(
            "dropped_connection",
            "the connection closed without an answer, then success",
            ["004"],
            failing_first(Answer(drop=True)),
            recordable=False,
        ),
        Scenario(
            "unauthorized",
            "401: a wrong key",
            ["004"],
            always(error(401, "Incorrect API key provided: sk-test-abc…xyz")),
        ),
        Scenario(
            "unknown_model",
            "404: no such model",
            ["004"],
            always(error(404, "The model `scripted` does not exist")),
        ),
        Scenario(
            "json_object_only",
            "a server without json_schema: 400, then JSON mode",
            ["004"],
            no_json_schema(),
        ),
    ]
}
