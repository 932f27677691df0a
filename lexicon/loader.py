"""The canonical indicator lexicon: loading and validating ``indicators.csv`` and
``aliases.csv``.

``indicators.csv`` is derived (``scripts/build_lexicon.py``: DfE LAIT measures plus the
hand-kept ``local_indicators.csv``); ``aliases.csv`` is hand-kept. Schemas:

indicators.csv / local_indicators.csv
    ``id`` snake_case, unique and stable; ``name``; ``topic`` (one of :data:`TOPICS`);
    ``unit`` (one of :data:`outturn.extractors.models.UNITS`); ``polarity``
    (``high``/``low``/``neutral``: which direction is better); ``lait_measure`` (the
    LAIT ``Measure_short``, or empty); ``ni_code`` (a former National Indicator such
    as ``NI 59``, or empty); ``definition`` (one line).

aliases.csv
    ``id`` (an indicator id) and ``alias`` (another way councils name it). An alias
    may belong to one id only; the comparison is on the normalised form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from outturn.errors import DataFileError
from outturn.extractors.models import UNITS
from outturn.lexicon.datafile import package_file, read_rows

INDICATOR_COLUMNS = (
    "id", "name", "topic", "unit", "polarity", "lait_measure", "ni_code", "definition",
)
ALIAS_COLUMNS = ("id", "alias")
POLARITIES = ("high", "low", "neutral")
TOPICS = (
    "early_help", "front_door", "assessment", "children_in_need", "child_protection",
    "looked_after", "adoption", "care_leavers", "workforce", "quality", "finance",
    "education", "send", "participation", "early_years", "youth_justice", "health",
)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NI = re.compile(r"^NI [0-9]{2,3}$")
_FOLD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator of the lexicon."""

    id: str
    name: str
    topic: str
    unit: str
    polarity: str
    lait_measure: str = ""
    ni_code: str = ""
    definition: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """The indicators by id, in file order."""

    indicators: dict[str, Indicator] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.indicators

    def __iter__(self):
        return iter(self.indicators.values())

    def by_lait_measure(self, measure: str) -> Indicator | None:
        """The indicator mapped to a LAIT ``Measure_short``, if any."""
        for ind in self.indicators.values():
            if ind.lait_measure == measure:
                return ind
        return None


def fold(text: str) -> str:
    """A key for comparing names: lower case, runs of non-alphanumerics to one space.

    >>> fold("Re-referrals (12 months)")
    're referrals 12 months'
    """
    return _FOLD.sub(" ", text.lower()).strip()


def read_indicators(path: str | Path) -> list[Indicator]:
    """Read and validate an indicators CSV (derived or local).

    Raises:
        DataFileError: unknown column, bad id, unknown unit/topic/polarity, bad
            ``ni_code`` or a duplicate id; names the file and the line.
    """
    seen: dict[str, int] = {}
    out = []
    for lineno, row in read_rows(
        path, INDICATOR_COLUMNS, required=("id", "name", "topic", "unit", "polarity")
    ):
        def bad(reason: str) -> DataFileError:
            return DataFileError(str(path), lineno, f"{reason} (id {row['id']!r})")

        if not _ID.match(row["id"]):
            raise bad("id must be snake_case")
        if row["id"] in seen:
            raise bad(f"duplicate id, first on line {seen[row['id']]}")
        if row["unit"] not in UNITS:
            raise bad(f"unknown unit {row['unit']!r}; expected one of {', '.join(UNITS)}")
        if row["polarity"] not in POLARITIES:
            raise bad(f"unknown polarity {row['polarity']!r}; expected high, low or neutral")
        if row["topic"] not in TOPICS:
            raise bad(f"unknown topic {row['topic']!r}; expected one of {', '.join(TOPICS)}")
        if row.get("ni_code") and not _NI.match(row["ni_code"]):
            raise bad(f"ni_code {row['ni_code']!r} is not like 'NI 59'")
        seen[row["id"]] = lineno
        out.append(Indicator(**{c: row.get(c, "") for c in INDICATOR_COLUMNS}))
    return out


def read_aliases(path: str | Path, indicators: list[Indicator]) -> dict[str, list[str]]:
    """Read and validate an aliases CSV against the indicators it names.

    An alias whose folded form is already another indicator's alias or name is
    rejected: a phrasing must point at one indicator only.

    Raises:
        DataFileError: unknown column, unknown id, or an alias on two ids.
    """
    owner: dict[str, str] = {fold(i.name): i.id for i in indicators}
    known = {i.id for i in indicators}
    out: dict[str, list[str]] = {}
    for lineno, row in read_rows(path, ALIAS_COLUMNS, required=ALIAS_COLUMNS):
        if row["id"] not in known:
            raise DataFileError(str(path), lineno, f"unknown indicator id {row['id']!r}")
        key = fold(row["alias"])
        if owner.get(key, row["id"]) != row["id"]:
            raise DataFileError(
                str(path), lineno,
                f"alias {row['alias']!r} of {row['id']!r} already names {owner[key]!r}",
            )
        owner[key] = row["id"]
        out.setdefault(row["id"], []).append(row["alias"])
    return out


def load_lexicon(
    indicators_path: str | Path | None = None, aliases_path: str | Path | None = None
) -> Lexicon:
    """Load the lexicon shipped with outturn (or the given files).

    Args:
        indicators_path: an indicators CSV; default the packaged ``indicators.csv``.
        aliases_path: an aliases CSV; default the packaged ``aliases.csv``.

    Raises:
        DataFileError: any invalid row, naming the file and the line.
    """
    indicators = read_indicators(indicators_path or package_file("indicators.csv"))
    aliases = read_aliases(aliases_path or package_file("aliases.csv"), indicators)
    lex = Lexicon()
    for ind in indicators:
        lex.indicators[ind.id] = Indicator(
            **{c: getattr(ind, c) for c in INDICATOR_COLUMNS},
            aliases=tuple(aliases.get(ind.id, ())),
        )
    return lex
