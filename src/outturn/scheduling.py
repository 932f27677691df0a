"""How the ingest flow schedules extraction: where documents are extracted (the flow's
task runner or a process pool), results back in document order with a bounded number
in flight, written in batches, and progress counted per document.

The flow (:mod:`outturn.flows.ingest`) only calls these; this module holds no rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

from prefect import Task
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

from outturn import processing
from outturn.processing import DocumentResult

#: ``progress(done, total, path)``, called after each document.
Progress = Callable[[int, int, str], None]

#: Results written per turn at the database lock: a stopped run keeps what it wrote.
WRITE_BATCH = 25
#: Documents submitted and not yet written, at most: what bounds the flow's memory.
IN_FLIGHT = 2 * WRITE_BATCH

#: ``submit(path)`` -> the future of the path's :class:`DocumentResult`.
Submit = Callable[[Path], "PrefectFuture | Future"]


@contextlib.contextmanager
def extraction(task: Task, documents: int, requested: int | None, learned: tuple) -> Iterator[Submit]:
    """Where this run extracts ``documents``: worker processes when the flow runs on its
    own thread runner and the batch calls for them, else ``task`` on the flow's task runner.

    The workers are a plain process pool, not Prefect's ProcessPoolTaskRunner: that one
    rebuilds Prefect's context for every task, about a second of CPU per document
    (40 one-page PDFs took 54 s on 2 workers against 17 s on one).
    """
    context = FlowRunContext.get()
    local = context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)
    workers = processing.extraction_workers(documents, requested) if local else 1
    if workers <= 1:
        yield lambda path: task.submit(path, learned)
        return
    # spawned, not forked: the flow's process runs Prefect's threads, which fork would copy mid-step
    with processing.WorkerPool(workers) as pool:
        yield lambda path: pool.submit(processing.process_with_aliases, path, learned)


def in_order(paths: list[Path], submit: Submit, report: Callable[[Path], None]) -> Iterator[DocumentResult]:
    """Each path's result, in ``paths`` order, keeping :data:`IN_FLIGHT` submitted ahead."""
    for path, future in processing.in_order(paths, submit, IN_FLIGHT):
        result = _result(path, future)
        del future  # a finished future holds its result
        report(path)
        yield result


class Counter:
    """Calls ``progress(done, total, path)`` once per document.

    >>> seen = []
    >>> count = Counter(lambda *args: seen.append(args), 2)
    >>> count(Path("a.pdf")); count(Path("b.pdf")); seen
    [(1, 2, 'a.pdf'), (2, 2, 'b.pdf')]
    """

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, path: Path) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, str(path))


def batches(items, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter), taken from ``items`` as it yields.

    >>> list(batches(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
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
