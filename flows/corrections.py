"""The apply-corrections flow: apply a reviewer's correction CSV to a database.

Logic lives in :func:`outturn.review.import_review` (the same as `outturn review import`);
this file only runs it where a deployment can. An invalid file fails the flow run with
every problem and its row number in the message, and nothing is applied.
"""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from outturn.review import ImportReport, import_review
from outturn.store import Store


@task(name="import-correction-file", cache_policy=NO_CACHE)
def import_correction_file(path: str, db: str, reviewer: str | None, dry_run: bool) -> ImportReport:
    """Validate the file and, unless ``dry_run``, apply it in one transaction."""
    with Store.open(db) as store:
        return import_review(store, path, reviewer=reviewer, dry_run=dry_run, origin="flow")


@flow(name="apply-corrections")
def apply_corrections(path: str, db: str = "outturn.duckdb", reviewer: str | None = None,
                      dry_run: bool = False) -> ImportReport:
    """Apply the correction CSV at ``path`` (as written by `outturn review export` and
    edited in Excel) to the DuckDB file ``db``.

    Args:
        path: the correction file.
        db: the database file.
        reviewer: who reviewed, for rows whose reviewer cell is empty.
        dry_run: check every row and report, writing nothing.

    Returns:
        What was applied, unchanged and learned.

    Raises:
        CorrectionFileError: an invalid row; the run fails and nothing is applied.
    """
    return import_correction_file(path, db, reviewer, dry_run)
