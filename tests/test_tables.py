"""Table finding, cell values and table statements, on small documents."""

import doctest
import hashlib

import pytest

import outturn.extractors.table_cells as table_cells
import outturn.extractors.table_grid as table_grid
import outturn.extractors.table_layout as table_layout
import outturn.extractors.tables as tables
from outturn.extractors.models import Document, PageSpan, TableSpan
from outturn.extractors.table_cells import parse_cell
from outturn.extractors.tables import extract_table_statements, find_tables


def _doc(text: str, **kw) -> Document:
    return Document("t.txt", "t.txt", hashlib.sha256(text.encode()).hexdigest(), "text", text, **kw)


def _read(text: str, **kw):
    doc = _doc(text, **kw)
    return doc, extract_table_statements(doc, find_tables(doc))


def _brief(statements):
    return [(s.value_text, s.unit, s.role, s.period_text, s.indicator_text) for s in statements]


# --- cells: (cell text, [(value_text, previous, period text)]) --------------------------
CELLS_FROM_SEEDS = [
    ("4 36.36%", [("4", False, None), ("36.36%", False, None)]),
    ("79.74% 09/10 outturn 73.4%", [("79.74%", False, None), ("73.4%", True, "09/10 outturn")]),
    ("Oct 10 – 68% Mar 11- 70%", [("68%", False, "Oct 10"), ("70%", False, "Mar 11")]),
    ("1,524", [("1,524", False, None)]),
    ("72.5", [("72.5", False, None)]),
    ("2016", [("2016", False, None)]),
    ("110 of 161", [("110", False, None)]),
]
CELLS_OTHER_COUNCILS = [
    ("5 (17%)", [("5", False, None), ("17%", False, None)]),
    ("£435,922", [("£435,922", False, None)]),
    ("-0.03", [("-0.03", False, None)]),
    ("83% last year 79%", [("83%", False, None), ("79%", True, None)]),
    ("+4.2pp", [("+4.2pp", False, None)]),
]
CELLS_NOT_A_STATEMENT = [
    ("TBC (Unavailable)", []),
    ("n/a", []),
    ("-", []),
    ("not reported", []),
    ("", []),
    ("01572 758358", []),
    ("01572 758233 jweller@rutland.gov.uk", []),
    ("09/07/2015", []),
    ("Mar-15", []),
    ("Performance has improved to 85% this quarter because of new staff in the team", []),
    ("x" * 500 + " 12", []),
    ("2nd", []),  # a quartile or rank column: a position, not a value
    ("1st", []),
]


@pytest.mark.parametrize(
    "text, expected",
    [pytest.param(t, e, id=f"seed:{t}") for t, e in CELLS_FROM_SEEDS]
    + [pytest.param(t, e, id=f"other:{t}") for t, e in CELLS_OTHER_COUNCILS]
    + [pytest.param(t, e, id=f"not:{t[:30] or '(empty)'}") for t, e in CELLS_NOT_A_STATEMENT],
)
def test_parse_cell(text, expected):
    got = [(v.value_text, v.previous, v.period.text if v.period else None) for v in parse_cell(text, 100)]
    assert got == expected
    for v in parse_cell(text, 100):
        assert text[v.start - 100:v.end - 100] == v.value_text


# --- finding tables -----------------------------------------------------------------------
FIND = [
    ("tab table", "Intro.\n\nKPI\t2022\t2023\nA\t1\t2\nB\t3\t4\n\nAfter.", [("tab", False)]),
    ("pipe table with separator", "| KPI | 2023 |\n|---|---|\n| A | 5 |\n", [("pipe", False)]),
    ("pipe table without separator", "| KPI | 2023 |\n| A | 5 |\n", [("pipe", False)]),
    ("single tab line", "Strategic Aim:\tSafeguarding\t\n\nText.", []),
    ("form front matter", "Strategic Aim:\tSafeguarding\t\nExempt Information\tNo\t\n"
                          "Contact Officer(s):\tA Person\t01572 758358\n\tB Person\t01572 758233\n", [("tab", True)]),
    ("numbered paragraphs with a tab", "4.1\t" + "word " * 30 + "\n4.2\t" + "more " * 30 + "\n", []),
    ("one filled cell a line", "\tA\n\tB\n", []),
    ("two tables split by a blank line", "K\t2023\nA\t1\n\nK\t2023\nB\t2\n", [("tab", False), ("tab", False)]),
]


