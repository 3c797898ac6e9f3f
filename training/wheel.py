"""Package step: the shipped pipeline as a pip-installable wheel, ``zh_communique``, built by ``spacy package``.

The wheel holds the saved pipeline (self-contained: knowledge base, patterns, triggers and the pkuseg model are
serialised inside it) and requires ``communique`` for the component code, which spaCy detects from the factories'
entry points. Its version is the project's, so a wheel always says which code it needs; it is written to
``packages/``, never over ``models/``.

Usage: ``python -m communique.training.wheel [--model models/communique-zh] [--output packages]``
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import typer
from communique.language import DEFAULT_MODEL

app = typer.Typer(add_completion=False)


def build_wheel(model: Path, output: Path) -> Path:
    """Run ``spacy package`` and return the wheel it wrote."""
    output.mkdir(parents=True, exist_ok=True)
    project_version = version("communique")
    command = [sys.executable, "-m", "spacy", "package", str(model), str(output), "--name", "communique"]
    command += ["--version", project_version, "--build", "wheel", "--force"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    wheels = sorted(output.glob(f"zh_communique-{project_version}/dist/*.whl"))
    if not wheels:
        raise FileNotFoundError(f"{output}: spacy package wrote no wheel")
    return wheels[-1]


@app.command()
def main(
    model: Path = typer.Option(DEFAULT_MODEL, help="Saved pipeline to package."),
    output: Path = typer.Option(Path("packages"), help="Folder for the package and its wheel."),
) -> None:
    wheel = build_wheel(model, output)
    typer.echo(f"wrote {wheel} ({wheel.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    app()
