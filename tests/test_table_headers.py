"""Header semantics: what a column header (or a transposed row key) says, and the cue file."""

import doctest

import pytest

import outturn.extractors.table_headers as table_headers
from outturn.errors import DataFileError
from outturn.extractors.table_headers import classify_header, cues, parse_cues, unit_of

# (header, kind, role, period text or None)
FROM_SEEDS = [
    ("2020-21 outturn", "role", "actual", "2020-21 outturn"),
    ("2021-22 Q1", "role", "actual", "2021-22 Q1"),
    ("2021-22 target", "role", "target", "2021-22"),
    ("Mar-15", "role", "actual", "Mar-15"),
    ("CURRENT May-15", "role", "actual", "May-15"),
    ("2013/14", "role", "actual", "2013/14"),
    ("2015/ 16 YTD", "role", "actual", "2015/16 YTD"),
    ("Year to Date 15/16", "role", "actual", "Year to Date 15/16"),
    ("Baseline Performance (Nov 09)", "role", "actual", "Nov 09"),
    ("Current Performance", "role", "actual", None),
    ("April -18", "role", "actual", "April-18"),
    ("2016", "role", "actual", "2016"),
    ("14/15 Year Total", "role", "actual", "14/15"),
    ("TARGE T", "role", "target", None),
    ("Targets", "role", "target", None),
    ("STAT NEIGH AVE", "role", "statistical_neighbour", None),
    ("Statistical Neighbour", "role", "statistical_neighbour", None),
    ("SN AVE", "role", "statistical_neighbour", None),
    ("NAT AVE", "role", "national", None),
    ("National", "role", "national", None),
    ("Eng", "role", "national", None),
    ("NE", "role", "regional", None),
    ("BEST STAT NEIGH", "role", "benchmark_other", None),
    ("BEST SN", "role", "benchmark_other", None),
    ("QTILE THRESHOI", "role", "benchmark_other", None),
    ("NAT TOP QTILE", "role", "benchmark_other", None),
    ("LATEST BENCHMARKING - 2013/14", "role", "benchmark_other", "2013/14"),
    ("NO.", "label", None, None),
    ("INDICATOR", "label", None, None),
    ("Service/ KPI name", "label", None, None),
    ("Measure", "label", None, None),
]

OTHER_COUNCILS = [
    ("2023-24 outturn", "role", "actual", "2023-24 outturn"),
    ("Q2 2023-24", "role", "actual", "Q2 2023-24"),
    ("England 2024-25", "role", "national", "2024-25"),
    ("Stat neighbours 2024-25", "role", "statistical_neighbour", "2024-25"),
    ("Statistical neighbours", "role", "statistical_neighbour", None),
    ("England average", "role", "national", None),
    ("Regional average", "role", "regional", None),
    ("North West", "role", "regional", None),
    ("Yorkshire & Humber", "role", "regional", None),
    ("Top quartile", "role", "benchmark_other", None),
    ("Best performing LA", "role", "benchmark_other", None),
    ("Core cities", "role", "benchmark_other", None),
    ("Similar authorities average", "role", "benchmark_other", None),
    ("Tolerance", "role", "tolerance", None),
    ("Target 2023/24", "role", "target", "2023/24"),
    ("Actual", "role", "actual", None),
    ("Change", "role", "change", None),
    ("March 2024", "role", "actual", "March 2024"),
    ("Stat Ne igh", "role", "statistical_neighbour", None),  # a PDF split, not NE (North East)
    ("YJS family", "role", "statistical_neighbour", None),  # session 9: the youth justice comparator group
    ("YOT family average", "role", "statistical_neighbour", None),
    ("Engl and", "role", "national", None),
]

NOT_A_STATEMENT = [
    ("Trend – last four quarters", "skip", None, None),
    ("DOT", "skip", None, None),
    ("Direction of travel", "skip", None, None),
    ("RAG", "skip", None, None),
    ("GOOD PERF IS", "skip", None, None),
    ("Polarity", "skip", None, None),
    ("NOTE (Monthly)", "skip", None, None),
    ("DATA NOTE", "skip", None, None),
    ("Commentary", "skip", None, None),
    ("Frequency", "skip", None, None),
    ("YR ON YR TREND", "skip", None, None),
    # a long header names an indicator even when it holds a comparator's word
    ("% LAC visits up to date National Minimum standard", "none", None, None),
    ("No. of long term LAC placements stable for at least 2 years", "none", None, None),
    ("", "none", None, None),
]