@pytest.mark.parametrize("name, text, expected", FIND, ids=[f[0] for f in FIND])
def test_find_tables(name, text, expected):
    assert [(b.kind, b.form) for b in find_tables(_doc(text))] == expected


def test_reader_table_spans_are_tables_and_not_found_twice():
    text = "Title\n\nIndicator\t2023-24\tEngland\nCLA per 10,000\t58\t67\n"
    start = text.index("Indicator")
    doc = _doc(text, table_spans=[TableSpan(start, len(text) - 1, 1)])
    assert [(b.start, b.kind) for b in find_tables(doc)] == [(start, "reader")]


# --- statements ---------------------------------------------------------------------------
def test_rowwise_roles_periods_units_and_evidence():
    text = ("Performance as at end of quarter one 2021-22\n\n"
            "Service/ KPI name\t2020-21 outturn\t2021-22 Q1\t2021-22 target\t\tTrend\n"
            "Contacts and referrals\t\t\t\t\t\n"
            "Number of contacts received\t1,524\t356\t-\t-\t-\n"
            "% of re-referrals within last 12 months\t38%\t0%\t25%\t\t\n")
    doc, found = _read(text)
    assert _brief(found) == [
        ("1,524", "count", "actual", "2020-21 outturn", "Number of contacts received"),
        ("356", "count", "actual", "2021-22 Q1", "Number of contacts received"),
        ("38%", "percent", "actual", "2020-21 outturn", "% of re-referrals within last 12 months"),
        ("0%", "percent", "actual", "2021-22 Q1", "% of re-referrals within last 12 months"),
        ("25%", "percent", "target", "2021-22", "% of re-referrals within last 12 months"),
    ]
    for s in found:
        assert text[s.char_start:s.char_end] == s.value_text
        assert s.evidence in text.splitlines() and s.source == "table" and s.page is None
        assert 0 < s.confidence <= 1


def test_a_period_column_after_the_indicator_names_gives_each_row_its_period():
    # "Indicator | Period | Medway | England": rows are indicators, not periods to transpose
    text = ("| Indicator | Period | Medway | South East | England | YJS family |\n"
            "|---|---|---|---|---|---|\n"
            "| First time entrants (rate per 100,000 aged 10-17) | Jan-Dec 2021 | 195 | 131 | 148 | 176 |\n"
            "| Young people in suitable accommodation | Apr 21 - Mar 22 | 93.1% | 90.2% | 91.0% | 92.4% |\n")
    _, found = _read(text)
    assert [(s.value_text, s.role, s.unit, s.period_text) for s in found] == [
        ("195", "actual", "rate_per_100k", "Jan-Dec 2021"), ("131", "regional", "rate_per_100k", "Jan-Dec 2021"),
        ("148", "national", "rate_per_100k", "Jan-Dec 2021"),
        ("176", "statistical_neighbour", "rate_per_100k", "Jan-Dec 2021"),
        ("93.1%", "actual", "percent", "Apr 21 - Mar 22"), ("90.2%", "regional", "percent", "Apr 21 - Mar 22"),
        ("91.0%", "national", "percent", "Apr 21 - Mar 22"),
        ("92.4%", "statistical_neighbour", "percent", "Apr 21 - Mar 22"),
    ]
    assert {s.indicator_text for s in found} == {"First time entrants (rate per 100,000 aged 10-17)",
                                                 "Young people in suitable accommodation"}


def test_a_change_column_in_percentage_points():
    text = ("Indicator\tQ2 2023/24\tQ2 2024/25\tChange\tDirection\n"
            "Care leavers in EET (%)\t49.6%\t53.8%\t+4.2pp\tImproving\n")
    _, found = _read(text)
    assert [(s.value_text, s.value, s.unit, s.role) for s in found][-1] == ("+4.2pp", 4.2, "percent", "change")


