"""Rule behaviours that must hold beyond the example statement: currencies named the way statements name them,
designators that are also ordinary words, foreign names with ·, institutions after a state or place name."""

from __future__ import annotations

import pytest
from communique.normalise import normalise_date, normalise_money


@pytest.mark.parametrize(
    ("text", "parties", "amount", "currency"),
    [
        ("73.4亿欧元", (), 7_340_000_000, "EUR"),  # exact, not 7340000000.000001
        ("五百零二亿七千万林吉特", (), 50_270_000_000, "MYR"),  # CLDR 马来西亚林吉特 less the country
        ("1.2亿基那", (), 120_000_000, "PGK"),
        ("四十五亿索尔", (), 4_500_000_000, "PEN"),
        ("千亿美元", (), 100_000_000_000, "USD"),  # a magnitude alone counts one of it
        ("3000万卢比", ("CHN", "PAK"), 30_000_000, "PKR"),  # 卢比 is shared: the party's rupee
        ("3000万卢比", ("CHN", "LKA"), 30_000_000, "LKR"),
    ],
)
def test_money(text: str, parties: tuple[str, ...], amount: int, currency: str) -> None:
    assert normalise_money(text, parties) == {"amount": amount, "currency": currency}


def test_shared_currency_name_without_a_matching_party_is_not_guessed() -> None:
    assert normalise_money("3000万卢比", ("CHN", "UZB")) is None


def test_date_without_year_takes_the_context_year() -> None:
    assert normalise_date("11月14日", 2024) == {"start": "2024-11-14", "end": "2024-11-14", "grain": "day"}
    assert normalise_date("11月14日") is None


def _entities(record: dict, label: str) -> list[str]:
    return [e["text"] for e in record["entities"] if e["label"] == label]


def test_statement_year_for_dates_without_year(extractor) -> None:
    text = (
        "中华人民共和国和秘鲁共和国联合声明\n\n"
        "应秘鲁共和国总统博鲁阿尔特邀请，中华人民共和国主席习近平于2024年11月13日至16日对秘鲁进行国事访问。\n"
        "双方指出，自2010年自由贸易协定生效以来，双边贸易快速增长。\n"
        "双方热烈祝贺11月14日钱凯港正式开港运营。\n"
    )
    record = extractor.extract_text(text)
    dates = {e["text"]: e["norm"] for e in record["entities"] if e["label"] == "DATE"}
    assert dates["11月14日"]["start"] == "2024-11-14"


def test_designator_that_is_a_common_word(extractor) -> None:
    south_africa = extractor.extract_text(
        "中华人民共和国和南非共和国联合声明\n\n南方重申坚定奉行一个中国原则。双方愿加强全球南方团结合作。\n"
    )
    assert south_africa["parties"] == ["CHN", "ZAF"]
    states = [(e["text"], e["norm"]) for e in south_africa["entities"] if e["label"] == "STATE"]
    assert ("南方", "ZAF") in states
    assert sum(text == "南方" for text, _ in states) == 1  # not the 南方 of 全球南方
    uzbekistan = extractor.extract_text(
        "中华人民共和国和乌兹别克斯坦共和国联合声明\n\n双方愿加强同南方国家的合作。\n"
    )
    assert "南方" not in _entities(uzbekistan, "STATE")


def test_dotted_names_without_titles(extractor) -> None:
    record = extractor.extract_text(
        "中华人民共和国和巴基斯坦伊斯兰共和国联合声明\n\n"
        "应国务院总理李克强邀请，巴基斯坦伊斯兰共和国总理穆罕默德·夏巴兹·谢里夫于2022年11月1日至2日"
        "对中华人民共和国进行正式访问。习近平主席会见夏巴兹·谢里夫总理。\n"
    )
    people = _entities(record, "PERSON")
    assert "穆罕默德·夏巴兹·谢里夫" in people
    assert "夏巴兹·谢里夫" in people
    assert "李克强" in people
    assert not any(name.startswith("理") or name.endswith("于") for name in people)


