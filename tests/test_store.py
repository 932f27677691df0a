"""The DuckDB store: migrations, statements, failures, the lock, the views (real files)."""

from __future__ import annotations

import doctest
import hashlib
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

import outturn.store
from outturn.errors import DatabaseError
from outturn.extractors.models import STATEMENT_FIELDS, Document, Statement
from outturn.store import Store, unreadable_doc_id

DOC_ID = "a" * 64


def statement(**overrides) -> Statement:
    fields = dict(
        doc="leeds.txt", doc_id=DOC_ID, council="Leeds", page=None, char_start=10, char_end=14,
        evidence="Re-referrals fell to 24.2% in 2023-24.", value_text="24.2%", value=24.2,
        unit="percent", role="actual", indicator_text="Re-referrals", indicator_id="rereferrals_12m_pct",
        indicator_name="Re-referrals within 12 months", match_score=0.93, period_text="2023-24",
        period_start="2023-04-01", period_end="2024-03-31", source="prose", confidence=0.9,
    )
    fields.update(overrides)
    return Statement(**fields)


def document(doc_id: str = DOC_ID, **overrides) -> Document:
    fields = dict(path="/papers/leeds.txt", name="leeds.txt", doc_id=doc_id, format="text",
                  text="...", council="Leeds", date="2024-07-10", events=["repaired a cp1252 byte"])
    fields.update(overrides)
    return Document(**fields)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "outturn.duckdb") as opened:
        yield opened


@pytest.fixture
def sql_copy(tmp_path) -> Path:
    """A private copy of the packaged schema files, to change."""
    copy = tmp_path / "sql"
    for folder, target in ((files("outturn.sql"), copy), (files("outturn.sql").joinpath("views"), copy / "views")):
        target.mkdir(parents=True)
        for entry in folder.iterdir():
            if entry.name.endswith(".sql"):
                (target / entry.name).write_bytes(entry.read_bytes())
    return copy


def test_doctests():
    assert doctest.testmod(outturn.store).failed == 0


# -- migrations -------------------------------------------------------------------------


def test_migrations_are_applied_in_order_and_recorded(store):
    packaged = sorted(e for e in files("outturn.sql").iterdir() if e.name.endswith(".sql"))
    _, rows = store.query("SELECT version, name, checksum FROM schema_migrations ORDER BY applied_at, version")
    assert [r[0] for r in rows] == sorted(int(e.name[:3]) for e in packaged)
    assert [f"{v:03d}_{n}.sql" for v, n, _ in rows] == [e.name for e in packaged]
    assert [c for _, _, c in rows] == [hashlib.sha256(e.read_bytes()).hexdigest() for e in packaged]
    _, views = store.query("SELECT name FROM schema_views ORDER BY name")
    packaged_views = sorted(e.name[:-4] for e in files("outturn.sql.views").iterdir() if e.name.endswith(".sql"))
    assert [v for (v,) in views] == packaged_views and "facts" in packaged_views


def test_migrate_again_is_a_no_op(tmp_path):
    path = tmp_path / "outturn.duckdb"
    with Store.open(path) as first:
        before = first.query("SELECT * FROM schema_migrations ORDER BY version")[1]
        views_before = first.query("SELECT * FROM schema_views ORDER BY name")[1]
    with Store.open(path) as second:
        assert second.migrate() == []
        assert second.query("SELECT * FROM schema_migrations ORDER BY version")[1] == before
        assert second.query("SELECT * FROM schema_views ORDER BY name")[1] == views_before


def test_a_new_migration_is_applied_after_the_others(tmp_path, sql_copy):
    db = tmp_path / "outturn.duckdb"
    with Store.open(db, migrate=False) as store:
        store.migrate(sql_copy)
        # 900 reads a table made by 002: it only works when applied after it.
        (sql_copy / "900_statement_notes.sql").write_text(
            "CREATE TABLE statement_notes AS SELECT doc_id, 'note' AS note FROM statements;\n")
        assert store.migrate(sql_copy) == ["900_statement_notes.sql"]
        assert store.query("SELECT max(version) FROM schema_migrations")[1] == [(900,)]


def test_a_changed_applied_migration_is_an_error(tmp_path, sql_copy):
    with Store.open(tmp_path / "outturn.duckdb", migrate=False) as store:
        store.migrate(sql_copy)
        changed = sql_copy / "002_statements.sql"
        changed.write_text(changed.read_text() + "\n-- an edit after the fact\n")
        with pytest.raises(DatabaseError, match="002_statements.sql was changed after it was applied"):
            store.migrate(sql_copy)


