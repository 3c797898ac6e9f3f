"""Pattern ruler: names the knowledge base cannot list, recognised by the shapes statements give them.

One small matcher per family, in ``components/patterns/``; this component builds them from its config, runs them
and places their matches on the Doc:

- titles: 《…》 → DOC (INITIATIVE for an 倡议), quoted titles, the heading, “…”倡议, named principles, 中X命运共同体;
- institutions: a state or place + institution word (巴西政府, 爱尔兰农业、食品和海洋部, 卡拉奇大学孔子学院);
- mechanisms: China–partner prefix + mechanism head (中乌政府间合作委员会, 中坦经贸联委会, 中国－拉共体外长对话);
- events: 第N届/第N次 …, organisation + 第N次会议, 举办 … 论坛, organisation + city + 峰会, themed years;
- persons: names after titles and transliterated names with ·, •, －, — or -;
- places: a place found + 地区, a port or a venue (南高加索地区, 巴库国际海港, 尼雷尔国际会议中心), X至Y段;
- projects: a transliterated name or China–partner prefix + infrastructure head (曼维莱水电站, 中马友谊大桥);
- dates and money amounts (their values are set later by the normaliser).

The ruler owns the currency table in a saved pipeline (``currencies.json``, ``communique.normalise.Currencies``): it
finds MONEY by the currency names, and the normaliser reads the codes from this same table (rather than a second
copy), so that every amount found is one that can be read.
"""

from pathlib import Path

import srsly
from communique.components.patterns.common import Match, bracketed_suffixes, compound_prefix, outermost
from communique.components.patterns.events import EventMatcher
from communique.components.patterns.institutions import InstitutionMatcher
from communique.components.patterns.mechanisms import MechanismMatcher
from communique.components.patterns.numbers import NumberMatcher
from communique.components.patterns.persons import PersonMatcher, bundled_surnames, transliteration_alphabet
from communique.components.patterns.places import PlaceMatcher
from communique.components.patterns.projects import ProjectMatcher
from communique.components.patterns.titles import TitleMatcher
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb
from communique.normalise import Currencies, bundled_currencies
from communique.spans import add_entities, doc_text, ensure_boundaries, make_spans
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc


