"""Turning an indicator phrase as written into the tokens the matcher compares.

The steps, in order: drop markup; glue words a PDF table split across a cell border
(``Nun | nber`` -> ``Nunnber``); drop leading item numbers (``3.7``, ``KPI 2 -``,
``Supporting Measure 4.1``); drop dates and years, which name a period, not a measure
(``at 31 March 2024``, ``2023-24``); keep a former National Indicator code as one token
(``NI 59`` -> ``ni59``); expand abbreviations from ``abbreviations.csv`` (a plural
``s`` is kept: ``ICPCs``); replace phrasings from ``phrasings.csv``; lower-case; split
on anything not a letter or digit; reduce word endings (:func:`stem`).

``abbreviations.csv`` schema: ``abbreviation`` (letters, digits, ``&``, ``/``, ``.``),
``expansion`` (words), ``case`` (``any`` to match in any case, ``exact`` to match only
as written, e.g. ``No.``), optional ``context``: cue words separated by ``|`` (a cue
ending in ``*`` is a prefix); the row applies only where a cue is among the five words
on either side of the abbreviation, or, for the cue ``<decimal>``, where a decimal
number comes right before it (``151.8 FTE``). A row with a context is tried before the
row without one of the same abbreviation (``FTE social workers`` -> full time
equivalent; any other ``FTE`` -> first time entrants).

``phrasings.csv`` schema: ``phrase`` (words, any case, whole words) and ``replacement``
(words): one wording of the lexicon's vocabulary for another (``children in care`` ->
``looked after children``, ``two`` -> ``2``).
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

# "(incl. UASC)", "(including respite)": what a figure takes in, not what it measures.
# Exclusions stay: "excluding exceptions" tells two measures apart.
_INCLUDING = re.compile(
    r"""
    \(\s* (?:incl\.?|inc\.|including) \s [^()]{0,80} \)   # a bracket that opens with "including"
    """,
    re.VERBOSE | re.IGNORECASE,
)

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

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")

# A date or a year names the period of a figure, not its measure.
_DATE = re.compile(
    rf"""
    (?:\b(?:as\s+)?at\s+)?                     # "at", "as at" before a date
    (?:
        \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b   # "31 March", "30th Sept"
        (?:\s+(?:19|20)\d{{2}})?                   # and its year
      | \b(?:{_MONTHS})\s+(?:19|20)\d{{2}}\b       # "March 2024"
      | \b(?:19|20)\d{{2}}(?:\s?[-/–]\s?\d{{2,4}})?\b  # "2024", "2023-24", "2024/2025"
    )
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
_PHRASE = re.compile(r"^[A-Za-z0-9'.]+(?: [A-Za-z0-9'.]+)*$")
_CUE = re.compile(r"^(?:[a-z]+\*?|<decimal>)$")
_WORD = re.compile(r"[A-Za-z0-9.]+")
_DECIMAL_BEFORE = re.compile(r"\d\.\d+\s*$")
CONTEXT_WORDS = 5


@dataclass(frozen=True)
class ContextRule:
    """An abbreviation expanded one way only near one of its cue words."""

    pattern: re.Pattern
    expansion: str
    words: frozenset[str]
    prefixes: tuple[str, ...]
    decimal_before: bool

    def applies(self, text: str, start: int, end: int) -> bool:
        """Whether a cue is near the abbreviation found at ``text[start:end]``."""
        before = text[max(0, start - 120):start]
        if self.decimal_before and _DECIMAL_BEFORE.search(before):
            return True
        near = (_WORD.findall(before)[-CONTEXT_WORDS:]
                + _WORD.findall(text[end:end + 120])[:CONTEXT_WORDS])
        return any(w.lower() in self.words or w.lower().startswith(self.prefixes) for w in near)


