"""Reviewer corrections on real DuckDB files: export, validate, apply, audit, orphans,
learned aliases. Documents go through the real extractor and loader (processing), not
Prefect; tests/test_review_cli.py covers the commands and the flow."""

from __future__ import annotations

import csv
import doctest
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import outturn.matches
import outturn.review
import outturn.review_csv
from outturn import processing
from outturn.lexicon.loader import load_lexicon, read_aliases, read_indicators
from outturn.lexicon.datafile import package_file
from outturn.lexicon.match import IndicatorMatcher
from outturn.processing import IngestSummary
from outturn.review import (EXPORT_COLUMNS, CorrectionFileError, alias_file_rows, export_review,
                            import_review, learned_alias_pairs)
from outturn.review_csv import neutralise, write_review_csv
from outturn.store import Store
from outturn.store_review import learned_aliases, orphans

DATA = Path(__file__).parent / "data" / "review"
SCORECARD = "scorecard-2023-24.md"


def test_doctests():
    assert doctest.testmod(outturn.review).failed == 0
    assert doctest.testmod(outturn.review_csv).failed == 0
    assert doctest.testmod(outturn.matches).failed == 0


# -- helpers ------------------------------------------------------------------------------


def ingest(store: Store, path: Path, *, version: str = "v1") -> IngestSummary:
    """Load one document the way the ingest flow does, with the database's learned aliases."""
    summary = IngestSummary()
    matcher = processing.matcher_for(learned_alias_pairs(store))
    if not store.known(processing.fingerprint(path), version):
        result = processing.process_document(path, matcher=matcher)
        processing.load_result(store, result, extractor_version=version, run_id=None, summary=summary)
    else:
        summary.unchanged += 1
    return summary


def export(store: Store, **filters) -> list[dict]:
    out = io.StringIO(newline="")
    export_review(store, out, **{"status": "all", **filters})
    text = out.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def pick(rows: list[dict], words: str, value_text: str, role: str = "actual") -> dict:
    """The exported row of the statement whose indicator phrase starts with ``words``."""
    found = [r for r in rows if r["indicator_text"].startswith(words)
             and r["value_text"] == value_text and r["role"] == role]
    assert len(found) == 1, (words, value_text, role, found)
    return found[0]


