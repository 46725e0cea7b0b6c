"""The model engine: a model reads each document and writes the top of the brief, through any
OpenAI-compatible endpoint."""

from __future__ import annotations

from briefing.extract import messages, reading, synthesis
from briefing.extract.engine import (
    Check,
    EngineInfo,
    Material,
    Progress,
    Reading,
    SentenceCheck,
    Top,
)
from briefing.model.client import ModelClient
from briefing.model.settings import ModelSettings
from briefing.schemas import Document, EngineKind


class LLMEngine:
    """Reads with a model; its extractions and its sentences are checked like any other."""

    def __init__(self, settings: ModelSettings, client: ModelClient | None = None) -> None:
        self.client = client or ModelClient(settings)

    def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
        """Each document read by the model, re-asked about what `check` rejects."""
        extractions, failed = reading.read_documents(docs, self.client, check, progress)
        return Reading(extractions, failed)

    def write_top(self, material: Material, check: SentenceCheck) -> Top:
        """The model's bottom line and why-it-matters; the offline one if none of it holds."""
        return synthesis.write_top(self.client, material, check)

    def info(self) -> EngineInfo:
        return EngineInfo(
            EngineKind.llm,
            model=self.client.settings.model,
            prompt_version=messages.prompt_version(),
            usage=self.client.usage,
        )

    def close(self) -> None:
        self.client.close()
