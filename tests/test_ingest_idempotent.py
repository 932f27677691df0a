"""Ingest is idempotent: the same bytes and extractor version are skipped, a new
extractor version re-extracts, and no run ever duplicates rows (flow under the
session's Prefect harness, real DuckDB files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from outturn.extractors.version import extractor_version
from outturn.store import Store

PAPERS = {
    "hull-kpis-2023-24.txt": (
        "Hull City Council - Corporate Parenting Board\n\n"
        "Care leavers aged 19 to 21 in education, employment or training: 58% in 2023-24, "
        "against 56% nationally.\nThe rate of children looked after was 118 per 10,000 children "
        "at 31 March 2024.\n"),
    "wigan/scrutiny-2024-03.md": (
        "# Children and Young People Scrutiny, March 2024\n\n"
        "- Re-referrals within 12 months: 17.5% (target 18%).\n"
        "- Single assessments within 45 working days: 91% (England 82.9%).\n"),
    "notes.docx": "not a document outturn reads",
}
TABLES = ("documents", "statements")


def write_papers(folder: Path) -> None:
    for name, text in PAPERS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of the data tables (ingested_at aside), to compare runs."""
    with Store.open(db, read_only=True) as store:
        return {
            "documents": store.query("SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY doc_id")[1],
            "statements": store.query("SELECT * FROM statements ORDER BY ALL")[1],
        }


@pytest.fixture
def ingest(prefect_harness):
    from outturn.flows.ingest import ingest as ingest_flow

    return ingest_flow


def test_a_second_run_skips_everything_and_duplicates_nothing(tmp_path, ingest):
    write_papers(tmp_path / "papers")
    db = tmp_path / "outturn.duckdb"
    first = ingest(paths=[str(tmp_path / "papers")], db=str(db))
    after_first = rows(db)
    second = ingest(paths=[str(tmp_path / "papers")], db=str(db))

    assert (first.new, first.unchanged, first.failed) == (2, 0, 1)
    assert first.statements == len(after_first["statements"]) > 0
    assert (second.new, second.reextracted, second.unchanged, second.failed) == (0, 0, 2, 1)
    assert second.statements == 0
    assert rows(db) == after_first
    with Store.open(db, read_only=True) as store:
        # the failure is reported again (the user may not have fixed it) but stays one row
        assert store.query("SELECT count(*) FROM documents WHERE status = 'failed'")[1] == [(1,)]
        assert store.query("SELECT count(*) FROM failures")[1] == [(2,)]
        assert store.query("SELECT count(*) FROM ingest_runs WHERE finished_at IS NOT NULL")[1] == [(2,)]


def test_a_copy_of_a_paper_is_the_same_document(tmp_path, ingest):
    write_papers(tmp_path / "papers")
    copy = tmp_path / "elsewhere" / "hull-copy.txt"
    copy.parent.mkdir()
    copy.write_bytes((tmp_path / "papers" / "hull-kpis-2023-24.txt").read_bytes())
    db = tmp_path / "outturn.duckdb"
    summary = ingest(paths=[str(tmp_path / "papers"), str(copy)], db=str(db))
    assert (summary.new, summary.unchanged) == (2, 1)
    assert len([r for r in rows(db)["documents"] if r[9] == "ok"]) == 2


def test_a_new_extractor_version_re_extracts(tmp_path, ingest):
    write_papers(tmp_path / "papers")
    db = tmp_path / "outturn.duckdb"
    ingest(paths=[str(tmp_path / "papers")], db=str(db))
    before = rows(db)
    # A database written by an earlier outturn: its rows carry an older version.
    with Store.open(db) as store:
        store.connection.execute("UPDATE documents SET extractor_version = '0.0.1+000000000000'")
    summary = ingest(paths=[str(tmp_path / "papers")], db=str(db))

    assert (summary.new, summary.reextracted, summary.unchanged) == (0, 2, 0)
    assert rows(db) == before
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT DISTINCT extractor_version FROM documents")[1] == [(extractor_version(),)]


def test_a_fixed_file_replaces_its_failure(tmp_path, ingest):
    folder = tmp_path / "papers"
    folder.mkdir()
    paper = folder / "bolton-cyp-2024.txt"
    paper.write_bytes(b"")
    db = tmp_path / "outturn.duckdb"
    assert ingest(paths=[str(folder)], db=str(db)).failed == 1
    paper.write_text(PAPERS["hull-kpis-2023-24.txt"].replace("Hull City", "Bolton"), encoding="utf-8")
    summary = ingest(paths=[str(folder)], db=str(db))

    assert (summary.new, summary.failed) == (1, 0)
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT name, status FROM documents")[1] == [("bolton-cyp-2024.txt", "ok")]
