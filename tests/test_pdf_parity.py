"""PDF parity: a sample document rendered to PDF yields the same statements as its text.

Every PDF in corpus/ is rendered by scripts/make_corpus_pdfs.py from a markdown twin in
scripts/pdf_sources/. Reading the PDF (pypdfium2 text, pdfplumber tables, running headers
and "Page N of M" footers, a table continued over a page break with its header repeated)
must give the same statements — value, unit, role, period, indicator — as reading the text.
"""

from collections import Counter
from pathlib import Path

import pytest

from outturn.extractors import extract_statements, read_document

REPO = Path(__file__).resolve().parent.parent
TWINS = sorted((REPO / "scripts" / "pdf_sources").glob("*.md"))


def _statements(path: Path) -> Counter:
    return Counter(
        (s.source, s.value, s.unit, s.role, s.period_start, s.period_end,
         " ".join((s.indicator_text or "").split()))
        for s in extract_statements(read_document(path))
    )


@pytest.mark.parametrize("twin", TWINS, ids=lambda p: p.stem)
def test_pdf_yields_the_statements_of_its_text(corpus_dir, twin):
    from_text = _statements(twin)
    from_pdf = _statements(corpus_dir / f"{twin.stem}.pdf")
    assert sum(1 for key in from_text.elements() if key[0] == "table") >= 10  # table-bearing
    assert from_pdf == from_text, (
        f"only in the text: {sorted((from_text - from_pdf).elements())[:5]}; "
        f"only in the PDF: {sorted((from_pdf - from_text).elements())[:5]}"
    )


def test_every_corpus_pdf_has_a_text_twin(corpus_dir):
    assert sorted(p.stem for p in corpus_dir.glob("*.pdf")) == [t.stem for t in TWINS]
