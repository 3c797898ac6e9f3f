"""Opening the DuckDB file: one clear line for each way it can fail (held by another process, not a database,
made by a newer version, made by an older one and not yet brought up to date, missing)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from communique.store.schema import STORE_VERSION, create_tables, missing_columns

DEFAULT_DB = Path("communique.duckdb")
_PID = re.compile(r"\(PID (\d+)\)")


class StoreError(Exception):
    """A problem with the store as a whole; ``str()`` is the one line the user sees."""


def explain(path: Path, error: Exception) -> str:
    """DuckDB's message made into one line that names the file and says what to do."""
    message = str(error)
    if "lock" in message.lower():
        pid = _PID.search(message)
        holder = f" (process {pid.group(1)})" if pid else ""
        return f"{path}: the database is in use by another process{holder}; try again when it has finished"
    if "not a valid DuckDB database" in message or "not a DuckDB" in message:
        return f"{path}: not a DuckDB database"
    if "No space left" in message:
        return f"{path}: the disk is full ({message.splitlines()[0]})"
    if "File too large" in message:
        return f"{path}: the file size limit is reached ({message.splitlines()[0]})"
    return f"{path}: {message.splitlines()[0] if message else type(error).__name__}"


def connect(path: Path, *, write: bool) -> Any:
    """A connection to the store at ``path``: for writing it is created if missing and its tables brought up to
    date; for reading it must exist. Raises StoreError."""
    import duckdb

    if not write and not path.exists():
        raise StoreError(f"{path}: no such store (fill one with `communique store add PATH... --db {path}`)")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    try:
        con = duckdb.connect(str(path), read_only=not write)
    except duckdb.Error as error:
        raise StoreError(explain(path, error)) from None
    try:
        con.execute("SET enable_progress_bar = false")  # DuckDB's own bar writes to stderr, into a pipe too
        found = _store_version(con)
        if found is not None and found > STORE_VERSION:
            raise StoreError(
                f"{path}: written by a newer communique (store version {found}, this one reads up to {STORE_VERSION})"
            )
        if write:
            create_tables(con)
        elif found is None:
            raise StoreError(f"{path}: not a communique store (no store_info table)")
        elif missing := missing_columns(con):
            lacking = ", ".join(
                f"{table}.{name}" for table, columns in missing.items() for name, _ in columns
            )
            raise StoreError(
                f"{path}: made by an older communique (no {lacking}); the next `communique store add PATH... "
                f"--db {path}` brings it up to date"
            )
    except StoreError:
        con.close()
        raise
    except duckdb.Error as error:
        con.close()
        raise StoreError(explain(path, error)) from None
    return con


def rows_of(con: Any, query: tuple[str, list[Any]]) -> list[dict[str, Any]]:
    """The rows of a ``(sql, parameters)`` query as dicts keyed by column name."""
    cursor = con.execute(*query)
    columns = [item[0] for item in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _store_version(con: Any) -> int | None:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'store_info'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute("SELECT value FROM store_info WHERE key = 'store_version'").fetchone()
    return int(row[0]) if row else None
