"""The `check --judge` scenario, shared by the recorder and the replay test: a short answer
whose last two sentences code cannot settle, and a scripted judge on the scripted server.

The judge's answers are scripted (tests/openai_server.py), not a model's: it says "yes" when
most of the sentence's longer words are in the passages it was sent, else "no".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from briefing.check import check_text
from briefing.check.judge import judge_units
from briefing.check.models import CheckReport
from briefing.ingest.files import load_sources
from briefing.model.settings import ModelSettings

from ..openai_server import Answer, Script, completion

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ANSWER = (
    "Netflix's quarterly revenue rose 17% to $11.5 billion. The company sees the technology "
    "as a helpful tool for creative people rather than a replacement. Hollywood is split over "
    "what the technology means for creative work. It is a smart bet that will pay off for "
    "shareholders.\n"
)


def judge_script() -> Script:
    def script(request: dict[str, Any], n: int) -> Answer:
        user = request["messages"][-1]["content"]
        sentence = json.loads(user.split("\n", 2)[1])
        passages = user.split("Passages:", 1)[1].lower()
        long_words = [w for w in re.findall(r"[a-z]{5,}", sentence.lower())]
        share = sum(w in passages for w in long_words) / max(len(long_words), 1)
        verdict = "yes" if share >= 0.6 else "no"
        reason = f"{round(share * 100)}% of the sentence's longer words are in the passages"
        return completion(json.dumps({"entailed": verdict, "reason": reason}))

    return script


def judge_settings(base_url: str) -> ModelSettings:
    return ModelSettings(
        model="scripted-judge", base_url=base_url, api_key=None, use_cache=False, concurrency=1
    )


def judged_report(base_url: str) -> CheckReport:
    """The answer checked against the seeds, the units code cannot settle judged."""
    docs, _ = load_sources([str(SEEDS)])
    return judge_units(check_text(ANSWER, docs, fmt="text"), judge_settings(base_url))
