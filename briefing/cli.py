"""The `briefing` command."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import MofNCompleteColumn, TaskID
from rich.progress import Progress as RichProgress

from briefing.atomic import check_target, through_links, write_atomic
from briefing.check.models import CHECK_FORMATS, CheckReport
from briefing.check.report import REPORT_FORMATS, render_report
from briefing.digest.config import (
    Config,
    ConfigError,
    DigestConfig,
    Fetching,
    config_path,
    default_state_path,
    load_config,
)
from briefing.digest.fetch import Fetcher
from briefing.digest.store import Store
from briefing.errors import BriefingError, ExitCode, UsageError
from briefing.extract.engine import Progress
from briefing.ingest.files import MAX_BYTES, URL, Fetch
from briefing.model.settings import ModelSettings
from briefing.pipeline import ENGINES, NoUsableSources, build_brief
from briefing.render import FORMATS, render
from briefing.render.jinja import plural
from briefing.render.safe import shown
from briefing.schemas import Brief, Extraction, Length

log = logging.getLogger("briefing")
OUTPUT_FAILED = ExitCode.output


class _Interruptible(click.Group):
    """Ctrl-C ends any command with one line and exit 130, not click's "Aborted!" and 1; a
    usage error is one line and exit 2, not click's block of usage, hint and error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            log.error("error: interrupted")
            sys.exit(ExitCode.interrupted)
        except click.UsageError as e:
            # Raised before the command sets up logging: written here, on one line.
            where = e.ctx.command_path if e.ctx else ctx.command_path
            line = f"briefing: error: {e.format_message()} (see {where} --help)"
            click.echo(shown(line), err=True)
            sys.exit(ExitCode.usage)


class LengthType(click.ParamType):
    """short, standard, full, or a positive number of words."""

    name = "short|standard|full|WORDS"
    MIN_WORDS = 20  # fewer than a bottom line's sentence: not a brief

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Length | int):
            return value
        if value in {n.value for n in Length}:
            return Length(value)
        if str(value).isdigit() and int(value) >= self.MIN_WORDS:
            return int(value)
        self.fail(
            f"{value!r}: give short, standard, full or a number of words "
            f"(at least {self.MIN_WORDS})",
            param,
            ctx,
        )


