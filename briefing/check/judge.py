"""`briefing check --judge`: a model asked about the units code cannot settle. Its answer is
kept beside the unit as the model's judgement; the verdict stays what code found."""

from __future__ import annotations

import logging

from briefing.check.models import CheckReport, Judgement, Unit, UnitVerdict
from briefing.check.report import clip
from briefing.extract.messages import fix_json_message, judge_messages, prompt_version
from briefing.model.client import ModelClient
from briefing.model.settings import ModelSettings
from briefing.model.structured import UnusableReply, ask
from briefing.schemas import Entailment

log = logging.getLogger(__name__)
PASSAGES = 3  # the unit's best passages the model reads
PASSAGE_CHARS = 1200


def needs_judging(unit: Unit) -> bool:
    """Code could not tell (nothing to verify, or nothing wrong but no passage states it), and
    some passage comes close enough to judge it against."""
    if not (unit.evidence or unit.nearest) or any(p.wrong for p in unit.problems):
        return False
    return unit.verdict in (UnitVerdict.uncheckable, UnitVerdict.unsupported)


def judge_units(
    report: CheckReport, settings: ModelSettings, client: ModelClient | None = None
) -> CheckReport:
    """The report with a model's judgement on each unit code could not settle."""
    own = client is None
    client = client or ModelClient(settings)
    try:
        units = [_judged(u, client) if needs_judging(u) else u for u in report.units]
    finally:
        if own:
            client.close()
    return report.model_copy(update={"units": units})


def _judged(unit: Unit, client: ModelClient) -> Unit:
    passages = [
        {"label": e.label, "text": clip(e.text, PASSAGE_CHARS)}
        for e in (unit.evidence or unit.nearest)[:PASSAGES]
    ]
    messages = judge_messages(unit.text, passages)
    try:
        answer, _ = ask(
            client,
            messages,
            Entailment,
            fix=fix_json_message,
            key_parts={"prompt": prompt_version()},
        )
    except UnusableReply as e:
        log.warning("warning: unit %d not judged: %s", unit.index + 1, e)
        return unit
    judgement = Judgement(
        model=client.settings.model, entailed=answer.entailed, reason=answer.reason
    )
    return unit.model_copy(update={"judgement": judgement})