@dataclass(frozen=True)
class Abbreviations:
    """Compiled abbreviation expansions: context rules, exact case, any case."""

    exact: re.Pattern | None
    exact_map: dict[str, str]
    any_case: re.Pattern | None
    any_map: dict[str, str]
    in_context: tuple[ContextRule, ...] = ()

    def expand(self, text: str) -> str:
        """Replace each abbreviation in ``text`` by its expansion (a plural keeps its ``s``).

        >>> a = default_abbreviations()
        >>> " ".join(a.expand("Average caseload per FTE social worker").split())
        'Average caseload per full time equivalent social worker'
        >>> " ".join(a.expand("FTEs per 100,000; 151.8 FTE").split())
        'first time entrants per 100,000; 151.8 full time equivalent'
        >>> " ".join(a.expand("ICPCs held").split())
        'initial child protection conferences held'
        """
        for rule in self.in_context:
            text = rule.pattern.sub(
                lambda m, r=rule: _plural(r.expansion, m)
                if r.applies(m.string, m.start(), m.end()) else m.group(0), text)
        if self.exact is not None:
            text = self.exact.sub(lambda m: _plural(self.exact_map[m["word"]], m), text)
        if self.any_case is not None:
            text = self.any_case.sub(lambda m: _plural(self.any_map[m["word"].lower()], m), text)
        return text


def _plural(expansion: str, m: re.Match) -> str:
    """The expansion, with the abbreviation's plural ``s`` unless it ends in one."""
    s = "s" if m["plural"] and not expansion.endswith("s") else ""
    return f" {expansion}{s} "


def _alternation(words: list[str], flags: int, plural: bool = True) -> re.Pattern | None:
    if not words:
        return None
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))
    suffix = "(?P<plural>s)?" if plural else ""
    # Whole words only: not inside a longer run of letters, digits, & or /.
    return re.compile(rf"(?<![\w&/])(?P<word>{body}){suffix}(?![\w&/])", flags)


def _cues(path: Path, lineno: int, text: str) -> tuple[frozenset[str], tuple[str, ...], bool]:
    cues = [c.strip().lower() for c in text.split("|")]
    for cue in cues:
        if not _CUE.match(cue):
            raise DataFileError(str(path), lineno,
                                f"bad context cue {cue!r} (a lower-case word, word*, or <decimal>)")
    words = frozenset(c for c in cues if not c.endswith("*") and c != "<decimal>")
    prefixes = tuple(c[:-1] for c in cues if c.endswith("*"))
    return words, prefixes, "<decimal>" in cues


def load_abbreviations(path: str | Path | None = None) -> Abbreviations:
    """Read and validate ``abbreviations.csv``.

    Raises:
        DataFileError: unknown column, bad abbreviation, unknown ``case``, duplicate.
    """
    path = Path(path or package_file("abbreviations.csv"))
    exact: dict[str, str] = {}
    any_case: dict[str, str] = {}
    in_context: list[ContextRule] = []
    seen_context: set[tuple[str, str]] = set()
    for lineno, row in read_rows(path, ("abbreviation", "expansion", "case", "context"),
                                 required=("abbreviation", "expansion", "case")):
        abbr = row["abbreviation"]
        if not _ABBREVIATION.match(abbr):
            raise DataFileError(str(path), lineno, f"bad abbreviation {abbr!r}")
        if row["case"] not in ("any", "exact"):
            raise DataFileError(str(path), lineno, f"case must be any or exact, not {row['case']!r}")
        flags = 0 if row["case"] == "exact" else re.IGNORECASE
        if row.get("context"):
            key = (abbr if flags == 0 else abbr.lower(), row["context"])
            if key in seen_context:
                raise DataFileError(str(path), lineno, f"duplicate abbreviation {abbr!r} in context")
            seen_context.add(key)
            in_context.append(ContextRule(_alternation([abbr], flags), row["expansion"],
                                          *_cues(path, lineno, row["context"])))
            continue
        target, key = (exact, abbr) if row["case"] == "exact" else (any_case, abbr.lower())
        if key in target:
            raise DataFileError(str(path), lineno, f"duplicate abbreviation {abbr!r}")
        target[key] = row["expansion"]
    return Abbreviations(
        _alternation(list(exact), 0), exact, _alternation(list(any_case), re.IGNORECASE), any_case,
        tuple(in_context),
    )


@dataclass(frozen=True)
class Phrasings:
    """Compiled ``phrasings.csv``: one regex over every phrase, any case."""

    pattern: re.Pattern | None
    replacement: dict[str, str]

    def replace(self, text: str) -> str:
        """Replace each phrase in ``text`` by the lexicon's wording.

        >>> default_phrasings().replace("children in care for two and a half years")
        ' looked after children  for  2.5  years'
        """
        if self.pattern is None:
            return text
        return self.pattern.sub(
            lambda m: f" {self.replacement[' '.join(m['word'].lower().split())]} ", text)


