"""The ``communique`` command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from communique.plain_help import PlainTyper


# Enums, so that --help lists the choices ([jsonl|csv]) and a wrong one is a usage error naming them (exit 2)
class RecordFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    plover = "plover"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class DiffFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    html = "html"


app = PlainTyper(
    add_completion=False,
    # plain help, as spaCy's CLI prints it: no <bool>/<list[str]> type column, choices and defaults as written
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Extract structured records from Chinese joint statements.",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"communique {version('communique')}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """communique: information extraction for Chinese diplomatic joint statements."""


@app.command()
def extract(
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH...",
        help="Files, directories (recursive: .txt .md .html .pdf .docx .jsonl) or - for stdin.",
        show_default=False,
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        metavar="OUT",
        help="JSONL: write records to this file (default stdout). CSV: a directory.",
    ),
    output_format: RecordFormat | None = typer.Option(
        None,
        "--format",
        help="jsonl: one record per line; csv: statements, entities, sentences, triggers and acts tables in -o "
        "DIR; plover: one PLOVER event per act (JSON Lines). "
        "Default: jsonl, or a short summary when stdout is a terminal and no -o is given.",
        show_default=False,
    ),
    model: Path | None = typer.Option(
        None, "--model", metavar="DIR", help="A saved pipeline directory (default: the bundled one)."
    ),
    max_bytes: int = typer.Option(
        20 * 1024 * 1024,
        "--max-bytes",
        metavar="BYTES",
        help="Files larger than this are failures (default: 20 MB = 20971520).",
        show_default=False,
    ),
    errors: Path | None = typer.Option(
        None,
        "--errors",
        metavar="FILE",
        help="Failed documents as JSON lines (default with -o: OUT.errors.jsonl).",
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-j", metavar="N", help="Worker processes (default: all cores)."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Skip documents already in the -o JSONL file.", show_default=False
    ),
    engine: Engine = typer.Option(
        Engine.local,
        "--engine",
        help="local: worker processes; dask: a cluster.",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.1:8786.",
    ),
    bom: bool = typer.Option(
        False,
        "--excel",
        "--bom",
        help="CSV in UTF-8 with a BOM, formulas neutralised, for Excel.",
        show_default=False,
    ),
) -> None:
    """Analyse statements and write one record per document. Exit 0: all done; 1: some documents failed (the
    others are written); 2: usage error, or a PATH that does not exist (the others are written).

    On a terminal without -o or --format, a short summary per statement is printed instead of the JSON records;
    piped, the records go to stdout as JSON lines."""
    from communique.extract_command import ExtractOptions, run_extract

    summary = output is None and output_format is None and sys.stdout.isatty()
    options = ExtractOptions(
        paths=paths,
        output=output,
        output_format=output_format.value if output_format else "jsonl",
        summary=summary,
        model=model,
        max_bytes=max_bytes,
        errors=errors,
        workers=workers,
        resume=resume,
        engine=engine.value,
        scheduler=scheduler,
        bom=bom,
    )
    raise typer.Exit(run_extract(options))


@app.command()
def evaluate(
    gold: str | None = typer.Option(
        None,
        "--gold",
        metavar="GOLD",
        help="Gold corpus JSONL document, a folder of them, or a split name of corpus/splits.json.",
    ),
    split: str | None = typer.Option(
        None, "--split", metavar="SPLIT", help="A split of corpus/splits.json (train, dev, test)."
    ),
    model: Path | None = typer.Option(
        None, "--model", metavar="DIR", help="A saved pipeline (default: the bundled one)."
    ),
    out: Path = typer.Option(
        Path("evaluation-out"), "--out", metavar="DIR", help="Folder for report.md, report.json and PNGs."
    ),
    guard: Path | None = typer.Option(
        None,
        "--guard",
        metavar="REPORT",
        help="Committed report.json: exit 1 if a headline F1 falls more than 0.02 below it.",
    ),
    samples: int = typer.Option(
        1000, "--samples", metavar="N", help="Bootstrap resamples for the confidence intervals."
    ),
    baselines: bool = typer.Option(True, "--baselines/--no-baselines", help="Also score the baselines."),
    progress: bool | None = typer.Option(
        None,
        "--progress/--no-progress",
        help="Progress bars (default: when stderr is a terminal).",
        show_default=False,
    ),
) -> None:
    """Score a pipeline and the baselines on gold documents; write the Markdown/JSON/PNG report."""
    from communique.evaluation.command import run_evaluate

    raise typer.Exit(run_evaluate(gold, split, model, out, guard, samples, baselines, progress))


@app.command()
def report(
    paths: list[str] | None = typer.Argument(
        None, metavar="[PATH...]", help="Statements: files, directories or - for stdin.", show_default=False
    ),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        metavar="DIR",
        help="Directory for the pages and index.html; with --db, the corpus page file.",
    ),
    model: Path | None = typer.Option(None, "--model", metavar="DIR", help="A saved pipeline directory."),
    db: Path | None = typer.Option(
        None, "--db", metavar="DB", help="A store: write the corpus page over it instead."
    ),
) -> None:
    """Write one self-contained HTML page per statement and an index. Exit 1 if any document failed; 2 on a
    usage error or a PATH that does not exist (the other pages are written).

    With --db, the page over the whole store, with each statement's page in PAGE_statements/ beside it."""
    if db is not None:
        from communique.store.command import run_corpus_report

        if paths:
            typer.echo("communique: give statements or --db, not both", err=True)
            raise typer.Exit(2)
        raise typer.Exit(run_corpus_report(db, output))
    if not paths:
        typer.echo("communique: give statements to report on, or --db DB for the corpus page", err=True)
        raise typer.Exit(2)
    from communique.report import run_report

    raise typer.Exit(run_report(paths, output, model))


@app.command()
def diff(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier statement (one document)."),
    new: str = typer.Argument(..., metavar="NEW", help="The later statement (one document)."),
    output_format: DiffFormat = typer.Option(
        DiffFormat.markdown,
        "--format",
        help="markdown (for reading), json (for tools) or html (a page in the report's style).",
    ),
    threshold: float | None = typer.Option(
        None,
        "--threshold",
        metavar="COSINE",
        help="Minimum cosine similarity to pair two sentences (default 0.5).",
    ),
    model: Path | None = typer.Option(None, "--model", metavar="DIR", help="A saved pipeline directory."),
) -> None:
    """Compare two statements: relationship level, entities, commitments (with their edits), money, dates.
    Printed on stdout (redirect the html form to a file)."""
    from communique.diff import DiffInputError, DiffUsageError, run_diff

    try:
        sys.stdout.write(run_diff(old, new, output_format.value, threshold, model))
    except DiffUsageError as error:
        typer.echo(f"communique: {error}", err=True)
        raise typer.Exit(2) from None
    except DiffInputError as error:
        typer.echo(f"communique: {error}", err=True)
        raise typer.Exit(1) from None


# `communique annotate setup|serve|push|pull`: the doccano loop; its module imports the heavy parts lazily.
from communique.annotate.cli import annotate_app  # noqa: E402

app.add_typer(annotate_app, name="annotate")

# `communique store add|export` and `communique query NAME`: the DuckDB store of many statements.
from communique.store.cli import query_app, store_app  # noqa: E402

app.add_typer(store_app, name="store")
app.add_typer(query_app, name="query")