def write_csv(path: Path, rows: list[dict], columns=EXPORT_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_review_csv(out, columns, rows)
    return path


def facts(store: Store, statement_id: str) -> dict | None:
    columns, rows = store.query("SELECT * FROM facts WHERE statement_id = ?", [statement_id])
    return dict(zip(columns, rows[0])) if rows else None


@pytest.fixture
def paper(tmp_path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    return Path(shutil.copy(DATA / SCORECARD, folder / SCORECARD))


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory) -> Path:
    """A database holding the scorecard, built once per module and copied per test."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "outturn.duckdb"
    with Store.open(path) as opened:
        ingest(opened, DATA / SCORECARD)
    return path


@pytest.fixture
def store(tmp_path, paper, loaded_db):
    shutil.copy(loaded_db, tmp_path / "outturn.duckdb")
    with Store.open(tmp_path / "outturn.duckdb") as opened:
        yield opened


# -- export -------------------------------------------------------------------------------


def test_export_ids_are_the_facts_ids_and_survive_reingest(store, paper, tmp_path):
    rows = export(store)
    assert [tuple(r) for r in rows[:1]] == [EXPORT_COLUMNS]
    _, ids = store.query("SELECT statement_id FROM facts ORDER BY statement_id")
    assert sorted(r["statement_id"] for r in rows) == [i for (i,) in ids]
    # the same bytes in a fresh database, extracted again, give the same ids
    with Store.open(tmp_path / "second.duckdb") as second:
        ingest(second, paper)
        assert [r["statement_id"] for r in export(second)] == [r["statement_id"] for r in rows]


def test_export_filters(store):
    everything = export(store)
    assert {"auto", "unmatched"} <= {r["status"] for r in everything}
    for status in ("auto", "needs_review", "unmatched"):
        expected = sorted(r["statement_id"] for r in everything if r["status"] == status)
        assert sorted(r["statement_id"] for r in export(store, status=status)) == expected
    assert {r["indicator_id"] for r in export(store, indicator="rereferrals_12m_pct")} == {"rereferrals_12m_pct"}
    assert export(store, doc="no-such-paper.md") == []
    assert len(export(store, doc=SCORECARD)) == len(export(store))
    low = export(store, max_confidence=0.0)
    assert low == [], "no statement is extracted with confidence 0"


def test_export_neutralises_formulas_but_not_numbers():
    out = io.StringIO(newline="")
    write_review_csv(out, ("evidence", "value", "note"),
                     [{"evidence": '=HYPERLINK("http://x","y")', "value": -5.0, "note": "@SUM(A1)"},
                      {"evidence": "+44 20 7946 0000", "value": 1.5, "note": "-2+3"}])
    text = out.getvalue()
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[1] == ["'=HYPERLINK(\"http://x\",\"y\")", "-5", "'@SUM(A1)"]
    assert rows[2] == ["'+44 20 7946 0000", "1.5", "'-2+3"]
    assert all(line.startswith('"') for line in text[1:].splitlines())  # every cell quoted
    assert neutralise("\tcmd") == "'\tcmd"


# -- the round trip -------------------------------------------------------------------------


def test_round_trip_survives_reingest_and_reextraction(store, paper, tmp_path):
    rows = export(store)
    fixed = pick(rows, "Re-referrals", "19.4%")
    rejected = pick(rows, "Assessments", "82.9%", role="national")
    accepted = pick(rows, "Assessments", "88.2%")
    fixed.update(action="fix", fix_value="19.6", fix_period_start="2023-04-01", note="typo in the paper",
                 reviewer="alice")
    rejected.update(action="Reject", reviewer="alice")  # Excel capitalises; accepted as reject
    accepted.update(action="accept")
    report = import_review(store, write_csv(tmp_path / "review.csv", rows), reviewer="bob")
    assert (report.applied, report.untouched) == (3, len(rows) - 3)

    def check():
        assert facts(store, fixed["statement_id"])["value"] == 19.6
        assert str(facts(store, fixed["statement_id"])["period_start"]) == "2023-04-01"
        assert facts(store, rejected["statement_id"]) is None
        assert facts(store, accepted["statement_id"])["reviewed_by"] == "bob"
        assert facts(store, accepted["statement_id"])["value"] == 88.2
        _, comparison = store.query("SELECT actual, national FROM council_comparison "
                                    "WHERE indicator_id = 'assessments_45_days_pct' AND period_end = '2024-03-31'")
        assert comparison == [(88.2, None)]

    check()
    assert ingest(store, paper).unchanged == 1  # same bytes, same version: nothing re-extracted
    check()
    assert ingest(store, paper, version="v2").reextracted == 1  # a new extractor version
    check()
    assert orphans(store) == []
    # the statements themselves are untouched: corrections live apart
    assert store.query("SELECT count(*) FROM statements WHERE value = 19.6")[1] == [(0,)]


def test_a_correction_whose_statement_is_gone_is_an_orphan(store, paper, tmp_path):
    rows = export(store)
    fixed = pick(rows, "Re-referrals", "19.4%")
    fixed.update(action="fix", fix_value="19.6")
    import_review(store, write_csv(tmp_path / "review.csv", [fixed]), reviewer="alice")
    # a new extractor finds the same value two characters later: a new statement_id
    doc_id = processing.fingerprint(paper)
    moved = [replace(s, char_start=s.char_start + 2, char_end=s.char_end + 2)
             for s in processing.process_document(paper).statements]
    store.replace_statements(doc_id, moved)
    lost = orphans(store)
    assert [(o["statement_id"], o["value_text"], o["reason"]) for o in lost] == [
        (fixed["statement_id"], "19.4%", "statement not found in the re-extracted document")]
    successor = [r for r in export(store) if r["value_text"] == "19.4%" and r["role"] == "actual"]
    assert lost[0]["candidate_statement_id"] == successor[0]["statement_id"]
    assert store.query("SELECT count(*) FROM corrections")[1] == [(1,)]  # kept, not dropped


def test_two_imports_the_later_wins_and_both_are_audited(store, tmp_path):
    row = pick(export(store), "Re-referrals", "19.4%")
    first = write_csv(tmp_path / "first.csv", [dict(row, action="fix", fix_value="20", reviewer="alice")])
    second = write_csv(tmp_path / "second.csv", [dict(row, action="fix", fix_value="21", reviewer="bob")])
    import_review(store, first)
    import_review(store, second)
    assert facts(store, row["statement_id"])["value"] == 21.0
    assert facts(store, row["statement_id"])["reviewed_by"] == "bob"
    _, audit = store.query("SELECT reviewer, before, after, import_id FROM correction_audit "
                           "WHERE statement_id = ? ORDER BY import_id", [row["statement_id"]])
    assert [(who, json.loads(b)["value"], json.loads(a)["value"]) for who, b, a, _ in audit] == [
        ("alice", 19.4, 20.0), ("bob", 20.0, 21.0)]
    assert store.query("SELECT count(*) FROM correction_imports")[1] == [(2,)]
    assert store.query("SELECT count(*) FROM corrections")[1] == [(1,)]
    # importing the second file again changes nothing and audits nothing
    again = import_review(store, second)
    assert (again.applied, again.unchanged) == (0, 1)
    assert store.query("SELECT count(*) FROM correction_audit")[1] == [(2,)]


def test_dry_run_writes_nothing(store, tmp_path):
    row = pick(export(store), "Re-referrals", "19.4%")
    report = import_review(store, write_csv(tmp_path / "r.csv", [dict(row, action="reject", reviewer="a")]),
                           dry_run=True)
    assert report.applied == 1 and report.dry_run
    assert store.query("SELECT count(*) FROM corrections")[1] == [(0,)]
    assert facts(store, row["statement_id"]) is not None


# -- invalid files -------------------------------------------------------------------------------

ROW = "Re-referrals", "19.4%"
OTHER = "Assessments", "88.2%"

# (id, cell edits on the 19.4% row, extra rows, expected message); the 19.4% row is row 2.
INVALID = [
    ("unknown-statement", {"statement_id": "0" * 32, "action": "accept"}, [],
     "row 2: unknown statement_id '00000000000000000000000000000000'"),
    ("statement-id-turned-into-a-number", {"statement_id": "1.23457E+31", "action": "accept"}, [],
     "row 2: unknown statement_id '1.23457E+31': no such statement in this database (Excel turned it into a "
     "number: import the column as Text)"),
    ("unknown-action", {"action": "approve"}, [], "row 2: action 'approve' is not one of accept, reject, fix"),
    ("value-not-a-number", {"action": "fix", "fix_value": "about 20"}, [],
     "row 2: fix_value: 'about 20' is not a number"),
    ("decimal-comma-in-a-comma-file", {"action": "fix", "fix_value": "19,6"}, [],
     "row 2: fix_value: '19,6' is not a number (in a comma-delimited file write the decimal point as '.')"),
    ("unit-outside-vocabulary", {"action": "fix", "fix_unit": "percentage"}, [],
     "row 2: fix_unit: unit 'percentage' is not one of percent, count"),
    ("role-outside-vocabulary", {"action": "fix", "fix_role": "England"}, [],
     "row 2: fix_role: role 'England' is not one of actual, target"),
    ("indicator-not-in-lexicon", {"action": "fix", "fix_indicator_id": "rereferals_12m_pct"}, [],
     "row 2: fix_indicator_id: indicator_id 'rereferals_12m_pct' is not in the lexicon "
     "(did you mean 'rereferrals_12m_pct'?)"),
    ("period-ends-before-it-starts", {"action": "fix", "fix_period_start": "2024-04-01",
                                      "fix_period_end": "2023-03-31"}, [],
     "row 2: the period ends (2023-03-31) before it starts (2024-04-01)"),
    ("period-ends-before-the-extracted-start", {"action": "fix", "fix_period_end": "2022-03-31"}, [],
     "row 2: the period ends (2022-03-31) before it starts (2023-04-01)"),
    ("not-a-date", {"action": "fix", "fix_period_end": "March 2024"}, [],
     "row 2: fix_period_end: 'March 2024' is not a date"),
    ("duplicate-statement", {"action": "accept"}, [{"action": "reject"}],
     "row 3: statement {sid} is also on row 2; keep one row per statement"),
    ("fix-without-values", {"action": "fix"}, [], "row 2: action fix but no fix_* value given"),
    ("accept-with-values", {"action": "accept", "fix_value": "3"}, [],
     "row 2: action accept takes no fix_* values (use fix to change value)"),
    ("values-without-action", {"fix_value": "3"}, [], "row 2: fix_* or note given but no action"),
    ("no-reviewer", {"action": "accept", "reviewer": ""}, [],
     "no reviewer on row(s) 2; fill the reviewer column or pass --reviewer NAME"),
]


@pytest.mark.parametrize("edits, extra, expected", [pytest.param(*case[1:], id=case[0]) for case in INVALID])
def test_an_invalid_row_is_reported_and_nothing_is_applied(store, tmp_path, edits, extra, expected):
    rows = export(store)
    target = dict(pick(rows, *ROW), reviewer="alice")
    good = dict(pick(rows, *OTHER), action="reject", reviewer="alice")
    target.update(edits)
    listed = [target] + [dict(target, **e) for e in extra] + [good]
    with pytest.raises(CorrectionFileError) as caught:
        import_review(store, write_csv(tmp_path / "bad.csv", listed))
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(expected.format(sid=target["statement_id"])) for m in messages), messages
    assert store.query("SELECT count(*) FROM corrections")[1] == [(0,)]  # not even the good row
    assert store.query("SELECT count(*) FROM correction_imports")[1] == [(0,)]


def test_every_problem_is_reported_with_its_row(store, tmp_path):
    rows = export(store)
    rows[0].update(action="maybe")
    rows[2].update(action="fix", fix_value="x")
    rows[4].update(action="fix", fix_unit="furlongs")
    with pytest.raises(CorrectionFileError) as caught:
        import_review(store, write_csv(tmp_path / "bad.csv", rows), reviewer="a")
    assert [p.row for p in caught.value.problems] == [2, 4, 6]
    assert "3 problem(s); nothing was applied" in str(caught.value)


@pytest.mark.parametrize("header, expected", [
    pytest.param(("statement_id", "fix_value"), "row 1: missing column 'action'", id="missing-action"),
    pytest.param(("statement_id", "action", "indicatorid"), "row 1: unknown column 'indicatorid'", id="unknown"),
    pytest.param(("statement_id", "action", "action"), "row 1: column 'action' appears twice", id="twice"),
])
def test_a_bad_header(store, tmp_path, header, expected):
    path = tmp_path / "bad.csv"
    path.write_text(",".join(header) + "\nabc,accept,x\n", encoding="utf-8")
    with pytest.raises(CorrectionFileError) as caught:
        import_review(store, path, reviewer="a")
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize("content, expected", [
    pytest.param(b"", "the file is empty", id="empty"),
    pytest.param(b"statement_id,action,note\nabc,accept,x,surplus\n", "row 2: 4 cells but the header has 3",
                 id="ragged-row"),
])
def test_a_malformed_file(store, tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CorrectionFileError) as caught:
        import_review(store, path, reviewer="a")
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value.problems


# -- what Excel does to files --------------------------------------------------------------------


def fill_template(template: Path, store: Store, target: Path) -> Path:
    """The Excel-saved fixture with ``@ID:<phrase start>:<value_text>:<role>@`` replaced
    by that statement's id (ids depend on the extractor, the bytes around them do not)."""
    data = template.read_bytes()
    for row in export(store):
        marker = f"@ID:{row['indicator_text'].split()[0]}:{row['value_text']}:{row['role']}@".encode()
        data = data.replace(marker, row["statement_id"].encode())
    assert b"@ID:" not in data
    target.write_bytes(data)
    return target


def test_a_file_saved_by_excel_in_a_european_locale(store, tmp_path):
    path = fill_template(DATA / "excel-semicolon-crlf.csv", store, tmp_path / "excel.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b";;;;" in raw  # the fixture is what Excel writes
    report = import_review(store, path)
    assert (report.applied, report.untouched) == (2, 1)
    rows = {r["value_text"]: r for r in export(store) if r["role"] == "actual"}
    fixed = facts(store, rows["19.4%"]["statement_id"])
    assert (fixed["value"], str(fixed["period_start"]), fixed["review_note"]) == (
        85.3, "2023-04-01", "=was 19,4 in the paper; checked with the team")
    assert facts(store, rows["88.2%"]["statement_id"]) is None
    assert fixed["reviewed_by"] == "Zoë Kowalska"


def test_a_windows_1252_file(store, tmp_path):
    row = pick(export(store), *ROW)
    path = tmp_path / "ansi.csv"
    path.write_bytes(f"statement_id,action,note,reviewer\r\n{row['statement_id']},reject,"
                     f"budget line £5k,Zoë\r\n,,,\r\n".encode("cp1252"))
    assert import_review(store, path).applied == 1
    assert store.query("SELECT note, reviewer FROM corrections")[1] == [("budget line £5k", "Zoë")]


# -- learned aliases ------------------------------------------------------------------------------


def teach(store: Store, tmp_path: Path, indicator_id="peps_up_to_date_pct", reviewer="alice"):
    row = pick(export(store), "Children in care with", "76.5%")
    path = write_csv(tmp_path / f"teach-{indicator_id}.csv",
                     [dict(row, action="fix", fix_indicator_id=indicator_id, reviewer=reviewer)])
    return row, import_review(store, path)


def test_a_fixed_indicator_is_learned_and_applies_to_the_same_phrase(store, tmp_path):
    row, report = teach(store, tmp_path)
    assert report.learned == 1
    assert [(a["phrase"], a["indicator_id"], a["reviewer"]) for a in learned_aliases(store)] == [
        ("Children in care with an up-to-date learning plan (%)", "peps_up_to_date_pct", "alice")]
    _, rows = store.query("SELECT value, indicator_id, indicator_source FROM facts "
                          "WHERE indicator_text LIKE 'Children in care with%' ORDER BY char_start")
    assert rows == [(71.0, "peps_up_to_date_pct", "learned_alias"),
                    (76.5, "peps_up_to_date_pct", "correction"),
                    (80.0, "peps_up_to_date_pct", "learned_alias")]


def test_the_next_ingest_matches_with_learned_aliases(store, tmp_path):
    teach(store, tmp_path)
    other = tmp_path / "papers" / "spring-scorecard.md"
    other.write_text("# Spring scorecard\n\n| Indicator | 2023-24 | Target |\n|---|---|---|\n"
                     "| Children in care with an up-to-date learning plan (%) | 68% | 80% |\n", encoding="utf-8")
    assert ingest(store, other).new == 1
    _, rows = store.query("SELECT s.indicator_id, m.status FROM statements s JOIN statement_matches m "
                          "ON m.doc_id = s.doc_id WHERE s.doc = 'spring-scorecard.md'")
    assert set(rows) == {("peps_up_to_date_pct", "auto")}


def test_the_ingest_document_flow_matches_with_learned_aliases(store, tmp_path, prefect_harness):
    from outturn.flows.document import ingest_document

    teach(store, tmp_path)
    store.close()  # the flow opens the database itself
    other = tmp_path / "papers" / "summer-scorecard.md"
    other.write_text("# Summer scorecard\n\n| Indicator | 2023-24 | Target |\n|---|---|---|\n"
                     "| Children in care with an up-to-date learning plan (%) | 66% | 80% |\n", encoding="utf-8")
    state = ingest_document(str(other), db=store.path, return_state=True)
    assert state.is_completed() and "1 new" in state.message
    with Store.open(store.path, read_only=True) as reopened:
        _, rows = reopened.query("SELECT s.indicator_id, m.status FROM statements s JOIN statement_matches m "
                                 "ON m.doc_id = s.doc_id WHERE s.doc = 'summer-scorecard.md'")
    assert set(rows) == {("peps_up_to_date_pct", "auto")}


def test_export_aliases_rows_load_as_the_lexicon_file(store, tmp_path):
    teach(store, tmp_path)
    rows, notes = alias_file_rows(learned_aliases(store), load_lexicon())
    assert rows == [{"id": "peps_up_to_date_pct", "alias": "Children in care with an up-to-date learning plan (%)"}]
    merged = tmp_path / "aliases.csv"
    merged.write_text(package_file("aliases.csv").read_text(encoding="utf-8")
                      + "".join(f"{r['id']},{r['alias']}\n" for r in rows), encoding="utf-8")
    aliases = read_aliases(merged, read_indicators(package_file("indicators.csv")))
    assert rows[0]["alias"] in aliases["peps_up_to_date_pct"]
    assert notes == []


def test_a_learned_alias_that_clashes_with_the_lexicon_wins_and_is_reported(store, tmp_path):
    # the reviewer says this phrase means care plans, then changes their mind: the later wins
    teach(store, tmp_path, "cla_plans_up_to_date_pct", reviewer="alice")
    row, report = teach(store, tmp_path, "peps_up_to_date_pct", reviewer="bob")
    assert any("now -> 'peps_up_to_date_pct'" in n for n in report.notes), report.notes
    assert [a["indicator_id"] for a in learned_aliases(store)] == ["peps_up_to_date_pct"]
    # a packaged alias of another indicator: reported, and the matcher follows the reviewer
    lexicon = load_lexicon()
    owner = next(i for i in lexicon if "children in care" in i.aliases)
    assert owner.id == "cla_count"
    learned = [{"phrase": "children in care", "phrase_key": "children in care",
                "indicator_id": "cla_starts_count"}]
    _, notes = alias_file_rows(learned, lexicon)
    assert notes and "clashes with the lexicon's 'cla_count'" in notes[0]
    matcher = IndicatorMatcher(extra_aliases=[("Children in care", "cla_starts_count")])
    assert matcher.match("children in care:", "count").indicator_id == "cla_starts_count"
    assert matcher.match("children in care", "percent").indicator_id != "cla_starts_count"
    assert IndicatorMatcher().match("children in care", "count").indicator_id == "cla_count"
