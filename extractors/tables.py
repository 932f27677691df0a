"""Statements from tables: one per value in a table cell.

:func:`find_tables` finds table regions in a document's text: the tables a reader
found (``Document.table_spans``), runs of tab-separated lines, and markdown pipe tables.
:func:`extract_table_statements` reads each region's layout (:mod:`table_layout`), the
values in each cell (:mod:`table_cells`) and what the headers say (:mod:`table_headers`),
and returns one :class:`~outturn.extractors.models.Statement` per value, with the whole
row line as its evidence.

>>> from outturn.extractors.models import Document
>>> text = "Q1 2021-22 report\\n\\nKPI\\t2020-21 outturn\\t2021-22 target\\nCIN seen\\t99%\\t90%\\n"
>>> doc = Document("a.txt", "a.txt", "0" * 64, "text", text)
>>> [(s.value_text, s.role, s.period_text) for s in extract_table_statements(doc, find_tables(doc))]
[('99%', 'actual', '2020-21 outturn'), ('90%', 'target', '2021-22')]
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from outturn.extractors.models import Document, Statement
from outturn.extractors.periods import Period, find_periods, parse_period
from outturn.extractors.table_cells import CellValue, is_value_cell, parse_cell
from outturn.extractors.table_grid import Row, line_runs, split_lines
from outturn.extractors.table_headers import classify_header, clean_header, cue_spans, is_cue, unit_of
from outturn.extractors.table_layout import Column, Layout, read_layout

#: Characters at the top of a document searched for its reporting period.
HEAD_CHARS = 3000
#: A cell with more words than this (and no value) makes its row a prose line.
PROSE_WORDS = 20
#: Words a cell may have to be read as a row's unit ("Rate per 10,000").
UNIT_CELL_WORDS = 4
_COMPARATORS = ("national", "regional", "statistical_neighbour", "benchmark_other")
_PERIOD_PREFERENCE = ("quarter", "month", "year_to_date", "financial_year")


@dataclass(frozen=True)
class TableBlock:
    """Characters ``[start, end)`` of the document text form one table.

    Attributes:
        kind: ``reader`` (a reader's table span), ``tab`` or ``pipe``.
        form: True for a form of ``Label:<TAB>value`` lines (report front matter); it
            is a table region, but holds no statements.
    """

    start: int
    end: int
    kind: str = "reader"
    form: bool = False


def _is_prose_row(row: Row) -> bool:
    """A paragraph behind a tab ("4.1<TAB>Improved re-referral rates ..."), not a table row."""
    longest = max((len(c.text.split()) for c in row.cells), default=0)
    return longest > PROSE_WORDS and len(row.filled) <= 2


def _is_form(rows: list[Row]) -> bool:
    """Front-matter lines: ``Contact Officer(s):<TAB>name<TAB>phone`` and the like."""
    first = rows[0]
    if any(classify_header(c.text).kind == "role" for c in first.cells[1:]):
        return False
    labelled = sum(any(first_cells.text.endswith(":") for first_cells in
                       [r.cells[i] for i in r.filled[:2]]) for r in rows)
    return labelled * 3 >= len(rows)


def _block(start: int, end: int, kind: str, text: str) -> TableBlock | None:
    rows = [r for r in split_lines(text[start:end], start) if r.filled]
    if len(rows) < 2 or not any(len(r.filled) >= 2 for r in rows):
        return None
    if sum(_is_prose_row(r) for r in rows) * 2 >= len(rows):
        return None  # numbered paragraphs with a tab after the number
    return TableBlock(start, end, kind, _is_form(rows))


def find_tables(document: Document) -> list[TableBlock]:
    """The table regions of ``document``: reader-found tables and tab/pipe line blocks.

    A single tab-separated line, a run of lines with one filled cell each, or numbered
    paragraphs written with a tab are not tables.
    """
    blocks = [TableBlock(s.start, s.end, "reader") for s in document.table_spans]
    taken = [(b.start, b.end) for b in blocks]
    for start, end, kind in line_runs(document.text):
        if any(start < e and s < end for s, e in taken):
            continue
        block = _block(start, end, kind, document.text)
        if block is not None:
            blocks.append(block)
    return sorted(blocks, key=lambda b: b.start)


def _financial_year(day: datetime.date) -> Period:
    y = day.year if day.month >= 4 else day.year - 1
    return Period(f"{y}/{(y + 1) % 100:02d}", datetime.date(y, 4, 1), datetime.date(y + 1, 3, 31),
                  "financial_year")


class _Context:
    """Document-level fallbacks for periods, and what earlier tables said.

    The reporting period is, in order: a period in the title; a period written after
    an ``as_at`` cue ("As at Month End: May 2015") in the head of the text (tables
    left out); the document's date; the first month, quarter or year in the head.
    """

    def __init__(self, document: Document, blocks: list[TableBlock]):
        self.reference = None
        if document.date:
            try:
                self.reference = datetime.date.fromisoformat(document.date)
            except ValueError:
                self.reference = None
        head = document.text[:HEAD_CHARS]
        for b in blocks:
            if b.start < len(head):
                head = head[:b.start] + " " * (min(b.end, len(head)) - b.start) + head[b.end:]
        title = [p for _, _, p in find_periods(document.title or "", reference=self.reference)]
        cued = [p for s, e, p in find_periods(head, reference=self.reference)
                if cue_spans(head[max(0, s - 30):e].rsplit("\n", 1)[-1], "as_at")]
        dated = [Period(document.date, self.reference, self.reference, "point")] if self.reference else []
        found = [p for _, _, p in find_periods(head, reference=self.reference)
                 if any(ch.isdigit() for ch in p.text)]
        self.period = next(iter(_preferred(title) + cued + dated + _preferred(found)), None)
        self.benchmark_period: Period | None = None

    def actual(self) -> Period | None:
        """A bare "current" column: the reporting month, or the year to date at a meeting date."""
        p = self.period
        if p is None or p.kind != "point":
            return p
        if (p.end + datetime.timedelta(days=1)).day == 1:
            first = p.end.replace(day=1)
            return Period(first.strftime("%B %Y"), first, p.end, "month")
        fy = _financial_year(p.end)
        return Period(f"{fy.text} YTD", fy.start, p.end, "year_to_date")

    def complete(self, header: str) -> Period | None:
        """A partial period header ("Q2") completed with the document's financial year."""
        year = self.target()
        if not header or year is None or year.kind != "financial_year":
            return None
        return parse_period(f"{header} {year.text}", reference=self.reference)

    def target(self) -> Period | None:
        """A bare target column: the financial year of the reporting period."""
        if self.period is None or self.period.kind in ("financial_year", "academic_year"):
            return self.period
        return _financial_year(self.period.end)


def _preferred(periods: list[Period]) -> list[Period]:
    return sorted(periods, key=lambda p: p.kind not in _PERIOD_PREFERENCE)


def _period(role: str, own: Period | None, table_latest: Period | None, ctx: _Context) -> Period | None:
    if own is not None:
        if role in _COMPARATORS:
            ctx.benchmark_period = own
        return own
    if role in _COMPARATORS:
        return ctx.benchmark_period or table_latest or ctx.actual()
    if role in ("target", "tolerance"):
        return ctx.target()
    return ctx.actual()


def _unit(value: CellValue, cell_values: list[CellValue], cues: list[tuple[str | None, int]]) -> tuple[str, bool]:
    """The unit of a value, and whether anything said so (rather than the default)."""
    if value.unit_hint:
        return value.unit_hint, True
    if value.shared and any(v.unit_hint == "percent" for v in cell_values):
        return "count", True  # "4 36.36%": the bare number is the count
    best_unit, best_priority = None, 0
    for unit, priority in cues:
        if unit and priority > best_priority:
            best_unit, best_priority = unit, priority
    return (best_unit, True) if best_unit else ("count", False)


def _row_values(row: Row, cols: list[int]) -> list[tuple[int, list[CellValue]]]:
    """Values per value column; "110 | of | 161" gives 110 its denominator and hides 161."""
    out, skip = [], set()
    for c in cols:
        cell = row.cell(c)
        if c in skip or cell is None:
            continue
        values = parse_cell(cell.text, cell.start)
        joiner, total = row.cell(c + 1), row.cell(c + 2)
        if values and joiner is not None and total is not None and is_cue(joiner.text, "denominator"):
            totals = parse_cell(total.text, total.start)
            if len(totals) == 1 and len(values) == 1:
                values = [CellValue(**{**values[0].__dict__, "denominator": totals[0].value})]
                skip.update((c + 1, c + 2))
        out.append((c, values))
    return out


def _statement(document: Document, row: Row, value: CellValue, *, unit: str, role: str,
               indicator: str | None, period: Period | None, confidence: float) -> Statement:
    return Statement(
        doc=document.name, doc_id=document.doc_id, council=document.council,
        page=document.page_of(value.start), char_start=value.start, char_end=value.end,
        evidence=row.line, value_text=value.value_text, value=value.value, unit=unit, role=role,
        indicator_text=indicator or None, indicator_id=None, indicator_name=None, match_score=None,
        period_text=period.text if period else None,
        period_start=period.start.isoformat() if period else None,
        period_end=period.end.isoformat() if period else None,
        source="table", confidence=round(max(0.05, min(confidence, 0.99)), 2),
    )


def _latest_actual(layout: Layout) -> Period | None:
    periods = [c.period for c in layout.columns if c.role == "actual" and c.period is not None]
    return max(periods, key=lambda p: p.end, default=None)


def _rowwise(document: Document, layout: Layout, ctx: _Context) -> list[Statement]:
    statements = []
    latest = _latest_actual(layout)
    value_set = set(layout.value_cols)
    for row in layout.body:
        label = " | ".join(row.cells[c].text for c in layout.label_cols
                           if c < len(row.cells) and row.cells[c].text)
        label_unit = unit_of(label)
        cell = row.cell(layout.period_col) if layout.period_col is not None else None
        row_period = parse_period(clean_header(cell.text), reference=ctx.reference) if cell else None
        unit_cells = [unit_of(c.text) for i, c in enumerate(row.cells)
                      if i not in value_set and i not in layout.label_cols
                      and c.text and len(c.text.split()) <= UNIT_CELL_WORDS]
        for c, values in _row_values(row, layout.value_cols):
            col: Column = layout.columns[c] if c < len(layout.columns) else Column(c, classify_header(""))
            cues = [(col.unit, col.unit_priority), *unit_cells, label_unit]
            col_period = (col.period if col.explicit_period else None) or row_period or col.period or ctx.complete(
                col.header.text)
            for value in values:
                role = "previous" if value.previous else (col.role or "actual")
                unit, said = _unit(value, values, cues)
                period = _period(role, value.period or col_period, latest, ctx)
                confidence = 0.9 if col.kind == "role" else 0.75
                confidence -= 0.1 * value.shared + 0.1 * (not said) + 0.2 * (not label)
                statements.append(_statement(document, row, value, unit=unit, role=role,
                                             indicator=label, period=period, confidence=confidence))
    return statements


def _transposed(document: Document, layout: Layout, ctx: _Context) -> list[Statement]:
    statements = []
    for row in layout.body:
        key = row.cell(layout.key_col)
        key_text = clean_header(key.text if key else "")
        key_period = parse_period(key_text, reference=ctx.reference)
        info = classify_header(key_text)
        if key_period is None and info.kind == "skip":
            continue
        role = "actual" if key_period is not None else (info.role or "actual")
        for c, values in _row_values(row, layout.value_cols):
            col = layout.columns[c] if c < len(layout.columns) else Column(c, classify_header(""))
            indicator = col.header.text or next(
                (h.cell(c).text for h in reversed(layout.header_rows) if h.cell(c) and h.cell(c).text), None)
            cues = [(col.unit, col.unit_priority), unit_of(indicator or "")]
            for value in values:
                unit, said = _unit(value, values, cues)
                value_role = "previous" if value.previous else role
                period = _period(value_role, value.period or key_period, None, ctx)
                confidence = 0.85 - 0.1 * value.shared - 0.1 * (not said) - 0.2 * (not indicator)
                statements.append(_statement(document, row, value, unit=unit, role=value_role,
                                             indicator=indicator, period=period, confidence=confidence))
    return statements


def extract_table_statements(document: Document, blocks: list[TableBlock]) -> list[Statement]:
    """One statement per value in the value cells of each table block, in document order.

    Forms (front matter), header-only tables and cells of words give none; ragged rows
    are read as far as they go.
    """
    ctx = _Context(document, blocks)
    statements: list[Statement] = []
    for block in sorted(blocks, key=lambda b: b.start):
        if block.form:
            continue
        layout = read_layout(split_lines(document.text[block.start:block.end], block.start))
        if layout is None:
            continue
        if layout.key_col is not None:
            statements += _transposed(document, layout, ctx)
        else:
            statements += _rowwise(document, layout, ctx)
    return statements
