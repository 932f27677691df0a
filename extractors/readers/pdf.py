"""PDF reader: page text from pdfium, ruled tables from pdfplumber where a page may hold one.

pdfium (``pypdfium2``, already a dependency of pdfplumber) reads text about fifty times
faster than pdfplumber, so every page's text comes from it. pdfplumber is called only
for the pages that :func:`page_may_hold_table` lets through, to find ruled tables:

1. :func:`page_may_hold_table` counts the horizontal and vertical edges among the
   page's drawn paths (lines, rectangles, the straight parts of curves). pdfplumber's
   ``lines`` strategy needs at least three each way for a table of two rows and two
   columns, so a page with fewer cannot hold one and skips pdfplumber altogether.
2. :func:`find_page_tables` finds the ruled tables on a pdfplumber page. A page with
   more than :data:`MAX_TABLE_OBJECTS` objects is not searched (table finding grows
   quickly with the number of edges); the document records an event saying so.
   pdfplumber's ``text`` strategy is not used: it turns paragraphs into phantom tables.
   The routed reader hands it a :class:`~outturn.extractors.readers.pdf_tables.TablePage`
   (chars with only the attributes table finding reads: half of pdfplumber's time on a
   page), and cells are read with :func:`~outturn.extractors.readers.pdf_tables.table_rows`.
3. The page's text lines (pdfium's, or pdfplumber's on the reference path) outside the
   tables are joined where a paragraph wraps (:func:`join_wrapped_lines`), and each
   table is put at its vertical position, one line a row, cells separated by tabs
   (a multi-line cell joined with spaces, an empty or merged cell ``""``).

``read_pdf(..., engine="pdfplumber")`` reads every page with pdfplumber alone; it is the
reference the routed reader is tested against (same statements on every sample PDF).
Running headers and footers stay in the text, each its own line. Pages are joined with
:data:`PAGE_SEPARATOR`; :class:`PageSpan` and :class:`TableSpan` offsets index the
joined text exactly, whichever engine read it.
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from outturn.errors import DocumentError
from outturn.extractors.models import Document, PageSpan, TableSpan
from outturn.extractors.readers.text import detect_date, detect_title

#: Written between pages; a form feed on a line of its own.
PAGE_SEPARATOR = "\n\f\n"
#: Pages with more objects (chars and drawings) than this skip table finding.
MAX_TABLE_OBJECTS = 20_000
#: Ruled tables only: both directions from drawn lines and rectangle edges.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
#: A wrapped paragraph line ends within this many points of the text's right edge.
WRAP_SLACK = 60.0
#: ``pdfium`` (text from pdfium, tables from pdfplumber) or ``pdfplumber`` (the reference).
ENGINES = ("pdfium", "pdfplumber")
#: Pieces of text whose tops lie within this many points are one line (pdfplumber's y_tolerance).
LINE_TOLERANCE = 3.0
#: Edges each way a ruled table of two rows and two columns needs at the least.
MIN_RULES = 3
#: A drawn segment this close to level (or plumb), in points, is a horizontal (vertical) edge.
AXIS_SLACK = 0.5

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
# One visual line's run of pdfium text. pdfium breaks lines with \r\n, but joins a line
# that ends in a hyphen to the next one, writing the hyphen as \ufffe (older builds: \x02).
_SEGMENT = re.compile(
    r"""[^\r\n\x02\ufffe]*[\x02\ufffe]   # a run up to and including a line-end hyphen
      | [^\r\n\x02\ufffe]+              # a run up to a line break""",
    re.VERBOSE,
)
# pdfplumber expands ligatures; pdfium marks a line-end hyphen as \x02 (or \ufffe).
_PDFIUM_FIXES = str.maketrans({"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi",
                               "\ufb02": "fl", "\ufb06": "st", "\ufb05": "st", "\x02": "-", "\ufffe": "-"})
# pdfium is not thread-safe; one document at a time per process.
_PDFIUM_LOCK = threading.Lock()


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


# -- table routing (pdfium page objects) -----------------------------------------------


