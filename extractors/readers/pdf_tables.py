"""pdfplumber's ruled-table finding, with the work it does not need left out.

On a page that holds a table, pdfplumber's own cost is the floor of the PDF reader's
time, and two parts of it do work that ruled-table finding never reads:

1. **Chars.** :meth:`pdfplumber.page.Page.process_object` turns each of pdfminer's
   chars into a dict of 22 attributes, resolving colours, colour spaces, matrices and
   marked-content tags through a generic (and slow) path; that is about half of the time
   pdfplumber spends on a page. :class:`TablePage` is a pdfplumber page whose chars keep
   only :data:`CHAR_KEYS`, computed exactly as pdfplumber computes them: all that table
   finding, :meth:`~pdfplumber.table.Table.extract` and text extraction read. Drawn
   objects (rects, lines, curves: a few per page) go through pdfplumber unchanged.
2. **Cell text.** :meth:`pdfplumber.table.Table.extract` tests every char of the page
   against every row of the table. :func:`table_rows` gives the same rows, but only
   tests the chars whose middle lies in the row's height (found by bisection).

Both are checked against pdfplumber itself in tests/test_pdf_tables.py, on every sample
PDF: same chars (on :data:`CHAR_KEYS`), same table rows.
"""

from __future__ import annotations

from bisect import bisect_left
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar
from pdfplumber.page import Page
from pdfplumber.utils import extract_text

#: The char attributes a :class:`TablePage` keeps: what pdfplumber's table finding,
#: ``Table.extract`` and text extraction (words, lines) read from a char.
CHAR_KEYS = ("text", "x0", "x1", "y0", "y1", "top", "bottom", "doctop", "width", "height",
             "size", "upright", "object_type", "page_number")


class TablePage(Page):
    """A pdfplumber page whose chars carry only :data:`CHAR_KEYS`.

    Build one with :func:`table_page`. Everything else (drawn objects, edges, table
    finding, text extraction) is pdfplumber's own.
    """

    def process_object(self, obj):
        """One layout object as a dict; a char with :data:`CHAR_KEYS` only.

        The char's values are computed as pdfplumber's ``Page.process_object`` computes
        them (``top``/``bottom`` flipped to the page's top-left origin, ``x`` shifted by
        a MediaBox that does not start at 0).
        """
        if type(obj) is not LTChar:  # a drawing (or a subclass we do not know): pdfplumber's way
            return super().process_object(obj)
        text = obj.get_text()
        if self.pdf.unicode_norm is not None:
            text = normalize_unicode(self.pdf.unicode_norm, text)
        mb_x0, mb_top = self.mediabox[:2]
        top = (self.height - obj.y1) + mb_top
        return {
            "text": text,
            "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
            "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
            "y0": obj.y0,
            "y1": obj.y1,
            "top": top,
            "bottom": (self.height - obj.y0) + mb_top,
            "doctop": self.initial_doctop + top,
            "width": obj.width,
            "height": obj.height,
            "size": obj.size,
            "upright": obj.upright,
            "object_type": "char",
            "page_number": self.page_number,
        }


def table_page(page: Page) -> TablePage:
    """The :class:`TablePage` for a page of an open pdfplumber PDF (nothing parsed yet)."""
    return TablePage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def table_rows(table) -> list[list[str | None]]:
    """A pdfplumber table's cell texts; what ``table.extract()`` returns, found faster.

    pdfplumber puts a char in a cell when its middle lies in the cell's box (left and
    top edges in, right and bottom edges out), keeping the page's char order, and reads
    each cell's chars with :func:`pdfplumber.utils.extract_text`; so does this. A missing
    (merged) cell is None, a cell with no chars ``""``.
    """
    chars = table.page.chars
    # Char middles computed with pdfplumber's arithmetic, so the same chars fall in a box.
    middles = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in chars]
    # A NaN middle is in no box (every comparison is False) and would upset the sort.
    by_height = sorted((i for i, m in enumerate(middles) if m[1] == m[1]), key=lambda i: middles[i][1])
    heights = [middles[i][1] for i in by_height]
    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        band = by_height[bisect_left(heights, top) : bisect_left(heights, bottom)]
        in_row = sorted(i for i in band if x0 <= middles[i][0] < x1)  # back in page order
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [chars[i] for i in in_row
                          if cx0 <= middles[i][0] < cx1 and ctop <= middles[i][1] < cbottom]
            cells.append(extract_text(cell_chars) if cell_chars else "")
        rows.append(cells)
    return rows
