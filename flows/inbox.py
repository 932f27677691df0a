"""The ``ingest-inbox`` deployment's flow: ingest what is new or changed in a folder.

The folder is the user's: nothing in it is moved or deleted. What was processed is known
from DuckDB (a document is its sha256 and extractor version), so each scan extracts only
new or changed files; a file that failed is not tried again until its bytes change.
"""

from __future__ import annotations

from prefect import flow
from prefect.states import Completed, State

from outturn import serve
from outturn.flows.ingest import ingest


@flow(name="ingest-inbox")
def ingest_inbox(inbox: str = "inbox", db: str = "outturn.duckdb", settle_seconds: float = 2.0) -> State:
    """Ingest the settled files of ``inbox`` into ``db``.

    Args:
        inbox: the folder to scan (recursively; a manifest.csv lists its documents).
        db: the DuckDB file.
        settle_seconds: leave a file changed more recently than this to the next scan.

    Returns:
        A Completed state whose message says how many documents were new and failed; a
        failed document never fails the run.
    """
    files = serve.inbox_files(inbox, settle_seconds=settle_seconds)
    summary = ingest(paths=[str(f) for f in files], db=db, retry_failed=False)
    return Completed(message=f"{inbox}: {summary.line()}", data=summary)
