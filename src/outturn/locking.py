"""The database file lock: outturn's processes take turns at a DuckDB file.

DuckDB lets one process hold a database file open for writing, or several hold it open
read-only, and a second process that tries to open it fails at once. Served flow runs
overlap (a schedule fires while someone triggers a run), so :meth:`outturn.store.Store.open`
first takes an advisory ``fcntl.flock`` on ``<database>.lock``: exclusive for a writer,
shared for a reader, waiting up to a timeout. The lock file is never deleted (deleting it
would let two processes lock two different files); it holds no data.

Within one process the lock is re-entrant per thread (a second Store opened by the thread
that holds it joins it), and threads take turns, since ``flock`` cannot tell them apart.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from outturn.errors import DatabaseError

#: How long a Store waits for another process to finish writing, in seconds.
DEFAULT_TIMEOUT = float(os.environ.get("OUTTURN_LOCK_TIMEOUT", "300"))
_POLL_SECONDS = 0.05


def lock_path(database: str | Path) -> Path:
    """The lock file beside ``database``.

    >>> str(lock_path("data/outturn.duckdb"))
    'data/outturn.duckdb.lock'
    """
    return Path(f"{database}.lock")


class _FileLock:
    """One database's lock in this process: a thread lock, then ``flock`` on first entry."""

    def __init__(self, path: Path):
        self.path = path
        self.threads = threading.RLock()
        self.descriptor: int | None = None
        self.depth = 0

    def acquire(self, *, shared: bool, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        if not self.threads.acquire(timeout=timeout):
            raise self._timeout(timeout)
        if self.depth == 0:
            try:
                self.descriptor = self._flock(shared=shared, deadline=deadline, timeout=timeout)
            except BaseException:
                self.threads.release()
                raise
        self.depth += 1

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0 and self.descriptor is not None:
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)
            os.close(self.descriptor)
            self.descriptor = None
        self.threads.release()

    def _flock(self, *, shared: bool, deadline: float, timeout: float) -> int | None:
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if shared:  # a reader of a database in a folder it cannot write: nobody writes there
                return None
            raise DatabaseError(f"{self.path}: cannot create the lock file: {exc.strerror or exc}") from exc
        mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(descriptor, mode)
                return descriptor
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(descriptor)
                    raise self._timeout(timeout) from None
                time.sleep(_POLL_SECONDS)

    def _timeout(self, timeout: float) -> DatabaseError:
        database = str(self.path)[: -len(".lock")]
        return DatabaseError(
            f"{database} is in use by another outturn process (waited {timeout:g} s for {self.path}); "
            "wait for it to finish, or raise OUTTURN_LOCK_TIMEOUT"
        )


_LOCKS: dict[Path, _FileLock] = {}
_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def database_lock(database: str | Path, *, shared: bool = False,
                  timeout: float | None = None) -> Iterator[Path]:
    """Hold ``database``'s lock for the block: exclusive to write, ``shared`` to read.

    Args:
        database: the DuckDB file (it need not exist yet).
        shared: take a reader's lock, which other readers may hold at the same time.
        timeout: seconds to wait for another process; :data:`DEFAULT_TIMEOUT` when None.

    Yields:
        The lock file's path.

    Raises:
        DatabaseError: the lock was not free within ``timeout``.
    """
    path = lock_path(Path(database).resolve())
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(path, _FileLock(path))
    lock.acquire(shared=shared, timeout=DEFAULT_TIMEOUT if timeout is None else timeout)
    try:
        yield path
    finally:
        lock.release()
