"""Re-record the cassettes the tests replay.

    python -m tests.record_cassettes
        every scripted scenario, against the scripted server started here
    python -m tests.record_cassettes --base-url URL --model NAME --label NAME
        the five seeds against a real endpoint (OPENAI_API_KEY is read from the environment)

Recording talks to the endpoint for real; the tests then replay with record_mode="none".
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

from briefing.model.client import ModelError
from briefing.model.settings import ModelSettings
from briefing.pipeline import NoUsableSources, build_brief

from .openai_server import ScriptedServer
from .recording import CASSETTES, make_vcr
from .scenarios import SCENARIOS, Scenario

SEEDS = [str(p) for p in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))]


def _run(sources: list[str], settings: ModelSettings) -> str:
    try:
        brief = build_brief(sources, engine="llm", settings=settings)
    except (NoUsableSources, ModelError) as e:
        return f"failed as scripted: {e}"
    v = brief.validation
    return (
        f"{sum(v.kept.values())} kept, {sum(v.dropped.values())} dropped, {brief.usage.calls} calls"
    )


def record_scripted(names: list[str]) -> None:
    for name in names:
        scenario: Scenario = SCENARIOS[name]
        if not scenario.recordable:
            print(f"{name}: not recordable (tested live only)")
            continue
        path = CASSETTES / "scripted" / f"{name}.yaml"
        path.unlink(missing_ok=True)
        with ScriptedServer(scenario.make_script()) as server:
            settings = scenario.model_settings(server.base_url)
            with make_vcr("all").use_cassette(str(path.relative_to(CASSETTES))):
                outcome = _run(scenario.sources(), settings)
        print(f"{name}: {server.calls} requests; {outcome}")


def record_judge() -> None:
    """`briefing check --judge` against the scripted judge (tests/check/judging.py)."""
    from .check.judging import judge_script, judged_report

    path = CASSETTES / "scripted" / "check_judge.yaml"
    path.unlink(missing_ok=True)
    cassette = make_vcr("all").use_cassette(str(path.relative_to(CASSETTES)))
    with ScriptedServer(judge_script()) as server, cassette:
        report = judged_report(server.base_url)
    judged = sum(u.judgement is not None for u in report.units)
    print(f"check_judge: {server.calls} requests; {judged} units judged")


def record_endpoint(args: argparse.Namespace) -> None:
    folder = CASSETTES / args.label
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "seeds.yaml"
    path.unlink(missing_ok=True)
    settings = ModelSettings.from_env(
        model=args.model,
        base_url=args.base_url,
        json_schema=not args.json_object,
        max_tokens=args.max_tokens,
        use_cache=False,
        concurrency=1,
    )
    with make_vcr("all").use_cassette(str(path.relative_to(CASSETTES))):
        outcome = _run(SEEDS, settings)
    meta = {
        "recorded_against": args.about or f"{settings.endpoint}, model {args.model}",
        "recorded_on": datetime.now(UTC).date().isoformat(),
        "model": args.model,
        "json_schema": settings.json_schema,
        "max_tokens": settings.max_tokens,
        "outcome": outcome,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"{args.label}: {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help="scripted scenarios (default: all)")
    parser.add_argument("--base-url", help="record the seeds against this endpoint instead")
    parser.add_argument("--model", help="model name at that endpoint")
    parser.add_argument("--label", help="cassette folder name, e.g. openai or llama-server")
    parser.add_argument("--about", help="what the endpoint is, for the cassette's meta.json")
    parser.add_argument("--json-object", action="store_true")
    parser.add_argument("--max-tokens", type=int, default=4096)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="briefing: %(message)s")
    if args.base_url:
        if not (args.model and args.label):
            sys.exit("--base-url needs --model and --label")
        record_endpoint(args)
    else:
        record_scripted([n for n in args.scenarios or list(SCENARIOS) if n != "check_judge"])
        if not args.scenarios or "check_judge" in args.scenarios:
            record_judge()


if __name__ == "__main__":
    main()
