"""What a table header, a row label or a unit cell says: role, period, unit.

The cue words live in ``extractors/data/table_headers.jsonl`` (schema below); this
module loads and validates them once, and classifies short texts with them.

Data file schema, one JSON object a line (blank lines and ``//`` lines are ignored):

``kind`` (required)
    ``role``: a column (or, in a transposed table, a row) whose values play ``role``.
    ``skip``: a column that holds no statements (trend, RAG, direction of travel, notes).
    ``label``: a column that is part of the row label (indicator, measure, NO.).
    ``unit``: words that fix the unit of the values near them, with a ``priority``.
    ``cell_previous``: inside a cell, words before a value that make it the council's
    earlier figure ("79.74% 09/10 outturn 73.4%").
    ``denominator``: words joining a count to its total ("110 of 161").
    ``as_at``: words before a period near the top of a document that make it the
    reporting period ("As at Month End: May 2015"), the fallback for bare columns.
``phrase`` or ``pattern`` (exactly one)
    ``phrase`` is matched as whole words, case-insensitively, any run of spaces
    matching a space; ``pattern`` is a Python regular expression (case-insensitive).
``role``: one of :data:`~outturn.extractors.models.ROLES` (kind ``role`` only).
``unit``: one of :data:`~outturn.extractors.models.UNITS` (kind ``unit`` only).
``priority``: int, higher wins when several unit cues match (kind ``unit``; default 1).
``comment``: free text.

Header classification: the longest matching ``role``/``skip``/``label`` cue wins, and
only in a short header (at most :data:`MAX_CUE_WORDS` words besides its period), so that
"% LAC visits up to date National Minimum standard" is an indicator, not a national
comparator. A PDF-split word ("TARGE T") matches a one-word phrase once its spaces are
removed.

>>> info = classify_header("2021-22 target"); (info.kind, info.role, info.period.text)
('role', 'target', '2021-22')
>>> classify_header("Mar-15").role, classify_header("TARGE T").role, classify_header("BEST SN").role
('actual', 'target', 'benchmark_other')
>>> classify_header("Trend – last four quarters").kind
'skip'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from outturn.errors import DataFileError
from outturn.extractors.models import ROLES, UNITS
from outturn.extractors.periods import Period, find_periods, parse_period
from outturn.extractors.rules import iter_jsonl

DATA_FILE = "table_headers.jsonl"
KINDS = ("role", "skip", "label", "unit", "cell_previous", "denominator", "as_at")
KEYS = {"kind", "phrase", "pattern", "role", "unit", "priority", "comment"}
#: A header longer than this (period words aside) names an indicator, not a role.
MAX_CUE_WORDS = 6

# PDF conversions split "2013/14" as "2013/ 14" and "Apr-18" as "April -18".
_SPLIT_NUMBER = re.compile(
    r"""
    (?<=\d)\s*/\s+(?=\d)          # 2013/ 14 -> 2013/14
    | (?<=[A-Za-z])\s+-(?=\d)      # April -18 -> April-18
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'.&]*")


@dataclass(frozen=True)
class Cue:
    """One line of the data file, compiled."""

    kind: str
    regex: re.Pattern
    source: str
    role: str | None = None
    unit: str | None = None
    priority: int = 1
    compact: str | None = None  # the phrase's letters, for PDF-split matching


@dataclass(frozen=True)
class HeaderInfo:
    """What a header says.

    Attributes:
        kind: ``role``, ``skip``, ``label`` or ``none``.
        role: the role its values play (a bare period header gives ``actual``).
        period: the period named in it, if any.
        unit: a unit its words fix, if any, with ``unit_priority``.
    """

    text: str
    kind: str = "none"
    role: str | None = None
    period: Period | None = None
    unit: str | None = None
    unit_priority: int = 0


