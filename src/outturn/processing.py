"""The steps of an ingest, as plain functions: the Prefect flow in :mod:`outturn.flows.ingest`
calls them, the CLI's ``extract`` calls them without Prefect, and tests call them directly.

- :func:`discover` lists the files to ingest (unsupported ones too, so the user is told).
- :func:`process_document` reads one file, names its council, extracts and matches its
  statements; a bad document becomes a failed :class:`DocumentResult`, never an exception.
- :func:`load_result` writes one result through the :class:`~outturn.store.Store`.
- :func:`extract_formatted` is ``outturn extract``'s unit of work: one file's statements
  as JSON lines or CSV rows; :class:`WorkerPool` and :func:`in_order` run it on several
  cores, results in input order.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from outturn.errors import DataFileError, DocumentError
from outturn.extractors.extract import extract_statements
from outturn.extractors.models import STATEMENT_FIELDS, Document, Statement
from outturn.extractors.readers import FORMATS, read_document
from outturn.lexicon.councils import MANIFEST_COLUMNS, ManifestRow, default_register, detect_council, read_manifest
from outturn.lexicon.datafile import read_rows
from outturn.lexicon.match import IndicatorMatcher, match_statements
from outturn.matches import match_records

if TYPE_CHECKING:  # the database is not imported by `outturn extract`
    from outturn.store import Store

#: The file beside a corpus's documents that gives their council, title, date and URL.
MANIFEST_NAME = "manifest.csv"


@dataclass
class DocumentResult:
    """What became of one file.

    Attributes:
        path: the file.
        doc_id: sha256 of its bytes; None when they could not be read.
        document: the read document; None when reading failed.
        statements: its statements, matched to the lexicon.
        error: why it failed, or None.
        warnings: what the user should know although it loaded (a bad manifest row).
        matches: the ``statement_matches`` rows of ``statements`` (match status,
            runner-up, margin), from :func:`outturn.matches.match_records`.
    """

    path: str
    doc_id: str | None
    document: Document | None = None
    statements: list[Statement] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class IngestSummary:
    """What an ingest run did. ``failures`` and ``warnings`` hold ``(path, message)`` pairs."""

    new: int = 0
    reextracted: int = 0
    unchanged: int = 0
    statements: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def line(self) -> str:
        """One line for a person.

        >>> IngestSummary(new=2, unchanged=1, statements=40).line()
        'documents: 2 new, 0 re-extracted, 1 unchanged, 0 failed; statements loaded: 40'
        """
        return (
            f"documents: {self.new} new, {self.reextracted} re-extracted, {self.unchanged} unchanged, "
            f"{self.failed} failed; statements loaded: {self.statements}"
        )


def is_supported(path: Path) -> bool:
    """True when outturn has a reader for ``path``'s extension.

    >>> is_supported(Path("a.PDF")), is_supported(Path("a.docx"))
    (True, False)
    """
    return path.suffix.lower() in FORMATS


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The files to ingest under ``paths``, in a stable order, without repeats.

    A directory with a ``manifest.csv`` holds exactly the documents its ``path`` column
    lists (a corpus keeps notes and source files beside them). Any other directory is
    searched recursively, skipping hidden files, and every file in it is returned,
    including ones outturn cannot read (a ``.docx``), so that they are recorded as
    failed and the user is told; so are given paths that do not exist.

    Raises:
        DataFileError: a malformed manifest (unknown or missing column, a ragged row),
            naming the manifest and the line. A row that is merely wrong (an unknown
            council, a missing file) is not an error here: see :func:`identify_council`.
    """
    found: dict[Path, None] = {}
    for given in map(Path, paths):
        for path in _files_under(given) if given.is_dir() else [given]:
            found.setdefault(path, None)
    return list(found)


def _files_under(folder: Path) -> list[Path]:
    manifest = folder / MANIFEST_NAME
    if manifest.is_file():
        return list(load_manifest(manifest).documents)
    files = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            files += _files_under(entry)
        else:
            files.append(entry)
    return files


