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


def test_shipped_pipeline_is_what_project_yml_trains_and_places() -> None:
    """The shipped NER learns the labels and runs at the place project.yml names (the dev decision of the model
    card): ner-first puts tok2vec and ner before every ruler, rules-first between the pattern ruler and the
    normaliser."""
    import yaml

    project = yaml.safe_load((REPO / "project.yml").read_text(encoding="utf-8"))["vars"]
    config = spacy.util.load_config(DEFAULT_MODEL / "config.cfg")
    names = list(config["nlp"]["pipeline"])
    if project["ner_order"] == "ner-first":
        assert names[:2] == ["tok2vec", "ner"]
    else:
        assert project["ner_order"] == "rules-first"
        assert names.index("communique_pattern_ruler") < names.index("ner")
    assert names.index("ner") < names.index("communique_normaliser")
    nlp = spacy.load(DEFAULT_MODEL)
    assert set(nlp.get_pipe("ner").entity_labels) == set(project["ner_labels"].split(","))


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


def test_ship_swaps_the_package_in_and_keeps_the_model_card(tmp_path):
    from communique.training.ship import ship

    nlp = spacy.blank("zh")
    package = tmp_path / "package"
    nlp.to_disk(package)
    shipped = tmp_path / "models" / "communique-zh"
    shipped.mkdir(parents=True)
    (shipped / "old-file").write_text("old", encoding="utf-8")
    (shipped / "README.md").write_text("# Model card", encoding="utf-8")
    ship(package, shipped)
    assert (shipped / "config.cfg").is_file() and not (shipped / "old-file").exists()
    assert (shipped / "README.md").read_text(encoding="utf-8") == "# Model card"
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["communique-zh"]


def test_a_pipeline_saves_into_folders_that_do_not_exist_yet(tmp_path):
    """The package step writes training/packages/communique-zh, whose parent a fresh checkout lacks."""
    from communique.language import save_pipeline

    output = tmp_path / "training" / "packages" / "communique-zh"
    save_pipeline(spacy.blank("zh"), output)
    assert spacy.load(output).lang == "zh"


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


def test_gold_offsets_follow_a_conversion_that_changes_the_length():
    """A Taiwan-form statement whose place names are rewritten (三蘭港 → 达累斯萨拉姆, 網際網路 → 互联网) keeps its
    gold entities and sentences on the same words of the analysed text the training Docs hold."""
    from communique.script import to_analysis_text
    from communique.training.convert import on_analysis_text

    text = "坦尚尼亞總統在三蘭港出席網際網路論壇。\n"
    record = {
        "doc_id": "conversion",
        "text": text,
        "entities": [{"start": 0, "end": 4, "label": "STATE"}, {"start": 7, "end": 10, "label": "LOC"}],
        "sentences": [{"start": 0, "end": len(text) - 1}],
    }
    analysis = to_analysis_text(text)
    assert not analysis.same_offsets
    moved = on_analysis_text(record, analysis)
    assert [moved["text"][e["start"] : e["end"]] for e in moved["entities"]] == ["坦桑尼亚", "达累斯萨拉姆"]
    sentence = moved["sentences"][0]
    assert moved["text"][sentence["start"] : sentence["end"]] == "坦桑尼亚总统在达累斯萨拉姆出席互联网论坛。"
