"""Loading the shipped reference files into an outturn database.

The tables (``duckdb/015_reference_tables.sql``) hold copies of data files shipped in
:mod:`outturn.lexicon`: the council register, LAIT's areas, DfE published values and
statistical neighbours. :func:`refresh_reference_tables` runs after every migration
(:meth:`outturn.store.Store.migrate`): a table is reloaded, in one transaction, when
its source files' checksum differs from the one recorded in ``reference_tables`` — so
a new database gets them, and an upgraded outturn with rebuilt files replaces them.

The small files are read and validated by :mod:`outturn.lexicon.reference` and
inserted from an Arrow table; ``published_values.csv`` (a quarter of a million rows)
is read by DuckDB's typed CSV reader, which rejects a bad number or date with its line.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from outturn.errors import DataFileError
from outturn.lexicon.councils import read_register
from outturn.lexicon.datafile import package_file
from outturn.lexicon.reference import (
    PUBLISHED_COLUMNS,
    read_areas,
    read_statistical_neighbours,
)

#: DuckDB types of published_values.csv's columns, in file order.
_PUBLISHED_TYPES = dict(zip(PUBLISHED_COLUMNS, (
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DATE", "DOUBLE")))
# DuckDB names the physical line of a bad CSV row: "CSV Error on Line: 6".
_CSV_ERROR_LINE = re.compile(r"CSV Error on Line:\s*(?P<line>[0-9]+)")


@dataclass(frozen=True)
class ReferenceTable:
    """A table loaded from shipped files: its name, sources and how to fill it."""

    name: str
    sources: tuple[str, ...]
    load: Callable[[duckdb.DuckDBPyConnection, dict[str, Path]], None]


def _insert_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the table's column names) in one bulk statement."""
    if not rows:
        return
    batch = pa.Table.from_pylist(rows)
    connection.register("incoming_reference", batch)
    try:
        columns = ", ".join(batch.column_names)
        connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_reference")
    finally:
        connection.unregister("incoming_reference")


def _load_councils(connection, paths):
    regions = {a.dfe_code: a.region_code or None for a in read_areas(paths["lait_areas.csv"])}
    _insert_rows(connection, "councils", [
        {"dfe_code": c.dfe_code, "ons_code": c.ons_code, "name": c.name,
         "region_code": regions.get(c.dfe_code)}
        for c, _ in read_register(paths["councils.csv"])])


def _load_areas(connection, paths):
    _insert_rows(connection, "lait_areas", [
        {"dfe_code": a.dfe_code, "area": a.area, "area_type": a.area_type,
         "region_code": a.region_code or None} for a in read_areas(paths["lait_areas.csv"])])


def _load_neighbours(connection, paths):
    _insert_rows(connection, "statistical_neighbours", [
        {"dfe_code": n.dfe_code, "neighbour_rank": n.neighbour_rank,
         "neighbour_dfe_code": n.neighbour_dfe_code, "band": n.band}
        for n in read_statistical_neighbours(paths["statistical_neighbours.csv"])])


def _header(path: Path) -> tuple[int, list[str]]:
    """The line number and cells of a CSV's header (the first line not a # comment)."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip() and not line.lstrip().startswith("#"):
                return lineno, [c.strip() for c in line.rstrip("\n").split(",")]
    raise DataFileError(str(path), None, "no header row")


def _load_published(connection, paths):
    path = paths["published_values.csv"]
    lineno, header = _header(path)
    if header != list(PUBLISHED_COLUMNS):
        raise DataFileError(str(path), lineno, f"header {','.join(header)!r}; expected "
                            f"{','.join(PUBLISHED_COLUMNS)}")
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in _PUBLISHED_TYPES.items())
    try:
        connection.execute(
            "INSERT INTO published_values SELECT * FROM read_csv(?, header = true, comment = '#', "
            f"auto_detect = false, strict_mode = true, columns = {{{columns}}})", [str(path)])
    except duckdb.Error as exc:
        found = _CSV_ERROR_LINE.search(str(exc))
        reason = str(exc).split("\n\n")[0].replace("\n", "; ")
        raise DataFileError(str(path), int(found["line"]) if found else None, reason) from exc
    missing = connection.execute(
        "SELECT count(*) FROM published_values WHERE indicator_id IS NULL OR dfe_code IS NULL "
        "OR period_end IS NULL OR value IS NULL").fetchone()[0]
    if missing:
        raise DataFileError(str(path), None, f"{missing} rows with an empty cell")


TABLES = (
    ReferenceTable("lait_areas", ("lait_areas.csv",), _load_areas),
    ReferenceTable("councils", ("councils.csv", "lait_areas.csv"), _load_councils),
    ReferenceTable("statistical_neighbours", ("statistical_neighbours.csv",), _load_neighbours),
    ReferenceTable("published_values", ("published_values.csv",), _load_published),
)


def _sources(table: ReferenceTable, directory: Path | None) -> dict[str, Path]:
    return {name: (Path(directory) / name if directory else package_file(name)) for name in table.sources}


def _checksum(paths: dict[str, Path], *, packaged: bool = False) -> str:
    """One sha256 over ``paths`` (name and content). A ``packaged`` file's digest is
    remembered while its stat is unchanged: every writable Store.open checks them, and
    published_values.csv is megabytes."""
    digest = hashlib.sha256()
    for name in sorted(paths):
        if packaged:
            stat = paths[name].stat()
            content = _packaged_digest(str(paths[name]), stat.st_mtime_ns, stat.st_size, stat.st_ino)
        else:
            content = hashlib.sha256(paths[name].read_bytes()).digest()
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()


@functools.lru_cache(maxsize=16)
def _packaged_digest(path: str, mtime_ns: int, size: int, inode: int) -> bytes:
    return hashlib.sha256(Path(path).read_bytes()).digest()


def _installed(connection: duckdb.DuckDBPyConnection) -> bool:
    return bool(connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'reference_tables'"
    ).fetchone()[0])


def stale_reference_tables(connection: duckdb.DuckDBPyConnection,
                           directory: str | Path | None = None) -> list[str]:
    """Names of reference tables that are empty or older than their shipped files."""
    if not _installed(connection):
        return []
    recorded = dict(connection.execute("SELECT name, checksum FROM reference_tables").fetchall())
    return [t.name for t in TABLES
            if recorded.get(t.name) != _checksum(_sources(t, directory), packaged=directory is None)]


def refresh_reference_tables(connection: duckdb.DuckDBPyConnection,
                             directory: str | Path | None = None) -> list[str]:
    """Reload each stale reference table from its files, one transaction per table.

    Does nothing in a database without the reference tables (migration 015).

    Args:
        connection: a database opened for writing.
        directory: where the files are; the packaged :mod:`outturn.lexicon` by default.

    Returns:
        The names of the tables reloaded.

    Raises:
        DataFileError: a file has a bad row (the table keeps its previous contents).
    """
    stale = set(stale_reference_tables(connection, directory))
    reloaded = []
    for table in TABLES:
        if table.name not in stale:
            continue
        paths = _sources(table, directory)
        connection.begin()
        try:
            connection.execute(f"DELETE FROM {table.name}")
            table.load(connection, paths)
            rows = connection.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
            connection.execute(
                "INSERT OR REPLACE INTO reference_tables (name, sources, checksum, rows, loaded_at) "
                "VALUES (?, ?, ?, ?, current_timestamp)",
                [table.name, list(table.sources), _checksum(paths, packaged=directory is None), rows])
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        reloaded.append(table.name)
    return reloaded
