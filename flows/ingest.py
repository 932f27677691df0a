"""The ingest flow: discover, read/extract/match each new document, load.

Logic lives in :mod:`outturn.processing`; this file only orders the steps. A document
whose bytes and extractor version are already stored is skipped, so a second run over
the same files does nothing; a new extractor version re-extracts everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prefect import Flow, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

from outturn import processing
from outturn.extractors.version import extractor_version
from outturn.processing import DocumentResult, IngestSummary
from outturn.review import learned_alias_pairs
from outturn.store import Store

#: ``progress(done, total, path)``, called after each document.
Progress = Callable[[int, int, str], None]


@task(name="extract-document", cache_policy=NO_CACHE)
def extract_document(path: Path, learned_aliases: tuple[tuple[str, str], ...] = ()) -> DocumentResult:
    """Read, identify, extract and match one document (failures come back as results),
    with the database's learned aliases ``(phrase, indicator_id)`` added to the lexicon."""
    return processing.process_document(path, matcher=processing.matcher_for(learned_aliases))


# One extraction at a time by default: pdfium is not thread-safe, and the GIL would gain
# nothing; the flow's thread writes finished batches meanwhile. Dask gives real parallelism.
@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=1))
def ingest(paths: list[str], db: str = "outturn.duckdb", progress: Progress | None = None,
           retry_failed: bool = True) -> IngestSummary:
    """Ingest the documents under ``paths`` into the DuckDB file ``db``.

    The database is opened (and its lock held, see :mod:`outturn.locking`) only to see
    what is new and to write results, never while documents are extracted, so
    overlapping runs take turns at the writes. Extraction runs on the flow's task runner
    (a Dask cluster with ``ingest.with_options(task_runner=DaskTaskRunner(...))``); the
    writes stay in the flow's process.

    Args:
        paths: files and directories (searched recursively).
        db: the database file; created and migrated when needed.
        progress: called after each document with (done, total, path).
        retry_failed: extract again a file whose same bytes already failed (False for
            an inbox scanned on a schedule).

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
    report = _Counter(progress, len(files))
    waiting = set(todo)
    for path in [p for p in files if p not in waiting]:
        summary.unchanged += 1
        report(path)
    futures = [(path, extract_document.submit(path, learned)) for path in todo]
    for batch in _batches(futures, WRITE_BATCH):
        results = []
        for path, future in batch:
            results.append(_result(path, future))
            report(path)
        with Store.open(db) as store:  # the check-then-write happens under the lock
            processing.load_results(store, results, extractor_version=version, run_id=run_id,
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


#: Results written per turn at the database lock: a stopped run keeps what it wrote.
WRITE_BATCH = 25


class _Counter:
    """Calls ``progress(done, total, path)`` once per document."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, path: Path) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, str(path))


def _batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _result(path: Path, future: PrefectFuture) -> DocumentResult:
    """The future's result; a task that crashed (a lost Dask worker) is a failed document."""
    result = future.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        return DocumentResult(str(path), processing.fingerprint(path),
                              error=f"extraction task failed: {type(result).__name__}: {result}")
    return result
