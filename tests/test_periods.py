"""Period parsing: whole-string parses and periods found in sentences."""

import datetime
import doctest

import pytest

import outturn.extractors.periods as periods
from outturn.extractors.periods import find_periods, parse_period

D = datetime.date
REF = D(2018, 5, 31)

# (text, start, end, kind)
FROM_SEEDS = [
    ("2017/18", D(2017, 4, 1), D(2018, 3, 31), "financial_year"),
    ("2017-18", D(2017, 4, 1), D(2018, 3, 31), "financial_year"),
    ("09/10", D(2009, 4, 1), D(2010, 3, 31), "financial_year"),
    ("Q1 2021-22", D(2021, 4, 1), D(2021, 6, 30), "quarter"),
    ("2021-22 Q1", D(2021, 4, 1), D(2021, 6, 30), "quarter"),
    ("April 2018", D(2018, 4, 1), D(2018, 4, 30), "month"),
    ("May-15", D(2015, 5, 1), D(2015, 5, 31), "month"),
    ("Apr-15", D(2015, 4, 1), D(2015, 4, 30), "month"),
    ("Mar 11", D(2011, 3, 1), D(2011, 3, 31), "month"),
    ("Nov 09", D(2009, 11, 1), D(2009, 11, 30), "month"),
    ("January 18", D(2018, 1, 1), D(2018, 1, 31), "month"),
    ("as at 31st March 2017", D(2017, 3, 31), D(2017, 3, 31), "point"),
    ("31 March 2017", D(2017, 3, 31), D(2017, 3, 31), "point"),
    ("2020-21 outturn", D(2020, 4, 1), D(2021, 3, 31), "financial_year"),
    ("Baseline (Nov 09)", D(2009, 11, 1), D(2009, 11, 30), "month"),
    ("YTD 15/16", D(2015, 4, 1), D(2016, 3, 31), "year_to_date"),
    ("Year to Date 15/16", D(2015, 4, 1), D(2016, 3, 31), "year_to_date"),
    ("2015/16 YTD", D(2015, 4, 1), D(2016, 3, 31), "year_to_date"),
    ("January 2018 – April 2018", D(2018, 1, 1), D(2018, 4, 30), "range"),
    ("April 17 – April 18", D(2017, 4, 1), D(2018, 4, 30), "range"),
    ("Jan – March 2018", D(2018, 1, 1), D(2018, 3, 31), "range"),
    ("2016", D(2016, 1, 1), D(2016, 12, 31), "calendar_year"),
]
OTHER_COUNCILS = [
    ("quarter two 2019-20", D(2019, 7, 1), D(2019, 9, 30), "quarter"),
    ("Q4 2019/20", D(2020, 1, 1), D(2020, 3, 31), "quarter"),
    ("academic year 2019/20", D(2019, 9, 1), D(2020, 8, 31), "academic_year"),
    ("2018/2019", D(2018, 4, 1), D(2019, 3, 31), "financial_year"),
    ("at the end of September 2019", D(2019, 9, 30), D(2019, 9, 30), "point"),
    ("Sept 2019", D(2019, 9, 1), D(2019, 9, 30), "month"),
]


@pytest.mark.parametrize(
    "text, start, end, kind",
    [pytest.param(*c, id=f"seeds:{c[0]}") for c in FROM_SEEDS]
    + [pytest.param(*c, id=f"other:{c[0]}") for c in OTHER_COUNCILS],
)
def test_parse_period(text, start, end, kind):
    period = parse_period(text, reference=REF)
    assert period is not None, text
    assert (period.start, period.end, period.kind) == (start, end, kind)


NOT_A_PERIOD = ["3.7", "5.19", "43", "19-21", "16-17", "10-17", "12 – 13", "19/291", "Item 43", "may 15", ""]


@pytest.mark.parametrize("text", NOT_A_PERIOD, ids=NOT_A_PERIOD)
def test_not_a_period(text):
    assert parse_period(text, reference=REF) is None


def test_bare_month_needs_a_reference_date():
    assert parse_period("at the end of April") is None
    period = parse_period("at the end of April", reference=REF)
    assert (period.start, period.end, period.kind) == (D(2018, 4, 30), D(2018, 4, 30), "point")


@pytest.mark.parametrize("text, start, end", [
    ("Q1", D(2018, 4, 1), D(2018, 6, 30)),           # this financial year's, already begun
    ("Quarter 2", D(2017, 7, 1), D(2017, 9, 30)),    # not begun by the reference date: last year's
    ("quarter four", D(2018, 1, 1), D(2018, 3, 31)),
], ids=["Q1", "Quarter 2", "quarter four"])
def test_bare_quarter_takes_its_year_from_the_reference_date(text, start, end):
    assert parse_period(text) is None
    period = parse_period(text, reference=REF)
    assert (period.start, period.end, period.kind) == (start, end, "quarter")


FIND = [
    ("During the year partners had completed 15.9% (6.5% 2016/17)", ["2016/17"]),
    ("3.7 Key Performance Indicator 1 - % of referrals within 24 hours", []),
    ("aged 19-21, 3 or more placements, 5907 young people, 16-17 year olds", []),
    ("the milestone target for October 2010 is 85%, as at the end of March 2010",
     ["October 2010", "at the end of March 2010"]),
    ("Oct 10 – 68% Mar 11- 70%", ["Oct 10", "Mar 11"]),
    ("Date Created: 09/07/2015", []),
    ("Satisfaction was 100% in March rating", ["March"]),
]


@pytest.mark.parametrize("text, expected", FIND, ids=[f[0][:40] for f in FIND])
def test_find_periods(text, expected):
    found = find_periods(text, reference=REF)
    assert [p.text for _, _, p in found] == expected
    for start, end, period in found:
        assert text[start:end] == period.text


def test_find_periods_is_linear_on_a_long_line():
    text = "April 2018 12/13 " * 60_000
    assert len(find_periods(text)) == 120_000


def test_periods_doctests():
    result = doctest.testmod(periods)
    assert result.attempted > 0 and result.failed == 0
