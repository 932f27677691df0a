"""``outturn reconcile`` and ``outturn compare --neighbours``: reported figures beside
DfE's published ones.

Both read views over the reference tables (``duckdb/015_reference_tables.sql``):
``reconciliation`` (a council's year-end figure beside the published value) and
``neighbour_comparison`` (beside its ten statistical neighbours' published values).
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from outturn.cli_common import (db_option, echo_rows, format_option, format_table, open_read_only, period_filter,
                                resolve_indicator)

RECONCILE_COLUMNS = ("council", "indicator_id", "year", "period_end", "period_text", "reported",
                     "published", "difference", "relative_difference", "other_values", "documents")
NEIGHBOUR_COLUMNS = ("indicator_id", "council", "period_end", "reported", "published_year",
                     "council_published", "neighbour_rank", "neighbour", "band", "neighbour_published",
                     "neighbours_mean", "neighbours_published", "region_published", "england_published")


def _check_reference(store) -> None:
    """Refuse to answer from reference tables older than the shipped files."""
    from outturn.reference_tables import stale_reference_tables

    stale = stale_reference_tables(store.connection)
    if stale:
        raise click.ClickException(
            f"{store.path}: reference tables {', '.join(stale)} are older than this outturn; open it once "
            f"for writing (`outturn ingest PATH --db {store.path}`) to reload them")


def resolve_council(words: str) -> str:
    """The register name of a council given by name, alternative name or code."""
    from outturn.lexicon.councils import default_register

    council = default_register().lookup(words)
    if council is None:
        raise click.ClickException(f"unknown council {words!r}; give a name such as 'Rotherham' "
                                   "or a DfE code such as 372")
    return council.name


def _indicator_id(words: str, store) -> str:
    indicator_id, _ = resolve_indicator(words, store)
    if indicator_id is None:
        raise click.ClickException(f"no indicator matches {words!r}")
    return indicator_id


@click.command()
@click.option("--council", help="Only this council (name or DfE code).")
@click.option("--indicator", help="Only this indicator (lexicon id or words).")
@click.option("--period", help="Only year ends on this ISO date or in this year (2018, 2018-03-31).")
@db_option
@format_option(["table", "csv", "json"], "table")
def reconcile(council: str | None, indicator: str | None, period: str | None, db: str, fmt: str) -> None:
    """List each council's year-end figures beside the values DfE published, with the
    difference (reported - published) and the difference relative to the published value.

    A year-end figure is an actual whose period ends on the date the published figure is
    for (31 March for most children's social care measures); part-year figures and
    figures for a year not yet over when the paper was dated are left out. Published
    values come from DfE's LAIT (lexicon/published_values.csv).

    \b
    Example:
        outturn reconcile --council Rotherham --indicator rereferrals_12m_pct
    """
    council_name = resolve_council(council) if council else None
    with open_read_only(db) as store:
        _check_reference(store)
        indicator_id = _indicator_id(indicator, store) if indicator else None
        _, rows = store.query(
            f"SELECT {', '.join(RECONCILE_COLUMNS)} FROM reconciliation "
            "WHERE (? IS NULL OR council = ?) AND (? IS NULL OR indicator_id = ?) "
            f"AND {period_filter('period_end')} ORDER BY council, indicator_id, period_end",
            [council_name, council_name, indicator_id, indicator_id, period, period])
    echo_rows(RECONCILE_COLUMNS, rows, fmt)
    if fmt == "table" and not rows:
        click.echo("(no year-end figure with a published value to compare)")


_NEIGHBOUR_TABLE = ("rank", "council", "band", "published")


def _neighbour_block(rows: Sequence[tuple]) -> str:
    """One reported period as text: the council's figures, then a table of its neighbours."""
    first = dict(zip(NEIGHBOUR_COLUMNS, rows[0]))
    lines = [
        f"{first['council']}, {first['period_end']}: reported {_number(first['reported'])}; "
        f"published for {first['published_year']}: {_number(first['council_published'])}",
    ]
    table = [(r["neighbour_rank"], r["neighbour"], r["band"], r["neighbour_published"])
             for r in (dict(zip(NEIGHBOUR_COLUMNS, row)) for row in rows)]
    lines.append(format_table(_NEIGHBOUR_TABLE, table))
    lines.append(f"neighbours' mean {_number(first['neighbours_mean'])} "
                 f"({first['neighbours_published']} of {len(rows)} published); "
                 f"region {_number(first['region_published'])}; England {_number(first['england_published'])}")
    return "\n".join(lines)


def _number(value) -> str:
    """A figure for a sentence; a dash where there is none.

    >>> _number(22.9), _number(28.0), _number(None)
    ('22.9', '28', '-')
    """
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}".rstrip("0")


def echo_neighbours(store, indicators: Sequence[str], council: str, period: str | None, fmt: str) -> None:
    """Print ``council``'s reported figures for ``indicators`` beside its statistical
    neighbours' published values (the body of ``outturn compare --neighbours``)."""
    name = resolve_council(council)
    _check_reference(store)
    records = []  # csv/json: one header (one array) for all the indicators
    for index, words in enumerate(indicators):
        indicator_id = _indicator_id(words, store)
        _, rows = store.query(
            f"SELECT {', '.join(NEIGHBOUR_COLUMNS)} FROM neighbour_comparison "
            f"WHERE indicator_id = ? AND council = ? AND {period_filter('period_end')} "
            "ORDER BY period_end DESC, neighbour_rank",
            [indicator_id, name, period, period])
        if fmt != "table":
            records += rows
            continue
        click.echo(("\n" if index else "") + f"{indicator_id}: {name} and its statistical neighbours")
        periods: dict = {}
        for row in rows:
            periods.setdefault(row[2], []).append(row)
        if not periods:
            click.echo(f"  (no reported figure of {name} with a published year"
                       + (f" in {period}" if period else "") + ")")
        else:
            click.echo("\n\n".join(_neighbour_block(block) for block in periods.values()))
    if fmt != "table":
        echo_rows(NEIGHBOUR_COLUMNS, records, fmt)