def _compile(entry: dict, path: str, line: int) -> Cue:
    unknown = set(entry) - KEYS
    if unknown:
        raise DataFileError(path, line, f"unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(KEYS))}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise DataFileError(path, line, f"key 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    if ("phrase" in entry) == ("pattern" in entry):
        raise DataFileError(path, line, "key 'phrase'/'pattern': give exactly one of them")
    if kind == "role" and entry.get("role") not in ROLES:
        raise DataFileError(path, line, f"key 'role': {entry.get('role')!r} is not one of {', '.join(ROLES)}")
    if kind == "unit" and entry.get("unit") not in UNITS:
        raise DataFileError(path, line, f"key 'unit': {entry.get('unit')!r} is not one of {', '.join(UNITS)}")
    if kind not in ("role", "unit") and ("role" in entry or "unit" in entry):
        raise DataFileError(path, line, f"key 'role'/'unit' is only for kind role/unit, not {kind!r}")
    priority = entry.get("priority", 1)
    if not isinstance(priority, int):
        raise DataFileError(path, line, f"key 'priority': {priority!r} is not an integer")
    compact = None
    if "phrase" in entry:
        phrase = str(entry["phrase"]).strip().lower()
        if not phrase:
            raise DataFileError(path, line, "key 'phrase': empty")
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        source = rf"(?<![\w]){body}(?![\w])"
        letters = re.sub(r"[^a-z]", "", phrase)
        if len(letters) >= (4 if letters == phrase else 6):
            compact = letters  # "Stat Ne igh" is "stat neigh"
    else:
        source = str(entry["pattern"])
    try:
        regex = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise DataFileError(path, line, f"key 'pattern': bad regular expression: {exc}") from exc
    return Cue(kind, regex, source, entry.get("role"), entry.get("unit"), priority, compact)


def parse_cues(text: str, path: str = DATA_FILE) -> tuple[Cue, ...]:
    """Validate and compile the cue lines in ``text``.

    Raises:
        DataFileError: a line is not JSON, has an unknown key, a bad kind, role, unit
            or regular expression.

    >>> len(parse_cues('{"kind": "skip", "phrase": "rag"}'))
    1
    >>> parse_cues('{"kind": "skip", "phrase": "rag", "colour": "red"}', "t.jsonl")
    Traceback (most recent call last):
    ...
    outturn.errors.DataFileError: t.jsonl:1: unknown key 'colour'; allowed: comment, kind, pattern, phrase, priority, role, unit
    """
    return tuple(_compile(entry, path, n) for n, entry in iter_jsonl(text, path))


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """The packaged cues, loaded and validated once."""
    resource = files("outturn.extractors.data").joinpath(DATA_FILE)
    return parse_cues(resource.read_text(encoding="utf-8"), f"extractors/data/{DATA_FILE}")


def clean_header(text: str) -> str:
    """Collapse whitespace and re-join numbers a PDF conversion split.

    >>> clean_header("2013/ 14"), clean_header("April -18"), clean_header(" Year  to\\nDate ")
    ('2013/14', 'April-18', 'Year to Date')
    """
    text = _SPLIT_NUMBER.sub(lambda m: "/" if "/" in m.group(0) else "-", text or "")
    return " ".join(text.split())


def _longest(text: str, kinds: tuple[str, ...]) -> tuple[Cue | None, int]:
    best, best_len = None, 0
    for cue in cues():
        if cue.kind not in kinds:
            continue
        for m in cue.regex.finditer(text):
            if m.end() - m.start() > best_len:
                best, best_len = cue, m.end() - m.start()
    return best, best_len


def unit_of(text: str) -> tuple[str | None, int]:
    """The unit the words of ``text`` fix, and the cue's priority; (None, 0) if none.

    >>> unit_of("Rate per 10,000"), unit_of("Average number of days between"), unit_of("% of CIN")
    (('rate_per_10k', 3), ('days', 3), ('percent', 2))
    >>> unit_of("completed within 45 days")
    (None, 0)
    """
    best: tuple[str | None, int] = (None, 0)
    for cue in cues():
        if cue.kind == "unit" and cue.priority > best[1] and cue.regex.search(text or ""):
            best = (cue.unit, cue.priority)
    return best


def _period_in(text: str) -> Period | None:
    whole = parse_period(text)
    if whole is not None:
        return whole
    found = find_periods(text)
    return found[0][2] if found else None


def _residual_words(text: str) -> int:
    for start, end, _ in reversed(find_periods(text)):
        text = text[:start] + " " + text[end:]
    return len(_WORD.findall(text))


@lru_cache(maxsize=4096)
def classify_header(text: str) -> HeaderInfo:
    """Role, period and unit of a column header (or a transposed table's row key).

    >>> h = classify_header("Baseline Performance (Nov 09)"); (h.role, h.period.text)
    ('actual', 'Nov 09')
    >>> [classify_header(t).role for t in ["Stat neigh ave", "NAT AVE", "Eng", "NE", "NAT TOP QTILE", "Stat Ne igh"]]
    ['statistical_neighbour', 'national', 'national', 'regional', 'benchmark_other', 'statistical_neighbour']
    >>> classify_header("% LAC visits up to date National Minimum standard").kind
    'none'
    """
    text = clean_header(text)
    if not text:
        return HeaderInfo(text)
    period = _period_in(text)
    unit, priority = unit_of(text)
    cue = None
    if _residual_words(text) <= MAX_CUE_WORDS:
        # the whole header a cue's phrase with its spaces moved ("Stat Ne igh", not NE)
        compact = re.sub(r"[^a-z]", "", text.lower())
        cue = next((c for c in cues() if c.compact and c.compact == compact
                    and c.kind in ("role", "skip", "label")), None)
        if cue is None:
            cue, _ = _longest(text, ("role", "skip", "label"))
    if cue is not None:
        return HeaderInfo(text, cue.kind, cue.role, period, unit, priority)
    if period is not None:
        return HeaderInfo(text, "role", "actual", period, unit, priority)
    return HeaderInfo(text, "none", None, None, unit, priority)


def cue_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Where cues of ``kind`` (``cell_previous``, ``denominator``) occur in ``text``.

    >>> cue_spans("79.74% 09/10 outturn 73.4%", "cell_previous")
    [(13, 20)]
    """
    spans = []
    for cue in cues():
        if cue.kind == kind:
            spans.extend((m.start(), m.end()) for m in cue.regex.finditer(text))
    return sorted(spans)


def is_cue(text: str, kind: str) -> bool:
    """True when the whole of ``text`` is one cue of ``kind``.

    >>> is_cue("of", "denominator"), is_cue("of 161", "denominator")
    (True, False)
    """
    text = " ".join((text or "").split())
    return any(pattern.fullmatch(text) for pattern in _patterns_of(kind))


@lru_cache(maxsize=None)
def _patterns_of(kind: str) -> tuple:
    return tuple(c.regex for c in cues() if c.kind == kind)
