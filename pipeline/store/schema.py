"""The store's tables: one ``Table`` each, with its columns and the rows one record gives it.

Every table but ``statements`` holds one row per thing found in a statement and names its statement by
``doc_id``; replacing a statement deletes its rows from every table in ``TABLES`` and inserts the new ones, so a
new kind of row (``acts``: one per typed predicate with its actors and recipients; ``act_entities``: the amounts
and dates attached to each) is one more ``Table`` here and nothing else changes: ``create_tables`` creates missing
tables in existing databases, and adds (and fills) a column added to a table.

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
# an act's attached amounts and dates with their normalised values
AMOUNTS = "STRUCT(text VARCHAR, amount DOUBLE, currency VARCHAR)[]"
DATES = 'STRUCT(text VARCHAR, "start" DATE, "end" DATE, role VARCHAR)[]'


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)
    rows: Callable[[dict[str, Any], dict[str, Any]], Iterator[Row]]  # (record, derived) -> rows
    doc: str
    json_columns: tuple[str, ...] = ()  # nested values, staged as JSON text

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


def _attached(act: dict[str, Any]) -> tuple[str, str, str]:
    """An act's amounts, dates and named documents, initiatives and events with their values, as JSON lists: what
    ``query commitments`` shows for each act, read from the act's row instead of gathered from ``act_entities`` and
    ``entities`` at every question (those two hold the same attachments one row each, for joins)."""
    if not any(act.get(key) for key in _ACT_ENTITY_LABELS):  # most acts: nothing attached
        return "[]", "[]", "[]"
    amounts, dates, named = [], [], []
    for item in act.get("amounts", ()):
        norm = item.get("norm") or {}
        amounts.append({"text": item["text"], "amount": norm.get("amount"), "currency": norm.get("currency")})
    for item in act.get("dates", ()):
        norm = item.get("norm") or {}
        dates.append(
            {
                "text": item["text"],
                "start": norm.get("start"),
                "end": norm.get("end"),
                "role": item.get("role"),
            }
        )
    for key in ("documents", "initiatives", "events"):
        for item in act.get(key, ()):
            named.append((item["start"], (item.get("norm") or {}).get("name") or item["text"]))
    named.sort()
    return (
        _ENCODE(amounts) if amounts else "[]",
        _ENCODE(dates) if dates else "[]",
        _ENCODE([name for _, name in named]) if named else "[]",
    )


def _act_rows(record: dict[str, Any], derived: dict[str, Any]) -> Iterator[Row]:
    from communique.plover import sentence_events

    doc_id = record["doc_id"]
    for index, sentence in enumerate(record["sentences"]):
        acts = sentence.get("acts", [])
        for number, (act, found) in enumerate(zip(acts, sentence_events(acts, record["text"]), strict=True)):
            obj = act.get("object") or {}
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
                *_attached(act),
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
            ("amounts", AMOUNTS),
            ("dates", DATES),
            ("named", "VARCHAR[]"),
        ),
        _act_rows,
        "one row per typed predicate: who commits what to whom (the record's acts), with what is attached to it",
        json_columns=("amounts", "dates", "named"),
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


def missing_columns(con: Any) -> dict[str, list[tuple[str, str]]]:
    """The columns of ``TABLES`` an existing database lacks (it was made by an older version), per table."""
    found: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall():
        found.setdefault(table, set()).add(column)
    return {
        table.name: [(name, kind) for name, kind in table.columns if name not in found[table.name]]
        for table in TABLES
        if table.name in found and any(name not in found[table.name] for name, _ in table.columns)
    }


# an older store's acts get their attachments from act_entities and entities, the rows they were staged from
_FILL_ACTS = (
    "UPDATE acts SET amounts = [], dates = [], named = []",
    f"""
    UPDATE acts AS a SET
        amounts = coalesce(f.amounts, []::{AMOUNTS}), dates = coalesce(f.dates, []::{DATES}),
        named = coalesce(f.named, []::VARCHAR[])
    FROM (
        SELECT x.doc_id, x.sentence, x.act,
            list({{'text': e.text, 'amount': e.amount, 'currency': e.currency}} ORDER BY e.char_start)
                FILTER (WHERE x.label = 'MONEY') AS amounts,
            list({{'text': e.text, 'start': e.date_start, 'end': e.date_end, 'role': x.role}}
                 ORDER BY e.char_start) FILTER (WHERE x.label = 'DATE') AS dates,
            list(coalesce(e.name, e.text) ORDER BY e.char_start)
                FILTER (WHERE x.label IN ('DOC', 'INITIATIVE', 'EVENT')) AS named
        FROM act_entities AS x JOIN entities AS e ON e.doc_id = x.doc_id AND e.char_start = x.char_start
        GROUP BY x.doc_id, x.sentence, x.act
    ) AS f
    WHERE a.doc_id = f.doc_id AND a.sentence = f.sentence AND a.act = f.act
    """,
)


def create_tables(con: Any) -> None:
    """Create what is missing, in one transaction: a table added by a later version appears in an older database,
    and a column added to a table is added and filled from what the database holds."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS store_info (key VARCHAR, value VARCHAR)")
        missing = missing_columns(con)
        for table in TABLES:
            con.execute(table.ddl())
            for name, kind in missing.get(table.name, ()):
                con.execute(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}")
        if {"amounts", "dates", "named"} & {name for name, _ in missing.get("acts", ())}:
            for statement in _FILL_ACTS:
                con.execute(statement)
        found = con.execute("SELECT value FROM store_info WHERE key = 'store_version'").fetchone()
        if found is None:
            con.execute("INSERT INTO store_info VALUES ('store_version', ?)", [str(STORE_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def staged_path(directory: Path, table: Table) -> Path:
    return directory / f"{table.name}.csv"
