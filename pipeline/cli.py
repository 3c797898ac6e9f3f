"""The ``communique`` command line."""

from __future__ import annotations

import sys
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
    output: Path | None = typer.Option(None, "-o", "--output", help="Write records here instead of stdout."),
    output_format: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    model: Path | None = typer.Option(
        None, "--model", help="A saved pipeline directory (default: the bundled one)."
    ),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Skip files larger than this."),
) -> None:
    """Analyse statements and write one record per document. Exit 1 if any document failed."""
    from communique.extract import Extractor, Failure, extract_paths
    from communique.writers import JsonlWriter

    if output_format != "jsonl":
        typer.echo(f"communique: unknown format {output_format!r} (known: jsonl)", err=True)
        raise typer.Exit(2)
    extractor = Extractor(model=model)
    handle = output.open("w", encoding="utf-8") if output else sys.stdout
    writer = JsonlWriter(handle)
    failures = 0
    try:
        for item in extract_paths(extractor, paths, max_bytes):
            if isinstance(item, Failure):
                failures += 1
                typer.echo(f"communique: {item}", err=True)
            else:
                writer.write(item)
    finally:
        if output:
            handle.close()
    raise typer.Exit(1 if failures else 0)


# `communique annotate setup|serve|push|pull`: the doccano loop; its module imports the heavy parts lazily.
from communique.annotate.cli import annotate_app  # noqa: E402

app.add_typer(annotate_app, name="annotate")
