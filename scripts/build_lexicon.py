#!/usr/bin/env python3
"""Build lexicon/indicators.csv from the DfE LAIT data dictionary and the hand-kept files.

Sources:
  ../shared/reference/lait/lait_data_dictionary.csv  DfE Local Authority Interactive Tool,
      dfe-analytical-services/local-authority-interactive-tool 01_data/02_prod/ at commit
      2e30e39 (Open Government Licence). Used: Measure_short, Topic, Chart_title,
      Polarity, y_axis_name, Year_Type. The prose columns (Description, Methodology)
      are not used.
  lexicon/lait_measures.csv     hand-kept ids, names and definitions for LAIT measures,
                                and LAIT measures taken from topics not listed below.
  lexicon/local_indicators.csv  hand-kept indicators that LAIT lacks.

Every measure of the LAIT topics in LAIT_TOPICS is taken; a measure without a row in
lait_measures.csv gets the id ``lait_<snake_case Measure_short>``, its chart title as
name and a generated one-line definition. The output is deterministic: run it again
and the file is byte-for-byte the same.

Usage:
    python scripts/build_lexicon.py [--reference ../shared/reference] [--out lexicon/indicators.csv]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from outturn.lexicon.datafile import read_rows
from outturn.lexicon.loader import INDICATOR_COLUMNS, read_indicators

from derive import LEXICON, derive  # scripts/derive.py


#: LAIT topic -> lexicon topic, in priority order (a measure listed under two topics
#: takes the first).
LAIT_TOPICS = {
    "Children Looked After": "looked_after",
    "Children in Need": "children_in_need",
    "Child Protection": "child_protection",
    "Children's Services Workforce": "workforce",
    "Adoption": "adoption",
    "Youth Offending": "youth_justice",
    "Early Years": "early_years",
}
OVERRIDE_COLUMNS = ("measure_short", "id", "name", "topic", "ni_code", "definition")
POLARITY = {"High": "high", "Low": "low"}
UNIT_WORDS = {
    "percent": "Percentage",
    "count": "Count",
    "rate_per_10k": "Rate per 10000 children",
    "rate_per_100k": "Rate per 100000 young people",
    "score": "Average score",
    "gbp": "Amount in pounds",
    "other": "Figure",
}


def unit_of(axis: str, title: str) -> str:
    """The lexicon unit of a LAIT measure from its axis label (and title).

    >>> unit_of("Rate per 10,000", ""), unit_of("% of leavers", ""), unit_of("Number CPP", "")
    ('rate_per_10k', 'percent', 'count')
    >>> unit_of("Rate per 100,000 of 10-17 population", ""), unit_of("Score per pupil", "")
    ('rate_per_100k', 'score')
    """
    a = axis.lower()
    if "100,000" in a:
        return "rate_per_100k"
    if "10,000" in a:
        return "rate_per_10k"
    if "per 1000" in a:
        return "other"
    if "%" in a or "rate" in a or "(%)" in title:
        return "percent"
    if "score" in a or a == "average":
        return "score"
    if "cost" in a or "spend" in a:
        return "gbp"
    return "count"


def snake(measure: str) -> str:
    """A snake_case id for a LAIT ``Measure_short``.

    >>> snake("CINTime3months"), snake("%_2yr_olds"), snake("10_ICPC")
    ('lait_cin_time3months', 'lait_pct_2yr_olds', 'lait_10_icpc')
    """
    s = measure.replace("%", "_pct_").replace("&", "_and_")
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", "_", s)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    return "lait_" + re.sub(r"_+", "_", s)


def definition_of(name: str, unit: str, year_type: str) -> str:
    """A one-line definition in the project's words for a measure it does not name."""
    period = f" ({year_type.lower()})" if year_type and year_type != "NA" else ""
    return f"{UNIT_WORDS[unit]}: {name.rstrip('.')}; DfE published figure{period}."


def build(reference: Path, lexicon_dir: Path) -> list[dict]:
    """The rows of indicators.csv, LAIT-derived first, then the local ones."""
    dictionary = reference / "lait" / "lait_data_dictionary.csv"
    with dictionary.open(encoding="utf-8-sig", newline="") as fh:
        lait = list(csv.DictReader(fh))
    by_measure: dict[str, dict] = {}
    for row in lait:
        by_measure.setdefault(row["Measure_short"], row)
    overrides_path = lexicon_dir / "lait_measures.csv"
    overrides = {}
    for lineno, row in read_rows(overrides_path, OVERRIDE_COLUMNS, required=OVERRIDE_COLUMNS[:4]):
        if row["measure_short"] not in by_measure:
            sys.exit(f"{overrides_path}:{lineno}: {row['measure_short']!r} is not a LAIT measure")
        overrides[row["measure_short"]] = row

    chosen: list[str] = []
    for topic in LAIT_TOPICS:
        chosen += [r["Measure_short"] for r in lait if r["Topic"] == topic]
    chosen += list(overrides)
    rows, seen = [], set()
    for measure in sorted(set(chosen), key=chosen.index):
        if measure in seen:
            continue
        seen.add(measure)
        src = by_measure[measure]
        title = " ".join(src["Chart_title"].split())
        unit = unit_of(src["y_axis_name"], title)
        over = overrides.get(measure)
        name = over["name"] if over else title
        rows.append({
            "id": over["id"] if over else snake(measure),
            "name": name,
            "topic": over["topic"] if over else LAIT_TOPICS[src["Topic"]],
            "unit": unit,
            "polarity": POLARITY.get(src["Polarity"], "neutral"),
            "lait_measure": measure,
            "ni_code": over["ni_code"] if over else "",
            "definition": (over["definition"] if over and over["definition"]
                           else definition_of(name, unit, src["Year_Type"])),
        })
    for ind in read_indicators(lexicon_dir / "local_indicators.csv"):
        rows.append({c: getattr(ind, c) for c in INDICATOR_COLUMNS})
    return rows


HEADER = """\
DERIVED FILE - do not edit by hand; rebuild with: python scripts/build_lexicon.py
Sources: DfE LAIT data dictionary (dfe-analytical-services/local-authority-interactive-tool,
01_data/02_prod/lait_data_dictionary.csv, commit 2e30e39, Open Government Licence) for the
rows with a lait_measure; lexicon/lait_measures.csv (hand-kept names) and
lexicon/local_indicators.csv (hand-kept local measures)."""


def main(argv: list[str] | None = None) -> int:
    return derive(argv, __doc__, LEXICON / "indicators.csv", lambda reference: build(reference, LEXICON),
                  INDICATOR_COLUMNS, HEADER, read_indicators, lambda rows: f"{len(rows)} indicators")


if __name__ == "__main__":
    sys.exit(main())
