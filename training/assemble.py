"""Assemble step: the rule pipeline of ``configs/rules.cfg`` plus the components trained by ``spacy train``.

The trained ``tok2vec`` and ``ner`` are sourced from the training output and placed relative to the rulers:
``rules-first`` (the default, the dev winner on corpus v2) puts them after the pattern ruler, so the NER keeps the
rulers' entities and only adds what they missed; ``ner-first`` puts them before the party detector, so the rulers'
spans compete with the model's (longest wins). Both stay buildable because the choice is a measurement (the model
card, ``models/communique-zh/README.md``), not a belief.
"""

from __future__ import annotations

from pathlib import Path

import spacy
import typer
from communique.language import RULES_CONFIG, save_pipeline
from communique.training.package_rules import build_rules_pipeline
from spacy.language import Language

app = typer.Typer(add_completion=False)

TRAINED_COMPONENTS = ("tok2vec", "ner")


def assemble(rules: Language, trained: Language, order: str = "rules-first") -> Language:
    """Add the trained components of ``trained`` to ``rules`` at the place ``order`` names."""
    if order == "rules-first":
        previous = "communique_pattern_ruler"
        for name in TRAINED_COMPONENTS:
            rules.add_pipe(name, source=trained, after=previous)
            previous = name
    elif order == "ner-first":
        for name in reversed(TRAINED_COMPONENTS):
            rules.add_pipe(name, source=trained, first=True)
    else:
        raise ValueError(f"unknown order {order!r} (rules-first or ner-first)")
    return rules


def load_trained(path: Path) -> Language:
    """The trained components of a saved pipeline, and nothing else: ``--trained`` may also be an assembled
    pipeline (the shipped one, to re-assemble it with new rules), whose rule components, saved by older code, are
    not needed and need not load."""
    pipeline = spacy.util.load_config(path / "config.cfg")["nlp"]["pipeline"]
    return spacy.load(path, exclude=[name for name in pipeline if name not in TRAINED_COMPONENTS])


@app.command()
def main(
    trained: Path = typer.Option(Path("training/output/model-best"), help="Output of `spacy train`."),
    config: Path = typer.Option(RULES_CONFIG, help="Rule pipeline config."),
    order: str = typer.Option("rules-first", help="rules-first or ner-first (project.yml: ner_order)."),
    output: Path = typer.Option(
        Path("training/packages/communique-zh"),
        help="Where to save the assembled pipeline (a new package; `spacy project run ship` replaces the shipped one).",
    ),
) -> None:
    nlp = assemble(build_rules_pipeline(config), load_trained(trained), order)
    nlp.meta["name"] = "communique_zh"
    save_pipeline(nlp, output)
    typer.echo(f"saved {output} ({', '.join(nlp.pipe_names)})")


if __name__ == "__main__":
    app()
