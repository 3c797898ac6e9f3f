"""Checks on the curated knowledge base in pipeline/kb/."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "pipeline" / "kb"


def _load(name: str) -> list[dict]:
    with open(KB / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def states() -> dict[str, dict]:
    return {r["id"]: r for r in _load("states.jsonl")}


def test_current_and_former_states_with_valid_codes(states):
    rows = _load("states.jsonl")
    assert len(rows) == 201
    assert len(states) == 201  # ids unique
    for r in rows:
        # a dissolved state keeps its withdrawn code from ISO 3166-3, never a current state's
        codes = pycountry.historic_countries if r["status"] == "former" else pycountry.countries
        country = codes.get(alpha_3=r["id"])
        assert country is not None, r["id"]
        assert country.alpha_2 == r["alpha2"]
    assert sum(r["status"] == "member" for r in rows) == 193
    assert sum(r["status"] == "observer" for r in rows) == 2
    assert {"PSE", "VAT"} <= set(states)
    assert {r["id"] for r in rows if r["status"] == "former"} == {"SUN", "YUG", "CSK", "DDR", "YMD", "SCG"}
    assert not {r["id"] for r in rows if r["status"] == "former"} & {c.alpha_3 for c in pycountry.countries}
    assert "TWN" not in states


def test_former_names_are_aliases_of_the_state_that_bore_them(states):
    assert "扎伊尔共和国" in states["COD"]["aliases"]
    assert "锡兰" in states["LKA"]["aliases"]
    assert "联邦德国" in states["DEU"]["aliases"]
    assert states["DDR"]["formal_name"] == "德意志民主共和国"
    assert states["SUN"]["name"] == "苏联"


def test_key_states(states):
    assert "中方" in states["CHN"]["designators"]
    assert states["CHN"]["formal_name"] == "中华人民共和国"
    assert "乌方" in states["UZB"]["designators"]
    assert states["UZB"]["formal_name"] == "乌兹别克斯坦共和国"
    # a designator shared on purpose
    assert "土方" in states["TKM"]["designators"] and "土方" in states["TUR"]["designators"]


def test_minimum_sizes():
    assert len(_load("organisations.jsonl")) >= 200
    assert len(_load("persons.jsonl")) >= 250
    assert len(_load("initiatives.jsonl")) >= 60
    assert len(_load("locations.jsonl")) >= 120
    assert len(_load("documents.jsonl")) >= 20


def test_taiwan_is_a_location():
    names = {r["name"] for r in _load("locations.jsonl")}
    assert "台湾" in names


def test_no_collisions_across_files():
    owners: dict[str, set[str]] = defaultdict(set)
    designators: set[str] = set()
    ids: list[str] = []
    for fname in [
        "states.jsonl",
        "organisations.jsonl",
        "initiatives.jsonl",
        "locations.jsonl",
        "documents.jsonl",
    ]:
        for r in _load(fname):
            ids.append(r["id"])
            forms = {r["name"], *r["aliases"]}
            if "formal_name" in r:
                forms.add(r["formal_name"])
            designators.update(r.get("designators", []))
            for f in forms:
                assert len(f) >= 2, (fname, r["id"], f)
                owners[f].add(f"{fname}:{r['id']}")
    clashes = {f: sorted(o) for f, o in owners.items() if len(o) > 1}
    assert not clashes
    # designators may be shared between states, but never double as a name or alias
    assert not designators & set(owners)
    # ids are unique across files too (the loader keys entries by id alone)
    assert len(ids) == len(set(ids))


def test_companies_and_universities_with_their_short_forms():
    orgs = {r["id"]: r for r in _load("organisations.jsonl")}
    assert orgs["CO-POWERCHINA"]["kind"] == "company"
    assert orgs["CO-POWERCHINA"]["name"] == "中国电力建设集团有限公司"
    assert "中国电建" in orgs["CO-POWERCHINA"]["aliases"]
    # a former registered name (before the 2017 company-law conversion) is an alias
    assert "中国石油天然气集团公司" in orgs["CO-CNPC"]["aliases"]
    assert orgs["UNI-THU"]["kind"] == "university" and orgs["UNI-THU"]["name"] == "清华大学"
    assert "北京外国语学院" in orgs["UNI-BFSU"]["aliases"]


# short forms left out because they are also ordinary words or start or end ordinary text: 中国石油进口 (China's oil
# imports), 其中石油 (among them oil), 地中海油气, 南中国海油气, 中国移动支付, 中国建筑 (Chinese architecture), 中国能建设,
# 中国人寿命, 中国人保持, 国家电网 (any state's grid), 市招商局 (a city's investment bureau), 中兴 (revival)
ORDINARY_FORMS = [
    "中国石油",
    "中国石化",
    "中国海油",
    "中石油",
    "中石化",
    "中海油",
    "中国移动",
    "中国电信",
    "中国联通",
    "中国建筑",
    "中国能建",
    "中国人寿",
    "中国人保",
    "国家电网",
    "南方电网",
    "招商局",
    "中兴",
    "中铁",
    "石化",
    "中信",
    "建设银行",
    # foreign companies and universities: short forms inside ordinary text (中德铁路 holds 德铁, 努力拓展 力拓, 中俄油气
    # 俄油, 中俄气候 俄气, 通用电气设备, 现代汽车产业, 大众汽车消费, 英国石油进口), a name that is also a word or a
    # place (宝马 a fine horse, 淡马锡 Singapore's old name, 淡水河谷 a river valley), and universities named like their
    # state (哥伦比亚大学生, Colombian students; 印度尼西亚大学, 智利大学, 加纳大学) or holding another's name (金山大学 in
    # 旧金山大学), and those of two institutions (约克大学, 华盛顿大学, 西北大学, 布鲁塞尔自由大学)
    "德铁",
    "力拓",
    "俄油",
    "俄气",
    "俄铝",
    "通用电气",
    "现代汽车",
    "大众汽车",
    "英国石油",
    "宝马",
    "淡马锡",
    "淡水河谷",
    "哥伦比亚大学",
    "印度尼西亚大学",
    "智利大学",
    "加纳大学",
    "金山大学",
    "约克大学",
    "华盛顿大学",
    "西北大学",
    "布鲁塞尔自由大学",
    # places: bare city names that are ordinary words or parts of them (日照时间, 中山大学, 朝阳产业, 白山黑水, 三明治,
    # 世界大同, 长治久安, 安康, 开封 (to unseal), 新乡村, 河源 (a river's source), 来宾 (guests), 巴中关系, 普洱茶, 大庆
    # (a grand celebration), 中泰安全, 中哈密切, 中东营商环境, 中乌海关); 黄山, 北海 and 德州 also name a mountain, the
    # North Sea and Texas; 白银市场 (the silver market) and 中塔城市合作 keep out even the 市 form, and bare 阿穆尔 is the
    # river too (阿穆尔河)
    "日照",
    "中山",
    "朝阳",
    "朝阳市",
    "白山",
    "黄山",
    "三明",
    "大同",
    "长治",
    "安康",
    "吉安",
    "金华",
    "德州",
    "开封",
    "新乡",
    "河源",
    "北海",
    "来宾",
    "巴中",
    "普洱",
    "山南",
    "大庆",
    "白银",
    "白银市",
    "泰安",
    "哈密",
    "东营",
    "乌海",
    "塔城市",
    "阿穆尔",
]


@pytest.mark.parametrize("form", ORDINARY_FORMS)
def test_no_short_form_that_is_also_ordinary_text(form):
    forms = {
        f
        for fname in ("organisations.jsonl", "locations.jsonl")
        for r in _load(fname)
        for f in (r["name"], *r["aliases"])
    }
    assert form not in forms


def test_check_script_passes():
    spec = importlib.util.spec_from_file_location("check_kb", ROOT / "training" / "check_kb.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    errors, _ = mod.check(KB)
    assert errors == []


def test_states_file_is_generated():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "training" / "build_kb_states.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


def _check_module():
    spec = importlib.util.spec_from_file_location("check_kb", ROOT / "training" / "check_kb.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write_kb(tmp_path: Path, extra: dict[str, list[dict]]) -> Path:
    """A copy of the knowledge base with records appended to some of its files."""
    for source in KB.glob("*.jsonl"):
        rows = source.read_text(encoding="utf-8")
        for row in extra.get(source.name, []):
            rows += json.dumps(row, ensure_ascii=False) + "\n"
        (tmp_path / source.name).write_text(rows, encoding="utf-8")
    return tmp_path


def test_check_refuses_entries_without_source_and_forms_lost_in_traditional_script(tmp_path):
    person = {"id": "per-test", "name": "阿尔贝托·测试", "aliases": [], "kind": "person", "en": "t"}
    # the pipeline analyses full-width digits as ASCII ones: a form written with them would never match
    organ = {
        "id": "TEST-ORG",
        "name": "第１测试委员会",
        "aliases": [],
        "kind": "institution",
        "en": "t",
        "source": "test",
    }
    errors, _ = _check_module().check(
        _write_kb(tmp_path, {"persons.jsonl": [person], "organisations.jsonl": [organ]})
    )
    assert any("per-test" in error and "source" in error for error in errors)
    assert any("第１测试委员会" in error and "traditional" in error for error in errors)


def test_check_refuses_a_form_two_entries_share(tmp_path):
    twin = {
        "id": "per-twin",
        "name": "弗拉基米尔·普京",
        "aliases": [],
        "kind": "person",
        "en": "t",
        "source": "test",
    }
    errors, _ = _check_module().check(_write_kb(tmp_path, {"persons.jsonl": [twin]}))
    assert any("弗拉基米尔·普京" in error and "used by" in error for error in errors)


def test_every_curated_entry_says_where_it_comes_from():
    for name in (
        "organisations.jsonl",
        "initiatives.jsonl",
        "locations.jsonl",
        "documents.jsonl",
        "persons.jsonl",
    ):
        assert all(row.get("source", "").strip() for row in _load(name)), name


@pytest.mark.parametrize(
    ("parties", "expected"),
    [(["CHN", "PAK"], "CSF-PAK"), (["CHN", "BRA"], "CSF-BRA"), (["CHN", "PAN"], "CSF-PAN"), ([], "CSF-PAK")],
)
def test_a_bilateral_name_resolves_against_the_parties(parties, expected):
    from communique.kb import load_kb

    assert load_kb().resolve_bilateral("CSF-PAK", "中巴命运共同体", parties) == expected


def test_a_bilateral_name_of_another_partner_gets_no_id():
    from communique.kb import load_kb

    # 中巴经济走廊 is Pakistan's corridor: in a China–Brazil statement it is no known corridor
    assert load_kb().resolve_bilateral("CPEC", "中巴经济走廊", ["CHN", "BRA"]) == ""
    assert load_kb().resolve_bilateral("CPEC", "中巴经济走廊", ["CHN", "PAK"]) == "CPEC"


def test_bilateral_ids_in_records(extractor):
    brazil = extractor.extract_text(
        "中华人民共和国和巴西联邦共和国联合声明\n\n双方同意构建中巴命运共同体。\n"
    )
    norms = [e["norm"] for e in brazil["entities"] if e["text"] == "中巴命运共同体"]
    assert norms == [{"id": "CSF-BRA", "name": "中巴命运共同体"}]


def test_state_organs_are_generated_from_their_table():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "training" / "build_kb_organs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    organs = {r["id"]: r for r in _load("organisations.jsonl") if "organ" in r}
    assert organs["USA-MFA"]["name"] == "美国国务院"
    assert organs["GBR-MFA"]["state"] == "GBR"
    # a ministry in both forms: short name and formal name + 外交部
    assert {"乌兹别克斯坦外交部", "乌兹别克斯坦共和国外交部"} <= {
        organs["UZB-MFA"]["name"],
        *organs["UZB-MFA"]["aliases"],
    }
    assert organs["CHE-CS"]["organ"] == "chamber" and organs["CHE-FA"]["organ"] == "legislature"
    governments = {
        r["state"]: r for r in _load("organisations.jsonl") if r["id"].endswith("-GOV") and "state" in r
    }
    assert governments["JPN"]["head_of_state_title"] == "天皇"
    assert governments["GBR"]["head_of_government_title"] == "首相"


def _organ_row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(("state", "organ", "id", "words", "formal", "forms", "en", "source"), "")
    row.update(cells)
    return row


def test_the_organ_table_refuses_a_name_that_is_no_state():
    from communique.training.build_kb_organs import build

    row = _organ_row(
        state="大洋国", organ="ministry", id="MFA", words="外交部", formal="yes", en="t", source="t"
    )
    with pytest.raises(SystemExit, match=r"state_organs.tsv:7: '大洋国' is not a state"):
        build([(7, row)], KB)


def test_the_organ_table_refuses_a_title_given_twice_and_an_unknown_organ():
    from communique.training.build_kb_organs import build

    rows = [
        (3, _organ_row(state="日本", organ="head_of_state", words="天皇", source="t")),
        (4, _organ_row(state="日本", organ="head_of_state", words="国王", source="t")),
        (
            5,
            _organ_row(
                state="日本", organ="embassy", id="EMB", words="大使馆", formal="no", en="t", source="t"
            ),
        ),
    ]
    with pytest.raises(SystemExit) as refused:
        build(rows, KB)
    assert ":4 (日本): head_of_state given twice" in str(refused.value)
    assert ":5: organ 'embassy'" in str(refused.value)


def test_organ_forms_are_composed_from_the_state_names():
    from communique.training.build_kb_organs import build

    row = _organ_row(
        state="俄罗斯",
        organ="chamber",
        id="X",
        words="国家杜马",
        formal="no",
        forms="国家杜马",
        en="t",
        source="t",
    )
    (record,), _ = build([(1, row)], KB)
    assert (record["id"], record["name"], record["aliases"]) == ("RUS-X", "俄罗斯国家杜马", ["国家杜马"])
    row = _organ_row(
        state="白俄罗斯", organ="legislature", id="X", words="国民会议", formal="yes", en="t", source="t"
    )
    (record,), _ = build([(1, row)], KB)
    assert record["aliases"] == ["白俄罗斯共和国国民会议"]


@pytest.fixture(scope="module")
def rules_extractor():
    """The rule pipeline built from the source tree's knowledge base (the saved model carries an older copy)."""
    from communique.extract import Extractor
    from communique.training.package_rules import build_rules_pipeline

    return Extractor(nlp=build_rules_pipeline(segmenter=ROOT / "models" / "segmenter"))


