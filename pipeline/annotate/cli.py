"""The ``communique annotate`` sub-commands: option parsing only; the work is in ``commands`` (imported lazily so
that ``communique --help`` does not load spaCy or scikit-learn)."""

from __future__ import annotations

from pathlib import Path

import typer
from communique.plain_help import PlainTyper

annotate_app = PlainTyper(
    add_completion=False,
    no_args_is_help=True,
    help="The doccano annotation loop (credentials from DOCCANO_* env).",
)


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
    data_dir: Path | None = typer.Option(
        None, metavar="DIR", help="doccano's database and media (default .doccano/data)."
    ),
    workers: int = typer.Option(2, metavar="N", help="Web server worker processes."),
) -> None:
    """Start doccano (web server + task worker) at DOCCANO_URL with the admin from DOCCANO_USERNAME/PASSWORD."""
    from communique.annotate import commands

    _annotate_errors(lambda: commands.serve(data_dir, workers, typer.echo))


@annotate_app.command("push")
def annotate_push(
    items: list[str] = typer.Argument(..., help="Statement files, or document ids in --documents."),
    project: str = typer.Option("communique", metavar="NAME", help="doccano project (created if missing)."),
    documents: Path = typer.Option(Path("corpus/documents"), metavar="DIR", help="Corpus folder."),
    splits: Path = typer.Option(
        Path("corpus/splits.json"), metavar="FILE", help="Splits; the train split fits the ordering model."
    ),
    model: Path | None = typer.Option(
        None, metavar="DIR", help="Pipeline to pre-annotate with (default: the bundled one)."
    ),
) -> None:
    """Upload pipeline suggestions, one example per sentence, least sure first; existing sentences are skipped."""
    from communique.annotate import commands

    _annotate_errors(lambda: commands.push(project, items, documents, splits, model, typer.echo))


@annotate_app.command("pull")
def annotate_pull(
    project: str = typer.Option("communique", metavar="NAME", help="doccano project."),
    documents: Path = typer.Option(
        Path("corpus/documents"), metavar="DIR", help="Corpus folder to merge into."
    ),
    force: bool = typer.Option(False, "--force", help="Take doccano's version where the corpus changed too."),
) -> None:
    """Merge doccano's annotations into the corpus; exit 1 when conflicts were left unmerged."""
    from communique.annotate import commands

    report = _annotate_errors(lambda: commands.pull(project, documents, force, typer.echo))
    raise typer.Exit(1 if report.conflicts or report.unmerged else 0)