def test_a_failing_migration_is_not_recorded(tmp_path, sql_copy):
    (sql_copy / "901_broken.sql").write_text("CREATE TABLE half (x INTEGER);\nSELECT * FROM no_such_table;\n")
    with Store.open(tmp_path / "outturn.duckdb", migrate=False) as store:
        with pytest.raises(DatabaseError, match="901_broken.sql failed"):
            store.migrate(sql_copy)
        assert store.query("SELECT count(*) FROM schema_migrations WHERE version = 901")[1] == [(0,)]
        assert store.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'")[1] == [(0,)]


# -- statements and documents ---------------------------------------------------------------


def test_statements_table_has_exactly_the_contract_columns(store):
    columns, _ = store.query("SELECT * FROM statements")
    assert tuple(columns) == STATEMENT_FIELDS


def test_replace_statements_round_trip(store):
    given = [statement(), statement(char_start=40, char_end=44, value_text="22.4%", value=22.4, role="national",
                                    page=3, match_score=None, period_start=None, period_end=None)]
    assert store.replace_statements(DOC_ID, given) == 2
    _, rows = store.query("SELECT * FROM statements ORDER BY char_start")
    back = [dict(zip(STATEMENT_FIELDS, row)) for row in rows]
    for record in back:
        for key in ("period_start", "period_end"):
            record[key] = record[key].isoformat() if record[key] else None
    assert back == [s.to_dict() for s in given]


def test_replace_statements_replaces_only_that_document(store):
    other = "b" * 64
    store.replace_statements(DOC_ID, [statement(), statement(char_start=40, char_end=44)])
    store.replace_statements(other, [statement(doc_id=other)])
    store.replace_statements(DOC_ID, [statement(value=30.0)])
    _, rows = store.query("SELECT doc_id, value FROM statements ORDER BY doc_id")
    assert rows == [(DOC_ID, 30.0), (other, 24.2)]


def test_replace_statements_is_one_transaction(store):
    store.replace_statements(DOC_ID, [statement()])
    bad = [statement(value=1.0), statement(char_start=50, period_end="not a date")]
    with pytest.raises(Exception):
        store.replace_statements(DOC_ID, bad)
    assert store.query("SELECT value FROM statements")[1] == [(24.2,)]


def test_replace_statements_refuses_another_documents_statement(store):
    with pytest.raises(ValueError, match="passed to replace_statements"):
        store.replace_statements(DOC_ID, [statement(doc_id="c" * 64)])


def test_known_needs_the_same_bytes_and_extractor_version(store):
    assert not store.known(DOC_ID, "0.1.0+aaaaaaaaaaaa")
    store.record_document(document(), extractor_version="0.1.0+aaaaaaaaaaaa", statement_count=0)
    assert store.known(DOC_ID, "0.1.0+aaaaaaaaaaaa")
    assert not store.known(DOC_ID, "0.1.0+bbbbbbbbbbbb")
    assert not store.known(None, "0.1.0+aaaaaaaaaaaa")
    _, rows = store.query("SELECT status, date, events FROM documents")
    assert rows == [("ok", __import__("datetime").date(2024, 7, 10), ["repaired a cp1252 byte"])]


def test_record_failure_of_an_unreadable_file(store):
    store.record_failure("/papers/gone.txt", "cannot read the file: No such file or directory")
    _, rows = store.query("SELECT doc_id, status, error, name FROM documents")
    assert rows == [(unreadable_doc_id("/papers/gone.txt"), "failed",
                     "cannot read the file: No such file or directory", "gone.txt")]
    assert store.query("SELECT path, doc_id FROM failures")[1] == [("/papers/gone.txt", None)]


def test_a_failed_document_loses_its_statements_and_is_not_known(store):
    store.replace_statements(DOC_ID, [statement()])
    store.record_document(document(), extractor_version="v1", statement_count=1)
    store.record_failure("/papers/leeds.txt", "extraction failed: boom", DOC_ID, extractor_version="v2")
    assert store.query("SELECT status, error FROM documents")[1] == [("failed", "extraction failed: boom")]
    assert store.query("SELECT count(*) FROM statements")[1] == [(0,)]
    assert not store.known(DOC_ID, "v2")
    assert (store.status(DOC_ID, "v2"), store.status(DOC_ID, "v1"), store.status(None, "v2")) == ("failed", None, None)


