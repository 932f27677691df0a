"""The ingest flow: discover, read/extract/match each new document, load.

Logic lives in :mod:`outturn.processing`, scheduling in :mod:`outturn.scheduling`; this
file only orders the steps. A document whose bytes and extractor version are already stored is skipped, so a second run over
the same files does nothing; a new extractor version re-extracts everything.
"""

from __future__ import annotations

from pathlib import Path

from prefect import Flow, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from outturn import processing
from outturn.extractors.version import extractor_version
from outturn.processing import DocumentResult, IngestSummary
from outturn.review import learned_alias_pairs
from outturn.scheduling import WRITE_BATCH, Counter, Progress, batches, extraction, in_order
from outturn.store import Store


@task(name="extract-document", cache_policy=NO_CACHE)
def extract_document(path: Path, learned_aliases: tuple[tuple[str, str], ...] = ()) -> DocumentResult:
    """Read, identify, extract and match one document (failures come back as results),
    with the database's learned aliases ``(phrase, indicator_id)`` added to the lexicon."""
    return processing.process_with_aliases(path, learned_aliases)


# In the flow's process, one extraction at a time: pdfium is not thread-safe, and the GIL
# would gain nothing; the flow's thread writes finished batches meanwhile. A large batch is
# extracted by worker processes instead (``workers``); Dask gives a cluster.
@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=1))
def ingest(paths: list[str], db: str = "outturn.duckdb", progress: Progress | None = None,
           retry_failed: bool = True, workers: int | None = None) -> IngestSummary:
    """Ingest the documents under ``paths`` into the DuckDB file ``db``.

    The database is opened (and its lock held, see :mod:`outturn.locking`) only to see
    what is new and to write results, never while documents are extracted, so
    overlapping runs take turns at the writes. Extraction runs in ``workers`` processes
    (or on a Dask cluster with ``ingest.with_options(task_runner=DaskTaskRunner(...))``);
    the writes stay in the flow's process, in document order, so the database ends the
    same whatever extracted the documents. At most :data:`outturn.scheduling.IN_FLIGHT`
    results are held at a time, so memory does not grow with the number of documents.

    Args:
        paths: files and directories (searched recursively).
        db: the database file; created and migrated when needed.
        progress: called after each document with (done, total, path).
        retry_failed: extract again a file whose same bytes already failed (False for
            an inbox scanned on a schedule).
        workers: extraction processes; None for one per core on a large batch and none
            (in the flow's process) on a small one (see
            :func:`outturn.processing.extraction_workers`). Ignored on Dask.

    Returns:
        What was new, re-extracted, unchanged and failed, and the statements loaded.
    """
    version = extractor_version()
    files = processing.discover(paths)
    summary = IngestSummary()
    with Store.open(db) as store:
        run_id = store.start_run(version)
        learned = learned_alias_pairs(store)
        todo = processing.pending(store, files, extractor_version=version, retry_failed=retry_failed)
    report = Counter(progress, len(files))
    waiting = set(todo)
    for path in [p for p in files if p not in waiting]:
        summary.unchanged += 1
        report(path)
    with extraction(extract_document, len(todo), workers, learned) as submit:
        results = in_order(todo, submit, report)
        for batch in batches(results, WRITE_BATCH):
            with Store.open(db) as store:  # the check-then-write happens under the lock
                processing.load_results(store, batch, extractor_version=version, run_id=run_id,
                                        summary=summary)
    with Store.open(db) as store:
        store.finish_run(run_id, new=summary.new, reextracted=summary.reextracted,
                         unchanged=summary.unchanged, failed=summary.failed,
                         statements=summary.statements)
    return summary


def on_dask(address: str) -> Flow:
    """The ingest flow with its per-document work on the Dask scheduler at ``address``
    (``tcp://HOST:PORT``); discovery and every write stay in the flow's process.

    Raises:
        ImportError: prefect-dask is not installed (``pip install 'outturn[dask]'``).
    """
    from prefect_dask import DaskTaskRunner

    return ingest.with_options(task_runner=DaskTaskRunner(address=address))
