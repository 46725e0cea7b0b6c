"""The digest: gather what is new since the last one, brief each story, email it; on a schedule.

Delivery is at least once: documents are recorded as sent only after the mail server accepted
the message (or the .eml file is in the outbox). If delivery fails, or the process dies
between sending and recording, the next run sends the same documents again.
"""

from __future__ import annotations

import email
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from croniter import croniter

from briefing.atomic import write_atomic
from briefing.digest.compose import Digest, compose, full_briefs, message_id
from briefing.digest.config import DigestConfig
from briefing.digest.fetch import Fetcher, FetchError, fetch_sources
from briefing.digest.mail import Delivered, deliver
from briefing.digest.store import Run, StateBusy, StateError, Store
from briefing.digest.store import now as now_utc
from briefing.digest.stories import group_stories
from briefing.errors import BriefingError
from briefing.ingest.files import load_sources
from briefing.model.settings import ModelSettings
from briefing.pipeline import brief_from_documents, choose_engine, make_engine
from briefing.render.jinja import plural
from briefing.schemas import Brief, Document, SourceError

log = logging.getLogger(__name__)


class NotRecorded(BriefingError):
    """The message went out but could not be recorded: the next run sends it again."""


class RunFailed(BriefingError):
    """An error nobody planned for; one digest's, so the other digests still run."""


@dataclass
class RunResult:
    """What one run did ('sent', 'written to the outbox', 'resent', 'nothing new', 'dry run'),
    and with what."""

    digest: str
    status: str
    documents: int = 0
    stories: int = 0
    delivered_to: str | None = None
    message: EmailMessage | None = None
    errors: list[SourceError] = field(default_factory=list)


class NothingToResend(BriefingError):
    """--resend before the digest has sent anything."""


class SourcesFailed(BriefingError):
    """Every source of a digest failed: that is an outage, not a quiet day."""


def gather(
    config: DigestConfig, store: Store, fetcher: Fetcher, *, dry_run: bool = False
) -> tuple[list[Document], list[SourceError]]:
    """Every document the digest's sources hold now that it has not sent yet.

    Raises SourcesFailed when sources failed and none gave anything, sent before or not.
    """
    local = [s for s in config.sources if "://" not in s]
    pages = [s for s in config.sources if "://" in s]
    docs, errors = load_sources(local) if local else ([], [])
    for feed in config.feeds:
        try:
            pages.extend(_feed_links(fetcher, store, feed, save=not dry_run))
        except FetchError as e:
            errors.append(SourceError(source=feed, message=str(e)))
    pages = list(dict.fromkeys(pages))
    unsent_pages = [u for u in pages if not store.url_sent(config.name, u)]
    fetched, failed = fetch_sources(fetcher, unsent_pages, len(docs) + 1)
    errors.extend(failed)
    found = docs + fetched
    known = len(pages) - len(unsent_pages)
    if errors and not found and not known:
        reasons = "; ".join(str(e) for e in errors[:3])
        raise SourcesFailed(f"every source failed ({reasons})")
    if not dry_run:
        store.mark_seen([(_url(d), d.id) for d in found])
    new = [d for d in found if not store.is_sent(config.name, d.id, _url(d))]
    unique = list({d.id: d for d in new}.values())  # the same article from two feeds
    return unique, errors


def _feed_links(fetcher: Fetcher, store: Store, feed: str, *, save: bool) -> list[str]:
    """The feed's entry links; unchanged feeds (304) answer from the links stored last time."""
    result = fetcher.feed(feed, store.validators(feed))
    if result.links is None:
        log.info("%s: not modified since the last run", feed)
        return store.feed_links(feed)
    if save:
        store.save_feed(feed, result.validators, result.links)
    return result.links


def _url(doc: Document) -> str | None:
    return doc.source if "://" in doc.source else None


def run_digest(
    config: DigestConfig, store: Store, *, dry_run: bool = False, now: datetime | None = None
) -> RunResult:
    """One run: gather, group into stories, brief each, send, then record what was sent.

    Every run but a dry run is recorded in the store's runs, a failed one with its reason.
    """
    try:
        result = _guarded(config, store, dry_run, now)
    except (StateBusy, StateError):
        raise  # the other run records its own; a broken state file takes no record
    except BriefingError as e:
        if not dry_run and not isinstance(e, NotRecorded):
            _record(store, config, RunResult(config.name, "failed"), str(e))
        raise
    if not dry_run:
        _record(store, config, result, result.delivered_to)
    return result


def _guarded(config: DigestConfig, store: Store, dry_run: bool, now: datetime | None) -> RunResult:
    """The run, holding the state's lock from gathering to recording (a dry run records
    nothing, so it takes none)."""
    with _planned(config.name):
        if dry_run:
            return _run(config, store, dry_run, now)
        with store.exclusive():
            return _run(config, store, dry_run, now)


@contextmanager
def _planned(digest: str) -> Iterator[None]:
    """Any unplanned error as one RunFailed line: one digest's bug must not take the others
    down, nor print a traceback (-vv logs it)."""
    try:
        yield
    except BriefingError:
        raise
    except Exception as e:
        log.debug("digest %s: unexpected error", digest, exc_info=True)
        raise RunFailed(_unexpected(e)) from None


def _unexpected(error: BaseException) -> str:
    """An unplanned error in one line: its type and what it says (a file error's path)."""
    if isinstance(error, OSError) and error.filename is not None:
        detail = f"{error.strerror or error}: {error.filename}"
    else:
        detail = str(error) or "(no message)"
    return f"unexpected {type(error).__name__}: {' '.join(detail.split())}"


