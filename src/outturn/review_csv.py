"""Correction spreadsheets as Excel writes and reads them: the CSV side of ``outturn review``.

Writing (:func:`write_review_csv`): UTF-8 with a byte-order mark (so Excel reads the
text as UTF-8, not the Windows code page), every cell quoted, CRLF line ends, and any
text cell that Excel could run as a formula (it starts with ``= + - @``, a tab or a
carriage return) prefixed with an apostrophe. Plain numbers such as ``-5`` are left
alone: Excel reads them as numbers, not formulas.

Reading (:func:`read_review_csv`) undoes what Excel does when it saves a CSV:

- a byte-order mark (``CSV UTF-8``), or no UTF-8 at all (``CSV (Comma delimited)``
  writes Windows-1252; ``Unicode Text`` writes UTF-16 with tabs);
- CRLF line ends;
- ``;`` as the delimiter where the locale's decimal separator is a comma; then a
  number's comma is its decimal point (``85,3`` is 85.3, ``1.234,5`` is 1234.5);
- trailing empty rows (``;;;;``) and empty columns past the header;
- ISO dates re-written in the locale's short form (``01/04/2023``, day first);
- the apostrophe added on export, kept by Excel as part of the text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

_BOM = "\ufeff"
DELIMITERS = (",", ";", "\t")

#: A cell Excel might evaluate: starts with a formula sign, tab or carriage return.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")

#: A plain number, which Excel reads as a number even with a leading sign.
_PLAIN_NUMBER = re.compile(
    r"""^[+-]?              # optional sign
        (\d+(\.\d*)?        # digits, optional decimals
        |\.\d+)$            # or only decimals
    """,
    re.VERBOSE,
)

#: A number after separators are settled: optional sign, digits and one decimal point.
_NUMBER = re.compile(
    r"""^[+-]?
        (\d+(\.\d*)?|\.\d+)   # 85 / 85.3 / 85. / .5
        ([eE][+-]?\d+)?$      # Excel's scientific form for large or tiny numbers
    """,
    re.VERBOSE,
)

#: Thousands grouped with commas, as a comma-delimited file may quote them: 1,234.5
_COMMA_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")

#: Space-like thousands separators: space, no-break space, narrow no-break space.
_SPACES = re.compile(r"[ \u00a0\u202f]")

_DATE_FORMS = re.compile(
    r"""^(?:
        (?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})       # ISO 2023-04-01
            (?:[ T]00:00(?::00)?)?                                 # Excel may add midnight
      | (?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}) # day first: 01/04/2023
    )$""",
    re.VERBOSE,
)


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in Excel: text that could run as a formula gets a
    leading apostrophe.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5"), neutralise("-5.2%")
    ('\\'=HYPERLINK("http://x")', '-5', "'-5.2%")
    >>> neutralise("@SUM(A1)"), neutralise("Re-referrals")
    ("'@SUM(A1)", 'Re-referrals')
    """
    if _FORMULA_START.match(cell) and not _PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise` (Excel keeps the apostrophe as text in a CSV).

    >>> unneutralise("'=1+1"), unneutralise("'-5"), unneutralise("it's")
    ('=1+1', '-5', "it's")
    """
    if cell.startswith("'") and _FORMULA_START.match(cell[1:]):
        return cell[1:]
    return cell


def format_cell(value) -> str:
    """A database value as an export cell.

    >>> format_cell(None), format_cell(85.0), format_cell(85.3), format_cell(date(2024, 3, 31))
    ('', '85', '85.3', '2024-03-31')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_review_csv(out: TextIO, columns: Sequence[str], rows: Iterable[dict]) -> int:
    """Write ``rows`` for Excel (BOM, all quoted, CRLF, formulas neutralised).

    ``out`` must be opened with ``newline=""``. Returns the number of rows written.
    """
    out.write(_BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([neutralise(format_cell(row.get(c))).replace("\r\n", "\n") for c in columns])
        count += 1
    return count


def parse_number(text: str, *, decimal_comma: bool) -> float:
    """A number a reviewer typed, as Excel saved it.

    Args:
        text: the cell, e.g. ``85.3``, ``85,3``, ``1 234``, ``24%``.
        decimal_comma: the file is ``;``-delimited (a locale whose decimal separator
            is a comma): a comma is the decimal point and a dot groups thousands.

    Raises:
        ValueError: not a number; the message says why.

    >>> parse_number("85,3", decimal_comma=True), parse_number("1.234,5", decimal_comma=True)
    (85.3, 1234.5)
    >>> parse_number("85.3", decimal_comma=True), parse_number("1,234", decimal_comma=False)
    (85.3, 1234.0)
    >>> parse_number("24%", decimal_comma=False), parse_number("'-5", decimal_comma=False)
    (24.0, -5.0)
    >>> parse_number("85,3", decimal_comma=False)
    Traceback (most recent call last):
    ValueError: '85,3' is not a number (in a comma-delimited file write the decimal point as '.')
    """
    cleaned = _SPACES.sub("", unneutralise(text.strip())).removesuffix("%")
    if decimal_comma and "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif not decimal_comma and "," in cleaned:
        if not _COMMA_GROUPED.match(cleaned):
            raise ValueError(f"{text!r} is not a number (in a comma-delimited file "
                             "write the decimal point as '.')")
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"{text!r} is not a number")
    return float(cleaned)


def parse_day(text: str) -> date:
    """A date as a reviewer or Excel wrote it: ISO, or day first (UK and European).

    >>> parse_day("2023-04-01"), parse_day("01/04/2023"), parse_day("1.4.2023")
    (datetime.date(2023, 4, 1), datetime.date(2023, 4, 1), datetime.date(2023, 4, 1))
    >>> parse_day("2023-04-01 00:00:00")
    datetime.date(2023, 4, 1)
    >>> parse_day("April 2023")
    Traceback (most recent call last):
    ValueError: 'April 2023' is not a date (write 2023-04-01 or 01/04/2023)
    """
    match = _DATE_FORMS.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date (write 2023-04-01 or 01/04/2023)")
    if match["iso_y"]:
        parts = int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"])
    else:
        parts = int(match["y"]), int(match["m"]), int(match["d"])
    try:
        return date(*parts)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date ({exc})") from None


@dataclass
class ReviewTable:
    """A correction CSV as read: its header, its rows by spreadsheet row number
    (the header is row 1) and what was undone to read it.

    Attributes:
        header: the column names, trailing empty ones dropped.
        rows: ``(row number, {column: cell})`` for each row that is not empty.
        delimiter: ``,``, ``;`` or a tab.
        encoding: ``utf-8``, ``utf-8-sig``, ``utf-16`` or ``cp1252``.
        problems: ``(row number, message)`` for rows that could not be read as cells.
    """

    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def decimal_comma(self) -> bool:
        """True when numbers use a comma as the decimal point (``;``-delimited files)."""
        return self.delimiter == ";"


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in.

    >>> decode("\\ufeffa;b".encode("utf-8")), decode("£5".encode("cp1252"))
    (('a;b', 'utf-8-sig'), ('£5', 'cp1252'))
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(_BOM.encode("utf-8")):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(first_line: str, known: Iterable[str]) -> str:
    """The delimiter that splits the header into the most known column names.

    >>> sniff_delimiter('"statement_id";"action";"note"', {"statement_id", "action"})
    ';'
    >>> sniff_delimiter("statement_id,action", {"statement_id", "action"})
    ','
    """
    known = set(known)

    def hits(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(c.strip() in known for c in cells)

    return max(DELIMITERS, key=lambda d: (hits(d), -DELIMITERS.index(d)))


def read_review_csv(path: str | Path, known_columns: Iterable[str]) -> ReviewTable:
    """Read a correction CSV however Excel saved it (see the module docstring).

    Cells are stripped and un-neutralised; rows whose cells are all empty are skipped;
    a short row is padded. A row with more cells than the header, where the extra
    cells are not empty, is a problem of that row.

    Raises:
        OSError: the file cannot be read.
    """
    text, encoding = decode(Path(path).read_bytes())
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = sniff_delimiter(first, known_columns)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = ReviewTable(header=[], delimiter=delimiter, encoding=encoding)
    for number, cells in enumerate(records, start=1):
        cells = [unneutralise(c.strip()) for c in cells]
        if not any(cells):
            continue
        if not table.header:
            while cells and not cells[-1]:
                cells.pop()
            table.header = cells
            continue
        width = len(table.header)
        if any(cells[width:]):
            table.problems.append((number, f"{len(cells)} cells but the header has {width} "
                                           "columns (a value beyond the last column?)"))
            continue
        cells = (cells + [""] * width)[:width]
        table.rows.append((number, dict(zip(table.header, cells))))
    return table
