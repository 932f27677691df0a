#!/usr/bin/env python3
"""Build lexicon/published_values.csv (DfE published values of the lexicon's LAIT measures) and lexicon/lait_areas.csv.

Sources:
  ../shared/reference/lait/bds_long_0.parquet  DfE Local Authority Interactive Tool,
      dfe-analytical-services/local-authority-interactive-tool 01_data/02_prod/ at commit
      2e30e39 (Open Government Licence). Used: Short Desc, Years, LA and Regions,
      Values, LA Number, Region.
  ../shared/reference/lait/lait_data_dictionary.csv  same repository. Used: Measure_short
      and Year_Type (what a LAIT year label means, see outturn.lexicon.reference).
  lexicon/indicators.csv  which LAIT measures the lexicon has (column lait_measure).
  lexicon/councils.csv    the 153 councils whose rows are kept.

Kept: rows of the lexicon's measures for the register's councils, England and the
regions (lait_areas.csv says which code is which); a missing value ("-", "x", "c", ...) or a
year label that is not a single year (a three-year range, "2016-17 (OT)") is left
out. Output columns: see outturn.lexicon.reference. Rows are ordered by indicator id,
DfE code and period, and values are written in their shortest form, so running it again
gives the same bytes.

Usage:
    python scripts/build_published_values.py [--reference ../shared/reference] [--out-dir lexicon]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from outturn.lexicon.councils import read_register
from outturn.lexicon.datafile import write_rows
from outturn.lexicon.loader import read_indicators
from outturn.lexicon.reference import (
    AREA_COLUMNS,
    PUBLISHED_COLUMNS,
    format_value,
    period_end_of,
    read_areas,
    read_published_values,
)

from derive import LEXICON, REFERENCE  # scripts/derive.py

ENGLAND = "England"
_PARQUET_COLUMNS = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"]


def _area_key(name: str) -> frozenset[str]:
    """LAIT writes a region two ways ("Inner London" / "London (Inner)"): compare word sets.

    >>> _area_key("London (Inner)") == _area_key("Inner London")
    True
    """
    return frozenset("".join(ch if ch.isalnum() else " " for ch in name.casefold()).split())


def build(reference: Path, lexicon_dir: Path) -> tuple[list[dict], list[dict], Counter]:
    """The rows of published_values.csv and lait_areas.csv, and a count of what was left
    out, by reason."""
    lait = reference / "lait"
    with (lait / "lait_data_dictionary.csv").open(encoding="utf-8-sig", newline="") as fh:
        year_types: dict[str, str] = {}
        for row in csv.DictReader(fh):
            year_types.setdefault(row["Measure_short"], row["Year_Type"])
    indicator_of = {i.lait_measure: i.id for i in read_indicators(lexicon_dir / "indicators.csv")
                    if i.lait_measure}
    councils = {c.dfe_code for c, _ in read_register(lexicon_dir / "councils.csv")}

    table = pq.read_table(lait / "bds_long_0.parquet", columns=_PARQUET_COLUMNS).to_pylist()
    areas = {}  # dfe code -> (area name, LAIT region name) for every area LAIT lists
    for r in table:
        if r["LA Number"] is not None and r["LA Number"] == r["LA Number"]:
            areas.setdefault(f"{int(r['LA Number']):03d}", (r["LA and Regions"], r["Region"]))
    england = next(code for code, (name, _) in areas.items() if name == ENGLAND)
    # A region is an area that other areas name as their region.
    region_names = {_area_key(region) for _, region in areas.values() if region}
    regions = {code: name for code, (name, _) in areas.items() if _area_key(name) in region_names}
    region_code = {_area_key(name): code for code, name in regions.items()}

    def area_type(code: str) -> str | None:
        if code == england:
            return "england"
        if code in regions:
            return "region"
        return "la" if code in councils else None

    kept = {}
    for code, (name, region) in areas.items():
        kind = area_type(code)
        if kind is not None:
            region = region_code.get(_area_key(region or ""), "") if kind == "la" else ""
            kept[code] = {"dfe_code": code, "area": name, "area_type": kind, "region_code": region}

    rows, skipped = [], Counter()
    for r in table:
        measure = r["Short Desc"]
        if measure not in indicator_of:
            continue
        if r["LA Number"] is None or r["LA Number"] != r["LA Number"]:
            skipped["no LA number"] += 1
            continue
        code = f"{int(r['LA Number']):03d}"
        if code not in kept:
            skipped["not a current council, region or England"] += 1
            continue
        period_end = period_end_of(r["Years"], year_types.get(measure, ""))
        if period_end is None:
            skipped[f"year label {r['Years']!r} ({year_types.get(measure)})"] += 1
            continue
        value = format_value(r["Values"])
        if value is None:
            skipped["no value"] += 1
            continue
        rows.append({"indicator_id": indicator_of[measure], "measure": measure, "dfe_code": code,
                     "year": r["Years"], "period_end": period_end, "value": value})
    rows.sort(key=lambda row: (row["indicator_id"], row["dfe_code"], row["period_end"], row["year"]))
    return rows, sorted(kept.values(), key=lambda row: row["dfe_code"]), skipped


HEADER = """\
DERIVED FILE - do not edit by hand; rebuild with: python scripts/build_published_values.py
Sources: DfE LAIT bds_long_0.parquet and lait_data_dictionary.csv (dfe-analytical-services/
local-authority-interactive-tool, 01_data/02_prod/, commit 2e30e39, Open Government Licence),
the lexicon's LAIT measures (lexicon/indicators.csv) and councils (lexicon/councils.csv)."""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REFERENCE)
    ap.add_argument("--out-dir", type=Path, default=LEXICON)
    args = ap.parse_args(argv)
    rows, areas, skipped = build(args.reference, LEXICON)
    values_path, areas_path = args.out_dir / "published_values.csv", args.out_dir / "lait_areas.csv"
    write_rows(values_path, PUBLISHED_COLUMNS, rows, HEADER)
    write_rows(areas_path, AREA_COLUMNS, areas, HEADER)
    read_published_values(values_path)  # the results must load
    read_areas(areas_path)
    print(f"{values_path}: {len(rows)} published values")
    print(f"{areas_path}: {len(areas)} areas")
    for reason, count in sorted(skipped.items()):
        print(f"  left out {count}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
