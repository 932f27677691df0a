"""The values in one table cell.

Most cells hold one number, but council tables also pack several into a cell:
``4 36.36%`` (a count and its share), ``79.74% 09/10 outturn 73.4%`` (this year and,
after its period and "outturn", last year's figure), ``Oct 10 – 68% Mar 11- 70%`` (two
milestones, each after its period), ``110 of 161`` (a count and its denominator). A cell
that is mostly words (a commentary paragraph, "TBC (Unavailable)", "n/a") holds none.

Numbers come from :func:`outturn.extractors.numbers.find_quantities` and periods from
:func:`outturn.extractors.periods.find_periods`; this module only decides which of them
are values and what each one's own period and role hint are.

>>> [(v.value_text, v.previous, v.period and v.period.text)
...  for v in parse_cell("79.74% 09/10 outturn 73.4%", 0)]
[('79.74%', False, None), ('73.4%', True, '09/10 outturn')]
>>> [(v.value_text, v.period.text) for v in parse_cell("Oct 10 – 68% Mar 11- 70%", 0)]
[('68%', 'Oct 10'), ('70%', 'Mar 11')]
>>> [(v.value_text, v.denominator) for v in parse_cell("110 of 161", 0)]
[('110', 161.0)]
>>> parse_cell("TBC (Unavailable)", 0), parse_cell("01572 758358", 0)
([], [])
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from outturn.extractors.numbers import find_quantities, parse_number
from outturn.extractors.periods import Period, find_periods, parse_period
from outturn.extractors.table_headers import clean_header, cue_spans

#: A cell longer than this is prose (a commentary column), not a value cell.
MAX_CELL_CHARS = 120
#: Words a value cell may hold besides its numbers, periods and cue words ("As at").
MAX_STRAY_WORDS = 1

_WORD = re.compile(r"[^\W\d_]{2,}")
# A number with a leading zero and four or more digits is a phone number, code or id.
_LEADING_ZERO_ID = re.compile(r"0\d{3,}")
_NOT_VALUES = re.compile(
    r"""
    (?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])     # a date: 09/07/2015
    | (?<!\d)\d{1,2}[:.]\d{2}\s*(?:am|pm)\b       # a time: 10.30am
    | \S+@\S+                                      # an e-mail address
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class CellValue:
    """One value in a cell.

    Attributes:
        start, end: document offsets of ``value_text``.
        value_text: the number as written (``36.36%``).
        value: its float.
        unit_hint: ``percent`` or ``gbp`` from the token itself, else None.
        period: a period written in the cell just before the value, if any.
        previous: True when cue words ("outturn", "last year") put it in the past.
        denominator: Y for the X of "X of Y".
        shared: True when the cell holds more than one value.
    """

    start: int
    end: int
    value_text: str
    value: float
    unit_hint: str | None = None
    period: Period | None = None
    previous: bool = False
    denominator: float | None = None
    shared: bool = False


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def stray_words(text: str, covered: list[tuple[int, int]]) -> int:
    """Words of ``text`` outside the ``covered`` spans (numbers, periods, cues).

    >>> stray_words("12 As at", [(0, 2)]), stray_words("Count", [])
    (2, 1)
    """
    pieces, pos = [], 0
    for s, e in sorted(covered):
        pieces.append(text[pos:s])
        pos = max(pos, e)
    pieces.append(text[pos:])
    return sum(len(_WORD.findall(p)) for p in pieces)


def parse_cell(text: str, offset: int, *, reference: datetime.date | None = None) -> list[CellValue]:
    """The values in a cell whose text starts at document offset ``offset``.

    Args:
        text: the cell text, outer whitespace removed.
        offset: where ``text`` starts in the document.
        reference: a date to place bare months against (the document's date).

    >>> [(v.value_text, v.unit_hint, v.shared) for v in parse_cell("4 36.36%", 0)]
    [('4', None, True), ('36.36%', 'percent', True)]
    >>> [v.value for v in parse_cell("1,524", 0)], parse_cell("n/a", 0), parse_cell("-", 0), parse_cell("2nd", 0)
    ([1524.0], [], [], [])
    """
    if not text or len(text) > MAX_CELL_CHARS or not any(ch.isdigit() for ch in text):
        return []
    whole = parse_number(text)
    if whole is not None:
        # one number fills the cell: a value, even if it looks like a year ("2016")
        if _LEADING_ZERO_ID.fullmatch(text):
            return []
        q = find_quantities(text)
        hint = q[0].unit_hint if q else None
        if hint == "ordinal":
            return []  # "2nd" in a quartile or rank column: a position, not a value
        return [CellValue(offset, offset + len(text), text, whole,
                          hint if hint in ("percent", "gbp") else None)]
    periods = find_periods(text, reference=reference)
    period_spans = [(s, e) for s, e, _ in periods]
    period_spans += [m.span() for m in _NOT_VALUES.finditer(text)]
    quantities = find_quantities(text)
    kept = []
    for q in quantities:
        if _LEADING_ZERO_ID.fullmatch(q.value_text):
            return []  # a phone number or an id: nothing in this cell is a value
        if _overlaps((q.start, q.end), period_spans) or q.is_denominator or q.unit_hint == "ordinal":
            continue
        if not q.is_word:
            kept.append(q)
    if not kept:
        return []
    previous_cues = cue_spans(text, "cell_previous")
    covered = period_spans + [(q.start, q.end) for q in kept] + previous_cues
    covered += cue_spans(text, "denominator")
    covered += [(q.start, q.end) for q in quantities if q.is_denominator]
    if stray_words(text, covered) > MAX_STRAY_WORDS:
        return []
    values, gap_start = [], 0
    for i, q in enumerate(kept):
        gap = (gap_start, q.start)
        period = next((p for s, e, p in reversed(periods) if gap[0] <= s and e <= gap[1]), None)
        previous = i > 0 and any(gap[0] <= s and e <= gap[1] for s, e in previous_cues)
        hint = q.unit_hint if q.unit_hint in ("percent", "gbp") else None
        values.append(CellValue(offset + q.start, offset + q.end, q.value_text, q.value, hint,
                                period, previous, q.denominator, len(kept) > 1))
        gap_start = q.end
    return values


def is_value_cell(text: str) -> bool:
    """True when the cell holds a value and is not a period (tells data rows from headers).

    >>> is_value_cell("72.4"), is_value_cell("Mar-15"), is_value_cell("2016")
    (True, False, False)
    >>> is_value_cell("No. of LAC stable for 2 years")
    False
    """
    if parse_period(clean_header(text)) is not None:
        return False
    return bool(parse_cell(text, 0))
