"""The routed PDF reader (pdfium text, pdfplumber tables) against the pdfplumber-only reader.

The routed reader is only faster; what it reads must not change. On every PDF in
corpus/ and on PDFs built here with reportlab (many text pages; ruled tables split over
pages; a line that runs out of a table), both engines must give the same statements,
the same page spans and the same table spans.
"""

from __future__ import annotations

import doctest
import hashlib
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

import outturn.extractors.readers.pdf as pdf_reader
from outturn.extractors import extract_statements
from outturn.extractors.readers.pdf import page_may_hold_table, read_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
STYLES = getSampleStyleSheet()
INDICATORS = [
    "Referrals to children's social care per 10,000 children aged under 18",
    "Re-referrals within 12 months of the previous referral (%)",
    "Single assessments completed within 45 working days (%)",
    "Children subject to a child protection plan per 10,000 children",
    "Children looked after per 10,000 children aged under 18",
    "Care leavers aged 19 to 21 in education, employment or training (%)",
    "Average caseload of children's social workers",
]


def _decorate(pdf: canvas.Canvas, doc) -> None:
    """A running header in two parts and a page footer, as council reports have."""
    pdf.setFont("Helvetica", 8)
    pdf.drawString(20 * mm, A4[1] - 12 * mm, "Northfield Borough Council")
    pdf.drawRightString(A4[0] - 20 * mm, A4[1] - 12 * mm, "Children's Services Performance")
    pdf.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page}")


def _paragraph(rng: random.Random) -> str:
    before, after = round(rng.uniform(10, 90), 1), round(rng.uniform(10, 90), 1)
    return (f"The proportion of {rng.choice(INDICATORS).lower()} moved from {before}% in 2023-24 to "
            f"{after}% in 2024-25, against a target of {rng.randint(10, 90)}% and a national figure of "
            f"{round(rng.uniform(10, 90), 1)}%. The service expects the trend to continue while the "
            f"locality teams recruit, and will report again at the next meeting of the committee.")


def _build(path: Path, story: list) -> Path:
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=20 * mm, title="Performance report", invariant=1)
    doc.build(story, onFirstPage=_decorate, onLaterPages=_decorate)
    return path


def text_only_pdf(path: Path, pages: int = 6, seed: int = 1) -> Path:
    """Headings, wrapped paragraphs and bullets; no drawing at all."""
    rng = random.Random(seed)
    story: list = []
    for number in range(pages):
        story.append(Paragraph(f"{number + 1}. Performance in quarter {number % 4 + 1}", STYLES["Heading2"]))
        for _ in range(5):
            story.append(Paragraph(_paragraph(rng), STYLES["BodyText"]))
        story.append(Paragraph(f"- Timeliness of assessments was {rng.randint(60, 99)}% in the quarter.",
                               STYLES["BodyText"]))
        story.append(PageBreak())
    return _build(path, story[:-1])


