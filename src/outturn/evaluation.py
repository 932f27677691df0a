"""Score extracted statements against a gold set (``outturn eval GOLD.jsonl PRED.jsonl``).

The matching and metrics are those of the project's reference scorer: a prediction
matches a gold statement when both name the same document (by file name), their values
are equal within a relative 1e-6, and their evidence texts overlap (rapidfuzz
``partial_ratio`` of whitespace-normalised, lower-cased evidence >= 70; predicted
evidence over 1,000 characters never matches). Matching is one-to-one, best overlap first.

Reported: detection and strict (unit and role also right) precision/recall/F1, unit and
role accuracy, mean indicator token F1, pairwise grouping F1 over indicator ids, and the
share of matches that carry an indicator id.

>>> gold = [{"doc": "a.txt", "value": 85.3, "unit": "percent", "role": "actual",
...          "evidence": "85.3% of contacts triaged", "indicator": "contacts triaged", "concept": "c"}]
>>> pred = [{"doc": "/x/a.txt", "value": 85.3, "unit": "percent", "role": "target",
...          "evidence": "85.3% of contacts", "indicator_text": "contacts"}]
>>> r = score(gold, pred); r["detection"], r["strict"], round(r["indicator_token_f1"], 3)
((1.0, 1.0, 1.0), (0.0, 0.0, 0.0), 0.667)
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from rapidfuzz import fuzz

from outturn.errors import DataFileError

#: Evidence longer than this cannot localise a value (a whole page would match anything).
MAX_EVIDENCE = 1000
#: Minimum fuzzy partial-match score for two evidence texts to overlap.
MIN_OVERLAP = 70

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+")


def _norm(text: str | None) -> str:
    return _WS.sub(" ", (text or "")).strip().lower()


def _tokens(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def token_f1(pred: str | None, gold: str | None) -> float:
    """Token F1 of two phrases (lower-cased alphanumeric tokens, multiset overlap).

    >>> token_f1("Early Help Contacts", "early help contacts triaged")
    0.8571428571428571
    """
    p, g = _tokens(pred), _tokens(gold)
    if not p or not g:
        return 0.0
    pool, common = list(g), 0
    for tok in p:
        if tok in pool:
            pool.remove(tok)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def load_jsonl(path: str | Path) -> list[dict]:
    """The JSON objects of a JSON Lines file; blank lines skipped.

    Raises:
        DataFileError: a line that is not a JSON object, or an unreadable file.
    """
    rows = []
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    with handle:
        for n, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(str(path), n, f"not JSON: {exc}") from exc
            if not isinstance(row, dict):
                raise DataFileError(str(path), n, "not a JSON object")
            rows.append(row)
    return rows


def _base(row: dict) -> str:
    return os.path.basename(str(row.get("doc", "")))


def _same_value(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(b)) + 1e-9


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), best evidence overlap first."""
    by_doc = defaultdict(list)
    for j, p in enumerate(pred):
        by_doc[_base(p)].append(j)
    candidates = []
    for i, g in enumerate(gold):
        g_ev = _norm(g.get("evidence"))
        for j in by_doc.get(_base(g), []):
            p = pred[j]
            if not _same_value(p.get("value"), g.get("value")):
                continue
            p_ev = _norm(p.get("evidence"))
            if len(p_ev) > MAX_EVIDENCE:
                continue
            sim = fuzz.partial_ratio(p_ev, g_ev)
            if sim >= MIN_OVERLAP:
                candidates.append((sim, i, j))
    candidates.sort(key=lambda c: -c[0])
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in candidates:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Match ``pred`` to ``gold`` and compute the metrics (see the module docstring).

    Predictions for documents absent from the gold set are ignored.
    """
    docs = {_base(g) for g in gold}
    pred = [p for p in pred if _base(p) in docs]
    pairs = match(gold, pred)
    n = len(pairs)
    unit_ok = [gold[i].get("unit") == pred[j].get("unit") for i, j in pairs]
    role_ok = [gold[i].get("role") == pred[j].get("role") for i, j in pairs]
    strict_tp = sum(u and r for u, r in zip(unit_ok, role_ok))
    indicator = [token_f1(pred[j].get("indicator_text"), gold[i].get("indicator")) for i, j in pairs]
    mapped = [pred[j].get("indicator_id") not in (None, "") for _, j in pairs]

    same_tp = same_pred = same_gold = 0
    labelled = [(gold[i].get("concept"), pred[j].get("indicator_id")) for i, j in pairs]
    for (gc1, pid1), (gc2, pid2) in combinations(labelled, 2):
        g_same = bool(gc1) and gc1 == gc2
        p_same = pid1 not in (None, "") and pid1 == pid2
        same_gold += g_same
        same_pred += p_same
        same_tp += g_same and p_same

    per_doc = {}
    for doc in sorted(docs):
        per_doc[doc] = {
            "gold": sum(_base(g) == doc for g in gold),
            "pred": sum(_base(p) == doc for p in pred),
            "tp": sum(_base(gold[i]) == doc for i, _ in pairs),
        }
    return {
        "gold": len(gold),
        "pred": len(pred),
        "matched": n,
        "detection": _prf(n, len(pred), len(gold)),
        "strict": _prf(strict_tp, len(pred), len(gold)),
        "unit_accuracy": sum(unit_ok) / n if n else 0.0,
        "role_accuracy": sum(role_ok) / n if n else 0.0,
        "indicator_token_f1": sum(indicator) / n if n else 0.0,
        "grouping": _prf(same_tp, same_pred, same_gold),
        "mapped": sum(mapped) / n if n else 0.0,
        "per_doc": per_doc,
    }


def filter_source(rows: list[dict], source: str | None) -> list[dict]:
    """Only the rows whose ``source`` is ``source`` (all rows when None)."""
    return rows if source is None else [r for r in rows if r.get("source") == source]


def format_report(result: dict) -> str:
    """The report, line for line as the reference scorer prints it."""
    lines = []
    for doc, row in result["per_doc"].items():
        lines.append(f"{doc:40s} gold {row['gold']:4d}  pred {row['pred']:4d}  matched {row['tp']:4d}")
    for key in ("detection", "strict", "grouping"):
        p, r, f = result[key]
        lines.append(f"{key:10s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    for key in ("unit_accuracy", "role_accuracy", "indicator_token_f1", "mapped"):
        lines.append(f"{key:18s} {result[key]:.3f}")
    p, r, f = result["detection"]
    _, _, sf = result["strict"]
    lines.append(
        f"summary: detection F1 {f:.3f} (P {p:.3f} R {r:.3f}) strict F1 {sf:.3f} "
        f"grouping F1 {result['grouping'][2]:.3f} mapped {result['mapped']:.3f} "
        f"matched {result['matched']}/{result['gold']} gold, {result['pred']} predicted"
    )
    return "\n".join(lines)
