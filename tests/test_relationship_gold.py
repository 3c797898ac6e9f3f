"""The relationship level's gold and score: the markup's ``# relationship:`` header, carried through the corpus JSONL
and the convert step's DocBins, and scored by the one function ``spacy evaluate`` and ``communique evaluate`` share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from communique.evaluation.gold import read_corpus_document
from communique.evaluation.scoring import score_relationship
from communique.training.import_markup import app as import_app
from communique.training.markup import MarkupError, parse_markup
from typer.testing import CliRunner

BODY = "{COMMITMENT|CHN UZB} 双方决定将两国关系提升为全面战略伙伴关系。\n"


def markup(relationship: str | None) -> str:
    header = "# id: syn-test-rel\n# partners: CHN UZB\n# kind: 联合声明\n"
    if relationship is not None:
        header += f"# relationship: {relationship}\n"
    return header + "\n" + BODY


def test_the_header_goes_into_every_sentences_meta_and_the_gold_record(tmp_path: Path) -> None:
    source = tmp_path / "syn-test-rel.ann.txt"
    source.write_text(markup("全面战略伙伴关系 | upgrade"), encoding="utf-8")
    result = CliRunner().invoke(import_app, [str(source), "--out", str(tmp_path / "documents")])
    assert result.exit_code == 0, result.output
    jsonl = tmp_path / "documents" / "syn-test-rel.jsonl"
    meta = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])["meta"]
    assert meta["relationship"] == {"designation": "全面战略伙伴关系", "action": "upgrade"}
    assert read_corpus_document(jsonl)["meta"]["relationship"] == meta["relationship"]


def test_none_and_a_missing_header_are_told_apart() -> None:
    assert parse_markup(markup("none")).relationship == {"designation": None, "action": None}
    assert parse_markup(markup(None)).relationship is None


@pytest.mark.parametrize(
    "value, problem",
    [
        ("全面战略伙伴关系 | improve", "syn-test-rel:4: unknown relationship action 'improve'"),
        ("全面战略伙伴关系", "syn-test-rel:4: relationship must be 'DESIGNATION | ACTION' or 'none'"),
        (" | upgrade", "syn-test-rel:4: relationship must be"),
    ],
)
def test_a_bad_header_names_the_file_and_line(tmp_path: Path, value: str, problem: str) -> None:
    with pytest.raises(MarkupError, match=problem):
        parse_markup(markup(value))
    bad = tmp_path / "bad.ann.txt"
    bad.write_text(markup(value), encoding="utf-8")
    good = tmp_path / "good.ann.txt"
    good.write_text(markup("none").replace("syn-test-rel", "syn-test-good"), encoding="utf-8")
    result = CliRunner().invoke(import_app, [str(bad), str(good), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{bad}: {problem}" in result.output
    # the batch goes on: the good file is written
    assert (tmp_path / "out" / "syn-test-good.jsonl").exists()
    assert not (tmp_path / "out" / "syn-test-rel.jsonl").exists()


def test_the_convert_step_carries_the_header_into_the_gold_doc(extractor, tmp_path: Path) -> None:
    from communique.scorers import GOLD_KEY
    from communique.training.convert import document_doc
    from communique.training.import_markup import document_to_records

    jsonl = tmp_path / "syn-test-rel.jsonl"
    records = document_to_records(parse_markup(markup("全面戰略夥伴關係 | deepen")))
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    doc = document_doc(extractor.nlp, read_corpus_document(jsonl))
    assert doc.user_data[GOLD_KEY]["meta"]["relationship"] == {
        "designation": "全面戰略夥伴關係",
        "action": "deepen",
    }


def _scored(designation, action, gold):
    predicted = {"doc_id": "d", "relationship": {"designation": designation, "action": action}}
    if designation is None:
        predicted["relationship"] = None
    return predicted, {"doc_id": "d", "meta": {} if gold is ... else {"relationship": gold}}


def test_score_relationship_on_hand_made_records() -> None:
    """Five annotated statements and one without the header: designation 3 of 5 (a traditional gold designation
    matches its simplified prediction; none matches only no prediction), action 1 of 2 (where a designation is right
    and there is one)."""
    pairs = [
        _scored("全面战略伙伴关系", "upgrade", {"designation": "全面战略伙伴关系", "action": "upgrade"}),
        _scored("全面战略伙伴关系", "reaffirm", {"designation": "全面戰略夥伴關係", "action": "deepen"}),
        _scored(None, None, {"designation": None, "action": None}),
        _scored("战略伙伴关系", "establish", {"designation": None, "action": None}),
        _scored("战略伙伴关系", "establish", {"designation": "全面战略伙伴关系", "action": "establish"}),
        _scored("战略伙伴关系", "establish", ...),
    ]
    result = score_relationship(pairs, samples=50)
    assert result["documents"] == 5 and result["designation_accuracy"] == 3 / 5
    assert result["action_documents"] == 2 and result["action_accuracy"] == 1 / 2
    low, high = result["designation_accuracy_ci95"]
    assert 0 <= low <= 3 / 5 <= high <= 1
    assert [e["gold"] for e in result["errors"]] == [
        {"designation": "全面戰略夥伴關係", "action": "deepen"},
        {"designation": None, "action": None},
        {"designation": "全面战略伙伴关系", "action": "establish"},
    ]


def test_a_designation_is_scored_by_its_level_not_its_qualifiers() -> None:
    """Gold designations keep the text's qualifiers; the level is the knowledge-base form they end with."""
    pairs = [
        # the qualifiers before 的 do not change the level
        _scored(
            "战略合作伙伴关系",
            "deepen",
            {"designation": "真诚互助、世代友好的战略合作伙伴关系", "action": "deepen"},
        ),
        # a community named with its pair abbreviation and an era
        _scored(
            "新时代中塞命运共同体", "upgrade", {"designation": "新时代中塞命运共同体", "action": "upgrade"}
        ),
        # 全面 is a level, not a qualifier: 战略伙伴关系 is one below
        _scored(
            "战略伙伴关系", "upgrade", {"designation": "相互尊重的全面战略伙伴关系", "action": "upgrade"}
        ),
    ]
    result = score_relationship(pairs, samples=20)
    assert result["designation_accuracy"] == 2 / 3
    assert [e["gold"]["designation"] for e in result["errors"]] == ["相互尊重的全面战略伙伴关系"]