def test_mangled_pipe_table_with_group_header_and_split_labels():
    text = ("As at Month End: May 2015\n\n"
            "| | | | DATA | 2014/15 | | LATEST BENCHMARKING - 2013/14 | | |\n"
            "|---|---|---|---|---|---|---|---|---|\n"
            "| NO. | INDICATOR | TARGE T | NOTE | Apr-15 | DOT | STAT NEIGH AVE | BEST SN | NAT AVE |\n"
            "| 7.2 Rate | e of LAC per 10,000 | n/a | Rate per 10,000 | 72.9 | 1 | 73.5 | 46.0 | 60.0 |\n"
            "| | rage number of days to adoption (A1) | 487 | Average count | 360.5 | Ψ | 507.3 | | |\n")
    _, found = _read(text)
    assert _brief(found) == [
        ("72.9", "rate_per_10k", "actual", "Apr-15", "7.2 Rate | e of LAC per 10,000"),
        ("73.5", "rate_per_10k", "statistical_neighbour", "2013/14", "7.2 Rate | e of LAC per 10,000"),
        ("46.0", "rate_per_10k", "benchmark_other", "2013/14", "7.2 Rate | e of LAC per 10,000"),
        ("60.0", "rate_per_10k", "national", "2013/14", "7.2 Rate | e of LAC per 10,000"),
        ("487", "days", "target", "2015/16", "rage number of days to adoption (A1)"),
        ("360.5", "days", "actual", "Apr-15", "rage number of days to adoption (A1)"),
        ("507.3", "days", "statistical_neighbour", "2013/14", "rage number of days to adoption (A1)"),
    ]


def test_transposed_table_months_as_rows_with_denominators_and_side_labels():
    text = ("| | | No. of LAC placements stable | | | % LAC placements stable |\n"
            "|---|---|---|---|---|---|\n"
            "| | May-14 | 110 | of | 161 | 68.3% |\n"
            "| IN MONTH PERFORMANCE | Jun-14 | | | | |\n"
            "| 1 PE | 2014/ 15 | 110 | of | 153 | 71.9% |\n"
            "| LATEST BENCHMARKING | NAT AVE | | | | 67.0% |\n")
    _, found = _read(text)
    assert _brief(found) == [
        ("110", "count", "actual", "May-14", "No. of LAC placements stable"),
        ("68.3%", "percent", "actual", "May-14", "% LAC placements stable"),
        ("110", "count", "actual", "2014/15", "No. of LAC placements stable"),
        ("71.9%", "percent", "actual", "2014/15", "% LAC placements stable"),
        ("67.0%", "percent", "national", None, "% LAC placements stable"),
    ]


def test_two_row_header_spreads_a_period_over_its_columns():
    text = "Cohort\tApril -18\t\n\tNumbers\tPercent\nEET\t5322\t90.1%\nNEET\t245\t4.1%\n"
    _, found = _read(text)
    assert _brief(found)[:2] == [
        ("5322", "count", "actual", "April-18", "EET"),
        ("90.1%", "percent", "actual", "April-18", "EET"),
    ]
    assert len(found) == 4


def test_in_cell_previous_and_dated_targets():
    text = ("Date: 8th September 2010\n\n"
            "\tBaseline Performance (Nov 09)\tCurrent Performance\tTargets\tStatistical Neighbour\tNational\n"
            "NI 59 (initial assessment)\t73%\t80.11% 09/10 outturn 75.2%\tOct 10 – 85% Mar 11- 87%\t71.6%\t71.8%\n")
    _, found = _read(text)
    assert [(s.value_text, s.role, s.period_text) for s in found] == [
        ("73%", "actual", "Nov 09"),
        ("80.11%", "actual", "2010/11 YTD"),
        ("75.2%", "previous", "09/10 outturn"),
        ("85%", "target", "Oct 10"),
        ("87%", "target", "Mar 11"),
        ("71.6%", "statistical_neighbour", "Nov 09"),
        ("71.8%", "national", "Nov 09"),
    ]


def test_comparators_without_a_period_take_the_latest_year_of_the_table():
    text = "Measure\t2016\t2017\tTarget\tNE\tEng\nPrimary 1st choice (%)\t91.00%\t96.00%\tn/a\t94.10%\t90.00%\n"
    _, found = _read(text)
    assert [(s.role, s.period_text) for s in found][-2:] == [("regional", "2017"), ("national", "2017")]


def test_a_column_of_reference_numbers_is_part_of_the_label():
    text = "1.1\tChildren in need per 10,000\t330.3\n1.2\tCLA per 10,000\t67\n"
    _, found = _read(text)
    assert [(s.value_text, s.unit, s.indicator_text) for s in found] == [
        ("330.3", "rate_per_10k", "1.1 | Children in need per 10,000"),
        ("67", "rate_per_10k", "1.2 | CLA per 10,000"),
    ]


