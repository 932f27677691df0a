"""``outturn extract --workers N`` prints exactly what one process prints, in the order of
its arguments, and still reports a bad file and goes on.

The command runs as the installed console script (a process of its own, with no other
thread, which is where it forks its workers), on the sample corpus plus a broken PDF and
an unsupported file placed in the middle of the batch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from outturn import processing

SCRIPT = Path(sys.executable).with_name("outturn")


def outturn(*args: str) -> subprocess.CompletedProcess:
    if not SCRIPT.exists():
        pytest.skip(f"no console script beside {sys.executable}; install the package (make install)")
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def batch(corpus_dir, tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("batch")
    documents = sorted(p for p in corpus_dir.iterdir() if processing.is_supported(p) and p.name != "README.md")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")  # truncated: no xref, no pages
    (folder / "agenda.docx").write_bytes(b"PK\x03\x04")
    for path in documents:
        shutil.copy(path, folder / path.name)
    shutil.copy(corpus_dir / "manifest.csv", folder / "manifest.csv")
    middle = len(documents) // 2
    names = [p.name for p in documents[:middle]] + ["broken.pdf", "agenda.docx"] + [p.name for p in documents[middle:]]
    return [str(folder / name) for name in names]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_workers_print_what_one_process_prints(batch, fmt):
    one = outturn("extract", *batch, "--format", fmt, "--workers", "1")
    two = outturn("extract", *batch, "--format", fmt, "--workers", "2")
    assert one.returncode == two.returncode == 1, (one.stderr, two.stderr)
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert len(one.stdout.splitlines()) > 100, "the corpus has statements"


def test_output_follows_the_order_of_the_arguments(batch):
    documents = [p for p in batch if not p.endswith(("broken.pdf", "agenda.docx"))]
    reverse = outturn("extract", *reversed(documents), "--workers", "2")
    assert reverse.returncode == 0, reverse.stderr
    order = list(dict.fromkeys(json.loads(line)["doc"] for line in reverse.stdout.splitlines()))
    assert order == [Path(p).name for p in reversed(documents)]


def test_each_bad_file_is_named_once_and_the_rest_go_on(batch):
    result = outturn("extract", *batch, "--workers", "2")
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2, result.stderr
    assert "broken.pdf" in errors[0] and "agenda.docx" in errors[1]
    assert "unknown file type '.docx'" in errors[1]
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {Path(p).name for p in batch} - {"broken.pdf", "agenda.docx"}


def _die() -> None:
    os._exit(3)  # a worker killed mid-document (out of memory, a signal)


def test_a_worker_that_dies_fails_its_file_and_the_batch_goes_on(corpus_dir, tmp_path):
    paper = corpus_dir / "leeds-scrutiny-minutes-2024-07-10.txt"
    with processing.WorkerPool(1) as pool:  # spawned workers, as the ingest flow uses them
        died = processing.formatted_result(tmp_path / "big.pdf", pool.submit(_die))
        after = processing.formatted_result(paper, pool.submit(processing.extract_formatted, paper, "jsonl"))
    assert died.path == str(tmp_path / "big.pdf") and died.text == ""
    assert died.error.startswith("extraction failed: BrokenProcessPool")
    assert after.error is None and after.text.count("\n") > 10