def test_institutions_after_state_and_place_names(extractor) -> None:
    record = extractor.extract_text(
        "中华人民共和国和南非共和国联合声明\n\n"
        "双方欢迎中国人民银行与南非储备银行续签本币互换协议，赞赏中国铝业集团有限公司在当地的投资，"
        "并积极推动卡拉奇环城铁路项目。\n"
    )
    orgs = _entities(record, "ORG")
    assert "南非储备银行" in orgs
    assert "中国铝业集团有限公司" in orgs
    assert "卡拉奇环城铁路项目" in _entities(record, "INITIATIVE")


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("中方感谢巴基斯坦支持中国银行在巴开展业务。", ("巴基斯坦", "中国银行"), "巴基斯坦支持中国银行"),
        (
            "中方欢迎西班牙参加第二届中国国际进口博览会。",
            ("西班牙", "第二届中国国际进口博览会"),
            "西班牙参加第二届中国国际进口博览会",
        ),
        (
            "泰国欢迎更多中国企业投资泰国东部经济走廊项目。",
            ("泰国东部经济走廊项目",),
            "中国企业投资泰国东部经济走廊项目",
        ),
    ],
)
def test_institution_names_do_not_run_across_a_clause(extractor, text, expected, not_expected) -> None:
    record = extractor.extract_text("中华人民共和国和巴基斯坦伊斯兰共和国联合声明\n\n" + text + "\n")
    texts = [e["text"] for e in record["entities"]]
    assert not_expected not in texts
    for name in expected:
        assert name in texts


def test_a_title_before_an_invitation_is_no_name(extractor) -> None:
    record = extractor.extract_text(
        "中华人民共和国和泰王国联合声明\n\n应泰王国总理邀请，中华人民共和国主席习近平于2022年11月17日至19日访问泰国。"
        "双方对邀请表示感谢。\n"
    )
    assert _entities(record, "PERSON") == ["习近平"]


def test_companies_organs_and_infrastructure_after_place_names(extractor) -> None:
    record = extractor.extract_text(
        "中华人民共和国和土耳其共和国联合声明\n\n"
        "双方支持中国全国人民代表大会同土耳其大国民议会加强交流，欢迎阿布扎比国家石油公司扩大对华合作。"
        "双方高度评价中国企业参与建设的安卡拉至伊斯坦布尔高速铁路二期工程，商定推进内罗毕快速路建设。"
        "双方欢迎中国公司赴土投资。\n"
    )
    orgs = _entities(record, "ORG")
    assert "土耳其大国民议会" in orgs
    assert "阿布扎比国家石油公司" in orgs
    initiatives = _entities(record, "INITIATIVE")
    assert "安卡拉至伊斯坦布尔高速铁路二期工程" in initiatives
    assert "内罗毕快速路" in initiatives
    assert "中国公司" not in orgs  # Chinese companies in general, not one company


@pytest.mark.parametrize(
    ("text", "label", "names"),
    [
        # a bracket of a place or short name after a name belongs to it; an explanatory bracket does not
        (
            "双方将继续支持中国－葡语国家经贸合作论坛（澳门）发挥桥梁作用。",
            "ORG",
            ["中国－葡语国家经贸合作论坛（澳门）"],
        ),
        (
            "支持中国石油大学（北京）同塔吉克斯坦技术大学开展联合培养。",
            "ORG",
            ["中国石油大学（北京）", "塔吉克斯坦技术大学"],
        ),
        (
            "中华人民共和国政府（以下简称“中方”）和吉布提共和国政府",
            "ORG",
            ["中华人民共和国政府", "吉布提共和国政府"],
        ),
        # zones and parks of a China–partner prefix named by what they do, a partner or place in brackets after it
        ("建设好中塔农业合作示范园。", "INITIATIVE", ["中塔农业合作示范园"]),
        (
            "推进中俄（滨海边疆区）现代农业产业合作区建设。",
            "INITIATIVE",
            ["中俄（滨海边疆区）现代农业产业合作区"],
        ),
        ("各方积极评价中国－阿曼（杜库姆）产业园的建设。", "INITIATIVE", ["中国－阿曼（杜库姆）产业园"]),
        # …but a verb across the prefix's letters makes a clause (加 is also Canada's letter)
        ("中塔加强合作区建设。", "INITIATIVE", []),
    ],
)
def test_brackets_in_names_and_zones_of_a_partner_prefix(
    extractor, text: str, label: str, names: list[str]
) -> None:
    assert _entities(extractor.extract_text(text), label) == names


