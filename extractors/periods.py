"""Period expressions in council papers, normalised to a start and end date.

UK local-government financial years run 1 April to 31 March, so ``2017/18``,
``2017-18`` and ``09/10`` are financial years and ``Q1 2021-22`` is April to June 2021.
Academic years (September to August) are recognised only where the text says so.

>>> parse_period("Q1 2021-22")
Period(text='Q1 2021-22', start=datetime.date(2021, 4, 1), end=datetime.date(2021, 6, 30), kind='quarter', guessed_year=False)
>>> parse_period("Q1", reference=datetime.date(2021, 11, 30)).guessed_year
True
>>> [p.text for _, _, p in find_periods("3.7 In April 2018 the rate was 92.1% (93% in 2016/17)")]
['April 2018', '2016/17']
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

KINDS = (
    "financial_year", "quarter", "month", "point", "academic_year",
    "calendar_year", "year_to_date", "range",
)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_QUARTER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Building blocks, combined into one verbose pattern below.
_MONTH = r"""(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?
              |aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"""
_Y4 = r"(?:19[5-9]\d|20\d\d)"
_DASH = r"\s*(?:-|–|—|to)\s*"

_PERIOD = re.compile(
    rf"""
    (?<![\w/.,£$-])                                   # not glued to a number, word or path
    (?P<prefix>
        (?:as\s+at|as\s+of|at\s+the\s+end\s+of|by\s+the\s+end\s+of|end\s+of|since\s+the
          |since|year\s+to\s+date|ytd|academic\s+year|in|during|for|until|at)\s+
        | baseline\s*\(\s*
    )?
    (?:
        # quarter of a financial year: "Q1 2021-22", "2021-22 Q1", "quarter one 2021-22"
        (?:q(?P<q1>[1-4])\s*(?P<qfy1>{_Y4}\s*[/-]\s*(?:{_Y4}|\d\d)|\d\d/\d\d)
          |(?P<qfy2>{_Y4}\s*[/-]\s*(?:{_Y4}|\d\d))\s*q(?P<q2>[1-4])
          |quarter\s+(?P<q3>one|two|three|four|[1-4])\s+(?:of\s+)?(?P<qfy3>{_Y4}\s*[/-]\s*(?:{_Y4}|\d\d)))
      # a quarter without its year, which the reference date gives: "Q1", "Quarter 2", "quarter three"
      | (?:q(?P<bq1>[1-4])|quarter\s+(?P<bq2>one|two|three|four|[1-4]))(?![\d%.,]\d|[\d%])
      # a range of months: "January 2018 – April 2018", "April 17 – April 18", "Jan – March 2018"
      | (?P<r1m>{_MONTH})(?:[\s-]*(?P<r1y>{_Y4}|\d\d(?![\d%])))?{_DASH}(?P<r2m>{_MONTH})[\s-]*(?P<r2y>{_Y4}|\d\d(?![\d%.]))
      # a day: "31 March 2017", "31st March 2017", "1st April 2010"
      | (?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MONTH})(?:\s+(?P<dy>{_Y4}))?
      # a month: "April 2018", "May-15", "Apr-15", "Mar 11", "Nov 09" (not "November 63 children")
      | (?P<mm>{_MONTH})[\s-]*(?:(?P<my4>{_Y4})|(?P<my2>\d\d)(?:(?<=-\d\d)|(?![ \t]+(?!outturn\b|ytd\b)[a-z])))(?![\d%.,]\d|[\d%])
      # a financial (or, with the prefix, academic) year: "2017/18", "2017-18", "2017/2018", "09/10"
      | (?P<fy>{_Y4}\s*[/-]\s*(?:{_Y4}|\d\d)|\d\d/\d\d)(?![\d/%])
      # a calendar year: "2017"
      | (?P<year>{_Y4})(?![\d%/.,]\d|[\d%])
      # a bare month, only after "in", "end of", "since" ...: "at the end of April"
      | (?P<bare>{_MONTH})(?=[\s,.;:)]|$)
    )
    (?P<suffix>\s*(?:ytd|year\s+to\s+date|outturn|\)))?
    (?![\w])
    """,
    re.VERBOSE | re.IGNORECASE,
)

_POINT_PREFIX = re.compile(r"as\s+(?:at|of)|(?:at|by)\s+the\s+end\s+of|end\s+of", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A period a value refers to: the words, and the first and last day it covers.

    ``guessed_year`` is True when the words name no year ("Q1", "in April", "since the 1st
    April") and the year was taken from the reference date.
    """

    text: str
    start: datetime.date
    end: datetime.date
    kind: str
    guessed_year: bool = False


def _year(text: str) -> int:
    """A year from four or two digits (``15`` -> 2015, ``98`` -> 1998).

    >>> _year("2017"), _year("09"), _year("98")
    (2017, 2009, 1998)
    """
    y = int(text)
    if len(text) == 4:
        return y
    return 2000 + y if y < 70 else 1900 + y


