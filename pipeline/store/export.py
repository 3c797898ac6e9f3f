"""``communique store export --parquet DIR``: every table as Hive-partitioned Parquet by statement year
(``DIR/entities/year=2024/data_0.parquet``), so Dask, Spark or DuckDB elsewhere read the same data and prune by year.

Each table is written to a temporary folder beside DIR and renamed into place, so a failed export leaves no
half-written table behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from communique.store.schema import TABLES


def export_parquet(con: Any, directory: Path) -> dict[str, int]:
    """Write each table under ``directory/<table>/year=YYYY/``; returns rows written per table."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in TABLES:
        if table.name == "statements":
            select = "SELECT * FROM statements"
        else:
            select = f"SELECT t.*, s.year FROM {table.name} AS t JOIN statements AS s USING (doc_id)"
        target = directory / table.name
        staging = directory / f".{table.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        counts[table.name] = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
        con.execute(f"COPY ({select}) TO '{_quoted(staging)}' (FORMAT PARQUET, PARTITION_BY (year))")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return counts


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
