"""The ``ingest-document`` deployment's flow: one document, by path or http(s) URL.

A download is retried when the failure may pass (a timeout, a 503), never when it will
not (a 404, a document over the size limit); extraction is never retried (a broken PDF
stays broken). Either way the failure is recorded in DuckDB and the run completes, its
message saying that one document failed.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, State

from outturn import processing, serve
from outturn.extractors.version import extractor_version
from outturn.flows.ingest import extract_document
from outturn.processing import DocumentResult, IngestSummary
from outturn.review import learned_alias_pairs
from outturn.store import Store


def _transient(task, task_run, state) -> bool:
    """Retry a download only when its error says asking again may help."""
    return isinstance(state.result(raise_on_failure=False), serve.TransientDownloadError)


@task(name="download-document", retries=3, retry_delay_seconds=[10, 60, 300],
      retry_condition_fn=_transient, cache_policy=NO_CACHE)
def download_document(url: str, folder: str, max_bytes: int, timeout: float) -> Path:
    """Fetch ``url`` into ``folder`` (see :func:`outturn.serve.download`)."""
    return serve.download(url, folder, max_bytes=max_bytes, timeout=timeout)


@flow(name="ingest-document")
def ingest_document(source: str, db: str = "outturn.duckdb", downloads: str | None = None,
                    max_bytes: int = serve.DEFAULT_MAX_BYTES,
                    timeout: float = serve.DEFAULT_TIMEOUT) -> State:
    """Fetch (when a URL), extract and load one document.

    Args:
        source: a path, or an http(s) URL.
        db: the DuckDB file.
        downloads: where fetched documents are kept; ``downloads/`` beside ``db`` when None.
        max_bytes: refuse a download larger than this.
        timeout: seconds a download may take.

    Returns:
        A Completed state whose message says whether the document loaded or failed.
    """
    version = extractor_version()
    summary = IngestSummary()
    with Store.open(db) as store:  # not held while downloading and extracting
        learned = learned_alias_pairs(store)
    if serve.is_url(source):
        folder = downloads or str(Path(db).resolve().parent / "downloads")
        fetched = download_document(source, folder, max_bytes, timeout, return_state=True)
        if fetched.is_failed():
            error = fetched.result(raise_on_failure=False)
            result = DocumentResult(source, None, error=getattr(error, "reason", str(error)))
        else:
            result = extract_document(fetched.result(), learned)
            if result.document is not None:
                result.document.url = result.document.url or source
    else:
        result = extract_document(Path(source), learned)
    with Store.open(db) as store:
        run_id = store.start_run(version)
        processing.load_results(store, [result], extractor_version=version, run_id=run_id,
                                summary=summary)
        store.finish_run(run_id, new=summary.new, reextracted=summary.reextracted,
                         unchanged=summary.unchanged, failed=summary.failed,
                         statements=summary.statements)
    return Completed(message=f"{source}: {summary.line()}", data=summary)