class PatternRuler:
    def __init__(
        self,
        name: str,
        *,
        kb_dir: str | None,
        initiative_heads: list[str],
        document_heads: list[str],
        org_heads: list[str],
        dialogue_heads: list[str],
        clause_words: list[str],
        event_heads: list[str],
        event_verbs: list[str],
        summit_heads: list[str],
        themed_year_heads: list[str],
        state_org_suffixes: list[str],
        ministry_heads: list[str],
        person_titles: list[str],
        institution_heads: dict[str, list[str]],
        clause_verbs: list[str],
        place_heads: dict[str, list[str]],
        project_heads: list[str],
        games_heads: list[str],
        standing_cues: list[str],
    ) -> None:
        register_extensions()
        self.name = name
        self.kb_dir = kb_dir
        self.settings = {
            "initiative_heads": initiative_heads,
            "document_heads": document_heads,
            "org_heads": org_heads,
            "dialogue_heads": dialogue_heads,
            "clause_words": clause_words,
            "event_heads": event_heads,
            "event_verbs": event_verbs,
            "summit_heads": summit_heads,
            "themed_year_heads": themed_year_heads,
            "state_org_suffixes": state_org_suffixes,
            "ministry_heads": ministry_heads,
            "person_titles": person_titles,
            "institution_heads": institution_heads,
            "clause_verbs": clause_verbs,
            "place_heads": place_heads,
            "project_heads": project_heads,
            "games_heads": games_heads,
            "standing_cues": standing_cues,
        }
        # the families need the states' one-character abbreviations (乌方 → 乌) and the transliteration alphabet,
        # read from the knowledge base and lexicons at `initialize` (or first use), or by `from_disk` from a saved
        # pipeline: `spacy.load` never reads the source tree
        self.abbreviations: list[str] | None = None
        self.alphabet: str | None = None
        self.surnames: list[str] | None = None
        self.currencies: Currencies | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """The abbreviations read off the designators of the knowledge base in ``kb_dir``, the transliteration
        alphabet with the characters of its persons' transliterated names, and the bundled currency table."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        abbreviations = {
            form[0]
            for form, (label, _) in kb.forms.items()
            if label == "STATE" and len(form) == 2 and form.endswith("方")
        }
        # and a group's (欧方 → 欧: 中欧人权对话, 非方 → 非: 中非合作论坛)
        abbreviations.update(form[0] for form in kb.group_subjects if len(form) == 2 and form.endswith("方"))
        # the names written with a dot are the transliterated ones: the characters of Chinese, Korean or Japanese
        # names (李先念, 文在寅) are no letters of the alphabet (纪念|萨尔瓦多·阿连德)
        known_people = [
            entry.name for entry in kb.entries.values() if entry.label == "PERSON" and "·" in entry.name
        ]
        alphabet = "".join(sorted(transliteration_alphabet(known_people)))
        self.set_data(sorted(abbreviations), alphabet, bundled_surnames(), bundled_currencies())

    def set_data(
        self, abbreviations: list[str], alphabet: str, surnames: list[str], currencies: Currencies
    ) -> None:
        self.abbreviations, self.alphabet, self.surnames = list(abbreviations), alphabet, list(surnames)
        self.currencies = currencies
        self._build(self.abbreviations, self.alphabet, self.surnames)

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.abbreviations is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "abbreviations.json", self.abbreviations)
        srsly.write_json(path / "alphabet.json", self.alphabet)
        srsly.write_json(path / "surnames.json", self.surnames)
        srsly.write_json(path / "currencies.json", self.currencies.names)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "PatternRuler":
        path = Path(path)
        self.set_data(
            srsly.read_json(path / "abbreviations.json"),
            srsly.read_json(path / "alphabet.json"),
            srsly.read_json(path / "surnames.json"),
            Currencies(srsly.read_json(path / "currencies.json")),
        )
        return self

    def _build(self, abbreviations: list[str], alphabet: str, surnames: list[str]) -> None:
        """One matcher per family, from the component's settings and the data read at initialize or from disk."""
        settings = self.settings
        compound = compound_prefix(abbreviations)
        self.titles = TitleMatcher(
            compound=compound,
            initiative_heads=settings["initiative_heads"],
            document_heads=settings["document_heads"],
            clause_words=settings["clause_words"],
        )
        institution_heads = dict(settings["institution_heads"])
        institution_heads["INITIATIVE"] = [
            *institution_heads.get("INITIATIVE", []),
            *settings["project_heads"],
        ]
        self.institutions = InstitutionMatcher(
            state_org_suffixes=settings["state_org_suffixes"],
            institution_heads=institution_heads,
            clause_verbs=settings["clause_verbs"],
            ministry_heads=settings["ministry_heads"],
            compound=compound,
        )
        self.mechanisms = MechanismMatcher(
            compound=compound,
            org_heads=settings["org_heads"],
            dialogue_heads=settings["dialogue_heads"],
            clause_words=settings["clause_words"],
        )
        self.events = EventMatcher(
            compound=compound,
            event_heads=settings["event_heads"],
            event_verbs=settings["event_verbs"],
            summit_heads=settings["summit_heads"],
            themed_year_heads=settings["themed_year_heads"],
            games_heads=settings["games_heads"],
            standing_cues=settings["standing_cues"],
        )
        self.places = PlaceMatcher(
            place_heads=settings["place_heads"],
            alphabet=frozenset(alphabet),
            clause_verbs=settings["clause_verbs"],
            route_heads=settings["project_heads"],
        )
        self.projects = ProjectMatcher(
            project_heads=settings["project_heads"],
            alphabet=frozenset(alphabet),
            compound=compound,
            clause_verbs=settings["clause_verbs"],
            clause_words=settings["clause_words"],
        )
        self.persons = PersonMatcher(
            person_titles=settings["person_titles"], alphabet=frozenset(alphabet), surnames=surnames
        )
        self.numbers = NumberMatcher(self.currencies)

    def find(
        self, text: str, named: list[tuple[int, int]], taken: list[tuple[int, int]] | None = None
    ) -> list[Match]:
        """Every family's matches on the text; ``named`` (ORG/DOC/EVENT spans so far) grows by the mechanisms, so
        that 中乌政府间合作委员会第七次会议 is one EVENT."""
        matches = list(self.titles.find(text))
        mechanisms = list(self.mechanisms.find(text))
        named.extend((start, end) for start, end, _, _ in mechanisms)
        matches.extend(mechanisms)
        matches.extend(self.events.find(text, named))
        matches.extend(self.persons.find(text, taken or []))
        matches.extend(self.numbers.find(text))
        return matches

    def __call__(self, doc: Doc) -> Doc:
        if self.abbreviations is None:
            self.initialize()
        text = doc_text(doc)
        ents = list(doc.ents)  # once: ``Doc.ents`` builds every span anew on each access
        named = [(ent.start_char, ent.end_char) for ent in ents if ent.label_ in ("ORG", "DOC", "EVENT")]
        word_starts = set(doc.to_array(IDX).tolist())  # one array: Token objects cost more than the lookups
        matches = list(self.institutions.find(ents, text, word_starts))
        bodies = {(ent.start_char, ent.end_char) for ent in ents if ent.label_ == "ORG"}
        bodies.update((start, end) for start, end, label, _ in matches if label == "ORG")
        matches.extend(self.titles.agreements(outermost(bodies), text))
        matches.extend(self.events.summits(ents, text))
        named.extend((start, end) for start, end, _, _ in matches)
        taken = [(ent.start_char, ent.end_char) for ent in ents if ent.label_ != "PERSON"]
        found = self.find(text, named, taken)
        matches.extend(found)
        persons = [match for match in found if match[2] == "PERSON"]
        places = list(self.places.find(ents, text, persons, word_starts))
        known = [(ent.start_char, ent.end_char) for ent in ents if ent.label_ in ("STATE", "LOC")]
        # projects before places: a list member that is a whole project (本格拉铁路、罗安达铁路) stays a project
        matches.extend(
            self.projects.find(
                text,
                known + [(start, end) for start, end, _, _ in places],
                word_starts,
                named=[(ent.start_char, ent.end_char) for ent in ents],
            )
        )
        matches.extend(places)
        documents = [(ent.start_char, ent.end_char) for ent in ents if ent.label_ == "DOC"]
        documents.extend((start, end) for start, end, label, _ in matches if label == "DOC")
        matches.extend(self.titles.instruments(documents, text))
        doc, spans = make_spans(doc, matches)
        add_entities(doc, spans)
        entities = list(doc.ents)
        doc, spans = make_spans(
            doc,
            [
                *self.events.joined(entities, text),
                *self.events.organising_committees(entities, text),
                *bracketed_suffixes(entities, text),
            ],
        )
        add_entities(doc, spans)
        return self.share_regions(doc, text)

    def share_regions(self, doc: Doc, text: str) -> Doc:
        """The places that share one 地区 (中东和北非地区), each without it, whoever found them with it (the knowledge
        base lists 北非地区; the places family extends a place by 地区)."""
        shared = self.places.shared_regions(list(doc.ents), text)
        if not shared:
            return doc
        doc = ensure_boundaries(doc, [end for _, end in shared.values()])
        entities = []
        for ent in doc.ents:
            trimmed = shared.get((ent.start_char, ent.end_char))
            entities.append(doc.char_span(*trimmed, label=ent.label_, kb_id=ent.kb_id_) if trimmed else ent)
        doc.ents = entities
        return doc


