"""The ingest steps as plain functions, the task through ``.fn()``, and the flow under
the session's Prefect harness, over small documents written in tmp_path."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

import outturn.processing
import outturn.scheduling
from outturn.errors import DataFileError
from outturn.extractors.version import extractor_version
from outturn.processing import discover, fingerprint, process_document
from outturn.store import Store, unreadable_doc_id

# Small papers in the shape councils write them (our own words, made-up figures).
YORK_PAPER = """\
City of York Council
Children, Education and Communities Policy and Scrutiny Committee
Performance report, quarter 4 2023-24

The rate of children looked after per 10,000 children was 62.1 at 31 March 2024, compared
with 70 nationally and 64.3 for statistical neighbours.
Re-referrals to children's social care within 12 months were 19.4% in 2023-24, against a
target of 20%.
"""
KIRKLEES_PAPER = """\
Kirklees Council - Children's Scrutiny Panel, 12 June 2024

Assessments completed within 45 working days: 88.2% in 2023-24 (England 82.9%).
Care leavers aged 19 to 21 in education, employment or training were 61% at year end.
"""


def write_batch(folder: Path) -> dict[str, Path]:
    """Two good papers, three bad files, a hidden file and a manifest-less subfolder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sub").mkdir(exist_ok=True)
    files = {
        "york": folder / "york-performance-q4-2023-24.txt",
        "kirklees": folder / "sub" / "kirklees-scrutiny-2024-06-12.md",
        "docx": folder / "minutes.docx",
        "empty": folder / "empty.txt",
        "fake_pdf": folder / "report.pdf",
    }
    files["york"].write_text(YORK_PAPER, encoding="utf-8")
    files["kirklees"].write_text(KIRKLEES_PAPER, encoding="utf-8")
    files["docx"].write_bytes(b"PK\x03\x04 not really a word document")
    files["empty"].write_bytes(b"")
    files["fake_pdf"].write_text("This is a text file someone renamed to .pdf\n")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    return files