def load_phrasings(path: str | Path | None = None) -> Phrasings:
    """Read and validate ``phrasings.csv``.

    Raises:
        DataFileError: unknown column, a phrase that is not plain words, a duplicate.
    """
    path = Path(path or package_file("phrasings.csv"))
    out: dict[str, str] = {}
    for lineno, row in read_rows(path, ("phrase", "replacement"), required=("phrase", "replacement")):
        phrase = " ".join(row["phrase"].lower().split())
        if not _PHRASE.match(phrase):
            raise DataFileError(str(path), lineno, f"bad phrase {row['phrase']!r} (words only)")
        if phrase in out:
            raise DataFileError(str(path), lineno, f"duplicate phrase {row['phrase']!r}")
        out[phrase] = row["replacement"]
    return Phrasings(_alternation(list(out), re.IGNORECASE, plural=False), out)


@lru_cache(maxsize=1)
def default_phrasings() -> Phrasings:
    """The packaged phrasings, read once."""
    return load_phrasings()


@lru_cache(maxsize=1)
def default_abbreviations() -> Abbreviations:
    """The packaged abbreviations, read once."""
    return load_abbreviations()


def stem(token: str) -> str:
    """A crude reduction of plurals and verb endings, the same for phrases and lexicon
    entries, so that ``ceasing``, ``ceased`` and ``cease`` meet. Tokens need not be words.

    >>> stem("assessments"), stem("enquiries"), stem("children's"), stem("process")
    ('assessment', 'enquiry', 'children', 'process')
    >>> stem("ceasing"), stem("ceased"), stem("ceases"), stem("persistently")
    ('ceas', 'ceas', 'ceas', 'persistent')
    >>> stem("need"), stem("being"), stem("family"), stem("aged")
    ('need', 'being', 'family', 'aged')
    >>> stem("stepped"), stem("planning"), stem("missing"), stem("47s")
    ('step', 'plan', 'miss', '47')
    """
    token = token.replace("'", "")
    if token[:-1].isdigit() and token.endswith("s"):
        return token[:-1]
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    if len(token) > 6 and token.endswith("ly"):
        token = token[:-2]
    if len(token) > 5 and token.endswith("ing"):
        token = _undouble(token[:-3])
    elif len(token) > 4 and token.endswith("ed") and not token.endswith("eed"):
        token = _undouble(token[:-2])
    elif len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


def _undouble(token: str) -> str:
    """``stepp`` -> ``step``, ``plann`` -> ``plan``; ``miss`` and ``fill`` stay."""
    if len(token) > 3 and token[-1] == token[-2] and token[-1] not in "aeioulsz":
        return token[:-1]
    return token


def clean_phrase(text: str, abbreviations: Abbreviations | None = None,
                 phrasings: Phrasings | None = None) -> str:
    """The phrase with markup, cell borders, numbering, dates, abbreviations and
    phrasings dealt with.

    >>> clean_phrase("7.1 Nun | nber of LAC")
    'nunnber of looked after children'
    >>> clean_phrase("KPI 2 - % CP reviews on time")
    '% child protection reviews on time'
    >>> clean_phrase("CLA per 10k, 3+ moves, rate per 10,000")
    'children looked after per 10000, 3 or more moves, rate per 10000'
    >>> clean_phrase("NI59 (initial assessments in 7 days)")
    'ni59 (initial assessments in 7 days)'
    >>> clean_phrase("Children in care at 31 March 2024 (2023-24)")
    'looked after children ( )'
    """
    abbreviations = abbreviations or default_abbreviations()
    phrasings = phrasings or default_phrasings()
    text = _MARKUP.sub(" ", text)
    text = _SPLIT_WORD.sub(r"\1", text)
    text = _CELL_BORDER.sub(" ", text)
    previous = None
    while previous != text:
        previous, text = text, _LEADING_NUMBER.sub("", text, count=1)
    text = _INCLUDING.sub(" ", text)
    text = _DATE.sub(" ", text)
    text = _NI_CODE.sub(lambda m: f" ni{m.group(1)} ", text)
    text = _THOUSANDS.sub("", text)
    text = _K_SUFFIX.sub(r"\g<1>000", text)
    text = _PLUS.sub(r"\1 or more ", text)
    text = abbreviations.expand(text)
    text = phrasings.replace(text)
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
