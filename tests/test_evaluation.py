"""outturn.evaluation: the project's scorer, checked against the shared reference scorer."""

import doctest
import json
import subprocess
import sys

import pytest

import outturn.evaluation as evaluation
from outturn.errors import DataFileError
from outturn.evaluation import format_report, load_jsonl, score

G = {"doc": "a.txt", "value": 85.3, "unit": "percent", "role": "actual", "concept": "c1",
     "evidence": "85.3% of Early Help Contacts triaged within 5 working days", "indicator": "Early Help Contacts triaged"}


def _pred(**kw):
    row = {"doc": "/data/a.txt", "value": 85.3, "unit": "percent", "role": "actual",
           "evidence": "85.3% of Early Help Contacts triaged", "indicator_text": "Early Help Contacts", "indicator_id": "x"}
    row.update(kw)
    return row


CASES = {
    "match-by-basename": ([G], [_pred()], 1),
    "value-differs": ([G], [_pred(value=85.0)], 0),
    "evidence-unrelated": ([G], [_pred(evidence="the meeting closed at nine")], 0),
    "evidence-too-long": ([G], [_pred(evidence="85.3% of Early Help Contacts " + "x" * 1000)], 0),
    "other-document": ([G], [_pred(doc="b.txt")], 0),
    "one-to-one": ([G], [_pred(), _pred()], 1),
}


@pytest.mark.parametrize("gold, pred, matched", CASES.values(), ids=CASES.keys())
def test_matching(gold, pred, matched):
    assert score(gold, pred)["matched"] == matched


def test_strict_needs_unit_and_role():
    result = score([G], [_pred(role="target")])
    assert result["detection"][2] == 1.0 and result["strict"][2] == 0.0 and result["role_accuracy"] == 0.0


def test_predictions_for_other_documents_are_ignored():
    assert score([G], [_pred(), _pred(doc="zzz.txt")])["pred"] == 1


def test_load_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"doc": "a"}\n\nnot json\n', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_jsonl(path)
    assert info.value.line == 3 and str(path) in str(info.value)


def test_report_has_the_reference_layout():
    lines = format_report(score([G], [_pred()])).splitlines()
    assert lines[0].startswith("a.txt") and lines[-1].startswith("summary: detection F1 1.000")


def test_same_output_as_the_shared_scorer(shared_dir, tmp_path):
    gold_path = shared_dir / "gold" / "seeds.jsonl"
    gold = load_jsonl(gold_path)
    # a prediction set with hits, misses, wrong roles and wrong values
    pred = []
    for n, g in enumerate(gold):
        if n % 5 == 0:
            continue
        row = {"doc": g["doc"], "value": g["value"] + (n % 7 == 0), "unit": g["unit"],
               "role": "actual" if n % 3 == 0 else g["role"], "evidence": g["evidence"][: 20 + n % 60],
               "indicator_text": g["indicator"][: n % 30], "indicator_id": g["concept"][: n % 9] or None,
               "source": g["source"]}
        pred.append(row)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
    for source in (None, "prose"):
        args = ["--source", source] if source else []
        reference = subprocess.run(
            [sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold_path), "--pred", str(pred_path), *args],
            capture_output=True, text=True, check=True,
        ).stdout.rstrip("\n")
        ours = format_report(score(evaluation.filter_source(gold, source), evaluation.filter_source(pred, source)))
        assert ours == reference


def test_evaluation_doctests():
    result = doctest.testmod(evaluation)
    assert result.attempted > 0 and result.failed == 0