def _run(config: DigestConfig, store: Store, dry_run: bool, now: datetime | None) -> RunResult:
    fetcher = Fetcher(config.fetch)
    try:
        docs, errors = gather(config, store, fetcher, dry_run=dry_run)
    finally:
        fetcher.close()
    for e in errors:
        log.error("digest %s: error: %s", config.name, e)
    if not docs:
        log.info("digest %s: nothing new since the last one; nothing sent", config.name)
        return RunResult(config.name, "nothing new", errors=errors)
    groups = group_stories(docs)
    briefs = _briefs([story.documents for story in groups], config)
    digest = Digest(config, briefs, errors, now or datetime.now(ZoneInfo(config.timezone)))
    message = compose(digest)
    result = RunResult(config.name, "dry run", len(docs), len(briefs), message=message)
    result.errors = errors
    if dry_run:
        return result
    if config.archive.base_url:
        for name, page in full_briefs(digest):
            write_atomic(config.archive.folder / name, page)
    delivered = deliver(message, config.delivery, config.recipients)
    result.delivered_to = delivered.where
    _record_delivery(store, config, message, docs, len(briefs), delivered)
    result.status = delivered.how
    stories, documents = plural(len(briefs), "story", "stories"), plural(len(docs), "document")
    what = f"{stories} from {documents}"
    if delivered.how == "sent":
        log.info(
            "digest %s: sent %s to %s (%s)",
            config.name,
            what,
            ", ".join(config.recipients),
            delivered.where,
        )
    else:
        log.info("digest %s: %s written to the outbox: %s", config.name, what, delivered.where)
    return result


def _record_delivery(
    store: Store,
    config: DigestConfig,
    message: EmailMessage,
    docs: list[Document],
    stories: int,
    delivered: Delivered,
) -> None:
    sent = [(_url(d), d.id) for d in docs]
    try:
        store.record_delivery(config.name, config.recipients, message, sent, stories)
    except Exception as e:  # whatever stops the record, the message is out: say so
        reason = str(e) if isinstance(e, BriefingError) else _unexpected(e)
        raise NotRecorded(
            f"{delivered.how} ({delivered.where}) but not recorded ({reason}); the next run "
            f"sends these {len(docs)} documents again"
        ) from None


def _record(store: Store, config: DigestConfig, result: RunResult, detail: str | None) -> None:
    """Note the run in the store; a store that cannot take it is logged, not fatal."""
    run = Run(now_utc(), result.status, result.documents, result.stories, detail)
    try:
        store.record_run(config.name, run)
    except StateError as e:
        log.error("digest %s: run not recorded: %s", config.name, e)


def resend(config: DigestConfig, store: Store, *, now: datetime | None = None) -> RunResult:
    """Deliver the digest's last message again, as it was, with a new Date and Message-ID."""
    with _planned(config.name), store.exclusive():
        return _resend(config, store, now)


def _resend(config: DigestConfig, store: Store, now: datetime | None) -> RunResult:
    last = store.last_message(config.name)
    if last is None:
        raise NothingToResend(f"{config.name} has not sent anything yet (state {store.path})")
    message = email.message_from_bytes(last.message, _class=EmailMessage, policy=SMTP)
    when = now or datetime.now(ZoneInfo(config.timezone))
    message.replace_header("Date", format_datetime(when))
    message.replace_header("Message-ID", message_id(config))
    delivered = deliver(message, config.delivery, config.recipients)
    result = RunResult(
        config.name, "resent", last.documents, last.stories, delivered.where, message
    )
    _record(store, config, result, f"{delivered.how}: {delivered.where}")
    log.info("digest %s: the last digest %s again: %s", config.name, delivered.how, delivered.where)
    return result


def _briefs(stories: list[list[Document]], config: DigestConfig) -> list[Brief]:
    """A brief per story, all read by one engine, named once on stderr."""
    m = config.model
    settings = ModelSettings.from_env(
        model=m.model,
        base_url=m.base_url,
        json_schema=not m.json_object,
        concurrency=m.concurrency,
        timeout=m.timeout,
    )
    engine = make_engine(choose_engine(m.engine, settings), settings)
    try:
        return [
            brief_from_documents(_relabelled(docs), engine=engine, close_engine=False)
            for docs in stories
        ]
    finally:
        engine.close()


def _relabelled(docs: list[Document]) -> list[Document]:
    return [d.model_copy(update={"label": n}) for n, d in enumerate(docs, 1)]


def next_run(config: DigestConfig, after: datetime) -> datetime:
    """When the digest's cron schedule fires next, in its time zone."""
    local = after.astimezone(ZoneInfo(config.timezone))
    return croniter(config.schedule, local).get_next(datetime)


def serve(configs: list[DigestConfig], store: Store, stop: threading.Event) -> int:
    """Run each digest on its schedule until `stop` is set; return how many runs were made."""
    zone = ZoneInfo("UTC")
    due = {c.name: next_run(c, datetime.now(zone)) for c in configs}
    for c in configs:
        log.info("digest %s: next run at %s", c.name, due[c.name].isoformat(timespec="seconds"))
    runs = 0
    while not stop.is_set():
        name = min(due, key=lambda n: due[n])
        wait = (due[name] - datetime.now(zone)).total_seconds()
        if wait > 0 and stop.wait(wait):
            break
        config = next(c for c in configs if c.name == name)
        _run_logged(config, store)
        runs += 1
        due[name] = next_run(config, datetime.now(zone))
        log.info("digest %s: next run at %s", name, due[name].isoformat(timespec="seconds"))
    log.info("stopped after %d run%s", runs, "" if runs == 1 else "s")
    return runs


def _run_logged(config: DigestConfig, store: Store) -> None:
    """A scheduled run; a failure is logged and the schedule goes on."""
    log.info("digest %s: run started", config.name)
    try:
        run_digest(config, store)
    except Exception as e:  # the server must outlive one bad run
        log.error("digest %s: run failed: %s", config.name, e)
