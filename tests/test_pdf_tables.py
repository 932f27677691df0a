"""The PDF reader's faster table route reads what pdfplumber itself reads.

:class:`TablePage` keeps fewer attributes per char and :func:`table_rows` replaces
``Table.extract``; both must give pdfplumber's own answer, on every page of every
sample PDF and on generated ones that reach the unusual branches (a MediaBox that does
not start at the origin, a page turned by /Rotate, a cell spanning two columns).
"""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from outturn.extractors.readers.pdf import TABLE_SETTINGS
from outturn.extractors.readers.pdf_tables import CHAR_KEYS, table_page, table_rows

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def ruled_tables_pdf(path: Path, rotate: int = 0) -> Path:
    """Two pages of ruled tables: multi-line cells, an empty cell, a header spanning two columns."""
    rng = random.Random(7)
    cell = getSampleStyleSheet()["BodyText"]
    rows = [["Indicator", "Outturn", "", "England"], ["", "2023-24", "2024-25", ""]]
    for _ in range(40):
        rows.append([Paragraph("Children looked after per 10,000 children aged under 18", cell),
                     f"{rng.uniform(5, 95):.1f}%", "" if rng.random() < 0.1 else f"{rng.uniform(5, 95):.1f}%",
                     f"{rng.randint(10, 99)}"])
    table = Table(rows, repeatRows=2)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 0), (2, 0))]))
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build([table])
    if rotate or path.stem.endswith("shifted"):
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            page = pdf[index]
            page.set_rotation(rotate)
            if path.stem.endswith("shifted"):  # a MediaBox that does not start at (0, 0)
                left, bottom, right, top = page.get_mediabox()
                page.set_mediabox(left + 20, bottom + 30, right + 20, top + 30)
        pdf.save(str(path) + ".tmp")
        pdf.close()
        Path(str(path) + ".tmp").replace(path)
    return path


GENERATED = {"ruled": {}, "ruled-shifted": {}, "ruled-rotated": {"rotate": 90}}


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("tables")
    made = [ruled_tables_pdf(folder / f"{name}.pdf", **kwargs) for name, kwargs in GENERATED.items()]
    return sorted(CORPUS.glob("*.pdf")) + made


def _pages(path: Path):
    """Each page twice, as pdfplumber reads it and as a :class:`TablePage`."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            yield page, table_page(page)


def test_table_pages_keep_pdfplumbers_chars_and_drawings(sample_pdfs):
    checked = 0
    for path in sample_pdfs:
        for page, lean in _pages(path):
            assert lean.chars == [{key: char[key] for key in CHAR_KEYS} for char in page.chars], path.name
            assert (lean.rects, lean.lines, lean.curves) == (page.rects, page.lines, page.curves), path.name
            assert lean.extract_text_lines(strip=True, return_chars=False) == \
                page.extract_text_lines(strip=True, return_chars=False), path.name
            checked += len(page.chars)
    assert checked > 10_000


def test_table_rows_are_what_pdfplumber_extracts(sample_pdfs):
    tables = 0
    for path in sample_pdfs:
        for page, lean in _pages(path):
            found = page.find_tables(TABLE_SETTINGS)
            assert [table_rows(t) for t in found] == [t.extract() for t in found], path.name
            assert [table_rows(t) for t in lean.find_tables(TABLE_SETTINGS)] == [t.extract() for t in found]
            tables += len(found)
    assert tables >= len(sample_pdfs)  # every sample holds a table


def test_generated_pdfs_reach_the_unusual_branches(sample_pdfs):
    by_name = {p.stem: p for p in sample_pdfs}
    with pdfplumber.open(by_name["ruled-shifted"]) as pdf:
        assert pdf.pages[0].mediabox[0] != 0
    with pdfplumber.open(by_name["ruled-rotated"]) as pdf:
        assert pdf.pages[0].rotation == 90
    with pdfplumber.open(by_name["ruled"]) as pdf:
        rows = table_rows(pdf.pages[0].find_tables(TABLE_SETTINGS)[0])
    assert rows[0][:3] == ["Indicator", "Outturn", None]  # the spanned cell is missing, not empty
    assert "" in {cell for row in rows for cell in row}
