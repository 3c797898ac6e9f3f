"""Document structure in the obligation layer: clause-list preambles, lead-ins and their items, headings, and the
predicates real statements use. Every text here is written for these tests."""

from __future__ import annotations


def _typed(extractor, text: str) -> list[tuple[str, list[str], list[str]]]:
    record = extractor.extract_text(text, doc_id="t")
    return [
        (record["text"][s["start"] : s["end"]].strip(), s["types"], sorted(s["actors"]))
        for s in record["sentences"]
    ]


def _find(rows, needle):
    return next(row for row in rows if needle in row[0])


PREAMBLE = (
    "中华人民共和国和蒙古国联合声明\n\n"
    "中华人民共和国和蒙古国（以下称“双方”），\n"
    "回顾两国建交以来的友好交往；\n"
    "强调睦邻友好符合两国人民的根本利益；\n"
    "深信发展长期稳定的关系有利于地区和平；\n"
    "达成如下共识：\n"
    "一、双方将在和平共处五项原则基础上发展关系。\n"
)


def test_the_first_named_party_of_an_opening_is_a_state_entity(extractor):
    record = extractor.extract_text(PREAMBLE, doc_id="t")
    opening = record["text"].index("（以下称")
    states = [e["norm"] for e in record["entities"] if e["label"] == "STATE" and e["end"] <= opening]
    assert states[-2:] == ["CHN", "MNG"]


def test_clause_lines_of_a_preamble_inherit_its_subject_and_take_their_own_type(extractor):
    rows = _typed(extractor, PREAMBLE)
    assert _find(rows, "强调睦邻")[1:] == (["POSITION"], ["CHN", "MNG"])
    assert _find(rows, "深信")[1:] == (["POSITION"], ["CHN", "MNG"])
    assert _find(rows, "双方将在")[1:] == (["COMMITMENT"], ["CHN", "MNG"])


LEAD_IN = (
    "中华人民共和国和格林纳达联合新闻公报\n\n"
    "双方同意：\n"
    "——加强农业和旅游合作；\n"
    "——适时签署文化合作协定。\n"
    "二、人文交流\n"
    "愿扩大青年往来。\n"
    "格方感谢中方提供的援助。\n"
    "双方一致认为：\n"
    "（一）多边主义是应对全球挑战的正确选择；\n"
)


def test_items_under_a_lead_in_inherit_its_actors_and_type(extractor):
    rows = _typed(extractor, LEAD_IN)
    assert _find(rows, "加强农业")[1:] == (["COMMITMENT"], ["CHN", "GRD"])
    assert _find(rows, "适时签署")[1:] == (["COMMITMENT"], ["CHN", "GRD"])
    assert _find(rows, "多边主义")[1:] == (["POSITION"], ["CHN", "GRD"])


def test_a_heading_is_narrative_and_ends_the_carry_over(extractor):
    rows = _typed(extractor, LEAD_IN)
    assert _find(rows, "二、人文交流")[1:] == ([], [])
    # after the heading no subject is carried: the subjectless sentence is not given the lead-in's parties
    assert _find(rows, "愿扩大青年往来")[2] == []
    assert _find(rows, "格方感谢")[1:] == (["APPRAISAL"], ["GRD"])


def test_structure_is_kept_on_the_doc(extractor):
    doc = extractor.nlp(LEAD_IN)
    labels = [span.label_ for span in doc.spans["structure"]]
    assert labels.count("LEAD_IN") == 2 and labels.count("ITEM") == 3
    assert "二、人文交流" in [
        span.text.strip() for span in doc.spans["structure"] if span.label_ == "HEADING"
    ]


def test_narrative_past_is_no_commitment_but_a_future_signature_is(extractor):
    rows = _typed(
        extractor,
        "中华人民共和国和多米尼克国联合声明\n\n会谈后，双方签署了经济技术合作协定。\n双方将签署教育合作谅解备忘录。\n",
    )
    assert _find(rows, "签署了")[1] == []
    assert _find(rows, "将签署")[1] == ["COMMITMENT"]


def test_appraisal_and_belief_predicates(extractor):
    rows = _typed(
        extractor,
        "中华人民共和国和乌拉圭东岸共和国联合声明\n\n"
        "双方满意地看到两国贸易稳步增长。\n"
        "双方坚信两国合作前景广阔。\n"
        "乌方对中方的援助表示满意。\n",
    )
    assert _find(rows, "满意地看到")[1] == ["APPRAISAL"]
    assert _find(rows, "坚信")[1] == ["POSITION"]
    assert _find(rows, "表示满意")[1:] == (["APPRAISAL"], ["URY"])


