"""Downloads against a real http.server on 127.0.0.1: size limit, timeout, which errors
are retried, and the ``ingest-document`` flow over a URL under the Prefect harness."""

from __future__ import annotations

import doctest
import http.server
import os
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

import outturn.serve
from outturn.errors import DocumentError
from outturn.serve import DownloadError, TransientDownloadError, download, inbox_files
from outturn.store import Store

PAPER = (b"Leeds City Council - Scrutiny Board (Children and Families)\n\n"
         b"The rate of children looked after per 10,000 children was 85.3 at 31 March 2024, "
         b"compared with 70 nationally.\n")


class Handler(http.server.BaseHTTPRequestHandler):
    """Each path is one behaviour; ``hits`` counts requests per path."""

    hits: Counter = Counter()

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        self.hits[self.path] += 1
        if self.path == "/papers/kpi.txt":
            self._send(200, PAPER, "text/plain")
        elif self.path == "/convert.aspx?id=7":  # no usable extension: the Content-Type names it
            self._send(200, b"<html><body><p>" + PAPER + b"</p></body></html>", "text/html; charset=utf-8")
        elif self.path == "/declared-big.pdf":
            self.send_response(200)
            self.send_header("Content-Length", str(10_000_000))
            self.end_headers()
        elif self.path == "/streamed-big.txt":  # no Content-Length: the running count stops it
            self.send_response(200)
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 4096)
        elif self.path == "/slow.txt":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"slow\n")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/busy-then-ok.txt" and self.hits[self.path] == 1:
            self._send(503, b"busy", "text/plain")
        elif self.path == "/busy-then-ok.txt":
            self._send(200, PAPER, "text/plain")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def hits():
    Handler.hits.clear()
    return Handler.hits


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed on exit: connecting is refused


def test_doctests():
    assert doctest.testmod(outturn.serve).failed == 0


def test_a_download_lands_whole_with_a_readable_name(server, tmp_path):
    path = download(f"{server}/papers/kpi.txt", tmp_path)
    assert path.read_bytes() == PAPER and path.name.endswith("-kpi.txt")
    html = download(f"{server}/convert.aspx?id=7", tmp_path)
    assert html.suffix == ".html"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial-")]


# (path, max_bytes, timeout, error type, words in the reason)
FAILURES = [
    pytest.param("/missing.pdf", 2**20, 10, DownloadError, "answered 404", id="404-not-retried"),
    pytest.param("/declared-big.pdf", 2**20, 10, DownloadError, "over the 1.0 MB limit", id="content-length-too-big"),
    pytest.param("/streamed-big.txt", 100_000, 10, DownloadError, "more than 0.1 MB, over", id="streamed-too-big"),
    pytest.param("/slow.txt", 2**20, 1, TransientDownloadError, "longer than 1 s", id="slow-times-out"),
    pytest.param("/busy-then-ok.txt", 2**20, 10, TransientDownloadError, "answered 503", id="503-retried"),
]


@pytest.mark.parametrize("url_path, max_bytes, timeout, kind, reason", FAILURES)
def test_a_failed_download_says_why_and_whether_to_retry(server, tmp_path, hits, url_path, max_bytes,
                                                          timeout, kind, reason):
    with pytest.raises(DownloadError, match=reason) as caught:
        download(f"{server}{url_path}", tmp_path, max_bytes=max_bytes, timeout=timeout)
    assert type(caught.value) is kind
    assert os.listdir(tmp_path) == []  # no partial file left behind


def test_a_refused_connection_is_transient(tmp_path):
    with pytest.raises(TransientDownloadError, match="cannot reach the server"):
        download(f"http://127.0.0.1:{closed_port()}/a.pdf", tmp_path, timeout=5)


def test_only_http_urls_are_downloaded(tmp_path):
    with pytest.raises(DownloadError, match="not an http"):
        download("file:///etc/passwd", tmp_path)


def test_the_inbox_waits_for_files_to_settle(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(PAPER)
    new.write_bytes(PAPER)
    os.utime(old, (time.time() - 60, time.time() - 60))
    assert inbox_files(tmp_path, settle_seconds=10) == [old]
    assert inbox_files(tmp_path, settle_seconds=0) == [new, old]
    with pytest.raises(DocumentError, match="the inbox is not a folder"):
        inbox_files(tmp_path / "absent")


# -- under Prefect: retries and the ingest-document flow ----------------------------------


def test_the_task_retries_a_503_but_not_a_404(server, tmp_path, hits, prefect_harness):
    from prefect import flow

    from outturn.flows.document import download_document

    quick = download_document.with_options(retry_delay_seconds=0)

    @flow
    def fetch(url: str):
        return quick(url, str(tmp_path), 2**20, 10, return_state=True)

    assert fetch(f"{server}/busy-then-ok.txt").result().read_bytes() == PAPER
    assert hits["/busy-then-ok.txt"] == 2
    assert fetch(f"{server}/missing.pdf", return_state=True).is_failed() and hits["/missing.pdf"] == 1


def test_ingest_document_by_url_records_the_url_and_the_failures(server, tmp_path, hits, prefect_harness):
    from outturn.flows.document import ingest_document

    db = tmp_path / "outturn.duckdb"
    state = ingest_document(f"{server}/papers/kpi.txt", db=str(db), return_state=True)
    assert state.is_completed() and "1 new" in state.message and "0 failed" in state.message
    missing = ingest_document(f"{server}/missing.pdf", db=str(db), return_state=True)
    assert missing.is_completed() and "1 failed" in missing.message
    with Store.open(db, read_only=True) as store:
        _, rows = store.query("SELECT status, url, statement_count, error FROM documents ORDER BY status")
    assert rows[0][:3] == ("failed", None, 0) and "answered 404" in rows[0][3]
    assert rows[1][:2] == ("ok", f"{server}/papers/kpi.txt") and rows[1][2] > 0
    assert Path(tmp_path / "downloads").is_dir()
