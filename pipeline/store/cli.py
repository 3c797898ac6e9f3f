"""``communique store add|export`` and ``communique query NAME``: thin wrappers over the store's modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from communique.plain_help import PlainTyper
from communique.store.database import DEFAULT_DB

store_app = PlainTyper(no_args_is_help=True, help="A DuckDB store of records, queried across statements.")
query_app = PlainTyper(
    no_args_is_help=True,
    help="Named questions across the statements in a store (and `sql` for anything else).",
)

DB_OPTION = typer.Option(DEFAULT_DB, "--db", metavar="DB", help="The DuckDB database file.")
FORMAT_OPTION = typer.Option(
    "table", "--format", metavar="<table|csv|json|parquet>", help="json: an array of objects."
)
OUTPUT_OPTION = typer.Option(
    None, "-o", "--output", metavar="OUT", help="Write to this file instead of stdout."
)
LIMIT_OPTION = typer.Option(
    None,
    "--limit",
    metavar="N",
    min=0,
    help="At most N rows (0: all). Default: a table shows the first 100, csv, json and parquet give all.",
)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"communique: {message}", err=True)
    return typer.Exit(code)


@store_app.command("add")
def add(
    paths: list[str] = typer.Argument(
        ...,
        help="Record files (JSONL from `communique extract`) or statements to extract (files, directories, -).",
    ),
    db: Path = DB_OPTION,
    workers: int | None = typer.Option(
        None, "--workers", "-j", metavar="N", help="Worker processes for raw statements."
    ),
    model: Path | None = typer.Option(
        None, "--model", metavar="DIR", help="A saved pipeline directory (raw statements)."
    ),
) -> None:
    """Add records to the store in one transaction: a statement already stored (same sha256) changes nothing,
    one whose text changed replaces its old version. Exit 1 if some inputs failed; 2 if nothing was stored, or
    if a PATH does not exist (the others are stored)."""
    from communique.store.add import run_store_add

    raise typer.Exit(run_store_add(paths, db, workers=workers, model=model))


@store_app.command("export")
def export(
    parquet: Path = typer.Option(
        ..., "--parquet", metavar="DIR", help="Directory for one Parquet dataset per table."
    ),
    db: Path = DB_OPTION,
) -> None:
    """Every table as Parquet partitioned by statement year (DIR/TABLE/year=YYYY/*.parquet)."""
    import duckdb
    from communique.store.database import StoreError, connect, explain
    from communique.store.export import export_parquet

    try:
        con = connect(db, write=False)
    except StoreError as error:
        raise _fail(str(error), 2) from None
    try:
        counts = export_parquet(con, parquet)
    except (duckdb.Error, OSError) as error:
        raise _fail(explain(parquet, error), 2) from None
    finally:
        con.close()
    typer.echo(
        "communique: " + ", ".join(f"{name} {rows}" for name, rows in counts.items()) + f" rows in {parquet}",
        err=True,
    )


def _asked(question: Callable[..., tuple[str, list]], *arguments: Any) -> tuple[str, list]:
    """The question's ``(sql, parameters)``; a partner the knowledge base does not know is a one-line error."""
    from communique.store.partners import UnknownPartner

    try:
        return question(*arguments)
    except UnknownPartner as error:
        raise _fail(str(error), 2) from None


def _run(
    db: Path, sql: str, params: list, output_format: str, output: Path | None, limit: int | None
) -> None:
    import duckdb
    from communique.store.database import StoreError, connect
    from communique.store.output import OutputUsageError, check_format, emit

    try:
        check_format(output_format, output)
        con = connect(db, write=False)
    except (OutputUsageError, StoreError) as error:
        raise _fail(str(error), 2) from None
    try:
        emit(con, sql, params, output_format, output, limit)
    except OutputUsageError as error:
        raise _fail(str(error), 2) from None
    except duckdb.Error as error:
        raise _fail(f"query failed: {str(error).splitlines()[0]}", 1) from None
    except BrokenPipeError:  # `| head`: the reader has all it wants
        sys.stderr.close()
        raise typer.Exit(0) from None
    except OSError as error:
        from communique.writers import cannot_write  # here only: it imports the extractor (spaCy), a second

        raise _fail(cannot_write(output, error) if output else f"stdout: cannot write ({error})", 2) from None
    finally:
        con.close()


@query_app.command("initiatives")
def initiatives(
    name: str | None = typer.Argument(None, help="One initiative (id, name or text): one row per partner."),
    db: Path = DB_OPTION,
    output_format: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    limit: int | None = LIMIT_OPTION,
) -> None:
    """Initiatives: first and last mention, statements and mentions, partners."""
    from communique.store.queries import initiatives as question

    _run(db, *question(name), output_format, output, limit)


@query_app.command("relationships")
def relationships(
    partner: str | None = typer.Argument(
        None, help="A partner: its alpha-3 code or group id (UZB, ASEAN) or its name (乌兹别克斯坦)."
    ),
    db: Path = DB_OPTION,
    output_format: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    limit: int | None = LIMIT_OPTION,
) -> None:
    """The designation timeline per partner, with upgrades."""
    from communique.store.queries import relationships as question

    _run(db, *_asked(question, partner), output_format, output, limit)


@query_app.command("commitments")
def commitments(
    with_money: bool = typer.Option(False, "--with-money", help="Only commitments that carry an amount."),
    to: str | None = typer.Option(
        None,
        "--to",
        metavar="PARTNER",
        help="Only commitments directed at this partner: a code (UZB, ASEAN) or a name (乌兹别克斯坦).",
    ),
    since: int | None = typer.Option(
        None, "--since", metavar="YEAR", help="Only statements of this year or later."
    ),
    db: Path = DB_OPTION,
    output_format: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    limit: int | None = LIMIT_OPTION,
) -> None:
    """Commitments, one per act: actors, recipients, what, the amounts and dates attached to it."""
    from communique.store.queries import commitments as question

    _run(db, *_asked(question, with_money, to, since), output_format, output, limit)


@query_app.command("mentions")
def mentions(
    what: str = typer.Argument(..., help="A normalised value (UZB, a KB id), a normalised name or the text."),
    db: Path = DB_OPTION,
    output_format: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    limit: int | None = LIMIT_OPTION,
) -> None:
    """Every statement and sentence naming a state, organisation, person, document (or other named entity)."""
    from communique.store.queries import mentions as question

    _run(db, *question(what), output_format, output, limit)


@query_app.command("sql")
def sql(
    statement: str = typer.Argument(
        ..., help='Any read-only SQL over the store, e.g. "SELECT * FROM parties".'
    ),
    db: Path = DB_OPTION,
    output_format: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    limit: int | None = LIMIT_OPTION,
) -> None:
    """Anything else, in SQL (the database is opened read-only)."""
    _run(db, statement, [], output_format, output, limit)
