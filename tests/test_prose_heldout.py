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
once before any fix it drove, and is held to its own thresholds below. So was a third
(``tests/data/heldout3/``, ``tests/data/heldout3_gold.jsonl``: five papers, one of them
HTML and one markdown, annotated blind by a hand that never saw the extractor's output),
and a fourth (``tests/data/heldout4/``, ``tests/data/heldout4_gold.jsonl``: five papers,
annotated blind, with tab-separated, pipe and HTML tables as well as prose; its table
statements are scored too), and a fifth (``tests/data/heldout5/``, ``tests/data/heldout5_gold.jsonl``:
five papers with tables, annotated blind and scored before this session's and its own fixes), and a
sixth (``tests/data/heldout6/``, ``tests/data/heldout6_gold.jsonl``: five more, scored the same way), and a
seventh (``tests/data/heldout7/``, ``tests/data/heldout7_gold.jsonl``: five papers as converted from PDF,
Word and the web, scored the same way), and an eighth (``tests/data/heldout8/``,
``tests/data/heldout8_gold.jsonl``: five older papers, 2010 to 2019, scored the same way), and a ninth
(``tests/data/heldout9/``, ``tests/data/heldout9_gold.jsonl``: five papers in the seeds' own layouts for
other councils and years, scored the same way), and a tenth (``tests/data/heldout10/``,
``tests/data/heldout10_gold.jsonl``: youth justice, SEND, fostering and adoption, an HTML dashboard and
question-and-answer minutes, scored the same way).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outturn.evaluation import filter_source, load_jsonl, score
from outturn.extractors.extract import extract_statements
from outturn.extractors.models import ROLES, UNITS
from outturn.extractors.readers import read_document
from outturn.processing import identify_council

DATA = Path(__file__).resolve().parent / "data"
GOLD = load_jsonl(DATA / "corpus_gold.jsonl")
GOLD_KEYS = {"doc", "source", "evidence", "value_text", "value", "unit", "role", "indicator", "concept",
             "period", "council"}
CORPUS_DOCS = sorted({g["doc"] for g in GOLD if not (DATA / "heldout" / g["doc"]).exists()})
HELDOUT_DOCS = sorted({g["doc"] for g in GOLD if (DATA / "heldout" / g["doc"]).exists()})
#: The later batches by number (tests/data/heldoutN/ and heldoutN_gold.jsonl), named as the floors are.
ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth"}
FIRST_WITH_TABLES = 4  # from the fourth batch on, table statements are annotated too
BATCH_GOLD = {n: load_jsonl(DATA / f"heldout{n}_gold.jsonl") for n in ORDINALS}
BATCH_DOCS = {n: sorted({g["doc"] for g in gold}) for n, gold in BATCH_GOLD.items()}
ALL_DOCS = CORPUS_DOCS + HELDOUT_DOCS + [d for docs in BATCH_DOCS.values() for d in docs]
TABLE_DOCS = [d for n, docs in BATCH_DOCS.items() if n >= FIRST_WITH_TABLES for d in docs]
TABLE_BATCHES = {ORDINALS[n]: (BATCH_GOLD[n], BATCH_DOCS[n]) for n in ORDINALS if n >= FIRST_WITH_TABLES}


def _path(name: str, corpus_dir: Path) -> Path:
    folder = next((f"heldout{n}" for n, docs in BATCH_DOCS.items() if name in docs),
                  "heldout" if name in HELDOUT_DOCS else None)
    return DATA / folder / name if folder else corpus_dir / name


@pytest.fixture(scope="module")
def texts(corpus_dir) -> dict[str, str]:
    return {name: read_document(_path(name, corpus_dir)).text for name in ALL_DOCS}


@pytest.fixture(scope="module")
def extracted(corpus_dir) -> list[dict]:
    rows = []
    for name in ALL_DOCS:
        document = read_document(_path(name, corpus_dir))
        identify_council(document)  # as `outturn extract` does: some rules read the council
        rows += [s.to_dict() for s in extract_statements(document)]
    return rows


@pytest.fixture(scope="module")
def predicted(extracted) -> list[dict]:
    return filter_source(extracted, "prose")


def _of(docs: list[str], rows: list[dict]) -> list[dict]:
    return [r for r in rows if Path(r["doc"]).name in docs]


BATCHES = {"first": (GOLD, CORPUS_DOCS + HELDOUT_DOCS)} | {
    ORDINALS[n]: (filter_source(gold, "prose"), BATCH_DOCS[n]) for n, gold in BATCH_GOLD.items()}


@pytest.fixture(scope="module")
def results(predicted) -> dict[str, dict]:
    return {batch: score(gold, _of(docs, predicted)) for batch, (gold, docs) in BATCHES.items()}


# The gold itself: every line points into its document and follows the schema.
ALL_GOLD = GOLD + [g for gold in BATCH_GOLD.values() for g in gold]


@pytest.mark.parametrize("line", ALL_GOLD, ids=[f"{g['doc'][:24]}:{g['value_text']}:{g['role']}" for g in ALL_GOLD])
def test_gold_line_is_well_formed(line, texts, corpus_dir):
    assert set(line) - {"denominator"} == GOLD_KEYS
    assert line["source"] in ("prose", "table") and line["unit"] in UNITS and line["role"] in ROLES
    assert line["source"] == "prose" or line["doc"] in TABLE_DOCS  # only they annotate tables
    # the read text, or the file itself: an HTML paragraph wrapped in its source keeps the
    # source's line break in the gold, and its reader joins the lines (the scorer matches both)
    assert line["evidence"] in texts[line["doc"]] or line["evidence"] in _path(line["doc"], corpus_dir).read_text(
        encoding="utf-8", errors="replace"), "evidence is in neither the document text nor its file"
    assert line["value_text"] in line["evidence"]


def test_every_document_is_annotated():
    assert len(CORPUS_DOCS) == 5 and len(HELDOUT_DOCS) >= 3
    assert {n: len(docs) for n, docs in BATCH_DOCS.items()} == {2: 4, 3: 5, 4: 5, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5}
    for n, docs in BATCH_DOCS.items():
        assert set(docs) == {p.name for p in (DATA / f"heldout{n}").iterdir() if p.name != "README.md"}


# First set, measured when the gold was written: detection 0.959, strict 0.821, indicator 0.607; after
# the general fixes it drove: 1.000, 1.000, 0.846 (0.861 after the second batch's fixes, 0.875 after the third's).
# Second batch, scored before the fixes it drove: detection 0.960, strict 0.778, indicator 0.642; after
# the general fixes (role labels before a colon, change and comparator cues, phone numbers, dates,
# "X of the Y"; label lines under their measure, a comparator's area is no name, qualifiers and
# conjunctions are no names): 0.994, 0.936, 0.771 (0.997, 0.979, 0.808 after the third batch's).
# Third batch, scored before the fixes it drove: detection 0.947, strict 0.768, indicator 0.658; after
# the second batch's last fixes (quarters without a year, periods of other values): 0.947, 0.776, 0.658;
# after its own (markdown labels, rate-base labels, target bounds, East of England, "This compares
# with", RAG counts, numbered labels, "of the workforce", comparator units by size, tolerance "for this
# measure", scorecard line labels): 0.955, 0.873, 0.721 (0.959, 0.890, 0.725 after the fourth's).
# Fourth batch, scored before any fix: prose 0.925, 0.826, 0.631 (tables 1.000, 0.960, 1.000); after
# its fixes (hard-wrapped numbered paragraphs, minute codes and other not-statements, "N fewer than at",
# comparators named with a year, a change's base period, comparisons and rate bases name nothing):
# prose 0.976, 0.929, 0.689 (0.978, 0.935, 0.733 after the fifth's session).
# Fifth batch, scored blind at the start of its session: prose 0.905, 0.847, 0.604 (tables 1.000, 1.000,
# 1.000); after the session's fixes driven by the earlier batches (bracketed shares, a part named by its
# predicate, shares of a population, relative clauses, what a count is of): 0.905, 0.847, 0.703; after
# its own (numbers wrapped onto the next line, "the year 173 children", minute codes with a year,
# service age bands, section lists): 0.953, 0.897, 0.717 (0.970, 0.924, 0.761 after the sixth's session).
# Sixth batch, scored blind at the start of its session: prose 0.936, 0.848, 0.687 (tables 1.000, 1.000,
# 1.000); after the session's fixes driven by the earlier batches (anaphoric rates, reach-back to the
# words an earlier sentence's values took, the council names nothing): 0.936, 0.848, 0.697; after its
# own (what the council did names a count, structure counts, instructions as targets, label lines
# quoting the line above, wrapped lines into a date): 0.984, 0.907, 0.734.
# Seventh batch, scored blind at the start of its session: prose 0.920, 0.830, 0.697 (tables 0.994, 0.994,
# 0.981); after the session's fixes driven by the earlier batches (units across sentences, a rate's base
# named earlier, reporters name nothing, earlier times): 0.920, 0.837, 0.705; after its own (a title on a
# line of its own heads the label lines below it, days reached or compared are values, labelled lines
# stay apart, gaps in points, minute numbers and proportions in words, series of period labels): 0.986,
# 0.975, 0.840. The other batches after the seventh's session: third 0.985, 0.925, 0.852; fourth 0.986,
# 0.963, 0.766; fifth 0.985, 0.958, 0.765; sixth 0.987, 0.962, 0.746.
# Eighth batch (older papers, 2010-2019), scored blind at the start of its session: prose 0.923, 0.862, 0.642
# (tables 0.994, 0.914, 1.000); after the session's fixes driven by the earlier batches (a bracketed rate
# after a count, the earlier measure of the value's unit, a time inside a share's subject): 0.923, 0.862,
# 0.645; after its own (file sizes, RAG keys, spans of years, audit samples, ranges with a role, gaps "by"
# N points, "although performance", split table headers, the end of a movement, lower-case bullet labels):
# 0.975, 0.963, 0.697 (tables 0.994, 0.994, 1.000).
# Ninth batch (the seeds' layouts, 2015-2023), scored blind in the same session: prose 0.922, 0.883, 0.730
# (tables 1.000, 0.967, 1.000) with the extractors of the session's start; 0.946, 0.909, 0.737 with the
# session's fixes driven by batches 7 and 8; after its own (numbered titles in capitals, bracketed counts and
# rates of the same thing, comparators dated by a day, role phrases lent to no value, parts of a year, units
# in a label's brackets): 0.972, 0.954, 0.784 (tables 1.000, 1.000, 1.000).
# The other batches after the session of the eighth and ninth: third 0.985, 0.929, 0.863; fourth 0.986, 0.963,
# 0.792; fifth 0.985, 0.958, 0.781; sixth 0.995, 0.969, 0.764; seventh 0.995, 0.988, 0.855.
# Tenth batch (youth justice, SEND, fostering and adoption, an HTML dashboard, question-and-answer minutes;
# 2019-2026), scored blind at the start of its session: prose 0.967, 0.885, 0.663 (tables 0.697, 0.534, 0.688
# on the raw <tr> evidence it was annotated with; 0.968, 0.805, 0.776 on the tab-joined evidence of batches 4
# and 5 it was harmonised to); after its own fixes (the title period a paper reviews, a list introduced as
# targets, a tolerance's unit from its target, minute numbers in Title Case, minutes as durations, per 1,000,
# reoffences per reoffender, the YJS family, a bound after a label; in tables, a period column after the
# names, ordinals under Quartile): 0.987, 0.948, 0.674 (tables 1.000, 1.000, 1.000). The other batches
# after it: third 0.985, 0.929, 0.868; fifth 0.985, 0.958, 0.782; sixth 0.995, 0.969, 0.765; the rest unchanged.
# The thresholds keep a margin (development sets).
@pytest.mark.parametrize("batch, metric, floor", [
    ("first", "detection", 0.95), ("first", "strict", 0.90), ("first", "indicator_token_f1", 0.75),
    ("second", "detection", 0.95), ("second", "strict", 0.90), ("second", "indicator_token_f1", 0.72),
    ("third", "detection", 0.95), ("third", "strict", 0.89), ("third", "indicator_token_f1", 0.81),
    ("fourth", "detection", 0.95), ("fourth", "strict", 0.92), ("fourth", "indicator_token_f1", 0.75),
    ("fifth", "detection", 0.95), ("fifth", "strict", 0.91), ("fifth", "indicator_token_f1", 0.75),
    ("sixth", "detection", 0.96), ("sixth", "strict", 0.92), ("sixth", "indicator_token_f1", 0.73),
    ("seventh", "detection", 0.96), ("seventh", "strict", 0.94), ("seventh", "indicator_token_f1", 0.82),
    ("eighth", "detection", 0.96), ("eighth", "strict", 0.94), ("eighth", "indicator_token_f1", 0.67),
    ("ninth", "detection", 0.96), ("ninth", "strict", 0.94), ("ninth", "indicator_token_f1", 0.76),
    ("tenth", "detection", 0.97), ("tenth", "strict", 0.93), ("tenth", "indicator_token_f1", 0.65),
])
def test_scores(batch, metric, floor, results):
    measured = results[batch][metric]
    assert (measured[2] if isinstance(measured, (list, tuple)) else measured) >= floor


@pytest.mark.parametrize("doc", [pytest.param(d, id=f"corpus:{d}") for d in CORPUS_DOCS]
                         + [pytest.param(d, id=f"heldout:{d}") for d in HELDOUT_DOCS])
def test_each_document_detection(doc, predicted):
    """No single style may fall far behind the pooled score."""
    gold = [g for g in GOLD if g["doc"] == doc]
    mine = [p for p in predicted if Path(p["doc"]).name == doc]
    assert score(gold, mine)["detection"][2] >= 0.9


@pytest.mark.parametrize("batch", TABLE_BATCHES)
@pytest.mark.parametrize("metric, floor", [("detection", 0.97), ("strict", 0.93), ("indicator_token_f1", 0.95)])
def test_table_batches(batch, metric, floor, extracted):
    """Tab-separated, pipe and HTML tables of councils the table extractor was not written
    against (before any fix, the fourth batch: 1.000, 0.960, 1.000; the fifth and sixth: 1.000, 1.000, 1.000;
    the seventh: 0.994, 0.994, 0.981; the eighth: 0.994, 0.914, 1.000; the ninth: 1.000, 0.967, 1.000; the tenth, on tab-joined
    HTML rows: 0.968, 0.805, 0.776)."""
    gold, docs = TABLE_BATCHES[batch]
    measured = score(filter_source(gold, "table"), filter_source(_of(docs, extracted), "table"))[metric]
    assert (measured[2] if isinstance(measured, (list, tuple)) else measured) >= floor