@pytest.mark.parametrize("module", [outturn.processing, outturn.scheduling], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# -- plain functions ------------------------------------------------------------------------


def test_discover_recurses_and_keeps_unsupported_files(tmp_path):
    files = write_batch(tmp_path / "papers")
    missing = tmp_path / "missing.txt"
    found = discover([tmp_path / "papers", files["york"], missing])
    assert sorted(found) == sorted([*files.values(), missing])
    assert len(found) == len(set(found))


def test_a_manifest_lists_the_documents_of_its_folder(tmp_path):
    files = write_batch(tmp_path / "papers")
    (tmp_path / "papers" / "manifest.csv").write_text(
        "path,council,title,date,url\n"
        "york-performance-q4-2023-24.txt,York,Performance report Q4,2024-05-01,\n"
        "sub/kirklees-scrutiny-2024-06-12.md,,,,\n")
    assert discover([tmp_path / "papers"]) == [files["york"], files["kirklees"]]
    york = process_document(files["york"])
    assert (york.document.council, york.document.title, york.document.date) == (
        "York", "Performance report Q4", "2024-05-01")
    assert all(s.council == "York" for s in york.statements)
    # no council in the manifest: detected from the text
    assert process_document(files["kirklees"]).document.council == "Kirklees"


@pytest.mark.parametrize("rows, message", [
    pytest.param("file,council\na.txt,York\n", "manifest.csv:1: unknown column 'file'", id="unknown-column"),
    pytest.param("council\nYork\n", "manifest.csv:1: missing column 'path'", id="no-path-column"),
    pytest.param("path,council\na.txt,York,extra\n", "manifest.csv:2: expected 2 cells", id="ragged-row"),
])
def test_a_malformed_manifest_is_a_data_file_error(tmp_path, rows, message):
    (tmp_path / "manifest.csv").write_text(rows)
    with pytest.raises(DataFileError, match=message):
        discover([tmp_path])


def test_a_bad_manifest_row_is_a_warning_and_its_document_still_loads(tmp_path):
    files = write_batch(tmp_path)
    (tmp_path / "manifest.csv").write_text(
        "path,council,title,date,url\n"
        "york-performance-q4-2023-24.txt,Yorkshire Republic,,,\n"
        "listed-but-absent.txt,York,,,\n")
    assert discover([tmp_path]) == [files["york"], (tmp_path / "listed-but-absent.txt").resolve()]
    york = process_document(files["york"])
    assert york.ok and york.document.council == "York"  # detected from the text instead
    assert york.warnings == [f"manifest row ignored: {(tmp_path / 'manifest.csv').resolve()}:2: "
                             "unknown council 'Yorkshire Republic'"]
    assert york.document.events[-1] == york.warnings[0]
    assert "cannot read the file" in process_document(tmp_path / "listed-but-absent.txt").error


BAD_INPUT = [
    pytest.param("minutes.docx", b"PK\x03\x04", "unknown file type '.docx'", id="unknown-extension"),
    pytest.param("empty.txt", b"", "the file is empty", id="empty-file"),
    pytest.param("blank.md", b"  \n\n ", "the file is empty", id="whitespace-only"),
    pytest.param("report.pdf", b"Just text, renamed.\n", "not a valid PDF", id="text-named-pdf"),
    pytest.param("gone.txt", None, "cannot read the file", id="missing-path"),
]


@pytest.mark.parametrize("name, data, reason", BAD_INPUT)
def test_a_bad_file_is_a_failed_result_not_an_exception(tmp_path, name, data, reason):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = process_document(path)
    assert not result.ok
    assert reason in result.error
    assert "\n" not in result.error
    assert result.doc_id == fingerprint(path)


def test_a_directory_given_as_a_file_is_a_failed_result(tmp_path):
    result = process_document(tmp_path)
    assert not result.ok and "cannot read the file" in result.error


def test_process_document_reads_a_paper(tmp_path):
    files = write_batch(tmp_path)
    result = process_document(files["york"])
    assert result.ok, result.error
    assert result.document.format == "text"
    assert result.doc_id == fingerprint(files["york"]) == result.document.doc_id
    assert all(s.doc_id == result.doc_id for s in result.statements)


def test_process_document_finds_the_statements_of_a_paper(tmp_path):
    result = process_document(write_batch(tmp_path)["york"])
    assert {s.value for s in result.statements} >= {62.1, 70.0, 64.3, 19.4, 20.0}


def test_the_task_runs_as_a_plain_function(tmp_path):
    from outturn.flows.ingest import extract_document

    files = write_batch(tmp_path)
    assert extract_document.fn(files["york"]).ok
    assert "the file is empty" in extract_document.fn(files["empty"]).error


# -- the flow ---------------------------------------------------------------------------------


def table_counts(db: Path) -> dict[str, int]:
    with Store.open(db, read_only=True) as store:
        return {t: store.query(f"SELECT count(*) FROM {t}")[1][0][0]
                for t in ("documents", "statements", "failures", "ingest_runs")}


def test_ingest_loads_the_good_files_and_records_the_bad(tmp_path, prefect_harness):
    from outturn.flows.ingest import ingest

    files = write_batch(tmp_path / "papers")
    missing = tmp_path / "missing.txt"
    db = tmp_path / "outturn.duckdb"
    seen = []
    summary = ingest(paths=[str(tmp_path / "papers"), str(missing)], db=str(db),
                     progress=lambda done, total, path: seen.append((done, total)))

    assert (summary.new, summary.reextracted, summary.unchanged, summary.failed) == (2, 0, 0, 4)
    assert seen == [(i, 6) for i in range(1, 7)]
    failed = {Path(p).name: reason for p, reason in summary.failures}
    assert set(failed) == {"minutes.docx", "empty.txt", "report.pdf", "missing.txt"}

    with Store.open(db, read_only=True) as store:
        _, rows = store.query("SELECT name, status, error, extractor_version, statement_count, doc_id "
                              "FROM documents ORDER BY name")
        by_name = {r[0]: r for r in rows}
        assert {n for n, r in by_name.items() if r[1] == "ok"} == {files["york"].name, files["kirklees"].name}
        assert by_name["minutes.docx"][1:3] == ("failed", failed["minutes.docx"])
        assert by_name["missing.txt"][5] == unreadable_doc_id(missing)
        assert by_name["report.pdf"][5] == fingerprint(files["fake_pdf"])
        assert {r[3] for r in rows} == {extractor_version()}
        assert by_name[files["york"].name][4] > 0 and by_name[files["kirklees"].name][4] > 0
        # the count on each document row is the number of its statements in the table
        _, counts = store.query("SELECT d.statement_count, count(s.doc_id) FROM documents d "
                                "LEFT JOIN statements s USING (doc_id) GROUP BY d.doc_id, d.statement_count")
        assert all(stored == actual for stored, actual in counts)
        assert sum(c for c, _ in counts) == summary.statements
        _, runs = store.query("SELECT documents_new, documents_failed, statements, finished_at IS NOT NULL "
                              "FROM ingest_runs")
        assert runs == [(2, 4, summary.statements, True)]
        assert store.query("SELECT count(*) FROM failures")[1] == [(4,)]


def test_ingest_of_an_empty_folder(tmp_path, prefect_harness):
    from outturn.flows.ingest import ingest

    (tmp_path / "nothing").mkdir()
    summary = ingest(paths=[str(tmp_path / "nothing")], db=str(tmp_path / "outturn.duckdb"))
    assert (summary.new, summary.unchanged, summary.failed, summary.statements) == (0, 0, 0, 0)
    assert os.path.exists(tmp_path / "outturn.duckdb")
