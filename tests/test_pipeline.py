"""The pipeline runs any engine behind the `Engine` interface, and checks what it returns.

`EchoEngine` is an engine in the test process (as `llm`'s test suite keeps a fake model in its
conftest): it copies each document's first sentence as a fact, invents one fact and one
sentence for the top, and says who it is in its metadata. The pipeline, the validator, the
merge and the sentence check are the real ones.
"""

from __future__ import annotations

import pytest

from briefing.extract.engine import (
    Check,
    EngineInfo,
    Material,
    Progress,
    Reading,
    SentenceCheck,
    Top,
)
from briefing.ingest.pages import document_from_text
from briefing.model.client import ModelError
from briefing.pipeline import NoUsableSources, brief_from_documents
from briefing.render import render
from briefing.schemas import (
    Category,
    Document,
    DroppedSentence,
    EngineKind,
    Extraction,
    Fact,
    GroundedDocument,
    Quote,
    Sentence,
    TopItem,
    TopItemKind,
    TopSection,
    TopSentence,
    Usage,
    Writer,
)
from briefing.text.sentences import sentences

LEDE = "Acme Corp will build a bicycle plant in Lyon that employs 400 people from next year."
INVENTED = "Acme Corp will close every plant it has in Europe by the end of the decade."


class EchoEngine:
    """Reads the first sentence of each document; invents a fact in the second."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.checked: list[GroundedDocument] = []
        self.progress: list[tuple[int, int]] = []
        self.closed = False

    def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
        if self.fail:
            raise ModelError("the endpoint is down")
        read = []
        for n, doc in enumerate(docs, 1):
            first = sentences(doc.text)[1].text  # the line after the title
            facts = [Fact(statement=first, evidence=[first], category=Category.strategy)]
            if n == 2:
                facts.append(Fact(statement=INVENTED, evidence=[INVENTED], category=Category.other))
            extraction = Extraction(
                headline="h", summary=first, facts=facts, quotes=[], figures=[], entities=[]
            )
            self.checked.append(check(doc, extraction))  # as an engine that re-asks would
            read.append((doc, extraction))
            if progress:
                progress(n, len(docs))
        return Reading(read)

    def write_top(self, material: Material, check: SentenceCheck) -> Top:
        point = material.points[0]
        known = {
            point.id: TopItem(
                id=point.id,
                kind=TopItemKind.point,
                text=point.statement,
                sources=point.corroboration,
                citations=point.citations,
            )
        }
        kept: list[TopSentence] = []
        dropped: list[DroppedSentence] = []
        for text in ("Acme will employ 400 people in Lyon.", "Acme will employ 900 people."):
            sentence = Sentence(text=text, cites=[point.id])
            reason = check(sentence, known)
            if reason:
                dropped.append(
                    DroppedSentence(section=TopSection.bottom_line, text=text, reason=reason)
                )
            else:
                kept.append(
                    TopSentence(
                        text=text,
                        cites=[point.id],
                        citations=point.citations,
                        written_by=Writer.model,
                    )
                )
        return Top(kept, [], Writer.model, None, dropped)

    def info(self) -> EngineInfo:
        return EngineInfo(EngineKind.llm, model="echo", prompt_version="v0", usage=Usage(calls=3))

    def close(self) -> None:
        self.closed = True


def docs() -> list[Document]:
    second = LEDE.replace("Corp will", "Corp said it will")
    return [
        document_from_text(f"Acme picks Lyon\n\n{LEDE}\n", "a.txt", 1),
        document_from_text(f"Lyon wins Acme plant\n\n{second}\n\nShares rose 4%.\n", "b.txt", 2),
    ]


def test_the_pipeline_runs_any_engine_and_checks_what_it_reads() -> None:
    engine = EchoEngine()
    seen: list[tuple[int, int]] = []
    brief = brief_from_documents(docs(), engine=engine, progress=lambda *p: seen.append(p))
    assert seen == [(1, 2), (2, 2)] and engine.closed
    # The check the engine was handed is the validator: the invented fact is not grounded.
    assert [c.kept for g in engine.checked for c in g.facts] == [True, True, False]
    assert brief.validation.dropped == {"facts": 1}
    assert all(INVENTED not in p.statement for p in brief.key_points)
    # The metadata is the engine's own word, not a guess from its kind.
    assert (brief.engine, brief.model, brief.prompt_version) == ("llm", "echo", "v0")
    assert brief.usage.calls == 3


def test_the_top_is_checked_data_rendered_by_the_templates() -> None:
    brief = brief_from_documents(docs(), engine=EchoEngine())
    (sentence,) = brief.bottom_line
    assert sentence.text == "Acme will employ 400 people in Lyon." and brief.written_by == "model"
    (dropped,) = brief.validation.dropped_sentences
    assert dropped.text == "Acme will employ 900 people." and "900" in dropped.reason
    markdown = render(brief, "md")
    labels = "".join(f"[{n}]" for n in sorted({c.label for c in sentence.citations}))
    assert f"\n{sentence.text} {labels}\n" in markdown  # a model's sentence: markers, no count


def test_an_engine_is_closed_when_reading_fails() -> None:
    engine = EchoEngine(fail=True)
    with pytest.raises(ModelError, match="the endpoint is down"):
        brief_from_documents(docs(), engine=engine)
    assert engine.closed


def test_no_extraction_at_all_is_no_usable_sources() -> None:
    class Silent(EchoEngine):
        def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
            return Reading([], [])

    with pytest.raises(NoUsableSources):
        brief_from_documents(docs(), engine=Silent())


HEARING = (
    "Senate grills Wells Fargo chief\n\n"
    "Sen. Elizabeth Warren questioned Wells Fargo chief executive John Stumpf on Tuesday.\n\n"
    '"You should resign," Warren told Stumpf.\n\n'
    "With Netflix shares up on the day, traders were calm.\n\n"
    '"The quarter was fine for everyone involved."\n'
)


CARELESS = {
    "You should resign": "John Stumpf",
    "The quarter was fine for everyone involved.": "With Netflix",
}


class QuotingEngine(EchoEngine):
    """Names a speaker for every quote, as a careless model would: one right, one the
    person addressed, one a capitalised fragment for a quote the article does not attribute."""

    def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
        read = []
        for doc in docs:
            quotes = [Quote(speaker=who, role=None, text=t) for t, who in CARELESS.items()]
            quotes.append(Quote(speaker="Elizabeth Warren", role="Sen.", text="You should resign"))
            first = sentences(doc.text)[1].text
            facts = [Fact(statement=first, evidence=[first], category=Category.other)]
            extraction = Extraction(
                headline="h", summary=first, facts=facts, quotes=quotes, figures=[], entities=[]
            )
            read.append((doc, extraction))
        return Reading(read)


def test_a_model_s_speakers_are_the_document_s_or_none() -> None:
    doc = document_from_text(HEARING, "hearing.txt", 1)
    brief = brief_from_documents([doc], engine=QuotingEngine())
    speakers = {q.text: q.speaker for q in brief.quotes}
    # The addressee is rejected; the article's own attribution stands; the fragment never shows.
    assert speakers == {
        "You should resign": "Elizabeth Warren",
        "The quarter was fine for everyone involved": None,
    }
    dropped = [d for d in brief.validation.dropped_items if d.text == "You should resign"]
    assert dropped and "not 'John Stumpf'" in dropped[0].issues[0].detail
    md = render(brief, "md")
    assert "*unattributed*" in md and "With Netflix" not in md.split("## Sources")[0]


def test_an_article_that_instructs_a_model_is_data_to_the_offline_engine_too() -> None:
    from pathlib import Path

    root = Path(__file__).parent
    injected = (root / "fixtures" / "injected.txt").read_text(encoding="utf-8")
    seeds = sorted((root.parent / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds] + [injected]
    docs = [document_from_text(t, f"{n}.txt", n) for n, t in enumerate(texts, 1)]
    brief = brief_from_documents(docs, engine="extractive")
    body = render(brief, "md").split("## Where sources differ")[0]
    assert "$50 billion" not in body
    assert not any("Ignore previous" in p.statement for p in brief.key_points)
    assert any(p.text == "$50 billion" for d in brief.disagreements for p in d.positions)
    assert {i.doc_id for i in brief.validation.instructions} == {docs[-1].id}


def test_who_speaks_in_a_document_is_worked_out_once_per_brief(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Extraction, grounding and the merge's claim search share one reading of each text's
    speakers (at thousands of documents, reading them three times was a quarter of the run),
    and the brief is the same for it."""
    from pathlib import Path

    from briefing.merge import support
    from briefing.text.attribution import Speakers

    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    docs = [
        document_from_text(p.read_text(encoding="utf-8"), p.name, n) for n, p in enumerate(seeds, 1)
    ]
    before = brief_from_documents(docs, engine="extractive")
    read: list[str] = []
    real = Speakers.of

    def counted(text: str) -> Speakers:
        read.append(text)
        return real(text)

    monkeypatch.setattr(Speakers, "of", counted)
    monkeypatch.setattr(support, "find_people", lambda text: pytest.fail("people found again"))
    after = brief_from_documents(docs, engine="extractive")
    assert sorted(read) == sorted(d.text for d in docs)
    assert after.model_dump(exclude={"generated_at"}) == before.model_dump(exclude={"generated_at"})


def test_counts_are_out_of_independent_outlets_when_copies_are_among_the_sources() -> None:
    from briefing.schemas import Document

    from .merging import A, B, C

    texts = [A, A, B, C]  # the second is a copy of the first: one outlet
    sources = [
        Document(id=f"d{i}", label=i, source=f"outlet{i}.txt", text=t)
        for i, t in enumerate(texts, 1)
    ]
    brief = brief_from_documents(sources, engine="extractive")
    assert brief.duplicates and (brief.documents, brief.counted) == (4, 3)
    lyon = next(p for p in brief.key_points if "Lyon" in p.statement)
    assert lyon.corroboration == 3  # of 3, not of 4
    markdown = render(brief, "md")
    assert "Brief of 4 sources (3 independent: copies of one article count once)" in markdown
    assert "bicycles. [1][2][3][4] (3 of 3 sources)" in markdown
