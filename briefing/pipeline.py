"""The whole flow in one call: sources in, a checked `Brief` out."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import BinaryIO

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from briefing import extractive, merge, reading, synthesize
from briefing.grounding import ground_document
from briefing.llm import ModelClient, ModelError, ModelSettings
from briefing.prompting import prompt_version
from briefing.schemas import (
    Brief,
    Document,
    DroppedItem,
    GroundedDocument,
    SourceError,
    Usage,
    Validation,
)
from briefing.sources import MAX_BYTES, load_sources

log = logging.getLogger(__name__)

MAX_SINGLE_SOURCE = 10
ENGINES = ("auto", "extractive", "llm")


class NoUsableSources(Exception):
    """Every input failed; the errors say why."""

    def __init__(self, errors: list[SourceError]):
        super().__init__("no usable sources")
        self.errors = errors


def build_brief(
    inputs: Sequence[str],
    *,
    engine: str = "auto",
    settings: ModelSettings | None = None,
    max_bytes: int = MAX_BYTES,
    stdin: BinaryIO | None = None,
    progress: bool = False,
) -> Brief:
    """Read the inputs and return a brief whose every item is grounded in them."""
    docs, errors = load_sources(inputs, max_bytes=max_bytes, stdin=stdin)
    if not docs:
        raise NoUsableSources(errors)
    return brief_from_documents(docs, errors, engine=engine, settings=settings, progress=progress)


def choose_engine(engine: str, settings: ModelSettings) -> str:
    """'auto' means the model when a key or base URL is configured, else the offline engine."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine == "auto":
        return "llm" if settings.configured else "extractive"
    if engine == "llm" and not settings.configured:
        raise ModelError(
            "--engine llm needs an endpoint: set OPENAI_API_KEY, or --base-url / OPENAI_BASE_URL "
            "for a local server"
        )
    return engine


def brief_from_documents(
    docs: list[Document],
    errors: list[SourceError] | None = None,
    *,
    engine: str = "auto",
    settings: ModelSettings | None = None,
    progress: bool = False,
) -> Brief:
    """Extract, ground, merge and synthesize a brief from loaded documents."""
    settings = settings or ModelSettings.from_env()
    errors = list(errors or [])
    if choose_engine(engine, settings) == "extractive":
        log.info("engine: extractive (offline, reads the text itself; no model is called)")
        grounded = [ground_document(d, extractive.extract(d)) for d in docs]
        return _assemble(docs, grounded, errors, None)
    log.info("engine: llm (model %s at %s)", settings.model, settings.endpoint)
    client = ModelClient(settings)
    try:
        grounded, failed = _read(docs, client, progress)
        errors.extend(failed)
        if not grounded:
            raise NoUsableSources(errors)
        return _assemble(docs, grounded, errors, client)
    finally:
        if client.cache is not None:
            client.cache.close()


def _read(
    docs: list[Document], client: ModelClient, progress: bool
) -> tuple[list[GroundedDocument], list[SourceError]]:
    console = Console(stderr=True)
    if not progress or len(docs) < 2 or not console.is_terminal:
        return reading.read_documents(docs, client)
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=len(docs))
        return reading.read_documents(docs, client, lambda: bar.advance(task))


def _assemble(
    docs: list[Document],
    grounded: list[GroundedDocument],
    errors: list[SourceError],
    client: ModelClient | None,
) -> Brief:
    merged = merge.merge(docs, grounded)
    multi = [p for p in merged.key_points if p.corroboration > 1]
    single = [p for p in merged.key_points if p.corroboration == 1][:MAX_SINGLE_SOURCE]
    points = multi + single
    if client is None:
        written = synthesize.Written(
            synthesize.bottom_line(multi or points, len(docs)), [], "offline", []
        )
    else:
        written = synthesize.write_top(client, points, merged.figures, merged.quotes, docs)
    validation = summarize_validation(grounded)
    validation.dropped_sentences = written.dropped
    return Brief(
        title=synthesize.title(docs, points),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        bottom_line=written.bottom_line,
        why_it_matters=written.why_it_matters,
        written_by=written.written_by,
        key_points=points,
        figures=merged.figures,
        quotes=merged.quotes,
        quote_variants=merged.quote_variants,
        spelling_variants=merged.spelling_variants,
        disagreements=merged.disagreements,
        single_source=[p.id for p in single],
        duplicates=merged.duplicates,
        sources=docs,
        source_errors=errors,
        validation=validation,
        engine="extractive" if client is None else "llm",
        model=None if client is None else client.settings.model,
        prompt_version=None if client is None else prompt_version(),
        usage=Usage() if client is None else client.usage,
    )


def summarize_validation(grounded: list[GroundedDocument]) -> Validation:
    """What was extracted, kept and dropped, and why."""
    extracted: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    dropped: list[DroppedItem] = []
    for g in grounded:
        for kind, items in (
            ("facts", g.facts),
            ("quotes", g.quotes),
            ("figures", g.figures),
            ("entities", g.entities),
        ):
            for c in items:
                extracted[kind] += 1
                if c.kept:
                    kept[kind] += 1
                    kinds.update(s.kind.value for s in c.spans)
                    continue
                reasons.update(i.code.value for i in c.issues)
                dropped.append(
                    DroppedItem(
                        item_id=c.id,
                        doc_id=c.doc_id,
                        kind=kind,
                        text=_item_text(c.item),
                        issues=c.issues,
                    )
                )
    return Validation(
        extracted=dict(extracted),
        kept=dict(kept),
        dropped={k: extracted[k] - kept[k] for k in extracted if extracted[k] - kept[k]},
        reasons=dict(reasons),
        dropped_items=dropped,
        match_kinds=dict(kinds),
    )


def _item_text(item: object) -> str:
    for attr in ("statement", "text", "value", "name"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return str(item)
