"""Taiwan and Hong Kong forms, ○ as zero, and the money forms of older and Hong Kong statements."""

import pytest
from communique.normalise import normalise_date, normalise_money
from communique.script import convert_script, to_analysis_text


@pytest.mark.parametrize(
    ("original", "expected", "config"),
    [
        ("雙方歡迎義大利和奈及利亞代表出席", "双方欢迎意大利和尼日利亚代表出席", "tw2sp"),
        ("代表團訪問了雪梨和坎培拉", "代表团访问了悉尼和堪培拉", "tw2sp"),
        ("推動網際網路和數位經濟在肯亞的發展", "推动互联网和数字经济在肯尼亚的发展", "tw2sp"),
        # mainland traditional text keeps its names: tw2sp would make 尼日尔利亚 of 尼日利亞
        ("中國同尼日利亞和尼日爾的合作", "中国同尼日利亚和尼日尔的合作", "t2s"),
        ("加強衞生合作", "加强卫生合作", "hk2s"),
        # a text of both usages: Taiwan's forms and Hong Kong's variant characters
        ("義大利和比利時加強衞生合作，支持安特衞普港", "意大利和比利时加强卫生合作，支持安特卫普港", "tw2sp"),
        ("中国和意大利", "中国和意大利", "none"),
        # a Taiwan form that is the text's only sign of Taiwan usage (a short communiqué)
        ("中華人民共和國政府和查德共和國政府", "中华人民共和国政府和乍得共和国政府", "tw2sp"),
        ("雙方歡迎汶萊和貝南代表出席", "双方欢迎文莱和贝宁代表出席", "tw2sp"),
    ],
)
def test_regional_configuration_is_chosen_by_the_forms_the_text_shows(original, expected, config):
    assert convert_script(original) == (expected, config)


def test_offsets_map_back_through_regional_names_of_another_length():
    # 舉 and 會 change too: the rewritten name must not take its converted neighbours with it
    original = "雙方在三蘭港舉行會談，在索馬利亞海域合作"
    analysis = to_analysis_text(original)
    for name, original_name in (("达累斯萨拉姆", "三蘭港"), ("索马里", "索馬利亞")):
        start = analysis.text.index(name)
        begin, end = analysis.original_span(start, start + len(name))
        assert original[begin:end] == original_name


def test_a_span_that_starts_with_an_inserted_character_maps_back_to_the_original_after_it():
    from communique.script import AnalysisText, _alignment

    analysis = AnalysisText("在甲乙等", "在丙甲乙等", _alignment("在甲乙等", "在丙甲乙等"))
    assert analysis.original_span(1, 4) == (1, 3)  # 丙甲乙 → 甲乙, not 在甲乙


def test_a_name_rewritten_longer_maps_back_without_the_character_after_it():
    # tw2sp writes 桑吉巴 as 桑给巴尔: the added 尔 belongs to 巴, not to the 等 after the name
    original = "中方支持坦尚尼亞在吉力馬札羅山和桑吉巴等地發展旅遊"
    analysis = to_analysis_text(original)
    start = analysis.text.index("桑给巴尔")
    begin, end = analysis.original_span(start, start + len("桑给巴尔"))
    assert original[begin:end] == "桑吉巴"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二○○○年", {"start": "2000-01-01", "end": "2000-12-31", "grain": "year"}),
        ("一九九○年十月一日", {"start": "1990-10-01", "end": "1990-10-01", "grain": "day"}),
    ],
)
def test_white_circle_is_zero_in_dates(text, value):
    assert normalise_date(text) == value


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("两个亿美元", 200_000_000, "USD"),
        ("五个亿元", 500_000_000, "CNY"),
        ("港币二千万元", 20_000_000, "HKD"),
        ("三千五百万港元", 35_000_000, "HKD"),
        ("2，500万美元", 25_000_000, "USD"),
        ("1,200,000欧元", 1_200_000, "EUR"),
        ("一○○万元", 1_000_000, "CNY"),
    ],
)
def test_money_forms_of_older_and_hong_kong_statements(text, amount, currency):
    assert normalise_money(text, ("CHN",)) == {"amount": amount, "currency": currency}


@pytest.mark.parametrize("text", ["3，5亿美元", "12，34美元", "个亿美元"])
def test_a_comma_that_separates_clauses_is_no_thousands_separator(text):
    assert normalise_money(text, ("CHN",)) is None


@pytest.mark.parametrize(
    ("name", "currency"),
    [("新元", "SGD"), ("新币", "SGD"), ("澳元", "AUD"), ("加元", "CAD"), ("纽元", "NZD"), ("瑞郎", "CHF")],
)
def test_short_currency_names_are_found_and_normalised(extractor, name, currency):
    """The short forms statements write (新元 for 新加坡元): found as MONEY by the pipeline, with their ISO code."""
    record = extractor.extract_text(f"双方欢迎总值约12亿{name}的合作项目。")
    money = [(e["text"], e["norm"]) for e in record["entities"] if e["label"] == "MONEY"]
    assert money == [(f"12亿{name}", {"amount": 1_200_000_000, "currency": currency})]


@pytest.mark.parametrize(
    ("text", "parties", "designator"),
    [
        # Taiwan forms: 紐幾內亞 says the text is Taiwan's (巴紐方), 獅方 is Sierra Leone's designator there
        (
            "中華人民共和國和巴布亞紐幾內亞獨立國聯合聲明\n\n巴紐方重申堅持一個中國政策。\n",
            ["CHN", "PNG"],
            "巴紐方",
        ),
        ("中華人民共和國和獅子山共和國聯合聲明\n\n獅方重申堅持一個中國原則。\n", ["CHN", "SLE"], "獅方"),
        (
            "中华人民共和国和特立尼达和多巴哥共和国联合声明\n\n特方重申坚持一个中国政策。\n",
            ["CHN", "TTO"],
            "特方",
        ),
    ],
)
def test_regional_names_and_designators_give_the_parties(extractor, text, parties, designator):
    record = extractor.extract_text(text)
    assert record["parties"] == parties
    states = {entity["text"]: entity["norm"] for entity in record["entities"] if entity["label"] == "STATE"}
    assert states.get(designator) == parties[1]


@pytest.mark.parametrize(
    ("text", "first", "norm"),
    [
        ("金融机构每年提供10亿至15亿美元的商业贷款。", "10亿", {"amount": 1_000_000_000, "currency": "USD"}),
        ("逐步扩大到四十亿—五十亿欧元。", "四十亿", {"amount": 4_000_000_000, "currency": "EUR"}),
    ],
)
def test_the_first_amount_of_a_range_takes_the_currency_of_the_second(extractor, text, first, norm):
    money = [e for e in extractor.extract_text(text)["entities"] if e["label"] == "MONEY"]
    assert [e["text"] for e in money][0] == first
    assert money[0]["norm"] == norm


def test_a_range_mark_without_a_second_amount_or_date_is_no_range(extractor):
    record = extractor.extract_text("双方同意免除截至2005年12月31日到期的债务和3至4项贷款。")
    assert [e["text"] for e in record["entities"] if e["label"] == "DATE"] == ["2005年12月31日"]
    assert [e for e in record["entities"] if e["label"] == "MONEY"] == []