def count_rules(page, limit: int = MAX_TABLE_OBJECTS) -> tuple[int, int, int]:
    """Horizontal and vertical edges among a pdfium page's drawn paths.

    Every straight step between consecutive points of a path counts (a rectangle gives
    two each way; a grid drawn as one path gives all its rules), inside form XObjects too.

    Returns:
        ``(horizontal, vertical, examined)``; counting stops once both reach
        :data:`MIN_RULES` or ``examined`` (path segments) passes ``limit``.
    """
    point = (ctypes.c_float(), ctypes.c_float())
    counts = [0, 0, 0]

    def walk(count, get) -> bool:  # True once the answer is known
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if walk(pdfium_c.FPDFFormObj_CountObjects(obj), lambda k, o=obj: pdfium_c.FPDFFormObj_GetObject(o, k)):
                    return True
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and _count_path(obj, point, counts):
                return True
            if counts[2] > limit:
                return True
        return False

    walk(pdfium_c.FPDFPage_CountObjects(page), lambda k: pdfium_c.FPDFPage_GetObject(page, k))
    return counts[0], counts[1], counts[2]


def _count_path(path, point, counts: list[int]) -> bool:
    start = last = None
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, k)
        pdfium_c.FPDFPathSegment_GetPoint(segment, point[0], point[1])
        here = (point[0].value, point[1].value)
        counts[2] += 1
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO or last is None:
            start = here
        else:
            _count_edge(last, here, counts)
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            _count_edge(here, start, counts)
        last = here
        if counts[0] >= MIN_RULES and counts[1] >= MIN_RULES:
            return True
    return False


def _count_edge(a: tuple[float, float], b: tuple[float, float], counts: list[int]) -> None:
    dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
    if dy <= AXIS_SLACK < dx:
        counts[0] += 1
    elif dx <= AXIS_SLACK < dy:
        counts[1] += 1


def page_may_hold_table(page) -> bool:
    """Whether a pdfium page could hold a ruled table (so pdfplumber should look).

    A page with more path segments than :data:`MAX_TABLE_OBJECTS` answers True:
    :func:`read_pdf` then records that table finding was skipped.
    """
    horizontal, vertical, examined = count_rules(page)
    return examined > MAX_TABLE_OBJECTS or (horizontal >= MIN_RULES and vertical >= MIN_RULES)


def find_page_tables(page) -> tuple[list[PageTable], str | None]:
    """Ruled tables on a pdfplumber page.

    Returns:
        The tables with at least two rows and two columns, top to bottom, and an event
        to record when table finding was skipped (None otherwise).
    """
    from outturn.extractors.readers import pdf_tables  # imports pdfplumber: not for text-only PDFs

    objects = len(page.chars) + len(page.rects) + len(page.lines) + len(page.curves)
    if objects > MAX_TABLE_OBJECTS:
        return [], _skipped(page.page_number, objects)
    tables = []
    for found in page.find_tables(TABLE_SETTINGS):
        rows = [[clean_cell(c) for c in row] for row in pdf_tables.table_rows(found)]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2 and max(map(len, rows)) >= 2:
            tables.append(PageTable(tuple(found.bbox), rows))
    return sorted(tables, key=lambda t: t.bbox[1]), None


def _skipped(number: int, objects: int) -> str:
    return f"page {number}: table finding skipped ({objects} objects > {MAX_TABLE_OBJECTS})"


# -- page text -------------------------------------------------------------------------


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


def group_lines(pieces: list[dict]) -> list[dict]:
    """Pieces of text on the same visual line joined left to right, lines top to bottom.

    Tops are clustered as pdfplumber clusters words (a chain of gaps of at most
    :data:`LINE_TOLERANCE`), so a running header drawn in two parts is one line.

    >>> ps = [dict(text="right", x0=300, x1=340, top=20.5, bottom=28),
    ...       dict(text="body", x0=50, x1=90, top=60, bottom=70),
    ...       dict(text="Council", x0=50, x1=90, top=20, bottom=28)]
    >>> [l["text"] for l in group_lines(ps)]
    ['Council right', 'body']
    """
    lines: list[list[dict]] = []
    last_top = None
    for piece in sorted(pieces, key=lambda p: p["top"]):
        if last_top is None or piece["top"] > last_top + LINE_TOLERANCE:
            lines.append([])
        lines[-1].append(piece)
        last_top = piece["top"]
    out = []
    for line in lines:
        line.sort(key=lambda p: p["x0"])
        out.append(dict(text=" ".join(p["text"] for p in line), x0=line[0]["x0"],
                        x1=max(p["x1"] for p in line), top=min(p["top"] for p in line),
                        bottom=max(p["bottom"] for p in line)))
    return out


