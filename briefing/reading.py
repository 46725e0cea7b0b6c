"""The model engine: each document read by the model, grounded, re-asked once, in parallel.

A document's extraction goes through the same validator as the offline engine's. Items it
rejects are sent back to the model in the same conversation with the precise failures; the
corrected items are checked again and what still fails is dropped and listed.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

from pydantic import ValidationError
from rapidfuzz import fuzz

from briefing import prompting
from briefing.grounding import ground_document
from briefing.llm import ModelClient, ModelError, Reply, parse_json
from briefing.schemas import Checked, Document, Entity, Extraction, GroundedDocument, SourceError
from briefing.terms import sentences

log = logging.getLogger(__name__)

Progress = Callable[[], None]


class ReadFailed(Exception):
    """The model gave nothing usable for one document; the brief goes on without it."""


def read_documents(
    docs: list[Document], client: ModelClient, on_done: Progress | None = None
) -> tuple[list[GroundedDocument], list[SourceError]]:
    """Read every document through the model, at most `concurrency` at a time, in input order.

    A document the model cannot read is reported and left out; a `ModelError` (wrong key,
    unknown model, endpoint down) stops the whole run.
    """
    results: dict[int, GroundedDocument] = {}
    failures: dict[int, SourceError] = {}
    stop = threading.Event()  # after a ModelError, documents not yet started are not sent

    def work(doc: Document) -> GroundedDocument | None:
        if stop.is_set():
            return None
        try:
            return read_document(doc, client)
        except ModelError:
            stop.set()
            raise

    workers = max(1, min(client.settings.concurrency, len(docs)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="read") as pool:
        futures = {pool.submit(work, d): i for i, d in enumerate(docs)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                if (grounded := future.result()) is not None:
                    results[i] = grounded
            except ReadFailed as e:
                failures[i] = SourceError(source=docs[i].source, message=str(e))
            if on_done:
                on_done()
    grounded = [results[i] for i in sorted(results)]
    return grounded, [failures[i] for i in sorted(failures)]


def read_document(doc: Document, client: ModelClient) -> GroundedDocument:
    """Extract one document (in parts if it is long) and ground the result in its whole text."""
    parts = split_paragraphs(doc.text, client.settings.split_chars)
    extractions = [read_part(doc, part, n, len(parts), client) for n, part in enumerate(parts, 1)]
    return ground_document(doc, combine(extractions))


def read_part(doc: Document, text: str, part: int, parts: int, client: ModelClient) -> Extraction:
    """One conversation: extract, then re-ask about rejected items up to `max_reasks` times."""
    messages = prompting.extraction_messages(doc, text, part, parts)
    extraction, content = ask(client, messages, doc)
    for _ in range(client.settings.max_reasks):
        grounded = ground_document(doc, extraction)
        failed = [c for c in grounded.all_items() if not c.kept]
        if not failed:
            break
        messages = [
            *messages,
            {"role": "assistant", "content": content},
            prompting.reask_message(failed),
        ]
        client.count_reask()
        try:
            corrections, content = ask(client, messages, doc)
        except ReadFailed as e:
            log.warning("%s: the re-ask gave nothing usable (%s)", doc.source, e)
            break
        extraction, fixed = apply_corrections(doc, grounded, corrections)
        client.count_fixed(fixed)
    return extraction


def ask(client: ModelClient, messages: list, doc: Document) -> tuple[Extraction, str]:
    """Get an extraction; a reply that is not valid JSON for the schema is asked about once."""
    error = content = ""
    for attempt in range(2):
        if attempt:
            log.warning(
                "%s: the model's reply was unusable (%s); asking once more", doc.source, error
            )
            messages = [*messages, {"role": "assistant", "content": content}]
            messages.append(prompting.fix_json_message(error))
            client.count_reask()
        reply = client.complete(messages, Extraction)
        _check_finished(reply, doc, client)
        content = reply.content or ""
        try:
            return _parse(content), content
        except ValueError as e:
            error = str(e)
    raise ReadFailed(f"the model's reply was unusable twice ({error}); no items taken")


def _check_finished(reply: Reply, doc: Document, client: ModelClient) -> None:
    if reply.refusal:
        raise ReadFailed(f"the model refused to read it: {' '.join(reply.refusal.split())[:160]}")
    if reply.finish_reason == "length":
        raise ReadFailed(
            f"the model's reply was cut off at {client.settings.max_tokens} tokens "
            "(finish_reason=length); no items taken. Raise --max-tokens or lower --split-chars"
        )
    if reply.finish_reason == "content_filter":
        raise ReadFailed("the endpoint's content filter stopped the reply; no items taken")


def _parse(content: str) -> Extraction:
    """JSON text to an Extraction, or ValueError with a short reason."""
    try:
        data = parse_json(content)
    except ValueError as e:
        raise ValueError(f"not valid JSON: {e}") from None
    try:
        return Extraction.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'reply'}: {err['msg']}"
            for err in e.errors()[:5]
        )
        raise ValueError(f"does not fit the schema: {problems}") from None


def apply_corrections(
    doc: Document, grounded: GroundedDocument, corrections: Extraction
) -> tuple[Extraction, int]:
    """Replace each rejected item with its closest correction; return how many now hold."""
    checked = ground_document(doc, corrections)
    fixed = 0
    lists: dict[str, list] = {}
    for kind in ("facts", "quotes", "figures", "entities"):
        originals: list[Checked] = getattr(grounded, kind)
        offered: list[Checked] = list(getattr(checked, kind))
        items = []
        for c in originals:
            if c.kept:
                items.append(c.item)
                continue
            match = _closest(c, offered)
            if match is None:
                items.append(c.item)  # still rejected: dropped and listed downstream
                continue
            offered.remove(match)
            fixed += match.kept
            items.append(match.item)
        items.extend(c.item for c in offered)  # new items: checked like any other
        lists[kind] = items
    return Extraction(headline=grounded.headline, summary=grounded.summary, **lists), fixed


def _closest(original: Checked, offered: list[Checked]) -> Checked | None:
    key = prompting.describe(original)
    scored = [(fuzz.token_set_ratio(key, prompting.describe(c)), c) for c in offered]
    return max(scored, key=lambda s: s[0])[1] if scored else None


def combine(extractions: list[Extraction]) -> Extraction:
    """The parts of a long document as one extraction; entities named twice are merged."""
    if len(extractions) == 1:
        return extractions[0]
    entities: dict[str, Entity] = {}
    for e in (e for x in extractions for e in x.entities):
        key = e.name.casefold()
        if key in entities:
            known = entities[key]
            aliases = list(dict.fromkeys([*known.aliases, *e.aliases]))
            entities[key] = known.model_copy(update={"aliases": aliases})
        else:
            entities[key] = e
    first = extractions[0]
    return Extraction(
        headline=first.headline,
        summary=first.summary,
        facts=[f for x in extractions for f in x.facts],
        quotes=[q for x in extractions for q in x.quotes],
        figures=[n for x in extractions for n in x.figures],
        entities=list(entities.values()),
    )


def split_paragraphs(text: str, limit: int) -> list[str]:
    """Cut text into parts of about `limit` characters at paragraph breaks.

    A paragraph longer than the limit is cut between sentences. Each part is a slice of the
    text, and grounding runs against the whole document, so spans index the whole text.
    """
    if len(text) <= limit:
        return [text]
    bounds = sorted({0, *(m.end() for m in re.finditer(r"\n[^\S\n]*\n", text)), len(text)})
    cuts: list[int] = []
    for a, b in itertools.pairwise(bounds):
        cuts.append(a)
        if b - a > limit:
            cuts.extend(a + s.start for s in sentences(text[a:b])[1:])
    cuts.append(len(text))
    parts: list[str] = []
    start = previous = 0
    for cut in cuts[1:]:
        if cut - start > limit and previous > start:
            parts.append(text[start:previous])
            start = previous
        previous = cut
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]
