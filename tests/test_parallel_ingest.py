"""Ingest with worker processes loads exactly what the sequential ingest loads.

The corpus (its manifest names the councils) and a few documents written here (text
papers, a reportlab PDF with prose and a ruled table, a broken PDF) are ingested once
with ``workers=1`` (extraction in the flow's process) and once with ``workers=2`` (a
spawned process pool); every table the ingest writes must hold the same rows.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from outturn.processing import extraction_workers
from outturn.store import Store

# What an ingest writes, without run ids and timestamps (which differ between any two runs).
TABLES = {
    "statements": "SELECT * FROM statements ORDER BY ALL",
    "statement_matches": "SELECT * FROM statement_matches ORDER BY ALL",
    "documents": "SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY ALL",
    "failures": "SELECT path, doc_id, reason FROM failures ORDER BY ALL",
}

PAPERS = {
    "york-q4.txt": "City of York Council\nPerformance report, quarter 4 2023-24\n\n"
                   "The rate of children looked after per 10,000 children was 62.1 at 31 March 2024, "
                   "compared with 70 nationally and 64.3 for statistical neighbours.\n",
    "kirklees-panel.md": "Kirklees Council - Children's Scrutiny Panel, 12 June 2024\n\n"
                         "Assessments completed within 45 working days: 88.2% in 2023-24 (England 82.9%).\n",
}


def write_pdf(path: Path) -> Path:
    """Prose and a ruled table, so both the prose and the table extractor run in the workers."""
    styles = getSampleStyleSheet()
    table = Table([["Indicator", "2023-24", "Target"],
                   ["Re-referrals within 12 months (%)", "21.4%", "20%"],
                   ["Children looked after per 10,000", "71.0", "65.0"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph("Leeds City Council - Scrutiny Board (Children and Families)", styles["Heading2"]),
             Paragraph("Re-referrals within 12 months were 21.4% in 2023-24, against 22.0% in England.",
                       styles["BodyText"]),
             table]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


@pytest.fixture(scope="module")
def batch(corpus_dir, tmp_path_factory) -> list[str]:
    extra = tmp_path_factory.mktemp("extra")
    for name, text in PAPERS.items():
        (extra / name).write_text(text, encoding="utf-8")
    write_pdf(extra / "leeds-scrutiny.pdf")
    (extra / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a PDF")
    return [str(corpus_dir), str(extra)]


def rows(db: Path) -> dict[str, list[tuple]]:
    with Store.open(db, read_only=True) as store:
        return {table: store.query(sql)[1] for table, sql in TABLES.items()}


def test_workers_load_the_same_rows_as_the_sequential_ingest(batch, tmp_path, prefect_harness):
    from outturn.flows.ingest import ingest

    children: dict[int, int] = {}

    def count_children(workers):  # worker processes alive while the flow reports progress
        def progress(done, total, path):
            children[workers] = max(children.get(workers, 0), len(multiprocessing.active_children()))
        return progress

    summaries = {workers: ingest(paths=batch, db=str(tmp_path / f"workers-{workers}.duckdb"), workers=workers,
                                 progress=count_children(workers))
                 for workers in (1, 2)}

    assert children == {1: 0, 2: 2}  # the pool was used, and only when asked for
    one, two = summaries[1], summaries[2]
    assert (two.new, two.failed, two.statements) == (one.new, one.failed, one.statements)
    assert one.failed == 1 and one.new >= 8 and one.statements > 100
    sequential, parallel = rows(tmp_path / "workers-1.duckdb"), rows(tmp_path / "workers-2.duckdb")
    for table in TABLES:
        assert parallel[table] == sequential[table], table
    assert {r[0] for r in sequential["statements"]}  # not two empty tables


def test_a_rerun_with_workers_extracts_nothing(batch, tmp_path, prefect_harness):
    from outturn.flows.ingest import ingest

    db = str(tmp_path / "outturn.duckdb")
    first = ingest(paths=batch, db=db, workers=2)
    again = ingest(paths=batch, db=db, workers=2, retry_failed=False)
    assert (again.new, again.reextracted, again.failed, again.statements) == (0, 0, 0, 0)
    assert again.unchanged == first.new + first.failed


WORKER_PLANS = [
    pytest.param(1000, None, 4, 4, id="large-batch-one-per-core"),
    pytest.param(20, None, 4, 2, id="medium-batch-fewer-workers"),
    pytest.param(5, None, 4, 1, id="small-batch-in-process"),
    pytest.param(0, None, 4, 1, id="nothing-to-extract"),
    pytest.param(30, 3, 2, 3, id="requested-beats-cores"),
    pytest.param(2, 8, 4, 2, id="requested-capped-by-documents"),
]


@pytest.mark.parametrize("documents, requested, cores, expected", WORKER_PLANS)
def test_extraction_workers(documents, requested, cores, expected):
    assert extraction_workers(documents, requested, cores) == expected

