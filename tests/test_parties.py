"""Parties of multilateral statements: China with a group as a whole (a stable group id) or with named states, and
the multilateral voice (我们, 各方, 东盟国家 …) as actors. The texts are written for these tests."""

from __future__ import annotations

import pytest


def _parties(extractor, text: str) -> list[str]:
    return extractor.extract_text(text, doc_id="t")["parties"]


def _sentence(record: dict, needle: str) -> dict:
    return next(s for s in record["sentences"] if needle in record["text"][s["start"] : s["end"]])


@pytest.mark.parametrize(
    ("title", "group"),
    [
        ("中国—东盟领导人关于深化海洋合作的联合声明", "ASEAN"),
        ("中国－阿拉伯国家合作论坛第十一届部长级会议宣言", "LAS"),
        ("中国—拉共体论坛第五届部长级会议联合声明", "CELAC"),
        ("中非合作论坛第九届部长级会议宣言", "AU"),
        ("中国—太平洋岛国第四次外长会联合声明", "PIF"),
    ],
)
def test_a_title_naming_china_and_a_group_gives_the_group_as_one_party(extractor, title, group):
    text = f"{title}\n\n会议在友好的气氛中举行。与会各方同意加强协调。\n"
    assert _parties(extractor, text) == ["CHN", group]


def test_a_group_title_whose_opening_names_each_state_gives_the_states(extractor):
    text = (
        "中国—太平洋岛国外长会联合声明\n\n"
        "会议由中华人民共和国外交部长和斐济共和国外交部长共同主持，萨摩亚独立国、汤加王国、所罗门群岛、"
        "瓦努阿图共和国、基里巴斯共和国和巴布亚新几内亚独立国外长出席。\n"
    )
    assert _parties(extractor, text) == ["CHN", "FJI", "WSM", "TON", "SLB", "VUT", "KIR", "PNG"]


def test_a_bilateral_title_is_not_a_group_statement(extractor):
    text = "中华人民共和国和马来西亚联合声明\n\n双方欢迎中国—东盟自由贸易区升级。\n"
    assert _parties(extractor, text) == ["CHN", "MYS"]


def test_the_multilateral_voice_resolves_to_every_party(extractor):
    text = (
        "中国—东盟领导人联合声明\n\n"
        "我们同意于明年举办海洋合作年活动。\n"
        "与会各方愿加强互联互通。\n"
        "东盟国家欢迎中方提出的倡议。\n"
        "中方支持东盟在区域架构中的中心地位。\n"
    )
    record = extractor.extract_text(text, doc_id="t")
    assert record["parties"] == ["CHN", "ASEAN"]
    assert set(_sentence(record, "我们同意")["actors"]) == {"CHN", "ASEAN"}
    assert set(_sentence(record, "与会各方")["actors"]) == {"CHN", "ASEAN"}
    assert _sentence(record, "东盟国家欢迎")["actors"] == ["ASEAN"]
    assert _sentence(record, "中方支持")["actors"] == ["CHN"]


def test_a_group_subject_is_no_actor_when_the_group_is_not_a_party(extractor):
    text = "中华人民共和国和泰王国联合声明\n\n东盟国家欢迎这一进展。\n双方同意加强合作。\n"
    record = extractor.extract_text(text, doc_id="t")
    assert "ASEAN" not in _sentence(record, "东盟国家欢迎")["actors"]
    assert set(_sentence(record, "双方同意")["actors"]) == {"CHN", "THA"}


def test_a_group_title_whose_opening_names_only_a_few_states_stays_the_group(extractor):
    """A co-chair and a host named in the opening do not make a 33-member forum's declaration theirs."""
    text = (
        "中国—拉共体论坛第六届部长级会议宣言\n\n"
        "会议由中华人民共和国外交部长和洪都拉斯共和国外交部长共同主持，巴西联邦共和国、智利共和国和古巴共和国外长出席。\n"
    )
    assert _parties(extractor, text) == ["CHN", "CELAC"]


# States of other decades: statements of the 1970s–90s name states by names they no longer bear (扎伊尔共和国) or
# states that no longer exist (苏联). These tests run the rule pipeline built from the source knowledge base, so they
# check the knowledge base of this checkout, not the copy a saved pipeline carries.
@pytest.fixture(scope="module")
def rules_extractor():
    from communique.extract import Extractor
    from communique.training.package_rules import build_rules_pipeline

    return Extractor(nlp=build_rules_pipeline())


def _states(record: dict) -> list[tuple[str, str]]:
    return [(e["text"], e["norm"]) for e in record["entities"] if e["label"] == "STATE"]


def test_a_former_name_of_a_current_state_is_that_state_and_a_party(rules_extractor):
    text = (
        "中华人民共和国和扎伊尔共和国建立外交关系联合公报\n\n"
        "中华人民共和国政府和扎伊尔共和国政府决定自一九七二年十一月二十四日起互相承认并建立大使级外交关系。"
        "中国政府支持扎伊尔人民维护国家独立的斗争。双方赞赏锡兰在不结盟运动中的作用。\n"
    )
    record = rules_extractor.extract_text(text, doc_id="t")
    # 锡兰 (Sri Lanka's former name) is named in passing: a state, but not a party
    assert record["parties"] == ["CHN", "COD"]
    assert ("扎伊尔", "COD") in _states(record)
    assert ("锡兰", "LKA") in _states(record)


def test_a_dissolved_state_is_a_state_with_its_iso_3166_3_code_and_a_party(rules_extractor):
    text = (
        "中华人民共和国和苏维埃社会主义共和国联盟联合公报\n\n"
        "双方认为，中苏两国关系正常化符合两国人民的根本利益。苏方表示愿同中方发展睦邻友好关系。"
        "中国政府欢迎苏联领导人访华。"
        "双方欢迎民主德国和联邦德国领导人的会晤。\n"
    )
    record = rules_extractor.extract_text(text, doc_id="t")
    assert record["parties"] == ["CHN", "SUN"]
    states = _states(record)
    assert ("苏联", "SUN") in states
    assert ("苏方", "SUN") in states  # shared with Sudan: resolved against the parties
    # the two German states are named in passing, not parties
    assert ("民主德国", "DDR") in states
    assert ("联邦德国", "DEU") in states


def test_a_designator_a_dissolved_state_shares_names_a_current_state_in_a_statement_of_today(rules_extractor):
    text = "中华人民共和国和苏丹共和国联合声明\n\n苏方感谢中方长期以来提供的支持。\n"
    record = rules_extractor.extract_text(text, doc_id="t")
    assert record["parties"] == ["CHN", "SDN"]
    assert ("苏方", "SDN") in _states(record)