def test_the_record_gives_the_statement_kind_and_date_with_evidence(extractor):
    signed = "中華人民共和國和蒙古國聯合聲明\n\n雙方舉行了會談。\n\n本聲明於一九九四年四月二十九日在烏蘭巴托簽署，一式兩份。\n"
    record = extractor.extract_text(signed, doc_id="t")
    assert record["kind"] == "联合声明"
    assert (record["date"]["start"], record["date"]["grain"]) == ("1994-04-29", "day")
    assert record["date"]["evidence"]["text"] == "一九九四年四月二十九日"
    visit = "中华人民共和国和马耳他建交联合公报\n\n2024年3月4日至6日，马耳他总理访华。\n"
    record = extractor.extract_text(visit, doc_id="t")
    assert (record["kind"], record["date"]["start"]) == ("建交联合公报", "2024-03-06")
    assert extractor.extract_text("会谈纪要\n\n没有日期。\n", doc_id="t")["date"] is None


def test_a_leader_or_an_organ_as_subject_stands_for_their_party(extractor):
    rows = _typed(
        extractor,
        "中华人民共和国和巴巴多斯联合新闻公报\n\n"
        "应中华人民共和国主席习近平邀请，巴巴多斯总理米娅·莫特利对中国进行正式访问。\n"
        "莫特利总理感谢中方的热情接待。\n"
        "习近平主席祝贺巴巴多斯独立五十周年。\n"
        "中国政府决定向巴巴多斯提供援助。\n",
    )
    assert _find(rows, "莫特利总理感谢")[1:] == (["APPRAISAL"], ["BRB"])
    assert _find(rows, "习近平主席祝贺")[1:] == (["APPRAISAL"], ["CHN"])
    assert _find(rows, "中国政府决定")[1:] == (["COMMITMENT"], ["CHN"])


def test_numbered_items_of_an_action_plan_keep_the_lead_in_across_headings(extractor):
    rows = _typed(
        extractor,
        "中华人民共和国和阿尔及利亚民主人民共和国五年合作规划\n\n"
        "双方达成如下共识：\n"
        "一、能源\n"
        "1. 加强在光伏发电领域的合作。\n"
        "2.1 中方支持阿方培养本国技术人才。\n"
        "二、人文\n"
        "3. 互派青年代表团。\n",
    )
    assert _find(rows, "加强在光伏")[1:] == (["COMMITMENT"], ["CHN", "DZA"])
    assert _find(rows, "中方支持阿方")[1:] == (["SUPPORT"], ["CHN"])
    assert _find(rows, "互派青年")[1:] == (["COMMITMENT"], ["CHN", "DZA"])


def test_recipients_are_the_states_a_predicate_is_directed_at(extractor):
    record = extractor.extract_text(
        "中华人民共和国和格鲁吉亚联合声明\n\n"
        "中方支持格方加入区域经济合作机制。\n"
        "格方坚定奉行一个中国政策。\n"
        "格方对中方提供的援助表示感谢。\n"
        "双方同意加强人文交流。\n"
        "中方愿同格方共同推进基础设施合作。\n"
        "双方对某国单方面制裁表示关切，反对美国的做法。\n",
        doc_id="t",
    )
    got = {
        record["text"][s["start"] : s["end"]][:6]: s["recipients"] for s in record["sentences"] if s["types"]
    }
    assert got["中方支持格方"] == ["GEO"]
    assert got["格方坚定奉行"] == ["CHN"]
    assert got["格方对中方提"] == ["CHN"]
    assert got["双方同意加强"] == []  # jointly held, directed at no state
    assert got["中方愿同格方"] == ["GEO"]
    assert got["双方对某国单"] == ["USA"]  # an opposed third state


def test_a_group_named_after_the_predicate_is_the_recipient(extractor):
    record = extractor.extract_text(
        "中非合作论坛部长级会议行动计划\n\n中方将向非洲国家提供农业技术培训。\n我们同意加强协调。\n",
        doc_id="t",
    )
    typed = [s for s in record["sentences"] if s["types"]]
    assert [s["recipients"] for s in typed] == [["AU"], []]