@pytest.mark.parametrize(
    ("text", "label", "names"),
    [
        # the review's cases: a dash inside a name found joins no route, nor does a route run across a particle,
        # a verb or a clause; glued dashes, a particle at a first part's start and ― still make a route
        ("双方同意落实中国—东盟自由贸易区。", "INITIATIVE", ["中国—东盟自由贸易区"]),
        ("双方将推进中国—东盟合作的公路项目。", "INITIATIVE", []),
        ("双方同意以政府—企业合作方式修建公路。", "INITIATIVE", []),
        ("双方将改造安集延—奥什公路。", "INITIATIVE", ["安集延—奥什公路"]),
        ("双方欢迎同江－下列宁斯阔耶铁路桥建成通车。", "INITIATIVE", ["同江－下列宁斯阔耶铁路桥"]),
        ("双方同意推进木姐―曼德勒铁路项目。", "INITIATIVE", ["木姐―曼德勒铁路项目"]),
        # …no zone from a clause after a partner prefix
        ("中老双方决定共建经济区。", "INITIATIVE", []),
        ("中塔两国领导人见证了农业园揭牌。", "INITIATIVE", []),
        # …a plan counted by its years alone only by its order
        ("双方同意制定合作五年计划。", "INITIATIVE", []),
        # …a corridor after a verb; a city's government with its 市; a bay found by its head and its 地区
        ("双方同意共建南北经济走廊。", "INITIATIVE", ["南北经济走廊"]),
        ("双方支持上海市政府与圣彼得堡市政府加强交流。", "ORG", ["上海市政府", "圣彼得堡市政府"]),
        ("双方关注阿拉伯海和波斯湾地区局势。", "LOC", ["阿拉伯海", "波斯湾地区"]),
    ],
)
def test_review_cases_of_routes_zones_plans_and_places(
    extractor, text: str, label: str, names: list[str]
) -> None:
    assert _entities(extractor.extract_text(text), label) == names


