"""The ``outturn`` command: ingest, extract, sql, compare, eval.

Every command's help ends with an example (tests/test_cli.py fails otherwise). Domain
errors become a one-line ``Error: ...`` and a non-zero exit; a batch reports each failed
document on stderr and goes on.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from outturn import __version__
from outturn.cli_common import (db_option, echo_rows, format_option, format_table, open_read_only, period_filter,
                                resolve_indicator)
from outturn.cli_compare import echo_neighbours, reconcile
from outturn.cli_review import lexicon, review
from outturn.cli_serve import serve
from outturn.errors import DatabaseError, OutturnError

# Prefect's defaults for a command-line run; a user's own environment wins.
_PREFECT_DEFAULTS = {
    "PREFECT_LOGGING_LEVEL": "WARNING",  # keep flow/task INFO lines out of the summary
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",  # first start takes ~15 s
}


# -- commands ---------------------------------------------------------------------------


class _Group(click.Group):
    """A command group that turns outturn's domain errors into one-line click errors."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OutturnError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="outturn")
def main() -> None:
    """Children's services performance figures from council committee papers.

    \b
    Example:
        outturn ingest corpus/ --db outturn.duckdb
        outturn compare cla_rate_per_10k --db outturn.duckdb
    """


class _Progress:
    """A progress bar on stderr, started when the first document is reported."""

    def __init__(self, label: str = "ingesting"):
        self.bar = None
        self.done = 0
        self.label = label

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                         item_show_func=lambda p: Path(p).name if p else None)
            self.bar.__enter__()
        self.bar.current_item = path
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--dask", "dask_address", metavar="tcp://HOST:PORT",
              help="Extract on this Dask cluster (needs outturn[dask]); writes stay in this process.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Extraction processes [default: one per core; none for a small batch].")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], db: str, dask_address: str | None,
           workers: int | None) -> None:
    """Read PATHS (files or folders), extract their statements and load them into --db.

    A document already loaded by this extractor version is skipped, so running it
    again is cheap. Each failed file is reported on stderr; the exit status is 1 when
    any failed. A large batch is extracted by --workers processes; with --dask the
    documents are extracted on a Dask cluster.

    \b
    Example:
        outturn ingest corpus/ --db outturn.duckdb
        outturn ingest papers/2024/ --db outturn.duckdb --workers 4
        outturn ingest corpus/ --db outturn.duckdb --dask tcp://10.0.0.5:8786
    """
    from outturn import processing
    from outturn.store import Store

    for name, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    # Fail fast, before Prefect starts, on a locked or broken database or a bad manifest.
    Store.open(db).close()
    processing.discover(paths)
    from outturn.flows.ingest import ingest as ingest_flow
    from outturn.flows.ingest import on_dask

    if dask_address is not None:
        try:
            ingest_flow = on_dask(dask_address)
        except ImportError as exc:
            raise click.ClickException(f"--dask needs prefect-dask: pip install 'outturn[dask]' ({exc})") from exc

    progress = _Progress()
    try:
        summary = ingest_flow(paths=[str(p) for p in paths], db=db, progress=progress, workers=workers)
    finally:
        progress.close()
    for path, warning in summary.warnings:
        click.echo(f"warning: {path}: {warning}", err=True)
    for path, reason in summary.failures:
        click.echo(f"error: {path}: {reason}", err=True)
    click.echo(summary.line())
    if summary.failed:
        ctx.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(["jsonl", "csv"], "jsonl")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Extraction processes [default: one per core; none for a small batch].")
@click.pass_context
def extract(ctx: click.Context, files: tuple[Path, ...], fmt: str, workers: int | None) -> None:
    """Print the statements in FILES (files or folders; no database), one per line as
    JSON or as CSV, with exactly the export contract's keys, in the order of FILES.

    A failed file is reported on stderr and the rest go on; the exit status is 1 when
    any failed. A large batch is extracted by --workers processes.

    \b
    Example:
        outturn extract corpus/leeds-kpi-2023.txt --format csv > statements.csv
    """
    from outturn import processing

    paths = processing.discover(files)
    out = sys.stdout
    out.write(processing.format_statements([], fmt, header=True))
    workers = processing.extraction_workers(len(paths), workers)
    progress = _Progress("extracting") if sys.stderr.isatty() else None
    failed = 0
    with contextlib.ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(processing.WorkerPool(workers, fork=True))
            results = (processing.formatted_result(p, f) for p, f in processing.in_order(
                paths, lambda p: pool.submit(processing.extract_formatted, p, fmt), 2 * workers))
        else:
            results = (processing.extract_formatted(path, fmt) for path in paths)
        for done, result in enumerate(results, 1):
            if result.error is not None:
                click.echo(f"error: {result.path}: {result.error}", err=True)
                failed += 1
            for warning in result.warnings:
                click.echo(f"warning: {result.path}: {warning}", err=True)
            out.write(result.text)
            if progress is not None:
                progress(done, len(paths), result.path)
    if progress is not None:
        progress.close()
    if failed:
        ctx.exit(1)


