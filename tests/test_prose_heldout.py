"""The prose extractor on held-out-style documents, scored with outturn.evaluation.

The gold (``tests/data/corpus_gold.jsonl``, schema of ``../shared/gold/README.md``) covers
every prose statement of the five ``corpus/`` documents (Leeds, Derbyshire, Bristol,
Cornwall: other councils' styles the extractor was not written against) and of four short
documents in ``tests/data/heldout/`` written in yet other styles (run-on policy committee
minutes, a cabinet report, a ``Label: value`` scorecard, a quarterly narrative). It is
the development set for generalisation: a failure here is fixed by a general rule,
never by one document's wording.

A second batch (``tests/data/heldout2/``, gold in ``tests/data/heldout2_gold.jsonl``: four
papers in the styles of yet other councils, annotated by a different hand) was scored
once before any fix it drove, and is held to its own thresholds below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outturn.evaluation import filter_source, load_jsonl, score
from outturn.extractors.extract import extract_statements
from outturn.extractors.models import ROLES, UNITS
from outturn.extractors.readers import read_document

DATA = Path(__file__).resolve().parent / "data"
GOLD = load_jsonl(DATA / "corpus_gold.jsonl")
GOLD_KEYS = {"doc", "source", "evidence", "value_text", "value", "unit", "role", "indicator", "concept",
             "period", "council"}
CORPUS_DOCS = sorted({g["doc"] for g in GOLD if not (DATA / "heldout" / g["doc"]).exists()})
HELDOUT_DOCS = sorted({g["doc"] for g in GOLD if (DATA / "heldout" / g["doc"]).exists()})
GOLD2 = load_jsonl(DATA / "heldout2_gold.jsonl")
HELDOUT2_DOCS = sorted({g["doc"] for g in GOLD2})


def _path(name: str, corpus_dir: Path) -> Path:
    if name in HELDOUT2_DOCS:
        return DATA / "heldout2" / name
    return DATA / "heldout" / name if name in HELDOUT_DOCS else corpus_dir / name


@pytest.fixture(scope="module")
def texts(corpus_dir) -> dict[str, str]:
    return {name: read_document(_path(name, corpus_dir)).text for name in CORPUS_DOCS + HELDOUT_DOCS + HELDOUT2_DOCS}


@pytest.fixture(scope="module")
def predicted(corpus_dir) -> list[dict]:
    rows = []
    for name in CORPUS_DOCS + HELDOUT_DOCS + HELDOUT2_DOCS:
        rows += [s.to_dict() for s in extract_statements(read_document(_path(name, corpus_dir)))]
    return filter_source(rows, "prose")


def _of(docs: list[str], rows: list[dict]) -> list[dict]:
    return [r for r in rows if Path(r["doc"]).name in docs]


@pytest.fixture(scope="module")
def result(predicted) -> dict:
    return score(GOLD, _of(CORPUS_DOCS + HELDOUT_DOCS, predicted))


@pytest.fixture(scope="module")
def result2(predicted) -> dict:
    return score(GOLD2, _of(HELDOUT2_DOCS, predicted))


# The gold itself: every line points into its document and follows the schema.
@pytest.mark.parametrize("line", GOLD + GOLD2, ids=[f"{g['doc'][:24]}:{g['value_text']}:{g['role']}"
                                                    for g in GOLD + GOLD2])
def test_gold_line_is_well_formed(line, texts):
    assert set(line) - {"denominator"} == GOLD_KEYS
    assert line["source"] == "prose" and line["unit"] in UNITS and line["role"] in ROLES
    assert line["evidence"] in texts[line["doc"]], "evidence is not a substring of the document text"
    assert line["value_text"] in line["evidence"]


def test_every_document_is_annotated():
    assert len(CORPUS_DOCS) == 5 and len(HELDOUT_DOCS) >= 3 and len(HELDOUT2_DOCS) == 4
    assert set(HELDOUT2_DOCS) == {p.name for p in (DATA / "heldout2").iterdir() if p.name != "README.md"}


# First set, measured when the gold was written: detection 0.959, strict 0.821, indicator 0.607; after
# the general fixes it drove: 1.000, 1.000, 0.846 (0.861 after the second batch's fixes).
# Second batch, scored before the fixes it drove: detection 0.960, strict 0.778, indicator 0.642; after
# the general fixes (role labels before a colon, change and comparator cues, phone numbers, dates,
# "X of the Y"; label lines under their measure, a comparator's area is no name, qualifiers and
# conjunctions are no names): 0.994, 0.936, 0.771. The thresholds keep a margin (development sets).
@pytest.mark.parametrize("batch, metric, floor", [
    ("first", "detection", 0.95), ("first", "strict", 0.90), ("first", "indicator_token_f1", 0.75),
    ("second", "detection", 0.95), ("second", "strict", 0.90), ("second", "indicator_token_f1", 0.72),
])
def test_scores(batch, metric, floor, result, result2):
    measured = (result if batch == "first" else result2)[metric]
    assert (measured[2] if isinstance(measured, (list, tuple)) else measured) >= floor


@pytest.mark.parametrize("doc", [pytest.param(d, id=f"corpus:{d}") for d in CORPUS_DOCS]
                         + [pytest.param(d, id=f"heldout:{d}") for d in HELDOUT_DOCS])
def test_each_document_detection(doc, predicted):
    """No single style may fall far behind the pooled score."""
    gold = [g for g in GOLD if g["doc"] == doc]
    mine = [p for p in predicted if Path(p["doc"]).name == doc]
    assert score(gold, mine)["detection"][2] >= 0.9
