"""Readers on real documents: the corpus (real PDFs), the seeds, and bad inputs."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

import outturn.extractors.readers.html as html_reader
import outturn.extractors.readers.pdf as pdf_reader
import outturn.extractors.readers.text as text_reader
from outturn.errors import DataFileError, DocumentError
from outturn.extractors.readers import read_document
from outturn.extractors.readers.text import decode_text, detect_date, detect_title, title_cues

BAD = Path(__file__).parent / "data" / "bad"
CORNWALL = "cornwall-performance-report-2024-25.pdf"
DERBYSHIRE_PDF = "derbyshire-corporate-parenting-2024-25.pdf"
BRISTOL = "bristol-people-scrutiny-2024-11-18.html"


@pytest.mark.parametrize("module", [text_reader, html_reader, pdf_reader], ids=lambda m: m.__name__)
def test_reader_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# --- PDF: pages, tables, running headers ---------------------------------------------

@pytest.fixture(scope="module")
def cornwall(corpus_dir):
    return read_document(corpus_dir / CORNWALL)


# (text known to be on the page, page) - page breaks forced in the twin, one table split
PDF_PAGES = [
    pytest.param("Period covered: 1 April 2024 to 31 March 2025", 1, id="cover"),
    pytest.param("Section 47 enquiries started during the year rose to 233.3", 2, id="prose-p2"),
    pytest.param("Children in need per 10,000 children aged under 18\t288.6", 2, id="table-row-p2"),
    pytest.param("Average caseload of children's social workers (cases per worker)\t16.9", 3, id="table-continued-p3"),
    pytest.param("The fall in child protection reviews completed on time", 3, id="prose-after-table-p3"),
    pytest.param("Page 3 of 5", 3, id="running-footer"),
    pytest.param("CLA who had a dental check (%)\t78%", 4, id="table2-p4"),
    pytest.param("6. Next steps", 5, id="last-page"),
]


@pytest.mark.parametrize("needle, page", PDF_PAGES)
def test_pdf_offsets_map_to_the_right_page(cornwall, needle, page):
    at = cornwall.text.find(needle)
    assert at >= 0, needle
    assert cornwall.page_of(at) == page
    assert cornwall.page_of(at + len(needle) - 1) == page


def test_pdf_page_spans_tile_the_text(cornwall):
    pages = cornwall.pages
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert pages[0].start == 0 and pages[-1].end == len(cornwall.text)
    for before, after in zip(pages, pages[1:]):
        assert cornwall.text[before.end : after.start] == pdf_reader.PAGE_SEPARATOR
    for page in pages:  # the running header and footer are each a line of their own page
        lines = cornwall.text[page.start : page.end].split("\n")
        assert lines[0].startswith("Cornwall Council")
        assert lines[-1] == f"Page {page.number} of 5"


def test_pdf_tables_are_tab_separated_rows_inside_table_spans(cornwall):
    spans = cornwall.table_spans
    assert [s.page for s in spans] == [2, 3, 4]  # table 1 split over pages 2-3, table 2
    for span in spans:
        rows = cornwall.text[span.start : span.end].split("\n")
        assert rows[0].startswith("Indicator\t2023-24 outturn\t2024-25 outturn")  # header repeated
        assert all(row.count("\t") == 5 for row in rows)
        assert cornwall.page_of(span.start) == span.page
    # a multi-line cell comes out as one cell, inside a span
    row = ("Initial child protection conferences held within 15 working days of the start of "
           "the section 47 enquiry (%)\t78.5%\t81.1%\t85%\t81.4%\t81.9%")
    at = cornwall.text.index(row)
    assert any(s.start <= at and at + len(row) <= s.end for s in spans)


def test_pdf_prose_is_not_swallowed_by_tables(cornwall):
    prose = "Child protection activity fell. At 31 March 2025 there were 341 children"
    at = cornwall.text.index(prose)
    assert not any(s.start <= at < s.end for s in cornwall.table_spans)


def test_pdf_title_and_date(cornwall):
    assert cornwall.title == "Children's Services Performance Report: Year End 2024-25"
    assert cornwall.date == "2025-07-15"
    assert cornwall.events == []


def test_pdf_table_finding_is_skipped_on_crowded_pages(corpus_dir, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_TABLE_OBJECTS", 10)
    doc = read_document(corpus_dir / DERBYSHIRE_PDF)
    assert doc.table_spans == []
    assert doc.events[0].startswith("page 1: table finding skipped (")
    assert "97%" in doc.text and "91.8%" in doc.text  # the table text survives, as lines


# --- HTML: chrome removed, lists and tables kept -------------------------------------

@pytest.fixture(scope="module")
def bristol(corpus_dir):
    return read_document(corpus_dir / BRISTOL)


@pytest.mark.parametrize("chrome", [
    "cookies", "Skip to main content", "Council tax", "Bins and recycling", "Committees",
    "0117 922 2000", "BS1 5TR", "Related pages", "Search", "dataLayer", "position:fixed",
])
def test_html_chrome_is_dropped(bristol, chrome):
    assert chrome not in bristol.text


def test_html_list_items_are_lines_starting_with_a_dash(bristol):
    lines = bristol.text.split("\n")
    assert "- Re-referrals within 12 months increased to 25.2% from 22.5% in 2022-23, above the national figure of 22.4%." in lines
    assert "- That the performance report be noted." in lines  # an <ol> too
    assert sum(line.startswith("- ") for line in lines) == 8


def test_html_table_is_one_span_of_tab_separated_rows(bristol):
    (span,) = bristol.table_spans
    rows = bristol.text[span.start : span.end].split("\n")
    # rowspan and colspan cells are repeated, so every row has one cell per column
    assert rows[0] == "Indicator\tBristol\tBristol\tComparators 2023-24\tComparators 2023-24"
    assert rows[1] == "Indicator\t2022-23\t2023-24\tEngland\tStatistical neighbours"
    assert "Assessments completed within 45 working days (%)\t86.9\t77.4\t84.5\t79.1" in rows
    assert all(row.count("\t") == 4 for row in rows) and len(rows) == 9


def test_html_title_and_date(bristol):
    assert bristol.title == "People Scrutiny Commission – Minutes, 18 November 2024"
    assert bristol.date == "2024-11-18"


# --- Text ----------------------------------------------------------------------------

DECODING = [
    # FROM a Word export: a lone cp1252 pound sign inside UTF-8
    pytest.param("Budget \u00a31.2m \u2013 overspend".encode().replace(b"\xc2\xa3", b"\xa3"),
                 "Budget £1.2m – overspend", 1, id="lone-cp1252-pound"),
    pytest.param(b"\x93PEPs up to date\x94 \x96 98%", "“PEPs up to date” – 98%", 1, id="cp1252-quotes-dash"),
    pytest.param("\ufeffCLA rate\r\n89\r\n".encode(), "CLA rate\n89\n", 0, id="bom-and-crlf"),
    pytest.param(b"old Mac\rline ends", "old Mac\nline ends", 0, id="lone-cr"),
    pytest.param("caf\u00e9 £5".encode("utf-16"), "café £5", 1, id="utf16-with-bom"),
]


@pytest.mark.parametrize("data, text, events", DECODING)
def test_decode_text_repairs_and_normalises(data, text, events):
    decoded, recorded = decode_text("x.txt", data)
    assert decoded == text
    assert len(recorded) == events


def test_mixed_encoding_file_is_repaired_and_recorded(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_bytes("Line one is UTF-8 – fine.\n".encode() + b"Spend was \xa3340k on agency staff.\n")
    doc = read_document(path)
    assert "Spend was £340k on agency staff." in doc.text
    assert doc.events == ["repaired 1 byte(s) in 1 run(s) that were not UTF-8 as cp1252 (first on line 2)"]


def test_one_megabyte_single_line_reads_whole(tmp_path):
    # Speed is the benchmark's business (bench/run.py); this test asserts the outcome only.
    path = tmp_path / "long.txt"
    path.write_text("re-referrals 24.2% compared to 22.4% nationally; " * 21_000, encoding="utf-8")
    doc = read_document(path)
    assert len(doc.text) > 1_000_000 and "\n" not in doc.text


TITLES_AND_DATES = [
    # FROM_SEEDS: shapes of the five seed documents
    pytest.param("Agenda item\n\nCYPS 2017/2018 Year End Performance\n\nMinutes:\n", "CYPS 2017/2018 Year End Performance", None, id="seed-000"),
    pytest.param("\n\nCHILDREN AND YOUNG PEOPLE SCRUTINY COMMITTEE\n\n30 September 2021\n\nCHILDREN'S SERVICES PERFORMANCE Q1 2021-22\n",
                 "CHILDREN'S SERVICES PERFORMANCE Q1 2021-22", "2021-09-30", id="seed-001"),
    pytest.param("ROTHERHAM BOROUGH COUNCIL – REPORT TO MEMBERS\n1.\tMeeting:\tCabinet\n2.\tDate:\t8th September 2010\n3.\tTitle:\tNotice to Improve\n",
                 "Notice to Improve", "2010-09-08", id="seed-004"),
    pytest.param("Safeguarding Monthly Report\nAs at Month End: May 2015\nDate Created: 09/07/2015\n",
                 "Safeguarding Monthly Report", "2015-07-09", id="seed-003"),
    # BUGS_CAUGHT
    pytest.param("SCRUTINY BOARD (CHILDREN AND FAMILIES)\nMinutes of the meeting held on 10 July 2024\nPerformance 2023-24\n",
                 "Performance 2023-24", "2024-07-10", id="board-with-brackets"),
    pytest.param("Report\n31/02/2024 is not a date; 1 March 2024 is\n", "31/02/2024 is not a date; 1 March 2024 is", "2024-03-01", id="impossible-date"),
    # NOT a full date
    pytest.param("Quarter 2 report\nSeptember 2024\n", "Quarter 2 report", None, id="month-only"),
]


@pytest.mark.parametrize("text, title, date", TITLES_AND_DATES)
def test_title_and_date_detection(text, title, date):
    assert detect_title(text) == title
    assert detect_date(text) == date


# --- Bad inputs ----------------------------------------------------------------------

def _encrypted_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=StandardEncryption("secret", canPrint=0), invariant=1)
    pdf.drawString(72, 720, "Children looked after: 66 per 10,000")
    pdf.save()
    return path


BAD_INPUTS = [
    pytest.param(lambda tmp, corpus: BAD / "not-really.pdf", "not a valid PDF", id="text-named-pdf"),
    pytest.param(lambda tmp, corpus: BAD / "empty.txt", "empty", id="empty-txt"),
    pytest.param(lambda tmp, corpus: BAD / "report.docx", "unknown file type '.docx'", id="unknown-extension"),
    pytest.param(lambda tmp, corpus: tmp / "missing.txt", "cannot read the file", id="missing-file"),
    pytest.param(lambda tmp, corpus: _write(tmp / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                 "binary file", id="binary-as-txt"),
    pytest.param(lambda tmp, corpus: _write(tmp / "controls.md", bytes(range(1, 9)) * 50),
                 "binary file", id="control-characters"),
    pytest.param(lambda tmp, corpus: _write(tmp / "truncated.pdf", (corpus / CORNWALL).read_bytes()[:700]),
                 "PDF", id="truncated-pdf"),
    pytest.param(lambda tmp, corpus: _encrypted_pdf(tmp / "locked.pdf"), "encrypted", id="encrypted-pdf"),
    pytest.param(lambda tmp, corpus: _write(tmp / "blank.html", b"<html><body><nav>Home</nav></body></html>"),
                 "no readable text", id="html-only-chrome"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, reason", BAD_INPUTS)
def test_bad_input_raises_document_error_naming_file_and_reason(tmp_path, corpus_dir, make, reason):
    path = make(tmp_path, corpus_dir)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.path.endswith(path.name)
    assert reason in caught.value.reason
    assert path.name in str(caught.value)


@pytest.mark.parametrize("body, reason", [
    pytest.param("kind,pattern,note\nskip,(unclosed,x\n", "bad pattern", id="bad-regex"),
    pytest.param("kind,pattern,note\nignore,x,y\n", "unknown kind 'ignore'", id="unknown-kind"),
    pytest.param("kind,regex,note\nskip,x,y\n", "header must be", id="unknown-column"),
])
def test_title_cue_file_is_validated(tmp_path, body, reason):
    path = tmp_path / "cues.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=reason) as caught:
        title_cues(path)
    assert caught.value.path == str(path)


def test_chrome_rule_file_is_validated(tmp_path):
    path = tmp_path / "chrome.csv"
    path.write_text("kind,value,note\ntag,nav,x\nclass,menu,y\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown kind 'class'") as caught:
        html_reader.chrome_rules(path)
    assert caught.value.line == 3


# --- Seeds ---------------------------------------------------------------------------

@pytest.mark.seeds
def test_all_seeds_read(seeds_dir):
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(seeds) == 5
    for path in seeds:
        doc = read_document(path)
        assert doc.format == "text" and len(doc.text) > 5000 and doc.title
        assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
