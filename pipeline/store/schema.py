"""The store's tables: one ``Table`` each, with its columns and the rows one record gives it.

Every table but ``statements`` holds one row per thing found in a statement and names its statement by
``doc_id``; replacing a statement deletes its rows from every table in ``TABLES`` and inserts the new ones, so a
new kind of row (``acts``: one per typed predicate with its actors and recipients; ``act_entities``: the amounts
and dates attached to each) is one more ``Table`` here and nothing else changes: ``open_store`` creates missing tables in existing databases.

Offsets are ``char_start``/``char_end`` (``end`` is an SQL keyword), code points into ``statements.text``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.record import entity_key

# the layout of the database itself (tables and columns), kept in store_info; raised only by a change that an
# older reader would misread, never by a new table
STORE_VERSION = 1

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)
    rows: Callable[[dict[str, Any], dict[str, Any]], Iterator[Row]]  # (record, derived) -> rows
    doc: str

    def ddl(self) -> str:
        columns = ", ".join(f"{name} {kind}" for name, kind in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({columns})"


def _sentence_index(record: dict[str, Any]) -> Callable[[int], int | None]:
    """Position -> index of the sentence containing it (entities and triggers are sorted, so a moving pointer)."""
    sentences = record["sentences"]
    state = {"i": 0}

    def find(position: int) -> int | None:
        i = state["i"]
        if i < len(sentences) and position < sentences[i]["start"]:
            i = 0
        while i < len(sentences) and sentences[i]["end"] <= position:
            i += 1
        state["i"] = i
        if i < len(sentences) and sentences[i]["start"] <= position:
            return i
        return None

    return find


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> str | None:
    """JSON text; one encoder for every row (``json.dumps`` with options builds a new one per call)."""
    if value is None:
        return None
    if isinstance(value, str) and value.isalnum():  # state codes: most norms
        return f'"{value}"'
    return _ENCODE(value)


def _codes(values: Any) -> str:
    """A list of codes (obligation types, alpha-3 codes: no '|' in them) as ``|A|B`` for the CSV stage; never
    empty, so that an empty list stays distinct from an absent one (see ``load._CAST``)."""
    return "|" + "|".join(values)


def _statement_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    date = derived["date"]
    yield (
        record["doc_id"],
        record["sha256"],
        record.get("title"),
        record.get("kind"),
        date,
        derived["date_source"],
        int(date[:4]) if date else None,
        record.get("source"),
        record.get("pipeline"),
        record.get("schema_version", 1),
        len(record["text"]),
        record["text"],
        derived["added_at"],
    )


def _party_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    for position, party in enumerate(record["parties"]):
        yield (record["doc_id"], position, party)


def _entity_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    doc_id, sentence_of = record["doc_id"], _sentence_index(record)
    for entity in record["entities"]:
        norm = entity.get("norm")
        is_dict = isinstance(norm, dict)
        name = norm.get("name") if is_dict else None
        date = norm if is_dict and entity["label"] == "DATE" else {}
        money = norm if is_dict and entity["label"] == "MONEY" else {}
        key = None if entity["label"] in ("DATE", "MONEY") else entity_key(entity)
        yield (
            doc_id,
            sentence_of(entity["start"]),
            entity["start"],
            entity["end"],
            entity["label"],
            entity["text"],
            key,
            name,
            date.get("start"),
            date.get("end"),
            date.get("grain"),
            money.get("amount"),
            money.get("currency"),
            _json(norm),
        )


def _sentence_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    text, doc_id = record["text"], record["doc_id"]
    for index, sentence in enumerate(record["sentences"]):
        recipients = sentence.get("recipients")
        yield (
            doc_id,
            index,
            sentence["start"],
            sentence["end"],
            text[sentence["start"] : sentence["end"]],
            _codes(sentence.get("types", ())),
            _codes(sentence.get("actors", ())),
            _codes(recipients) if isinstance(recipients, list) else None,
        )


def _trigger_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    doc_id = record["doc_id"]
    for index, sentence in enumerate(record["sentences"]):
        for trigger in sentence.get("triggers", []):
            yield (doc_id, index, trigger["start"], trigger["end"], trigger["text"], trigger["type"])


def _relationship_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    found = record.get("relationship")
    if isinstance(found, dict) and found.get("designation"):
        yield (
            record["doc_id"],
            found["designation"],
            found.get("canonical"),
            found.get("kind"),
            found.get("rank"),
            found.get("action"),
            found.get("start"),
            found.get("end"),
        )


# an act's attached entities, by the label they carry in the record's ``acts`` (pipeline/acts.py)
_ACT_ENTITY_LABELS = {
    "amounts": "MONEY",
    "dates": "DATE",
    "documents": "DOC",
    "initiatives": "INITIATIVE",
    "events": "EVENT",
}


def _act_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    from communique.plover import event_of

    doc_id = record["doc_id"]
    for index, sentence in enumerate(record["sentences"]):
        for number, act in enumerate(sentence.get("acts", [])):
            obj = act.get("object") or {}
            found = event_of(act["type"], act["trigger"]["text"])
            yield (
                doc_id,
                index,
                number,
                act["type"],
                found.event if found else None,
                act["trigger"]["start"],
                act["trigger"]["end"],
                act["trigger"]["text"],
                "true" if act.get("inherited") else "false",
                _codes(act.get("actors", ())),
                _codes(act.get("recipients", ())),
                obj.get("start"),
                obj.get("end"),
                obj.get("text"),
                _codes(act.get("contexts", ())),
            )


def _act_entity_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    doc_id = record["doc_id"]
    for index, sentence in enumerate(record["sentences"]):
        for number, act in enumerate(sentence.get("acts", [])):
            for key, label in _ACT_ENTITY_LABELS.items():
                for entity in act.get(key, []):
                    yield (doc_id, index, number, entity["start"], entity["end"], label, entity.get("role"))


TABLES: tuple[Table, ...] = (
    Table(
        "statements",
        (
            ("doc_id", "VARCHAR"),
            ("sha256", "VARCHAR"),
            ("title", "VARCHAR"),
            ("kind", "VARCHAR"),
            ("date", "DATE"),
            ("date_source", "VARCHAR"),
            ("year", "INTEGER"),
            ("source", "VARCHAR"),
            ("pipeline", "VARCHAR"),
            ("schema_version", "INTEGER"),
            ("characters", "INTEGER"),
            ("text", "VARCHAR"),
            ("added_at", "TIMESTAMP"),
        ),
        _statement_rows,
        "one row per statement (doc_id is unique)",
    ),
    Table(
        "parties",
        (("doc_id", "VARCHAR"), ("position", "INTEGER"), ("party", "VARCHAR")),
        _party_rows,
        "the issuing states, in the order the title names them",
    ),
    Table(
        "entities",
        (
            ("doc_id", "VARCHAR"),
            ("sentence", "INTEGER"),
            ("char_start", "INTEGER"),
            ("char_end", "INTEGER"),
            ("label", "VARCHAR"),
            ("text", "VARCHAR"),
            ("key", "VARCHAR"),
            ("name", "VARCHAR"),
            ("date_start", "DATE"),
            ("date_end", "DATE"),
            ("date_grain", "VARCHAR"),
            ("amount", "DOUBLE"),
            ("currency", "VARCHAR"),
            ("norm", "JSON"),
        ),
        _entity_rows,
        "every entity, its normalised value spread into columns",
    ),
    Table(
        "sentences",
        (
            ("doc_id", "VARCHAR"),
            ("sentence", "INTEGER"),
            ("char_start", "INTEGER"),
            ("char_end", "INTEGER"),
            ("text", "VARCHAR"),
            ("types", "VARCHAR[]"),
            ("actors", "VARCHAR[]"),
            ("recipients", "VARCHAR[]"),
        ),
        _sentence_rows,
        "every sentence with its obligation types and actors",
    ),
    Table(
        "triggers",
        (
            ("doc_id", "VARCHAR"),
            ("sentence", "INTEGER"),
            ("char_start", "INTEGER"),
            ("char_end", "INTEGER"),
            ("text", "VARCHAR"),
            ("type", "VARCHAR"),
        ),
        _trigger_rows,
        "the predicate words that gave a sentence its types",
    ),
    Table(
        "relationships",
        (
            ("doc_id", "VARCHAR"),
            ("designation", "VARCHAR"),
            ("canonical", "VARCHAR"),
            ("kind", "VARCHAR"),
            ("rank", "INTEGER"),
            ("action", "VARCHAR"),
            ("char_start", "INTEGER"),
            ("char_end", "INTEGER"),
        ),
        _relationship_rows,
        "the partnership designation a statement establishes, upgrades, deepens or reaffirms",
    ),
    Table(
        "acts",
        (
            ("doc_id", "VARCHAR"),
            ("sentence", "INTEGER"),
            ("act", "INTEGER"),
            ("type", "VARCHAR"),
            ("plover_event", "VARCHAR"),
            ("char_start", "INTEGER"),
            ("char_end", "INTEGER"),
            ("trigger", "VARCHAR"),
            ("inherited", "BOOLEAN"),
            ("actors", "VARCHAR[]"),
            ("recipients", "VARCHAR[]"),
            ("object_start", "INTEGER"),
            ("object_end", "INTEGER"),
            ("object", "VARCHAR"),
            ("contexts", "VARCHAR[]"),
        ),
        _act_rows,
        "one row per typed predicate: who commits what to whom (the record's acts)",
    ),
    Table(
        "act_entities",
        (
            ("doc_id", "VARCHAR"),
            ("sentence", "INTEGER"),
            ("act", "INTEGER"),
            ("char_start", "INTEGER"),
            ("char_end", "INTEGER"),
            ("label", "VARCHAR"),
            ("role", "VARCHAR"),
        ),
        _act_entity_rows,
        "the amounts, dates, documents, initiatives and events attached to an act (join entities on char_start)",
    ),
)

TABLE_NAMES = tuple(table.name for table in TABLES)


def create_tables(con: Any) -> None:
    """Create what is missing (a table added by a later version appears in an older database)."""
    con.execute("CREATE TABLE IF NOT EXISTS store_info (key VARCHAR, value VARCHAR)")
    for table in TABLES:
        con.execute(table.ddl())
    found = con.execute("SELECT value FROM store_info WHERE key = 'store_version'").fetchone()
    if found is None:
        con.execute("INSERT INTO store_info VALUES ('store_version', ?)", [str(STORE_VERSION)])


def staged_path(directory: Path, table: Table) -> Path:
    return directory / f"{table.name}.csv"