def _named(record: dict, label: str) -> list[tuple[str, str]]:
    """The entities of one label with the knowledge-base id each got ("" where none)."""
    return [(e["text"], (e["norm"] or {}).get("id", "")) for e in record["entities"] if e["label"] == label]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a Russian krai, an autonomous oblast and a republic, each with its id
        (
            "双方同意加强黑龙江省同哈巴罗夫斯克边疆区、犹太自治州和布里亚特共和国的地方合作。",
            [
                ("黑龙江省", "loc-heilongjiang"),
                ("哈巴罗夫斯克边疆区", "loc-rus-khabarovsk-krai"),
                ("犹太自治州", "loc-rus-jewish-autonomous-oblast"),
                ("布里亚特共和国", "loc-rus-buryatia"),
            ],
        ),
        # a Canadian province in simplified script, and in traditional script under its Hong Kong name
        (
            "加方欢迎中国企业在不列颠哥伦比亚省设立分支机构。",
            [("不列颠哥伦比亚省", "loc-can-british-columbia")],
        ),
        ("加方歡迎中國企業在卑詩省設立分支機構。", [("卑詩省", "loc-can-british-columbia")]),
        (
            "雙方同意支持魁北克省同廣東省開展地方合作。",
            [("魁北克省", "loc-can-quebec"), ("廣東省", "loc-guangdong")],
        ),
        # a Chinese city after its province is one place (the pattern ruler joins them), with or without 市
        (
            "双方支持江西省景德镇市与意大利托斯卡纳大区开展陶瓷文化交流。",
            [("江西省景德镇市", ""), ("托斯卡纳大区", "loc-ita-tuscany")],
        ),
        ("双方同意在吉林省珲春市和河北省沧州举办经贸洽谈会。", [("吉林省珲春市", ""), ("河北省沧州", "")]),
        (
            "双方欢迎在大湄公河次区域合作框架下推进互联互通。",
            [("大湄公河次区域", "loc-greater-mekong-subregion")],
        ),
        # ordinary words left out of the knowledge base stay no place
        ("冬季日照时间较短，两国青年将在中山大学交流。", []),
        ("双方愿为世界大同和长治久安作出贡献，祝愿两国人民安康。", []),
    ],
)
def test_provinces_and_cities_are_places(rules_extractor, text, places):
    assert _named(rules_extractor.extract_text(text), "LOC") == places


