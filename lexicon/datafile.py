"""Reading the lexicon's CSV data files: comment lines, fixed columns, row numbers.

Every data file in :mod:`outturn.lexicon` is a UTF-8 CSV with a header row. Lines that
start with ``#`` are comments (derived files name their sources there) and blank
lines are skipped. Each row comes back with its 1-based line number in the file, so
that a validation error can say exactly where the bad row is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from outturn.errors import DataFileError

PACKAGE = "outturn.lexicon"


def package_file(name: str) -> Path:
    """The path of a data file shipped in :mod:`outturn.lexicon`."""
    return Path(str(files(PACKAGE).joinpath(name))).resolve()


def read_rows(
    path: str | Path,
    columns: tuple[str, ...],
    *,
    required: tuple[str, ...] = (),
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each data row of a CSV file.

    The header must hold only names from ``columns`` and every name in ``required``;
    values are stripped of surrounding spaces.

    Args:
        path: the CSV file.
        columns: the allowed column names.
        required: columns that must be present and non-empty in every row.

    Raises:
        DataFileError: unreadable file, unknown or missing column, wrong cell count,
            or an empty required cell; the message names the file and the line.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc}") from exc
    header: list[str] | None = None
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line]))]
        if header is None:
            unknown = [c for c in cells if c not in columns]
            if unknown:
                raise DataFileError(
                    str(path), lineno,
                    f"unknown column {unknown[0]!r}; allowed: {', '.join(columns)}",
                )
            missing = [c for c in required if c not in cells]
            if missing:
                raise DataFileError(str(path), lineno, f"missing column {missing[0]!r}")
            header = cells
            continue
        if len(cells) != len(header):
            raise DataFileError(
                str(path), lineno, f"expected {len(header)} cells, found {len(cells)}"
            )
        row = dict(zip(header, cells))
        for name in required:
            if not row[name]:
                raise DataFileError(str(path), lineno, f"empty {name!r}")
        yield lineno, row
    if header is None:
        raise DataFileError(str(path), None, "no header row")


def write_rows(path: Path, columns: tuple[str, ...], rows: list[dict], header: str) -> None:
    """Write a derived CSV: ``#`` comment lines, the header, then the rows.

    Line endings are ``\\n`` and quoting is minimal, so the output is byte-for-byte
    reproducible.
    """
    with path.open("w", encoding="utf-8", newline="") as fh:
        for comment in header.strip().splitlines():
            fh.write(f"# {comment}".rstrip() + "\n")
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
