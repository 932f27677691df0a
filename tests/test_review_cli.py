"""``outturn review`` and ``outturn lexicon`` through click's CliRunner, and the
apply-corrections flow under the Prefect test harness. Databases are real DuckDB files."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from outturn.cli import main
from outturn.cli_review import lexicon, review
from outturn.review import EXPORT_COLUMNS, CorrectionFileError
from outturn.review_csv import write_review_csv
from outturn.store import Store

DATA = Path(__file__).parent / "data" / "review"
SCORECARD = "scorecard-2023-24.md"


@pytest.fixture
def papers(tmp_path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(DATA / SCORECARD, folder / SCORECARD)
    return folder


@pytest.fixture
def db(tmp_path, papers) -> Path:
    """A database holding the scorecard, loaded by the ingest steps without Prefect."""
    from outturn import processing

    path = tmp_path / "outturn.duckdb"
    with Store.open(path) as store:
        result = processing.process_document(papers / SCORECARD)
        processing.load_result(store, result, extractor_version="v1", run_id=None,
                               summary=processing.IngestSummary())
    return path


def exported(runner, db, path: Path, *args) -> list[dict]:
    result = runner.invoke(main, ["review", "export", "--db", str(db), "-o", str(path), *args])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert result.stdout.strip() == f"{path}: {len(rows)} statements"
    return rows


def save(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_review_csv(out, EXPORT_COLUMNS, rows)
    return path


def fact_value(db: Path, statement_id: str):
    with Store.open(db, read_only=True) as store:
        rows = store.query("SELECT value FROM facts WHERE statement_id = ?", [statement_id])[1]
    return rows[0][0] if rows else None


@pytest.mark.parametrize("group, name", [(g, n) for g in (review, lexicon) for n in sorted(g.commands)])
def test_every_sub_command_has_help_with_an_example(runner, group, name):
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
    result = runner.invoke(main, [group.name, name, "--help"])
    assert result.exit_code == 0
    example = re.search(r"Example:\n((?:\s+outturn .+\n)+)", result.output)
    assert example and f"outturn {group.name} {name}" in example.group(1), result.output


def test_export_edit_import(runner, db, tmp_path):
    rows = exported(runner, db, tmp_path / "review.csv", "--status", "all")
    target = next(r for r in rows if r["value_text"] == "19.4%" and r["role"] == "actual")
    target.update(action="fix", fix_value="19.6")
    path = save(tmp_path / "review.csv", rows)

    dry = runner.invoke(main, ["review", "import", str(path), "--db", str(db), "--reviewer", "alice", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 corrections would be applied (dry run)" in dry.stdout
    assert fact_value(db, target["statement_id"]) == 19.4

    done = runner.invoke(main, ["review", "import", str(path), "--db", str(db), "--reviewer", "alice"])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == (f"{path}: 1 corrections applied, 0 unchanged, {len(rows) - 1} rows "
                                   "without an action; 0 aliases learned")
    assert fact_value(db, target["statement_id"]) == 19.6
    again = exported(runner, db, tmp_path / "again.csv", "--status", "all")
    held = next(r for r in again if r["statement_id"] == target["statement_id"])
    assert (held["action"], held["fix_value"], held["reviewer"]) == ("fix", "19.6", "alice")
    assert len(exported(runner, db, tmp_path / "left.csv", "--status", "all", "--unreviewed")) == len(rows) - 1


def test_an_invalid_file_lists_every_problem(runner, db, tmp_path):
    rows = exported(runner, db, tmp_path / "review.csv", "--status", "all")
    rows[0].update(action="approve")
    rows[1].update(action="fix", fix_unit="percentage")
    rows[2].update(action="accept")
    result = runner.invoke(main, ["review", "import", str(save(tmp_path / "bad.csv", rows)), "--db", str(db),
                                  "--reviewer", "alice"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {tmp_path / 'bad.csv'}: 2 problem(s); nothing was applied"
    assert lines[1].startswith("  row 2: action 'approve' is not one of accept, reject, fix")
    assert lines[2].startswith("  row 3: fix_unit: unit 'percentage' is not one of")
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT count(*) FROM corrections")[1] == [(0,)]


def test_orphans_and_export_aliases(runner, db, tmp_path):
    rows = exported(runner, db, tmp_path / "review.csv", "--status", "all")
    plan = next(r for r in rows if r["value_text"] == "76.5%")
    plan.update(action="fix", fix_indicator_id="peps_up_to_date_pct", reviewer="alice")
    imported = runner.invoke(main, ["review", "import", str(save(tmp_path / "r.csv", [plan])), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    assert "1 alias learned" in imported.stdout

    none = runner.invoke(main, ["review", "orphans", "--db", str(db), "--format", "csv"])
    assert none.exit_code == 0 and list(csv.reader(io.StringIO(none.stdout)))[1:] == []
    with Store.open(db) as store:  # the document's statements vanish (say it failed on re-extraction)
        store.record_failure(str(tmp_path / "papers" / SCORECARD), "extraction failed: boom",
                             _doc_id(store))
    listed = runner.invoke(main, ["review", "orphans", "--db", str(db), "--format", "csv"])
    orphans = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert [(o["statement_id"], o["reason"]) for o in orphans] == [
        (plan["statement_id"], "document no longer loaded")]

    out = tmp_path / "learned.csv"
    aliases = runner.invoke(lexicon, ["export-aliases", "--db", str(db), "-o", str(out)])
    assert aliases.exit_code == 0, aliases.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Learned from reviewers' corrections")
    assert lines[1:] == ["id,alias", 'peps_up_to_date_pct,Children in care with an up-to-date learning plan (%)']


def _doc_id(store: Store) -> str:
    return store.query("SELECT doc_id FROM documents")[1][0][0]


# -- Prefect ------------------------------------------------------------------------------------


def test_the_apply_corrections_flow(runner, db, tmp_path, prefect_harness):
    from outturn.flows.corrections import apply_corrections

    rows = exported(runner, db, tmp_path / "review.csv", "--status", "all")
    target = next(r for r in rows if r["value_text"] == "19.4%" and r["role"] == "actual")
    target.update(action="fix", fix_value="19.5")
    report = apply_corrections(str(save(tmp_path / "good.csv", [target])), db=str(db), reviewer="flow-bot")
    assert (report.applied, report.import_id) == (1, 1)
    assert fact_value(db, target["statement_id"]) == 19.5
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT origin FROM correction_imports")[1] == [("flow",)]

    target.update(fix_value="lots")
    with pytest.raises(CorrectionFileError, match="row 2: fix_value: 'lots' is not a number"):
        apply_corrections(str(save(tmp_path / "bad.csv", [target])), db=str(db), reviewer="flow-bot")
    assert fact_value(db, target["statement_id"]) == 19.5


def test_the_ingest_command_matches_with_learned_aliases(runner, papers, tmp_path, prefect_harness):
    db = tmp_path / "ingested.duckdb"
    first = runner.invoke(main, ["ingest", str(papers), "--db", str(db)])
    assert first.exit_code == 0, first.output
    rows = exported(runner, db, tmp_path / "review.csv", "--status", "all")
    plan = next(r for r in rows if r["value_text"] == "76.5%")
    plan.update(action="fix", fix_indicator_id="peps_up_to_date_pct")
    taught = runner.invoke(main, ["review", "import", str(save(tmp_path / "r.csv", [plan])), "--db", str(db),
                                  "--reviewer", "alice"])
    assert taught.exit_code == 0, taught.output
    (papers / "spring.md").write_text("| Indicator | 2023-24 |\n|---|---|\n"
                                      "| Children in care with an up-to-date learning plan (%) | 68% |\n",
                                      encoding="utf-8")
    second = runner.invoke(main, ["ingest", str(papers), "--db", str(db)])
    assert second.exit_code == 0, second.output
    with Store.open(db, read_only=True) as store:
        _, found = store.query("SELECT indicator_id, match_score FROM statements WHERE doc = 'spring.md'")
    assert found == [("peps_up_to_date_pct", 1.0)]
