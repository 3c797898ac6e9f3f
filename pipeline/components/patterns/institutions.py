"""Institutions named after a state or place (ORG, or EVENT/INITIATIVE by their head word): 巴西政府,
阿联酋中央银行, 爱尔兰农业、食品和海洋部, 卡拉奇大学孔子学院, 中国国际消费品博览会, 卡拉奇环城铁路项目; and the
branded institutes of a university whose name no list holds (科克大学孔子学院, 马查科斯大学鲁班工坊)."""

import bisect
import re
from collections.abc import Iterator, Sequence

from communique.components.patterns.common import NAME_CHAR, STOP_CHARS, Match, alternation
from communique.components.patterns.projects import BRANDED_INSTITUTES, DASHES, PROJECT_TAILS
from spacy.tokens import Span

# words ending in a ministry head that name no ministry: parts of a country (北部), headquarters, clubs; as
# patterns of fixed width, for 全部 is no ministry but 公共安全部 is one
NOT_MINISTRIES = [
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "内部",
    "外部",
    "(?<!安)全部",
    "总部",
    "局部",
    "干部",
    "本部",
    "俱乐部",
    "签署",
]
# a place's own organs, directly attached (拉丁美洲和加勒比议会, 新疆维吾尔自治区政府, 云南省人民政府)
PLACE_ORGANS = ["议会", "人民政府", "政府"]
# verbs and adverbs between an organisation and a body of another (非洲联盟积极发挥|委员会作用)
VERBS_BEFORE_A_BODY = ["发挥", "重视", "积极", "高度", "充分"]
# titles of persons, who stand before a ministry in a sentence but never inside its name (法国总统与国防部官员; 主席 is
# left out: 主席团 is an organ, 中央主席团执行委员会)
TITLES_BEFORE_A_MINISTRY = ["大使", "总统", "总理", "部长", "首相", "外长"]
# the bodies an organisation names after it (上海合作组织秘书处, 中非合作论坛后续行动委员会; its branches in a place are
# BRANCHES)
ORGANISATION_BODIES = [
    "秘书处",
    "总司",
    "执行委员会",
    "委员会",
    "理事会",
    "联合体",
    "俱乐部",
    "论坛",
    "网络大学",
    "部长会议",
    "部长会晤",
    "外长会",
    "财长会议",
    "领导人会议",
]
# the bodies that are meetings, and the verbs that say one was held (举行的…部长会议 is a session, not the body)
MEETINGS = ("会议", "会晤", "外长会")
HELD_BEFORE = re.compile(r"(?:举行|召开|举办|出席|参加)[了的]?\Z")
# what the member states of an organisation sign or adopt
MEMBERS_DOCUMENTS = ["协定", "纲要", "公约", "条约"]
# the organs of a party or legislature named with it (罗马尼亚共产党中央委员会, 全国人民代表大会常务委员会)
SUB_ORGANS = [
    "中央政治执行委员会",
    "中央顾问委员会",
    "中央军事委员会",
    "中央委员会",
    "中央政治局",
    "中央书记处",
    "常务委员会",
    "常委会",
    "主席团",
]
# institutions that China's name before them makes a kind, not a name (中国大学 are Chinese universities; 突尼斯大学
# is one university)
GENERIC_AFTER_CHINA = ["大学", "学院", "医院", "学校"]
# a count or 各 inside the name says a kind of institution, not a name (罗安达郊区两所农村学校, 越南各地医院)
COUNTED = re.compile("[一两二三四五六七八九十几][所批座个家]|各地|各类")
# heads that after a state alone say a kind, not a name (中国公司, 中国医疗队, 中国协会; 中国援东帝汶医疗队 is one team)
KINDS_WITHOUT_A_NAME = ("公司", "医疗队", "协会", "剧团", "电台")
# an area around a place inside the name says works of a region, not one named work (坦噶尼喀湖流域电站, 里海沿岸港口)
AREAS_AROUND = ("流域", "沿岸", "沿线", "周边", "地区")
# a branch or campus of a named institution in a place is one name with it (苏州大学老挝分校, 中国建设银行苏黎世分行,
# like 厦门大学马来西亚分校)
BRANCHES = re.compile("分行|分校|分公司")
# a route named from one end to the other (安卡拉至伊斯坦布尔高速铁路) is a project's name only with the word that makes
# it one (…二期工程, 巴拿马城至大卫铁路项目); a bare route (帝力至包考沿海公路) is its two places
ROUTE_PROJECT_HEADS = ("项目", "工程")
# what a state's or organisation's plan is called
PLAN_HEADS = ["战略", "纲要", "规划", "愿景", "宏愿", "议程", "计划"]
# words after a year that make it a date of the clause, not of a plan's name (2022年大选后…, 2021年起开始…)
NOT_IN_PLAN_NAMES = ["起", "后", "开始", "新一轮", "以来"]
# what an agreement named after a state is about
STATE_AGREEMENT_SUBJECTS = ("问题", "冲突", "和平")
# what stands before 党 in words that name no party (政党, 执政党, 两党, 各党)
NOT_PARTY_NAMES = ("政", "执政", "两", "各", "该", "本", "友", "同")
# heads that end a company's name whatever stands before it, back to the edge of the clause (支持|中兴通讯股份有限公司);
# the name has three characters or more, for a word of the name may itself be the edge (中国电力建设|集团有限公司,
# 华为|技术有限公司: no names)
SELF_NAMED_HEADS = ["集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "株式会社"]
COMPANY_NAME_LENGTH = 3
# the most characters of a university's name before 大学 (穆罕默德五世, 爱德华多·蒙德拉内)
UNIVERSITY_NAME_CHARS = 12
# verbs before a university's name that are no clause verbs of an institution (鼓励学生赴…大学孔子学院)
UNIVERSITY_NAME_EDGES = ("赴", "鼓励", "依托", "通过", "利用", "发挥", "促进", "包括", "以及")
# words that open no university's name (各大学孔子学院, 该大学孔子学院)
NOT_UNIVERSITY_NAMES = ("各", "该", "本", "两国", "有关", "相关", "这", "更多", "其他", "当地")


class InstitutionMatcher:
    def __init__(
        self,
        *,
        state_org_suffixes: list[str],
        institution_heads: dict[str, list[str]],
        clause_verbs: list[str],
        ministry_heads: list[str],
        compound: str,
    ) -> None:
        # (after a short name, the form of state may stand between: 阿尔及利亚|共和国临时政府)
        self.state_org_suffix = re.compile(
            "(?:共和国)?" + alternation(state_org_suffixes) + "(?![门分长队位])"
        )
        # (a city's 市 may stand between: 圣彼得堡市政府)
        self.place_organ = re.compile("[市省州县]?" + alternation(PLACE_ORGANS) + "(?![门分长队位间])")
        self.clause_verbs = tuple(clause_verbs) + UNIVERSITY_NAME_EDGES
        self.branded = re.compile(
            "(?:(?:大学|学院)" + alternation(BRANDED_INSTITUTES) + "|" + alternation(SELF_NAMED_HEADS) + ")"
        )
        self.sub_organ = re.compile(alternation(SUB_ORGANS))
        # the characters of a name found by its head: particles too, which end it only as words of their own
        self.name_char = re.compile("[\u4e00-\u9fff·•0-9]")
        self.labels = {head: label for label, heads in institution_heads.items() for head in heads}
        self.named_only = {*institution_heads.get("INITIATIVE", []), *institution_heads.get("DOC", [])}
        self.project_tail = re.compile(alternation(PROJECT_TAILS))
        # a China–partner prefix starts a name of its own after a place (河北省沧州|中捷产业园区)
        self.compound = re.compile(compound)
        # a numbered resolution of an organisation (联合国安理会第2231号决议)
        self.resolution = re.compile("第[0-9]+号决议")
        # a state's or organisation's plan named with its years (喀麦隆2020—2030年国家发展战略, 阿曼2040愿景, 非洲联盟
        # 2063年议程): the years make a name of it where a bare head after a state would be a kind (伊朗发展战略)
        self.dated_plan = re.compile(
            r"[0-9]{4}(?:[—－\-至][0-9]{4})?年?(?:前)?"
            + "(?:(?!"
            + alternation([*clause_verbs, *NOT_IN_PLAN_NAMES])
            + ")"
            + NAME_CHAR
            + "){0,10}?"
            + alternation(PLAN_HEADS)
        )
        # …or with its quoted name (沙特“2030愿景”, 巴林“2030经济愿景”, 阿联酋“2071百年计划”, 哈萨克斯坦“光明之路”新经济政策:
        # the state directly before the quote belongs to the name, as in the guidelines' “乌兹别克斯坦－2030”战略)
        self.quoted_plan = re.compile(
            "“[^“”\n]{1,16}?(?:"
            + alternation(PLAN_HEADS)
            + "”|”"
            + NAME_CHAR
            + "{0,6}?"
            + alternation([*PLAN_HEADS, "政策"])
            + ")"
        )
        # a plan counted by its years (第二个五年计划, 几内亚三年计划, 阿尔巴尼亚第四个五年计划（1966－1970年）), after a state
        # or on its own
        self.numbered_plan = re.compile(
            r"(?:第[一二三四五六七八九十]+个)?[一二三四五六七八九十]年计划(?:[（(][0-9]{4}[－—\-至][0-9]{4}年[）)])?"
        )
        # a fund of an organisation or mechanism (澜湄合作专项基金, 上海合作组织发展基金)
        not_verb = "(?!" + alternation(clause_verbs) + ")"
        self.fund = re.compile("(?:" + not_verb + NAME_CHAR + "){0,4}?基金会?")
        # a body of an organisation, or of its member states (上海合作组织秘书处, 上海合作组织银行联合体,
        # 上海合作组织成员国经贸部长会议); a session of it is an event (…元首理事会会议)
        self.body = re.compile(
            "(?:成员国)?(?:(?!"
            + alternation([*self.clause_verbs, *VERBS_BEFORE_A_BODY])
            + "|第|首届|首次)"
            + NAME_CHAR
            + "){0,8}?"
            + alternation(ORGANISATION_BODIES)
            + "(?!议|会议|第|晤)"
        )
        # an agreement or programme of an organisation's member states, its title written out (上海合作组织成员国政府间
        # 教育合作协定, …成员国二〇〇七年至二〇〇九年打击恐怖主义、分裂主义和极端主义合作纲要)
        # (particles and verbs of the clause end it: 上海合作组织成员国将继续落实…条约 is a clause)
        self.members_document = re.compile(
            "成员国(?:"
            + not_verb
            + "(?:"
            + NAME_CHAR
            + "|[、和0-9〇○零一二三四五六七八九至])){2,40}?"
            + alternation(MEMBERS_DOCUMENTS)
        )
        # the name between the place and the institution word has no verb of the sentence in it (巴基斯坦支持中国银行)
        # a quoted part counts whole (哈萨克斯坦“祖国之光”党), a lone quote mark ends the name
        name = "(?:" + not_verb + "(?:" + NAME_CHAR + r"|[0-9－—\-]|“[^“”\n]{1,10}”)){0,12}"
        heads = "(?P<head>" + alternation(list(self.labels)) + ")"
        self.institution = re.compile(name + heads)
        # the nearest head, for an agreement whose name would hold an institution (南非储备银行|续签本币互换协议)
        # and for a party (老挝人民革命党|治党治国)
        self.nearest_institution = re.compile(name + "?" + heads)
        # a ministry or commission of a state, its portfolio joined by 、, 和 and 与 (经济和公共财政部, 公共工程与运输部);
        # 部门, 部分 and 部长 are no ministry
        # (a joiner right after the state joins two names: 巴拉圭与|中国外交部)
        # (and no person's title: 意大利驻华大使与|商务部)
        not_verb_nor_title = "(?!" + alternation([*clause_verbs, *TITLES_BEFORE_A_MINISTRY]) + ")"
        self.ministry = re.compile(
            not_verb + NAME_CHAR + "(?:" + not_verb_nor_title + "(?:" + NAME_CHAR + "|[、和与])){0,13}?"
            "(?P<head>"
            + alternation(ministry_heads)
            + ")(?![门分长队位署])"
            + "".join(f"(?<!{word})" for word in NOT_MINISTRIES)
        )

    def find(self, ents: Sequence[Span], text: str, word_starts: set[int] | None = None) -> Iterator[Match]:
        """A state or place, a name, and an institution word are one name. ``ents``: the Doc's entities;
        ``word_starts``: where the segmenter's words start."""
        starts = sorted(ent.start_char for ent in ents if ent.label_ in ("STATE", "LOC"))
        place_ends = {ent.start_char: ent.end_char for ent in ents if ent.label_ in ("STATE", "LOC")}

        def crosses_a_place(begin: int, end: int) -> bool:
            # …nor another state or place further on, unless the name joins places (安卡拉至伊斯坦布尔高速铁路, 中国援
            # 卢旺达农业技术示范中心); a place right after the first composes with it (中国爱尔兰文化节):
            # 西班牙参加第二届中国国际进口博览会 is two names. Only the starts inside (begin, end), found by bisect:
            # a scan of every start for every entity was quadratic on long texts
            first = bisect.bisect_right(starts, begin)
            last = bisect.bisect_left(starts, end)
            return any(text[start - 1] not in "－—-至援" for start in starts[first:last])

        # the start of a state named before 和 and another state, by where that other state starts
        first_state_before = {
            ent.end_char + 1: ent.start_char
            for ent in ents
            if ent.label_ == "STATE" and not ent.text.endswith("方") and text.startswith("和", ent.end_char)
        }
        for ent in ents:
            branch = (
                BRANCHES.match(text, place_ends[ent.end_char])
                if ent.label_ == "ORG" and ent.end_char in place_ends
                else None
            )
            if branch:
                yield (ent.start_char, branch.end(), "ORG", "")
            if ent.label_ == "ORG" and self.sub_organ.match(text, ent.end_char):
                yield (ent.start_char, self.organ_end(text, ent.end_char), "ORG", "")
            resolution = self.resolution.match(text, ent.end_char) if ent.label_ == "ORG" else None
            if resolution:
                yield (ent.start_char, resolution.end(), "DOC", "")
            if ent.label_ == "ORG":
                yield from self.organisation_parts(ent, text)
            if ent.label_ in ("STATE", "ORG") and not ent.text.endswith("方"):
                plan = self.dated_plan.match(text, ent.end_char) or (
                    self.quoted_plan.match(text, ent.end_char) if ent.label_ == "STATE" else None
                )
                # a plan in 《》 is a document (the titles family's)
                if plan and text[ent.start_char - 1 : ent.start_char] != "《":
                    yield (ent.start_char, plan.end(), "INITIATIVE", "")
            if ent.label_ not in ("STATE", "LOC") or ent.text.endswith("方"):
                continue
            organ = (self.state_org_suffix if ent.label_ == "STATE" else self.place_organ).match(
                text, ent.end_char
            )
            if organ:
                yield (ent.start_char, self.organ_end(text, organ.end()), "ORG", "")
            elif ent.label_ == "STATE":
                ministry = self.ministry.match(text, ent.end_char)
                if ministry and not crosses_a_place(ent.end_char, ministry.start("head")):
                    # a commission of two states named by both (中国和苏丹经济贸易混合委员会)
                    first = first_state_before.get(ent.start_char) if ministry["head"] == "委员会" else None
                    yield (ent.start_char if first is None else first, ministry.end(), "ORG", "")
            match = self.institution.match(text, ent.end_char)
            if match and (self.labels[match["head"]] == "DOC" or match["head"] == "党"):
                match = self.nearest_institution.match(text, ent.end_char)
            if match and not crosses_a_place(ent.end_char, match.start("head")):
                head, label = match["head"], self.labels[match["head"]]
                name = text[ent.end_char : match.start("head")]
                # a bare 公司, 医疗队, project or agreement needs a name after a state (中国公司 is Chinese companies,
                # 沙特阿美公司 one company; 伊朗工业园区 is Iran's parks, 莫桑比克贝拉经济特区 one zone; 伊朗核问题全面协议),
                # not after a city (内罗毕快速路, 明斯克协议)
                if self.compound.search(name):
                    continue
                bare = len(name) < 2
                if bare and (
                    head in KINDS_WITHOUT_A_NAME or (ent.label_ == "STATE" and head in self.named_only)
                ):
                    continue
                if bare and ent.kb_id_ == "CHN" and head in GENERIC_AFTER_CHINA:
                    continue
                if COUNTED.search(name) or any(area in name for area in AREAS_AROUND):
                    continue
                # a place after a dash or 至 ends a route whose first place is unknown (木姐—曼德勒铁路, 仰光至|曼德勒公路):
                # not its whole name
                if label == "INITIATIVE" and text[ent.start_char - 1 : ent.start_char] in (*DASHES, "至"):
                    continue
                # an agreement named after a state settles a question or conflict of it (伊朗核问题全面协议,
                # 柬埔寨冲突全面政治解决协定); any other words are a clause (老挝高度重视双方协定)
                if (
                    label == "DOC"
                    and ent.label_ == "STATE"
                    and not any(subject in name for subject in STATE_AGREEMENT_SUBJECTS)
                ):
                    continue
                if head == "党":
                    # 党 needs a party's name before it (德国统一社会党; 中国政党, 两国执政党 are none)
                    if name and not name.endswith(NOT_PARTY_NAMES):
                        yield (ent.start_char, self.organ_end(text, match.end()), "ORG", "")
                    continue
                # a project keeps its 项目 (卡拉奇环城铁路项目)
                tail = self.project_tail.match(text, match.end()) if label == "INITIATIVE" else None
                if label == "INITIATIVE" and not tail and head not in ROUTE_PROJECT_HEADS and "至" in name:
                    continue
                yield (ent.start_char, tail.end() if tail else match.end(), label, "")
        yield from self.branded_institutes(text, {ent.start_char for ent in ents}, word_starts)
        yield from self.numbered_plans(ents, text)

    def numbered_plans(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """Plans counted by their years: with the state written directly before them (几内亚三年计划), or alone when
        counted by their order (第二个五年计划; 合作五年计划, 今后十年计划安排 are no names)."""
        states = {
            ent.end_char: ent.start_char
            for ent in ents
            if ent.label_ == "STATE" and not ent.text.endswith("方")
        }
        for match in self.numbered_plan.finditer(text):
            start = states.get(match.start())
            if start is not None or match[0].startswith("第"):
                yield (match.start() if start is None else start, match.end(), "INITIATIVE", "")

    def organisation_parts(self, organisation: Span, text: str) -> Iterator[Match]:
        """What an organisation's name opens: its fund, a body of it or of its member states, its mechanism (ORG),
        its members' agreements (DOC)."""
        start, end = organisation.start_char, organisation.end_char
        for pattern, label in ((self.fund, "ORG"), (self.body, "ORG"), (self.members_document, "DOC")):
            match = pattern.match(text, end)
            if match:
                # a meeting of the organisation's ministers that the text says was held is an event (在北京举行的上海合作
                # 组织成员国国防部长会议), as a format's ministerial meeting is
                held = HELD_BEFORE.search(text, max(0, start - 4), start) and match[0].endswith(MEETINGS)
                yield (start, match.end(), "EVENT" if held else label, "")
        # the mechanism of a cooperation, directly attached (澜沧江－湄公河合作机制; 联合国机制 is the UN's)
        if organisation.text.endswith("合作") and text.startswith("机制", end):
            yield (start, end + 2, "ORG", "")

    def organ_end(self, text: str, end: int) -> int:
        """Where an organisation named up to ``end`` ends with the central organ that may follow it
        (罗马尼亚共产党|中央委员会)."""
        sub_organ = self.sub_organ.match(text, end)
        return sub_organ.end() if sub_organ else end

    def branded_institutes(
        self, text: str, name_starts: set[int] = frozenset(), word_starts: set[int] | None = None
    ) -> Iterator[Match]:
        """大学孔子学院 (or a company's head) and the name before it, back to a verb of the clause, a particle or
        punctuation: the university need not be a known place (支持科克大学孔子学院, 评价爱德华多·蒙德拉内大学孔子学院,
        和|中兴通讯股份有限公司). ``word_starts``: where the segmenter's words start, all offsets when None; a particle
        or verb inside a word is part of the name (华为技术有限公司, 中国电力建设集团有限公司)."""
        for match in self.branded.finditer(text):
            start = match.start()
            while (
                start > 0
                and start
                not in name_starts  # a name found starts the institution's (赞赏|中国铝业集团有限公司)
                and self.name_char.fullmatch(text[start - 1])
                and not self.clause_edge(text, start, match.start(), word_starts)
            ):
                start -= 3 if text.endswith("共和国", 0, start) else 1  # 共和国大学: 和 inside a word
                if match.start() - start > UNIVERSITY_NAME_CHARS:
                    break  # no edge in reach: the name is not bounded, and a guess would take half the clause
            else:
                name = text[start : match.start()]
                shortest = COMPANY_NAME_LENGTH if match[0] in SELF_NAMED_HEADS else 2
                if len(name.strip("·•")) >= shortest and not name.startswith(NOT_UNIVERSITY_NAMES):
                    yield (start, match.end(), "ORG", "")

    def clause_edge(self, text: str, start: int, head: int, word_starts: set[int] | None) -> bool:
        """Whether a name ending at ``head`` starts at ``start``: after a particle or a verb of the clause that is a
        word of its own. A verb right before the head has no object and is a word of the name (电力建设|集团有限公司)."""
        if text[start - 1] in STOP_CHARS:
            return word_starts is None or {start - 1, start} <= word_starts
        verb = next((verb for verb in self.clause_verbs if text.endswith(verb, 0, start)), None)
        if verb is None:
            return False
        if word_starts is None:
            return True
        return start - len(verb) in word_starts and start in word_starts and start != head
