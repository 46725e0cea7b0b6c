"""The data that flows between stages: documents, extractions, grounded items and the brief.

The `Extraction` family is what a reader (model or offline engine) returns for one document.
Those models carry no defaults and no offsets so that they can be sent to a model as a strict
JSON schema: the reader copies text, and code finds where it is.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for model-facing schemas: unknown keys are an error, not silently kept."""

    model_config = ConfigDict(extra="forbid")


# --- sources -------------------------------------------------------------------------------


class Document(BaseModel):
    """One cleaned source. Every span in a brief indexes into `text`."""

    id: str = Field(description="Stable id derived from the cleaned text.")
    label: int = Field(description="Citation number: [1], [2] ... in input order.")
    source: str = Field(description="Path, URL or '-' for stdin, as given.")
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="ISO date when the source states one.")
    text: str
    raw: str = Field("", exclude=True, repr=False, description="The input before cleaning.")


class SourceError(BaseModel):
    """An input that could not be used, with a one-line reason."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


# --- what a reader returns per document -----------------------------------------------------


class Category(StrEnum):
    financial = "financial"
    product = "product"
    strategy = "strategy"
    people = "people"
    regulation = "regulation"
    industry = "industry"
    other = "other"


class EntityType(StrEnum):
    person = "person"
    organization = "organization"
    work = "work"
    place = "place"
    product = "product"
    other = "other"


class Fact(Strict):
    statement: str = Field(description="One self-contained statement of the fact.")
    evidence: list[str] = Field(description="1-3 excerpts copied verbatim from the document.")
    category: Category


class Quote(Strict):
    speaker: str = Field(description="Who said it, as named in the document.")
    role: str | None = Field(description="The speaker's role or title, if the document gives one.")
    text: str = Field(description="The quoted words, copied verbatim, without quotation marks.")


class Figure(Strict):
    value: str = Field(description="The number as written, e.g. '$11.5 billion' or '17%'.")
    measures: str = Field(description="What the number measures.")
    change: str | None = Field(description="The change it reports, if any, e.g. 'up 17%'.")
    evidence: str = Field(description="The sentence or clause containing it, copied verbatim.")


class Entity(Strict):
    name: str
    type: EntityType
    aliases: list[str] = Field(description="Other spellings or names used in the document.")


class Extraction(Strict):
    """Everything a reader pulls from one document."""

    headline: str
    summary: str = Field(description="One line.")
    facts: list[Fact]
    quotes: list[Quote]
    figures: list[Figure]
    entities: list[Entity]


class Sentence(Strict):
    text: str = Field(description="One sentence.")
    cites: list[str] = Field(description="Ids of the items the sentence rests on.")


class Synthesis(Strict):
    """What the model writes from the merged, grounded items: the top of the brief."""

    bottom_line: list[Sentence]
    why_it_matters: list[Sentence]


# --- grounding --------------------------------------------------------------------------------


class Entailment(Strict):
    """The model's answer to `briefing check --judge`: do the passages state the sentence?"""

    entailed: Literal["yes", "no", "unclear"] = Field(
        description="yes: the passages state it; no: they do not or contradict it; unclear."
    )
    reason: str = Field(description="One sentence: what in the passages decides it.")


class MatchKind(StrEnum):
    exact = "exact"
    normalized = "normalized"
    fuzzy = "fuzzy"