def _month(text: str) -> int:
    return _MONTHS[text.lower()[:3]]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _split_fy(text: str) -> int | None:
    """The first year of a two-year span, or None when the years do not follow on.

    >>> _split_fy("2017/18"), _split_fy("09/10"), _split_fy("2017-2018"), _split_fy("19/21")
    (2017, 2009, 2017, None)
    """
    first, second = re.split(r"\s*[/-]\s*", text.strip())
    y1 = _year(first)
    if int(second) % 100 != (y1 + 1) % 100:
        return None
    return y1


def _financial_year(y1: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(y1, 4, 1), datetime.date(y1 + 1, 3, 31)


def _quarter(y1: int, n: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of quarter ``n`` (1-4) of the financial year starting in ``y1``.

    >>> [str(d) for d in _quarter(2024, 4)]
    ['2025-01-01', '2025-03-31']
    """
    first_month = 4 + 3 * (n - 1)
    year = y1 + (first_month > 12)
    first_month = (first_month - 1) % 12 + 1
    return datetime.date(year, first_month, 1), _month_end(year, first_month + 2)


def _latest_quarter(text: str, n: int, reference: datetime.date) -> Period:
    """Quarter ``n`` of the latest financial year in which it starts by ``reference``.

    >>> nov = datetime.date(2024, 11, 5)
    >>> str(_latest_quarter("Q1", 1, nov).start), str(_latest_quarter("Q4", 4, nov).end)
    ('2024-04-01', '2024-03-31')
    """
    y1 = reference.year if reference.month >= 4 else reference.year - 1
    start, end = _quarter(y1, n)
    if start > reference:
        start, end = _quarter(y1 - 1, n)
    return Period(text, start, end, "quarter", guessed_year=True)


def _period_from_match(m: re.Match, reference: datetime.date | None) -> Period | None:
    """The :class:`Period` one match of the pattern stands for, or None."""
    g = m.groupdict()
    prefix = (g["prefix"] or "").strip().lower()
    suffix = (g["suffix"] or "").strip().lower()
    text = m.group(0).strip().rstrip(".")
    if prefix.startswith("baseline") and suffix != ")":
        return None
    if suffix == ")" and not prefix.startswith("baseline"):
        text = text[:-1].strip()  # a closing bracket belongs to the period only after "Baseline ("
    if prefix in ("in", "during", "for", "until", "since", "since the", "at"):
        # these words place the period, they are not part of its name
        text = text[len(g["prefix"]):].strip()
    ytd = "ytd" in prefix or "year to date" in re.sub(r"\s+", " ", prefix + " " + suffix) or suffix == "ytd"
    q = g["q1"] or g["q2"] or g["q3"]
    if q:
        y1 = _split_fy(g["qfy1"] or g["qfy2"] or g["qfy3"])
        if y1 is None:
            return None
        return Period(text, *_quarter(y1, _QUARTER_WORDS[q.lower()]), "quarter")
    bare_q = g["bq1"] or g["bq2"]
    if bare_q:
        if reference is None or prefix.startswith(("ytd", "year", "academic", "baseline")):
            return None
        return _latest_quarter(text, _QUARTER_WORDS[bare_q.lower()], reference)
    if g["r1m"]:
        y2 = _year(g["r2y"])
        m1, m2 = _month(g["r1m"]), _month(g["r2m"])
        y1 = _year(g["r1y"]) if g["r1y"] else (y2 if m1 <= m2 else y2 - 1)
        start, end = datetime.date(y1, m1, 1), _month_end(y2, m2)
        return Period(text, start, end, "range") if start <= end else None
    if g["day"]:
        if not g["dy"] and reference is None:
            return None
        month = _month(g["dm"])
        year = int(g["dy"]) if g["dy"] else reference.year - (month > reference.month)
        try:
            day = datetime.date(year, month, int(g["day"]))
        except ValueError:
            return None
        if prefix.startswith("since") and reference is not None and day <= reference:
            return Period(text, day, reference, "year_to_date", not g["dy"])  # "Since the 1st April"
        if not g["dy"] and not prefix and not m.string.startswith(":", m.end()):
            return None  # "19th January" alone is a date in a narrative, not a period; "(30 June: 443)" labels one
        return Period(text, day, day, "point", not g["dy"])
    if g["mm"]:
        if g["my2"] and g["mm"].islower():
            return None  # "may 15" in running text is a verb and a count
        year, month = _year(g["my4"] or g["my2"]), _month(g["mm"])
        if _POINT_PREFIX.fullmatch(prefix):
            end = _month_end(year, month)
            return Period(text, end, end, "point")
        return Period(text, datetime.date(year, month, 1), _month_end(year, month), "month")
    if g["fy"]:
        y1 = _split_fy(g["fy"])
        if y1 is None:
            return None
        if "academic" in prefix:
            return Period(text, datetime.date(y1, 9, 1), datetime.date(y1 + 1, 8, 31), "academic_year")
        start, end = _financial_year(y1)
        if ytd:
            if reference is not None and start <= reference <= end:
                end = reference
            return Period(text, start, end, "year_to_date")
        return Period(text, start, end, "financial_year")
    if g["year"]:
        if prefix.startswith(("ytd", "year", "academic", "baseline")):
            return None
        y = int(g["year"])
        return Period(text, datetime.date(y, 1, 1), datetime.date(y, 12, 31), "calendar_year")
    if g["bare"]:
        if not prefix or reference is None or prefix.startswith(("ytd", "year", "academic", "baseline")):
            return None
        if g["bare"][0].islower():
            return None  # "may" is a verb; a month in running text is capitalised
        month = _month(g["bare"])
        year = reference.year if month <= reference.month else reference.year - 1
        if _POINT_PREFIX.fullmatch(prefix):
            end = _month_end(year, month)
            return Period(text, end, end, "point", guessed_year=True)
        return Period(text, datetime.date(year, month, 1), _month_end(year, month), "month", guessed_year=True)
    return None


def _matches(text: str) -> tuple[re.Match, ...] | Iterator[re.Match]:
    """The pattern's matches in ``text``, which do not depend on the reference date. A long
    text's are kept: a document's text is searched once for its reference date and once
    more, with that date, by the pipeline."""
    return _PERIOD.finditer(text) if len(text) < 10_000 else _long_matches(text)


@functools.lru_cache(maxsize=1)
def _long_matches(text: str) -> tuple[re.Match, ...]:
    return tuple(_PERIOD.finditer(text))


def find_periods(text: str, *, reference: datetime.date | None = None) -> list[tuple[int, int, Period]]:
    """Period expressions in ``text``, as ``(start, end, Period)`` in text order.

    Section numbers, counts and ages are not periods; a bare month needs a placing word
    ("in", "at the end of") and a ``reference`` date to give it a year.

    >>> [(p.text, p.kind) for _, _, p in find_periods("the rate was 3.7 per 10k at the end of April",
    ...                                              reference=datetime.date(2018, 5, 31))]
    [('at the end of April', 'point')]
    >>> [p.text for _, _, p in find_periods("aged 19-21, 3 or more placements, 5907 young people")]
    []
    >>> [p.text for _, _, p in find_periods("(81.1% at the end of March 2017) and 59.8% in 2016/17")]
    ['at the end of March 2017', '2016/17']
    """
    found = []
    for m in _matches(text):
        period = _period_from_match(m, reference)
        if period is None:
            continue
        offset = m.group(0).find(period.text)
        start = m.start() + max(offset, 0)
        found.append((start, start + len(period.text), period))
    return found


_WRAPPER = re.compile(r"^\s*(?:baseline\s*(?=\())?|\s+$", re.IGNORECASE)


def parse_period(text: str, *, reference: datetime.date | None = None) -> Period | None:
    """Parse a whole string as one period expression; None when it is not one.

    >>> p = parse_period("2017/18"); (p.start, p.end, p.kind)
    (datetime.date(2017, 4, 1), datetime.date(2018, 3, 31), 'financial_year')
    >>> parse_period("2021-22 Q1").start, parse_period("09/10").start
    (datetime.date(2021, 4, 1), datetime.date(2009, 4, 1))
    >>> [(p.start, p.kind) for p in map(parse_period, ["May-15", "Apr-15", "Mar 11", "Nov 09"])]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(datetime.date(2015, 5, 1), 'month'), (datetime.date(2015, 4, 1), 'month'),
     (datetime.date(2011, 3, 1), 'month'), (datetime.date(2009, 11, 1), 'month')]
    >>> p = parse_period("as at 31st March 2017"); (p.start, p.end, p.kind)
    (datetime.date(2017, 3, 31), datetime.date(2017, 3, 31), 'point')
    >>> parse_period("Baseline (Nov 09)").start, parse_period("2020-21 outturn").kind
    (datetime.date(2009, 11, 1), 'financial_year')
    >>> [parse_period(t).kind for t in ("YTD 15/16", "Year to Date 15/16", "2015/16 YTD")]
    ['year_to_date', 'year_to_date', 'year_to_date']
    >>> p = parse_period("academic year 2019/20"); (p.start, p.end)
    (datetime.date(2019, 9, 1), datetime.date(2020, 8, 31))
    >>> p = parse_period("January 2018 – April 2018"); (p.start, p.end, p.kind)
    (datetime.date(2018, 1, 1), datetime.date(2018, 4, 30), 'range')
    >>> parse_period("at the end of April", reference=datetime.date(2018, 5, 20)).end
    datetime.date(2018, 4, 30)
    >>> parse_period("at the end of April") is None, parse_period("3.7") is None
    (True, True)
    """
    if not text or len(text) > 200:
        return None
    m = _PERIOD.fullmatch(text.strip())
    if m is None:
        return None
    period = _period_from_match(m, reference)
    if period is None:
        return None
    return replace(period, text=text.strip())