TITLE = "中华人民共和国和乌兹别克斯坦共和国联合声明\n"


def _example(nlp, text: str, doc_id: str, relationship):
    from communique.scorers import GOLD_KEY
    from spacy.training import Example

    reference = nlp.make_doc(text)
    meta = {} if relationship is ... else {"relationship": relationship}
    gold = {"doc_id": doc_id, "parties": ["CHN", "UZB"], "entities": [], "sentences": [], "meta": meta}
    reference.user_data[GOLD_KEY] = gold
    return Example(nlp.make_doc(text), reference)


def test_spacy_evaluate_scores_the_relationship_component(extractor) -> None:
    """``nlp.evaluate`` (``spacy evaluate``) through the pipeline's own relationship component and its scorer: the
    prediction comes from the component, the gold from the header carried in the reference."""
    nlp = extractor.nlp
    upgrade = TITLE + "双方决定将两国关系提升为全面战略伙伴关系。\n"
    reaffirm = TITLE + "双方重申全面战略伙伴关系。\n"
    nothing = TITLE + "双方同意加强经贸合作。\n"
    examples = [
        _example(nlp, upgrade, "a", {"designation": "全面战略伙伴关系", "action": "upgrade"}),
        _example(nlp, reaffirm, "b", {"designation": "全面战略伙伴关系", "action": "deepen"}),  # wrong action
        _example(nlp, nothing, "c", {"designation": None, "action": None}),  # none / none
        _example(
            nlp, upgrade, "d", {"designation": None, "action": None}
        ),  # a designation where gold has none
        _example(nlp, reaffirm, "e", ...),  # no header: not counted
    ]
    scores = nlp.evaluate(examples)
    assert scores["relationship_designation_acc"] == 3 / 4
    assert scores["relationship_action_acc"] == 1 / 2
    # without a header anywhere the component reports nothing (the sentence DocBins the NER trains on)
    assert "relationship_designation_acc" not in nlp.evaluate(examples[-1:])
