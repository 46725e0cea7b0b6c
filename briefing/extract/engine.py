"""What an engine is: it reads documents into extractions and writes the top of the brief.

The pipeline holds an `Engine` and never asks which one. The checks an engine's output must
pass come in as arguments (`Check`, `SentenceCheck`), so the engines stay free of the
validator and the validator stays free of the engines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from briefing.schemas import (
    Document,
    DroppedSentence,
    EngineKind,
    Extraction,
    FigureRow,
    GroundedDocument,
    KeyPoint,
    QuoteRow,
    Sentence,
    SourceError,
    TopItem,
    TopSentence,
    Usage,
    Writer,
)
from briefing.text.attribution import Speakers

Check = Callable[[Document, Extraction], GroundedDocument]
"""Grounds an extraction in its document (the validator, passed in by the pipeline)."""

SentenceCheck = Callable[[Sentence, dict[str, TopItem]], str]
"""Why a sentence for the top cannot be used, or '' when the items it cites hold it."""

Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all) as reading goes on."""


@dataclass(frozen=True)
class Material:
    """What the top of the brief is written from: merged, grounded items and the sources."""

    points: list[KeyPoint]
    lead: list[KeyPoint]  # the points the offline bottom line takes first
    figures: list[FigureRow]
    quotes: list[QuoteRow]
    docs: list[Document]


@dataclass
class Reading:
    """Each document's extraction, in input order, and the documents that could not be read;
    who speaks in each document, by id, when the engine worked it out (the offline engine
    does), so that grounding and the merge do not work it out again."""

    extractions: list[tuple[Document, Extraction]]
    failed: list[SourceError] = field(default_factory=list)
    speakers: dict[str, Speakers] = field(default_factory=dict)


@dataclass
class Top:
    """The bottom line and why-it-matters, who wrote them, and the sentences that failed."""

    bottom_line: list[TopSentence]
    why_it_matters: list[TopSentence]
    written_by: Writer
    note: str | None = None  # why the offline bottom line stands where a model was asked
    dropped: list[DroppedSentence] = field(default_factory=list)


@dataclass(frozen=True)
class EngineInfo:
    """What the brief's metadata says about the engine that made it."""

    kind: EngineKind
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage = field(default_factory=Usage)


class Engine(Protocol):
    """Reads articles and writes the top of the brief; the offline engine or a model."""

    def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
        """Each document's extraction; `check` grounds a draft when the engine re-asks."""
        ...

    def write_top(self, material: Material, check: SentenceCheck) -> Top:
        """The bottom line and why-it-matters, every sentence passed through `check`."""
        ...

    def info(self) -> EngineInfo:
        """The engine's kind, model, prompt version and usage, for the brief's metadata."""
        ...

    def close(self) -> None:
        """Release what the engine holds (the model engine's response cache)."""
        ...