@main.command()
@click.argument("query")
@db_option
@format_option(["table", "csv", "json"], "table")
def sql(query: str, db: str, fmt: str) -> None:
    """Run a read-only SQL QUERY against --db.

    Tables: documents, statements, corrections, ingest_runs, failures; views: facts,
    council_comparison.

    \b
    Example:
        outturn sql "SELECT council, count(*) FROM facts GROUP BY 1" --format csv
    """
    with open_read_only(db) as store:
        try:
            columns, rows = store.query(query)
        except DatabaseError as exc:
            raise click.ClickException(str(exc)) from exc
    echo_rows(columns, rows, fmt)


_COMPARE_COLUMNS = ("council", "period_end", "unit", "actual", "target", "national", "regional",
                    "statistical_neighbour", "documents")


@main.command()
@click.argument("indicators", nargs=-1, required=True)
@db_option
@click.option("--period", help="Only periods ending on this ISO date, or in this year/month (2023, 2023-03).")
@format_option(["table", "csv", "json"], "table")
@click.option("--neighbours", metavar="COUNCIL",
              help="Instead: COUNCIL's figures beside the published values of its 10 statistical neighbours.")
def compare(indicators: tuple[str, ...], db: str, period: str | None, fmt: str,
            neighbours: str | None) -> None:
    """Show councils side by side for each of INDICATORS: each council's figure beside
    the target and the national, regional and statistical-neighbour figures it reported.

    An indicator is a lexicon id or words the lexicon matches ("children in care rate").
    With --neighbours COUNCIL: that council's reported figures beside the values DfE
    published for its ten statistical neighbours in the same year, and their mean.

    \b
    Example:
        outturn compare cla_rate_per_10k "re-referrals within 12 months" --period 2023
        outturn compare rereferrals_12m_pct --neighbours Rotherham
    """
    columns = ", ".join(_COMPARE_COLUMNS)
    with open_read_only(db) as store:
        if neighbours:
            return echo_neighbours(store, indicators, neighbours, period, fmt)
        records = []  # csv/json: one header (one array) for all the indicators
        for index, words in enumerate(indicators):
            indicator_id, name = resolve_indicator(words, store)
            if indicator_id is None:
                raise click.ClickException(f"no indicator matches {words!r}; see `outturn sql "
                                           "\"SELECT DISTINCT indicator_id FROM facts\"`")
            _, rows = store.query(
                f"SELECT {columns} FROM council_comparison WHERE indicator_id = ? "
                f"AND {period_filter('period_end')}",
                [indicator_id, period, period],
            )
            if fmt != "table":
                records += [(indicator_id,) + tuple(r) for r in rows]
                continue
            click.echo(("\n" if index else "") + f"{indicator_id}: {name or words}")
            if rows:
                click.echo(format_table(_COMPARE_COLUMNS, rows))
            else:
                click.echo("  (no statements for this indicator" + (f" in {period}" if period else "") + ")")
    if fmt != "table":
        echo_rows(("indicator_id",) + _COMPARE_COLUMNS, records, fmt)


@main.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", type=click.Choice(["prose", "table"]),
              help="Score only statements of this source (gold and predicted).")
@click.pass_context
def evaluate(ctx: click.Context, gold: Path, paths: tuple[Path, ...], source: str | None) -> None:
    """Extract PATHS and score the statements against the GOLD JSON Lines file.

    A PATH ending in .jsonl is taken as statements already extracted (the output of
    `outturn extract`); any other PATH is a document or folder to extract. Documents
    that fail are reported on stderr (exit status 1) and score as finding nothing.

    \b
    Example:
        outturn eval ../shared/gold/seeds.jsonl ../shared/seeds/ --source table
    """
    from outturn import processing
    from outturn.evaluation import filter_source, format_report, load_jsonl, score

    gold_rows = load_jsonl(gold)
    predicted: list[dict] = []
    failed = 0
    for path in paths:
        if path.suffix.lower() == ".jsonl":
            predicted += load_jsonl(path)
            continue
        for document in processing.discover([path]):
            result = processing.process_document(document)
            if not result.ok:
                click.echo(f"error: {document}: {result.error}", err=True)
                failed += 1
            predicted += [s.to_dict() for s in result.statements]
    click.echo(format_report(score(filter_source(gold_rows, source), filter_source(predicted, source))))
    if failed:
        ctx.exit(1)


# Command groups kept in their own modules.
main.add_command(review)
main.add_command(lexicon)
main.add_command(reconcile)
main.add_command(serve)
