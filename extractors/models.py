"""The two shapes every part of outturn agrees on: a read :class:`Document` and an
extracted :class:`Statement`.

Every reader (text, HTML, PDF) returns a :class:`Document`. Its ``text`` is the whole
document as one string; for PDFs ``pages`` says which characters came from which page,
so that a character offset always maps back to a 1-based page number. Tables found by a
reader (PDF, HTML) are written into ``text`` as tab-separated lines, one line a row, and
their character ranges are listed in ``table_spans``; the table extractor reads them the
same way it reads a tab-separated table in a plain text file.

A :class:`Statement` is one number in a document, with what it measures and where it
came from. Its fields are the export contract (README, "The export contract"): the
``statements`` table in DuckDB and ``outturn extract --format jsonl`` have exactly these
keys, in this order.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field, fields

#: Units a statement may carry.
UNITS = (
    "percent",
    "count",
    "rate_per_10k",
    "rate_per_100k",
    "days",
    "weeks",
    "months",
    "gbp",
    "score",
    "ratio",
    "other",
)

#: Roles a statement may play.
ROLES = (
    "actual",
    "target",
    "tolerance",
    "previous",
    "national",
    "regional",
    "statistical_neighbour",
    "benchmark_other",
    "change",
)

#: Where a statement was found.
SOURCES = ("prose", "table")


@dataclass(frozen=True)
class PageSpan:
    """Characters ``[start, end)`` of :attr:`Document.text` came from page ``number``."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class TableSpan:
    """Characters ``[start, end)`` of :attr:`Document.text` hold a table a reader found,
    written as tab-separated lines (one line a row)."""

    start: int
    end: int
    page: int | None = None


@dataclass
class Document:
    """A document as read, whatever its format.

    Attributes:
        path: where it was read from (file path or URL).
        name: file name, e.g. ``2021-09-30-cyp-scrutiny.pdf``; the ``doc`` of its statements.
        doc_id: sha256 hex digest of the raw bytes.
        format: ``text``, ``markdown``, ``html`` or ``pdf``.
        text: the whole text; offsets of statements index into it.
        pages: page spans, in order, for paged formats (PDF); empty otherwise.
        table_spans: tables the reader found, written into ``text`` as tab-separated rows.
        title: the document's title where the reader found one.
        date: the document's date (ISO ``YYYY-MM-DD``) where the reader found one.
        council: the council's canonical name where known (manifest or detection).
        council_names: every name the council goes by in its papers ("Bristol", "Bristol
            City Council" for "City of Bristol"), from the council register.
        url: where the document was published, where known.
        events: things a reader wants recorded against the document (a page whose
            table finding was abandoned, a cp1252 byte repaired), one line each.
    """

    path: str
    name: str
    doc_id: str
    format: str
    text: str
    pages: list[PageSpan] = field(default_factory=list)
    table_spans: list[TableSpan] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    council: str | None = None
    council_names: tuple[str, ...] = ()
    url: str | None = None
    events: list[str] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset``, or None for unpaged text.

        >>> doc = Document("a.pdf", "a.pdf", "0" * 64, "pdf", "abcdef",
        ...                pages=[PageSpan(1, 0, 3), PageSpan(2, 3, 6)])
        >>> doc.page_of(0), doc.page_of(2), doc.page_of(3), doc.page_of(5)
        (1, 1, 2, 2)
        >>> Document("a.txt", "a.txt", "0" * 64, "text", "abc").page_of(1) is None
        True
        """
        if not self.pages:
            return None
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        return self.pages[max(i, 0)].number

    @property
    def page_count(self) -> int | None:
        """Number of pages, or None for unpaged formats."""
        return len(self.pages) or None


@dataclass
class Statement:
    """One indicator statement: a value, what it measures, and where it came from.

    The fields are the export contract; see the module docstring. ``page`` is 1-based
    and None for unpaged text. ``char_start``/``char_end`` are the value's offsets in
    :attr:`Document.text`. ``period_start``/``period_end`` are ISO dates or None.
    """

    doc: str
    doc_id: str
    council: str | None
    page: int | None
    char_start: int
    char_end: int
    evidence: str
    value_text: str
    value: float
    unit: str
    role: str
    indicator_text: str | None
    indicator_id: str | None
    indicator_name: str | None
    match_score: float | None
    period_text: str | None
    period_start: str | None
    period_end: str | None
    source: str
    confidence: float

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; expected one of {', '.join(UNITS)}")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}; expected prose or table")

    def to_dict(self) -> dict:
        """The statement as a plain dict, keys in contract order (every field is a
        scalar, so this is :func:`dataclasses.asdict` without its deep copies)."""
        return {name: getattr(self, name) for name in STATEMENT_FIELDS}


#: The export contract's keys, in order.
STATEMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Statement))
