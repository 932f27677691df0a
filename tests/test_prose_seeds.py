"""The prose extractor over the five seed documents, scored with outturn.evaluation."""

import hashlib
import re

import pytest

from outturn.evaluation import load_jsonl, score
from outturn.extractors.models import Document
from outturn.extractors.prose import extract_prose_statements

pytestmark = pytest.mark.seeds


def _table_ranges(text: str) -> list[tuple[int, int]]:
    # Until find_tables lands in extract.py, tab and pipe lines are the tables' (measurement aid).
    return [(m.start(), m.end()) for m in re.finditer(r"(?m)^(?:[^\n]*\t[^\n]*|\s*\|[^\n]*)$", text)]


@pytest.fixture(scope="module")
def prose_result(seeds_dir, shared_dir):
    predicted = []
    for path in sorted(seeds_dir.glob("*.txt")):
        data = path.read_bytes()
        document = Document(str(path), path.name, hashlib.sha256(data).hexdigest(), "text", data.decode("utf-8"))
        predicted += [s.to_dict() for s in extract_prose_statements(document, exclude=_table_ranges(document.text))]
    gold = [g for g in load_jsonl(shared_dir / "gold" / "seeds.jsonl") if g["source"] == "prose"]
    return score(gold, predicted)


def test_detection_f1(prose_result):
    assert prose_result["detection"][2] >= 0.95


def test_strict_f1(prose_result):
    assert prose_result["strict"][2] >= 0.90


def test_indicator_token_f1(prose_result):
    assert prose_result["indicator_token_f1"] >= 0.70
