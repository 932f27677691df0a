"""Render the corpus PDFs from their markdown twins in scripts/pdf_sources/.

Each source is a small markdown subset, so the same content exists as text and as PDF:

    ---
    council: Cornwall Council                       (running header, left)
    header: Children's Services Performance 2024-25 (running header, right)
    title: ...                                      (PDF metadata title)
    ---
    # Heading 1 / ## Heading 2
    A paragraph: consecutive non-blank lines.
    - a bullet
    | pipe | table |   first row is the header, repeated when the table breaks a page
    <!-- page break -->

Every page gets a running header (council and report title) and a footer
"Page N of M". Output is deterministic (reportlab ``invariant=1``, standard fonts, no
dates), so re-running gives identical bytes; tests compare against the committed PDFs.

Usage:
    python scripts/make_corpus_pdfs.py [--out DIR]   # default: corpus/
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "pdf_sources"
MARGIN = 20 * mm
FIRST_COLUMN = 62 * mm

# Markdown bold (**text**) becomes reportlab's <b> mark-up.
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# A pipe-table separator row such as |---|:---:|.
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["Normal"], fontName="Helvetica", fontSize=10, leading=13,
                      spaceAfter=6, alignment=TA_LEFT)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)
HEAD_CELL = ParagraphStyle("headcell", parent=CELL, fontName="Helvetica-Bold")
H1 = ParagraphStyle("h1", parent=BODY, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=10)
H2 = ParagraphStyle("h2", parent=BODY, fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=6)


def parse_source(text: str) -> tuple[dict[str, str], list[tuple[str, object]]]:
    """Split a twin into its front matter and a list of ``(kind, content)`` blocks."""
    meta: dict[str, str] = {}
    lines = text.splitlines()
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        lines = lines[end + 1 :]
    blocks: list[tuple[str, object]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "<!-- page break -->":
            flush()
            blocks.append(("break", None))
        elif stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            blocks.append((f"h{min(level, 2)}", stripped.lstrip("#").strip()))
        elif stripped.startswith("- "):
            flush()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(stripped[2:])
            else:
                blocks.append(("ul", [stripped[2:]]))
        elif stripped.startswith("|"):
            flush()
            if _SEPARATOR_ROW.match(stripped):
                continue
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            paragraph.append(stripped)
    flush()
    return meta, blocks


def _markup(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(text))


def flowables(blocks: list[tuple[str, object]], width: float) -> list:
    """reportlab flowables for parsed blocks; tables are ruled and repeat their header."""
    out: list = []
    for kind, content in blocks:
        if kind == "break":
            out.append(PageBreak())
        elif kind in ("h1", "h2"):
            out.append(Paragraph(_markup(content), H1 if kind == "h1" else H2))
        elif kind == "p":
            out.append(Paragraph(_markup(content), BODY))
        elif kind == "ul":
            items = [ListItem(Paragraph(_markup(item), BODY), leftIndent=12) for item in content]
            out.append(ListFlowable(items, bulletType="bullet", start="-", leftIndent=12))
        elif kind == "table":
            columns = len(content[0])
            rest = (width - FIRST_COLUMN) / (columns - 1)
            rows = [[Paragraph(_markup(c), HEAD_CELL if r == 0 else CELL) for c in row] for r, row in enumerate(content)]
            table = Table(rows, colWidths=[FIRST_COLUMN] + [rest] * (columns - 1), repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            out += [Spacer(1, 4), table, Spacer(1, 8)]
    return out


def numbered_canvas(council: str, header: str):
    """A canvas class drawing the running header and "Page N of M" on every page."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            page_width, page_height = A4
            self.setFont("Helvetica", 8)
            self.drawString(MARGIN, page_height - 12 * mm, council)
            self.drawRightString(page_width - MARGIN, page_height - 12 * mm, header)
            self.drawCentredString(page_width / 2, 10 * mm, f"Page {number} of {total}")

    return NumberedCanvas


def render(source: Path, out_dir: Path) -> Path:
    """Render one twin to ``out_dir/<stem>.pdf`` and return the path."""
    meta, blocks = parse_source(source.read_text(encoding="utf-8"))
    target = out_dir / f"{source.stem}.pdf"
    doc = SimpleDocTemplate(
        str(target), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=22 * mm,
        bottomMargin=20 * mm, title=meta.get("title", ""), author=meta.get("council", ""),
        subject=meta.get("header", ""), creator="outturn scripts/make_corpus_pdfs.py", invariant=1,
    )
    doc.build(flowables(blocks, A4[0] - 2 * MARGIN),
              canvasmaker=numbered_canvas(meta.get("council", ""), meta.get("header", "")))
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus", help="directory for the PDFs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for source in sorted(SOURCES.glob("*.md")):
        print(render(source, args.out))


if __name__ == "__main__":
    main()
