"""The `briefing` command."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path

import click

from briefing.pipeline import ENGINES, NoUsableSources, build_brief
from briefing.render import FORMATS, render
from briefing.schemas import Brief, Extraction
from briefing.sources import MAX_BYTES

EXIT_OK = 0
EXIT_NO_SOURCES = 1
EXIT_USAGE = 2
EXIT_STRICT = 3

log = logging.getLogger("briefing")


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("briefing: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a reader never sees half a brief."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def main() -> None:
    """Turn several articles about one story into an executive brief you can trust.

    Every point, figure and quote in a brief is traced to the exact characters of a
    source and checked by code; what cannot be found is dropped and listed.
    """


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the brief here (atomically) instead of to stdout.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="Who reads the articles. 'extractive' is the offline engine.",
)
@click.option("--strict", is_flag=True, help="Exit 3 if any extracted item was dropped.")
@click.option(
    "--max-bytes",
    type=int,
    default=MAX_BYTES,
    show_default=True,
    help="Skip input files larger than this.",
)
@click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def brief(
    sources: tuple[str, ...],
    output: Path | None,
    fmt: str,
    engine: str,
    strict: bool,
    max_bytes: int,
    verbose: int,
    quiet: bool,
) -> None:
    """Write a brief of SOURCES: files (.txt, .md, .html), folders, or - for stdin.

    \b
    Examples:
      briefing brief seeds/
      briefing brief seeds/ -o brief.md
      briefing brief a.html b.txt --format json -o brief.json
      cat article.txt | briefing brief -

    \b
    Exit codes:
      0  brief written (unusable inputs are reported and skipped)
      1  no usable input
      2  usage error
      3  --strict and at least one extracted item was dropped
    """
    _setup_logging(verbose, quiet)
    try:
        result = build_brief(sources, engine=engine, max_bytes=max_bytes, stdin=sys.stdin.buffer)
    except NoUsableSources as e:
        for err in e.errors:
            log.error("error: %s", err)
        log.error("error: no usable sources; nothing written")
        sys.exit(EXIT_NO_SOURCES)
    for err in result.source_errors:
        log.error("error: %s", err)
    _emit(render(result, fmt), output)
    _report(result, verbose)
    dropped = sum(result.validation.dropped.values())
    if strict and dropped:
        log.error("strict: %d extracted items were dropped", dropped)
        sys.exit(EXIT_STRICT)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        log.info("wrote %s", output)


def _report(result: Brief, verbose: int) -> None:
    v = result.validation
    log.info(
        "%d sources; %d items extracted, %d kept, %d dropped",
        len(result.sources),
        sum(v.extracted.values()),
        sum(v.kept.values()),
        sum(v.dropped.values()),
    )
    if verbose:
        for item in v.dropped_items:
            codes = ", ".join(i.code.value for i in item.issues)
            log.info("dropped %s (%s): %s", item.item_id, codes, item.text[:80])


@main.command()
@click.argument("name", type=click.Choice(["extraction", "brief"]), default="extraction")
def schema(name: str) -> None:
    """Print the JSON schema of what a reader returns per document, or of the brief."""
    model = Extraction if name == "extraction" else Brief
    click.echo(json.dumps(model.model_json_schema(), indent=2))


@main.command("eval")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--rubric",
    type=click.Path(exists=True, dir_okay=False),
    required=True,
    help="Rubric JSON: points, which files support each, noise strings.",
)
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the full evaluation as JSON.")
def evaluate_command(sources: tuple[str, ...], rubric: str, engine: str, as_json: bool) -> None:
    """Score the brief of SOURCES against a rubric and print the figures.

    \b
    Example:
      briefing eval seeds/ --rubric eval/seeds-rubric.json
    """
    from briefing.evaluate import evaluate, load_rubric

    _setup_logging(0, True)
    try:
        result = build_brief(sources, engine=engine)
    except NoUsableSources as e:
        raise click.ClickException("; ".join(str(err) for err in e.errors)) from None
    scores = evaluate(result, load_rubric(rubric), render(result, "md"))
    if as_json:
        click.echo(scores.model_dump_json(indent=2))
        return
    for line in scores.lines():
        click.echo(line)
    for p in scores.per_point:
        mark = "ok " if p.recalled and p.got_sources == p.expected_sources else "-- "
        click.echo(f"  {mark}{p.id:<20} sources {p.got_sources}/{p.expected_sources}")
    for n in scores.noise_leaked:
        click.echo(f"  noise leaked: {n!r}")
