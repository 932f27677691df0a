"""The served deployments against a real ``prefect server`` on 127.0.0.1.

Everything Prefect runs in subprocesses (the server, ``outturn serve``, its flow runs);
this process talks to the server's REST API over plain HTTP, so the session's
``prefect_harness`` (a different, ephemeral server) is never mixed in. Every wait has a
deadline and fails saying what it waited for; both processes are stopped at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from outturn.processing import process_document
from outturn.store import Store

PAPERS = {
    "york-q4.txt": "City of York Council - Children and Education Scrutiny Committee\n\n"
                   "The rate of children looked after per 10,000 children was 62.1 at 31 March 2024, "
                   "compared with 70 nationally.\n",
    "kirklees-june.md": "Kirklees Council - Children's Scrutiny Panel\n\n"
                        "Assessments completed within 45 working days: 88.2% in 2023-24 (England 82.9%).\n",
    "leeds-q3.txt": "Leeds City Council - Scrutiny Board (Children and Families)\n\n"
                    "Re-referrals within 12 months were 21.5% in 2023-24, against a target of 20%.\n",
    "wakefield-q2.txt": "Wakefield Council - Children and Young People Scrutiny\n\n"
                        "Care leavers in education, employment or training were 58% at 30 September 2023.\n",
}
BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntruncated here"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, check, deadline_seconds: float, *, processes=()):
    """Poll ``check()`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"while waiting for {what}: {process.args[0]} exited with {process.returncode}")
        value = check()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"gave up after {deadline_seconds:g} s waiting for {what}")


def stop(process: subprocess.Popen, grace: float = 20) -> None:
    """SIGTERM the process group (the process and its children), then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # stragglers: flow runs still in the group
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real Prefect server with its own home and SQLite database; yields the
    environment for processes that use it."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_UI_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING",
               PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home}/prefect.db")
    log = open(home / "server.log", "wb")
    server = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start",
                               "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("the Prefect server's /api/health", lambda: _healthy(api), 120, processes=[server])
        yield {**env, "PREFECT_API_URL": api}
    finally:
        stop(server)
        log.close()


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Api:
    """The few REST calls the test needs.

    Like Prefect's own client, it retries what the server marks as transient: a busy
    SQLite database answers 503 with Retry-After (seen in CI on a loaded machine).
    """

    TRANSIENT = frozenset({429, 502, 503})

    def __init__(self, url: str, retry_for: float = 60.0):
        self.client = httpx.Client(base_url=url, timeout=10)
        self.retry_for = retry_for

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        deadline = time.monotonic() + self.retry_for
        while True:
            response = self.client.request(method, url, **kwargs)
            if response.status_code not in self.TRANSIENT or time.monotonic() > deadline:
                return response
            time.sleep(min(float(response.headers.get("Retry-After") or 1), 5))

    def deployment_id(self, name: str) -> str | None:
        response = self.request("GET", f"/deployments/name/{name}")
        return response.json()["id"] if response.status_code == 200 else None

    def run(self, name: str) -> str:
        response = self.request("POST", f"/deployments/{self.deployment_id(name)}/create_flow_run", json={})
        response.raise_for_status()
        return response.json()["id"]

    def state(self, flow_run_id: str) -> dict:
        return self.request("GET", f"/flow_runs/{flow_run_id}").raise_for_status().json()["state"]

    def finished(self, flow_run_ids: list[str]) -> list[dict] | None:
        states = [self.state(i) for i in flow_run_ids]
        return states if all(s["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states) else None


def drop(inbox: Path, name: str, data: bytes) -> None:
    """Put a file in the inbox as a user would, already settled (written a minute ago)."""
    (inbox / name).write_bytes(data)
    os.utime(inbox / name, (time.time() - 60, time.time() - 60))


def stored(db: Path) -> dict:
    with Store.open(db, read_only=True) as store:
        docs = {name: (status, count) for name, status, count in
                store.query("SELECT name, status, statement_count FROM documents")[1]}
        total, distinct = store.query(
            "SELECT count(*), count(DISTINCT (doc_id, char_start, char_end, role)) FROM statements")[1][0]
        per_doc = dict(store.query("SELECT doc, count(*) FROM statements GROUP BY doc")[1])
    return {"documents": docs, "statements": total, "distinct": distinct, "per_doc": per_doc}


@pytest.mark.server
def test_served_deployments_keep_up_with_the_inbox(prefect_server, tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "outturn.duckdb"
    inbox.mkdir()
    api = Api(prefect_server["PREFECT_API_URL"])
    log = open(tmp_path / "serve.log", "wb")
    served = subprocess.Popen(
        [str(Path(sys.executable).parent / "outturn"), "serve", "--inbox", str(inbox), "--db", str(db),
         "--interval", "3600"],
        env={**prefect_server, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}, cwd=tmp_path,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for("outturn serve to register its deployments",
                 lambda: api.deployment_id("ingest-inbox/ingest-inbox")
                 and api.deployment_id("ingest-document/ingest-document"), 90, processes=[served])
        expected = {}
        for name in ("york-q4.txt", "kirklees-june.md"):
            drop(inbox, name, PAPERS[name].encode())
            expected[name] = len(process_document(inbox / name).statements)
        assert all(expected.values())

        # two documents: both loaded
        first = api.run("ingest-inbox/ingest-inbox")
        [state] = wait_for("the first ingest-inbox run", lambda: api.finished([first]), 120, processes=[served])
        assert state["type"] == "COMPLETED", state
        assert "2 new" in state["message"] and "0 failed" in state["message"]
        now = stored(db)
        assert now["per_doc"] == expected

        # a broken PDF: recorded failed, the others still in, the run still completes
        drop(inbox, "broken.pdf", BROKEN_PDF)
        second = api.run("ingest-inbox/ingest-inbox")
        [state] = wait_for("the second ingest-inbox run", lambda: api.finished([second]), 120, processes=[served])
        assert state["type"] == "COMPLETED", state
        # (the two loaded documents are unchanged; re-extracted only if the extractor
        # version changed under a working tree being edited)
        assert "0 new" in state["message"] and "1 failed" in state["message"]
        now = stored(db)
        assert now["documents"]["broken.pdf"] == ("failed", 0)
        assert now["per_doc"] == expected

        # two runs at once over two more documents: no duplicates, nothing lost
        for name in ("leeds-q3.txt", "wakefield-q2.txt"):
            drop(inbox, name, PAPERS[name].encode())
            expected[name] = len(process_document(inbox / name).statements)
        both = [api.run("ingest-inbox/ingest-inbox"), api.run("ingest-inbox/ingest-inbox")]
        states = wait_for("two overlapping ingest-inbox runs", lambda: api.finished(both), 180,
                          processes=[served])
        assert [s["type"] for s in states] == ["COMPLETED", "COMPLETED"], states
        now = stored(db)
        assert now["per_doc"] == expected
        assert now["statements"] == now["distinct"] == sum(expected.values())
        assert {n: s for n, (s, _) in now["documents"].items()} == {
            **{n: "ok" for n in expected}, "broken.pdf": "failed"}
        assert all(now["per_doc"][n] == c for n, (s, c) in now["documents"].items() if s == "ok")
        assert sorted(os.listdir(inbox)) == sorted([*expected, "broken.pdf"])  # nothing moved or deleted
    finally:
        stop(served)
        log.close()
        if sys.exc_info()[0] is not None:
            print((tmp_path / "serve.log").read_text(errors="replace")[-4000:])


@pytest.mark.parametrize("deployment", ["ingest-inbox", "ingest-document", "apply-corrections"])
def test_prefect_yaml_declares_each_deployment_with_a_loadable_flow(deployment):
    import yaml
    from prefect.flows import load_flow_from_entrypoint

    repo = Path(__file__).resolve().parent.parent
    declared = {d["name"]: d for d in yaml.safe_load((repo / "prefect.yaml").read_text())["deployments"]}
    entry = declared[deployment]
    flow = load_flow_from_entrypoint(str(repo / entry["entrypoint"]))
    assert flow.name == deployment  # so `prefect deployment run NAME/NAME` names it
    assert set(entry["parameters"]) <= set(flow.parameters.properties)
    assert entry["work_pool"]["name"] == "outturn"


_HOLD_STORE = """
import sys
from outturn.store import Store
with Store.open(sys.argv[1]):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_a_writer_waits_for_another_process_then_gets_its_turn(tmp_path):
    import doctest
    import threading

    import outturn.locking
    from outturn.errors import DatabaseError

    assert doctest.testmod(outturn.locking).failed == 0
    db = tmp_path / "outturn.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_STORE, str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(DatabaseError, match=r"in use by another outturn process \(waited 0.5 s"):
            Store.open(db, lock_timeout=0.5)
        threading.Timer(1.0, holder.stdin.close).start()  # the holder finishes in a second
        started = time.monotonic()
        with Store.open(db, lock_timeout=30) as store:
            assert store.query("SELECT count(*) FROM documents")[1] == [(0,)]
        assert time.monotonic() - started >= 0.5
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
