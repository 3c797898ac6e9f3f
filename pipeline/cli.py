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


annotate_app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="The doccano annotation loop (credentials from DOCCANO_* env).",
)
app.add_typer(annotate_app, name="annotate")


def _annotate_errors(function):
    """Run an annotate command, turning a set-up problem into one line on stderr and exit 1."""
    from communique.annotate.environment import AnnotateError

    try:
        return function()
    except AnnotateError as error:
        typer.echo(f"communique annotate: {error}", err=True)
        raise typer.Exit(1) from None


@annotate_app.command("setup")
def annotate_setup() -> None:
    """Create the doccano server and client virtual environments under .doccano/ if missing."""
    from communique.annotate import commands

    _annotate_errors(lambda: commands.setup(typer.echo))


@annotate_app.command("serve")
def annotate_serve(
    data_dir: Path | None = typer.Option(None, help="doccano's database and media (default .doccano/data)."),
    workers: int = typer.Option(2, help="Web server worker processes."),
) -> None:
    """Start doccano (web server + task worker) at DOCCANO_URL with the admin from DOCCANO_USERNAME/PASSWORD."""
    from communique.annotate import commands

    _annotate_errors(lambda: commands.serve(data_dir, workers, typer.echo))


@annotate_app.command("push")
def annotate_push(
    items: list[str] = typer.Argument(..., help="Statement files, or document ids in --documents."),
    project: str = typer.Option("communique", help="doccano project (created if missing)."),
    documents: Path = typer.Option(Path("corpus/documents"), help="Corpus folder."),
    splits: Path = typer.Option(
        Path("corpus/splits.json"), help="Splits; the train split fits the ordering model."
    ),
    model: Path | None = typer.Option(None, help="Pipeline to pre-annotate with (default: the bundled one)."),
) -> None:
    """Upload pipeline suggestions, one example per sentence, least sure first; existing sentences are skipped."""
    from communique.annotate import commands

    _annotate_errors(lambda: commands.push(project, items, documents, splits, model, typer.echo))


@annotate_app.command("pull")
def annotate_pull(
    project: str = typer.Option("communique", help="doccano project."),
    documents: Path = typer.Option(Path("corpus/documents"), help="Corpus folder to merge into."),
    force: bool = typer.Option(False, "--force", help="Take doccano's version where the corpus changed too."),
) -> None:
    """Merge doccano's annotations into the corpus; exit 1 when conflicts were left unmerged."""
    from communique.annotate import commands

    report = _annotate_errors(lambda: commands.pull(project, documents, force, typer.echo))
    raise typer.Exit(1 if report.conflicts or report.unmerged else 0)
