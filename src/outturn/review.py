"""Reviewer corrections: export statements to a spreadsheet, validate and apply the
spreadsheet the reviewer sends back, find orphaned corrections, learn aliases.

The loop (README, "Reviewing statements"):

1. :func:`export_review` writes one row per statement: read-only columns
   (:data:`READ_ONLY_COLUMNS`) and the reviewer's (:data:`REVIEW_COLUMNS`), prefilled
   with the verdict already held, if any.
2. The reviewer sets ``action`` (accept | reject | fix) on the rows they judged, and for
   ``fix`` the ``fix_*`` cells to change. A row without an action is left alone.
3. :func:`import_review` reads the file however Excel saved it
   (:mod:`outturn.review_csv`), checks every row, and applies nothing unless every row
   is valid; then all rows in one transaction, with an audit row each.

Verdicts live in ``corrections``, keyed on ``statement_id``, apart from the extracted
statements; the ``facts`` view applies them, so they survive re-ingesting and
re-extracting. A fix that sets ``fix_indicator_id`` teaches the statement's indicator
phrase to the matcher (``learned_aliases``).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from outturn.errors import DataFileError
from outturn.extractors.models import ROLES, UNITS
from outturn.lexicon.loader import Lexicon, fold, load_lexicon
from outturn.lexicon.match import IndicatorMatcher, MatchConfig
from outturn.review_csv import parse_day, parse_number, read_review_csv, write_review_csv
from outturn.store import Store
from outturn import store_review

ACTIONS = ("accept", "reject", "fix")
STATUSES = ("needs_review", "unmatched", "auto", "all")
READ_ONLY_COLUMNS = (
    "statement_id", "status", "council", "doc", "page", "evidence", "value_text", "value",
    "unit", "role", "period_text", "period_start", "period_end", "indicator_text",
    "indicator_id", "indicator_name", "match_score", "runner_up_id", "confidence", "source",
)
#: What a fix may change: the ``fix_<name>`` column and the statement field it replaces.
FIX_FIELDS = ("value", "unit", "role", "period_start", "period_end", "indicator_id")
REVIEW_COLUMNS = ("action", *(f"fix_{f}" for f in FIX_FIELDS), "note", "reviewer")
EXPORT_COLUMNS = READ_ONLY_COLUMNS + REVIEW_COLUMNS

#: A statement_id Excel read as a number and re-wrote (``1.23457E+31``).
_EXCEL_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?E[+-]?\d+$", re.IGNORECASE)


@functools.cache
def packaged_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()


@dataclass(frozen=True)
class Problem:
    """Why one row (or the file, when ``row`` is None) cannot be applied."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row is not None else self.message


