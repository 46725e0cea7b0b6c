"""The model engine's reading: each document read by the model, checked, re-asked once, in
parallel.

A document's extraction goes through the check the pipeline passes in (the validator). Items it
rejects are sent back to the model in the same conversation with the precise failures; the
corrected items are checked again and what still fails is dropped and listed downstream.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor, as_completed

from rapidfuzz import fuzz

from briefing.errors import BriefingError
from briefing.extract import messages
from briefing.extract.engine import Check, Progress
from briefing.model.client import ModelClient, ModelError
from briefing.model.structured import Problem, UnusableReply, ask
from briefing.schemas import Checked, Document, Entity, Extraction, GroundedDocument, SourceError
from briefing.text.sentences import sentences

log = logging.getLogger(__name__)


class ReadFailed(BriefingError):
    """The model gave nothing usable for one document; the brief goes on without it."""


def read_documents(
    docs: list[Document], client: ModelClient, check: Check, progress: Progress | None = None
) -> tuple[list[tuple[Document, Extraction]], list[SourceError]]:
    """Read every document through the model, at most `concurrency` at a time, in input order.

    A document the model cannot read is reported and left out; a `ModelError` (wrong key,
    unknown model, endpoint down) stops the whole run, and so does Ctrl-C, at once.
    """
    stop = threading.Event()  # after a ModelError, documents not yet started are not sent

    def work(doc: Document) -> Extraction | None:
        if stop.is_set() or client.cancelled:
            return None
        try:
            return read_document(doc, client, check)
        except ModelError:
            stop.set()
            raise

    if progress:
        progress(0, len(docs))
    workers = max(1, min(client.settings.concurrency, len(docs)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="read")
    try:
        futures = {pool.submit(work, d): i for i, d in enumerate(docs)}
        results, failures = _collect(futures, docs, progress)
    except (KeyboardInterrupt, SystemExit):
        client.cancel()  # else shutting the pool down waits out every request in flight
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    read = [(docs[i], results[i]) for i in sorted(results)]
    return read, [failures[i] for i in sorted(failures)]


def _collect(
    futures: dict[Future[Extraction | None], int], docs: list[Document], progress: Progress | None
) -> tuple[dict[int, Extraction], dict[int, SourceError]]:
    """Each document's extraction or failure, by its index, as the readers finish."""
    results: dict[int, Extraction] = {}
    failures: dict[int, SourceError] = {}
    for future in as_completed(futures):
        i = futures[future]
        try:
            if (extraction := future.result()) is not None:
                results[i] = extraction
        except ReadFailed as e:
            failures[i] = SourceError(source=docs[i].source, message=str(e))
        if progress:
            progress(len(results) + len(failures), len(docs))
    return results, failures


def read_document(doc: Document, client: ModelClient, check: Check) -> Extraction:
    """Extract one document (in parts if it is long); spans are found in its whole text."""
    parts = split_paragraphs(doc.text, client.settings.split_chars)
    return combine(
        [read_part(doc, part, n, len(parts), client, check) for n, part in enumerate(parts, 1)]
    )


def read_part(
    doc: Document, text: str, part: int, parts: int, client: ModelClient, check: Check
) -> Extraction:
    """One conversation: extract, then re-ask about rejected items up to `max_reasks` times."""
    conversation = messages.extraction_messages(doc, text, part, parts)
    extraction, content = _ask(client, conversation, doc)
    for _ in range(client.settings.max_reasks):
        grounded = check(doc, extraction)
        failed = [c for c in grounded.all_items() if not c.kept]
        if not failed:
            break
        conversation = [
            *conversation,
            {"role": "assistant", "content": content},
            messages.reask_message(failed),
        ]
        client.count_reask()
        try:
            corrections, content = _ask(client, conversation, doc)
        except ReadFailed as e:
            log.warning("%s: the re-ask gave nothing usable (%s)", doc.source, e)
            break
        extraction, fixed = apply_corrections(grounded, check(doc, corrections))
        client.count_fixed(fixed)
    return extraction


def _ask(client: ModelClient, conversation: list, doc: Document) -> tuple[Extraction, str]:
    """An extraction and its text; a reply that is not valid JSON for the schema is asked
    about once more."""

    def warn(error: str) -> None:
        log.warning("%s: the model's reply was unusable (%s); asking once more", doc.source, error)

    try:
        return ask(
            client,
            conversation,
            Extraction,
            fix=messages.fix_json_message,
            on_fix=warn,
            key_parts={"prompts": messages.prompt_version()},
        )
    except UnusableReply as e:
        raise ReadFailed(_failure(e, client.settings.max_tokens)) from None


def _failure(error: UnusableReply, max_tokens: int) -> str:
    """The one line a user reads for a document the model could not read."""
    if error.problem is Problem.refused:
        return f"the model refused to read it: {error.detail}"
    if error.problem is Problem.cut_off:
        return f"{error}; no items taken. Raise --max-tokens or lower --split-chars"
    return f"{error}; no items taken"


def apply_corrections(
    grounded: GroundedDocument, checked: GroundedDocument
) -> tuple[Extraction, int]:
    """Replace each rejected item with its closest checked correction; return how many hold.

    An offered item identical to one already kept is the model repeating it (a re-ask answered
    with the whole extraction), not a new item, so it is not added twice.
    """
    fixed = 0
    lists: dict[str, list] = {}
    for kind in ("facts", "quotes", "figures", "entities"):
        originals: list[Checked] = getattr(grounded, kind)
        kept = {_identity(c) for c in originals if c.kept}
        offered = [c for c in getattr(checked, kind) if _identity(c) not in kept]
        lists[kind], n = _corrected(originals, offered)
        fixed += n
    return Extraction(headline=grounded.headline, summary=grounded.summary, **lists), fixed


def _corrected(originals: list[Checked], offered: list[Checked]) -> tuple[list, int]:
    """The items of one kind with corrections in place, and how many corrections hold."""
    fixed = 0
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
    return items, fixed


def _identity(c: Checked) -> str:
    """An item's content, blind to case and spacing: how a repeated item is recognised."""
    return " ".join(json.dumps(c.item.model_dump(mode="json"), sort_keys=True).casefold().split())


def _closest(original: Checked, offered: list[Checked]) -> Checked | None:
    key = messages.describe(original)
    scored = [(fuzz.token_set_ratio(key, messages.describe(c)), c) for c in offered]
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
