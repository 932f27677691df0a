"""The ``outturn`` command through click's CliRunner, and once as the installed console
script. Databases are real DuckDB files in tmp_path."""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import outturn.cli
import outturn.cli_common
from outturn.cli import main
from outturn.extractors.models import STATEMENT_FIELDS, Document, Statement
from outturn.store import Store

# A KPI table in the shape councils publish (made-up figures).
YORK_KPIS = """\
# City of York: children's social care KPIs, 2023-24

| Indicator | 2022-23 | 2023-24 | Target | England |
|---|---|---|---|---|
| Re-referrals within 12 months (%) | 21.0% | 19.4% | 20% | 22.4% |
| Assessments within 45 working days (%) | 80% | 88.2% | 85% | 82.9% |
"""


@pytest.fixture
def papers(tmp_path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "york-kpis-2023-24.md").write_text(YORK_KPIS, encoding="utf-8")
    (folder / "agenda.docx").write_bytes(b"PK\x03\x04")
    return folder


def statement(doc_id: str, council: str, value: float, role: str, start: int, period_end="2024-03-31"):
    return Statement(
        doc=f"{council.lower()}.txt", doc_id=doc_id, council=council, page=None, char_start=start,
        char_end=start + 4, evidence="...", value_text=f"{value}%", value=value, unit="percent", role=role,
        indicator_text="Re-referrals within 12 months", indicator_id="rereferrals_12m_pct",
        indicator_name="Re-referrals within 12 months", match_score=1.0, period_text="2023-24",
        period_start=None, period_end=period_end, source="prose", confidence=0.9)


@pytest.fixture
def db(tmp_path) -> Path:
    """A database holding two councils' re-referral figures, written through the Store."""
    path = tmp_path / "outturn.duckdb"
    with Store.open(path) as store:
        for doc_id, council, figures in [
            ("a" * 64, "Leeds", [(24.2, "actual", 0), (22.4, "national", 10), (22.0, "target", 20),
                                 (28.0, "actual", 30, "2023-03-31")]),
            ("b" * 64, "York", [(19.4, "actual", 0), (21.0, "statistical_neighbour", 10)]),
        ]:
            store.replace_statements(doc_id, [statement(doc_id, council, *f) for f in figures])
            store.record_document(Document(f"/p/{council}.txt", f"{council.lower()}.txt", doc_id, "text", "",
                                           council=council), extractor_version="v1", statement_count=len(figures))
    return path


def test_doctests():
    assert doctest.testmod(outturn.cli).failed == 0
    result = doctest.testmod(outturn.cli_common)
    assert result.attempted > 0 and result.failed == 0


# -- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(runner, name):
    command = main.commands[name]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), f"{name} is not kebab-case"
    assert command.help and command.short_help != "", f"{name} has no help"
    result = runner.invoke(main, [name, "--help"])
    assert result.exit_code == 0
    example = re.search(r"Example:\n((?:\s+outturn .+\n)+)", result.output)
    assert example, f"`outturn {name} --help` shows no example"
    assert f"outturn {name} " in example.group(1)


