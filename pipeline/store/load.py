"""Adding records to the store: incremental, idempotent, one transaction per add.

Records stream in (from record files or from the batch extractor) and their rows are staged as CSV files, one per
table, in a temporary directory; nothing is held in memory but the ``doc_id -> sha256`` map. Then a single
transaction deletes the older versions of the statements that changed and bulk-inserts the staged rows with
DuckDB's CSV reader (row-by-row inserts are two orders of magnitude slower). An error anywhere, a full disk
included, rolls the whole add back: the database is as it was before.

A record whose ``sha256`` (of doc_id and text) is already stored changes nothing; one whose ``doc_id`` is stored
with another text replaces it; within one add the last version of a ``doc_id`` wins.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from communique.store.database import StoreError, explain
from communique.store.records import statement_date
from communique.store.schema import TABLES, Table, staged_path

# Python's csv writes None as "" like an empty string, and DuckDB reads "" as NULL (allow_quoted_nulls): no field
# the store keeps is meaningfully empty (text, ids and codes never are), so both become NULL.
_CAST = {
    "VARCHAR[]": "CASE WHEN {col} = '|' THEN []::VARCHAR[] ELSE string_split({col}[2:], '|') END",
    "JSON": "{col}::JSON",
}


def _interrupted(error: BaseException) -> bool:
    """Whether DuckDB stopped a statement because of Ctrl-C: it raises InterruptException, or a RuntimeError
    "Query interrupted" when the signal arrives while Python waits for it, instead of KeyboardInterrupt."""
    import duckdb

    if isinstance(error, KeyboardInterrupt | duckdb.InterruptException):
        return True
    return isinstance(error, RuntimeError) and "interrupted" in str(error).lower()


@dataclass
class AddSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    doc_ids: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged, {self.failed} failed"
        )


class Loader:
    """Stage records with ``add``; ``commit`` writes them all in one transaction (or nothing)."""

    def __init__(self, con: Any, db_path: Path) -> None:
        self.con = con
        self.db_path = db_path
        self.stored: dict[str, str] = dict(con.execute("SELECT doc_id, sha256 FROM statements").fetchall())
        self.latest: dict[str, int] = {}  # doc_id -> ordinal of its last version in this add
        self.seen: dict[str, str] = {}  # doc_id -> sha256 of its last version in this add
        self.count = 0
        self.added_at = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        self._dir = tempfile.TemporaryDirectory(prefix="communique-store-")
        self._files = {}
        self._writers = {}
        for table in TABLES:
            handle = staged_path(Path(self._dir.name), table).open("w", encoding="utf-8", newline="")
            self._files[table.name] = handle
            self._writers[table.name] = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")

    def known(self) -> set[str]:
        """The sha256 of every stored statement (the batch extractor skips those documents)."""
        return set(self.stored.values())

    def add(self, record: dict[str, Any]) -> None:
        doc_id, sha = record["doc_id"], record["sha256"]
        if self.seen.get(doc_id, self.stored.get(doc_id)) == sha:
            self.seen.setdefault(doc_id, sha)
            return
        self.count += 1
        self.latest[doc_id] = self.count
        self.seen[doc_id] = sha
        date, source = statement_date(record)
        derived = {"date": date, "date_source": source, "added_at": self.added_at}
        count = self.count
        for table in TABLES:
            self._writers[table.name].writerows((count, *row) for row in table.rows(record, derived))

    def _insert(self, table: Table) -> None:
        path = staged_path(Path(self._dir.name), table)
        columns = {"_n": "BIGINT"}
        casts = []
        for name, kind in table.columns:
            cast = (
                f"CAST({{col}}::JSON AS {kind})" if name in table.json_columns else _CAST.get(kind, "{col}")
            )
            columns[name] = "VARCHAR" if cast != "{col}" else kind
            casts.append(cast.format(col=f"s.{name}"))
        select = ", ".join(casts)
        self.con.execute(
            f"INSERT INTO {table.name} SELECT {select} FROM read_csv(?, header = false, columns = ?, "
            "quote = '\"', escape = '\"', auto_detect = false) AS s "
            "JOIN _latest AS w ON s.doc_id = w.doc_id AND s._n = w.n",
            [str(path), columns],
        )

    def commit(self, summary: AddSummary) -> AddSummary:
        """Write everything staged in one transaction; raises StoreError (nothing written) on failure."""
        import duckdb

        for handle in self._files.values():
            handle.close()
        changed = [doc_id for doc_id, sha in self.seen.items() if self.stored.get(doc_id) != sha]
        replaced = [doc_id for doc_id in changed if doc_id in self.stored]
        unchanged = [doc_id for doc_id, sha in self.seen.items() if self.stored.get(doc_id) == sha]
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute("CREATE TEMP TABLE _latest (doc_id VARCHAR, n BIGINT)")
            self._bulk_latest(changed)
            if replaced:
                for table in TABLES:
                    self.con.execute(f"DELETE FROM {table.name} WHERE doc_id IN (SELECT doc_id FROM _latest)")
            for table in TABLES:
                self._insert(table)
            self.con.execute("DROP TABLE _latest")
            self.con.execute("COMMIT")
        except BaseException as error:  # Ctrl-C included: the transaction is undone, never half-committed
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if _interrupted(error):
                raise KeyboardInterrupt from None
            if isinstance(error, duckdb.Error | OSError):
                raise StoreError(
                    f"{explain(self.db_path, error)}; nothing from this add was stored"
                ) from None
            raise
        finally:
            self._dir.cleanup()
        summary.added += len(changed) - len(replaced)
        summary.replaced += len(replaced)
        summary.unchanged += len(unchanged)
        summary.doc_ids.extend(changed)
        return summary

    def _bulk_latest(self, changed: list[str]) -> None:
        if not changed:
            return
        path = Path(self._dir.name) / "_latest.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
            writer.writerows((doc_id, self.latest[doc_id]) for doc_id in changed)
        self.con.execute(
            "INSERT INTO _latest SELECT * FROM read_csv(?, header = false, "
            "columns = {'doc_id': 'VARCHAR', 'n': 'BIGINT'}, quote = '\"', escape = '\"', auto_detect = false)",
            [str(path)],
        )

    def abandon(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._dir.cleanup()
