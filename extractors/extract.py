"""Compose the extractors: tables first, then prose outside the tables."""

from __future__ import annotations

from outturn.extractors.models import Document, Statement
from outturn.extractors.prose import extract_prose_statements
from outturn.extractors.tables import extract_table_statements, find_tables


def extract_statements(document: Document, *, nlp=None) -> list[Statement]:
    """Every indicator statement in ``document``, in document order.

    Indicator matching (``indicator_id``, ``indicator_name``, ``match_score``) is left
    empty here; :mod:`outturn.lexicon` fills it in.

    Args:
        document: a read document.
        nlp: a spaCy pipeline from :func:`outturn.extractors.pipeline.build_pipeline`;
            built once and cached when not given.
    """
    blocks = find_tables(document)
    statements = extract_table_statements(document, blocks)
    statements += extract_prose_statements(
        document, exclude=[(b.start, b.end) for b in blocks], nlp=nlp
    )
    statements.sort(key=lambda s: (s.char_start, s.char_end))
    return statements