class _OneLineFormatter(logging.Formatter):
    """Each record on one line of plain text: a file name holding a newline, a terminal escape
    or a bidi override can neither forge a line of its own nor hide or reorder one."""

    def format(self, record: logging.LogRecord) -> str:
        return shown(super().format(record))


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("briefing: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def model_options(command: Callable) -> Callable:
    """The options that say which model to use and how to talk to it."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="auto",
            show_default=True,
            help="Who reads the articles: 'llm' (a model), 'extractive' (offline), or 'auto' "
            "(the model when OPENAI_API_KEY or a base URL is set).",
        ),
        click.option("-m", "--model", help="Model name [env BRIEFING_MODEL; default gpt-4o-mini]."),
        click.option(
            "--base-url",
            help="OpenAI-compatible endpoint, e.g. http://localhost:8080/v1 [env OPENAI_BASE_URL].",
        ),
        click.option(
            "--json-object",
            is_flag=True,
            help="Ask for plain JSON mode instead of a strict json_schema (for servers "
            "without structured outputs; also chosen on the server's 400).",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 64),
            default=4,
            show_default=True,
            help="Documents read by the model at once.",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache."),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Where responses are cached [env BRIEFING_CACHE_DIR; default: user cache dir].",
        ),
        click.option(
            "--attempts",
            type=click.IntRange(1, 20),
            default=5,
            show_default=True,
            help="Tries per request when the endpoint fails transiently (429, 5xx, timeouts).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            help="Most seconds one model request may take, from connecting to the reply's last "
            "byte [env BRIEFING_TIMEOUT; default 120].",
        ),
        click.option(
            "--max-tokens",
            type=click.IntRange(64),
            default=4096,
            show_default=True,
            help="Most tokens the model may write per reply.",
        ),
        click.option(
            "--split-chars",
            type=click.IntRange(500),
            default=12_000,
            show_default=True,
            help="Documents longer than this are read in parts, split at paragraphs.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def settings_from(options: dict) -> ModelSettings:
    """Model settings from the environment, overridden by what was given on the command line."""
    return ModelSettings.from_env(
        model=options.pop("model"),
        base_url=options.pop("base_url"),
        json_schema=not options.pop("json_object"),
        concurrency=options.pop("concurrency"),
        use_cache=not options.pop("no_cache"),
        cache_dir=options.pop("cache_dir"),
        max_tokens=options.pop("max_tokens"),
        timeout=options.pop("timeout"),
        max_attempts=options.pop("attempts"),
        split_chars=options.pop("split_chars"),
    )


@click.group(cls=_Interruptible, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def main() -> None:
    """Turn several articles about one story into an executive brief you can trust.

    Every point, figure and quote in a brief is traced to the exact characters of a
    source and checked by code; what cannot be found is dropped and listed.
    """


@main.command(short_help="Write a brief of files, folders or standard input.")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the brief here (atomically) instead of to stdout; its extension (.md, .json, "
    ".html) picks the format unless --format says otherwise. The folder must exist; a symlink "
    "is written through, a read-only file is refused.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="md, json or html [default: from -o's extension, else md].",
)
@model_options
@click.option(
    "--length",
    type=LengthType(),
    default=Length.standard.value,
    show_default=True,
    help="How much the brief shows before 'More': short (a minute), standard (two), full, "
    "or a number of words for the bottom line and key points together.",
)
@click.option(
    "--strict", is_flag=True, help="Exit 3 if any input failed or any extracted item was dropped."
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=MAX_BYTES,
    show_default=True,
    help="Skip input files larger than this.",
)
@click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def brief(
    sources: tuple[str, ...],
    output: Path | None,
    fmt: str | None,
    engine: str,
    length: Length | int,
    strict: bool,
    max_bytes: int,
    verbose: int,
    quiet: bool,
    **model: Any,
) -> None:
    """Write a brief of SOURCES: files (.txt, .md, .html), folders, http(s) URLs, or - for
    stdin.

    \b
    Examples:
      briefing brief seeds/
      briefing brief seeds/ -o brief.md
      briefing brief https://example.com/a.html https://example.com/b.html notes.md
      briefing brief a.html b.txt -o brief.json
      cat article.txt | briefing brief -
      briefing brief seeds/ --engine llm --model gpt-4o-mini
      briefing brief seeds/ --base-url http://localhost:11434/v1 --model llama3.2

    \b
    Exit codes:
      0  brief written (unusable inputs are reported and skipped)
      1  no usable input
      2  usage error (also: --engine llm with no endpoint, -o into a missing folder)
      3  --strict, and an input failed or an extracted item was dropped
      4  the model endpoint failed in a way retrying cannot fix (key, model, URL)
      5  the brief could not be written (disk full, read-only file, folder not writable)
    """
    _setup_logging(verbose, quiet)
    fmt = fmt or format_of(output)
    if output is not None:
        _check_output(output)
    settings = settings_from(model)
    with _fetcher(sources, max_bytes) as fetch, _progress_bar(enabled=not quiet) as progress:
        result = _build(
            sources,
            engine,
            settings,
            max_bytes=max_bytes,
            progress=progress,
            length=length,
            fetch=fetch,
        )
    for err in result.source_errors:
        log.error("error: %s", err)
    _emit(render(result, fmt), output)
    _report(result, verbose)
    dropped = sum(result.validation.dropped.values())
    if strict and (dropped or result.source_errors):
        log.error(
            "strict: %d extracted items were dropped, %d inputs could not be used",
            dropped,
            len(result.source_errors),
        )
        sys.exit(ExitCode.strict)


def _build(sources: tuple[str, ...], engine: str, settings: ModelSettings, **options: Any) -> Brief:
    """The brief, or a one-line error and the exit code that says what failed."""
    try:
        return build_brief(
            sources, engine=engine, settings=settings, stdin=sys.stdin.buffer, **options
        )
    except BriefingError as e:
        fail(e, "; nothing written")


def fail(error: BriefingError, consequence: str = "") -> NoReturn:
    """Say what failed, one line per problem, and exit with the error's code."""
    for problem in error.problems():
        log.error("error: %s", problem)
    log.error("error: %s%s", error, consequence)
    sys.exit(error.exit_code)


@contextmanager
def _fetcher(sources: tuple[str, ...], max_bytes: int) -> Iterator[Fetch | None]:
    """The digest's fetcher (its timeouts, size cap and redirects) when a source is a URL."""
    if not any(URL.match(s) for s in sources):
        yield None
        return
    fetcher = Fetcher(Fetching(max_bytes=max_bytes, user_agent="briefing"))
    try:
        yield fetcher.page
    finally:
        fetcher.close()


@contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Progress | None]:
    """A progress callback that draws a bar on a terminal, for runs of two documents or more."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (*RichProgress.get_default_columns(), MofNCompleteColumn())
    with RichProgress(*columns, console=console, transient=True) as bar:
        tasks: list[TaskID] = []

        def advance(done: int, total: int) -> None:
            if total < 2:
                return
            if not tasks:
                tasks.append(bar.add_task("reading", total=total))
            bar.update(tasks[0], completed=done)

        yield advance


OUTPUT_FORMATS = {
    **{".json": "json", ".html": "html", ".htm": "html"},
    **dict.fromkeys((".md", ".markdown", ".txt"), "md"),
}


def format_of(output: Path | None) -> str:
    """The format an output file's extension asks for: brief.html is HTML, no extension is
    Markdown; a format's extension we do not write (brief.pdf) is a usage error, a dated
    name (brief.2026-12-01) is not."""
    suffix = output.suffix.lower() if output else ""
    if output is not None and suffix[1:].isalpha() and suffix not in OUTPUT_FORMATS:
        fail(
            UsageError(
                f"{shown(str(output))}: no {suffix} output; name a .md, .html or .json "
                "file, or give --format"
            )
        )
    return OUTPUT_FORMATS.get(suffix, "md")


def _check_output(output: Path) -> None:
    """Refuse an -o the brief could not be written to before reading anything, not after."""
    target = through_links(output)
    try:
        check_target(target)
    except OSError as exc:
        _write_failed(output, exc)
    if not target.parent.is_dir():
        log.error("error: %s: the folder %s does not exist; nothing written", output, target.parent)
        sys.exit(ExitCode.usage)


def _emit(text: str, output: Path | None) -> None:
    try:
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_atomic(output, text)
    except OSError as exc:
        _write_failed(output, exc)
    if output is not None:
        log.info("wrote %s", output)


def _write_failed(output: Path | None, exc: OSError) -> NoReturn:
    """One line naming where the brief could not go and why, and exit OUTPUT_FAILED."""
    reason = exc.strerror or str(exc)
    if output is not None:
        log.error("error: %s: cannot write the brief: %s; nothing written", output, reason)
    else:
        log.error("error: standard output: cannot write the brief: %s; it may be cut short", reason)
        _discard_stdout()
    sys.exit(OUTPUT_FAILED)


def _discard_stdout() -> None:
    # What is still buffered would fail again at exit, as a second, unasked-for message.
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _report(result: Brief, verbose: int) -> None:
    v = result.validation
    log.info(
        "%s; %d items extracted, %d kept, %d dropped",
        plural(len(result.sources), "source"),
        sum(v.extracted.values()),
        sum(v.kept.values()),
        sum(v.dropped.values()),
    )
    if verbose:
        for item in v.dropped_items:
            codes = ", ".join(i.code.value for i in item.issues)
            log.info("dropped %s (%s): %s", item.item_id, codes, item.text[:80])
    if result.engine == "llm":
        u = result.usage
        log.info(
            "model %s: %d calls, %d cache hits, %d re-asks (%d items fixed); tokens: %d prompt "
            "(%d cached), %d completion; bottom line by %s",
            result.model,
            u.calls,
            u.cache_hits,
            u.reasks,
            u.reask_fixed,
            u.prompt_tokens,
            u.cached_prompt_tokens,
            u.completion_tokens,
            result.written_by,
        )


@main.command(short_help="Print the JSON schema of an extraction or of the brief.")
@click.argument("name", type=click.Choice(["extraction", "brief"]), default="extraction")
def schema(name: str) -> None:
    """Print the JSON schema of what a reader returns per document, or of the brief."""
    model = Extraction if name == "extraction" else Brief
    click.echo(json.dumps(model.model_json_schema(), indent=2))


@main.command(short_help="Print where the cache, the digest config and its state are.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Digest config.")
def paths(config_file: Path | None) -> None:
    """Print where briefing keeps things: the response cache, the digest config and state."""
    from briefing.model.cache import CACHE_FILE, default_cache_dir

    config = config_path(config_file)
    try:
        state = str(load_config(config).state)
    except ConfigError:
        state = f"{default_state_path()} (the default: {config} cannot be read)"
    click.echo(f"response cache  {default_cache_dir() / CACHE_FILE}")
    click.echo(f"digest config   {config}")
    click.echo(f"digest state    {state}")


@main.command("check", short_help="Audit a brief against its sources: numbers, quotes, names.")
@click.argument("brief_file", metavar="BRIEF")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here (atomically); its extension picks the format.",
)
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), help="md, html or json [default: md]."
)
@click.option(
    "--brief-format",
    type=click.Choice(CHECK_FORMATS),
    help="What BRIEF is [default: from its extension, else its first characters].",
)
@click.option(
    "--strict", is_flag=True, help="Exit 3 if any unit is unsupported or anything is wrong."
)
@click.option(
    "--judge",
    is_flag=True,
    help="Ask the model (the same endpoint settings as --engine llm) whether the evidence "
    "entails the units code cannot settle; its answers are shown as the model's judgement.",
)
@click.option("-m", "--model", help="Model for --judge [env BRIEFING_MODEL].")
@click.option("--base-url", help="Endpoint for --judge [env OPENAI_BASE_URL].")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Most seconds one model request may take [env BRIEFING_TIMEOUT; default 120].",
)
@click.option("--max-bytes", type=click.IntRange(min=1), default=MAX_BYTES, show_default=True)
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def check(
    brief_file: str,
    sources: tuple[str, ...],
    output: Path | None,
    fmt: str | None,
    brief_format: str | None,
    strict: bool,
    judge: bool,
    max_bytes: int,
    verbose: int,
    quiet: bool,
    **model: Any,
) -> None:
    """Check BRIEF (Markdown, plain text, HTML, or a JSON brief of ours; - for stdin) against
    SOURCES (what `briefing brief` reads): every number, quotation, speaker and proper name,
    unit by unit, with the passages that support it.

    \b
    Examples:
      briefing check notes.md seeds/
      briefing check answer.txt a.html b.html -o report.html
      briefing check brief.json seeds/ --strict

    \b
    Exit codes:
      0  report written
      1  BRIEF or every source unusable
      2  usage error
      3  --strict, and a unit is unsupported or a number, quote, speaker or name is wrong
      4  --judge, and the model endpoint failed in a way retrying cannot fix
      5  the report could not be written
    """
    from briefing.check import NotOurBrief, check_text, detect_format
    from briefing.ingest.files import load_sources, read_text

    _setup_logging(verbose, quiet)
    fmt = fmt or format_of(output)
    if output is not None:
        _check_output(output)
    try:
        text = read_text(brief_file, max_bytes, sys.stdin.buffer)
    except BriefingError as e:
        fail(e.__class__(f"{shown(brief_file)}: {e}"), "; nothing checked")
    with _fetcher(sources, max_bytes) as fetch:
        docs, errors = load_sources(sources, max_bytes=max_bytes, fetch=fetch)
    if not docs:
        fail(NoUsableSources(errors), "; nothing checked")  # says each error once
    for err in errors:
        log.error("error: %s", err)
    kind = brief_format or detect_format(brief_file, text)
    try:
        report = check_text(text, docs, fmt=kind, name=brief_file, errors=errors)
    except NotOurBrief as e:
        fail(
            UsageError(f"{shown(brief_file)}: {e}"), "; give --brief-format md to check it as text"
        )
    if judge:
        report = _judged(report, ModelSettings.from_env(**model))
    _emit(render_report(report, fmt), output)
    s = report.summary
    log.info(
        "%d units: %d supported, %d partly, %d unsupported, %d not checkable",
        s.units,
        s.supported,
        s.partly,
        s.unsupported,
        s.uncheckable,
    )
    if strict and not s.clean:
        log.error(
            "strict: %d units unsupported, %d said the other way round; %d numbers, %d quotes, "
            "%d speakers, %d names wrong",
            s.unsupported,
            s.turned_around,
            s.numbers_wrong,
            s.quotes_wrong,
            s.speakers_wrong,
            s.names_wrong,
        )
        sys.exit(ExitCode.strict)


def _judged(report: CheckReport, settings: ModelSettings) -> CheckReport:
    """The report with the model's judgement on the units code could not settle."""
    from briefing.check.judge import judge_units

    if not settings.configured:
        raise click.UsageError("--judge needs an endpoint: set OPENAI_API_KEY or --base-url")
    try:
        return judge_units(report, settings)
    except BriefingError as e:
        fail(e, "; nothing written")


