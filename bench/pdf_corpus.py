"""Generate the benchmark's PDFs with reportlab: text-only and table-heavy reports.

Every document is different (its figures come from a random generator seeded with the
document's name), so ``outturn ingest`` cannot skip one as a duplicate of another;
every page is forced, so a document of ``pages`` pages has exactly that many. Output is
deterministic (reportlab ``invariant=1``): the same call gives the same bytes.

Text pages hold a heading, five wrapped paragraphs with figures and a bullet; table
pages hold a heading, one ruled table (header row, wrapped first-column cells, 15 rows
of percentages) and a short paragraph, which is what committee performance reports
look like.
"""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

KINDS = ("text", "tables")
INDICATORS = (
    "Referrals to children's social care per 10,000 children aged under 18",
    "Re-referrals within 12 months of the previous referral (%)",
    "Single assessments completed within 45 working days (%)",
    "Children subject to a child protection plan per 10,000 children",
    "Children becoming subject to a plan for a second or subsequent time (%)",
    "Children looked after per 10,000 children aged under 18",
    "Care leavers aged 19 to 21 in education, employment or training (%)",
    "Initial health assessments completed within 20 working days (%)",
    "Average caseload of children's social workers",
)
TABLE_ROWS = 15
_STYLES = getSampleStyleSheet()


def _paragraph(rng: random.Random) -> str:
    indicator = rng.choice(INDICATORS).lower()
    return (f"The measure of {indicator} moved from {rng.uniform(10, 90):.1f}% in 2023-24 to "
            f"{rng.uniform(10, 90):.1f}% in 2024-25, against a target of {rng.randint(10, 90)}% and a "
            f"national figure of {rng.uniform(10, 90):.1f}%. Teams expect the trend to continue while "
            f"the service recruits, and officers will report again to the next meeting.")


def _text_page(rng: random.Random, number: int) -> list:
    story = [Paragraph(f"{number}. Performance in quarter {number % 4 + 1}", _STYLES["Heading2"])]
    story += [Paragraph(_paragraph(rng), _STYLES["BodyText"]) for _ in range(5)]
    story.append(Paragraph(f"- Timeliness of assessments was {rng.randint(60, 99)}% in the quarter.",
                           _STYLES["BodyText"]))
    return story


def _table_page(rng: random.Random, number: int) -> list:
    rows = [["Indicator", "2023-24 outturn", "2024-25 outturn", "2024-25 target", "England"]]
    for _ in range(TABLE_ROWS):
        rows.append([Paragraph(rng.choice(INDICATORS), _STYLES["BodyText"])]
                    + [f"{rng.uniform(5, 95):.1f}%" for _ in range(4)])
    table = Table(rows, colWidths=[62 * mm, 27 * mm, 27 * mm, 27 * mm, 27 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    title = f"Table {number}: indicators at the end of quarter {number % 4 + 1}"
    return [Paragraph(title, _STYLES["Heading3"]), table, Spacer(1, 6),
            Paragraph(_paragraph(rng), _STYLES["BodyText"])]


def _decorate(canvas, doc) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawString(20 * mm, A4[1] - 12 * mm, "Northfield Borough Council")
    canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 12 * mm, "Children's Services Performance")
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page}")


def write_report(path: Path, kind: str, pages: int) -> Path:
    """Write one ``kind`` (``text`` or ``tables``) report of exactly ``pages`` pages."""
    rng = random.Random(path.name)
    make = _text_page if kind == "text" else _table_page
    story: list = []
    for number in range(1, pages + 1):
        story += make(rng, number)
        if number < pages:
            story.append(PageBreak())
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=18 * mm, invariant=1,
                            title=f"Northfield children's services performance ({path.stem})")
    doc.build(story, onFirstPage=_decorate, onLaterPages=_decorate)
    return path


def write_set(folder: Path, kind: str, documents: int, pages: int) -> list[Path]:
    """Write ``documents`` reports of ``pages`` pages each into ``folder`` (kept if complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / ".complete"
    paths = [folder / f"{kind}-{folder.name}-{i:04d}.pdf" for i in range(documents)]
    if not done.exists():
        for path in paths:
            write_report(path, kind, pages)
        done.write_text(f"{documents} x {pages} pages\n", encoding="utf-8")
    return paths
