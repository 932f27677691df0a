"""Number tokens: values, symbols, words, bounds, ranges and denominators."""

import doctest

import pytest

import outturn.extractors.numbers as numbers
from outturn.extractors.numbers import find_quantities, parse_number

# (text, [(value_text, value, unit_hint)])
FROM_SEEDS = [
    ("was 85.3% of", [("85.3%", 85.3, "percent")]),
    ("had been exceeded (1,073 by", [("1,073", 1073.0, None)]),
    ("score was +0.06, 0.09 above", [("+0.06", 0.06, None), ("0.09", 0.09, None)]),
    ("average score of -0.03", [("-0.03", -0.03, None)]),
    ("currently £435,922 having", [("£435,922", 435922.0, "gbp")]),
    ("budget of c£150k for", [("£150k", 150000.0, "gbp")]),
    ("an improvement of 71.% and", [("71.%", 71.0, "percent")]),
    ("with zero re-referrals", [("zero", 0.0, None)]),
    ("The six reviews", [("six", 6.0, None)]),
]
OTHER_COUNCILS = [
    ("rose to 85.3 per cent", [("85.3 per cent", 85.3, "percent")]),
    ("a budget of 1.2m", [("1.2m", 1200000.0, None)]),
    ("Forty-three children", [("Forty-three", 43.0, None)]),
    ("One hundred and fifty-five referrals", [("One hundred and fifty-five", 155.0, None)]),
    ("ranked 3rd", [("3rd", 3.0, "ordinal")]),
    ("Seventy-one per cent of them", [("Seventy-one per cent", 71.0, "percent")]),
    ("up +4.2pp, down -1.3ppts, 5 pp", [("+4.2pp", 4.2, "percent"), ("-1.3ppts", -1.3, "percent"), ("5", 5.0, None)]),
]
NOT_A_NUMBER = [
    ("NI59 and Q1 and KS2", []),
    ("someone gave none", []),
    ("May 2015 - 11.xlsx", [("2015", 2015.0, None)]),
]


@pytest.mark.parametrize(
    "text, expected",
    [pytest.param(*c, id=f"seeds:{c[0]}") for c in FROM_SEEDS]
    + [pytest.param(*c, id=f"other:{c[0]}") for c in OTHER_COUNCILS]
    + [pytest.param(*c, id=f"not:{c[0]}") for c in NOT_A_NUMBER],
)
def test_find_quantities(text, expected):
    found = find_quantities(text)
    assert [(q.value_text, q.value, q.unit_hint) for q in found] == expected
    for q in found:
        assert text[q.start:q.end] == q.value_text


def test_denominator_is_marked_not_dropped():
    q = find_quantities("(81 out of 618 children)")
    assert [(x.value, x.denominator, x.is_denominator) for x in q] == [(81, 618, False), (618, None, True)]


def test_range_shares_the_unit_of_its_high_end():
    q = find_quantities("Tolerance 85 – 100%")
    assert [(x.value, x.unit_hint, x.range_part) for x in q] == [(85, "percent", "low"), (100, "percent", "high")]


@pytest.mark.parametrize("text, bound", [
    ("Less than 1%", "lt"), ("remains above 90%", "gt"), ("c.40", "approx"), ("about 12", "approx"),
    # a word that only ends like a bound is no bound
    ("Social worker turnover 15.2%", None), ("Music 12", None), ("the public 5 times", None),
    ("Thunder 3", None), ("Handsome 7", None),
])
def test_bound(text, bound):
    assert find_quantities(text)[0].bound == bound


@pytest.mark.parametrize("text, value", [("85.3%", 85.3), ("£1,000", 1000.0), ("zero", 0.0), ("n/a", None), ("-", None), ("3.7.1", None)])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_spreadsheet_dump_is_fast_and_complete():
    text = "\t".join(f"{i}.5%" for i in range(200_000))
    assert len(find_quantities(text)) == 200_000


def test_numbers_doctests():
    result = doctest.testmod(numbers)
    assert result.attempted > 0 and result.failed == 0