def assemble_page(lines: list[dict], tables: list[PageTable]) -> tuple[str, list[tuple[int, int]]]:
    """A page's text lines (tables' text already removed) and tables in reading order.

    Returns:
        The text and the ``(start, end)`` ranges of the tables within it.
    """
    lines = join_wrapped_lines(lines)
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


def page_text(page, tables: list[PageTable]) -> tuple[str, list[tuple[int, int]]]:
    """A pdfplumber page's text with its tables in place (the reference path)."""
    boxes = [t.bbox for t in tables]
    source = page.filter(lambda obj: not (obj.get("object_type") == "char" and _inside(obj, boxes))) if boxes else page
    return assemble_page(source.extract_text_lines(strip=True, return_chars=False), tables)


class _NeedsPdfplumber(Exception):
    """pdfium's text cannot be mapped to positions on this page; read it with pdfplumber."""


class _PdfiumText:
    """Text pieces of one pdfium page, in pdfplumber's coordinates (points from the top)."""

    def __init__(self, page, textpage, ratios: dict[int, float]):
        self.textpage = textpage
        left, bottom, _, top = page.get_mediabox()
        self.left, self.top = left, top
        self.ratios = ratios  # font handle -> (ascent - descent) per point of size
        self.rect = pdfium_c.FS_RECTF()

    def box(self, index: int) -> tuple[float, float, float, float]:
        """A char's ``(x0, top, x1, bottom)``, one font size high (as pdfminer makes it)."""
        r = self.rect
        if not pdfium_c.FPDFText_GetLooseCharBox(self.textpage, index, r):
            raise _NeedsPdfplumber(f"no box for char {index}")
        size = (r.top - r.bottom) / self._ratio(index)
        return r.left - self.left, self.top - (r.bottom + size), r.right - self.left, self.top - r.bottom

    def _ratio(self, index: int) -> float:
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(self.textpage, index))
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.ratios:
            ascent, descent = ctypes.c_float(), ctypes.c_float()
            ok = key and pdfium_c.FPDFFont_GetAscent(font, 1.0, ascent) and pdfium_c.FPDFFont_GetDescent(font, 1.0, descent)
            spread = ascent.value - descent.value if ok else 0.0
            self.ratios[key] = spread if spread > 0.1 else 1.0
        return self.ratios[key]

    def pieces(self, boxes: list[tuple[float, float, float, float]]) -> list[dict]:
        """Runs of text between pdfium's line breaks, chars inside ``boxes`` left out."""
        text = self.textpage.get_text_range()
        if len(text) != self.textpage.count_chars():  # chars outside UCS-2, or excluded ones
            raise _NeedsPdfplumber("text and char indices differ")
        pieces = []
        for match in _SEGMENT.finditer(text):
            run = match.group()
            first = match.start() + len(run) - len(run.lstrip())
            last = match.start() + len(run.rstrip()) - 1
            if first > last:
                continue
            pieces += self._runs(text, first, last, boxes)
        return pieces

    def _runs(self, text: str, first: int, last: int, boxes) -> list[dict]:
        x0, top, _, bottom = self.box(first)
        x1 = self.box(last)[2]
        piece = dict(x0=x0, x1=x1, top=top, bottom=bottom)
        if not boxes or not any(_overlaps(piece, b) for b in boxes):
            return [self._piece(text[first : last + 1], x0, x1, top, bottom)]
        if any(_contains(b, piece) for b in boxes):
            return []
        runs, kept = [], []  # the run straddles a table: keep its chars outside, char by char
        for index in range(first, last + 2):
            if index <= last and text[index].isspace():  # pdfium's generated spaces have no box
                kept.append((index, None))
                continue
            char = dict(zip(("x0", "top", "x1", "bottom"), self.box(index))) if index <= last else None
            if char is not None and not _inside(char, boxes):
                kept.append((index, char))
                continue
            while kept and text[kept[-1][0]].isspace():
                kept.pop()
            while kept and text[kept[0][0]].isspace():
                kept.pop(0)
            if kept:
                a, b = kept[0], kept[-1]
                runs.append(self._piece(text[a[0] : b[0] + 1], a[1]["x0"], b[1]["x1"], a[1]["top"], a[1]["bottom"]))
            kept = []
        return runs

    @staticmethod
    def _piece(text: str, x0: float, x1: float, top: float, bottom: float) -> dict:
        return dict(text=" ".join(text.translate(_PDFIUM_FIXES).split()), x0=x0, x1=x1, top=top, bottom=bottom)


