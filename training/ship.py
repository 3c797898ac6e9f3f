"""The ``ship`` step: the retrained package replaces the shipped ``models/communique-zh``, and only when asked.

``spacy project run all`` writes to ``training/output`` and ``training/packages/``; replacing the model every user
loads is a separate, explicit decision (after reading the new package's evaluation). The copy is made beside the
target and swapped in with renames, so an interrupted ship leaves the old model or the new one, never half of each.
The package must load and hold no path of the building machine (``language.save_pipeline`` already saves it so).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import spacy
import typer
from communique.language import DEFAULT_MODEL

app = typer.Typer(add_completion=False)


def ship(package: Path, shipped: Path = DEFAULT_MODEL) -> None:
    if not (package / "config.cfg").is_file():
        raise typer.BadParameter(f"{package}: not a saved pipeline (run `spacy project run package` first)")
    spacy.load(package)  # refuse a package that does not load
    staging = shipped.with_name(shipped.name + ".new")
    previous = shipped.with_name(shipped.name + ".old")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(package, staging)
    if shipped.exists():
        shutil.rmtree(previous, ignore_errors=True)
        shipped.rename(previous)
    staging.rename(shipped)
    shutil.rmtree(previous, ignore_errors=True)


@app.command()
def main(
    package: Path = typer.Option(Path("training/packages/communique-zh"), help="The retrained package."),
    shipped: Path = typer.Option(DEFAULT_MODEL, help="The shipped model it replaces."),
) -> None:
    ship(package, shipped)
    typer.echo(f"shipped {package} as {shipped}")


if __name__ == "__main__":
    app()
