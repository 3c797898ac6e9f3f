"""Pattern ruler: names the knowledge base cannot list, recognised by the shapes statements give them.

- 《…》 titles → DOC (INITIATIVE when the title ends in 倡议); quoted titles ending in 决议/协定/宣言… → DOC.
- “…” + 倡议/战略/计划/项目/走廊/构想/愿景 → INITIATIVE (quotes kept, as the guidelines say).
- 第N届/第N次 … 论坛/会议/峰会, an organisation + 第N次会议, and what follows 举办/举行 … 论坛/峰会/博览会 → EVENT;
  宣布2024年为…年 → EVENT (a themed year).
- China–partner compounds (中乌…委员会/工作组/机制, 中乌…论坛, 中乌命运共同体) → ORG / EVENT / INITIATIVE.
- Titles followed by a name (主席习近平) and names with · → PERSON, then every other mention of those names.
- Dates and money amounts (their values are set later by the normaliser).
"""

import re
from collections.abc import Iterator
from pathlib import Path

import srsly
from communique.extensions import register_extensions
from communique.kb import DEFAULT_KB_DIR, load_kb
from communique.normalise import DATE_PATTERN, money_pattern
from communique.spans import add_entities, make_spans
from spacy.language import Language
from spacy.tokens import Doc

Match = tuple[int, int, str, str]
ORDINAL = r"(?:第[0-9一二三四五六七八九十百]+|首)"
NAME_CHARS = r"[\u4e00-\u9fff0-9A-Za-z“”‘’－—\-·]"
# characters that end a name: particles, conjunctions, prepositions and common verbs between names
STOP_CHARS = "的和与及同在对向为是将把由等并也已于举"
NAME_CHAR = "(?:(?![" + STOP_CHARS + "])[\u4e00-\u9fff])"


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