@main.command("eval", short_help="Score a brief against a rubric or annotated quotations.")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--rubric",
    type=click.Path(exists=True, dir_okay=False),
    help="Rubric JSON: points, which files support each, noise strings.",
)
@click.option(
    "--quotes",
    type=click.Path(exists=True, dir_okay=False),
    help="Annotated quotations (JSON lines: file, quote, speaker, aliases): score the "
    "speakers the brief shows.",
)
@model_options
@click.option("--json", "as_json", is_flag=True, help="Print the full evaluation as JSON.")
def evaluate_command(
    sources: tuple[str, ...],
    rubric: str | None,
    quotes: str | None,
    engine: str,
    as_json: bool,
    **model: Any,
) -> None:
    """Score the brief of SOURCES against a rubric, or its speakers against annotated
    quotations, and print the figures.

    \b
    Examples:
      briefing eval seeds/ --rubric eval/seeds-rubric.json
      briefing eval seeds/ --quotes ../shared/eval/seeds-quotes.jsonl
    """
    from briefing.evaluate import evaluate, load_quotes, load_rubric, score_speakers

    if rubric is None and quotes is None:
        raise click.UsageError("give --rubric, --quotes or both")
    _setup_logging(0, True)
    result = _build(sources, engine, settings_from(model))
    if rubric is not None:
        scores = evaluate(result, load_rubric(rubric), render(result, "md"))
        if as_json:
            click.echo(scores.model_dump_json(indent=2))
        else:
            _print_rubric(scores)
    if quotes is not None:
        speakers = score_speakers(result, load_quotes(quotes, result.sources))
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(speakers), indent=2))
            return
        for line in speakers.lines():
            click.echo(line)
        for wrong in speakers.wrong:
            click.echo(f"  wrong speaker: {wrong}")


