"""The store's tables: one ``Table`` each, with its columns and the SQL that selects its rows from the staged
records (DuckDB flattens the records itself: ``load``).

Every table but ``statements`` holds one row per thing found in a statement and names its statement by
``doc_id``; replacing a statement deletes its rows from every table in ``TABLES`` and inserts the new ones, so a
new kind of row (``acts``: one per typed predicate with its actors and recipients; ``act_entities``: the amounts
and dates attached to each) is one more ``Table`` here and nothing else changes: ``create_tables`` creates missing
tables in existing databases, and adds (and fills) a column added to a table.

Offsets are ``char_start``/``char_end`` (``end`` is an SQL keyword), code points into ``statements.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# the layout of the database itself (tables and columns), kept in store_info; raised only by a change that an
# older reader would misread, never by a new table
STORE_VERSION = 1

# an act's attached amounts and dates with their normalised values
AMOUNTS = "STRUCT(text VARCHAR, amount DOUBLE, currency VARCHAR)[]"
DATES = 'STRUCT(text VARCHAR, "start" DATE, "end" DATE, role VARCHAR)[]'


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)
    select: str  # SQL over the staged records (see below) giving this table's rows, in ``columns`` order
    doc: str

    def ddl(self) -> str:
        columns = ", ".join(f"{name} {kind}" for name, kind in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({columns})"


# The rows are selected by DuckDB from the staged records (``load``): ``_records`` has one row per statement with
# the record's fields and what ``load`` derived in Python (``statement_date``, ``date_source``, ``events``: the
# PLOVER event of each act, ``sentence_texts``, ``added_at``); ``_sentences`` one per sentence (``s``: the record's
# sentence, ``sentence``: its index, ``char_start``/``char_end``, ``text``); ``_acts`` one per act (``a``: the record's act, ``act``:
# its index in the sentence, ``plover_event``).

# ``record.entity_key`` in SQL: a knowledge-base id, else a state code, else the text (no key for dates and amounts)
_ENTITY_KEY = """CASE WHEN x.e.label IN ('DATE', 'MONEY') THEN NULL
         WHEN json_type(x.e.norm) = 'OBJECT' AND nullif(x.e.norm->>'id', '') IS NOT NULL THEN x.e.norm->>'id'
         WHEN json_type(x.e.norm) = 'VARCHAR' THEN x.e.norm->>'$'
         ELSE x.e.text END"""

_ENTITIES = f"""
    SELECT x.doc_id, CASE WHEN x.e.start < s.char_end THEN s.sentence END, x.e.start, x.e."end", x.e.label, x.e.text,
        {_ENTITY_KEY},
        CASE WHEN json_type(x.e.norm) = 'OBJECT' THEN x.e.norm->>'name' END,
        CASE WHEN x.e.label = 'DATE' AND json_type(x.e.norm) = 'OBJECT' THEN (x.e.norm->>'start')::DATE END,
        CASE WHEN x.e.label = 'DATE' AND json_type(x.e.norm) = 'OBJECT' THEN (x.e.norm->>'end')::DATE END,
        CASE WHEN x.e.label = 'DATE' AND json_type(x.e.norm) = 'OBJECT' THEN x.e.norm->>'grain' END,
        CASE WHEN x.e.label = 'MONEY' AND json_type(x.e.norm) = 'OBJECT' THEN (x.e.norm->>'amount')::DOUBLE END,
        CASE WHEN x.e.label = 'MONEY' AND json_type(x.e.norm) = 'OBJECT' THEN x.e.norm->>'currency' END,
        x.e.norm
    FROM (SELECT doc_id, unnest(entities) AS e FROM _records) AS x
    ASOF LEFT JOIN _sentences AS s ON x.doc_id = s.doc_id AND x.e.start >= s.char_start
"""

# an act's attached entities, by the label they carry in the record's ``acts`` (pipeline/acts.py)
_ACT_ENTITY_LABELS = {
    "amounts": "MONEY",
    "dates": "DATE",
    "documents": "DOC",
    "initiatives": "INITIATIVE",
    "events": "EVENT",
}

# An act's amounts, dates and named documents, initiatives and events with their values: what ``query
# commitments`` shows for each act, read from the act's row instead of gathered from ``act_entities`` and
# ``entities`` at every question (those two hold the same attachments one row each, for joins).
_NAMED = " || ".join(
    f"list_transform(coalesce(a.{key}, []), lambda x: {{'start': x.start, "
    "'name': coalesce(nullif(x.norm->>'name', ''), x.text)})"
    for key in ("documents", "initiatives", "events")
)
_ACTS = f"""
    SELECT doc_id, sentence, act, a.type, plover_event, a.trigger.start, a.trigger."end", a.trigger.text,
        coalesce(a.inherited, false), coalesce(a.actors, []), coalesce(a.recipients, []),
        a.object.start, a.object."end", a.object.text, coalesce(a.contexts, []),
        list_transform(coalesce(a.amounts, []), lambda x: {{'text': x.text,
            'amount': (x.norm->>'amount')::DOUBLE, 'currency': x.norm->>'currency'}}),
        list_transform(coalesce(a.dates, []), lambda x: {{'text': x.text,
            'start': (x.norm->>'start')::DATE, 'end': (x.norm->>'end')::DATE, 'role': x.role}}),
        list_transform(list_sort({_NAMED}), lambda x: x.name)
    FROM _acts
"""

_ACT_ENTITIES = " UNION ALL ".join(
    f"SELECT doc_id, sentence, act, x.start, x.\"end\", '{label}', x.role "
    f"FROM (SELECT doc_id, sentence, act, unnest(a.{key}) AS x FROM _acts)"
    for key, label in _ACT_ENTITY_LABELS.items()
)

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
        """SELECT doc_id, sha256, title, kind, statement_date, date_source, year(statement_date), source, pipeline,
            coalesce(schema_version, 1), length(text), text, added_at FROM _records""",
        "one row per statement (doc_id is unique)",
    ),
    Table(
        "parties",
        (("doc_id", "VARCHAR"), ("position", "INTEGER"), ("party", "VARCHAR")),
        "SELECT doc_id, generate_subscripts(parties, 1) - 1, unnest(parties) FROM _records",
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
        _ENTITIES,
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
        """SELECT doc_id, sentence, char_start, char_end, text, coalesce(s.types, []), coalesce(s.actors, []),
            s.recipients
        FROM _sentences""",
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
        """SELECT doc_id, sentence, t.start, t."end", t.text, t.type
        FROM (SELECT doc_id, sentence, unnest(s.triggers) AS t FROM _sentences)""",
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
        """SELECT doc_id, relationship.designation, relationship.canonical, relationship.kind, relationship.rank,
            relationship.action, relationship.start, relationship."end"
        FROM _records WHERE coalesce(relationship.designation, '') <> ''""",
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
        _ACTS,
        "one row per typed predicate: who commits what to whom (the record's acts), with what is attached to it",
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
        _ACT_ENTITIES,
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
