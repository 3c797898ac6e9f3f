"""Adding records to the store: incremental, idempotent, one transaction per add.

Records stream in (from record files or from the batch extractor), are checked, and each new version is staged as
one JSON line in a temporary file, the record's own JSON (as read, not encoded again) with what is derived from it
in Python: the statement's date (``records.statement_date``), the PLOVER event of each act
(``plover.sentence_events``) and the text of each sentence. Nothing is held in memory but the ``doc_id -> sha256`` map. Then a single transaction
deletes the older versions of the statements that changed, and DuckDB reads the staged file itself
(``read_json`` with an explicit schema) and flattens it into every table with one ``INSERT ... SELECT`` each
(``schema.Table.select``): building rows in Python took three quarters of an add. An error anywhere, a full disk
included, rolls the whole add back: the database is as it was before.

A record whose ``sha256`` (of doc_id and text) is already stored changes nothing; one whose ``doc_id`` is stored
with another text replaces it; within one add the last version of a ``doc_id`` wins.
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from communique.plover import sentence_events
from communique.store.database import StoreError, explain
from communique.store.records import statement_date
from communique.store.schema import TABLES

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

# What DuckDB reads of a record (``docs/schema.md``, "Records"): fields not named here are not read. A value that
# may be of several kinds (an entity's or an attachment's ``norm``) is JSON, taken apart in ``schema``.
_SPAN = 'STRUCT(start INTEGER, "end" INTEGER, text VARCHAR)'
_ATTACHED = 'STRUCT(start INTEGER, "end" INTEGER, text VARCHAR, role VARCHAR, norm JSON)[]'
_ACT = (
    f"STRUCT(type VARCHAR, trigger {_SPAN}, inherited BOOLEAN, actors VARCHAR[], recipients VARCHAR[], "
    f"object {_SPAN}, contexts VARCHAR[], amounts {_ATTACHED}, dates {_ATTACHED}, documents {_ATTACHED}, "
    f"initiatives {_ATTACHED}, events {_ATTACHED})"
)
_SENTENCE = (
    'STRUCT(start INTEGER, "end" INTEGER, types VARCHAR[], actors VARCHAR[], recipients VARCHAR[], '
    f'triggers STRUCT(start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR)[], acts {_ACT}[])'
)
_RECORD = (
    "STRUCT(doc_id VARCHAR, sha256 VARCHAR, title VARCHAR, kind VARCHAR, source VARCHAR, pipeline VARCHAR, "
    "schema_version INTEGER, text VARCHAR, parties VARCHAR[], "
    'entities STRUCT(start INTEGER, "end" INTEGER, label VARCHAR, text VARCHAR, norm JSON)[], '
    f"sentences {_SENTENCE}[], relationship STRUCT(designation VARCHAR, canonical VARCHAR, kind VARCHAR, "
    'rank INTEGER, action VARCHAR, start INTEGER, "end" INTEGER))'
)
# one staged line: the ordinal of this version in the add, what Python derived, the record
STAGED = {
    "n": "BIGINT",
    "statement_date": "DATE",
    "date_source": "VARCHAR",
    "events": "VARCHAR[][]",
    "sentence_texts": "VARCHAR[]",
    "record": _RECORD,
}
# the relations the tables' SELECTs read (see ``schema``), built from the staged lines of the latest versions
_RELATIONS = (
    """CREATE TEMP TABLE _records AS
    SELECT ?::TIMESTAMP AS added_at, r.statement_date, r.date_source, r.events, r.sentence_texts,
        unnest(r.record)
    FROM read_json(?, format = 'newline_delimited', columns = ?, maximum_object_size = ?) AS r
    JOIN _latest AS w ON r.record.doc_id = w.doc_id AND r.n = w.n""",
    """CREATE TEMP TABLE _sentences AS
    SELECT doc_id, sentence, s, text, events, s.start AS char_start, s."end" AS char_end FROM (
        SELECT doc_id, generate_subscripts(sentences, 1) - 1 AS sentence, unnest(sentences) AS s,
            unnest(sentence_texts) AS text, unnest(events) AS events
        FROM _records)""",
    """CREATE TEMP TABLE _acts AS
    SELECT doc_id, sentence, generate_subscripts(s.acts, 1) - 1 AS act, unnest(s.acts) AS a,
        unnest(events) AS plover_event
    FROM _sentences WHERE len(s.acts) > 0""",
)
_LINE_SIZE = 16 * 2**20  # read_json's default largest line; raised to the longest staged line


def _interrupted(error: BaseException) -> bool:
    """Whether DuckDB stopped a statement because of Ctrl-C: it raises InterruptException, or a RuntimeError
    "Query interrupted" when the signal arrives while Python waits for it, instead of KeyboardInterrupt."""
    import duckdb

    if isinstance(error, KeyboardInterrupt | duckdb.InterruptException):
        return True
    return isinstance(error, RuntimeError) and "interrupted" in str(error).lower()


def _events(record: dict[str, Any]) -> list[list[str | None]]:
    """The PLOVER event of each act, per sentence (``plover.sentence_events``: it looks back along the sentence)."""
    text = record["text"]
    return [
        [found.event if found else None for found in sentence_events(acts, text)]
        if (acts := sentence.get("acts"))
        else []
        for sentence in record["sentences"]
    ]


def _sentence_texts(record: dict[str, Any]) -> list[str]:
    """Each sentence's text: a slice in Python, where DuckDB would count characters from the start of the text for
    each sentence (most of the time of the ``sentences`` insert)."""
    text = record["text"]
    return [text[sentence["start"] : sentence["end"]] for sentence in record["sentences"]]


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
        self.longest = 0
        self.added_at = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        self._dir = tempfile.TemporaryDirectory(prefix="communique-store-")
        self._path = Path(self._dir.name) / "records.jsonl"
        self._staged = self._path.open("w", encoding="utf-8", newline="\n")

    def known(self) -> set[str]:
        """The sha256 of every stored statement (the batch extractor skips those documents)."""
        return set(self.stored.values())

    def add(self, record: dict[str, Any], json_text: str | None = None) -> None:
        """Stage a checked record; ``json_text``: its JSON as read (one line), so that it is not encoded again."""
        doc_id, sha = record["doc_id"], record["sha256"]
        if self.seen.get(doc_id, self.stored.get(doc_id)) == sha:
            self.seen.setdefault(doc_id, sha)
            return
        self.count += 1
        self.latest[doc_id] = self.count
        self.seen[doc_id] = sha
        date, source = statement_date(record)
        line = (
            f'{{"n":{self.count},"statement_date":{_ENCODE(date)},"date_source":{_ENCODE(source)},'
            f'"events":{_ENCODE(_events(record))},"sentence_texts":{_ENCODE(_sentence_texts(record))},'
            f'"record":{json_text or _ENCODE(record)}}}\n'
        )
        self.longest = max(self.longest, len(line))
        self._staged.write(line)

    def commit(self, summary: AddSummary) -> AddSummary:
        """Write everything staged in one transaction; raises StoreError (nothing written) on failure."""
        import duckdb

        self._staged.close()
        changed = [doc_id for doc_id, sha in self.seen.items() if self.stored.get(doc_id) != sha]
        replaced = [doc_id for doc_id in changed if doc_id in self.stored]
        unchanged = [doc_id for doc_id, sha in self.seen.items() if self.stored.get(doc_id) == sha]
        try:
            self.con.execute("BEGIN TRANSACTION")
            if changed:
                self._write(changed, replaced)
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

    def _write(self, changed: list[str], replaced: list[str]) -> None:
        """Inside the transaction: the latest staged version of each changed statement replaces what was stored."""
        self.con.execute("CREATE TEMP TABLE _latest (doc_id VARCHAR, n BIGINT)")
        self._bulk_latest(changed)
        size = max(_LINE_SIZE, 4 * self.longest + 1)  # characters: at most four bytes each in UTF-8
        self.con.execute(_RELATIONS[0], [self.added_at, str(self._path), STAGED, size])
        for relation in _RELATIONS[1:]:
            self.con.execute(relation)
        if replaced:
            for table in TABLES:
                self.con.execute(f"DELETE FROM {table.name} WHERE doc_id IN (SELECT doc_id FROM _latest)")
        for table in TABLES:
            self.con.execute(f"INSERT INTO {table.name} {table.select}")
        for relation in ("_acts", "_sentences", "_records", "_latest"):
            self.con.execute(f"DROP TABLE {relation}")

    def _bulk_latest(self, changed: list[str]) -> None:
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
        self._staged.close()
        self._dir.cleanup()