def test_the_provinces_of_partner_states_name_their_state():
    locations = _load("locations.jsonl")
    states = {r["id"] for r in _load("states.jsonl")}
    # China's own provinces (and Taiwan, Hong Kong, Macao) carry no state; every other province does
    provinces = [r for r in locations if r["kind"] == "province" and "state" in r]
    assert len(provinces) > 300
    assert all(r["state"] in states and r["state"] != "CHN" for r in provinces)
    by_name = {r["name"]: r for r in locations}
    assert by_name["滨海边疆区"]["state"] == "RUS"
    assert by_name["瓦隆大区"]["state"] == "BEL"
    assert by_name["沧州"]["state"] == "CHN" and "沧州市" in by_name["沧州"]["aliases"]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # foreign universities under their mainland names, and in traditional script under their Hong Kong names
        (
            "双方鼓励复旦大学同不列颠哥伦比亚大学、麦吉尔大学和苏黎世联邦理工学院开展联合研究。",
            [
                ("复旦大学", "UNI-FDU"),
                ("不列颠哥伦比亚大学", "UNI-CA-UBC"),
                ("麦吉尔大学", "UNI-CA-MCGILL"),
                ("苏黎世联邦理工学院", "UNI-CH-ETHZ"),
            ],
        ),
        (
            "雙方鼓勵復旦大學同卑詩大學、麥基爾大學和劍橋大學開展聯合研究。",
            [
                ("復旦大學", "UNI-FDU"),
                ("卑詩大學", "UNI-CA-UBC"),
                ("麥基爾大學", "UNI-CA-MCGILL"),
                ("劍橋大學", "UNI-GB-CAMBRIDGE"),
            ],
        ),
        # a research body and a Chinese-foreign university that holds a listed name inside its own
        (
            "双方支持马克斯·普朗克学会同深圳北理莫斯科大学开展学术交流。",
            [("马克斯·普朗克学会", "UNI-DE-MPG"), ("深圳北理莫斯科大学", "UNI-CN-SMBU")],
        ),
        # a foreign company under its full name and under the short name statements use
        (
            "双方欢迎中国石油化工集团有限公司同沙特阿拉伯国家石油公司扩大炼化合作。",
            [("中国石油化工集团有限公司", "CO-SINOPEC"), ("沙特阿拉伯国家石油公司", "CO-SA-ARAMCO")],
        ),
        (
            "双方欢迎沙特阿美和浦项制铁在华扩大投资。",
            [("沙特阿美", "CO-SA-ARAMCO"), ("浦项制铁", "CO-KR-POSCO")],
        ),
        # ordinary phrases that hold the characters of a listed name or of a short form left out stay no name
        ("双方将努力拓展合作领域，推进中德铁路运输和通用电气设备标准对接。", []),
    ],
)
def test_foreign_universities_and_companies_are_organisations(rules_extractor, text, orgs):
    assert _named(rules_extractor.extract_text(text), "ORG") == orgs
