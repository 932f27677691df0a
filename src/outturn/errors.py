"""Domain exceptions, raised where data enters the system.

Each message says which file (and row or line, where there is one) was wrong, what was
wrong with it, and what to do. The CLI turns them into a one-line error; a batch records
them against the document and goes on.
"""

from __future__ import annotations


class OutturnError(Exception):
    """Base class of every error outturn reports to a user."""


class DocumentError(OutturnError):
    """A document cannot be read: unknown type, empty, corrupt, unreadable.

    Args:
        path: the file (or URL) that failed.
        reason: what was wrong, in words a user can act on.
    """

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DataFileError(OutturnError):
    """A data file shipped with or given to outturn (patterns, lexicon, register,
    manifest, corrections CSV) has a bad line.

    Args:
        path: the file.
        line: 1-based line or row number, or None for the whole file.
        reason: what was wrong.
    """

    def __init__(self, path: str, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class DatabaseError(OutturnError):
    """The DuckDB file cannot be opened or migrated (locked by another process, say)."""