def fingerprint(path: str | Path) -> str | None:
    """sha256 of the file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


#: A batch needs this many documents per extraction process before it is worth
#: starting one (a worker process imports spaCy and builds the matcher: seconds).
DOCUMENTS_PER_WORKER = 8


def extraction_workers(documents: int, requested: int | None = None, cores: int | None = None) -> int:
    """How many processes should extract ``documents``: ``requested`` (at most one a
    document), or by default one per core, and 1 (the caller's own process) for a batch
    too small to pay for starting them.

    >>> extraction_workers(1000, cores=4), extraction_workers(20, cores=4), extraction_workers(5, cores=4)
    (4, 2, 1)
    >>> extraction_workers(3, requested=2), extraction_workers(1, requested=2), extraction_workers(0, requested=1)
    (2, 1, 1)
    """
    if requested is not None:
        return max(1, min(requested, documents))
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, documents // DOCUMENTS_PER_WORKER))


@functools.cache
def default_matcher() -> IndicatorMatcher:
    """The packaged lexicon's indicator matcher, built once per process."""
    return IndicatorMatcher()


@functools.lru_cache(maxsize=4)
def matcher_for(learned_aliases: tuple[tuple[str, str], ...] = ()) -> IndicatorMatcher:
    """The lexicon's matcher with a database's learned aliases ``(phrase, indicator_id)``
    (:func:`outturn.review.learned_alias_pairs`); the default matcher when there are none."""
    if not learned_aliases:
        return default_matcher()
    return IndicatorMatcher(extra_aliases=learned_aliases)


@dataclass(frozen=True)
class Manifest:
    """A corpus ``manifest.csv``, as discovery and council identification use it.

    Attributes:
        documents: the listed files (resolved), in file order, present or not.
        rows: the valid rows, by the resolved path of their document.
        problems: for a listed document whose row is invalid (an unknown council, a bad
            date), what the manifest got wrong; the document is still ingested.
    """

    documents: tuple[Path, ...]
    rows: dict[str, ManifestRow]
    problems: dict[str, str]


def load_manifest(manifest: Path) -> Manifest:
    """Read ``manifest`` (once per version of the file).

    Raises:
        DataFileError: the file itself is malformed (unknown or missing column, a row
            with the wrong number of cells or no path).
    """
    manifest = manifest.resolve()
    return _load_manifest(manifest, manifest.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _load_manifest(manifest: Path, mtime_ns: int) -> Manifest:
    listed = {line: (manifest.parent / row["path"]).resolve()
              for line, row in read_rows(manifest, MANIFEST_COLUMNS, required=("path",))}
    errors: list[DataFileError] = []
    rows = read_manifest(manifest, errors=errors)
    problems = {str(listed[e.line]): str(e) for e in errors if e.line in listed}
    return Manifest(tuple(listed.values()), rows, problems)


def manifest_for(path: Path) -> Manifest | None:
    """The ``manifest.csv`` beside ``path``, or None."""
    manifest = path.parent / MANIFEST_NAME
    return load_manifest(manifest) if manifest.is_file() else None


def identify_council(document: Document) -> list[str]:
    """Fill ``document``'s council (and title, date, url where missing) from the
    manifest beside it, or else detect the council from its text.

    Returns:
        Warnings for the user: a bad manifest row for this document (also noted in
        ``document.events``; detection is used instead).
    """
    warnings = []
    manifest = manifest_for(Path(document.path))
    key = str(Path(document.path).resolve())
    entry = manifest.rows.get(key) if manifest is not None else None
    if entry is not None:
        document.council = entry.council.name if entry.council is not None else document.council
        document.title = entry.title or document.title
        document.date = entry.date or document.date
        document.url = entry.url or document.url
    elif manifest is not None and key in manifest.problems:
        warnings.append(f"manifest row ignored: {manifest.problems[key]}")
        document.events.append(warnings[-1])
    if document.council is None:
        council = detect_council(document.text, title=document.title, url=document.url)
        document.council = council.name if council is not None else None
    register = default_register()
    council = register.lookup(document.council) if document.council else None
    document.council_names = tuple(register.names_of(council)) if council else ()
    return warnings


def process_document(path: str | Path, *, matcher: IndicatorMatcher | None = None) -> DocumentResult:
    """Read, identify, extract and match one file; a bad file becomes a failed result.

    Args:
        path: the file.
        matcher: an indicator matcher; the lexicon's default when None.

    Returns:
        The result; ``error`` says why the file failed, in one line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return DocumentResult(str(path), None, error=f"cannot read the file: {exc.strerror or exc}")
    doc_id = hashlib.sha256(data).hexdigest()
    try:
        document = read_document(path, data)
    except (DocumentError, DataFileError) as exc:
        return DocumentResult(str(path), doc_id, error=getattr(exc, "reason", str(exc)))
    try:
        warnings = identify_council(document)
        statements = extract_statements(document)
        for statement in statements:
            statement.council = statement.council or document.council
        matcher = matcher or default_matcher()
        statements = match_statements(statements, matcher)
        matches = match_records(doc_id, statements, matcher)
    except Exception as exc:  # an extractor bug must not stop the batch; say which file
        return DocumentResult(str(path), doc_id, document,
                              error=f"extraction failed: {type(exc).__name__}: {exc}")
    return DocumentResult(str(path), doc_id, document, statements, warnings=warnings, matches=matches)


def process_with_aliases(path: str | Path, learned_aliases: tuple[tuple[str, str], ...] = ()) -> DocumentResult:
    """:func:`process_document` with a database's learned aliases ``(phrase, indicator_id)``
    added to the lexicon (a plain function, so a worker process can run it)."""
    return process_document(path, matcher=matcher_for(learned_aliases))


def warm_up() -> None:
    """Build what every extraction loads once (the spaCy pipeline, the cue files, the
    lexicon), by extracting a two-line document: forked worker processes then share it
    instead of each building its own."""
    text = "Performance report, Q1 2024-25\n\nRe-referrals were 21.5% in June 2024, against a 22% target.\n"
    document = Document("warm-up.txt", "warm-up.txt", "0" * 64, "text", text)
    identify_council(document)
    match_statements(extract_statements(document), default_matcher())


@dataclass
class Formatted:
    """One file's statements as output lines, or why it failed.

    Attributes:
        path: the file.
        text: its statements, one JSON object or CSV row a line (no CSV header).
        error: why it failed, or None.
        warnings: what the user should know although it was read.
    """

    path: str
    text: str = ""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def format_statements(statements: Iterable[Statement], fmt: str, *, header: bool = False) -> str:
    """``statements`` as JSON lines (``jsonl``) or CSV rows (``csv``, after the header row
    when ``header``), with exactly the export contract's keys.

    >>> format_statements([], "csv", header=True).split(",")[:3], format_statements([], "jsonl", header=True)
    (['doc', 'doc_id', 'council'], '')
    """
    if fmt == "jsonl":
        return "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in statements)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=STATEMENT_FIELDS, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(s.to_dict() for s in statements)
    return out.getvalue()


def extract_formatted(path: str | Path, fmt: str) -> Formatted:
    """:func:`process_document` with its statements formatted by :func:`format_statements`
    (a plain function returning a small object, so a worker process can run it)."""
    result = process_document(path)
    if not result.ok:
        return Formatted(result.path, error=result.error)
    return Formatted(result.path, format_statements(result.statements, fmt), warnings=result.warnings)


def formatted_result(path: str | Path, future: Future) -> Formatted:
    """The future's :class:`Formatted`; a worker process that died (killed, out of memory)
    makes a failed file, not a stopped batch."""
    try:
        return future.result()
    except Exception as exc:  # BrokenProcessPool and the like: name the file, go on
        return Formatted(str(path), error=f"extraction failed: {type(exc).__name__}: {exc}")


class WorkerPool:
    """Extraction processes, used as a context manager; a pool left by an error does not
    wait for queued work.

    With ``fork``, on Linux, in a process running no other thread (``outturn extract``;
    fork would copy another thread's locks mid-step), the workers are forked after
    :func:`warm_up` and share what it loaded; else they are spawned and load it themselves.
    A worker killed mid-document (out of memory, a signal) fails the documents then in
    flight (see :func:`formatted_result`), and the next :meth:`submit` starts a fresh pool
    for the rest of the batch.
    """

    def __init__(self, workers: int, *, fork: bool = False):
        alone = threading.active_count() == 1
        method = "fork" if fork and alone and sys.platform.startswith("linux") else "spawn"
        if method == "fork":
            warm_up()
        self.workers, self.context = workers, multiprocessing.get_context(method)
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=self.context)

    def submit(self, fn: Callable, *args) -> Future:
        try:
            return self.pool.submit(fn, *args)
        except BrokenExecutor:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context)
            return self.pool.submit(fn, *args)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(cancel_futures=True)


_END = object()


def in_order(items: Iterable, submit: Callable[[object], Future], ahead: int) -> Iterator[tuple[object, Future]]:
    """``(item, future)`` for each item in order, keeping ``ahead`` items submitted
    beyond the one yielded, so the workers run while the caller uses a result.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as pool:
    ...     [(i, f.result()) for i, f in in_order(range(4), lambda i: pool.submit(pow, i, 2), 2)]
    [(0, 0), (1, 1), (2, 4), (3, 9)]
    """
    pending: deque = deque()
    upcoming = iter(items)

    def top_up() -> None:
        while len(pending) < ahead and (item := next(upcoming, _END)) is not _END:
            pending.append((item, submit(item)))

    top_up()
    while pending:
        item, future = pending.popleft()
        top_up()  # before yielding: the workers run while the caller uses this result
        yield item, future


def load_result(store: Store, result: DocumentResult, *, extractor_version: str,
                run_id: int | None, summary: IngestSummary) -> None:
    """Write one result to ``store`` and count it in ``summary``.

    The statements and the document row are written in one transaction: the row is what
    marks the document done for this extractor version, and it never lands without them.
    """
    if not result.ok:
        store.record_failure(result.path, result.error, result.doc_id, document=result.document,
                             run_id=run_id, extractor_version=extractor_version)
        summary.failures.append((result.path, result.error))
        return
    summary.warnings += [(result.path, warning) for warning in result.warnings]
    earlier = store.stored_version(result.doc_id)
    with store.transaction():  # a document's statements and its row land together or not at all
        count = store.replace_statements(result.doc_id, result.statements)
        store.replace_statement_matches(result.doc_id, result.matches)
        store.record_document(result.document, extractor_version=extractor_version,
                              statement_count=count)
    summary.statements += count
    if earlier is None:
        summary.new += 1
    else:
        summary.reextracted += 1


def pending(store: Store, files: Iterable[Path], *, extractor_version: str,
            retry_failed: bool = True) -> list[Path]:
    """The files among ``files`` that still need extracting by ``extractor_version``.

    A file whose bytes were extracted successfully is done. A file whose same bytes
    already failed with this version is done too when ``retry_failed`` is False: the
    failure is deterministic (a broken PDF), so an inbox scanned every minute does not
    record it again every minute. A file that cannot be read is always pending.
    """
    todo = []
    for path in files:
        status = store.status(fingerprint(path), extractor_version)
        if status == "ok" or (status == "failed" and not retry_failed):
            continue
        todo.append(path)
    return todo


def load_results(store: Store, results: Iterable[DocumentResult], *, extractor_version: str,
                 run_id: int | None, summary: IngestSummary) -> None:
    """Write ``results`` with :func:`load_result`, skipping a document that another run
    loaded while this one was extracting it (counted unchanged): with the database lock
    held by ``store``, the check and the write cannot interleave with another run's."""
    for result in results:
        if result.ok and store.known(result.doc_id, extractor_version):
            summary.unchanged += 1
        else:
            load_result(store, result, extractor_version=extractor_version, run_id=run_id,
                        summary=summary)
