"""Things named by a transliterated name that no list holds. Named infrastructure and zones (INITIATIVE): a
transliterated name and an infrastructure head (曼维莱水电站, 孔多克里夫－拉巴朗科萨水电站, 贝拉经济特区,
捷斯－图巴高速公路), a port or airport named as a project (汉班托塔港项目, 博卡拉国际机场项目), a China–partner prefix
with a descriptor and a head (中马友谊大桥, 中尼跨境铁路, 中新天津生态城), a satellite by its quoted name; and
institutions (ORG) by the same shape (马拉坡学院, 斯柯达汽车公司). A place or state before the head is the
institutions family's (卡拉奇环城铁路项目); a generic head (公路, 经济特区, 该项目) is no name."""

import bisect
import re
from collections.abc import Iterator, Sequence

from communique.components.patterns.common import (
    NAME_CHAR,
    STOP_CHARS,
    Match,
    alternation,
    first_end_after,
    name_starts,
    transliterated_letters,
)

# a project of a named infrastructure keeps its 项目 (胡努特鲁电厂项目), and the work done on it when named with it
# (贝尔格拉诺货运铁路改造项目); 工程 and 建设 after a name are the work, not the name (中尼跨境铁路|工程)
PROJECT_TAILS = ["项目", "改造项目", "扩建项目", "升级改造项目"]
# a route named from one end to the other (姆特瓦拉至三兰港天然气管道项目) is a name only with the word that makes it a
# project (the institutions family's ROUTE_PROJECT_HEADS); a bare route (仰光至曼德勒公路) is its two places
ROUTE_TAILS = [*PROJECT_TAILS, "工程", "二期工程", "三期工程"]
# heads that name a place on their own (汉班托塔港 is LOC) and a project only with 项目
PLACE_HEADS = ["深水港", "港", "国际机场", "机场"]
# heads too common after ordinary words to follow a transliterated name, named only with a China–partner prefix
# (中法海洋卫星; 发射通信卫星 is no name)
COMPOUND_HEADS = ["卫星"]
# what a satellite is for, between its quoted name and 卫星
SATELLITE_KINDS = ["通信", "遥感", "气象", "资源", "导航", "科学"]
# institutions named by a transliterated name (ORG): 马拉坡学院, 阿戈斯蒂纽·内图大学, 穆桑泽职业技术学校, 斯柯达汽车
# 公司, with up to four characters of what they teach or do between (职业技术, 联邦理工, 汽车)
INSTITUTION_HEADS = ["大学", "学院", "学校", "医院", "汽车公司", "公司", "集团"]
INSTITUTION_WORDS = 4
# heads after which two letters spell ordinary words (铁路公司, 信托公司, 华文学校, 普通学校): the name needs three
# letters or a dot before them
COMMON_INSTITUTION_HEADS = ("公司", "集团", "学校", "医院")
# what the alphabet spells before an institution head that says a kind of school, not a name (两国音乐学院)
KINDS_OF_SCHOOL = (
    "音乐",
    "艺术",
    "美术",
    "戏剧",
    "电影",
    "医学",
    "医科",
    "农业",
    "师范",
    "理工",
    "职业",
    "技术",
    "体育",
)
# branded institutes a university hosts, named with it by the institutions family (…大学孔子学院)
BRANDED_INSTITUTES = ["孔子学院", "鲁班工坊"]
# a number, ordinal or unit letter inside the name: 阿图查三号核电站, 卡姆巴拉塔1号水电站, 欣克利角C核电站
UNIT_NUMBER = "(?:[0-9０-９一二三四五六七八九十]+[号期]|[A-Z])?"
# what may stand between the name and its head: words that say what kind of work it is (贝尔格拉诺货运铁路, 中马友谊
# 大桥, 中法海洋卫星); any other word makes a clause of it (对方加快推进自由贸易区, 中西部地区公路)
DESCRIPTORS = [
    "货运",
    "跨海",
    "跨境",
    "友谊",
    "国际",
    "深水",
    "高速",
    "海洋",
    "天文",
    "通信",
    "中心",
    "梯级",
    "边境",
    "沿海",
    "新",
]
DASHES = "－—-―–"
# the heads of zones, parks and new towns among the project heads, and those only a China–partner prefix names
ZONE_ENDINGS = ("园", "园区", "区", "城")
ZONE_HEADS = ["示范园", "示范区"]
# words of a clause that no zone's name holds (中老双方决定共建经济区, 中塔两国领导人见证了农业园)
NOT_IN_ZONE_NAMES = ["了", "决定", "商定", "同意", "扩大", "见证", "共建", "领导人"]
# directions that name a corridor (南北经济走廊, 东西经济走廊, 南部经济走廊) and what a corridor carries
DIRECTIONS = "东西南北中"
CORRIDOR_KINDS = ["经济", "国际交通", "国际运输", "交通", "运输", "物流"]
# where a name may start though the segmenter glued it to the word before: after a conjunction or 同 (和金|三角经济特区,
# 同苏|黎世联邦理工学院)
JOINERS = "和与及、同"
DESCRIPTOR = f"(?:{alternation(DESCRIPTORS)})?"
# words the alphabet can spell that are no name (相关大型水电站, 更多光伏电站)
NOT_PROJECT_NAMES = (
    "相关",
    "有关",
    "更多",
    "其他",
    "当地",
    "大型",
    "主要",
    "重点",
    "各",
    "该",
    "内陆",
    "沿海",
    "光伏",
)
# what is done to a route, written before its name (改造安集延—奥什公路), and no verb of the clause elsewhere (…电气化改造
# 项目 is a name)
ROUTE_WORKS = ["改造", "修复", "扩建", "升级", "落实", "共建", "研究", "建成", "改扩建"]
# the most characters of the first part of a route joined by dashes, walked back from the dash
MAX_PART_LENGTH = 10
# the most parts of a name joined by a dot: a run of hundreds (阿·阿·阿…) is none, and an unbounded repetition tried
# from every part would be quadratic
MAX_PARTS = 5


