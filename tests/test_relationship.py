"""Relationship level: the designation, its rank and what the statement does with it, through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from communique.components.relationship import DEFAULT_RELATIONSHIPS, RelationshipDetector


def relationship(extractor, text):
    return extractor.extract_text(text)["relationship"]


def test_example_statement_upgrades_to_new_era_all_weather(example_record):
    found = example_record["relationship"]
    assert found["canonical"] == "新时代全天候全面战略伙伴关系"
    assert found["kind"] == "partnership"
    assert (
        found["action"] == "upgrade"
    )  # the text also names 新时代全面战略伙伴关系 (2023) and 全面战略伙伴关系
    assert example_record["text"][found["start"] : found["end"]] == found["designation"]
    # the span is the body mention a verb acts on (确认发展并深化中乌…), not the title
    assert "深化中乌新时代全天候" in example_record["text"][found["start"] - 10 : found["end"]]


@pytest.mark.parametrize(
    "text, canonical, action",
    [
        ("双方同意建立战略伙伴关系。", "战略伙伴关系", "establish"),
        ("双方宣布建立全面战略合作伙伴关系。", "全面战略合作伙伴关系", "establish"),
        ("双方决定将两国关系提升为全面战略伙伴关系。", "全面战略伙伴关系", "upgrade"),
        ("双方重申中俄新时代全面战略协作伙伴关系。", "新时代全面战略协作伙伴关系", "reaffirm"),
        ("双方愿继续深化中瑞创新战略伙伴关系。", "战略伙伴关系", "deepen"),
        (
            "两国于2014年建立全面战略伙伴关系，此次一致同意建立永久全面战略伙伴关系。",
            "永久全面战略伙伴关系",
            "upgrade",
        ),
        ("双方同意构建中国－中亚命运共同体。", "命运共同体", "establish"),
        ("双方决定在全面战略伙伴关系基础上发展永久全面战略伙伴关系。", "永久全面战略伙伴关系", "upgrade"),
        ("双方决定进一步充实中土战略合作关系的内涵。", "战略合作关系", "deepen"),
        # history clauses (…年建立…以来) are not what this statement does
        (
            "中华人民共和国和沙特阿拉伯王国关于深化全面战略伙伴关系的联合声明\n\n"
            "双方认为，2016年建立全面战略伙伴关系以来，两国关系快速发展。",
            "全面战略伙伴关系",
            "deepen",
        ),
        (
            "双方认为，自2013年两国建立战略伙伴关系以来，合作成果丰硕。双方一致决定将两国关系提升为全面战略伙伴关系。",
            "全面战略伙伴关系",
            "upgrade",
        ),
        ("双方高度评价2019年建立全面战略伙伴关系以来的合作。", "全面战略伙伴关系", "reaffirm"),
    ],
)
def test_designation_and_action(extractor, text, canonical, action):
    found = relationship(extractor, text)
    assert (found["canonical"], found["action"]) == (canonical, action)


def test_title_designation_wins_over_higher_body_mentions(extractor):
    text = (
        "中华人民共和国和巴基斯坦伊斯兰共和国关于构建新时代更加紧密的中巴命运共同体的联合声明\n\n"
        "双方重申中巴全天候战略合作伙伴关系。"
    )
    found = relationship(extractor, text)
    assert found["kind"] == "community"
    assert found["designation"] == "新时代更加紧密的中巴命运共同体"
    assert found["action"] == "establish"


def test_global_community_and_plain_partnership_are_not_relationships(extractor):
    assert relationship(extractor, "乌方支持中方提出的人类命运共同体理念，双方加强伙伴关系。") is None
    assert relationship(extractor, "双方愿积极推进全球发展伙伴关系。") is None


def test_traditional_script_offsets_point_into_the_original_text(extractor):
    text = "雙方決定將兩國關係提升為全面戰略夥伴關係。"
    found = relationship(extractor, text)
    assert found["canonical"] == "全面战略伙伴关系"
    assert found["designation"] == "全面戰略夥伴關係" == text[found["start"] : found["end"]]


def test_ranking_file_is_ordered_and_unambiguous():
    import srsly

    entries = list(srsly.read_jsonl(DEFAULT_RELATIONSHIPS))
    rank = {entry["canonical"]: entry["rank"] for entry in entries}
    assert (
        rank["友好合作伙伴关系"] < rank["全面合作伙伴关系"] < rank["战略伙伴关系"] < rank["全面战略伙伴关系"]
    )
    assert rank["全面战略伙伴关系"] < rank["全面战略合作伙伴关系"] < rank["新时代全天候全面战略伙伴关系"]
    assert rank["永久全面战略伙伴关系"] > rank["全面战略合作伙伴关系"]
    assert min(r for e, r in rank.items() if "命运共同体" in e) > max(
        r for e, r in rank.items() if "伙伴" in e
    )
    forms = [form for entry in entries for form in entry["forms"]]
    assert len(forms) == len(set(forms)), "a surface form belongs to two designations"


def test_settings_come_from_config_and_survive_to_disk(tmp_path):
    nlp = spacy.blank("xx")
    nlp.add_pipe("communique_relationship", config={"actions": {"establish": ["缔结"]}})
    doc = nlp("两国缔结战略伙伴关系。")
    assert doc._.relationship["action"] == "establish"
    assert nlp("两国建立战略伙伴关系。")._.relationship["action"] == "reaffirm"  # 建立 not configured here
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded("两国缔结战略伙伴关系。")._.relationship["action"] == "establish"


def test_unknown_action_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown actions"):
        RelationshipDetector(
            "r", relationships_path=None, actions={"grow": ["发展"]}, title_chars=400, verb_window=30
        )


@pytest.mark.parametrize(
    "name, canonical, action",
    [
        # 双方一致决定将两国关系提升为全面战略伙伴关系 (2013 战略伙伴关系 named as history)
        ("syn-chn-tkm-2023-01-06", "全面战略伙伴关系", "upgrade"),
        # title 關於深化…; the 2023 提升為 is a history clause (…以來), not this statement's act
        ("syn-chn-kgz-2025-02-06", "新时代全面战略伙伴关系", "deepen"),
        # 在全面战略伙伴关系基础上发展永久全面战略伙伴关系
        ("syn-chn-kaz-2019-09-11", "永久全面战略伙伴关系", "upgrade"),
        ("syn-chn-bra-2024-11-20", "命运共同体", "establish"),
        ("syn-chn-tur-2015-07-29", "战略合作关系", "deepen"),
    ],
)
def test_corpus_statements(extractor, name, canonical, action):
    from communique.evaluation.gold import read_corpus_document

    text = read_corpus_document(
        Path(__file__).resolve().parents[1] / "corpus" / "documents" / f"{name}.jsonl"
    )["text"]
    found = relationship(extractor, text)
    assert (found["canonical"], found["action"]) == (canonical, action)
