"""The table extractor on the five seed documents, scored by the shared scorer's rules."""

import json
import subprocess
import sys

import pytest

from outturn.extractors import read_document
from outturn.extractors.tables import extract_table_statements, find_tables

pytestmark = pytest.mark.seeds

DETECTION_F1 = 0.95
STRICT_F1 = 0.92


@pytest.fixture(scope="module")
def predictions(seeds_dir, tmp_path_factory):
    rows = []
    for path in sorted(seeds_dir.glob("*.txt")):
        document = read_document(path)
        rows += [s.to_dict() for s in extract_table_statements(document, find_tables(document))]
    out = tmp_path_factory.mktemp("tables") / "pred.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def result(shared_dir, predictions):
    """The scorer's result for table statements (``--source table``)."""
    gold = shared_dir / "gold" / "seeds.jsonl"
    try:
        from outturn.evaluation import filter_source, load_jsonl, score  # the project's copy of the rules
    except ImportError:
        done = subprocess.run(
            [sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold),
             "--pred", str(predictions), "--source", "table", "--json"],
            capture_output=True, text=True, check=True,
        )
        return json.loads(done.stdout[: done.stdout.rindex("}") + 1])
    return score(filter_source(load_jsonl(gold), "table"), filter_source(load_jsonl(predictions), "table"))


def test_table_detection_and_strict_f1_meet_the_bar(result):
    detection, strict = result["detection"][2], result["strict"][2]
    assert detection >= DETECTION_F1, f"detection F1 {detection:.3f} < {DETECTION_F1}"
    assert strict >= STRICT_F1, f"strict F1 {strict:.3f} < {STRICT_F1}"


def test_every_seed_with_tables_is_matched(result):
    for doc, row in result["per_doc"].items():
        if row["gold"]:
            assert row["tp"] >= 0.9 * row["gold"], f"{doc}: {row}"


def test_no_table_statements_where_the_gold_has_none(result):
    for doc, row in result["per_doc"].items():
        if not row["gold"]:
            assert row["pred"] == 0, f"{doc}: {row}"


def test_evidence_is_the_row_line_and_offsets_point_at_the_value(seeds_dir, predictions):
    texts = {p.name: read_document(p).text for p in seeds_dir.glob("*.txt")}
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert rows
    for r in rows:
        text = texts[r["doc"]]
        assert text[r["char_start"]:r["char_end"]] == r["value_text"]
        assert r["evidence"] in text.splitlines()
