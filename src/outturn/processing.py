"""The steps of an ingest, as plain functions: the Prefect flow in :mod:`outturn.flows.ingest`
calls them, the CLI's ``extract`` calls them without Prefect, and tests call them directly.

- :func:`discover` lists the files to ingest (unsupported ones too, so the user is told).
- :func:`process_document` reads one file, names its council, extracts and matches its
  statements; a bad document becomes a failed :class:`DocumentResult`, never an exception.
- :func:`load_result` writes one result through the :class:`~outturn.store.Store`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from outturn.errors import DataFileError, DocumentError
from outturn.extractors.extract import extract_statements
from outturn.extractors.models import Document, Statement
from outturn.extractors.readers import FORMATS, read_document
from outturn.store import Store

try:  # the council register and the indicator matcher are written concurrently
    from outturn.lexicon.councils import detect_council, read_manifest
except ModuleNotFoundError as exc:  # pragma: no cover - only until lexicon/councils.py lands
    if exc.name != "outturn.lexicon.councils":
        raise
    detect_council = read_manifest = None
try:
    from outturn.lexicon.match import IndicatorMatcher, match_statements
except ModuleNotFoundError as exc:  # pragma: no cover - only until lexicon/match.py lands
    if exc.name != "outturn.lexicon.match":
        raise
    IndicatorMatcher = match_statements = None

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
    """

    path: str
    doc_id: str | None
    document: Document | None = None
    statements: list[Statement] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class IngestSummary:
    """What an ingest run did. ``failures`` holds ``(path, reason)`` pairs."""

    new: int = 0
    reextracted: int = 0
    unchanged: int = 0
    statements: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

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

    Directories are searched recursively, skipping hidden files and each directory's
    ``manifest.csv``. Files outturn cannot read (a ``.docx``) are returned too, so that
    they are recorded as failed and the user is told; so are paths that do not exist.
    """
    found: dict[Path, None] = {}
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                relative = path.relative_to(given).parts
                if path.is_file() and not any(p.startswith(".") for p in relative) \
                        and path.name != MANIFEST_NAME:
                    found.setdefault(path, None)
        else:
            found.setdefault(given, None)
    return list(found)


def fingerprint(path: str | Path) -> str | None:
    """sha256 of the file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@functools.cache
def default_matcher():
    """The lexicon's indicator matcher, built once per process (None until it lands)."""
    return IndicatorMatcher() if IndicatorMatcher is not None else None


def manifest_entry(path: Path):
    """The ``manifest.csv`` row for ``path`` from the manifest beside it, or None."""
    if read_manifest is None:
        return None
    manifest = path.parent / MANIFEST_NAME
    if not manifest.is_file():
        return None
    return _read_manifest_cached(manifest.resolve(), manifest.stat().st_mtime_ns).get(path.name)


@functools.lru_cache(maxsize=32)
def _read_manifest_cached(manifest: Path, mtime_ns: int) -> dict:
    return read_manifest(manifest)


def identify_council(document: Document) -> None:
    """Fill ``document``'s council (and title, date, url where missing) from the
    manifest beside it, or else detect the council from its text."""
    entry = manifest_entry(Path(document.path))
    if entry is not None:
        document.council = entry.council or document.council
        document.title = entry.title or document.title
        document.date = entry.date or document.date
        document.url = entry.url or document.url
    if document.council is None and detect_council is not None:
        council = detect_council(document.text, title=document.title, url=document.url)
        document.council = council.name if council is not None else None


def process_document(path: str | Path, *, matcher=None) -> DocumentResult:
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
        identify_council(document)
        statements = extract_statements(document)
        for statement in statements:
            statement.council = statement.council or document.council
        matcher = matcher if matcher is not None else default_matcher()
        if matcher is not None:
            statements = match_statements(statements, matcher)
    except Exception as exc:  # an extractor bug must not stop the batch; say which file
        return DocumentResult(str(path), doc_id, document,
                              error=f"extraction failed: {type(exc).__name__}: {exc}")
    return DocumentResult(str(path), doc_id, document, statements)


def load_result(store: Store, result: DocumentResult, *, extractor_version: str,
                run_id: int | None, summary: IngestSummary) -> None:
    """Write one result to ``store`` and count it in ``summary``.

    Statements go first and the document row last: the row is what marks the document
    done for this extractor version, so a run stopped in between redoes it next time.
    """
    if not result.ok:
        store.record_failure(result.path, result.error, result.doc_id, document=result.document,
                             run_id=run_id, extractor_version=extractor_version)
        summary.failures.append((result.path, result.error))
        return
    earlier = store.stored_version(result.doc_id)
    count = store.replace_statements(result.doc_id, result.statements)
    store.record_document(result.document, extractor_version=extractor_version, statement_count=count)
    summary.statements += count
    if earlier is None:
        summary.new += 1
    else:
        summary.reextracted += 1