@pytest.mark.parametrize(
    ("text", "label", "names"),
    [
        # ports named in a row, without the state or verb before them
        (
            "四方加强对中国景洪港、关累港，老挝会晒港和泰国清盛港的治安管理。",
            "LOC",
            ["景洪港", "关累港", "会晒港", "清盛港"],
        ),
        ("双方支持建设瓜达尔港和汉班托塔港。", "LOC", ["瓜达尔港", "汉班托塔港"]),
        # oil fields and archipelagos by their heads
        ("中国企业继续做好鲁迈拉油田和米桑油田的开发。", "LOC", ["鲁迈拉油田", "米桑油田"]),
        # principles counted by their number after a list's joiner; a plan's quoted name with 宏愿
        (
            "双方遵循和平共处五项原则和亚非会议十项原则。",
            "INITIATIVE",
            ["和平共处五项原则", "亚非会议十项原则"],
        ),
        ("中方支持文莱“2035宏愿”的顺利实施。", "INITIATIVE", ["文莱“2035宏愿”"]),
        # a session of an organisation's council named with its organisation is an event; the council alone a body
        (
            "成员国欢迎在阿斯塔纳举办上海合作组织成员国元首理事会会议。",
            "EVENT",
            ["上海合作组织成员国元首理事会会议"],
        ),
        ("印度首次以正式成员身份出席元首理事会会议。", "ORG", ["元首理事会"]),
        # a state's armed forces and its national congress; fairs and exhibitions named after a state or place
        ("中方赞赏伊拉克军队在打击恐怖组织斗争中付出的牺牲。", "ORG", ["伊拉克军队"]),
        (
            "双方积极参加中国国际投资贸易洽谈会和澳门国际贸易投资展览会。",
            "EVENT",
            ["中国国际投资贸易洽谈会", "澳门国际贸易投资展览会"],
        ),
    ],
)
def test_ports_fields_principles_bodies_and_fairs(extractor, text: str, label: str, names: list[str]) -> None:
    assert _entities(extractor.extract_text(text), label) == names


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # an event named by the clause that held it, its name holding 和 or 同
        (
            "外长回顾了2007年10月在哈尔滨举行的中俄印三国外长第六次会晤以来的进展。",
            ["中俄印三国外长第六次会晤"],
        ),
        (
            "三方同意就在日本北海道举行的八国集团同发展中国家领导人对话会保持沟通。",
            ["八国集团同发展中国家领导人对话会"],
        ),
        (
            "各方欢迎1995年5月举行的不扩散核武器条约缔约国审议和延期大会作出的决定。",
            ["不扩散核武器条约缔约国审议和延期大会"],
        ),
        ("双方欢迎定于5月16日在叶卡捷琳堡举行的金砖四国外长会晤。", ["金砖四国外长会晤"]),
        # …and an organisation's ministers' meeting that was held; the same meeting as a standing body stays one
        (
            "成员国积极评价在北京举行的上海合作组织成员国国防部长会议成果。",
            ["上海合作组织成员国国防部长会议"],
        ),
        ("成员国责成上海合作组织成员国经贸部长会议落实。", []),
        # who meets, or this very meeting, names no event
        ("双方满意地回顾了在北京举行的双边会晤和在阿斯塔纳举行的本次会议。", []),
        ("各方鼓励本国企业参加在对方举办的各类商品交易会。", []),
        ("双方在北京举行的会谈中达成的共识为两国峰会奠定了基础。", []),
    ],
)
def test_events_named_by_the_clause_that_held_them(extractor, text: str, events: list[str]) -> None:
    assert _entities(extractor.extract_text(text), "EVENT") == events


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        # names whose letters the alphabet lacked (思, 慕), found with their dot and then by their last part
        (
            "应邀请，格林纳达总理基思·米切尔于9月对中国进行正式访问。习近平会见了米切尔总理。",
            ["基思·米切尔", "习近平", "米切尔"],
        ),
        ("印度共和国外交部长普拉纳布·慕克吉在叶卡捷琳堡举行会晤。", ["普拉纳布·慕克吉"]),
        # a form of address after a name is none of it
        ("以诺曼·白求恩大夫为代表的两国人民友好交往源远流长。", ["诺曼·白求恩"]),
        # the same characters in ordinary words make no name
        ("双方要求有关方面履行承诺，加强思想交流。", []),
    ],
)
def test_transliterated_names_with_rarer_letters(extractor, text: str, persons: list[str]) -> None:
    assert _entities(extractor.extract_text(text), "PERSON") == persons


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a state's armed forces and coast guards are its organs
        ("双方同意加强中国海警局与菲律宾海岸防卫队之间的交流。", ["中国海警局", "菲律宾海岸防卫队"]),
        ("吉方赞赏中国海军护航编队在亚丁湾护航。", ["中国海军"]),
        # 以及 ends a mechanism's name: two names, not one
        ("次区域合作应与中国—东盟自由贸易区建设以及湄公河委员会相互补充。", ["湄公河委员会"]),
        # a mechanism's portfolio may list its fields with 、; an event's organising committee is an institution
        (
            "双方同意充分发挥中阿经济、贸易和技术合作混合委员会的作用。",
            ["中阿经济、贸易和技术合作混合委员会"],
        ),
        (
            "推动第二十九届奥林匹克运动会组织委员会与温哥华冬奥会组委会交流经验。",
            ["第二十九届奥林匹克运动会组织委员会", "温哥华冬奥会组委会"],
        ),
        # a state's provisional government, its form of state between; a body of an organisation's commission
        ("支持阿尔及利亚共和国临时政府为实现独立所作的努力。", ["阿尔及利亚共和国临时政府"]),
        ("由中华人民共和国商务部和欧盟委员会贸易总司牵头。", ["中华人民共和国商务部", "欧盟委员会贸易总司"]),
        # parties and movements the knowledge base lists, in their short forms too
        (
            "双方加强中国共产党同统一俄罗斯党的交流，支持巴解组织和巴勒斯坦人民的正义事业。",
            ["中国共产党", "统一俄罗斯党", "巴解组织"],
        ),
    ],
)
def test_armed_forces_parties_and_mechanisms_apart(extractor, text: str, orgs: list[str]) -> None:
    assert _entities(extractor.extract_text(text), "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "initiatives"),
    [
        # a state's plan with its quoted name takes the state; China's initiative keeps 中国 a state
        (
            "推动共建“一带一路”同阿曼“2040愿景”和巴林“2030经济愿景”深入对接。",
            ["一带一路", "阿曼“2040愿景”", "巴林“2030经济愿景”"],
        ),
        ("双方支持中国“一带一路”倡议。", ["“一带一路”倡议"]),
        ("双方愿推动“一带一路”同格方“愿景2030”发展战略对接。", ["一带一路", "“愿景2030”发展战略"]),
        # corridors by their directions or quoted names; a direction inside a word names none
        (
            "南北经济走廊、东西经济走廊和南部经济走廊已初步形成。",
            ["南北经济走廊", "东西经济走廊", "南部经济走廊"],
        ),
        ("双方推进“滨海1号”国际交通走廊建设。", ["“滨海1号”国际交通走廊"]),
        ("双方推动东南部经济发展。", []),
        # plans counted by their years, alone or after their state
        (
            "中方祝愿几内亚三年计划胜利实现，几方赞扬中国人民执行第二个五年计划的成就。",
            ["几内亚三年计划", "第二个五年计划"],
        ),
        (
            "祝愿阿方执行阿尔巴尼亚第四个五年计划（1966－1970年）取得胜利。",
            ["阿尔巴尼亚第四个五年计划（1966－1970年）"],
        ),
        # a friendship hospital or school built with aid is a project; a hospital where a team works is an institution
        ("中方援建阿尔塔友谊医院和中几友好医院。", ["阿尔塔友谊医院", "中几友好医院"]),
    ],
)
def test_plans_corridors_and_aid_buildings(extractor, text: str, initiatives: list[str]) -> None:
    assert _entities(extractor.extract_text(text), "INITIATIVE") == initiatives


