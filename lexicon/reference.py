"""Official reference figures: DfE published values and statistical neighbours.

Both files are derived from DfE's Local Authority Interactive Tool (LAIT) by scripts
in ``scripts/`` and shipped in :mod:`outturn.lexicon`; the store loads them into the
``published_values`` and ``statistical_neighbours`` tables.

published_values.csv (``scripts/build_published_values.py``)
    ``indicator_id`` (a lexicon id), ``measure`` (its LAIT ``Measure_short``),
    ``dfe_code`` (3-digit DfE code of a council, a region or England, see
    lait_areas.csv), ``year`` (the label as LAIT writes it: ``2018``, ``2017-18``,
    ``2017/18``), ``period_end`` (the ISO date the figure is at or up to, see
    :func:`period_end_of`), ``value`` (a number). One row per indicator, area and year.
lait_areas.csv (same script)
    ``dfe_code``, ``area`` (the name LAIT gives it), ``area_type`` (``la``,
    ``region`` or ``england``), ``region_code`` (for a council, the code of its region
    as LAIT groups them, Inner and Outer London apart; else empty).
statistical_neighbours.csv (``scripts/build_neighbours.py``)
    ``dfe_code``, ``neighbour_rank`` (1 = closest, up to 10), ``neighbour_dfe_code``,
    ``band`` (DfE's closeness band of that neighbour: ``Extremely close``, ``Very
    close``, ``Close``, ``Somewhat close``, ``Not close``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from outturn.errors import DataFileError
from outturn.lexicon.datafile import package_file, read_rows
from outturn.lexicon.loader import Lexicon

PUBLISHED_COLUMNS = ("indicator_id", "measure", "dfe_code", "year", "period_end", "value")
AREA_COLUMNS = ("dfe_code", "area", "area_type", "region_code")
NEIGHBOUR_COLUMNS = ("dfe_code", "neighbour_rank", "neighbour_dfe_code", "band")
AREA_TYPES = ("la", "region", "england")
BANDS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")
NEIGHBOURS = 10

#: LAIT ``Year_Type`` -> (month, day) the figure for year label ``YYYY`` is at or up to.
#: Financial-year counts and 31 March snapshots ("Annual": children looked after, in need,
#: on a plan) end on 31 March of YYYY; academic years (attainment, absence) end in
#: August of YYYY; the workforce census is at 30 September; calendar years end in
#: December; the SEN2 census is taken in January.
YEAR_ENDS = {
    "Financial Year": (3, 31),
    "Annual": (3, 31),
    "Academic Year": (8, 31),
    "Annual (end of Sept)": (9, 30),
    "Calendar Year": (12, 31),
    "Annual - January": (1, 31),
}

_YEAR_LABEL = re.compile(
    r"""^(?P<first>(?:19|20)[0-9]{2})
        (?:                         # "2018" alone: the year the figure ends in
          [-/](?P<second>[0-9]{2})  # or "2017-18" / "2017/18": a year ending in the second
        )?$""",
    re.VERBOSE,
)
_DFE = re.compile(r"^[0-9]{3}$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def period_end_of(year: str, year_type: str) -> str | None:
    """The ISO date a LAIT year label stands for, or None when it is not one year.

    >>> period_end_of("2018", "Financial Year"), period_end_of("2017-18", "Financial Year")
    ('2018-03-31', '2018-03-31')
    >>> period_end_of("2017/18", "Academic Year"), period_end_of("2018", "Annual (end of Sept)")
    ('2018-08-31', '2018-09-30')
    >>> period_end_of("2014-16", "Financial Year"), period_end_of("2016-17 (OT)", "Annual")
    (None, None)
    >>> period_end_of("2018", "Fortnightly") is None
    True
    """
    match = _YEAR_LABEL.match(year.strip())
    if match is None or year_type not in YEAR_ENDS:
        return None
    end = int(match["first"])
    if match["second"] is not None:
        if int(match["second"]) != (end + 1) % 100:  # "2014-16" spans three years
            return None
        end += 1
    month, day = YEAR_ENDS[year_type]
    return f"{end:04d}-{month:02d}-{day:02d}"


def format_value(text: str | None) -> str | None:
    """A LAIT value in its shortest exact form, or None when it is missing.

    >>> format_value("16.600000000000001"), format_value("28"), format_value(" 4.50 ")
    ('16.6', '28', '4.5')
    >>> format_value("-"), format_value("x"), format_value(None), format_value("nan")
    (None, None, None, None)
    """
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


@dataclass(frozen=True)
class PublishedValue:
    """One DfE published figure for an area and year."""

    indicator_id: str
    measure: str
    dfe_code: str
    year: str
    period_end: str
    value: float


@dataclass(frozen=True)
class Area:
    """A council, region or England as LAIT lists it."""

    dfe_code: str
    area: str
    area_type: str
    region_code: str = ""


@dataclass(frozen=True)
class Neighbour:
    """One of a council's statistical neighbours."""

    dfe_code: str
    neighbour_rank: int
    neighbour_dfe_code: str
    band: str


