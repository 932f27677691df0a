"""Text tables as a grid of cells that remember where they are in the document.

Two shapes of text table reach outturn: tab-separated lines (what the PDF and HTML
readers write, and what many plain-text exports hold) and markdown pipe rows
(``| a | b |``, with or without a ``|---|`` separator). This module finds runs of such
lines and splits each line into :class:`Cell` objects whose ``start``/``end`` index the
whole document text, so that a value found in a cell keeps its exact offsets.

Nothing here knows what a header or a value means; that is :mod:`table_headers`'s and
:mod:`tables`'s business.

>>> rows = split_lines("Name\\t2020\\t2021\\nA\\t1\\t2\\n", 0)
>>> [[c.text for c in r.cells] for r in rows]
[['Name', '2020', '2021'], ['A', '1', '2']]
>>> rows[1].cells[2].start, rows[1].cells[2].end
(19, 20)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Longest line read as a table row; a longer one is prose or a broken conversion.
MAX_ROW_CHARS = 20_000

_SEPARATOR = re.compile(
    r"""
    ^\s*\|?                       # optional leading pipe
    (?:\s*:?-{2,}:?\s*\|)*        # ---|  :---:|  repeated
    \s*:?-{2,}:?\s*               # the last dashes
    \|?\s*$                       # optional trailing pipe
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Cell:
    """One cell: its text with outer whitespace removed, and where that text sits.

    ``start``/``end`` index the document text; for an empty cell both are the
    position of the (empty) cell.
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """One table line: its cells, and the whole line (the statement evidence)."""

    start: int
    end: int
    line: str
    cells: tuple[Cell, ...]

    @property
    def filled(self) -> list[int]:
        """Indexes of the non-empty cells."""
        return [i for i, c in enumerate(self.cells) if c.text]

    def cell(self, i: int) -> Cell | None:
        """The ``i``-th cell, or None when this (ragged) row is shorter."""
        return self.cells[i] if 0 <= i < len(self.cells) else None


def line_kind(line: str) -> str | None:
    """``"tab"``, ``"pipe"``, ``"separator"`` or None (not a table line).

    >>> [line_kind(s) for s in ["a\\tb", "| a | b |", "|---|---|", "a | b", "plain"]]
    ['tab', 'pipe', 'separator', None, None]
    """
    if not line.strip() or len(line) > MAX_ROW_CHARS:
        return None
    stripped = line.strip()
    if stripped.startswith("|") and _SEPARATOR.match(stripped):
        return "separator"
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if "\t" in line.rstrip("\r\n"):
        return "tab"
    return None


def _cells(pieces: list[tuple[int, str]]) -> tuple[Cell, ...]:
    cells = []
    for offset, raw in pieces:
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        start = offset + lead
        cells.append(Cell(text, start, start + len(text)))
    return tuple(cells)


def split_row(line: str, offset: int, kind: str) -> tuple[Cell, ...]:
    """Split one table line (starting at document offset ``offset``) into cells.

    A pipe row loses its outer pipes; a tab row keeps empty leading and trailing cells,
    because a leading empty cell is an empty label column.

    >>> [c.text for c in split_row("| 7.1 Nun | nber of LAC | 407 |", 0, "pipe")]
    ['7.1 Nun', 'nber of LAC', '407']
    >>> [(c.text, c.start) for c in split_row("\\tNumbers\\tPercent", 10, "tab")]
    [('', 10), ('Numbers', 11), ('Percent', 19)]
    """
    sep = "|" if kind == "pipe" else "\t"
    body, base = line.rstrip("\r\n"), offset
    if kind == "pipe":
        lead = body.index("|")
        body, base = body[lead + 1:], offset + lead + 1
        stripped = body.rstrip()
        if stripped.endswith("|"):
            body = stripped[:-1]
    pieces, pos = [], 0
    for raw in body.split(sep):
        pieces.append((base + pos, raw))
        pos += len(raw) + 1
    return _cells(pieces)


def split_lines(text: str, offset: int) -> list[Row]:
    """The table rows of ``text`` (which starts at document offset ``offset``).

    Separator lines are dropped; a line that is not a table line is skipped.
    """
    rows, pos = [], 0
    for line in text.splitlines(keepends=True):
        kind = line_kind(line)
        bare = line.rstrip("\r\n")
        if kind in ("tab", "pipe"):
            rows.append(Row(offset + pos, offset + pos + len(bare), bare,
                            split_row(line, offset + pos, kind)))
        pos += len(line)
    return rows


def line_runs(text: str) -> list[tuple[int, int, str]]:
    """Maximal runs of consecutive table lines of one kind, as ``(start, end, kind)``.

    A blank line or a line of another kind ends a run; separator lines belong to the
    pipe run around them.

    >>> line_runs("intro\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\nx\\ty\\nz\\tw\\n")
    [(6, 35, 'pipe'), (37, 44, 'tab')]
    """
    runs: list[tuple[int, int, str]] = []
    start = end = None
    kind = None
    pos = 0
    for line in text.splitlines(keepends=True):
        lk = line_kind(line)
        lk = "pipe" if lk == "separator" else lk
        bare_end = pos + len(line.rstrip("\r\n"))
        if lk is not None and lk == kind:
            end = bare_end
        else:
            if kind is not None:
                runs.append((start, end, kind))
            kind, start, end = (lk, pos, bare_end) if lk else (None, None, None)
        pos += len(line)
    if kind is not None:
        runs.append((start, end, kind))
    return runs