def test_the_group_help_lists_every_command(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        assert name in result.output


# -- extract ------------------------------------------------------------------------------------


def test_extract_prints_contract_keys_as_jsonl(runner, papers):
    result = runner.invoke(main, ["extract", str(papers / "york-kpis-2023-24.md")])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, "the KPI table has statements"
    assert all(tuple(r) == STATEMENT_FIELDS for r in records)
    assert {r["value"] for r in records} >= {19.4, 88.2, 22.4}


def test_extract_csv_has_the_contract_header(runner, papers):
    result = runner.invoke(main, ["extract", "--format", "csv", str(papers / "york-kpis-2023-24.md")])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == STATEMENT_FIELDS
    assert len(rows) > 1


def test_extract_reports_a_bad_file_and_goes_on(runner, papers):
    result = runner.invoke(main, ["extract", str(papers / "agenda.docx"), str(papers / "york-kpis-2023-24.md")])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "agenda.docx" in errors[0] and "unknown file type '.docx'" in errors[0]
    assert result.stdout.count("\n") > 0


# -- sql ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, parse", [
    pytest.param("json", lambda out: [(r["council"], r["n"]) for r in json.loads(out)], id="json"),
    pytest.param("csv", lambda out: [(r[0], int(r[1])) for r in list(csv.reader(io.StringIO(out)))[1:]], id="csv"),
    pytest.param("table", lambda out: [(line.split()[0], int(line.split()[1]))
                                       for line in out.splitlines()[2:]], id="table"),
])
def test_sql_formats(runner, db, fmt, parse):
    query = "SELECT council, count(*) AS n FROM facts GROUP BY council ORDER BY council"
    result = runner.invoke(main, ["sql", query, "--db", str(db), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert parse(result.stdout) == [("Leeds", 4), ("York", 2)]


def test_sql_is_read_only(runner, db):
    result = runner.invoke(main, ["sql", "DELETE FROM statements", "--db", str(db)])
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT count(*) FROM statements")[1] == [(6,)]


def test_sql_without_a_database(runner, tmp_path):
    result = runner.invoke(main, ["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "none.duckdb: no database here" in result.stderr


# -- compare ----------------------------------------------------------------------------------------


def test_compare_puts_councils_side_by_side(runner, db):
    result = runner.invoke(main, ["compare", "rereferrals_12m_pct", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {(r["council"], r["period_end"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert set(rows) == {("Leeds", "2024-03-31"), ("Leeds", "2023-03-31"), ("York", "2024-03-31")}
    leeds = rows[("Leeds", "2024-03-31")]
    assert (leeds["actual"], leeds["target"], leeds["national"]) == ("24.2", "22.0", "22.4")
    assert rows[("York", "2024-03-31")]["statistical_neighbour"] == "21.0"


def test_compare_by_name_and_period(runner, db):
    result = runner.invoke(main, ["compare", "re-referrals within 12 months (%)", "--db", str(db),
                                  "--period", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert {(r["indicator_id"], r["council"], r["actual"]) for r in records} == {
        ("rereferrals_12m_pct", "Leeds", 24.2), ("rereferrals_12m_pct", "York", 19.4)}


def test_compare_table_says_when_there_is_nothing(runner, db):
    result = runner.invoke(main, ["compare", "rereferrals_12m_pct", "cla_rate_per_10k", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Leeds" in result.stdout and "York" in result.stdout
    assert "cla_rate_per_10k: " in result.stdout and "(no statements for this indicator)" in result.stdout


def test_compare_an_unknown_indicator(runner, db):
    result = runner.invoke(main, ["compare", "zzqx flibber", "--db", str(db)])
    assert result.exit_code == 1
    assert "no indicator matches 'zzqx flibber'" in result.stderr


# -- ingest -----------------------------------------------------------------------------------------


def test_ingest_prints_a_summary_and_one_line_per_failure(runner, papers, tmp_path, prefect_harness):
    (papers / "empty.txt").write_bytes(b"")
    db = tmp_path / "ingested.duckdb"
    result = runner.invoke(main, ["ingest", str(papers), str(tmp_path / "gone.html"), "--db", str(db)])
    assert result.exit_code == 1
    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"documents: 1 new, 0 re-extracted, 0 unchanged, 3 failed; statements loaded: \d+", summary)
    assert int(summary.rsplit(" ", 1)[1]) > 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [e.split(": ")[1].rsplit("/", 1)[1] for e in errors] == ["agenda.docx", "empty.txt", "gone.html"]

    again = runner.invoke(main, ["ingest", str(papers / "york-kpis-2023-24.md"), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "documents: 0 new, 0 re-extracted, 1 unchanged, 0 failed" in again.stdout


_HOLD_LOCK = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_ingest_into_a_database_in_use(runner, papers, db):
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        result = runner.invoke(main, ["ingest", str(papers), "--db", str(db)])
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {db} is in use by another outturn process (DuckDB allows one "
                                     "writer); wait for it to finish")


# -- the installed console script -----------------------------------------------------------------


def test_the_installed_outturn_script(papers, db):
    script = Path(sys.executable).with_name("outturn")
    if not script.exists():
        pytest.skip(f"no console script beside {sys.executable}; install the package (make install)")
    extracted = subprocess.run([str(script), "extract", str(papers / "york-kpis-2023-24.md"),
                                str(papers / "agenda.docx")], capture_output=True, text=True, timeout=120)
    assert extracted.returncode == 1
    assert all(tuple(json.loads(line)) == STATEMENT_FIELDS for line in extracted.stdout.splitlines())
    assert "agenda.docx" in extracted.stderr
    queried = subprocess.run([str(script), "sql", "SELECT count(*) AS n FROM documents", "--db", str(db),
                              "--format", "json"], capture_output=True, text=True, timeout=120)
    assert queried.returncode == 0, queried.stderr
    assert json.loads(queried.stdout) == [{"n": 2}]


# -- eval -----------------------------------------------------------------------------------------


def test_eval_scores_extracted_documents(runner, papers, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(row) for row in [
        {"doc": "york-kpis-2023-24.md", "value": 19.4, "unit": "percent", "role": "actual",
         "evidence": "| Re-referrals within 12 months (%) | 21.0% | 19.4% | 20% | 22.4% |",
         "indicator": "Re-referrals within 12 months (%)", "concept": "rereferrals", "source": "table"},
        {"doc": "york-kpis-2023-24.md", "value": 99.9, "unit": "percent", "role": "actual",
         "evidence": "a figure the paper does not hold: 99.9%", "indicator": "nothing",
         "concept": "none", "source": "prose"},
    ]) + "\n")
    result = runner.invoke(main, ["eval", str(gold), str(papers / "york-kpis-2023-24.md")])
    assert result.exit_code == 0, result.output
    assert "matched 1/2 gold" in result.stdout.splitlines()[-1]
    tables_only = runner.invoke(main, ["eval", str(gold), str(papers / "york-kpis-2023-24.md"), "--source", "table"])
    assert "matched 1/1 gold" in tables_only.stdout.splitlines()[-1]


def test_eval_reports_a_bad_gold_file(runner, papers, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt"}\nnot json\n')
    result = runner.invoke(main, ["eval", str(gold), str(papers)])
    assert result.exit_code == 1
    assert f"{gold}:2: not JSON" in result.stderr


@pytest.mark.seeds
def test_eval_agrees_with_the_reference_scorer(runner, shared_dir, seeds_dir, tmp_path):
    gold = shared_dir / "gold" / "seeds.jsonl"
    extracted = runner.invoke(main, ["extract", str(seeds_dir)])
    assert extracted.exit_code == 0, extracted.stderr
    pred = tmp_path / "pred.jsonl"
    pred.write_text(extracted.stdout)
    reference = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold),
                                "--pred", str(pred)], capture_output=True, text=True, timeout=300)
    assert reference.returncode == 0, reference.stderr
    ours = runner.invoke(main, ["eval", str(gold), str(seeds_dir)])
    assert ours.exit_code == 0, ours.output
    assert ours.stdout.strip().splitlines()[-1] == reference.stdout.strip().splitlines()[-1]
