"""The shape of one text table: header rows, label columns, value columns, orientation.

A council table is read in one of two orientations:

- **row-wise** (the usual KPI table): each body row is an indicator, named by its label
  cells (``NO.`` and ``INDICATOR`` in a PDF conversion); each value column has a header
  that gives its role and period ("2021-22 target", "Mar-15", "NAT AVE"). Header rows
  above the bottom one are group headers that span the columns to their right
  ("LATEST BENCHMARKING - 2013/14" over the four benchmark columns).
- **transposed** (months as rows): a key column holds periods and comparator names
  ("May-15", "2014/ 15", "SN AVE"), and each value column's header names the indicator.

>>> from outturn.extractors.table_grid import split_lines
>>> rows = split_lines("KPI\\t2020-21 outturn\\t2021-22 target\\nCIN seen\\t99%\\t90%\\n", 0)
>>> layout = read_layout(rows)
>>> layout.label_cols, layout.value_cols, layout.key_col, layout.columns[2].role
([0], [1, 2], None, 'target')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from outturn.extractors.numbers import parse_number
from outturn.extractors.periods import Period, parse_period
from outturn.extractors.table_cells import is_value_cell
from outturn.extractors.table_grid import Row
from outturn.extractors.table_headers import HeaderInfo, classify_header, clean_header

#: Rows read as headers at most; a deeper "header" is a table with no numbers.
MAX_HEADER_ROWS = 4
#: Columns read at most; beyond this a line is not a table row but a broken conversion.
MAX_COLUMNS = 60
#: Share of a column's filled body cells that must be values for it to be a value column.
VALUE_COLUMN_SHARE = 0.5
#: Share of a label column's filled cells that must be periods or comparator names for
#: the table to be read transposed.
KEY_COLUMN_SHARE = 0.6


# An indicator or paragraph reference: "1", "1.1", "7.10", "3.", "2a". A leading column
# of these is part of the row label, not a column of values.
_REFERENCE = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?\.?", re.IGNORECASE)


@dataclass
class Column:
    """What one column is, from its header and the header rows above it."""

    index: int
    header: HeaderInfo
    kind: str = "none"  # role, skip, label or none
    role: str | None = None
    period: Period | None = None
    unit: str | None = None
    unit_priority: int = 0
    explicit_period: bool = False  # the period came from this column's own header


@dataclass
class Layout:
    """The reading of one table (see the module docstring)."""

    header_rows: list[Row]
    body: list[Row]
    columns: list[Column]
    label_cols: list[int] = field(default_factory=list)
    value_cols: list[int] = field(default_factory=list)
    key_col: int | None = None
    period_col: int | None = None  # row-wise: a label column that gives each row its period


def _header_count(rows: list[Row]) -> int:
    """Leading rows that hold no value and are not section rows."""
    n = 0
    for i, row in enumerate(rows[:MAX_HEADER_ROWS]):
        if any(is_value_cell(c.text) for c in row.cells[:MAX_COLUMNS]):
            break
        if i > 0 and row.filled == [0]:
            break  # "Contacts and referrals": a section row opens the body
        n += 1
    return n


def _spanning(row: Row, c: int) -> str:
    """The header text over column ``c`` in a group row: the nearest filled cell at or left."""
    for i in range(min(c, len(row.cells) - 1), -1, -1):
        if row.cells[i].text:
            return row.cells[i].text
    return ""


def _column(c: int, header_rows: list[Row]) -> Column:
    bottom = header_rows[-1].cell(c) if header_rows else None
    info = classify_header(bottom.text if bottom else "")
    groups = [classify_header(_spanning(r, c)) for r in reversed(header_rows[:-1])]
    col = Column(c, info, info.kind, info.role, info.period, info.unit, info.unit_priority,
                 explicit_period=info.period is not None)
    if col.kind == "none":
        grouped = next((g for g in groups if g.kind in ("role", "skip")), None)
        if grouped is not None:
            col.kind, col.role = grouped.kind, grouped.role
    if col.period is None:
        col.period = next((g.period for g in groups if g.period is not None), None)
    if col.unit is None:
        unit = next((g for g in groups if g.unit), None)
        if unit is not None:
            col.unit, col.unit_priority = unit.unit, unit.unit_priority
    return col


def _value_share(body: list[Row], c: int, *, whole: bool = False) -> tuple[int, float]:
    """Value cells in column ``c`` and their share of its filled cells.

    With ``whole``, only cells that are one number count: the first column of a table
    is its label unless it is plainly numbers ("Year 11", "KS2 pupils" are labels).
    """
    filled = [r.cells[c].text for r in body if c < len(r.cells) and r.cells[c].text]
    if whole:
        values = sum(parse_number(t) is not None and is_value_cell(t) for t in filled)
    else:
        values = sum(is_value_cell(t) for t in filled)
    return values, (values / len(filled) if filled else 0.0)


def _is_reference_column(body: list[Row], c: int) -> bool:
    """Every filled cell is a reference number and the next column holds words."""
    filled = [r.cells[c].text for r in body if c < len(r.cells) and r.cells[c].text]
    if not filled or not all(_REFERENCE.fullmatch(t) for t in filled):
        return False
    following = [r.cells[c + 1].text for r in body if c + 1 < len(r.cells) and r.cells[c + 1].text]
    return bool(following) and not any(is_value_cell(t) for t in following)


def is_row_key(text: str) -> bool:
    """True for a transposed table's row key: a period or a comparator name.

    >>> is_row_key("2015/ 16 YTD"), is_row_key("SN AVE"), is_row_key("Number of CIN")
    (True, True, False)
    """
    text = clean_header(text)
    if not text:
        return False
    if parse_period(text) is not None:
        return True
    info = classify_header(text)
    return info.kind == "role" and info.role != "actual"


def _key_column(body: list[Row], label_cols: list[int]) -> int | None:
    best, best_share = None, 0.0
    for c in label_cols:
        filled = [r.cells[c].text for r in body if c < len(r.cells) and r.cells[c].text]
        keys = sum(is_row_key(t) for t in filled)
        share = keys / len(filled) if filled else 0.0
        if keys >= 2 and share >= KEY_COLUMN_SHARE and share > best_share:
            best, best_share = c, share
    return best


def _names_before(body: list[Row], label_cols: list[int], key_col: int) -> bool:
    """True when a label column left of ``key_col`` names the rows in words that are not
    row keys: the key column then holds each indicator's period, not the rows' keys."""
    for c in label_cols:
        if c >= key_col:
            break
        filled = [r.cells[c].text for r in body if c < len(r.cells) and r.cells[c].text]
        words = [t for t in filled if re.search(r"[^\W\d_]{3}", t) and not is_row_key(t)]
        if len(words) >= 2 and len(words) > len(filled) / 2:
            return True
    return False


def read_layout(rows: list[Row]) -> Layout | None:
    """The layout of a table's rows, or None when no column holds values."""
    rows = [r for r in rows if r.filled]
    if not rows:
        return None
    n = _header_count(rows)
    header_rows, body = rows[:n], rows[n:]
    header_texts = {tuple(c.text for c in r.cells) for r in header_rows}
    body = [r for r in body if tuple(c.text for c in r.cells) not in header_texts]
    if not body:
        return None
    ncols = min(max(len(r.cells) for r in rows), MAX_COLUMNS)
    columns = [_column(c, header_rows) for c in range(ncols)]
    first_value = None
    for col in columns:
        if col.kind == "none" and _is_reference_column(body, col.index):
            col.kind = "label"
        values, share = _value_share(body, col.index, whole=col.index == 0)
        is_values = values > 0 and share >= VALUE_COLUMN_SHARE
        if col.kind == "role" or (col.kind == "none" and is_values):
            first_value = col.index
            break
    if first_value is None:
        return None
    layout = Layout(header_rows, body, columns)
    layout.label_cols = [c.index for c in columns[:first_value] if c.kind != "skip"]
    layout.key_col = _key_column(body, layout.label_cols)
    if layout.key_col is not None and _names_before(body, layout.label_cols, layout.key_col):
        # "Indicator | Period | Medway | England": rows are indicators, each with its period
        layout.period_col, layout.key_col = layout.key_col, None
        layout.label_cols = [c for c in layout.label_cols if c != layout.period_col]
    if layout.key_col is not None:
        layout.value_cols = [c.index for c in columns[layout.key_col + 1:] if c.kind != "skip"]
        layout.label_cols = []
    else:
        layout.value_cols = [c.index for c in columns[first_value:] if c.kind in ("role", "none")]
    return layout