XFAIL = [
    pytest.param("15/16 Autum n", "role", "actual", "Autumn 2015/16",
                 marks=pytest.mark.xfail(strict=True, reason="a PDF-split season word is lost; the period is the year")),
    pytest.param("Prev. yr", "role", "actual", None,
                 marks=pytest.mark.xfail(strict=True, reason="abbreviated 'previous year' has no cue yet")),
]


def _case_id(case):
    return case[0] or "(empty)"


@pytest.mark.parametrize(
    "header, kind, role, period",
    [pytest.param(*c, id=f"seed:{_case_id(c)}") for c in FROM_SEEDS]
    + [pytest.param(*c, id=f"other:{_case_id(c)}") for c in OTHER_COUNCILS]
    + [pytest.param(*c, id=f"not:{_case_id(c)}") for c in NOT_A_STATEMENT]
    + XFAIL,
)
def test_classify_header(header, kind, role, period):
    info = classify_header(header)
    assert (info.kind, info.role) == (kind, role)
    assert (info.period.text if info.period else None) == period


UNITS = [
    ("Average length of single assessment (working days)", "days"),  # "(" opens no word: no \b before it
    ("Time in care proceedings (weeks)", "weeks"),
    ("Rate per 10,000", "rate_per_10k"),
    ("Rate of LAC per 10k population", "rate_per_10k"),
    ("First time entrants per 100,000", "rate_per_100k"),
    ("Average number of days between a child becoming Looked After and an adoption placement", "days"),
    ("Percentage", "percent"),
    ("% of re-referrals within last 12 months", "percent"),
    ("Primary 1st Choice Preference (number)", "count"),
    ("Count", "count"),
    ("Numbers", "count"),
    # a threshold in the label does not make the value a number of days
    ("% single assessments completed within 45 days", "percent"),
    ("Children seen within 10 working days", None),
    # session 9: youth justice measures
    ("Use of custody (rate per 1,000 aged 10-17)", "other"),
    ("Reoffending - reoffences per reoffender", "ratio"),
]


@pytest.mark.parametrize("text, unit", UNITS, ids=[u[0][:40] for u in UNITS])
def test_unit_of(text, unit):
    assert unit_of(text)[0] == unit


def test_a_days_label_outranks_a_count_unit_cell():
    days, count = unit_of("rage number of days between a placement order and matching"), unit_of("Average count")
    assert days[0] == "days" and count[0] == "count" and days[1] > count[1]


BAD_LINES = [
    ('{"kind": "skip", "phrase": "rag", "colour": "red"}', "unknown key 'colour'"),
    ('{"kind": "shout", "phrase": "rag"}', "key 'kind'"),
    ('{"kind": "role", "role": "forecast", "phrase": "fcst"}', "key 'role'"),
    ('{"kind": "unit", "unit": "furlongs", "phrase": "fl"}', "key 'unit'"),
    ('{"kind": "skip", "pattern": "(unclosed"}', "key 'pattern'"),
    ('{"kind": "skip"}', "key 'phrase'/'pattern'"),
    ('{"kind": "skip", "phrase": "a", "pattern": "b"}', "key 'phrase'/'pattern'"),
    ('{"kind": "unit", "unit": "count", "phrase": "n", "priority": "high"}', "key 'priority'"),
    ("not json", "not a JSON object"),
]


@pytest.mark.parametrize("line, message", BAD_LINES, ids=[m for _, m in BAD_LINES])
def test_bad_cue_lines_name_file_line_and_key(line, message):
    text = '{"kind": "skip", "phrase": "rag"}\n' + line
    with pytest.raises(DataFileError) as err:
        parse_cues(text, "custom.jsonl")
    assert err.value.path == "custom.jsonl" and err.value.line == 2
    assert message in str(err.value)


def test_packaged_cue_file_loads_and_covers_every_role_it_promises():
    roles = {c.role for c in cues() if c.kind == "role"}
    assert {"actual", "target", "tolerance", "national", "regional",
            "statistical_neighbour", "benchmark_other"} <= roles


def test_table_headers_doctests():
    result = doctest.testmod(table_headers)
    assert result.attempted > 0 and result.failed == 0
