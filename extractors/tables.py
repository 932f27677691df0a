"""Statements from tables (placeholder until the table extractor lands)."""

from __future__ import annotations

from dataclasses import dataclass

from outturn.extractors.models import Document, Statement


@dataclass(frozen=True)
class TableBlock:
    """Characters ``[start, end)`` of the document text form one table."""

    start: int
    end: int


def find_tables(document: Document) -> list[TableBlock]:
    """The table regions of ``document``: reader-found tables and tab/pipe line blocks."""
    return [TableBlock(s.start, s.end) for s in document.table_spans]


def extract_table_statements(document: Document, blocks: list[TableBlock]) -> list[Statement]:
    """One statement per numeric cell of each table block."""
    return []
