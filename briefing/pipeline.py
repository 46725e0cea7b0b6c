"""The whole flow in one call: sources in, a checked `Brief` out."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import BinaryIO

from briefing import extractive, merge, synthesize
from briefing.grounding import ground_document
from briefing.schemas import (
    Brief,
    Document,
    DroppedItem,
    GroundedDocument,
    SourceError,
    Validation,
)
from briefing.sources import MAX_BYTES, load_sources

log = logging.getLogger(__name__)

MAX_SINGLE_SOURCE = 8
ENGINES = ("auto", "extractive")


class NoUsableSources(Exception):
    """Every input failed; the errors say why."""

    def __init__(self, errors: list[SourceError]):
        super().__init__("no usable sources")
        self.errors = errors


def build_brief(
    inputs: Sequence[str],
    *,
    engine: str = "auto",
    max_bytes: int = MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Brief:
    """Read the inputs and return a brief whose every item is grounded in them."""
    docs, errors = load_sources(inputs, max_bytes=max_bytes, stdin=stdin)
    if not docs:
        raise NoUsableSources(errors)
    return brief_from_documents(docs, errors, engine=engine)


def brief_from_documents(
    docs: list[Document], errors: list[SourceError] | None = None, *, engine: str = "auto"
) -> Brief:
    """Extract, ground, merge and synthesize a brief from loaded documents."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    log.info("engine: extractive (offline, reads the text itself; no model is called)")
    grounded = [ground_document(d, extractive.extract(d)) for d in docs]
    merged = merge.merge(docs, grounded)
    multi = [p for p in merged.key_points if p.corroboration > 1]
    single = [p for p in merged.key_points if p.corroboration == 1][:MAX_SINGLE_SOURCE]
    points = multi + single
    return Brief(
        title=synthesize.title(docs, points),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        bottom_line=synthesize.bottom_line(multi or points, len(docs)),
        key_points=points,
        figures=merged.figures,
        quotes=merged.quotes,
        quote_variants=merged.quote_variants,
        spelling_variants=merged.spelling_variants,
        disagreements=merged.disagreements,
        single_source=[p.id for p in single],
        duplicates=merged.duplicates,
        sources=docs,
        source_errors=errors or [],
        validation=summarize_validation(grounded),
        engine="extractive",
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
