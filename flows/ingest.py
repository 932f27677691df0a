"""The ingest flow: discover, read/extract/match each new document, load.

Logic lives in :mod:`outturn.processing`; this file only orders the steps. A document
whose bytes and extractor version are already stored is skipped, so a second run over
the same files does nothing; a new extractor version re-extracts everything.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from collections.abc import Callable, Iterator
from pathlib import Path

from prefect import Flow, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
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
    same whatever extracted the documents. At most :data:`IN_FLIGHT` results are held
    at a time, so memory does not grow with the number of documents.

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
    report = _Counter(progress, len(files))
    waiting = set(todo)
    for path in [p for p in files if p not in waiting]:
        summary.unchanged += 1
        report(path)
    with _extraction(len(todo), workers, learned) as submit:
        results = _in_order(todo, submit, report)
        for batch in _batches(results, WRITE_BATCH):
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


#: Results written per turn at the database lock: a stopped run keeps what it wrote.
WRITE_BATCH = 25
#: Documents submitted and not yet written, at most: what bounds the flow's memory.
IN_FLIGHT = 2 * WRITE_BATCH

#: ``submit(path)`` -> the future of the path's :class:`DocumentResult`.
Submit = Callable[[Path], "PrefectFuture | Future"]


@contextlib.contextmanager
def _extraction(documents: int, requested: int | None, learned: tuple) -> Iterator[Submit]:
    """Where this run extracts ``documents``: worker processes when the flow runs on its
    own thread runner and the batch calls for them, else the flow's task runner.

    The workers are a plain process pool, not Prefect's ProcessPoolTaskRunner: that one
    rebuilds Prefect's context for every task, about a second of CPU per document
    (40 one-page PDFs took 54 s on 2 workers against 17 s on one).
    """
    context = FlowRunContext.get()
    local = context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)
    workers = processing.extraction_workers(documents, requested) if local else 1
    if workers <= 1:
        yield lambda path: extract_document.submit(path, learned)
        return
    # spawn, not fork: the flow's process runs Prefect's threads, which fork would copy mid-step
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield lambda path: pool.submit(processing.process_with_aliases, path, learned)
    finally:  # a run stopped by an error does not wait for the documents still queued
        pool.shutdown(cancel_futures=True)


def _in_order(paths: list[Path], submit: Submit, report: Callable[[Path], None]) -> Iterator[DocumentResult]:
    """Each path's result, in ``paths`` order, keeping :data:`IN_FLIGHT` submitted ahead."""
    pending: deque[tuple[Path, PrefectFuture | Future]] = deque()
    upcoming = iter(paths)

    def top_up() -> None:
        while len(pending) < IN_FLIGHT and (path := next(upcoming, None)) is not None:
            pending.append((path, submit(path)))

    top_up()
    while pending:
        path, future = pending.popleft()
        result = _result(path, future)
        del future  # a finished future holds its result
        top_up()  # before yielding: the workers extract while the caller writes
        report(path)
        yield result


class _Counter:
    """Calls ``progress(done, total, path)`` once per document."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, path: Path) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, str(path))


def _batches(items, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter), taken from ``items`` as it yields."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _result(path: Path, future: PrefectFuture | Future) -> DocumentResult:
    """The future's result; a task or worker process that crashed (a lost Dask worker)
    is a failed document."""
    if isinstance(future, PrefectFuture):
        result = future.result(raise_on_failure=False)
    else:
        result = future.exception() or future.result()
    if isinstance(result, BaseException):
        return DocumentResult(str(path), processing.fingerprint(path),
                              error=f"extraction task failed: {type(result).__name__}: {result}")
    return result
