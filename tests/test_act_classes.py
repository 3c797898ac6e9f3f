"""Classes of acts the PLOVER codebook decides, on sentences written for these tests (no corpus statement):
optimistic comments (CAMEO 013) are no event and are not timed, support under a promise is AGREE, a date in the
name of an event the act attends times it, a date in a role or in a past meeting's name does not, a trigger that
modifies a noun (签署的) is no predicate, and 表示 + manner + appraisal noun is an appraisal."""

from __future__ import annotations

import pytest
from communique.plover import sentence_events

STATEMENT = """中华人民共和国和加纳共和国联合声明

应中华人民共和国主席习近平邀请，加纳共和国总统纳纳·阿库福－阿多于2026年3月10日至12日对中国进行国事访问。
双方满意地指出，2025年两国贸易额达到120亿美元，中国继续保持加纳最大贸易伙伴地位。
双方满意地回顾两国建交以来双边关系的发展历程。
双方期待2026年11月在阿克拉举行的中非合作论坛部长级会议取得丰硕成果。
双方期待2027年在北京举办中加经贸博览会。
双方将扩大本币结算规模，支持两国银行互设分支机构。
双方欢迎两国企业加强合作，支持两国银行互设分支机构。
中方将派高级别代表团出席2026年9月在阿克拉举行的非洲可持续发展论坛。
双方将共同落实2024年9月在北京举行的中非合作论坛峰会成果。
中方愿同加方作为2026年轮值主席国密切合作。
双方满意地看到两国央行签署的货币互换协议为稳定金融市场发挥了积极作用。
纳纳·阿库福－阿多总统对中方的热情接待表示衷心感谢。
"""


@pytest.fixture(scope="module")
def record(extractor):
    return extractor.extract_text(STATEMENT, doc_id="syn-chn-gha-2026-03-12")


def _sentence(record, opening):
    for sentence in record["sentences"]:
        if record["text"][sentence["start"] : sentence["end"]].startswith(opening):
            return sentence
    raise AssertionError(f"no sentence {opening}…")


def _events(record, opening):
    sentence = _sentence(record, opening)
    found = sentence_events(sentence["acts"], record["text"])
    return [
        (act["trigger"]["text"], event.event if event else None)
        for act, event in zip(sentence["acts"], found, strict=True)
    ]


def _dates(record, opening):
    return [d["text"] for act in _sentence(record, opening)["acts"] for d in act["dates"]]


def test_satisfaction_is_an_optimistic_comment_not_an_event(record):
    assert _sentence(record, "双方满意地指出")["types"] == ["APPRAISAL"]
    assert _events(record, "双方满意地指出") == [("满意地指出", None)]
    assert _sentence(record, "双方满意地回顾")["types"] == ["APPRAISAL"]


def test_a_hope_for_an_outcome_is_no_event_and_not_timed(record):
    assert _events(record, "双方期待2026年11月") == [("期待", None)]
    assert _dates(record, "双方期待2026年11月") == []
    # a hope to host something is an intention to act: AGREE, timed
    assert _events(record, "双方期待2027年") == [("期待", "AGREE")]
    assert _dates(record, "双方期待2027年") == ["2027年"]


def test_support_under_a_promise_is_agree(record):
    assert _events(record, "双方将扩大") == [("将", "AGREE"), ("支持", "AGREE")]
    # no promise before it: support given now
    assert _events(record, "双方欢迎两国企业") == [("欢迎", "SUPPORT"), ("支持", "SUPPORT")]


def test_a_date_in_the_name_of_an_event_the_act_attends_times_it(record):
    assert _dates(record, "中方将派") == ["2026年9月"]


def test_dates_of_a_past_meeting_or_a_role_do_not_time_the_act(record):
    assert _dates(record, "双方将共同落实") == []
    assert _dates(record, "中方愿同加方作为") == []


def test_a_trigger_that_modifies_a_noun_is_no_predicate(record):
    sentence = _sentence(record, "双方满意地看到")
    assert [t["text"] for t in sentence["triggers"]] == ["满意地看到"]


def test_expressed_thanks_with_a_manner_word_is_an_appraisal(record):
    sentence = _sentence(record, "纳纳·阿库福－阿多总统")
    assert sentence["types"] == ["APPRAISAL"] and sentence["actors"] == ["GHA"]