def _check_code(path, lineno: int, row: dict[str, str], column: str) -> None:
    if not _DFE.match(row[column]):
        raise DataFileError(str(path), lineno, f"{column} {row[column]!r} is not a 3-digit DfE code")


def read_published_values(path: str | Path | None = None, *,
                          lexicon: Lexicon | None = None) -> list[PublishedValue]:
    """Read and validate published_values.csv (default: the packaged one).

    Args:
        path: the CSV file.
        lexicon: when given, every row's indicator must be in it with that LAIT measure
            (a stale file after the lexicon changed fails here).

    Raises:
        DataFileError: unknown column, bad code, date or number, an indicator or measure
            the lexicon does not know, or a second value for the same indicator, area
            and year; names the file and line.
    """
    path = path or package_file("published_values.csv")
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for lineno, row in read_rows(path, PUBLISHED_COLUMNS, required=PUBLISHED_COLUMNS):
        def bad(reason: str) -> DataFileError:
            return DataFileError(str(path), lineno, reason)

        _check_code(path, lineno, row, "dfe_code")
        if not _ISO_DATE.match(row["period_end"]):
            raise bad(f"period_end {row['period_end']!r} is not YYYY-MM-DD")
        if format_value(row["value"]) is None:
            raise bad(f"value {row['value']!r} is not a number")
        if lexicon is not None:
            if row["indicator_id"] not in lexicon:
                raise bad(f"unknown indicator id {row['indicator_id']!r}; rebuild the file")
            if lexicon[row["indicator_id"]].lait_measure != row["measure"]:
                raise bad(f"{row['indicator_id']!r} is not LAIT measure {row['measure']!r} "
                          "in the lexicon; rebuild the file")
        key = (row["indicator_id"], row["dfe_code"], row["year"])
        if key in seen:
            raise bad(f"second value for {key}, first on line {seen[key]}")
        seen[key] = lineno
        out.append(PublishedValue(row["indicator_id"], row["measure"], row["dfe_code"],
                                  row["year"], row["period_end"], float(row["value"])))
    return out


def read_areas(path: str | Path | None = None) -> list[Area]:
    """Read and validate lait_areas.csv (default: the packaged one).

    Raises:
        DataFileError: unknown column, bad or repeated code, unknown area type, or a
            council whose region is not a region of the file; names the file and line.
    """
    path = path or package_file("lait_areas.csv")
    out: dict[str, tuple[int, Area]] = {}
    for lineno, row in read_rows(path, AREA_COLUMNS, required=AREA_COLUMNS[:3]):
        _check_code(path, lineno, row, "dfe_code")
        if row["area_type"] not in AREA_TYPES:
            raise DataFileError(str(path), lineno, f"area_type {row['area_type']!r}; "
                                f"expected one of {', '.join(AREA_TYPES)}")
        if row["dfe_code"] in out:
            raise DataFileError(str(path), lineno, f"second row for {row['dfe_code']}")
        out[row["dfe_code"]] = lineno, Area(**{c: row.get(c, "") for c in AREA_COLUMNS})
    for lineno, area in out.values():
        if area.region_code and out.get(area.region_code, (0, Area("", "", "la")))[1].area_type != "region":
            raise DataFileError(str(path), lineno, f"region_code {area.region_code!r} is not a region")
    return [area for _, area in out.values()]


def read_statistical_neighbours(path: str | Path | None = None) -> list[Neighbour]:
    """Read and validate statistical_neighbours.csv (default: the packaged one).

    Raises:
        DataFileError: unknown column, bad code, rank outside 1-10, unknown band,
            a council as its own neighbour or a repeated rank; names the file and line.
    """
    path = path or package_file("statistical_neighbours.csv")
    seen: dict[tuple[str, int], int] = {}
    out = []
    for lineno, row in read_rows(path, NEIGHBOUR_COLUMNS, required=NEIGHBOUR_COLUMNS):
        def bad(reason: str) -> DataFileError:
            return DataFileError(str(path), lineno, reason)

        for column in ("dfe_code", "neighbour_dfe_code"):
            _check_code(path, lineno, row, column)
        if not row["neighbour_rank"].isdigit() or not 1 <= int(row["neighbour_rank"]) <= NEIGHBOURS:
            raise bad(f"neighbour_rank {row['neighbour_rank']!r} is not 1 to {NEIGHBOURS}")
        if row["band"] not in BANDS:
            raise bad(f"band {row['band']!r}; expected one of {', '.join(BANDS)}")
        if row["dfe_code"] == row["neighbour_dfe_code"]:
            raise bad(f"{row['dfe_code']} is listed as its own neighbour")
        key = (row["dfe_code"], int(row["neighbour_rank"]))
        if key in seen:
            raise bad(f"second neighbour ranked {key[1]} for {key[0]}, first on line {seen[key]}")
        seen[key] = lineno
        out.append(Neighbour(row["dfe_code"], int(row["neighbour_rank"]),
                             row["neighbour_dfe_code"], row["band"]))
    return out