def _overlaps(piece: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return piece["x0"] < x1 and piece["x1"] > x0 and piece["top"] < bottom and piece["bottom"] > top


def _contains(box: tuple[float, float, float, float], piece: dict) -> bool:
    x0, top, x1, bottom = box
    return x0 <= piece["x0"] and piece["x1"] <= x1 and top <= piece["top"] and piece["bottom"] <= bottom


# -- documents -------------------------------------------------------------------------


class _Pages:
    """Page texts joined with :data:`PAGE_SEPARATOR`, with exact page and table spans."""

    def __init__(self):
        self.chunks: list[str] = []
        self.pages: list[PageSpan] = []
        self.spans: list[TableSpan] = []
        self.events: list[str] = []
        self.failures = 0
        self.offset = 0

    def add(self, number: int, text: str, ranges: list[tuple[int, int]]) -> None:
        if self.chunks:
            self.chunks.append(PAGE_SEPARATOR)
            self.offset += len(PAGE_SEPARATOR)
        self.pages.append(PageSpan(number, self.offset, self.offset + len(text)))
        self.spans.extend(TableSpan(self.offset + start, self.offset + end, number) for start, end in ranges)
        self.chunks.append(text)
        self.offset += len(text)

    def failed(self, number: int, exc: Exception) -> None:
        self.failures += 1
        self.events.append(f"page {number}: text could not be read ({type(exc).__name__}: {exc})")
        self.add(number, "", [])


def _check_magic(path: str, data: bytes) -> None:
    if b"%PDF" not in data[:1024]:
        raise DocumentError(path, "not a valid PDF: the bytes do not start with %PDF (a renamed text or HTML file?)")


def _open(path: str, data: bytes):
    """pdfplumber's view of the PDF (imported here: text-only documents never need it)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    _check_magic(path, data)
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


def _open_pdfium(path: str, data: bytes) -> pdfium.PdfDocument:
    _check_magic(path, data)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DocumentError(path, "the PDF is encrypted (password-protected); save an unprotected copy") from exc
        raise DocumentError(path, f"not a valid PDF: {exc}") from exc


def _read_pdfplumber(path: str, data: bytes, out: _Pages) -> dict:
    with _open(path, data) as pdf:
        for page in pdf.pages:
            try:
                tables, event = find_page_tables(page)
                if event:
                    out.events.append(event)
                text, ranges = page_text(page, tables)
            except Exception as exc:  # one bad page must not lose the document
                out.failed(page.page_number, exc)
            else:
                out.add(page.page_number, text, ranges)
            finally:
                page.close()
        return dict(pdf.metadata or {})


class _Router:
    """Reads pages with pdfium, handing the ones that may hold a table to pdfplumber."""

    def __init__(self, path: str, data: bytes, out: _Pages):
        self.path, self.data, self.out = path, data, out
        self.plumber = None  # opened on the first page that needs it
        self.ratios: dict[int, float] = {}

    def plumber_page(self, number: int):
        if self.plumber is None:
            self.plumber = _open(self.path, self.data)
        from outturn.extractors.readers.pdf_tables import table_page  # imports pdfplumber

        # Chars with only what table finding reads: half of pdfplumber's time on a page.
        return table_page(self.plumber.pages[number - 1])

    def read(self, page, number: int) -> tuple[str, list[tuple[int, int]]]:
        textpage = page.get_textpage()
        try:
            text = _PdfiumText(page, textpage, self.ratios)
            tables: list[PageTable] = []
            if not _upright(page):  # pdfium's boxes are unrotated page space; pdfplumber's are not
                return self._with_tables(page, number, None)
            if page_may_hold_table(page):
                objects = textpage.count_chars() + count_rules(page)[2]
                if objects > MAX_TABLE_OBJECTS:
                    self.out.events.append(_skipped(number, objects))
                else:
                    return self._with_tables(page, number, text)
            try:
                return assemble_page(group_lines(text.pieces([])), tables)
            except _NeedsPdfplumber:
                return self._with_tables(page, number, None)
        finally:
            textpage.close()

    def _with_tables(self, page, number: int, text: _PdfiumText | None):
        try:
            plumber_page = self.plumber_page(number)
        except DocumentError as exc:
            self.out.events.append(f"page {number}: tables not searched ({exc.reason})")
            if text is None:
                raise
            return assemble_page(group_lines(text.pieces([])), [])
        try:
            tables, event = find_page_tables(plumber_page)
            if event:
                self.out.events.append(event)
            if text is not None and page.get_mediabox()[:2] == (0, 0):  # boxes in the same space
                try:
                    return assemble_page(group_lines(text.pieces([t.bbox for t in tables])), tables)
                except _NeedsPdfplumber:
                    pass
            return page_text(plumber_page, tables)
        finally:
            plumber_page.close()

    def close(self) -> None:
        if self.plumber is not None:
            self.plumber.close()


def _upright(page) -> bool:
    return page.get_rotation() == 0


def _read_pdfium(path: str, data: bytes, out: _Pages) -> dict:
    with _PDFIUM_LOCK:
        pdf = _open_pdfium(path, data)
        router = _Router(path, data, out)
        try:
            metadata = pdf.get_metadata_dict(skip_empty=True)
            for index in range(len(pdf)):
                number = index + 1
                try:
                    page = pdf[index]
                    try:
                        text, ranges = router.read(page, number)
                    finally:
                        page.close()
                except Exception as exc:  # one bad page must not lose the document
                    out.failed(number, exc)
                else:
                    out.add(number, text, ranges)
        finally:
            router.close()
            pdf.close()
    return metadata


def read_pdf(path: str | Path, data: bytes, doc_id: str, engine: str = "pdfium") -> Document:
    """Read a PDF: one :class:`PageSpan` per page, one :class:`TableSpan` per table.

    A page that cannot be read is recorded as an event and left empty; a PDF none of
    whose pages can be read is an error.

    Args:
        path: where the bytes came from (names the document and its errors).
        data: the PDF's bytes.
        doc_id: the sha256 of ``data``.
        engine: ``pdfium`` (text from pdfium, tables from pdfplumber on the pages that
            may hold one) or ``pdfplumber`` (every page read by pdfplumber; slower, the
            reference the routed reader is tested against).

    Raises:
        DocumentError: not a PDF, encrypted, corrupt, or no readable page.
        ValueError: an unknown engine.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")
    path = Path(path)
    out = _Pages()
    read = _read_pdfium if engine == "pdfium" else _read_pdfplumber
    metadata = read(str(path), data, out)
    if not out.pages or out.failures == len(out.pages):
        raise DocumentError(str(path), "the PDF has no readable pages")
    text = "".join(out.chunks)
    if not text.strip():
        out.events.append("no text layer: the PDF may be scanned images (OCR is not supported)")
    first_page = text[out.pages[0].start : out.pages[0].end]
    return Document(
        path=str(path),
        name=path.name,
        doc_id=doc_id,
        format="pdf",
        text=text,
        pages=out.pages,
        table_spans=out.spans,
        title=_metadata_title(metadata) or detect_title(first_page),
        date=detect_date(first_page) or detect_date(text),
        events=out.events,
    )


def _metadata_title(metadata: dict) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", errors="replace")
    title = " ".join(str(title or "").split())
    if len(title.split()) < 2 or _FILE_NAME_TITLE.search(title) or title.lower() == "untitled":
        return None
    return title