@Language.factory(
    "communique_pattern_ruler",
    default_config={
        "kb_dir": None,
        "initiative_heads": [
            "倡议",
            "战略",
            "计划",
            "项目",
            "走廊",
            "构想",
            "愿景",
            "政策",
            "议程",
            "规划",
            "原则",
            "精神",
        ],
        "document_heads": [
            "决议",
            "协定",
            "协议",
            "宣言",
            "公约",
            "条约",
            "宪章",
            "声明",
            "纪要",
            "备忘录",
            "规划",
            "纲要",
        ],
        "org_heads": [
            "政府间合作委员会",
            "委员会",
            "分委会",
            "工作组",
            "联委会",
            "混委会",
            "高委会",
            "联合小组",
            "工作小组",
            "小组",
            "对话机制",
            "合作机制",
            "机制",
            "理事会",
            "联合会",
            "商会",
            "联盟",
            "中心",
            "研究院",
            "联合实验室",
            "秘书处",
        ],
        "dialogue_heads": [
            "战略对话",
            "外长对话",
            "部长级对话",
            "对话会",
            "对话机制",
            "对话",
            "磋商机制",
            "磋商",
        ],
        "clause_words": [
            "加强",
            "开展",
            "进行",
            "保持",
            "举行",
            "深化",
            "通过",
            "推动",
            "继续",
            "建立",
            "开启",
            "两国",
            "双方",
            "各方",
            "关系",
            "以及",
        ],
        "event_heads": [
            "高峰论坛",
            "论坛",
            "峰会",
            "博览会",
            "展览会",
            "外长会",
            "部长级会议",
            "会议",
            "大会",
            "展览",
            "展会",
            "年会",
            "运动会",
            "世博会",
            "文化节",
            "艺术节",
            "电影节",
            "音乐节",
            "足球赛",
            "锦标赛",
            "文化周",
            "洽谈会",
            "座谈会",
            "圆桌会",
            "”展",
        ],
        "event_verbs": ["举办", "举行", "召开", "主办", "出席", "参加", "互办"],
        "summit_heads": ["峰会", "首脑会议", "元首理事会会议", "外长理事会会议", "领导人会议", "部长级会议"],
        "themed_year_heads": [
            "文化年",
            "旅游年",
            "人文交流年",
            "交流年",
            "友好年",
            "合作年",
            "语言年",
            "国家年",
            "创新年",
            "体育年",
            "媒体年",
        ],
        "state_org_suffixes": [
            "政府",
            "中央银行",
            "国家银行",
            "议会",
            "国民议会",
            "国会",
            "外交部",
            "商务部",
            "最高会议",
            "共产党",
            "人民代表大会",
            "全国人民代表大会",
            "联邦委员会",
            "国家杜马",
            "大国民议会",
            "最高议会",
            "人民协商会议",
            "国民大会",
            "参议院",
            "众议院",
            "财政部",
            "国防部",
            "民航总局",
            "海关总署",
            "联合政府",
            "临时政府",
            "国民代表大会",
            "军队",
            "武装部队",
            "人民议院",
            "联邦议会",
            "立法议会",
            "人民院",
            "联邦院",
            "国民院",
            "部长会议",
            "国务委员会",
            "联邦执行委员会",
            "主席团",
            "海军",
            "空军",
            "陆军",
            "海警局",
            "海岸警卫队",
            "海岸防卫队",
            "国家海洋局",
        ],
        "ministry_heads": ["部", "委员会", "总局", "署"],
        "person_titles": [
            "国家主席",
            "主席",
            "总统",
            "总理",
            "国王",
            "王储",
            "首相",
            "外长",
            "副总统",
            "埃米尔",
            "苏丹",
            "委员长",
            "秘书长",
            "国务委员",
            "外交部长",
            "副主席",
            "副总理",
            "议长",
            "国会主席",
            "总书记",
            "主任",
            "部长",
        ],
        "institution_heads": {
            "ORG": [
                "集团有限公司",
                "股份有限公司",
                "有限责任公司",
                "有限公司",
                "石油公司",
                "公司",
                "集团",
                "银行",
                "海关",
                "民用航空局",
                "大学孔子学院",
                "孔子学院",
                "大学鲁班工坊",
                "大学",
                "分校",
                "科学基金会",
                "基金会",
                "科学院",
                "研究院",
                "研究理事会",
                "党",
                "研究所",
                "研究中心",
                "技术示范中心",
                "文化中心",
                "防控中心",
                "控制中心",
                "学院",
                "医院",
                "学校",
                "管理局",
                "促进局",
                "税务局",
                "海事局",
                "渔业局",
                "知识产权局",
                "旅游局",
                "办公室",
                "通讯社",
                "交易所",
                "分行",
                "乐团",
                "实验室",
                "解放运动",
                "联盟",
                "协会",
                "文化协会",
                "联合会",
                "剧团",
                "广播电台",
                "电台",
                "国防军",
                "国家警察",
                "医疗队",
            ],
            # festivals, themed years and games named after one or two places: 中国爱尔兰文化节, 北京冬奥会
            "EVENT": [
                "博览会",
                "交易会",
                "洽谈会",
                "展览会",
                "文化节",
                "艺术节",
                "电影节",
                "音乐节",
                "文化周",
                "文化年",
                "旅游年",
                "文化和旅游年",
                "冬奥会",
                "奥运会",
                "奥运会和残奥会",
                "冬奥会和冬残奥会",
                "青年奥运会",
                "亚运会",
                "世博会",
                "回合",
            ],
            # and every head of ``project_heads`` (卡拉奇环城铁路项目, 莫桑比克贝拉经济特区)
            "INITIATIVE": ["项目", "工程"],
            # agreements named after a state or place (伊朗核问题全面协议, 明斯克协议)
            "DOC": ["协议", "协定"],
        },
        # named infrastructure and zones: after a place (institutions), a transliterated name or a China–partner
        # prefix (projects)
        "project_heads": [
            "高速铁路",
            "铁路",
            "快速路",
            "高速公路",
            "公路",
            "跨海大桥",
            "公路大桥",
            "铁路桥",
            "大桥",
            "水电站",
            "光伏电站",
            "核电站",
            "太阳能电站",
            "电站",
            "电厂",
            "热电厂",
            "核电厂",
            "海水淡化厂",
            "隧道",
            "太阳能公园",
            "输电线路",
            "输变电线路",
            "天然气管道",
            "石油管道",
            "输油管道",
            "油气管道",
            "水渠",
            "运河",
            "大坝",
            "灌溉工程",
            "经济特区",
            "综合开发区",
            "开发区",
            "经济区",
            "合作区",
            "经济合作区",
            "自由贸易区",
            "自由工业区",
            "自由区",
            "工业区",
            "工业园区",
            "工业园",
            "工业合作园",
            "产业园区",
            "产业园",
            "农业园",
            "生态城",
            "知识城",
            "新城",
            "核电项目",
            "炼油厂",
            "纺织厂",
            "体育场",
            "友谊医院",
            "友好医院",
            "友谊学校",
            "友好学校",
        ],
        "clause_verbs": [
            "支持",
            "参加",
            "参与",
            "欢迎",
            "感谢",
            "推动",
            "开展",
            "出席",
            "访问",
            "加强",
            "建设",
            "实施",
            "办好",
            "举办",
            "主办",
            "设立",
            "成立",
            "开设",
            "开办",
            "创办",
            "加入",
            "担任",
            "接任",
            "申办",
            "评价",
            "加快",
            "推进",
            "提升",
            "提高",
            "利用",
            "铺设",
            "签署",
            "签订",
            "修建",
            "援建",
            "筹建",
            "派遣",
            "派出",
            "提供",
        ],
        "place_heads": {
            "region": ["地区"],
            "port": ["国际海港", "深水港", "海港", "港"],
            "venue": ["国际会议中心", "国际会展中心"],
            "geographic": [
                "边疆区",
                "国际机场",
                "山脉",
                "油气田",
                "油田",
                "气田",
                "群岛",
                "港",
                "省",
                "州",
                "河",
                "湖",
                "湾",
                "岛",
            ],
        },
        "games_heads": [
            "世界博览会",
            "世博会",
            "冬奥会",
            "奥运会",
            "青年奥运会",
            "亚运会",
            "冬季奥运会",
            "奥林匹克运动会",
            "冬季奥林匹克运动会",
            "奥运会和残奥会",
            "冬奥会和冬残奥会",
            "亚洲运动会",
            "锦标赛",
            "世界杯足球赛",
            "世界杯",
        ],
        # what follows a forum that the text treats as a standing framework, not a meeting held (ORG, not EVENT)
        "standing_cues": ["框架", "等平台", "等框架", "等多边", "定期", "成员", "机制"],
    },
)
def make_pattern_ruler(
    nlp: Language,
    name: str,
    kb_dir: str | None,
    initiative_heads: list[str],
    document_heads: list[str],
    org_heads: list[str],
    dialogue_heads: list[str],
    clause_words: list[str],
    event_heads: list[str],
    event_verbs: list[str],
    summit_heads: list[str],
    themed_year_heads: list[str],
    state_org_suffixes: list[str],
    ministry_heads: list[str],
    person_titles: list[str],
    institution_heads: dict[str, list[str]],
    clause_verbs: list[str],
    place_heads: dict[str, list[str]],
    project_heads: list[str],
    games_heads: list[str],
    standing_cues: list[str],
) -> PatternRuler:
    return PatternRuler(
        name,
        kb_dir=kb_dir,
        initiative_heads=initiative_heads,
        document_heads=document_heads,
        org_heads=org_heads,
        dialogue_heads=dialogue_heads,
        clause_words=clause_words,
        event_heads=event_heads,
        event_verbs=event_verbs,
        summit_heads=summit_heads,
        themed_year_heads=themed_year_heads,
        state_org_suffixes=state_org_suffixes,
        ministry_heads=ministry_heads,
        person_titles=person_titles,
        institution_heads=institution_heads,
        clause_verbs=clause_verbs,
        place_heads=place_heads,
        project_heads=project_heads,
        games_heads=games_heads,
        standing_cues=standing_cues,
    )
