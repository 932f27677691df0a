"""PDF reader (pdfplumber): page text in reading order, ruled tables as tab-separated rows.

Each page is read in two separate steps, so that a faster backend can replace either:

1. :func:`find_page_tables` finds ruled tables (pdfplumber's ``lines`` strategy) and
   returns their rows. A page with more than :data:`MAX_TABLE_OBJECTS` drawing and text
   objects is not searched (table finding grows quickly with the number of edges); the
   document records an event saying so. pdfplumber's ``text`` strategy is not used: on
   prose pages it turns paragraphs into phantom tables.
2. :func:`page_text` writes the text outside the tables line by line, top to bottom,
   joining the visual lines of a wrapped paragraph into one line, and puts each table
   at its vertical position, one line a row, cells separated by tabs (a multi-line cell
   joined with spaces, an empty or merged cell ``""``).

Running headers and footers stay in the text (they are on the page) but each is its
own line. Pages are joined with :data:`PAGE_SEPARATOR`; :class:`PageSpan` and
:class:`TableSpan` offsets index the joined text exactly.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from outturn.errors import DocumentError
from outturn.extractors.models import Document, PageSpan, TableSpan
from outturn.extractors.readers.text import detect_date, detect_title

#: Written between pages; a form feed on a line of its own.
PAGE_SEPARATOR = "\n\f\n"
#: Pages with more objects (chars, rects, lines, curves) than this skip table finding.
MAX_TABLE_OBJECTS = 20_000
#: Ruled tables only: both directions from drawn lines and rectangle edges.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
#: A wrapped paragraph line ends within this many points of the text's right edge.
WRAP_SLACK = 60.0

# Whitespace inside a cell (newlines of a multi-line cell, tabs) becomes one space.
_SPACE = re.compile(r"\s+")
# A line that starts a list item or a numbered heading never continues a paragraph.
_STARTS_BLOCK = re.compile(
    r"""^(?:
        [-\u2022\u2013*]\s       # a bullet: hyphen, bullet, en dash or asterisk
      | \d+(?:\.\d+)*\.?\s      # numbering such as "7." or "3.2"
    )""",
    re.VERBOSE,
)
# Metadata titles that are really file names ("Microsoft Word - report.docx").
_FILE_NAME_TITLE = re.compile(r"\.\w{2,4}$|^microsoft\b", re.IGNORECASE)


@dataclass(frozen=True)
class PageTable:
    """A table found on a page: its box ``(x0, top, x1, bottom)`` and its rows."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str]]

    @property
    def text(self) -> str:
        return "\n".join("\t".join(row) for row in self.rows)


def clean_cell(cell: str | None) -> str:
    """A cell's text on one line.

    >>> clean_cell("Children looked after\\nper 10,000"), clean_cell(None)
    ('Children looked after per 10,000', '')
    """
    return _SPACE.sub(" ", cell or "").strip()


def find_page_tables(page) -> tuple[list[PageTable], str | None]:
    """Ruled tables on a pdfplumber page.

    Returns:
        The tables with at least two rows and two columns, top to bottom, and an event
        to record when table finding was skipped (None otherwise).
    """
    objects = len(page.chars) + len(page.rects) + len(page.lines) + len(page.curves)
    if objects > MAX_TABLE_OBJECTS:
        return [], f"page {page.page_number}: table finding skipped ({objects} objects > {MAX_TABLE_OBJECTS})"
    tables = []
    for found in page.find_tables(TABLE_SETTINGS):
        rows = [[clean_cell(c) for c in row] for row in found.extract()]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2 and max(map(len, rows)) >= 2:
            tables.append(PageTable(tuple(found.bbox), rows))
    return sorted(tables, key=lambda t: t.bbox[1]), None


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def join_wrapped_lines(lines: list[dict]) -> list[dict]:
    """Merge the visual lines of a wrapped paragraph into one line.

    A line continues the one above when that one ran to the right edge of the text,
    starts at the same x (or a bullet's hanging indent), is not in a larger font, follows without a
    paragraph gap, and does not itself start a list item or a numbered heading.

    >>> ls = [dict(text="Re-referrals rose to", x0=50, x1=540, top=100, bottom=110),
    ...       dict(text="24.2%.", x0=50, x1=90, top=112, bottom=122),
    ...       dict(text="Next paragraph", x0=50, x1=200, top=140, bottom=150)]
    >>> [l["text"] for l in join_wrapped_lines(ls)]
    ['Re-referrals rose to 24.2%.', 'Next paragraph']
    """
    if not lines:
        return []
    right_edge = max(line["x1"] for line in lines)
    merged = [dict(lines[0])]
    last = lines[0]  # the last visual line taken into merged[-1]
    for line in lines[1:]:
        height = max(last["bottom"] - last["top"], 1.0)
        wraps = (
            last["x1"] >= right_edge - WRAP_SLACK
            and (line["bottom"] - line["top"]) - height < 1.0  # not a larger (heading) font
            and not _STARTS_BLOCK.match(line["text"])
            and -3 < line["x0"] - last["x0"] < 20  # same margin, or a bullet's hanging indent
            and 0 <= line["top"] - last["bottom"] <= 0.6 * height
        )
        if wraps:
            merged[-1]["text"] += " " + line["text"]
            merged[-1]["bottom"] = line["bottom"]
        else:
            merged.append(dict(line))
        last = line
    return merged


