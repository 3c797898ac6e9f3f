"""The convert step and the packaged pipeline: what `spacy train` learns from, and where its output sits."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from communique.evaluation.gold import read_corpus_document
from communique.language import DEFAULT_MODEL
from spacy.tokens import DocBin
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = REPO / "corpus" / "documents"


def test_convert_keeps_documents_whole_and_restricts_ner_labels(tmp_path: Path) -> None:
    from communique.training.convert import app

    splits = tmp_path / "splits.json"
    splits.write_text(
        json.dumps(
            {
                "train": ["syn-chn-srb-2024-05-08"],
                "dev": ["syn-chn-egy-2016-01-21"],
                "test": ["syn-chn-ken-2024-04-25"],
            }
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--splits", str(splits), "--output", str(tmp_path / "out"), "--ner-labels", "LOC,DATE"]
    )
    assert result.exit_code == 0, result.output
    nlp = spacy.blank("zh")
    gold = read_corpus_document(DOCUMENTS / "syn-chn-srb-2024-05-08.jsonl")
    docs = list(DocBin().from_disk(tmp_path / "out" / "train.spacy").get_docs(nlp.vocab))
    assert len(docs) == len(gold["sentences"])
    assert {ent.label_ for doc in docs for ent in doc.ents} == {"LOC", "DATE"}
    expected_dates = sum(e["label"] == "DATE" for e in gold["entities"])
    assert sum(ent.label_ == "DATE" for doc in docs for ent in doc.ents) == expected_dates
    # every sentence carries its obligation types for the text classifier
    assert [sorted(t for t, v in doc.cats.items() if v) for doc in docs] == [
        sorted(s["types"]) for s in gold["sentences"]
    ]


def test_unknown_ner_label_is_a_usage_error(tmp_path: Path) -> None:
    from communique.training.convert import app

    result = CliRunner().invoke(app, ["--output", str(tmp_path), "--ner-labels", "LOC,COUNTRY"])
    assert result.exit_code == 2
    assert "COUNTRY" in result.output


def test_default_pipeline_runs_the_ner_after_the_rulers() -> None:
    config = spacy.util.load_config(DEFAULT_MODEL / "config.cfg")
    names = list(config["nlp"]["pipeline"])
    assert names.index("communique_pattern_ruler") < names.index("ner") < names.index("communique_normaliser")
    nlp = spacy.load(DEFAULT_MODEL)
    assert set(nlp.get_pipe("ner").labels) == {"LOC", "EVENT", "DATE"}


def test_no_shipped_config_names_a_path_of_the_building_machine():
    """Saved pipelines load anywhere: no absolute or temporary path in any config that ships."""
    import re
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    configs = [*repo.glob("models/**/config.cfg"), *repo.glob("configs/*.cfg")]
    assert configs
    machine_path = re.compile(r'=\s*"(/|[A-Za-z]:\\\\)')
    offending = [
        f"{c}: {line}" for c in configs for line in c.read_text().splitlines() if machine_path.search(line)
    ]
    assert offending == []


def test_retraining_writes_a_new_package_and_only_ship_replaces_the_model():
    """`spacy project run all` never overwrites models/communique-zh nor the committed evaluation report."""
    import yaml

    project = yaml.safe_load((REPO / "project.yml").read_text(encoding="utf-8"))
    commands = {command["name"]: command for command in project["commands"]}
    shipped = project["vars"]["shipped"]
    assert shipped == "models/communique-zh" and "ship" not in project["workflows"]["all"]
    for name in project["workflows"]["all"]:
        for line in commands[name]["script"]:
            expanded = line.replace("${vars.shipped}", shipped)
            assert shipped not in expanded, line
            assert "--out evaluation " not in expanded + " " and not expanded.endswith("--out evaluation")
    assert project["vars"]["package"].startswith("training/")
    assert "${vars.shipped}" in " ".join(commands["ship"]["script"])


def test_ship_swaps_the_package_in(tmp_path):
    from communique.training.ship import ship

    nlp = spacy.blank("zh")
    package = tmp_path / "package"
    nlp.to_disk(package)
    shipped = tmp_path / "models" / "communique-zh"
    shipped.mkdir(parents=True)
    (shipped / "old-file").write_text("old", encoding="utf-8")
    ship(package, shipped)
    assert (shipped / "config.cfg").is_file() and not (shipped / "old-file").exists()
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["communique-zh"]


def test_examples_are_several_kinds_in_both_scripts():
    """A newcomer has more than one plain statement to try: different kinds, simplified and traditional."""
    import opencc
    from communique.record import kind_of, title_of

    examples = sorted((REPO / "corpus" / "examples").glob("*.*"))
    texts = [path.read_text(encoding="utf-8") for path in examples]
    to_simplified = opencc.OpenCC("t2s")
    kinds = {kind_of(to_simplified.convert(title_of(text) or "")) for text in texts}
    assert len(examples) >= 5 and {"联合声明", "联合公报", "联合宣言", "新闻公报"} <= kinds
    assert any(to_simplified.convert(text) != text for text in texts)  # one in traditional script
