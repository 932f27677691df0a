"""The ingest flow on a local Dask cluster (worker processes on 127.0.0.1) loads the same
statements as the default runner."""

from __future__ import annotations

import shutil

import pytest

from outturn.store import Store

distributed = pytest.importorskip("distributed", reason="the Dask test needs outturn[dask]")

# The export contract's columns, in a stable order, without the doc_id-independent noise.
STATEMENTS = ("SELECT doc, doc_id, council, page, char_start, char_end, value_text, value, unit, role, "
              "indicator_id, period_start, period_end, source FROM statements ORDER BY ALL")


def corpus_sample(corpus_dir, folder):
    """A few corpus documents, text and PDF, copied so no manifest applies."""
    chosen = sorted(p for p in corpus_dir.iterdir() if p.suffix in (".txt", ".md", ".html"))[:3]
    chosen += sorted(corpus_dir.glob("*.pdf"))[:1]
    folder.mkdir()
    for path in chosen:
        shutil.copy(path, folder / path.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    return folder


def rows(db) -> list[tuple]:
    with Store.open(db, read_only=True) as store:
        return store.query(STATEMENTS)[1]


def test_dask_runner_loads_the_same_statements(corpus_dir, tmp_path, prefect_harness):
    from outturn.flows.ingest import ingest, on_dask

    papers = corpus_sample(corpus_dir, tmp_path / "papers")
    default = ingest(paths=[str(papers)], db=str(tmp_path / "default.duckdb"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        on_cluster = on_dask(cluster.scheduler_address)(paths=[str(papers)], db=str(tmp_path / "dask.duckdb"))
        with distributed.Client(cluster) as client:  # the documents were extracted on the workers
            prefixes = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes))
    assert any("extract" in prefix for prefix in prefixes), prefixes
    assert (on_cluster.new, on_cluster.failed, on_cluster.statements) == (
        default.new, default.failed, default.statements)
    assert default.new == 4 and default.failed == 1 and default.statements > 0
    assert rows(tmp_path / "dask.duckdb") == rows(tmp_path / "default.duckdb")