def _print_rubric(scores: Any) -> None:
    for line in scores.lines():
        click.echo(line)
    for p in scores.per_point:
        mark = "ok " if p.recalled and p.got_sources == p.expected_sources else "-- "
        click.echo(f"  {mark}{p.id:<20} sources {p.got_sources}/{p.expected_sources}")
    for n in scores.noise_leaked:
        click.echo(f"  noise leaked: {n!r}")


@main.group(short_help="The scheduled digest: brief what is new and email it.")
def digest() -> None:
    """The scheduled digest: brief what is new since the last one and email it.

    The configuration is a TOML file (see examples/briefing.toml): --config, else
    $BRIEFING_CONFIG, else ./briefing.toml.
    """


def _load_digests(config_file: Path | None, name: str | None) -> tuple[Config, list]:
    try:
        config = load_config(config_path(config_file))
        return config, config.named(name)
    except ConfigError as e:
        fail(e)


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The digest configuration (TOML).",
)


@digest.command("run")
@config_option
@click.option("--name", help="Run only the digest with this name.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Build the email and write it beside the outbox (OUTBOX.preview/); send nothing, "
    "record nothing.",
)
@click.option("--resend", is_flag=True, help="Deliver the last digest again, as it was sent.")
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def digest_run(
    config_file: Path | None,
    name: str | None,
    dry_run: bool,
    resend: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Run each digest once (for cron or a systemd timer).

    \b
    Exit codes:
      0  every digest sent, or had nothing new
      1  a digest could not be delivered, or every source failed (nothing marked as sent)
      2  the configuration is wrong
    """
    _setup_logging(verbose, quiet)
    if dry_run and resend:
        fail(UsageError("--dry-run and --resend do not go together"))
    config, digests = _load_digests(config_file, name)
    store = Store(config.state, read_only=dry_run)
    try:
        failed = [d.name for d in digests if not _run_one(d, store, dry_run, resend)]
    finally:
        store.close()
    sys.exit(ExitCode.no_sources if failed else ExitCode.ok)


def _run_one(config: DigestConfig, store: Store, dry_run: bool, resend: bool) -> bool:
    """One digest's run, resend or dry run; False when it failed (the log says why)."""
    from briefing.digest.mail import write_preview
    from briefing.digest.run import NotRecorded, run_digest
    from briefing.digest.run import resend as resend_last

    try:
        result = (
            resend_last(config, store) if resend else run_digest(config, store, dry_run=dry_run)
        )
    except NotRecorded as e:  # sent, so "not delivered" would be wrong
        log.error("error: digest %s: %s", config.name, e)
        return False
    except BriefingError as e:
        if dry_run:
            log.error("error: digest %s: dry run failed: %s", config.name, e)
        else:
            log.error("error: digest %s not delivered: %s; nothing marked as sent", config.name, e)
        return False
    if dry_run and result.message is not None:
        files = write_preview(result.message, config.delivery, config.name)
        click.echo(f"Subject: {result.message['Subject']}\n")
        plain = result.message.get_body(("plain",))
        click.echo(plain.get_content() if plain is not None else "")
        log.info(
            "digest %s: dry run; the email is in %s (nothing sent, nothing recorded)",
            config.name,
            ", ".join(str(f) for f in files),
        )
    return True


@digest.command("status", short_help="Print the state file and the last runs.")
@config_option
@click.option("--name", help="Only the digest with this name.")
@click.option("--runs", "last", default=10, show_default=True, help="How many runs to show.")
def digest_status(config_file: Path | None, name: str | None, last: int) -> None:
    """Print the state file, and each digest's last runs and what each sent."""
    _setup_logging(0, False)
    config, digests = _load_digests(config_file, name)
    exists = config.state.exists()
    click.echo(f"state: {config.state}{'' if exists else ' (none yet: nothing has run)'}")
    store = Store(config.state, read_only=True)
    try:
        for d in digests:
            click.echo(f"\ndigest {d.name}")
            runs = store.runs(d.name, last)
            for r in runs:
                what = f"{plural(r.stories, 'story', 'stories')}, {plural(r.documents, 'document')}"
                detail = f" ({r.detail})" if r.detail else ""
                click.echo(f"  {r.at}  {r.status}: {what}{detail}")
            if not runs:
                click.echo("  no runs yet")
    except BriefingError as e:  # a corrupt or locked state file: one line, exit 1
        fail(e)
    finally:
        store.close()


@digest.command("serve", short_help="Run each digest on its schedule until stopped.")
@config_option
@click.option("--name", help="Serve only the digest with this name.")
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
def digest_serve(config_file: Path | None, name: str | None, verbose: int) -> None:
    """Stay up and run each digest on its schedule; stop cleanly on SIGTERM or Ctrl-C."""
    from briefing.digest.run import serve

    _setup_logging(verbose, False)
    config, digests = _load_digests(config_file, name)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    store = Store(config.state)
    try:
        serve(digests, store, stop)
    finally:
        store.close()


if __name__ == "__main__":
    main()
