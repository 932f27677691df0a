#!/usr/bin/env python3
"""Build lexicon/statistical_neighbours.csv: each council's ten DfE statistical neighbours.

Source:
  ../shared/reference/lait/sn_may_2025.xlsx  DfE children's services statistical neighbour
      benchmarking groups (May 2025), from dfe-analytical-services/local-authority-interactive-tool
      01_data/02_prod/ at commit 2e30e39 (Open Government Licence). Sheet "LA SN Groups":
      a header row holding "LA number", "SN1".."SN10" each followed by "SNP" (the
      neighbour's closeness band), then one row per council.

Kept: councils of lexicon/councils.csv, and their neighbours that are in it too (a
neighbour code the register lacks is an error: the two sources disagree). Output
columns: dfe_code, neighbour_rank (1-10), neighbour_dfe_code, band; ordered by code and
rank, so running it again gives the same bytes.

Usage:
    python scripts/build_neighbours.py [--reference ../shared/reference] [--out lexicon/statistical_neighbours.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

from outturn.lexicon.councils import read_register
from outturn.lexicon.reference import NEIGHBOUR_COLUMNS, NEIGHBOURS, read_statistical_neighbours

from derive import LEXICON, derive  # scripts/derive.py

WORKBOOK = "sn_may_2025.xlsx"
SHEET = "LA SN Groups"
CODE_HEADER = "LA number"


def _code(cell) -> str | None:
    """A DfE code from a spreadsheet cell (a number or text), or None.

    >>> _code(372), _code(" 201 "), _code(None), _code("LA num")
    ('372', '201', None, None)
    """
    text = str(cell).strip() if cell is not None else ""
    return f"{int(text):03d}" if text.isdigit() else None


def build(reference: Path, lexicon_dir: Path) -> list[dict]:
    """The rows of statistical_neighbours.csv."""
    path = reference / "lait" / WORKBOOK
    councils = {c.dfe_code for c, _ in read_register(lexicon_dir / "councils.csv")}
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet_rows = list(workbook[SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()
    header_at = next(i for i, row in enumerate(sheet_rows) if CODE_HEADER in row)
    header = sheet_rows[header_at]
    code_column = header.index(CODE_HEADER)
    # The band of neighbour N is the cell right after its "SNN" column.
    rank_columns = {n: header.index(f"SN{n}") for n in range(1, NEIGHBOURS + 1)}
    rows = []
    for number, row in enumerate(sheet_rows[header_at + 1:], header_at + 2):
        code = _code(row[code_column])
        if code is None or code not in councils:
            continue
        for rank, column in rank_columns.items():
            neighbour = _code(row[column])
            if neighbour not in councils:
                sys.exit(f"{path}: row {number}: neighbour SN{rank} {row[column]!r} of {code} "
                         "is not a council of lexicon/councils.csv")
            rows.append({"dfe_code": code, "neighbour_rank": rank, "neighbour_dfe_code": neighbour,
                         "band": str(row[column + 1]).strip()})
    return sorted(rows, key=lambda r: (r["dfe_code"], r["neighbour_rank"]))


HEADER = """\
DERIVED FILE - do not edit by hand; rebuild with: python scripts/build_neighbours.py
Source: DfE statistical neighbour groups, May 2025 (sn_may_2025.xlsx from dfe-analytical-services/
local-authority-interactive-tool, 01_data/02_prod/, commit 2e30e39, Open Government Licence)."""


def main(argv: list[str] | None = None) -> int:
    return derive(argv, __doc__, LEXICON / "statistical_neighbours.csv", lambda reference: build(reference, LEXICON),
                  NEIGHBOUR_COLUMNS, HEADER, read_statistical_neighbours,
                  lambda rows: f"{len(rows)} neighbours of {len({r['dfe_code'] for r in rows})} councils")


if __name__ == "__main__":
    sys.exit(main())
