"""Pure extraction: bytes or text in, :class:`~outturn.extractors.models.Statement` out.

Nothing in this package imports Prefect, DuckDB or :mod:`outturn.flows`.

Typical use from a notebook::

    from outturn.extractors import read_document, extract_statements
    doc = read_document("corpus/northfield-kpi-q2-2023-24.txt")
    for s in extract_statements(doc):
        print(s.value_text, s.unit, s.role, s.indicator_text)
"""

from outturn.extractors.extract import extract_statements
from outturn.extractors.models import Document, Statement
from outturn.extractors.readers import read_document

__all__ = ["Document", "Statement", "extract_statements", "read_document"]
