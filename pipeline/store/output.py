"""Query results printed the way the reader wants them: a terminal table, CSV, JSON (an array of objects) or
Parquet. CSV and JSON go to stdout (pipe-friendly) or ``-o FILE``; Parquet is written by DuckDB itself, to
``-o FILE`` or, when stdout is not a terminal, streamed to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

FORMATS = ("table", "csv", "json", "parquet")


class OutputUsageError(Exception):
    """A format or destination that cannot work; ``str()`` is the one line shown."""


def _plain(value: Any) -> Any:
    """A DuckDB value as JSON data: dates as ISO strings, decimals as numbers, whole floats as integers."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def cell(value: Any) -> str:
    """One value as text for a table or CSV cell: lists of plain values joined with '; ', objects as JSON."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(item, list | dict) for item in value):
        return "; ".join("" if item is None else str(item) for item in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_csv(columns: list[str], rows: list[tuple], handle: IO[str]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(value) for value in row] for row in rows)


def write_json(columns: list[str], rows: list[tuple], handle: IO[str]) -> None:
    handle.write("[")
    for number, row in enumerate(rows):
        handle.write(",\n" if number else "\n")
        handle.write(json.dumps(dict(zip(columns, map(_plain, row), strict=True)), ensure_ascii=False))
    handle.write("\n]\n" if rows else "]\n")


def write_table(columns: list[str], rows: list[tuple], handle: IO[str]) -> None:
    """rich measures CJK characters as two columns wide, so the columns line up in a terminal."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(value) for value in row))
    width = None if handle.isatty() else 200
    Console(file=handle, width=width, soft_wrap=False).print(table)
    handle.write(f"({len(rows)} row{'s' * (len(rows) != 1)})\n")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def check_format(output_format: str, output: Path | None) -> None:
    if output_format not in FORMATS:
        raise OutputUsageError(f"unknown format {output_format!r} (known: {', '.join(FORMATS)})")
    if output_format == "parquet" and output is None and sys.stdout.isatty():
        raise OutputUsageError("--format parquet is binary: give -o FILE or redirect stdout")


def emit(con: Any, sql: str, params: list[Any], output_format: str, output: Path | None) -> int:
    """Run the query and write its result; returns the number of rows (-1 for Parquet, written by DuckDB)."""
    if output_format == "parquet":
        query = sql.strip().rstrip(";")
        if output is not None:
            con.execute(f"COPY ({query}) TO '{_quoted(output)}' (FORMAT PARQUET)", params)
            return -1
        with tempfile.TemporaryDirectory(prefix="communique-query-") as directory:
            path = Path(directory) / "result.parquet"
            con.execute(f"COPY ({query}) TO '{_quoted(path)}' (FORMAT PARQUET)", params)
            with path.open("rb") as source:
                shutil.copyfileobj(source, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return -1
    cursor = con.execute(sql, params)
    columns = [item[0] for item in cursor.description] if cursor.description else []
    rows = cursor.fetchall() if cursor.description else []
    handle: IO[str] = sys.stdout if output is None else output.open("w", encoding="utf-8", newline="")
    try:
        {"table": write_table, "csv": write_csv, "json": write_json}[output_format](columns, rows, handle)
    finally:
        if output is not None:
            handle.close()
        else:
            handle.flush()
    return len(rows)
