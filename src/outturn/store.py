"""The DuckDB store: every write to an outturn database goes through :class:`Store`.

The schema lives in ``duckdb/`` (installed as :mod:`outturn.sql`): numbered files
``NNN_name.sql`` applied in order and recorded in ``schema_migrations`` with a checksum,
and one view per file under ``views/``, re-created whenever its file changes.

DuckDB allows one process to hold a database open for writing (and no readers beside
it); :meth:`Store.open` turns the lock error into a :class:`~outturn.errors.DatabaseError`
that says what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import typing
from collections.abc import Iterable, Sequence
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import duckdb
import pyarrow as pa

from outturn.errors import DatabaseError
from outturn.extractors.models import STATEMENT_FIELDS, Document, Statement
from outturn.extractors.version import extractor_version as current_extractor_version
from outturn.locking import database_lock

#: ``001_documents.sql`` -> version 1, name ``documents``.
_MIGRATION_NAME = re.compile(
    r"""^(?P<version>\d{3})      # three-digit version, applied in numeric order
         _(?P<name>[a-z0-9_]+)   # what the file creates
         \.sql$""",
    re.VERBOSE,
)

_ARROW_TYPES = {str: pa.string(), int: pa.int64(), float: pa.float64()}


def _statement_arrow_schema() -> pa.Schema:
    """The Arrow schema of a batch of statements, from the :class:`Statement` fields.

    >>> _statement_arrow_schema().names == list(STATEMENT_FIELDS)
    True
    >>> str(_statement_arrow_schema().field("value").type)
    'double'
    """
    hints = typing.get_type_hints(Statement)
    columns = []
    for name in STATEMENT_FIELDS:
        base = [t for t in typing.get_args(hints[name]) or (hints[name],) if t is not type(None)]
        columns.append(pa.field(name, _ARROW_TYPES[base[0]]))
    return pa.schema(columns)


_STATEMENT_SCHEMA = _statement_arrow_schema()
_STATEMENT_COLUMNS = ", ".join(STATEMENT_FIELDS)
_MATCH_SCHEMA = pa.schema([("statement_id", pa.string()), ("doc_id", pa.string()), ("status", pa.string()),
                           ("runner_up_id", pa.string()), ("margin", pa.float64())])


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso_date(text: str | None) -> date | None:
    """``text`` as a date, or None where it is missing or not an ISO date.

    >>> _iso_date("2023-03-31"), _iso_date("March 2023"), _iso_date(None)
    (datetime.date(2023, 3, 31), None, None)
    """
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def unreadable_doc_id(path: str | Path) -> str:
    """The doc_id recorded for a file whose bytes could not be read: a hash of its path.

    >>> len(unreadable_doc_id("missing.txt"))
    64
    """
    return _checksum(f"unreadable:{Path(path).resolve()}".encode())


class Store:
    """An open outturn database.

    Use :meth:`open`, not the constructor; a Store is a context manager that closes the
    connection.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str, read_only: bool):
        self.connection = connection
        self.path = path
        self.read_only = read_only
        self._depth = 0  # open transaction() blocks
        self._release = contextlib.ExitStack()  # the database lock, set by open()

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, migrate: bool = True,
             lock_timeout: float | None = None) -> Store:
        """Open (and, for writing, create and migrate) the database at ``path``.

        Processes take turns: the Store holds ``<path>.lock`` (exclusive for writing,
        shared for reading) until closed, waiting up to ``lock_timeout`` seconds for it
        (see :mod:`outturn.locking`), so overlapping runs queue instead of failing.

        Args:
            path: the DuckDB file; ``":memory:"`` for a throwaway one.
            read_only: open without taking the write lock (``outturn sql``, ``compare``).
            migrate: apply pending migrations when opened for writing.
            lock_timeout: seconds to wait for another process; the default when None.

        Raises:
            DatabaseError: the file is held by another process, is missing (read-only),
                is not a DuckDB database, or its schema is older than this outturn.
        """
        release = contextlib.ExitStack()
        if str(path) != ":memory:" and (not read_only or Path(path).exists()):
            release.enter_context(database_lock(path, shared=read_only, timeout=lock_timeout))
        try:
            store = cls._open(str(path), read_only=read_only, migrate=migrate)
        except BaseException:
            release.close()
            raise
        store._release = release
        return store

    @classmethod
    def _open(cls, path: str, *, read_only: bool, migrate: bool) -> Store:
        if read_only and path != ":memory:" and not Path(path).exists():
            raise DatabaseError(
                f"{path}: no database here; create it with `outturn ingest PATH --db {path}`"
            )
        try:
            connection = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseError(
                    f"{path} is in use by another outturn process (DuckDB allows one writer); "
                    "wait for it to finish"
                ) from exc
            raise DatabaseError(f"{path}: cannot open the database: {exc}") from exc
        except duckdb.Error as exc:
            raise DatabaseError(f"{path}: cannot open the database: {exc}") from exc
        store = cls(connection, path, read_only)
        if read_only:
            if store.pending_migrations() or store.stale_views():
                store.close()
                raise DatabaseError(
                    f"{path}: the schema is older than this outturn; open it once for writing "
                    f"(`outturn ingest PATH --db {path}`) to upgrade it"
                )
        elif migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.connection.close()
        self._release.close()  # the database lock, last

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        """One transaction around the block; nested uses join the outermost one, so
        several writes (a document's statements and its row) commit or roll back together.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.connection.begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self.connection.rollback()
            raise
        else:
            self.connection.commit()
        finally:
            self._depth = 0

    # -- schema ---------------------------------------------------------------------

    @staticmethod
    def _migration_files(directory: Traversable | Path | None) -> list[tuple[int, str, Traversable]]:
        root = directory if directory is not None else files("outturn.sql")
        found = []
        for entry in root.iterdir():
            match = _MIGRATION_NAME.match(entry.name)
            if match and entry.is_file():
                found.append((int(match["version"]), match["name"], entry))
        versions = [v for v, _, _ in found]
        if len(versions) != len(set(versions)):
            raise DatabaseError(f"{root}: two migration files share a version number")
        return sorted(found, key=lambda m: m[0])

    def _applied(self) -> dict[int, str]:
        exists = self.connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()[0]
        if not exists:
            return {}
        return dict(self.connection.execute("SELECT version, checksum FROM schema_migrations").fetchall())

    def pending_migrations(self, directory: Traversable | Path | None = None) -> list[str]:
        """File names of migrations not yet applied, in order.

        Raises:
            DatabaseError: an applied migration's file has changed since.
        """
        applied = self._applied()
        pending = []
        for version, name, entry in self._migration_files(directory):
            checksum = _checksum(entry.read_bytes())
            if version not in applied:
                pending.append(entry.name)
            elif applied[version] != checksum:
                raise DatabaseError(
                    f"{self.path}: migration {entry.name} was changed after it was applied; "
                    "put schema changes in a new numbered file instead"
                )
        return pending

    def stale_views(self, directory: Traversable | Path | None = None) -> list[str]:
        """File names of views that are missing or whose file changed since created."""
        root = directory if directory is not None else files("outturn.sql")
        views = root.joinpath("views")
        if not views.is_dir() or not self._applied():
            return []
        recorded = dict(self.connection.execute("SELECT name, checksum FROM schema_views").fetchall())
        return sorted(e.name for e in views.iterdir()
                      if e.name.endswith(".sql") and recorded.get(e.name[:-4]) != _checksum(e.read_bytes()))

    def migrate(self, directory: Traversable | Path | None = None) -> list[str]:
        """Apply pending migrations in order, each in its own transaction, then bring the
        views up to date. Running it again applies nothing.

        Args:
            directory: where the numbered files are; :mod:`outturn.sql` by default.

        Returns:
            The file names applied.

        Raises:
            DatabaseError: an applied migration has changed, or one fails to apply.
        """
        pending = set(self.pending_migrations(directory))
        applied = []
        for version, name, entry in self._migration_files(directory):
            if entry.name not in pending:
                continue
            sql = entry.read_text(encoding="utf-8")
            try:
                self.connection.begin()
                self.connection.execute(sql)
                self.connection.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                    [version, name, _checksum(entry.read_bytes())],
                )
                self.connection.commit()
            except duckdb.Error as exc:
                self.connection.rollback()
                raise DatabaseError(f"{self.path}: migration {entry.name} failed: {exc}") from exc
            applied.append(entry.name)
        from outturn.reference_tables import refresh_reference_tables

        refresh_reference_tables(self.connection)  # shipped reference files changed: reload
        root = directory if directory is not None else files("outturn.sql")
        self._refresh_views(root.joinpath("views"), force=bool(applied))
        return applied

    def _refresh_views(self, views: Traversable | Path, *, force: bool) -> None:
        """Create each view whose file is new or changed (all of them when ``force``).

        Views may read other views; one that fails for want of another is retried
        after the rest, so file names need no numbering.
        """
        if not views.is_dir():
            return
        recorded = dict(self.connection.execute("SELECT name, checksum FROM schema_views").fetchall())
        todo = [
            e for e in sorted(views.iterdir(), key=lambda e: e.name)
            if e.name.endswith(".sql") and (force or recorded.get(e.name[:-4]) != _checksum(e.read_bytes()))
        ]
        while todo:
            failed, last_error = [], None
            for entry in todo:
                try:
                    self.connection.begin()
                    self.connection.execute(entry.read_text(encoding="utf-8"))
                    self.connection.execute(
                        "INSERT OR REPLACE INTO schema_views (name, checksum) VALUES (?, ?)",
                        [entry.name[:-4], _checksum(entry.read_bytes())],
                    )
                    self.connection.commit()
                except duckdb.CatalogException as exc:
                    self.connection.rollback()
                    failed.append(entry)
                    last_error = (entry, exc)
                except duckdb.Error as exc:
                    self.connection.rollback()
                    raise DatabaseError(f"{self.path}: view {entry.name} failed: {exc}") from exc
            if len(failed) == len(todo):
                entry, exc = last_error
                raise DatabaseError(f"{self.path}: view {entry.name} failed: {exc}")
            todo = failed

    # -- documents and statements -----------------------------------------------------

    def known(self, doc_id: str | None, extractor_version: str) -> bool:
        """True when ``doc_id`` was extracted successfully by ``extractor_version``.

        Failed documents are never known: they are tried (and reported) again.
        """
        return self.status(doc_id, extractor_version) == "ok"

    def status(self, doc_id: str | None, extractor_version: str) -> str | None:
        """``ok`` or ``failed`` for ``doc_id``'s row written by ``extractor_version``;
        None when there is none (or no bytes to identify it)."""
        if doc_id is None:
            return None
        row = self.connection.execute(
            "SELECT status FROM documents WHERE doc_id = ? AND extractor_version = ?",
            [doc_id, extractor_version],
        ).fetchone()
        return row[0] if row else None

    def record_document(
        self, document: Document, *, extractor_version: str, statement_count: int
    ) -> None:
        """Record ``document`` as extracted (status ``ok``), replacing any earlier row
        for the same bytes and any failed row left for the same path."""
        with self.transaction():
            self.connection.execute(
                "DELETE FROM documents WHERE path = ? AND doc_id <> ? AND status = 'failed'",
                [document.path, document.doc_id],
            )
            self.connection.execute(
                """INSERT OR REPLACE INTO documents
                   (doc_id, path, name, format, council, title, date, url, pages, status,
                    error, events, extractor_version, statement_count, ingested_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', NULL, ?, ?, ?, current_timestamp)""",
                [
                    document.doc_id, document.path, document.name, document.format,
                    document.council, document.title, _iso_date(document.date), document.url,
                    document.page_count, list(document.events), extractor_version,
                    statement_count,
                ],
            )

    def replace_statements(self, doc_id: str, statements: Sequence[Statement]) -> int:
        """Replace every statement of ``doc_id`` with ``statements``, in one transaction
        (a delete and one bulk insert from an Arrow table).

        Returns:
            The number of statements inserted.

        Raises:
            ValueError: a statement belongs to another document.
        """
        strays = {s.doc_id for s in statements} - {doc_id}
        if strays:
            raise ValueError(f"statements of {sorted(strays)} passed to replace_statements({doc_id!r})")
        batch = pa.Table.from_pylist([s.to_dict() for s in statements], schema=_STATEMENT_SCHEMA)
        with self.transaction():
            self.connection.execute("DELETE FROM statements WHERE doc_id = ?", [doc_id])
            if len(batch):
                self.connection.register("incoming_statements", batch)
                try:
                    self.connection.execute(
                        f"INSERT INTO statements ({_STATEMENT_COLUMNS}) "
                        f"SELECT {_STATEMENT_COLUMNS} FROM incoming_statements"
                    )
                finally:
                    self.connection.unregister("incoming_statements")
        return len(batch)

    def replace_statement_matches(self, doc_id: str, matches: Sequence[dict]) -> None:
        """Replace ``doc_id``'s ``statement_matches`` rows (statement_id, doc_id, status,
        runner_up_id, margin: see ``duckdb/008``), in one transaction."""
        batch = pa.Table.from_pylist(
            [{k: m[k] for k in _MATCH_SCHEMA.names} for m in matches], schema=_MATCH_SCHEMA)
        with self.transaction():
            self.connection.execute("DELETE FROM statement_matches WHERE doc_id = ?", [doc_id])
            if len(batch):
                self.connection.register("incoming_matches", batch)
                try:
                    self.connection.execute("INSERT INTO statement_matches BY NAME SELECT * FROM incoming_matches")
                finally:
                    self.connection.unregister("incoming_matches")

    def record_failure(
        self,
        path: str | Path,
        reason: str,
        doc_id: str | None = None,
        *,
        document: Document | None = None,
        run_id: int | None = None,
        extractor_version: str | None = None,
    ) -> None:
        """Record that ``path`` failed: a ``failures`` row, and the document's row set to
        ``failed`` with ``reason`` (its statements removed), in one transaction.

        Args:
            path: the file.
            reason: why, in words a user can act on.
            doc_id: sha256 of the bytes, when they could be read.
            document: the read document, when reading succeeded and a later step failed.
            run_id: the ingest run, from :meth:`start_run`.
            extractor_version: defaults to the installed one.
        """
        path = str(path)
        version = extractor_version or current_extractor_version()
        row_id = doc_id or unreadable_doc_id(path)
        fmt = council = title = None
        if document is not None:
            fmt, council, title = document.format, document.council, document.title
        with self.transaction():
            self.connection.execute(
                "INSERT INTO failures (run_id, path, doc_id, reason) VALUES (?, ?, ?, ?)",
                [run_id, path, doc_id, reason],
            )
            self.connection.execute("DELETE FROM statements WHERE doc_id = ?", [row_id])
            self.connection.execute(
                """INSERT OR REPLACE INTO documents
                   (doc_id, path, name, format, council, title, status, error,
                    extractor_version, statement_count, ingested_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, ?, 0, current_timestamp)""",
                [row_id, path, Path(path).name, fmt, council, title, reason, version],
            )

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, extractor_version: str) -> int:
        """Open an ``ingest_runs`` row; returns its run id."""
        return self.connection.execute(
            "INSERT INTO ingest_runs (extractor_version) VALUES (?) RETURNING run_id",
            [extractor_version],
        ).fetchone()[0]

    def finish_run(self, run_id: int, *, new: int, reextracted: int, unchanged: int,
                   failed: int, statements: int) -> None:
        """Close the ``ingest_runs`` row ``run_id`` with what the run did."""
        self.connection.execute(
            """UPDATE ingest_runs SET finished_at = current_timestamp, documents_new = ?,
                   documents_reextracted = ?, documents_unchanged = ?, documents_failed = ?,
                   statements = ?
               WHERE run_id = ?""",
            [new, reextracted, unchanged, failed, statements, run_id],
        )

    def stored_version(self, doc_id: str | None) -> str | None:
        """The extractor version of ``doc_id``'s stored row, or None when absent."""
        if doc_id is None:
            return None
        row = self.connection.execute(
            "SELECT extractor_version FROM documents WHERE doc_id = ? AND status = 'ok'", [doc_id]
        ).fetchone()
        return row[0] if row else None

    # -- reading --------------------------------------------------------------------------

    def query(self, sql: str, parameters: Iterable | None = None) -> tuple[list[str], list[tuple]]:
        """Run ``sql``; returns the column names and the rows.

        Raises:
            DatabaseError: the query is not valid or fails.
        """
        try:
            cursor = self.connection.execute(sql, list(parameters) if parameters is not None else None)
        except duckdb.Error as exc:
            raise DatabaseError(f"query failed: {exc}") from exc
        if cursor.description is None:
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()