def table_heavy_pdf(path: Path, tables: int = 4, seed: int = 2) -> Path:
    """Ruled tables with a header row, multi-line cells, splitting over pages."""
    rng = random.Random(seed)
    story: list = []
    cell = STYLES["BodyText"]
    for number in range(tables):
        story.append(Paragraph(f"Table {number + 1}: indicators at the end of quarter {number % 4 + 1}",
                               STYLES["Heading3"]))
        rows = [["Indicator", "2023-24 outturn", "2024-25 outturn", "2024-25 target", "England"]]
        for _ in range(rng.randint(12, 22)):
            rows.append([Paragraph(rng.choice(INDICATORS), cell)]
                        + [f"{round(rng.uniform(5, 95), 1)}%" for _ in range(4)])
        table = Table(rows, colWidths=[62 * mm, 27 * mm, 27 * mm, 27 * mm, 27 * mm], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [table, Spacer(1, 8), Paragraph(_paragraph(rng), STYLES["BodyText"])]
    return _build(path, story)


def straddling_pdf(path: Path) -> Path:
    """A small ruled table on the left and one line of text that starts inside it and runs out."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 10)
    xs, ys = [60, 160, 195], [700, 680, 660]
    pdf.grid(xs, ys)
    pdf.drawString(64, 686, "Re-referrals")
    pdf.drawString(164, 686, "24.2%")
    pdf.drawString(64, 666, "Repeat plans")
    pdf.drawString(164, 666, "18.0%   compared with 22.4% nationally in 2023-24")  # runs out at x=195
    pdf.drawString(60, 620, "Re-referrals rose to 24.2% in 2024-25 from 22.1% in 2023-24.")
    pdf.showPage()
    pdf.save()
    return path


def hyphen_pdf(path: Path) -> Path:
    """BUGS_CAUGHT: pdfium joins a line ending in a hyphen to the next, marking the hyphen."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 700, "Re-referrals to the multi-")
    pdf.drawString(60, 687, "agency hub fell to 24.2% in 2024-25 from 26.1% in 2023-24.")
    pdf.save()
    return path


def rotated_pdf(path: Path) -> Path:
    """A landscape page stored as a portrait page with /Rotate 90, its text drawn turned
    a quarter the other way so that it reads upright on screen (as Word exports do)."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setPageRotation(90)
    pdf.translate(A4[0], 0)
    pdf.rotate(90)  # page space is now the landscape page as seen, origin bottom left
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 500, "Children looked after per 10,000: 66 in 2024-25.")
    pdf.drawString(400, 500, "Right-hand column: 71 in 2023-24.")
    pdf.drawString(60, 480, "Care leavers in education, employment or training: 58%.")
    pdf.showPage()
    pdf.save()
    return path


def _read_both(path: Path):
    data = path.read_bytes()
    doc_id = hashlib.sha256(data).hexdigest()
    return read_pdf(path, data, doc_id, engine="pdfium"), read_pdf(path, data, doc_id, engine="pdfplumber")


def _statements(doc) -> list[tuple]:
    return [(s.value, s.unit, s.role, s.period_start, s.period_end, s.indicator_text, s.page)
            for s in extract_statements(doc)]


GENERATED = [
    pytest.param(text_only_pdf, id="text-only-6-pages"),
    pytest.param(table_heavy_pdf, id="table-heavy"),
    pytest.param(straddling_pdf, id="line-running-out-of-a-table"),
    pytest.param(hyphen_pdf, id="line-ending-in-a-hyphen"),
    pytest.param(rotated_pdf, id="page-turned-by-rotate"),
]


@pytest.fixture(scope="module", params=GENERATED)
def generated(request, tmp_path_factory) -> Path:
    make = request.param
    return make(tmp_path_factory.mktemp("pdfs") / f"{make.__name__}.pdf")


def _assert_same_reading(path: Path) -> None:
    routed, reference = _read_both(path)
    assert routed.text == reference.text  # holds on these PDFs; statements are what must hold
    assert routed.pages == reference.pages
    assert routed.table_spans == reference.table_spans
    assert routed.title == reference.title and routed.date == reference.date
    statements = _statements(routed)
    assert statements == _statements(reference)
    for span in routed.pages:  # every page maps back: the separator sits between spans
        assert routed.page_of(span.start) == span.number


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.pdf")))
def test_corpus_pdfs_read_the_same_with_both_engines(name):
    _assert_same_reading(CORPUS / name)


def test_generated_pdfs_read_the_same_with_both_engines(generated):
    _assert_same_reading(generated)


def test_generated_pdfs_hold_what_they_were_built_with(tmp_path):
    text = read_pdf(*_args(text_only_pdf(tmp_path / "t.pdf")))
    assert text.page_count == 6 and text.table_spans == []
    assert len(extract_statements(text)) >= 6 * 5  # a few figures in every paragraph
    tables = read_pdf(*_args(table_heavy_pdf(tmp_path / "tables.pdf")))
    assert tables.page_count >= 2 and len(tables.table_spans) >= 4
    for span in tables.table_spans:
        rows = tables.text[span.start : span.end].split("\n")
        assert rows[0] == "Indicator\t2023-24 outturn\t2024-25 outturn\t2024-25 target\tEngland"
        assert all(row.count("\t") == 4 for row in rows)


def test_text_outside_a_table_on_a_table_row_is_kept(tmp_path):
    doc = read_pdf(*_args(straddling_pdf(tmp_path / "s.pdf")))
    (span,) = doc.table_spans
    assert doc.text[span.start : span.end] == "Re-referrals\t24.2%\nRepeat plans\t18.0%"
    assert "\ncompared with 22.4% nationally in 2023-24\n" in doc.text[span.end :]


def test_line_end_hyphen_keeps_its_line_break(tmp_path):
    doc = read_pdf(*_args(hyphen_pdf(tmp_path / "h.pdf")))
    assert doc.text.startswith("Re-referrals to the multi-\nagency hub fell to 24.2%")


def _args(path: Path) -> tuple:
    data = path.read_bytes()
    return path, data, hashlib.sha256(data).hexdigest()


# (builder, page, whether pdfplumber should look at it)
ROUTING = [
    pytest.param(table_heavy_pdf, 0, True, id="ruled-table-page"),
    pytest.param(straddling_pdf, 0, True, id="small-grid-drawn-as-one-path"),
    pytest.param(text_only_pdf, 0, False, id="text-only-page"),
    pytest.param(lambda p: CORPUS / "cornwall-performance-report-2024-25.pdf", 0, False, id="corpus-cover"),
    pytest.param(lambda p: CORPUS / "cornwall-performance-report-2024-25.pdf", 1, True, id="corpus-table-page"),
]


@pytest.mark.parametrize("make, index, expected", ROUTING)
def test_router_sends_only_ruled_pages_to_pdfplumber(tmp_path, make, index, expected):
    pdf = pdfium.PdfDocument(make(tmp_path / "r.pdf"))
    try:
        assert page_may_hold_table(pdf[index]) is expected
    finally:
        pdf.close()


def test_a_lone_box_is_not_a_table(tmp_path):
    path = tmp_path / "box.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.rect(50, 600, 300, 100)  # a frame around a note: two edges each way
    pdf.drawString(60, 650, "Note: figures for 2024-25 are provisional.")
    pdf.save()
    document = pdfium.PdfDocument(path)
    try:
        assert pdf_reader.count_rules(document[0])[:2] == (2, 2)
        assert not page_may_hold_table(document[0])
    finally:
        document.close()


def test_crowded_table_page_is_skipped_with_an_event(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_TABLE_OBJECTS", 50)
    doc = read_pdf(*_args(table_heavy_pdf(tmp_path / "t.pdf", tables=1)))
    assert doc.table_spans == []
    assert doc.events and doc.events[0].startswith("page 1: table finding skipped (")
    assert "Indicator 2023-24 outturn" in doc.text  # the table's text survives, as lines


def test_unknown_engine_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown PDF engine 'poppler'"):
        read_pdf(*_args(straddling_pdf(tmp_path / "s.pdf")), engine="poppler")


def test_pdf_reader_doctests():
    result = doctest.testmod(pdf_reader)
    assert result.attempted > 0 and result.failed == 0