def test_a_fixed_file_replaces_its_failed_row(store):
    store.record_failure("/papers/leeds.txt", "the file is empty", "e" * 64)
    store.record_document(document(), extractor_version="v1", statement_count=0)
    assert store.query("SELECT doc_id, status FROM documents")[1] == [(DOC_ID, "ok")]


# -- views ------------------------------------------------------------------------------------


def test_facts_have_a_stable_statement_id(store):
    store.replace_statements(DOC_ID, [statement()])
    store.record_document(document(), extractor_version="v1", statement_count=1)
    _, rows = store.query("SELECT statement_id, doc_title, doc_date FROM facts")
    expected = hashlib.md5(f"{DOC_ID}|10|14|actual".encode()).hexdigest()
    assert [r[0] for r in rows] == [expected]


def test_council_comparison_puts_comparators_beside_the_actual(store):
    york = "d" * 64
    store.replace_statements(DOC_ID, [
        statement(),
        statement(char_start=40, char_end=44, value=22.4, role="national"),
        statement(char_start=50, char_end=53, value=22.0, role="target"),
        statement(char_start=60, char_end=64, value=21.0, role="statistical_neighbour"),
        statement(char_start=70, char_end=74, value=99.0, role="actual", indicator_id=None),
    ])
    store.replace_statements(york, [statement(doc_id=york, doc="york.txt", council="York", value=18.5)])
    store.record_document(document(), extractor_version="v1", statement_count=5)
    store.record_document(document(york, path="/papers/york.txt", name="york.txt", council="York"),
                          extractor_version="v1", statement_count=1)
    _, rows = store.query(
        "SELECT council, actual, target, national, statistical_neighbour, regional, documents "
        "FROM council_comparison WHERE indicator_id = 'rereferrals_12m_pct' ORDER BY council")
    assert rows == [("Leeds", 24.2, 22.0, 22.4, 21.0, None, ["leeds.txt"]),
                    ("York", 18.5, None, None, None, None, ["york.txt"])]


# -- opening ------------------------------------------------------------------------------------

_HOLD_LOCK = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
def test_a_database_held_by_another_process_gives_a_clear_error(tmp_path, read_only):
    path = tmp_path / "outturn.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(DatabaseError, match=r"is in use by another outturn process \(DuckDB allows one "
                                                r"writer\); wait for it to finish"):
            Store.open(path, read_only=read_only)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_read_only_needs_an_existing_database(tmp_path):
    with pytest.raises(DatabaseError, match="no database here; create it with `outturn ingest"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(DatabaseError, match="notes.duckdb: cannot open the database"):
        Store.open(path)


def test_read_only_rejects_writes(tmp_path):
    path = tmp_path / "outturn.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as store:
        with pytest.raises(DatabaseError, match="read-only"):
            store.query("DELETE FROM documents")


def test_a_changed_view_is_re_created_and_a_reader_asks_for_an_upgrade(tmp_path, sql_copy):
    db = tmp_path / "outturn.duckdb"
    with Store.open(db, migrate=False) as store:
        store.migrate(sql_copy)
        facts = sql_copy / "views" / "facts.sql"
        facts.write_text(facts.read_text().replace("SELECT\n    identified.*", "SELECT\n    1 AS marker,\n    identified.*"))
        assert store.stale_views(sql_copy) == ["facts.sql"]
        assert store.migrate(sql_copy) == []  # no migration, but the view is re-created
        assert store.stale_views(sql_copy) == []
        assert store.query("SELECT marker FROM facts")[0] == ["marker"]
    # a database whose views are older than the installed files cannot be read as is
    with pytest.raises(DatabaseError, match="schema is older than this outturn"):
        Store.open(db, read_only=True)


def test_a_documents_statements_and_row_commit_together(store):
    store.replace_statements(DOC_ID, [statement()])
    store.record_document(document(), extractor_version="v1", statement_count=1)

    with pytest.raises(RuntimeError, match="stopped"):
        with store.transaction():
            store.replace_statements(DOC_ID, [statement(), statement(char_start=10, char_end=13)])
            store.record_document(document(), extractor_version="v2", statement_count=2)
            raise RuntimeError("stopped between writes")

    assert store.connection.execute("SELECT count(*) FROM statements").fetchone() == (1,)
    assert store.stored_version(DOC_ID) == "v1"


def test_nested_transactions_join_the_outer_one(store):
    with store.transaction():
        with store.transaction():
            store.replace_statements(DOC_ID, [statement()])
        assert store.connection.execute("SELECT count(*) FROM statements").fetchone() == (1,)
    assert store.connection.execute("SELECT count(*) FROM statements").fetchone() == (1,)
