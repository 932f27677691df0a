"""The review tables of the :class:`~outturn.store.Store`: reading statements for review,
writing a correction import in one transaction, orphans and learned aliases.

These functions take an open Store and use its connection; they are the only writers of
``corrections``, ``correction_imports``, ``correction_audit`` and ``learned_aliases``
(the tables of ``duckdb/005``-``007``). Bulk writes go through Arrow tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyarrow as pa

from outturn.store import Store

#: Statements with their statement_id, as facts computes it, on documents that loaded.
_KEYED = """
    SELECT md5(concat_ws('|', s.doc_id, s.char_start, s.char_end, s.role)) AS statement_id, s.*
    FROM statements AS s
    JOIN documents AS d ON d.doc_id = s.doc_id AND d.status = 'ok'
"""

#: The columns of a correction row, in ``corrections``' order (created_at is defaulted).
CORRECTION_COLUMNS = (
    "statement_id", "action", "value", "unit", "role", "period_start", "period_end",
    "indicator_id", "indicator_name", "note", "reviewer", "import_id", "doc_id", "doc",
    "value_text", "indicator_text",
)
_CORRECTION_SCHEMA = pa.schema([
    (name, pa.float64() if name == "value" else pa.date32() if name.startswith("period_")
     else pa.int64() if name == "import_id" else pa.string())
    for name in CORRECTION_COLUMNS
])
AUDIT_COLUMNS = ("import_id", "row_number", "statement_id", "reviewer", "action", "before", "after")
_AUDIT_SCHEMA = pa.schema([(n, pa.int64() if n in ("import_id", "row_number") else pa.string())
                           for n in AUDIT_COLUMNS])
LEARNED_COLUMNS = ("phrase", "phrase_key", "indicator_id", "indicator_name", "indicator_unit",
                   "reviewer", "statement_id", "import_id")
_LEARNED_SCHEMA = pa.schema([(n, pa.int64() if n == "import_id" else pa.string())
                             for n in LEARNED_COLUMNS])


def review_rows(store: Store, *, auto_score: float, where: str = "TRUE",
                parameters: Sequence = ()) -> list[dict]:
    """Statements as ``outturn review export`` lists them, oldest document first.

    Each row has the extracted values, the match ``status`` and ``runner_up_id`` (from
    ``statement_matches``; for statements loaded before it existed, ``auto`` when
    ``match_score >= auto_score``), and the verdict already held as ``action`` and
    ``fix_*``/``note``/``reviewer``.

    Args:
        store: the open database.
        auto_score: the matcher's threshold for ``auto`` (:class:`MatchConfig`).
        where: a filter over the result's columns, with ``?`` placeholders.
        parameters: the placeholders' values.
    """
    sql = f"""
        WITH keyed AS ({_KEYED}),
        listed AS (
            SELECT k.statement_id,
                   coalesce(m.status, CASE WHEN k.indicator_id IS NULL THEN 'unmatched'
                                           WHEN k.match_score >= ? THEN 'auto'
                                           ELSE 'needs_review' END) AS status,
                   k.council, k.doc, k.doc_id, k.page, k.evidence, k.value_text, k.value, k.unit,
                   k.role, k.period_text, k.period_start, k.period_end, k.indicator_text,
                   k.indicator_id, k.indicator_name, k.match_score, m.runner_up_id,
                   k.confidence, k.source, k.char_start,
                   c.action, c.value AS fix_value, c.unit AS fix_unit, c.role AS fix_role,
                   c.period_start AS fix_period_start, c.period_end AS fix_period_end,
                   c.indicator_id AS fix_indicator_id, c.note, c.reviewer
            FROM keyed AS k
            LEFT JOIN statement_matches AS m USING (statement_id)
            LEFT JOIN corrections AS c USING (statement_id)
        )
        SELECT * FROM listed WHERE {where} ORDER BY doc, doc_id, char_start, role
    """
    columns, rows = store.query(sql, [auto_score, *parameters])
    return [dict(zip(columns, row)) for row in rows]


def statements_by_id(store: Store, statement_ids: Iterable[str]) -> dict[str, dict]:
    """The stored statements (extracted values) and verdicts of ``statement_ids``; ids
    that are not a current statement are absent. A verdict's columns are prefixed
    ``held_`` (``held_action``, ``held_value``, ...), NULL where there is none."""
    wanted = pa.table({"statement_id": pa.array(sorted(set(statement_ids)), pa.string())})
    store.connection.register("wanted_statements", wanted)
    try:
        held = ", ".join(f"c.{c} AS held_{c}" for c in CORRECTION_COLUMNS[1:11])
        columns, rows = store.query(
            f"""WITH keyed AS ({_KEYED})
                SELECT k.*, {held}
                FROM keyed AS k
                LEFT JOIN corrections AS c USING (statement_id)
                WHERE k.statement_id IN (SELECT statement_id FROM wanted_statements)""")
    finally:
        store.connection.unregister("wanted_statements")
    return {row[0]: dict(zip(columns, row)) for row in rows}


def learned_aliases(store: Store) -> list[dict]:
    """Every learned alias, oldest first."""
    columns, rows = store.query("SELECT * FROM learned_aliases ORDER BY created_at, phrase_key")
    return [dict(zip(columns, row)) for row in rows]


def orphans(store: Store) -> list[dict]:
    """Corrections whose statement is no longer stored (the document was re-extracted
    and the value moved or changed role, or the document's bytes changed or failed).

    ``reason`` says which; ``candidate_statement_id`` is a current statement of the
    same document name with the same value_text and indicator_text, when one exists,
    to re-attach the correction to by hand.
    """
    columns, rows = store.query(f"""
        WITH keyed AS ({_KEYED})
        SELECT c.statement_id, c.doc, c.value_text, c.indicator_text, c.action, c.value,
               c.unit, c.role, c.indicator_id, c.reviewer, c.created_at, c.import_id,
               CASE WHEN d.doc_id IS NULL THEN 'document no longer loaded'
                    ELSE 'statement not found in the re-extracted document' END AS reason,
               (SELECT min(k2.statement_id) FROM keyed AS k2
                 WHERE k2.doc = c.doc AND k2.value_text = c.value_text
                   AND k2.indicator_text IS NOT DISTINCT FROM c.indicator_text) AS candidate_statement_id
        FROM corrections AS c
        LEFT JOIN keyed AS k USING (statement_id)
        LEFT JOIN documents AS d ON d.doc_id = c.doc_id AND d.status = 'ok'
        WHERE k.statement_id IS NULL
        ORDER BY c.doc, c.created_at, c.statement_id""")
    return [dict(zip(columns, row)) for row in rows]


def write_import(store: Store, *, file: str, sha256: str, origin: str, unchanged: int,
                 corrections: Sequence[dict], audit: Sequence[dict],
                 learned: Sequence[dict]) -> int:
    """Write one correction import in one transaction: its ``correction_imports`` row,
    each statement's new verdict (replacing the one held), the audit rows and the
    learned aliases (replacing any with the same phrase_key).

    Args:
        store: the open, writable database.
        file, sha256, origin: what was imported, and by ``cli`` or ``flow``.
        unchanged: rows equal to the verdict already held (counted, not written).
        corrections: rows with :data:`CORRECTION_COLUMNS` but ``import_id``.
        audit: rows with :data:`AUDIT_COLUMNS` but ``import_id``.
        learned: rows with :data:`LEARNED_COLUMNS` but ``import_id``.

    Returns:
        The import_id.
    """
    with store.transaction():
        import_id = store.connection.execute(
            """INSERT INTO correction_imports (file, sha256, origin, applied, unchanged, learned)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING import_id""",
            [file, sha256, origin, len(corrections), unchanged, len(learned)],
        ).fetchone()[0]
        _replace(store, "corrections", "statement_id", CORRECTION_COLUMNS, _CORRECTION_SCHEMA,
                 [dict(r, import_id=import_id) for r in corrections])
        _insert(store, "correction_audit", AUDIT_COLUMNS, _AUDIT_SCHEMA,
                [dict(r, import_id=import_id) for r in audit])
        _replace(store, "learned_aliases", "phrase_key", LEARNED_COLUMNS, _LEARNED_SCHEMA,
                 [dict(r, import_id=import_id) for r in learned])
    return import_id


def _insert(store: Store, table: str, columns: Sequence[str], schema: pa.Schema,
            rows: Sequence[dict], *, replacing: str | None = None) -> None:
    if not rows:
        return
    batch = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)
    names = ", ".join(columns)
    store.connection.register("incoming_review_rows", batch)
    try:
        if replacing:
            store.connection.execute(f"DELETE FROM {table} WHERE {replacing} IN "
                                     f"(SELECT {replacing} FROM incoming_review_rows)")
        store.connection.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_review_rows")
    finally:
        store.connection.unregister("incoming_review_rows")


def _replace(store: Store, table: str, key: str, columns: Sequence[str], schema: pa.Schema,
             rows: Sequence[dict]) -> None:
    _insert(store, table, columns, schema, rows, replacing=key)
