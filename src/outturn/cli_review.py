"""``outturn review`` (export, import, orphans) and ``outturn lexicon`` (export-aliases):
the reviewer's loop on the command line. The logic is in :mod:`outturn.review`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from outturn.cli_common import db_option, echo_rows, format_option, open_read_only


@click.group()
def review() -> None:
    """Check extracted statements in a spreadsheet and apply the corrections.

    Export the statements to review, open the CSV in Excel, set action (accept, reject
    or fix) and the fix_* cells, save, and import it.

    \b
    Example:
        outturn review export --status needs_review -o review.csv
        outturn review import review.csv --reviewer "A. Analyst"
    """


@review.command(name="export")
@db_option
@click.option("--status", type=click.Choice(["needs_review", "unmatched", "auto", "all"]),
              default="needs_review", show_default=True,
              help="Statements whose indicator match has this status.")
@click.option("--council", help="Only this council (its name as in facts).")
@click.option("--indicator", help="Only statements of this indicator id (as matched or fixed).")
@click.option("--doc", help="Only this document: its file name or the start of its doc_id.")
@click.option("--max-confidence", type=float, help="Only statements extracted with confidence <= X.")
@click.option("--unreviewed", is_flag=True, help="Leave out statements that already have a verdict.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The CSV file to write (UTF-8 with BOM, for Excel).")
def export_command(db: str, status: str, council: str | None, indicator: str | None, doc: str | None,
                   max_confidence: float | None, unreviewed: bool, output: Path) -> None:
    """Write one row per statement to review, with empty columns for the reviewer.

    Columns: the statement as extracted (statement_id, status, doc, page, evidence,
    value_text, value, unit, role, period, indicator ...), then action, fix_value,
    fix_unit, fix_role, fix_period_start, fix_period_end, fix_indicator_id, note,
    reviewer (prefilled where a verdict is already held).

    \b
    Example:
        outturn review export --status all --council Leeds -o leeds-review.csv
    """
    from outturn.review import export_review

    with open_read_only(db) as store, output.open("w", encoding="utf-8", newline="") as out:
        count = export_review(store, out, status=status, council=council, indicator=indicator, doc=doc,
                              max_confidence=max_confidence, unreviewed=unreviewed)
    click.echo(f"{output}: {count} statements")


@review.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@db_option
@click.option("--reviewer", help="Who reviewed, for rows whose reviewer cell is empty.")
@click.option("--dry-run", is_flag=True, help="Check every row and say what would change; write nothing.")
@click.pass_context
def import_command(ctx: click.Context, file: Path, db: str, reviewer: str | None, dry_run: bool) -> None:
    """Check every row of FILE and, if all are valid, apply them in one transaction.

    Any invalid row (unknown statement_id, an action other than accept, reject or fix,
    a value that is not a number, a unit, role or indicator_id outside the lexicon, a
    period that ends before it starts, two rows for one statement) is reported with its
    row number, and nothing is applied. Rows without an action are left alone.

    \b
    Example:
        outturn review import review.csv --reviewer "A. Analyst" --dry-run
    """
    from outturn.review import CorrectionFileError, import_review
    from outturn.store import Store

    with Store.open(db) as store:
        try:
            report = import_review(store, file, reviewer=reviewer, dry_run=dry_run)
        except CorrectionFileError as exc:
            click.echo(f"Error: {file}: {len(exc.problems)} problem(s); nothing was applied", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            ctx.exit(1)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(report.line())


@review.command(name="orphans")
@db_option
@format_option(["table", "csv", "json"], "table")
@click.pass_context
def orphans_command(ctx: click.Context, db: str, fmt: str) -> None:
    """List corrections whose statement is no longer stored (kept, never dropped).

    A statement disappears when its document's bytes change or a re-extraction finds
    the value elsewhere or in another role. candidate_statement_id names a current
    statement of the same document with the same value_text and indicator_text.

    \b
    Example:
        outturn review orphans --format csv > orphans.csv
    """
    from outturn.store_review import orphans

    with open_read_only(db) as store:
        rows = orphans(store)
    columns = ("statement_id", "doc", "value_text", "indicator_text", "action", "reviewer",
               "created_at", "reason", "candidate_statement_id")
    echo_rows(columns, [tuple(r[c] for c in columns) for r in rows], fmt)
    if fmt == "table":
        click.echo(f"{len(rows)} orphaned correction(s)", err=True)


@click.group()
def lexicon() -> None:
    """The indicator lexicon and what reviewers taught it.

    \b
    Example:
        outturn lexicon export-aliases -o learned-aliases.csv
    """


@lexicon.command(name="export-aliases")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout.")
def export_aliases(db: str, output: Path | None) -> None:
    """Write the aliases reviewers taught (fixes that set an indicator_id) as rows of
    lexicon/aliases.csv (id,alias), to check and commit.

    \b
    Example:
        outturn lexicon export-aliases --db outturn.duckdb -o learned-aliases.csv
    """
    from outturn.review import alias_file_rows, packaged_lexicon
    from outturn.store_review import learned_aliases

    with open_read_only(db) as store:
        rows, notes = alias_file_rows(learned_aliases(store), packaged_lexicon())
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        out.write(f"# Learned from reviewers' corrections in {db} (outturn lexicon export-aliases).\n")
        writer = csv.DictWriter(out, fieldnames=["id", "alias"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if output:
            out.close()
    for note in notes:
        click.echo(f"note: {note}", err=True)
