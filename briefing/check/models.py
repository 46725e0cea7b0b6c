"""What `briefing check` finds: each unit of a brief, its verdict, its evidence, its problems."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from briefing.schemas import Document, SourceError

# What a brief to check can be: Markdown, plain text, HTML, or a JSON brief of ours.
CHECK_FORMATS = ("md", "text", "html", "json")


class UnitKind(StrEnum):
    """Where a unit stood in the brief: a sentence of a paragraph, a list item, a table row,
    a block quotation, or an item of our own JSON brief."""

    sentence = "sentence"
    list_item = "list_item"
    table_row = "table_row"
    quotation = "quotation"
    bottom_line = "bottom_line"
    key_point = "key_point"
    figure = "figure"
    quote = "quote"


class UnitVerdict(StrEnum):
    supported = "supported"
    partly = "partly supported"
    unsupported = "unsupported"
    uncheckable = "not checkable by code"


class ProblemCode(StrEnum):
    number_not_in_sources = "number_not_in_sources"
    number_measures_other = "number_measures_other"
    quote_not_verbatim = "quote_not_verbatim"
    quote_not_in_sources = "quote_not_in_sources"
    speaker_wrong = "speaker_wrong"
    name_not_in_sources = "name_not_in_sources"
    name_spelled_otherwise = "name_spelled_otherwise"
    no_supporting_span = "no_supporting_span"
    direction_differs = "direction_differs"
    negation_differs = "negation_differs"
    span_changed = "span_changed"
    source_missing = "source_missing"


class Evidence(BaseModel):
    """A passage of a source that supports the unit, and how much of the unit's wording it has."""

    doc_id: str
    label: int
    start: int
    end: int
    text: str
    coverage: float = Field(description="Share of the unit's content words (by rarity) it has.")

    @classmethod
    def of(cls, doc: Document, start: int, end: int, coverage: float = 0.0) -> Evidence:
        """doc.text[start:end] as evidence."""
        text = doc.text[start:end]
        return cls(
            doc_id=doc.id, label=doc.label, start=start, end=end, text=text, coverage=coverage
        )


class Problem(BaseModel):
    code: ProblemCode
    detail: str = Field(description="One line a reader can act on, naming the source.")
    wrong: bool = Field(description="A number, quote, speaker or name code found wrong.")


class Judgement(BaseModel):
    """The model's answer on whether the evidence entails the unit: never a verified fact."""

    model: str
    entailed: str = Field(description="yes, no or unclear, as the model answered.")
    reason: str


class Unit(BaseModel):
    index: int
    block: int = Field(description="The paragraph, list, table or item the unit belongs to.")
    kind: UnitKind
    text: str = Field(description="The unit as the brief shows it, markup removed.")
    cites: list[int] = Field(default_factory=list, description="Source labels the unit cites.")
    verdict: UnitVerdict
    evidence: list[Evidence]
    nearest: list[Evidence] = Field(
        default_factory=list, description="When nothing supports the unit: what comes closest."
    )
    problems: list[Problem]
    numbers: int = Field(0, description="Numbers checked.")
    quotes: int = Field(0, description="Quoted passages checked.")
    speakers: int = Field(0, description="Speakers checked against a source's attribution.")
    names: int = Field(0, description="Proper names checked.")
    judgement: Judgement | None = None


class Summary(BaseModel):
    units: int
    supported: int
    partly: int
    unsupported: int
    uncheckable: int
    numbers_checked: int
    numbers_wrong: int
    quotes_checked: int
    quotes_wrong: int
    speakers_checked: int
    speakers_wrong: int
    names_checked: int
    names_wrong: int
    turned_around: int = Field(0, description="Units whose passages say it the other way round.")

    @property
    def clean(self) -> bool:
        """Nothing unsupported and nothing found wrong (what --strict asks for)."""
        wrong = self.numbers_wrong + self.quotes_wrong + self.speakers_wrong + self.names_wrong
        return not self.unsupported and not wrong and not self.turned_around


class CheckReport(BaseModel):
    brief: str = Field(description="The brief's path as given, or '-'.")
    brief_format: str
    generated_at: str
    units: list[Unit]
    summary: Summary
    sources: list[Document]
    source_errors: list[SourceError]
