"""Push/pull without a server: examples in the corpus shape, the least-sure-first order, the three-way merge."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from communique.annotate.examples import BOOKKEEPING, order_least_sure_first, record_examples
from communique.annotate.merge import merge_into_corpus
from communique.evaluation.gold import read_corpus_document

REPO = Path(__file__).resolve().parents[1]
DOC_ID = "china-uzbekistan-2024-01-24"
CORPUS_FILE = REPO / "corpus" / "documents" / f"{DOC_ID}.jsonl"


def corpus_lines() -> list[dict]:
    return [json.loads(line) for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines()]


def no_resolver(label, text, parties):
    return None


def pulled_from(lines: list[dict]) -> list[dict]:
    """What pull would fetch right after pushing ``lines`` (pushed annotation = the lines' annotation)."""
    items = []
    for line in lines:
        item = copy.deepcopy(line)
        item["meta"]["pushed"] = {"entities": copy.deepcopy(line["entities"]), "cats": list(line["cats"])}
        item["meta"]["sentences_in_document"] = len(lines)
        items.append(item)
    return items


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(CORPUS_FILE, folder)
    return folder


def test_examples_have_the_corpus_shape():
    gold = read_corpus_document(CORPUS_FILE)
    # the gold record stands in for a perfect pipeline: its examples must be the corpus lines themselves
    meta = {"parties": gold["parties"], "script": "simplified", "synthetic": False, **gold["meta"]}
    meta = {key: value for key, value in meta.items() if value is not None}
    examples = record_examples(gold, meta)
    lines = corpus_lines()
    assert len(examples) == len(lines)
    for example, line in zip(examples, lines, strict=True):
        assert example["meta"]["pushed"] == {"entities": line["entities"], "cats": line["cats"]}
        stripped = {**example, "meta": {k: v for k, v in example["meta"].items() if k not in BOOKKEEPING}}
        assert stripped == line


class FixedBaseline:
    def __init__(self, probabilities):
        self.probabilities = np.array(probabilities)

    def predict_proba(self, texts):
        return self.probabilities


def test_least_sure_first():
    examples = [{"text": t, "meta": {}} for t in ("decided", "coin toss", "fairly sure")]
    ordered = order_least_sure_first(
        examples,
        FixedBaseline([[0.0] * 6, [0.5, 0, 0, 0, 0, 0], [0.9, 0.1, 0, 0, 0, 0]]),
    )
    assert [e["text"] for e in ordered] == ["coin toss", "fairly sure", "decided"]
    assert ordered[0]["meta"]["uncertainty"] == 1.0


def test_untouched_pull_changes_nothing(corpus_copy: Path):
    report = merge_into_corpus(pulled_from(corpus_lines()), corpus_copy, False, no_resolver)
    assert report.changed == report.conflicts == report.written == []
    assert (corpus_copy / CORPUS_FILE.name).read_bytes() == CORPUS_FILE.read_bytes()


def test_remote_change_is_taken_exactly_there(corpus_copy: Path):
    lines = corpus_lines()
    pulled = pulled_from(lines)
    target = next(i for i, line in enumerate(lines) if "POSITION" not in line["cats"] and line["cats"])
    pulled[target]["cats"].append("POSITION")
    report = merge_into_corpus(pulled, corpus_copy, False, no_resolver)
    assert len(report.changed) == 1 and "types + POSITION" in report.changed[0]
    merged = [
        json.loads(x) for x in (corpus_copy / CORPUS_FILE.name).read_text(encoding="utf-8").splitlines()
    ]
    assert [i for i, (a, b) in enumerate(zip(lines, merged, strict=True)) if a != b] == [target]
    assert "POSITION" in merged[target]["cats"]
    assert merged[target]["meta"] == lines[target]["meta"]


def test_local_edit_survives_untouched_remote(corpus_copy: Path):
    lines = corpus_lines()
    pulled = pulled_from(lines)
    local = copy.deepcopy(lines)
    target = next(i for i, line in enumerate(local) if line["entities"])
    del local[target]["entities"][0]
    del local[target]["meta"]["norms"][0]
    path = corpus_copy / CORPUS_FILE.name
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in local), encoding="utf-8")
    report = merge_into_corpus(pulled, corpus_copy, False, no_resolver)
    assert report.changed == report.conflicts == []
    assert [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] == local


def test_both_changed_is_a_conflict_until_forced(corpus_copy: Path):
    lines = corpus_lines()
    pulled = pulled_from(lines)
    local = copy.deepcopy(lines)
    target = next(i for i, line in enumerate(local) if line["cats"] and "SUPPORT" not in line["cats"])
    local[target]["cats"] = []
    pulled[target]["cats"] = pulled[target]["cats"] + ["SUPPORT"]
    path = corpus_copy / CORPUS_FILE.name
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in local), encoding="utf-8")
    report = merge_into_corpus(pulled, corpus_copy, False, no_resolver)
    assert len(report.conflicts) == 1 and f"@{lines[target]['meta']['offset']}" in report.conflicts[0]
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[target])["cats"] == []
    report = merge_into_corpus(pulled, corpus_copy, True, no_resolver)
    assert report.conflicts == [] and "forced" in report.changed[0]
    assert "SUPPORT" in json.loads(path.read_text(encoding="utf-8").splitlines()[target])["cats"]


def test_added_entity_gets_its_norm_and_new_document_is_written_whole(tmp_path: Path):
    lines = corpus_lines()
    pulled = pulled_from(lines)
    target = next(i for i, line in enumerate(lines) if "乌方" in line["text"])
    start = lines[target]["text"].index("乌方")
    # the pipeline suggested nothing in this sentence; the annotator marked 乌方 as a STATE
    pulled[target]["meta"]["pushed"] = {"entities": [], "cats": []}
    pulled[target]["meta"]["norms"] = []
    pulled[target]["entities"] = [[start, start + 2, "STATE"]]
    report = merge_into_corpus(
        pulled,
        tmp_path,
        False,
        lambda label, text, parties: "UZB" if (label, text) == ("STATE", "乌方") else None,
    )
    assert report.new_documents == [f"{DOC_ID}: {len(lines)} sentences"]
    record = read_corpus_document(tmp_path / CORPUS_FILE.name)
    assert record["text"] == read_corpus_document(CORPUS_FILE)["text"]
    added = [e for e in record["entities"] if e["start"] == lines[target]["meta"]["offset"] + start]
    assert added[0]["norm"] == "UZB"
    assert all(
        "pushed" not in json.loads(x)["meta"] for x in (tmp_path / CORPUS_FILE.name).read_text().splitlines()
    )


def test_incomplete_new_document_is_not_written(tmp_path: Path):
    pulled = pulled_from(corpus_lines())
    del pulled[5]
    report = merge_into_corpus(pulled, tmp_path, False, no_resolver)
    assert report.new_documents == [] and "95 of its 96 sentences" in report.unmerged[0]
    assert not (tmp_path / CORPUS_FILE.name).exists()


def test_broken_corpus_line_is_named(corpus_copy: Path):
    from communique.annotate.environment import AnnotateError

    path = corpus_copy / CORPUS_FILE.name
    path.write_text(CORPUS_FILE.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(AnnotateError, match=rf"{CORPUS_FILE.name}:97: not a JSON line"):
        merge_into_corpus(pulled_from(corpus_lines()), corpus_copy, False, no_resolver)
