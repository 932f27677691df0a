"""Statements from prose (placeholder until the prose extractor lands)."""

from __future__ import annotations

from outturn.extractors.models import Document, Statement


def extract_prose_statements(
    document: Document, *, exclude: list[tuple[int, int]] = (), nlp=None
) -> list[Statement]:
    """Statements in the sentences, bullets and ``Label: value`` lines outside ``exclude``."""
    return []