class ProjectMatcher:
    def __init__(
        self,
        *,
        project_heads: list[str],
        alphabet: frozenset[str],
        compound: str,
        clause_verbs: list[str],
        clause_words: list[str],
    ) -> None:
        # verbs of the clause whose characters are also letters of the alphabet (实施, 加强): the name starts after
        # them, so that 加强卫星 is no satellite's name
        self.clause_verb = re.compile(alternation(clause_verbs))
        letters = transliterated_letters(alphabet)
        name = f"{letters}{{2,8}}(?:[·•]{letters}{{1,8}}){{0,{MAX_PARTS - 1}}}"
        # up to four places joined by dashes: 安集延—奥什—伊尔克什坦—喀什公路
        joined = f"{name}(?:[{DASHES}]{name}){{0,3}}"
        heads = alternation(project_heads)
        tails = alternation(PROJECT_TAILS)
        self.named = re.compile(
            f"{joined}{UNIT_NUMBER}{DESCRIPTOR}(?:{heads}(?:{tails})?|{alternation(PLACE_HEADS)}{tails})"
        )
        self.tail = re.compile(tails)
        # (its second end may be a place outside the alphabet: 姆特瓦拉至三兰港)
        self.route = re.compile(
            f"{name}至(?:{joined}|{NAME_CHAR}{{2,4}}?){UNIT_NUMBER}{DESCRIPTOR}"
            f"(?:{heads}|{alternation(PLACE_HEADS)}){alternation(ROUTE_TAILS)}"
        )
        self.long_name = re.compile(f"{letters}{{3}}|{letters}+[·•]")
        self.institution = re.compile(
            f"{joined}{NAME_CHAR}{{0,{INSTITUTION_WORDS}}}?(?<!孔子){alternation(INSTITUTION_HEADS)}"
            f"(?!{alternation(BRANDED_INSTITUTES)})"
        )
        compound_heads = alternation([*project_heads, *COMPOUND_HEADS])
        # a China–partner prefix, a descriptor and a head (中马友谊大桥)
        self.compound = re.compile(f"{compound}{DESCRIPTOR}{compound_heads}(?:{tails})?")
        # …and a zone, park or new town of a China–partner prefix named by what it does (中塔农业合作示范园, 中阿（联酋）
        # 产能合作示范园, 中俄（滨海边疆区）现代农业产业合作区, 中国－阿曼（杜库姆）产业园): a partner or place in brackets
        # may follow the prefix; no verb of the clause stands inside
        zones = alternation([*(head for head in project_heads if head.endswith(ZONE_ENDINGS)), *ZONE_HEADS])
        not_in_zone_names = alternation([*clause_verbs, *clause_words, *NOT_IN_ZONE_NAMES])
        self.compound_zone = re.compile(
            f"{compound}(?:[（(][\u4e00-\u9fff]{{1,5}}[）)])?(?:(?!{not_in_zone_names}){NAME_CHAR}){{0,8}}?"
            f"{zones}(?:{tails})?"
        )
        # …or a place instead of the descriptor, checked against the places found (中新天津生态城), after as short
        # a prefix as there is, so that the place is whole (中新|苏州工业园区, not 中新苏|州)
        shortest_prefix = compound.replace("{1,3})", "{1,3}?)")
        self.compound_place = re.compile(
            f"{shortest_prefix}(?P<place>{NAME_CHAR}{{2,4}}?){compound_heads}(?:{tails})?"
        )
        # a satellite by its quoted name: “图帕克·卡塔里”通信卫星项目, “米兰达”遥感卫星 (a quoted word before a park or
        # zone is a theme, not a name: “数字”产业园区)
        self.quoted = re.compile(f"“[^“”\n]{{1,12}}”(?:{alternation(SATELLITE_KINDS)})?卫星(?:{tails})?")
        # corridors named by their directions or their quoted name: 南北经济走廊, 东西经济走廊, 南部经济走廊, “滨海1号”国际交通
        # 走廊 (after a separator, a particle or a clause's start: 南北 inside a longer word names nothing)
        corridor = f"(?:{alternation(CORRIDOR_KINDS)})?走廊"
        self.corridor = re.compile(f"[{DIRECTIONS}]{{1,2}}部?{corridor}|“[^“”\n]{{1,12}}”{corridor}")
        self.corridor_edge = re.compile(
            f"(?:[{STOP_CHARS}，、；：。（\\s]|{alternation(clause_verbs)}|共建)\\Z"
        )
        self.run_start = re.compile(f"(?<!{letters})(?={letters})")
        # a route or crossing joined by dashes, from its first dash: －纳扎布公路, —奥什—喀什公路, －下列宁斯阔耶铁路桥 (the
        # first part is found by walking back from the dash: a place found, or a run of the alphabet)
        # (each later part a name: no particle nor verb of the clause inside, at most twelve characters)
        later_part = f"(?:(?!{alternation(clause_verbs)}){NAME_CHAR}|[·•]){{1,12}}?"
        self.dashed = re.compile(
            f"(?:[{DASHES}]{later_part}){{1,3}}?{UNIT_NUMBER}{DESCRIPTOR}(?:{heads})(?:{tails})?"
        )
        self.letters = frozenset(letters[1:-1])
        # what is done to a route, glued to its first part by the segmenter (改造安|集延): cut off after the walk
        self.route_verb = re.compile(alternation([*clause_verbs, *ROUTE_WORKS]))

    def routes(
        self,
        text: str,
        places: Sequence[tuple[int, int]],
        word_starts: set[int] | None = None,
        named: Sequence[tuple[int, int]] = (),
    ) -> Iterator[Match]:
        """Routes and crossings joined by dashes whose later parts no list holds (莱城－纳扎布公路, 同江－下列宁斯阔耶
        铁路桥, 多瑙河－奥得河－易北河运河): the first part is a place found right before the dash, or what
        ``first_part_start`` walks back over. A dash inside a name found (``named``: 中国—东盟自由贸易区) joins no
        route."""
        starts_by_end = {end: start for start, end in places}
        inside_names = sorted(named)
        for match in self.dashed.finditer(text):
            dash = match.start()
            index = bisect.bisect_right(inside_names, (dash, len(text))) - 1
            if index >= 0 and inside_names[index][0] < dash < inside_names[index][1]:
                continue
            start = starts_by_end.get(dash)
            if start is None:
                start = self.first_part_start(text, dash, word_starts)
                while verb := self.route_verb.match(text, start, dash):
                    start = verb.end()
            if dash - start >= 2 and not text.startswith(NOT_PROJECT_NAMES, start):
                yield (start, match.end(), "INITIATIVE", "")

    def starts_a_corridor(self, text: str, start: int) -> bool:
        """Whether a corridor named by its directions may start at ``start`` (quoted names always may)."""
        if start == 0 or text[start] == "“":
            return True
        return self.corridor_edge.search(text, max(0, start - 4), start) is not None

    def first_part_start(self, text: str, dash: int, word_starts: set[int] | None) -> int:
        """Where the first part of a route ends at ``dash`` starts: the segmenter's word right before the dash
        whatever its letters (推进|木姐—曼德勒, 欢迎|同江－下列宁斯阔耶), then back over the letters of the alphabet
        (改造安|集延: the verb is cut off after), to a particle, punctuation or the word start before a character
        outside the alphabet."""
        start = self.word_before(text, dash, word_starts) or dash
        while start > 0 and dash - start < MAX_PART_LENGTH and "\u4e00" <= text[start - 1] <= "\u9fff":
            if text[start - 1] in STOP_CHARS:
                break
            at_word_start = word_starts is None or start in word_starts
            if at_word_start and text[start - 1] not in self.letters:
                break
            start -= 1
        return start

    def word_before(self, text: str, end: int, word_starts: set[int] | None) -> int | None:
        """The start of the segmenter's word of two to four Chinese characters that ends at ``end`` (or holds the
        character before it, when the segmenter glued the dash to it: 延—), unless it is a verb of the clause."""
        if word_starts is None:
            return None
        for length in range(2, 5):
            start = end - length
            if start < 0 or not all("\u4e00" <= char <= "\u9fff" for char in text[start:end]):
                return None
            if start in word_starts:
                return None if self.route_verb.fullmatch(text, start, end) else start
        return None

    def find(
        self,
        text: str,
        places: Sequence[tuple[int, int]],
        word_starts: set[int] | None = None,
        named: Sequence[tuple[int, int]] = (),
    ) -> Iterator[Match]:
        """Projects whose name starts where a run of the alphabet and a word start; ``places``: the (start, end) of
        the states and places found, before or by the places family; ``word_starts``: the offsets where the
        segmenter's words start (对方 is one word: its 方 starts no name), all of them when None. A name that runs
        over a place is the institutions family's (莫桑比克贝拉经济特区) or no project (罗克尔河流域电站,
        桑托岛公路二期), unless the place is the whole name of a port or airport project (汉班托塔港项目)."""
        ends = sorted({end for _, end in places})
        # a name starts where its run starts or after a verb of the clause (中国企业利用|香农自由区)
        for start in name_starts(text, self.run_start, self.clause_verb, word_starts, JOINERS):
            if text.startswith(NOT_PROJECT_NAMES, start):
                continue
            route = self.route.match(text, start)
            if route:
                yield (start, route.end(), "INITIATIVE", "")
                continue
            if text[start - 1 : start] in ("至", *DASHES):
                continue  # the second end of a route (仰光至|曼德勒公路, 同江—下列|宁斯阔耶铁路桥: the routes' own)
            match = self.named.match(text, start)
            label = "INITIATIVE"
            if not match and not text.startswith(KINDS_OF_SCHOOL, start):
                match, label = self.institution.match(text, start), "ORG"
                if (
                    match
                    and match[0].endswith(COMMON_INSTITUTION_HEADS)
                    and not self.long_name.match(text, start)
                ):
                    match = None
            if not match:
                continue
            # a place inside the name is one of its joined parts (安集延—奥什—喀什公路) or a port before 项目
            inside = first_end_after(ends, start)
            while inside is not None and inside < match.end() and text[inside] in DASHES:
                inside = first_end_after(ends, inside)
            if (
                inside is not None
                and inside < match.end()
                and not self.tail.fullmatch(text, inside, match.end())
            ):
                continue
            yield (start, match.end(), label, "")
        yield from self.routes(text, places, word_starts, named)
        for pattern in (self.compound, self.compound_zone, self.quoted, self.corridor):
            for match in pattern.finditer(text):
                # a verb across the prefix's letters makes a clause of it (中塔加|强合作区: 加 is Canada's too)
                if pattern is self.compound_zone and self.clause_verb.search(match[0]):
                    continue
                # a corridor's directions start a word: after punctuation, a particle or a verb (共建|南北经济走廊)
                if pattern is self.corridor and not self.starts_a_corridor(text, match.start()):
                    continue
                yield (match.start(), match.end(), "INITIATIVE", "")
        spans = set(places)
        for match in self.compound_place.finditer(text):
            if match.span("place") in spans:
                yield (match.start(), match.end(), "INITIATIVE", "")