class CorrectionFileError(DataFileError):
    """A correction file with invalid rows; ``problems`` lists every one."""

    def __init__(self, path: str | Path, problems: Sequence[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(str(path), None, f"{len(self.problems)} problem(s); nothing was applied\n{lines}")


@dataclass
class Correction:
    """A reviewer's verdict on one statement, as read from row ``row`` of the file.
    ``fix`` holds the ``fix_*`` values given (field name -> value)."""

    row: int
    statement_id: str
    action: str
    fix: dict = field(default_factory=dict)
    note: str | None = None
    reviewer: str | None = None


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    file: str
    applied: int = 0
    unchanged: int = 0
    untouched: int = 0
    learned: int = 0
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    import_id: int | None = None

    def line(self) -> str:
        """One line for a person.

        >>> ImportReport("c.csv", applied=3, unchanged=1, untouched=9, learned=1).line()
        'c.csv: 3 corrections applied, 1 unchanged, 9 rows without an action; 1 alias learned'
        """
        verb = "would be applied (dry run)" if self.dry_run else "applied"
        return (f"{self.file}: {self.applied} corrections {verb}, {self.unchanged} unchanged, "
                f"{self.untouched} rows without an action; {self.learned} "
                f"alias{'es' if self.learned != 1 else ''} learned")


# -- reading and checking a file ----------------------------------------------------------


def _parse_cell(name: str, text: str, *, decimal_comma: bool, lexicon: Lexicon):
    """One ``fix_*`` cell as its value; raises ValueError saying what is wrong."""
    if name == "value":
        return parse_number(text, decimal_comma=decimal_comma)
    if name in ("period_start", "period_end"):
        return parse_day(text)
    if name == "unit" and text not in UNITS:
        raise ValueError(f"unit {text!r} is not one of {', '.join(UNITS)}")
    if name == "role" and text not in ROLES:
        raise ValueError(f"role {text!r} is not one of {', '.join(ROLES)}")
    if name == "indicator_id" and text not in lexicon:
        close = difflib.get_close_matches(text, list(lexicon.indicators), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"indicator_id {text!r} is not in the lexicon{hint}")
    return text


def parse_corrections(path: str | Path, *, lexicon: Lexicon,
                      reviewer: str | None = None) -> tuple[list[Correction], list[Problem], int]:
    """Read and check a correction file on its own (without the database).

    Returns:
        The corrections, every problem found, and how many rows had no action.
    """
    try:
        table = read_review_csv(path, EXPORT_COLUMNS)
    except OSError as exc:
        return [], [Problem(None, f"cannot read the file: {exc.strerror or exc}")], 0
    problems = [Problem(row, message) for row, message in table.problems]
    if not table.header:
        return [], [Problem(None, "the file is empty; export one with `outturn review export`")], 0
    unknown = [c for c in table.header if c not in EXPORT_COLUMNS]
    repeated = sorted({c for c in table.header if table.header.count(c) > 1})
    missing = [c for c in ("statement_id", "action") if c not in table.header]
    for column in unknown:
        problems.append(Problem(1, f"unknown column {column!r}; the columns are those of "
                                   "`outturn review export`"))
    for column in repeated:
        problems.append(Problem(1, f"column {column!r} appears twice"))
    for column in missing:
        problems.append(Problem(1, f"missing column {column!r}"))
    if missing or repeated:
        return [], problems, 0

    corrections: list[Correction] = []
    first_row: dict[str, int] = {}
    untouched = 0
    unnamed: list[int] = []
    for number, cells in table.rows:
        action = cells.get("action", "").lower()
        given = {f: cells.get(f"fix_{f}", "") for f in FIX_FIELDS}
        given = {f: v for f, v in given.items() if v}
        note = cells.get("note") or None
        sid = cells.get("statement_id", "")
        if not action:
            if given or note:
                problems.append(Problem(number, "fix_* or note given but no action; "
                                                f"set action to one of {', '.join(ACTIONS)}"))
            else:
                untouched += 1
            continue
        row_problems = []
        if not sid:
            row_problems.append("no statement_id")
        elif sid in first_row:
            row_problems.append(f"statement {sid} is also on row {first_row[sid]}; "
                                "keep one row per statement")
        if action not in ACTIONS:
            row_problems.append(f"action {cells['action']!r} is not one of {', '.join(ACTIONS)}")
        elif action == "fix" and not given:
            row_problems.append("action fix but no fix_* value given")
        elif action != "fix" and given:
            row_problems.append(f"action {action} takes no fix_* values (use fix to change "
                                f"{', '.join(given)})")
        fix = {}
        for name, text in given.items():
            try:
                fix[name] = _parse_cell(name, text, decimal_comma=table.decimal_comma, lexicon=lexicon)
            except ValueError as exc:
                row_problems.append(f"fix_{name}: {exc}")
        start, end = fix.get("period_start"), fix.get("period_end")
        if start and end and end < start:
            row_problems.append(f"the period ends ({end}) before it starts ({start})")
        problems += [Problem(number, m) for m in row_problems]
        if sid and sid not in first_row:
            first_row[sid] = number
        who = cells.get("reviewer") or reviewer
        if not who:
            unnamed.append(number)
        if not row_problems:
            corrections.append(Correction(number, sid, action, fix, note, who))
    if unnamed:
        rows = ", ".join(map(str, unnamed[:20])) + (" ..." if len(unnamed) > 20 else "")
        problems.append(Problem(None, f"no reviewer on row(s) {rows}; fill the reviewer column "
                                      "or pass --reviewer NAME"))
    return corrections, problems, untouched


def reviewed_values(stored: dict, verdict: dict | None) -> dict:
    """A statement's values as facts shows them under ``verdict`` (a dict with
    ``action`` and :data:`FIX_FIELDS`, or None): the audit's before and after.

    >>> s = {"value": 24.2, "unit": "percent", "role": "actual", "period_start": None,
    ...      "period_end": None, "indicator_id": "x"}
    >>> reviewed_values(s, {"action": "fix", "value": 25.0})["value"], reviewed_values(s, None)["action"]
    (25.0, None)
    """
    verdict = verdict or {}
    out = {"action": verdict.get("action")}
    for name in FIX_FIELDS:
        out[name] = verdict.get(name) if verdict.get(name) is not None else stored.get(name)
    return out


def _json(values: dict) -> str:
    return json.dumps(values, default=lambda v: v.isoformat() if isinstance(v, date) else str(v),
                      sort_keys=True)


def _owners(lexicon: Lexicon) -> dict[str, str]:
    """Folded packaged names and aliases -> their indicator id."""
    owners = {}
    for indicator in lexicon:
        for text in (indicator.name, *indicator.aliases):
            owners.setdefault(fold(text), indicator.id)
    return owners


def plan_import(corrections: Sequence[Correction], stored: dict[str, dict], lexicon: Lexicon,
                learned_before: Sequence[dict]) -> tuple[list[Problem], list[str], dict]:
    """Check corrections against the stored statements and build the rows to write.

    Returns:
        Problems (unknown statement, a period that ends before it starts once the
        extracted half is taken into account, one phrase taught two indicators), notes
        for the reviewer, and the rows: ``corrections``, ``audit``, ``learned`` and the
        ``unchanged`` count, as :func:`outturn.store_review.write_import` takes them.
    """
    problems, notes = [], []
    rows: dict = {"corrections": [], "audit": [], "learned": [], "unchanged": 0}
    owners = _owners(lexicon)
    learned_now = {a["phrase_key"]: a for a in learned_before}
    taught: dict[str, tuple[str, int]] = {}
    for c in corrections:
        statement = stored.get(c.statement_id)
        if statement is None:
            hint = ("Excel turned it into a number: import the column as Text"
                    if _EXCEL_NUMBER.match(c.statement_id) else
                    "exported from another database, or re-extracted since?")
            problems.append(Problem(c.row, f"unknown statement_id {c.statement_id!r}: no such statement "
                                           f"in this database ({hint})"))
            continue
        verdict = {"action": c.action, **c.fix}
        after = reviewed_values(statement, verdict)
        if after["period_start"] and after["period_end"] and after["period_end"] < after["period_start"]:
            problems.append(Problem(c.row, f"the period ends ({after['period_end']}) before it starts "
                                           f"({after['period_start']})"))
            continue
        held = {"action": statement["held_action"], **{f: statement[f"held_{f}"] for f in FIX_FIELDS}}
        if held == {"action": c.action, **{f: c.fix.get(f) for f in FIX_FIELDS}} \
                and statement["held_note"] == c.note:
            rows["unchanged"] += 1
            continue
        before = reviewed_values(statement, held if held["action"] else None)
        indicator = lexicon[c.fix["indicator_id"]] if "indicator_id" in c.fix else None
        rows["corrections"].append({
            "statement_id": c.statement_id, "action": c.action, **c.fix,
            "indicator_name": indicator.name if indicator else None, "note": c.note,
            "reviewer": c.reviewer, "doc_id": statement["doc_id"], "doc": statement["doc"],
            "value_text": statement["value_text"], "indicator_text": statement["indicator_text"],
        })
        rows["audit"].append({"row_number": c.row, "statement_id": c.statement_id, "reviewer": c.reviewer,
                              "action": c.action, "before": _json(before), "after": _json(after)})
        phrase = statement["indicator_text"] or ""
        key = fold(phrase)
        if indicator is None or not key:
            continue
        if key in taught and taught[key][0] != indicator.id:
            problems.append(Problem(c.row, f"indicator phrase {phrase!r} is mapped to {indicator.id!r} "
                                           f"here but to {taught[key][0]!r} on row {taught[key][1]}"))
            continue
        taught[key] = (indicator.id, c.row)
        if after["unit"] != indicator.unit:
            notes.append(f"row {c.row}: {indicator.id} is measured in {indicator.unit}, the statement "
                         f"in {after['unit']}; the learned alias applies to {indicator.unit} statements only")
        if owners.get(key, indicator.id) != indicator.id:
            notes.append(f"row {c.row}: {phrase!r} names {owners[key]!r} in the packaged lexicon; "
                         f"in this database it now means {indicator.id!r}")
        earlier = learned_now.get(key)
        if earlier and earlier["indicator_id"] != indicator.id:
            notes.append(f"row {c.row}: learned alias {phrase!r} -> {earlier['indicator_id']!r} "
                         f"(by {earlier['reviewer']}) now -> {indicator.id!r}")
        rows["learned"].append({
            "phrase": phrase, "phrase_key": key, "indicator_id": indicator.id,
            "indicator_name": indicator.name, "indicator_unit": indicator.unit,
            "reviewer": c.reviewer, "statement_id": c.statement_id,
        })
    return problems, notes, rows


def import_review(store: Store, path: str | Path, *, reviewer: str | None = None,
                  dry_run: bool = False, origin: str = "cli",
                  lexicon: Lexicon | None = None) -> ImportReport:
    """Validate the correction file at ``path`` and, unless ``dry_run``, apply it.

    Raises:
        CorrectionFileError: any row is invalid; it lists every problem with its row
            number, and nothing was written.
    """
    lexicon = lexicon or packaged_lexicon()
    corrections, problems, untouched = parse_corrections(path, lexicon=lexicon, reviewer=reviewer)
    stored = store_review.statements_by_id(store, [c.statement_id for c in corrections])
    more, notes, rows = plan_import(corrections, stored, lexicon, store_review.learned_aliases(store))
    problems = sorted(problems + more, key=lambda p: (p.row is None, p.row or 0))
    if problems:
        raise CorrectionFileError(path, problems)
    report = ImportReport(str(path), applied=len(rows["corrections"]), unchanged=rows["unchanged"],
                          untouched=untouched, learned=len(rows["learned"]), notes=notes, dry_run=dry_run)
    if not dry_run and (rows["corrections"] or rows["learned"]):
        report.import_id = store_review.write_import(
            store, file=str(path), sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            origin=origin, unchanged=rows["unchanged"], corrections=rows["corrections"],
            audit=rows["audit"], learned=rows["learned"])
    return report


# -- exporting ------------------------------------------------------------------------------


def export_review(store: Store, out: TextIO, *, status: str = "needs_review", council: str | None = None,
                  indicator: str | None = None, doc: str | None = None,
                  max_confidence: float | None = None, unreviewed: bool = False) -> int:
    """Write the statements to review to ``out`` (opened with ``newline=""``) as an
    Excel-safe CSV of :data:`EXPORT_COLUMNS`. Returns the number of rows."""
    where, parameters = ["TRUE"], []
    if status != "all":
        where.append("status = ?")
        parameters.append(status)
    if council:
        where.append("lower(council) = lower(?)")
        parameters.append(council)
    if indicator:
        where.append("(indicator_id = ? OR fix_indicator_id = ?)")
        parameters += [indicator, indicator]
    if doc:
        where.append("(doc = ? OR starts_with(doc_id, ?))")
        parameters += [doc, doc]
    if max_confidence is not None:
        where.append("confidence <= ?")
        parameters.append(max_confidence)
    if unreviewed:
        where.append("action IS NULL")
    rows = store_review.review_rows(store, auto_score=MatchConfig().auto_score,
                                    where=" AND ".join(where), parameters=parameters)
    return write_review_csv(out, EXPORT_COLUMNS, rows)


# -- the matcher's side ------------------------------------------------------------------------


def learned_alias_pairs(store: Store) -> tuple[tuple[str, str], ...]:
    """``(phrase, indicator_id)`` of every learned alias, for
    ``IndicatorMatcher(extra_aliases=...)``."""
    return tuple((a["phrase"], a["indicator_id"]) for a in store_review.learned_aliases(store))


def alias_file_rows(learned: Sequence[dict], lexicon: Lexicon) -> tuple[list[dict], list[str]]:
    """Learned aliases as ``aliases.csv`` rows (``id``, ``alias``), and notes: aliases
    skipped because the lexicon has no such id or already has them, and ones that
    clash with a packaged alias (which must be removed before the file loads)."""
    owners = _owners(lexicon)
    rows, notes = [], []
    for alias in learned:
        key, indicator_id = alias["phrase_key"], alias["indicator_id"]
        if indicator_id not in lexicon:
            notes.append(f"skipped {alias['phrase']!r}: {indicator_id!r} is no longer in the lexicon")
        elif owners.get(key) == indicator_id:
            notes.append(f"skipped {alias['phrase']!r}: already in the lexicon for {indicator_id!r}")
        else:
            if key in owners:
                notes.append(f"{alias['phrase']!r} -> {indicator_id!r} clashes with the lexicon's "
                             f"{owners[key]!r}; remove that alias from aliases.csv when committing")
            rows.append({"id": indicator_id, "alias": alias["phrase"]})
    return rows, notes