@pytest.mark.parametrize(
    ("text", "label", "names"),
    [
        # a city written with its 市 after its province is one place; 市场, 市长 are other words
        ("双方支持江苏省连云港市同杜尚别深化友好交流。", "LOC", ["江苏省连云港市", "杜尚别"]),
        (
            "双方支持新疆维吾尔自治区喀什地区同杜尚别深化友好交流。",
            "LOC",
            ["新疆维吾尔自治区喀什地区", "杜尚别"],
        ),
        ("双方愿扩大香港市场和迪拜市场的开放。", "LOC", ["香港", "迪拜"]),
        # a place's people's government is its organ
        ("感谢中国政府和云南省人民政府为会议所作的周到安排。", "ORG", ["中国政府", "云南省人民政府"]),
        # games with their year and city, in either numerals, with their paralympics, and numbered after their city
        (
            "双方在二○○八年北京奥运会和二○一○年温哥华冬季奥运会的筹办工作中相互支持。",
            "EVENT",
            ["二○○八年北京奥运会", "二○一○年温哥华冬季奥运会"],
        ),
        ("中方祝愿日方成功举办东京2020年奥运会和残奥会。", "EVENT", ["东京2020年奥运会和残奥会"]),
        ("帝汶总理出席杭州第19届亚洲运动会开幕式。", "EVENT", ["杭州第19届亚洲运动会"]),
        # an event joined by 暨 to an event, an organisation's forum or an occasion of a China–partner prefix
        (
            "两国领导人共同出席中缅建交70周年暨中缅文化旅游年启动仪式。",
            "EVENT",
            ["中缅建交70周年暨中缅文化旅游年"],
        ),
        (
            "双方将举办上海合作组织论坛暨第二届中国国际进口博览会。",
            "EVENT",
            ["上海合作组织论坛暨第二届中国国际进口博览会"],
        ),
        # …but 暨 between an event and a word that is no name joins nothing
        ("双方举办第二届中国国际进口博览会暨相关活动。", "EVENT", ["第二届中国国际进口博览会"]),
    ],
)
def test_cities_organs_games_and_joined_events(extractor, text: str, label: str, names: list[str]) -> None:
    assert _entities(extractor.extract_text(text), label) == names


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # places that share one 地区 are each a place without it, whoever found them with it
        ("双方认为，中东和北非地区的问题应通过政治对话解决。", ["中东", "北非"]),
        ("共同参与东南亚和南亚地区的基础设施建设。", ["东南亚", "南亚"]),
        ("任何一方都不在亚洲和太平洋地区谋求霸权。", ["亚洲", "太平洋"]),
        # a sea, bay or lake is no region: the 地区 is the second place's own
        ("维护几内亚湾和乍得湖地区的安全与稳定。", ["几内亚湾", "乍得湖地区"]),
        ("推动中欧班列经里海和南高加索地区的线路常态化运行。", ["里海", "南高加索地区"]),
        # a state shares no 地区, nor does a place that has its own
        ("双方支持阿富汗和中亚地区的和平与发展。", ["中亚地区"]),
        ("双方愿加强在中亚地区和南亚地区的合作。", ["中亚地区", "南亚地区"]),
    ],
)
def test_places_that_share_one_region(extractor, text: str, places: list[str]) -> None:
    assert _entities(extractor.extract_text(text), "LOC") == places


