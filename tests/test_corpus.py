"""The sample corpus: manifest, honest figures, PDF twins, deterministic PDF build."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from outturn.extractors.readers import FORMATS, read_document

REPO = Path(__file__).resolve().parent.parent
NOT_DOCUMENTS = {"README.md", "manifest.csv"}
# Numbers as written: 1,056 / 27.9% / 2024-25 pieces.
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def _manifest(corpus_dir: Path) -> list[dict]:
    with (corpus_dir / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_manifest_lists_every_document_and_nothing_else(corpus_dir):
    rows = _manifest(corpus_dir)
    assert list(rows[0]) == ["path", "council", "title", "date", "url"]
    listed = {row["path"] for row in rows}
    on_disk = {p.name for p in corpus_dir.iterdir() if p.is_file() and p.name not in NOT_DOCUMENTS}
    assert listed == on_disk
    assert {Path(p).suffix for p in listed} <= set(FORMATS)


def test_corpus_covers_formats_and_councils(corpus_dir):
    rows = _manifest(corpus_dir)
    councils = {row["council"] for row in rows}
    assert len(councils) >= 3
    assert not councils & {"Rotherham", "Rutland", "Sunderland"}  # the seeds' councils
    assert {FORMATS[Path(r["path"]).suffix] for r in rows} == {"text", "markdown", "html", "pdf"}


@pytest.mark.parametrize("row", _manifest(REPO / "corpus"), ids=lambda row: row["path"])
def test_reader_finds_the_manifest_title_and_date(corpus_dir, row):
    doc = read_document(corpus_dir / row["path"])
    assert doc.title == row["title"]
    assert doc.date == row["date"]
    assert doc.events == []


@pytest.mark.parametrize("twin", sorted((REPO / "scripts" / "pdf_sources").glob("*.md")), ids=lambda p: p.stem)
def test_pdf_carries_every_number_of_its_text_twin(corpus_dir, twin):
    pdf = read_document(corpus_dir / f"{twin.stem}.pdf")
    body = twin.read_text(encoding="utf-8").split("---", 2)[2]
    missing = Counter(NUMBER.findall(body)) - Counter(NUMBER.findall(pdf.text))
    assert not missing


def test_pdf_build_is_deterministic(tmp_path, corpus_dir):
    script = REPO / "scripts" / "make_corpus_pdfs.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    built = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert built == sorted(f"{p.stem}.pdf" for p in (REPO / "scripts" / "pdf_sources").glob("*.md"))
    for name in built:
        assert (tmp_path / name).read_bytes() == (corpus_dir / name).read_bytes(), f"{name} differs: re-run the script"


# Figures in the corpus checked against the published DfE values they were taken from:
# (document, text in the document, LAIT Short Desc, LAIT area, LAIT year, value).
FIGURES_FROM_LAIT = [
    ("corpus/leeds-scrutiny-minutes-2024-07-10.txt", "had risen to 89 compared to 69 nationally", "LAC", "Leeds", "2024", "89"),
    ("corpus/leeds-scrutiny-minutes-2024-07-10.txt", "fell to 24.2% from 28.0%", "ReReferral", "Leeds", "2023", "28"),
    ("corpus/leeds-scrutiny-minutes-2024-07-10.txt", "dropped to 68.9%", "Continue_Assess_Comp", "Leeds", "2024", "68.9"),
    ("corpus/derbyshire-kpi-report-2023-24.md", "| 26.6% | 29.9% |", "ReReferral", "Derbyshire", "2024", "29.9"),
    ("corpus/derbyshire-kpi-report-2023-24.md", "| 54% | 66% |", "CareLeaverEET", "Derbyshire", "2024", "66"),
    ("corpus/bristol-people-scrutiny-2024-11-18.html", "<td>70</td><td>74</td><td>54</td>", "CareLeaverEET", "England", "2024", "54"),
    ("corpus/bristol-people-scrutiny-2024-11-18.html", "rose to 32.0%", "PrevRegCPR", "Bristol, City of", "2024", "32"),
    ("scripts/pdf_sources/cornwall-performance-report-2024-25.md", "| 697.9 | 749.0 |", "CPP_Total_Rateper10,000", "Cornwall", "2025", "749"),
    ("scripts/pdf_sources/cornwall-performance-report-2024-25.md", "| 100% | 100% | - | 84% |", "LACVaccinations%", "England", "2025", "84"),
    ("scripts/pdf_sources/derbyshire-corporate-parenting-2024-25.md", "| 56% | 54% |", "LAC_LongStable%", "Derbyshire", "2025", "54"),
]


@pytest.mark.seeds
@pytest.mark.parametrize("doc, text, measure, area, year, value", FIGURES_FROM_LAIT,
                         ids=[f"{f[0].split('/')[-1].split('-')[0]}-{f[2]}-{f[4]}" for f in FIGURES_FROM_LAIT])
def test_corpus_figures_are_published_values(shared_dir, corpus_dir, doc, text, measure, area, year, value):
    import duckdb

    assert text in (REPO / doc).read_text(encoding="utf-8")
    published = duckdb.connect().execute(
        'SELECT "Values" FROM read_parquet(?) WHERE "Short Desc" = ? AND "LA and Regions" = ? AND "Years" = ?',
        [str(shared_dir / "reference" / "lait" / "bds_long_0.parquet"), measure, area, year],
    ).fetchall()
    assert [float(v) for (v,) in published] == [float(value)]
