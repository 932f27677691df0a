"""The ingest flow: discover, read/extract/match each new document, load.

Logic lives in :mod:`outturn.processing`; this file only orders the steps. A document
whose bytes and extractor version are already stored is skipped, so a second run over
the same files does nothing; a new extractor version re-extracts everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from outturn import processing
from outturn.extractors.version import extractor_version
from outturn.processing import DocumentResult, IngestSummary
from outturn.store import Store

#: ``progress(done, total, path)``, called after each document.
Progress = Callable[[int, int, str], None]


@task(name="extract-document", cache_policy=NO_CACHE)
def extract_document(path: Path) -> DocumentResult:
    """Read, identify, extract and match one document (failures come back as results)."""
    return processing.process_document(path)


@flow(name="ingest")
def ingest(paths: list[str], db: str = "outturn.duckdb", progress: Progress | None = None) -> IngestSummary:
    """Ingest the documents under ``paths`` into the DuckDB file ``db``.

    Args:
        paths: files and directories (searched recursively).
        db: the database file; created and migrated when needed.
        progress: called after each document with (done, total, path).

    Returns:
        What was new, re-extracted, unchanged and failed, and the statements loaded.
    """
    version = extractor_version()
    files = processing.discover(paths)
    summary = IngestSummary()
    with Store.open(db) as store:  # every write happens here, in the flow's process
        run_id = store.start_run(version)
        for done, path in enumerate(files, start=1):
            if store.known(processing.fingerprint(path), version):
                summary.unchanged += 1
            else:
                result = extract_document(path)
                processing.load_result(store, result, extractor_version=version,
                                       run_id=run_id, summary=summary)
            if progress is not None:
                progress(done, len(files), str(path))
        store.finish_run(run_id, new=summary.new, reextracted=summary.reextracted,
                         unchanged=summary.unchanged, failed=summary.failed,
                         statements=summary.statements)
    return summary
