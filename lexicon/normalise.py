"""Turning an indicator phrase as written into the tokens the matcher compares.

The steps, in order: drop markup; glue words a PDF table split across a cell border
(``Nun | nber`` -> ``Nunnber``); drop leading item numbers (``3.7``, ``KPI 2 -``,
``Supporting Measure 4.1``); keep a former National Indicator code as one token
(``NI 59`` -> ``ni59``); expand abbreviations from ``abbreviations.csv``; lower-case;
split on anything not a letter or digit; reduce plurals.

``abbreviations.csv`` schema: ``abbreviation`` (letters, digits, ``&``, ``/``, ``.``),
``expansion`` (words), ``case`` (``any`` to match in any case, ``exact`` to match only
as written, e.g. ``No.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from outturn.errors import DataFileError
from outturn.lexicon.datafile import package_file, read_rows

_MARKUP = re.compile(r"<[^<>]{0,40}>")

# A PDF cell border inside a word: a short run of letters, " | ", then a lower-case letter.
_SPLIT_WORD = re.compile(
    r"""
    (\b[A-Za-z]{1,4})       # a short fragment ending the left cell ("Nun", "o", "Hea")
    \s\|\s                  # the joined cell border
    (?=[a-z])               # the rest of the word, lower case, in the right cell
    """,
    re.VERBOSE,
)

_CELL_BORDER = re.compile(r"\s*\|\s*")

_LEADING_NUMBER = re.compile(
    r"""
    ^\s*
    (?:
        (?:kpi|pi|ref|measure|supporting\s+measure|management\s+information|indicator)
            \s*\d+(?:\.\d+)*[a-z]?       # "KPI 2", "Supporting Measure 4.1"
      | \d+(?:\.\d+)*[a-z]?(?=[\s.:)\-–])  # "3.7", "7.10", "10"
      | [a-z]\d*\)                       # "a)", "b2)"
    )
    \s*[-–:.)]?\s*                       # the separator after the number
    """,
    re.VERBOSE | re.IGNORECASE,
)

_NI_CODE = re.compile(
    r"""
    \b NI \s* [-.]? \s* (\d{2,3}) \b   # "NI 59", "NI59", "NI-68"
    """,
    re.VERBOSE,
)

# Numbers written several ways: "10,000" and "10k" -> "10000"; "3+" -> "3 or more".
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_K_SUFFIX = re.compile(r"\b(\d+)k\b", re.IGNORECASE)
_PLUS = re.compile(r"\b(\d+)\s?\+")

_TOKEN = re.compile(r"[a-z0-9]+")
_ABBREVIATION = re.compile(r"^[A-Za-z0-9&/.]+$")


@dataclass(frozen=True)
class Abbreviations:
    """Compiled abbreviation expansions (one regex for exact case, one for any case)."""

    exact: re.Pattern | None
    exact_map: dict[str, str]
    any_case: re.Pattern | None
    any_map: dict[str, str]

    def expand(self, text: str) -> str:
        """Replace each abbreviation in ``text`` by its expansion."""
        if self.exact is not None:
            text = self.exact.sub(lambda m: f" {self.exact_map[m.group(0)]} ", text)
        if self.any_case is not None:
            text = self.any_case.sub(lambda m: f" {self.any_map[m.group(0).lower()]} ", text)
        return text


def _alternation(words: list[str], flags: int) -> re.Pattern | None:
    if not words:
        return None
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Whole words only: not inside a longer run of letters, digits, & or /.
    return re.compile(rf"(?<![\w&/])(?:{body})(?![\w&/])", flags)


def load_abbreviations(path: str | Path | None = None) -> Abbreviations:
    """Read and validate ``abbreviations.csv``.

    Raises:
        DataFileError: unknown column, bad abbreviation, unknown ``case``, duplicate.
    """
    path = path or package_file("abbreviations.csv")
    exact: dict[str, str] = {}
    any_case: dict[str, str] = {}
    for lineno, row in read_rows(path, ("abbreviation", "expansion", "case"),
                                 required=("abbreviation", "expansion", "case")):
        abbr = row["abbreviation"]
        if not _ABBREVIATION.match(abbr):
            raise DataFileError(str(path), lineno, f"bad abbreviation {abbr!r}")
        if row["case"] not in ("any", "exact"):
            raise DataFileError(str(path), lineno, f"case must be any or exact, not {row['case']!r}")
        target, key = (exact, abbr) if row["case"] == "exact" else (any_case, abbr.lower())
        if key in target:
            raise DataFileError(str(path), lineno, f"duplicate abbreviation {abbr!r}")
        target[key] = row["expansion"]
    return Abbreviations(
        _alternation(list(exact), 0), exact, _alternation(list(any_case), re.IGNORECASE), any_case
    )


@lru_cache(maxsize=1)
def default_abbreviations() -> Abbreviations:
    """The packaged abbreviations, read once."""
    return load_abbreviations()


def stem(token: str) -> str:
    """A crude plural reduction, the same for phrases and lexicon entries.

    >>> stem("assessments"), stem("enquiries"), stem("children's"), stem("process")
    ('assessment', 'enquiry', 'children', 'process')
    """
    token = token.replace("'", "")
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def clean_phrase(text: str, abbreviations: Abbreviations | None = None) -> str:
    """The phrase with markup, cell borders, numbering and abbreviations dealt with.

    >>> clean_phrase("7.1 Nun | nber of LAC")
    'nunnber of looked after children'
    >>> clean_phrase("KPI 2 - % CP reviews on time")
    '% child protection reviews on time'
    >>> clean_phrase("CLA per 10k, 3+ moves, rate per 10,000")
    'children looked after per 10000, 3 or more moves, rate per 10000'
    >>> clean_phrase("NI59 (initial assessments in 7 days)")
    'ni59 (initial assessments in 7 days)'
    """
    abbreviations = abbreviations or default_abbreviations()
    text = _MARKUP.sub(" ", text)
    text = _SPLIT_WORD.sub(r"\1", text)
    text = _CELL_BORDER.sub(" ", text)
    previous = None
    while previous != text:
        previous, text = text, _LEADING_NUMBER.sub("", text, count=1)
    text = _NI_CODE.sub(lambda m: f" ni{m.group(1)} ", text)
    text = _THOUSANDS.sub("", text)
    text = _K_SUFFIX.sub(r"\g<1>000", text)
    text = _PLUS.sub(r"\1 or more ", text)
    text = abbreviations.expand(text)
    return " ".join(text.replace("’", "'").lower().split())


def tokens(text: str, abbreviations: Abbreviations | None = None) -> list[str]:
    """The phrase's tokens, in order, stemmed.

    >>> tokens("% of re-referrals within 12 months")
    ['of', 're', 'referral', 'within', '12', 'month']
    >>> tokens("3.7 Children's CiN visits")
    ['children', 'children', 'in', 'need', 'visit']
    """
    cleaned = clean_phrase(text, abbreviations).replace("'", "")
    return [stem(t) for t in _TOKEN.findall(cleaned)]
