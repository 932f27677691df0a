"""Statement identity and match records, without the database: ``outturn extract``
imports this, and neither DuckDB nor Arrow (about a tenth of its start-up)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from outturn.extractors.models import Statement
from outturn.lexicon.match import IndicatorMatcher, match_unit


def statement_id(doc_id: str, char_start: int, char_end: int, role: str) -> str:
    """The facts view's statement_id: md5 of ``doc_id|char_start|char_end|role``.

    >>> statement_id("a" * 64, 10, 14, "actual") == hashlib.md5(("a" * 64 + "|10|14|actual").encode()).hexdigest()
    True
    """
    return hashlib.md5(f"{doc_id}|{char_start}|{char_end}|{role}".encode()).hexdigest()


def match_records(doc_id: str, statements: Iterable[Statement], matcher: IndicatorMatcher) -> list[dict]:
    """The ``statement_matches`` rows of a document's matched statements: each one's
    match status, runner-up and margin (the matcher caches, so this is cheap)."""
    out = []
    for s in statements:
        match = matcher.match(s.indicator_text, match_unit(s)) if s.indicator_text else None
        out.append({
            "statement_id": statement_id(doc_id, s.char_start, s.char_end, s.role), "doc_id": doc_id,
            "status": match.status if match else "unmatched",
            "runner_up_id": match.runner_up_id if match else None,
            "margin": match.margin if match else None,
        })
    return out