def page_text(page, tables: list[PageTable]) -> tuple[str, list[tuple[int, int]]]:
    """A page's text with its tables in place.

    Returns:
        The text and the ``(start, end)`` ranges of the tables within it.
    """
    boxes = [t.bbox for t in tables]
    source = page.filter(lambda obj: not (obj.get("object_type") == "char" and _inside(obj, boxes))) if boxes else page
    lines = join_wrapped_lines(source.extract_text_lines(strip=True, return_chars=False))
    items = [(line["top"], line["text"], None) for line in lines if line["text"].strip()]
    items += [(t.bbox[1], t.text, t) for t in tables]
    items.sort(key=lambda item: item[0])
    parts, ranges, offset = [], [], 0
    for _, text, table in items:
        if parts:
            parts.append("\n")
            offset += 1
        if table is not None:
            ranges.append((offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return "".join(parts), ranges


def _open(path: str, data: bytes):
    if b"%PDF" not in data[:1024]:
        raise DocumentError(path, "not a valid PDF: the bytes do not start with %PDF (a renamed text or HTML file?)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - parses the page tree, where corrupt files fail
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(path, f"the PDF is encrypted ({type(exc).__name__}); save an unprotected copy") from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise DocumentError(path, "the PDF is encrypted (password-protected); save an unprotected copy") from exc
        raise DocumentError(path, f"not a valid PDF: {cause!r}") from exc
    except Exception as exc:  # pdfminer raises many kinds on corrupt files
        raise DocumentError(path, f"not a valid PDF: {type(exc).__name__}: {exc}") from exc
    return pdf


def read_pdf(path: str | Path, data: bytes, doc_id: str) -> Document:
    """Read a PDF: one :class:`PageSpan` per page, one :class:`TableSpan` per table.

    A page that cannot be read is recorded as an event and left empty; a PDF none of
    whose pages can be read is an error.

    Raises:
        DocumentError: not a PDF, encrypted, corrupt, or no readable page.
    """
    path = Path(path)
    events: list[str] = []
    pages: list[PageSpan] = []
    spans: list[TableSpan] = []
    chunks: list[str] = []
    offset = 0
    failures = 0
    with _open(str(path), data) as pdf:
        metadata = dict(pdf.metadata or {})
        for page in pdf.pages:
            number = page.page_number
            try:
                tables, event = find_page_tables(page)
                if event:
                    events.append(event)
                text, ranges = page_text(page, tables)
            except Exception as exc:  # one bad page must not lose the document
                failures += 1
                events.append(f"page {number}: text could not be read ({type(exc).__name__}: {exc})")
                text, ranges = "", []
            finally:
                page.close()
            if chunks:
                chunks.append(PAGE_SEPARATOR)
                offset += len(PAGE_SEPARATOR)
            pages.append(PageSpan(number, offset, offset + len(text)))
            spans.extend(TableSpan(offset + start, offset + end, number) for start, end in ranges)
            chunks.append(text)
            offset += len(text)
    if not pages or failures == len(pages):
        raise DocumentError(str(path), "the PDF has no readable pages")
    text = "".join(chunks)
    if not text.strip():
        events.append("no text layer: the PDF may be scanned images (OCR is not supported)")
    first_page = text[pages[0].start : pages[0].end]
    return Document(
        path=str(path),
        name=path.name,
        doc_id=doc_id,
        format="pdf",
        text=text,
        pages=pages,
        table_spans=spans,
        title=_metadata_title(metadata) or detect_title(first_page),
        date=detect_date(first_page) or detect_date(text),
        events=events,
    )


def _metadata_title(metadata: dict) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", errors="replace")
    title = " ".join(str(title or "").split())
    if len(title.split()) < 2 or _FILE_NAME_TITLE.search(title) or title.lower() == "untitled":
        return None
    return title
