"""The ``communique`` command line."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Extract structured records from Chinese joint statements.",
)


@app.callback()
def main() -> None:
    """communique: information extraction for Chinese diplomatic joint statements."""


@app.command()
def extract(
    paths: list[str] = typer.Argument(
        ..., help="Files, directories (recursive: .txt .md .html .htm .jsonl) or - for stdin."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="JSONL: write records to this file (default stdout). CSV: a directory."
    ),
    output_format: str = typer.Option(
        "jsonl",
        "--format",
        help="jsonl (one record per line) or csv (entities.csv and sentences.csv in -o DIR).",
    ),
    model: Path | None = typer.Option(
        None, "--model", help="A saved pipeline directory (default: the bundled one)."
    ),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Skip files larger than this."),
    errors: Path | None = typer.Option(
        None, "--errors", help="Failed documents as JSON lines (default with -o: OUT.errors.jsonl)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-j", help="Worker processes (default: all cores)."
    ),
    resume: bool = typer.Option(False, "--resume", help="Skip documents already in the -o JSONL file."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or dask (a cluster)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.1:8786."
    ),
    bom: bool = typer.Option(False, "--excel", "--bom", help="CSV in UTF-8 with a BOM, for Excel."),
) -> None:
    """Analyse statements and write one record per document. Exit 1 if any document failed, 2 on usage errors."""
    from communique.extract_command import ExtractOptions, run_extract

    options = ExtractOptions(
        paths=paths,
        output=output,
        output_format=output_format,
        model=model,
        max_bytes=max_bytes,
        errors=errors,
        workers=workers,
        resume=resume,
        engine=engine,
        scheduler=scheduler,
        bom=bom,
    )
    raise typer.Exit(run_extract(options))