def test_a_first_column_of_labels_with_a_number_is_still_the_label():
    text = "Year 11\t88%\nYear 13\t91%\nKS2 pupils\t70%\n"
    _, found = _read(text)
    assert [(s.value_text, s.indicator_text) for s in found] == [
        ("88%", "Year 11"), ("91%", "Year 13"), ("70%", "KS2 pupils")]


def test_bare_quarter_headers_take_the_documents_financial_year():
    text = "Quarterly report 2023/24\n\nIndicator\tQ1\tQ2\tTarget\nCIN per 10,000\t301\t310\t300\n"
    _, found = _read(text)
    assert [(s.role, s.period_text, s.period_start) for s in found] == [
        ("actual", "Q1 2023/24", "2023-04-01"), ("actual", "Q2 2023/24", "2023-07-01"),
        ("target", "2023/24", "2023-04-01")]


def test_repeated_header_after_a_page_break_is_not_data():
    text = "KPI\t2023\tTarget\nA\t5\t6\nKPI\t2023\tTarget\nB\t7\t8\n"
    _, found = _read(text)
    assert [(s.value_text, s.indicator_text) for s in found] == [("5", "A"), ("6", "A"), ("7", "B"), ("8", "B")]


NO_STATEMENTS = [
    ("front matter with phone numbers", "Strategic Aim:\tSafeguarding\t\n"
     "Contact Officer(s):\tDawn Godfrey\t01572 758358\n\tJonathan Weller\t01572 758233 jweller@x.gov.uk\n"
     "Ward Councillors\tAll\t\n"),
    ("numbered form", "1.\tMeeting:\tCabinet\n2.\tDate:\t8th September 2010\n3.\tTitle:\tUpdate\n"),
    ("direction of travel and RAG", "KPI\tDOT\tRAG\nA\t1\tG\nB\t^\tR\n"),
    ("header only", "KPI\t2022\t2023\n\nText."),
    ("empty table", "|  |  |\n|---|---|\n|  |  |\n"),
    ("text table", "Name\tRole\nA Person\tChair\nB Person\tMember\n"),
]


@pytest.mark.parametrize("name, text", NO_STATEMENTS, ids=[n for n, _ in NO_STATEMENTS])
def test_not_a_statement(name, text):
    assert _read(text)[1] == []


def test_pages_come_from_the_document():
    text = "KPI\t2023\nA\t5\nB\t6\n"
    doc, found = _read(text, pages=[PageSpan(1, 0, 13), PageSpan(2, 13, len(text))])
    assert [s.page for s in found] == [1, 2]


# --- bad input ----------------------------------------------------------------------------
def test_ragged_rows_are_read_as_far_as_they_go():
    text = "KPI\t2022\t2023\tTarget\nA\t1\nB\t2\t3\t4\t5\t6\nC\n"
    _, found = _read(text)
    assert [(s.indicator_text, s.value_text) for s in found][:3] == [("A", "1"), ("B", "2"), ("B", "3")]


def test_a_cell_holding_a_paragraph_gives_no_statement_from_it():
    paragraph = "Performance improved to 85% in the quarter, " * 20
    text = f"KPI\t2023\tComment\nA\t5\t{paragraph}\n"
    _, found = _read(text)
    assert [s.value_text for s in found] == ["5"]


def test_a_two_thousand_row_table_gives_every_cell():
    # Speed is the benchmark's business (bench/run.py); this test asserts the outcome only.
    rows = "".join(f"Indicator {i}\t{i}\t{i % 100}%\n" for i in range(2000))
    _, found = _read("KPI\t2022-23\t2023-24\n" + rows)
    assert len(found) == 4000
    assert [s.indicator_text for s in found[-2:]] == ["Indicator 1999", "Indicator 1999"]


def test_a_very_wide_broken_line_does_not_crash():
    text = "KPI" + "\t2023" * 500 + "\nA" + "\t5" * 500 + "\nB\t6\n"
    _, found = _read(text)
    assert found and all(s.value_text in ("5", "6") for s in found)


@pytest.mark.parametrize("module", [tables, table_grid, table_cells, table_layout],
                         ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
