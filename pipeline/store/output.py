"""Query results written the way the reader wants them: a terminal table, CSV, JSON (an array of objects) or
Parquet. CSV, JSON and Parquet are written by DuckDB itself (``COPY``), every row, to stdout (pipe-friendly) or
``-o FILE``: fetching 145,000 rows into Python objects took five times as long as answering the question. The
table is for reading: it shows the first rows (``--limit``, default ``TABLE_ROWS``) and says how many there are.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

FORMATS = ("table", "csv", "json", "parquet")
TABLE_ROWS = 100  # a table longer than this is not read on a terminal; csv/json/parquet give every row
_COPY = {"csv": "FORMAT CSV, HEADER", "json": "FORMAT JSON, ARRAY true", "parquet": "FORMAT PARQUET"}


class OutputUsageError(Exception):
    """A format or destination that cannot work; ``str()`` is the one line shown."""


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def as_text(column: str, kind: str) -> str:
    """SQL for one column as the text of a CSV or table cell: a list of plain values joined with '; ' (a missing
    item as nothing), lists of objects and objects as JSON, an empty list as an empty cell, anything else as
    DuckDB writes it (a date as 2024-01-23)."""
    name = _name(column)
    nested = kind.startswith(("STRUCT", "MAP", "UNION"))
    if kind.endswith("]"):
        if not nested and kind.count("[") == 1:
            joined = f"array_to_string(list_transform({name}, lambda x: coalesce(x::VARCHAR, '')), '; ')"
            return f"nullif({joined}, '') AS {name}"  # DuckDB writes an empty string as ""
        return f"CASE WHEN len({name}) > 0 THEN to_json({name})::VARCHAR END AS {name}"
    if nested:
        return f"to_json({name})::VARCHAR AS {name}"
    return f"{name}::VARCHAR AS {name}"


def _text_columns(answer: Any) -> str:
    return ", ".join(
        as_text(column, str(kind)) for column, kind in zip(answer.columns, answer.types, strict=True)
    )


def write_table(answer: Any, limit: int, handle: IO[str]) -> int:
    """The first ``limit`` rows (all for 0) as a table; rich measures CJK characters as two columns wide, so the
    columns line up in a terminal. Returns the number of rows of the answer."""
    from rich.console import Console
    from rich.table import Table

    shown = f" LIMIT {limit + 1}" if limit else ""
    rows = answer.query("_answer", f"SELECT {_text_columns(answer)} FROM _answer{shown}").fetchall()
    total = len(rows)
    if limit and total > limit:
        rows = rows[:limit]
        total = answer.query("_answer", "SELECT count(*) FROM _answer").fetchall()[0][0]
    table = Table(show_lines=False, header_style="bold")
    for column in answer.columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if value is None else value for value in row))
    width = None if handle.isatty() else 200
    Console(file=handle, width=width, soft_wrap=False).print(table)
    if len(rows) < total:
        handle.write(
            f"(the first {len(rows)} of {total:,} rows: --limit 0 shows all, --format csv, json or parquet "
            "writes all)\n"
        )
    else:
        handle.write(f"({total} row{'s' * (total != 1)})\n")
    return total


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def check_format(output_format: str, output: Path | None) -> None:
    if output_format not in FORMATS:
        raise OutputUsageError(f"unknown format {output_format!r} (known: {', '.join(FORMATS)})")
    if output_format == "parquet" and output is None and sys.stdout.isatty():
        raise OutputUsageError("--format parquet is binary: give -o FILE or redirect stdout")


def emit(
    con: Any, sql: str, params: list[Any], output_format: str, output: Path | None, limit: int | None = None
) -> None:
    """Run the query and write its result. ``limit``: at most that many rows (0 or None: all; the table shows
    ``TABLE_ROWS`` unless told otherwise)."""
    answer = con.sql(sql.strip().rstrip(";"), params=params or None)
    if answer is None:  # a statement without a result (SET, ...)
        answer = con.sql("SELECT 0 AS rows WHERE false")
    if output_format == "table":
        handle: IO[str] = sys.stdout if output is None else output.open("w", encoding="utf-8")
        try:
            write_table(answer, TABLE_ROWS if limit is None else limit, handle)
        finally:
            if output is None:
                handle.flush()
            else:
                handle.close()
        return
    columns = _text_columns(answer) if output_format == "csv" else "*"
    shown = f" LIMIT {limit}" if limit else ""
    # DuckDB writes a file, which is then copied where it goes: the user's -o (a path that cannot be written is
    # said as for every output) or stdout (where a reader that stops early, `| head`, ends the copy)
    with tempfile.TemporaryDirectory(prefix="communique-query-") as directory:
        path = Path(directory) / f"answer.{output_format}"
        answer.query(
            "_answer",
            f"COPY (SELECT {columns} FROM _answer{shown}) TO '{_quoted(path)}' ({_COPY[output_format]})",
        )
        with path.open("rb") as source:
            if output is None:
                sys.stdout.flush()
                shutil.copyfileobj(source, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with output.open("wb") as target:
                    shutil.copyfileobj(source, target)
