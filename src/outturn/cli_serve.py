"""``outturn serve``: the deployments of ``prefect.yaml``, served from one process.

For a single machine: one process registers ``ingest-inbox`` (on a schedule),
``ingest-document`` and ``apply-corrections`` with the Prefect server named by
PREFECT_API_URL and runs their flow runs as subprocesses. The production path (a work
pool and workers) uses ``prefect.yaml`` with ``prefect deploy --all`` instead; both
create the same deployments.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from outturn.cli_common import db_option
from outturn.serve import DEFAULT_INTERVAL

#: What to tell a user who has no Prefect server yet.
_NO_SERVER = (
    "outturn serve needs a Prefect server that other commands can reach: run "
    "`prefect server start` in another terminal, then "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and try again"
)


def deployments(inbox: Path, interval: int, db: Path) -> list:
    """The RunnerDeployments to serve, named as in ``prefect.yaml``.

    Returns:
        ``ingest-inbox`` every ``interval`` seconds, ``ingest-document``, and
        ``apply-corrections`` when this outturn has that flow.
    """
    from prefect.deployments.runner import EntrypointType

    from outturn.flows.document import ingest_document
    from outturn.flows.inbox import ingest_inbox

    common = {"entrypoint_type": EntrypointType.MODULE_PATH, "tags": ["outturn"]}
    served = [
        ingest_inbox.to_deployment(
            name="ingest-inbox", interval=interval, parameters={"inbox": str(inbox), "db": str(db)},
            description="Ingest new or changed files of the inbox folder.", **common),
        ingest_document.to_deployment(
            name="ingest-document", parameters={"db": str(db)},
            description="Ingest one document by path or http(s) URL (parameter: source).", **common),
    ]
    try:
        from outturn.flows.corrections import apply_corrections
    except ImportError:
        click.echo("note: this outturn has no apply-corrections flow; not serving it", err=True)
    else:
        served.append(apply_corrections.to_deployment(
            name="apply-corrections", parameters={"db": str(db)},
            description="Apply a reviewer's corrections CSV.", **common))
    return served


@click.command(name="serve")
@click.option("--inbox", default="inbox", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder to watch (created when missing; nothing in it is moved or deleted).")
@click.option("--interval", default=DEFAULT_INTERVAL, show_default=True, type=click.IntRange(min=1),
              help="Seconds between scans of the inbox.")
@click.option("--limit", default=4, show_default=True, type=click.IntRange(min=1),
              help="Flow runs at once (writes to --db take turns whatever the limit).")
@db_option
def serve(inbox: Path, interval: int, limit: int, db: str) -> None:
    """Serve the ingest-inbox, ingest-document and apply-corrections deployments from
    this process until stopped (Ctrl-C), against the Prefect server at PREFECT_API_URL.

    ingest-inbox runs every --interval seconds and on demand; the others on demand.
    First run `prefect server start` and export
    PREFECT_API_URL=http://127.0.0.1:4200/api.

    \b
    Example:
        outturn serve --inbox ~/committee-papers --interval 600 --db outturn.duckdb

    \b
    Then, from another terminal:
        prefect deployment run ingest-inbox/ingest-inbox
        prefect deployment run ingest-document/ingest-document --param source=https://example.org/kpi.pdf
    """
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect import serve as prefect_serve
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        raise click.ClickException(_NO_SERVER)
    inbox = inbox.resolve()
    if not inbox.exists():
        inbox.mkdir(parents=True)
        click.echo(f"created the inbox {inbox}", err=True)
    db_path = Path(db).resolve()
    from outturn.store import Store

    Store.open(db_path).close()  # create and migrate now: a broken database fails here, not in a run
    served = deployments(inbox, interval, db_path)
    click.echo(f"serving {', '.join(d.flow_name + '/' + d.name for d in served)}; "
               f"inbox {inbox} every {interval} s; database {db_path}", err=True)
    sys.stderr.flush()
    prefect_serve(*served, limit=limit, print_starting_message=False)