class Span(BaseModel):
    """Where an excerpt was found: `document.text[start:end] == text` always holds."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: MatchKind
    score: float = Field(description="100 for exact and normalized matches.")


class Verdict(StrEnum):
    grounded = "grounded"
    partial = "partial"
    ungrounded = "ungrounded"


class IssueCode(StrEnum):
    evidence_not_found = "evidence_not_found"
    excerpt_altered = "excerpt_altered"  # found, but with words changed that may change the claim
    evidence_missing = "evidence_missing"
    number_not_in_evidence = "number_not_in_evidence"
    quote_not_verbatim = "quote_not_verbatim"
    quote_not_in_quotation_marks = "quote_not_in_quotation_marks"
    speaker_not_near_quote = "speaker_not_near_quote"
    entity_not_in_source = "entity_not_in_source"
    value_not_in_evidence = "value_not_in_evidence"
    value_not_a_number = "value_not_a_number"
    evidence_is_instruction = "evidence_is_instruction"


class Issue(BaseModel):
    code: IssueCode
    detail: str
    nearest: Span | None = Field(None, description="The closest text found, when there was one.")


ItemT = TypeVar("ItemT", Fact, Quote, Figure, Entity)


class Checked(BaseModel, Generic[ItemT]):
    """One extracted item with the validator's findings."""

    id: str = Field(description="Unique within a brief, e.g. 'd1.f3'.")
    doc_id: str
    item: ItemT
    spans: list[Span]
    verdict: Verdict
    issues: list[Issue]
    speaker: str | None = Field(
        None,
        description="A quote's speaker as the document's own attribution names them; "
        "None when the document does not say who spoke (the quote is unattributed).",
    )

    @property
    def kept(self) -> bool:
        return self.verdict == Verdict.grounded


class GroundedDocument(BaseModel):
    """A document's extraction after every item was checked against its text."""

    doc_id: str
    headline: str
    summary: str
    facts: list[Checked[Fact]]
    quotes: list[Checked[Quote]]
    figures: list[Checked[Figure]]
    entities: list[Checked[Entity]]

    def all_items(self) -> list[Checked]:
        return [*self.facts, *self.quotes, *self.figures, *self.entities]


# --- the brief ----------------------------------------------------------------------------------


class Citation(BaseModel):
    doc_id: str
    label: int
    item_id: str
    span: Span


class KeyPoint(BaseModel):
    id: str
    statement: str
    category: Category
    citations: list[Citation]
    doc_ids: list[str] = Field(description="Distinct documents that support the point.")
    corroboration: int = Field(description="Independent documents (syndicated copies count once).")


class FigureRow(BaseModel):
    value: str
    measures: str
    change: str | None
    citations: list[Citation]
    corroboration: int


class QuoteRow(BaseModel):
    """One statement by one speaker, with the wording each outlet printed."""

    speaker: str | None = Field(description="As the documents name them; None: unattributed.")
    role: str | None
    text: str = Field(description="The wording shown: the most widely printed one.")
    citations: list[Citation] = Field(description="Every outlet that reports the statement.")
    printed_by: list[str] = Field(
        default_factory=list, description="Documents that print the shown wording itself."
    )
    corroboration: int

    def reworded(self) -> list[Citation]:
        """Citations of outlets that report the statement in other words."""
        return [c for c in self.citations if c.doc_id not in self.printed_by]

    def verbatim(self) -> list[Citation]:
        """Citations of outlets that print the shown wording."""
        return [c for c in self.citations if c.doc_id in self.printed_by]


class Wording(BaseModel):
    text: str
    citation: Citation


class QuoteVariant(BaseModel):
    speaker: str | None
    wordings: list[Wording]


class SpellingVariant(BaseModel):
    canonical: str
    variant: str
    canonical_doc_ids: list[str]
    variant_doc_ids: list[str]
    citation: Citation | None = None


class Position(BaseModel):
    text: str
    citation: Citation


class Disagreement(BaseModel):
    about: str
    positions: list[Position]


class DuplicatePair(BaseModel):
    doc_ids: tuple[str, str]
    similarity: float


class ItemKind(StrEnum):
    """The four lists a reader extracts; the validation counts items under these names."""

    facts = "facts"
    quotes = "quotes"
    figures = "figures"
    entities = "entities"


class DroppedItem(BaseModel):
    item_id: str
    doc_id: str
    kind: ItemKind
    text: str
    issues: list[Issue]


class TopSection(StrEnum):
    bottom_line = "bottom_line"
    why_it_matters = "why_it_matters"


class DroppedSentence(BaseModel):
    """A sentence the model wrote for the brief's top that failed its check."""

    section: TopSection
    text: str
    reason: str


