"""What the ``outturn`` commands share: the ``--db`` and ``--format`` options, rows
printed as a table, CSV or JSON, the database opened read-only, and indicator words
resolved to an id. The command modules (:mod:`outturn.cli`, ``cli_review``,
``cli_compare``, ``cli_serve``) import these from here.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime

import click

from outturn.errors import DatabaseError

DEFAULT_DB = "outturn.duckdb"
_CELL_WIDTH = 48

db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="The DuckDB database file.",
)


def format_option(choices: Sequence[str], default: str):
    """A ``--format`` option (``fmt``) with ``choices``."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


# -- output ----------------------------------------------------------------------------


def _cell(value) -> str:
    """A value as a table cell.

    >>> _cell(None), _cell(85.0), _cell(0.12345678), _cell(["a.txt", "b.pdf"])
    ('', '85', '0.1235', 'a.txt, b.pdf')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def format_table(columns: Sequence[str], rows: Sequence[Sequence]) -> str:
    """Rows as an aligned text table, numbers right-aligned.

    >>> print(format_table(["council", "actual"], [("Leeds", 85.3), ("York", 9.0)]))
    council  actual
    -------  ------
    Leeds      85.3
    York          9
    """
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float)) or r[i] is None for r in rows)
               for i in range(len(columns))]

    def line(values):
        return "  ".join(v.rjust(w) if n else v.ljust(w)
                         for v, w, n in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells])


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def echo_rows(columns: Sequence[str], rows: Sequence[Sequence], fmt: str) -> None:
    """Print rows to stdout as ``table``, ``csv`` or ``json`` (an array of objects)."""
    out = sys.stdout
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        records = [dict(zip(columns, row)) for row in rows]
        click.echo(json.dumps(records, default=_json_value, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(columns, rows))


def open_read_only(db: str):
    """The database at ``db``, read-only; a click error when it cannot be opened."""
    from outturn.store import Store

    try:
        return Store.open(db, read_only=True)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


def period_filter(column: str) -> str:
    """A WHERE clause on ``column`` taking the ``--period`` value twice: true when it is
    None, else when the date's ISO text starts with it (``2023``, ``2023-03``).

    >>> period_filter("period_end")
    "(? IS NULL OR CAST(period_end AS VARCHAR) LIKE ? || '%')"
    """
    return f"(? IS NULL OR CAST({column} AS VARCHAR) LIKE ? || '%')"


def resolve_indicator(words: str, store) -> tuple[str | None, str | None]:
    """The indicator id and name that ``words`` mean: a lexicon id, an id stored in
    facts, else the lexicon's best match for the words; ``(None, None)`` when nothing
    fits well enough."""
    from outturn.processing import default_matcher

    matcher = default_matcher()
    if words in matcher.lexicon:
        return words, matcher.lexicon[words].name
    _, rows = store.query(
        "SELECT indicator_id, any_value(indicator_name) FROM facts WHERE indicator_id = ? GROUP BY 1",
        [words],
    )
    if rows:
        return rows[0]
    match = matcher.match(words)
    if match.status == "unmatched":
        return None, None
    return match.indicator_id, match.indicator_name