@pytest.mark.parametrize(
    ("text", "projects", "places"),
    [
        # a route from one end to the other is a project with its 项目 or 工程, the second end outside the alphabet too
        (
            "双方欢迎中国进出口银行为姆特瓦拉至三兰港天然气管道项目提供贷款。",
            ["姆特瓦拉至三兰港天然气管道项目"],
            [],
        ),
        ("双方同意推进卡拉奇至白沙瓦铁路项目。", ["卡拉奇至白沙瓦铁路项目"], []),
        # a bare route is its two places, whether known or not (帝力 is, 包考 and 贝科 are not)
        (
            "推动帝力至包考沿海公路改扩建和苏艾至贝科高速公路后续路段建设。",
            [],
            ["帝力", "包考", "苏艾", "贝科"],
        ),
        ("双方同意研究升级改造仰光至曼德勒公路。", [], ["仰光", "曼德勒"]),
        (
            "推进雅温得至杜阿拉高速公路后续路段和仰光至曼德勒输变电线路建设。",
            [],
            ["雅温得", "杜阿拉", "仰光", "曼德勒"],
        ),
        # a route joined by dashes is a name with or without 项目, whatever the letters of its parts
        ("推进卡拉奇—白沙瓦铁路项目前期工作。", ["卡拉奇—白沙瓦铁路项目"], []),
        ("推进木姐—曼德勒铁路项目前期工作。", ["木姐—曼德勒铁路项目"], []),
        ("加快推进莱城－纳扎布公路修复改造。", ["莱城－纳扎布公路"], []),
        ("成员国支持改造安集延—奥什—喀什公路。", ["安集延—奥什—喀什公路"], []),
        ("双方共同研究多瑙河－奥得河－易北河运河的可行性。", ["多瑙河－奥得河－易北河运河"], []),
        # border crossings joined by dashes are places, and a range of years no route
        ("推动二连浩特—扎门乌德、满洲里—后贝加尔斯克等口岸建设。", [], ["二连浩特", "扎门乌德", "满洲里"]),
        # the whole route, not the half after the dash (腊戍 is no place the tool knows)
        ("推进腊戍—曼德勒铁路项目前期工作。", ["腊戍—曼德勒铁路项目"], []),
    ],
)
def test_routes_from_one_end_to_the_other(
    extractor, text: str, projects: list[str], places: list[str]
) -> None:
    record = extractor.extract_text(text)
    assert _entities(record, "INITIATIVE") == projects
    assert _entities(record, "LOC") == places


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        # a year after 到 or 至 that ends nothing: the range mark is no date's start
        (
            "双方争取到一九九〇年使贸易额翻一番。",
            "一九九〇年",
            {"start": "1990-01-01", "end": "1990-12-31", "grain": "year"},
        ),
        (
            "力争到二○○○年达到新的水平。",
            "二○○○年",
            {"start": "2000-01-01", "end": "2000-12-31", "grain": "year"},
        ),
        # a range of years whose first year leaves its 年 to the second
        (
            "双方同意在2021—2023年期间加强合作。",
            "2021—2023年",
            {"start": "2021-01-01", "end": "2023-12-31", "grain": "year"},
        ),
    ],
)
def test_dates_after_a_range_mark_and_ranges_of_years(extractor, text, span, norm) -> None:
    dates = {e["text"]: e["norm"] for e in extractor.extract_text(text)["entities"] if e["label"] == "DATE"}
    assert dates.get(span) == norm


def test_an_amount_with_a_full_width_decimal_point(extractor) -> None:
    record = extractor.extract_text("二〇二一年雙邊貿易額達到２３．５億美元。")
    money = [(e["text"], e["norm"]) for e in record["entities"] if e["label"] == "MONEY"]
    assert money == [("２３．５億美元", {"amount": 2350000000, "currency": "USD"})]


def test_a_year_alone_is_no_range_start(extractor) -> None:
    record = extractor.extract_text("双方回顾2019年以来的合作，并于2020年3月举行会议。")
    assert [e["text"] for e in record["entities"] if e["label"] == "DATE"] == ["2019年", "2020年3月"]