class Instruction(BaseModel):
    """A sentence in a document addressed to a model: kept as data, never followed."""

    doc_id: str
    text: str


class Validation(BaseModel):
    extracted: dict[str, int] = Field(description="Items read, by kind.")
    kept: dict[str, int] = Field(description="Items that were grounded, by kind.")
    dropped: dict[str, int] = Field(description="Items dropped, by kind.")
    reasons: dict[str, int] = Field(description="Dropped items by issue code.")
    dropped_items: list[DroppedItem]
    match_kinds: dict[str, int] = Field(description="Grounded spans by match kind.")
    dropped_sentences: list[DroppedSentence] = Field(default_factory=list)
    instructions: list[Instruction] = Field(
        default_factory=list,
        description="Sentences in the sources addressed to a model; nothing they ask is done.",
    )


class Usage(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    cache_hits: int = 0
    reasks: int = 0
    reask_fixed: int = Field(
        0, description="Rejected items that a re-ask replaced with grounded ones."
    )


class Length(StrEnum):
    """How much the brief shows before "More": the JSON brief always holds everything."""

    short = "short"
    standard = "standard"
    full = "full"


class EngineKind(StrEnum):
    """Who read the articles: the offline extractive engine or a model."""

    extractive = "extractive"
    llm = "llm"


class Writer(StrEnum):
    """Who wrote a sentence at the top of the brief."""

    model = "model"
    offline = "offline"


class TopItemKind(StrEnum):
    point = "point"
    figure = "figure"
    quote = "quote"


class TopItem(BaseModel):
    """A merged, grounded item the top of the brief may rest on, under an id a sentence cites."""

    id: str
    kind: TopItemKind
    text: str
    sources: int = Field(description="Independent documents that support the item.")
    citations: list[Citation]


class TopSentence(BaseModel):
    """One sentence of the bottom line or of "why it matters", with what it rests on."""

    text: str
    cites: list[str] = Field(description="Ids of the items the sentence rests on.")
    citations: list[Citation] = Field(description="The cited items' citations.")
    sources: int | None = Field(
        None, description="Independent documents behind it, when the sentence is one point."
    )
    written_by: Writer


class Brief(BaseModel):
    title: str
    generated_at: str
    bottom_line: list[TopSentence]
    why_it_matters: list[TopSentence] = Field(default_factory=list)
    written_by: Writer = Field(Writer.offline, description="Who wrote the bottom line.")
    top_note: str | None = Field(
        None, description="Why the bottom line is the offline one although a model was asked."
    )
    key_points: list[KeyPoint]
    figures: list[FigureRow]
    quotes: list[QuoteRow]
    quote_variants: list[QuoteVariant]
    spelling_variants: list[SpellingVariant]
    disagreements: list[Disagreement]
    term_disagreements: list[Disagreement] = Field(
        default_factory=list,
        description="One claim tied to different benchmarks or directions by different outlets.",
    )
    single_source: list[str] = Field(description="Ids of key points only one outlet reports.")
    length: Length = Length.standard
    words: int | None = Field(
        default=None,
        description="The words asked for the bottom line and key points together, if a number.",
    )
    off_topic: list[str] = Field(
        default_factory=list,
        description="Ids of sources about another story: not counted, not in the points.",
    )
    more: list[str] = Field(
        default_factory=list,
        description="Ids of key points past the word budget or not readable alone: 'More'.",
    )
    duplicates: list[DuplicatePair]
    outlets: int | None = Field(
        default=None,
        description="Independent outlets among the story's own sources, copies of one article "
        'counted once (as a point\'s outlets are): what the "N of M" counts are out of.',
    )
    sources: list[Document]
    source_errors: list[SourceError]
    validation: Validation
    engine: EngineKind
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage = Field(default_factory=Usage)

    @property
    def counted(self) -> int:
        """The outlets the "N of M sources" counts are out of: the story's own, copies once."""
        return self.documents if self.outlets is None else self.outlets

    @property
    def documents(self) -> int:
        """The story's own sources, copies included."""
        return len(self.sources) - len(self.off_topic)

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.sources if d.id == doc_id)