class PatternRuler:
    def __init__(
        self,
        name: str,
        *,
        kb_dir: str | None,
        initiative_heads: list[str],
        document_heads: list[str],
        org_heads: list[str],
        event_heads: list[str],
        event_verbs: list[str],
        state_org_suffixes: list[str],
        person_titles: list[str],
        institution_heads: dict[str, list[str]],
        clause_verbs: list[str],
    ) -> None:
        register_extensions()
        self.name = name
        self.kb_dir = kb_dir
        self.settings = {
            "initiative_heads": initiative_heads,
            "document_heads": document_heads,
            "org_heads": org_heads,
            "event_heads": event_heads,
            "event_verbs": event_verbs,
            "state_org_suffixes": state_org_suffixes,
            "person_titles": person_titles,
            "institution_heads": institution_heads,
            "clause_verbs": clause_verbs,
        }
        # the patterns need the states' one-character abbreviations (乌方 → 乌), read from the knowledge base at
        # `initialize` (or first use), or by `from_disk` from a saved pipeline
        self.abbreviations: list[str] | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """The abbreviations read off the designators of the knowledge base in ``kb_dir``."""
        kb = load_kb(self.kb_dir or DEFAULT_KB_DIR)
        self.set_abbreviations(
            sorted(
                {
                    form[0]
                    for form, (label, _) in kb.forms.items()
                    if label == "STATE" and len(form) == 2 and form.endswith("方")
                }
            )
        )

    def set_abbreviations(self, abbreviations: list[str]) -> None:
        self.abbreviations = list(abbreviations)
        self._compile(self.abbreviations, **self.settings)

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        if self.abbreviations is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "abbreviations.json", self.abbreviations)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> "PatternRuler":
        saved = Path(path) / "abbreviations.json"
        if (
            saved.exists()
        ):  # pipelines saved before this carry none: read from the knowledge base at first use
            self.set_abbreviations(srsly.read_json(saved))
        return self

    def _compile(
        self,
        abbreviations: list[str],
        *,
        initiative_heads: list[str],
        document_heads: list[str],
        org_heads: list[str],
        event_heads: list[str],
        event_verbs: list[str],
        state_org_suffixes: list[str],
        person_titles: list[str],
        institution_heads: dict[str, list[str]],
        clause_verbs: list[str],
    ) -> None:
        compound = "(?:中国[－—-][\u4e00-\u9fff]{2,4}?|中[" + "".join(abbreviations) + "]{1,3})"
        self.title = re.compile(r"《([^《》\n]{2,120})》")
        heads = _alternation(initiative_heads)
        # “新乌兹别克斯坦”发展战略: the quotes stay inside; “撒马尔罕团结倡议－…”: the quotes wrap the name
        self.quoted_initiative = re.compile(r"“[^“”\n]{2,30}”" + NAME_CHAR + "{0,2}?" + heads)
        self.quoted_named_initiative = re.compile(r"“([^“”\n]{0,20}" + heads + r"[^“”\n]{0,30})”")
        self.quoted_document = re.compile(r"“([^“”\n]{2,80}?" + _alternation(document_heads) + ")”")
        self.ordinal_event = re.compile(
            ORDINAL + r"(?:、" + ORDINAL + r")*[届次][^，。；、：\n]{0,30}?" + _alternation(event_heads)
        )
        # …委员会第七次会议, 二十国集团领导人第十九次峰会: the preceding organisation opens the EVENT
        self.ordinal_meeting = re.compile(
            r"(?:领导人|外长|部长级)?"
            + ORDINAL
            + r"[次届][\u4e00-\u9fff]{0,6}?"
            + _alternation([*event_heads, "会晤"])
        )
        self.verb_event = re.compile(
            _alternation(event_verbs)
            + r"了?的?("
            + compound
            + NAME_CHARS
            + r"{0,30}"
            + _alternation(event_heads)
            + r"|"
            + r"[\u4e00-\u9fff]{2,6}国际"
            + NAME_CHARS
            + r"{0,20}?"
            + _alternation(event_heads)
            + ")"
        )
        self.themed_year = re.compile(
            r"(?:\d{4}年|[该今明]年)(?:定为|确定为|为)“?([\u4e00-\u9fff]{2,14}?年)”?(?=[，。；、]|$)"
        )
        self.compound_org = re.compile(compound + NAME_CHARS + r"{0,14}?" + _alternation(org_heads))
        self.compound_event = re.compile(compound + r"[\u4e00-\u9fff]{0,10}?" + _alternation(event_heads[:4]))
        self.community = re.compile(
            r"(?:"
            + compound
            + r"|人类|中国－[\u4e00-\u9fff]{2,4}|中国—[\u4e00-\u9fff]{2,4})"
            + r"[\u4e00-\u9fff]{0,6}?命运共同体"
        )
        # 乌兹别克斯坦共和国总统米尔济约耶夫邀请…: a name right after a state's head-of-state title
        self.person_after_title = re.compile(
            r"(?:[国方院会和、及兼]|^)"
            + _alternation(person_titles)
            + r"(?!邀请|会见|感谢|出席|举行|访问)([\u4e00-\u9fff·]{2,24}?)"
            r"(?=邀请|于|对(?!话)|，|、|感谢|和|同|与|举行|进行|出席|表示|会见|会谈|访问|主持|共同|也|分别|在|\s|$)"
        )
        # from the start of a run of characters only, each part taken whole: a match from inside the run would end
        # where the one from its start ends, and trying every position made long runs quadratic
        self.dotted_name = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]++(?:·[\u4e00-\u9fff]++)+")
        self.name_edge = re.compile(
            _alternation([*person_titles, *STOP_CHARS, "邀请", "会见", "感谢", "出席"])
        )
        self.person_titles = tuple(person_titles)
        # 阿联酋中央银行, 巴西政府: a state name directly followed by an institution word is one ORG
        self.state_org_suffix = re.compile(_alternation(state_org_suffixes))
        self.institution_labels = {
            head: label for label, heads in institution_heads.items() for head in heads
        }
        # the name between the place and the institution word has no verb of the sentence in it (巴基斯坦支持中国银行)
        self.institution = re.compile(
            "(?:(?!" + _alternation(clause_verbs) + ")(?:" + NAME_CHAR + "|[0-9－—-])){0,12}"
            "(?P<head>" + _alternation(list(self.institution_labels)) + ")"
        )
        # the statement's own heading line: 中华人民共和国和…联合声明 (Markdown marks allowed around it)
        self.heading = re.compile(
            r"^[#*\s]*(?:全文\s*\|\s*)?([^\n《》]{4,150}?(?:联合声明|联合宣言|联合公报|宣言|声明|公报))[*\s]*$",
            re.M,
        )
        self.named_principle = re.compile(r"(?:坚持|恪守|遵循|奉行|践行)([\u4e00-\u9fff]{2,12}原则)")
        self.quoted_year = re.compile(r"“([\u4e00-\u9fff]{1,9}[^一二三四五六七八九十百千\W\d]年)”")
        self.initiative_heads = tuple(initiative_heads)

    def _doc_title(self, start: int, end: int, inner: str) -> Match:
        label = "INITIATIVE" if inner.endswith("倡议") else "DOC"
        return (start, end, label, "")

    def find(self, text: str, named: list[tuple[int, int]]) -> Iterator[Match]:
        for match in self.heading.finditer(text):
            yield (match.start(1), match.end(1), "DOC", "")
        for match in self.named_principle.finditer(text):
            if not re.search(r"宗旨|的|和(?!平)|与|及", match[1]):
                yield (match.start(1), match.end(1), "INITIATIVE", "")
        for match in self.quoted_year.finditer(text):
            yield (match.start(1), match.end(1), "EVENT", "")
        for match in self.title.finditer(text):
            inner = match[1]
            start, end = match.start(1), match.end(1)
            if inner.startswith("“") and inner.endswith("”"):
                start, end, inner = start + 1, end - 1, inner[1:-1]
            yield self._doc_title(start, end, inner)
        for match in self.quoted_document.finditer(text):
            yield (match.start(1), match.end(1), "DOC", "")
        for match in self.quoted_initiative.finditer(text):
            quoted = match.group()[1 : match.group().index("”")]
            # 共建“一带一路”旗舰项目: the quotes wrap a name the knowledge base has; what follows is no name
            if not quoted.endswith(self.initiative_heads) and not text.endswith("共建", 0, match.start()):
                yield (match.start(), match.end(), "INITIATIVE", "")
        for match in self.quoted_named_initiative.finditer(text):
            yield (match.start(1), match.end(1), "INITIATIVE", "")
        for match in self.community.finditer(text):
            yield (match.start(), match.end(), "INITIATIVE", "")
        for match in self.compound_org.finditer(text):
            yield (match.start(), match.end(), "ORG", "")
            named.append((match.start(), match.end()))
        for match in self.compound_event.finditer(text):
            yield (match.start(), match.end(), "EVENT", "")
        for match in self.ordinal_event.finditer(text):
            yield (match.start(), match.end(), "EVENT", "")
        named_ends = {end: start for start, end in named}
        for match in self.ordinal_meeting.finditer(text):
            if match.start() in named_ends:
                yield (named_ends[match.start()], match.end(), "EVENT", "")
        for match in self.verb_event.finditer(text):
            yield (match.start(1), match.end(1), "EVENT", "")
        for match in self.themed_year.finditer(text):
            yield (match.start(1), match.end(1), "EVENT", "")
        yield from self.find_people(text)
        for match in DATE_PATTERN.finditer(text):
            if match["ay"] or (match["am"] and match["ad"]):
                yield (match.start(), match.end(), "DATE", "")
        for match in money_pattern().finditer(text):
            yield (match.start(), match.end(), "MONEY", "")

    def find_people(self, text: str) -> Iterator[Match]:
        """Names after a head-of-state title and names with ·, then every mention of them or of their parts
        (穆罕默德·本·扎耶德 is later 穆罕默德总统)."""
        names = {match[1] for match in self.person_after_title.finditer(text)}
        names.update(filter(None, (self.trim_name(match[0]) for match in self.dotted_name.finditer(text))))
        for name in list(names):
            parts = name.split("·")
            # every run of parts: 穆罕默德·夏巴兹·谢里夫 is later 夏巴兹·谢里夫 or 谢里夫
            names.update(
                "·".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
            )
        for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
            for match in re.finditer(re.escape(name), text):
                yield (match.start(), match.end(), "PERSON", "")

    def trim_name(self, dotted: str) -> str | None:
        """The transliterated name inside a run like 总理穆罕默德·夏巴兹·谢里夫于: titles and particles cut off."""
        parts = dotted.split("·")
        first = [m.end() for m in self.name_edge.finditer(parts[0])]
        parts[0] = parts[0][first[-1] :] if first else parts[0]
        last = self.name_edge.search(parts[-1], 1)
        parts[-1] = parts[-1][: last.start()] if last else parts[-1]
        parts[0], parts[-1] = parts[0][-5:], parts[-1][:6]
        return "·".join(parts) if all(parts) else None

    def institutions(self, doc: Doc) -> Iterator[Match]:
        """A state or place, a name, and an institution word are one name: 阿联酋中央银行, 巴西政府, 南非储备银行,
        中国铝业集团有限公司, 卡拉奇大学孔子学院 (ORG), 中国国际消费品博览会 (EVENT), 卡拉奇环城铁路项目 (INITIATIVE)."""
        text = doc.text  # spaCy rebuilds Doc.text from its tokens on every access
        starts = [ent.start_char for ent in doc.ents if ent.label_ in ("STATE", "LOC")]
        for ent in doc.ents:
            if ent.label_ not in ("STATE", "LOC") or ent.text.endswith("方"):
                continue
            organ = self.state_org_suffix.match(text, ent.end_char) if ent.label_ == "STATE" else None
            if organ:
                yield (ent.start_char, organ.end(), "ORG", "")
            match = self.institution.match(text, ent.end_char)
            # …nor another state or place, unless the name joins places (安卡拉至伊斯坦布尔高速铁路):
            # 西班牙参加第二届中国国际进口博览会 is two names
            if match and not any(
                ent.end_char <= start < match.start("head") and text[start - 1] not in "－—-至"
                for start in starts
            ):
                # a bare 公司 needs a name before it (中国公司 is Chinese companies, 沙特阿美公司 one company)
                if match["head"] == "公司" and match.start("head") - ent.end_char < 2:
                    continue
                yield (ent.start_char, match.end(), self.institution_labels[match["head"]], "")

    def __call__(self, doc: Doc) -> Doc:
        if self.abbreviations is None:
            self.initialize()
        named = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ("ORG", "DOC", "EVENT")]
        matches = list(self.institutions(doc))
        named.extend((start, end) for start, end, _, _ in matches)
        matches.extend(self.find(doc.text, named))
        doc, spans = make_spans(doc, matches)
        add_entities(doc, spans)
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
            "对话机制",
            "合作机制",
            "机制",
            "理事会",
            "联合会",
            "商会",
            "联盟",
            "中心",
            "研究院",
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
            "”展",
        ],
        "event_verbs": ["举办", "举行", "召开", "主办", "出席", "参加", "互办"],
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
        ],
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
            ],
            "EVENT": ["博览会", "交易会"],
            "INITIATIVE": [
                "项目",
                "工程",
                "高速铁路",
                "铁路",
                "快速路",
                "公路",
                "水电站",
                "光伏电站",
                "核电站",
                "电站",
                "电厂",
                "经济区",
                "合作区",
                "产业园",
                "工业园",
            ],
        },
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
        ],
    },
)
def make_pattern_ruler(
    nlp: Language,
    name: str,
    kb_dir: str | None,
    initiative_heads: list[str],
    document_heads: list[str],
    org_heads: list[str],
    event_heads: list[str],
    event_verbs: list[str],
    state_org_suffixes: list[str],
    person_titles: list[str],
    institution_heads: dict[str, list[str]],
    clause_verbs: list[str],
) -> PatternRuler:
    return PatternRuler(
        name,
        kb_dir=kb_dir,
        initiative_heads=initiative_heads,
        document_heads=document_heads,
        org_heads=org_heads,
        event_heads=event_heads,
        event_verbs=event_verbs,
        state_org_suffixes=state_org_suffixes,
        person_titles=person_titles,
        institution_heads=institution_heads,
        clause_verbs=clause_verbs,
    )
