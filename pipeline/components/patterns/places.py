"""Places composed from a place already found (LOC): a region with 地区 (南高加索地区, 印度洋地区), a port, province or
city named after its place (蒙巴萨港, 伊塞克湖州, 连云港市), a province and its city (湖南省长沙), a venue named after a
place or a person (尼雷尔国际会议中心), the two ends of a railway or road section or route (诺维萨德至苏博蒂察段,
雅温得至杜阿拉高速公路), a transliterated name before a geographic head (拉迪斯港, 蒂罗尔州, 色楞格河, 鲁迈拉油田),
ports named in a row (景洪港、关累港), and the other members of a list of places (罗安达、洛比托和纳米贝等港口), whose
names no list holds but whose shape says they are places; and places that share one 地区, each without it (中东和北非
地区)."""

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

from communique.components.patterns.common import (
    NAME_CHAR,
    STOP_CHARS,
    Match,
    alternation,
    first_end_after,
    name_starts,
    transliterated_letters,
)
from communique.components.patterns.projects import DESCRIPTORS
from spacy.tokens import Span

# what follows 港 when it is a word of its own and no port of the place before it (港口, 港务, 港澳)
NOT_PORT = "口务澳湾"
# what follows 州, 省, 市 or 县 when it is part of another word (州长, 省份, 州际, 州立大学, 省会, 省委, 市场, 市民, 县级;
# and 市政, but not 市政府)
NOT_PROVINCE = "长份际立会委场民级"
# what joins the members of a list of places, or the two ends of a route (北京和伯恩, 二连浩特—扎门乌德, 成都至维也纳)
LIST_SEPARATORS = "、和与及至—－"
# 等 and a kind of place close a list whose members are all places (马兰热、万博和威热等省)
PLACE_KINDS = ["城市", "城镇", "地区", "省份", "港口", "口岸", "地", "省", "州", "市"]
# the last character of many places' names, or the first of 共和国 and 自治州: a run of the alphabet before one is only
# part of a name (阿拉山|口, 布里亚特|共和国)
PLACE_ENDINGS = "口山港市省州县岛湖河江城镇村区湾峰堡界共自地"
# where a statement names a place by the slot it stands in: 在乌法举行, 于叶卡捷琳堡 (a signature line), 赴卢克索
VENUE_BEFORE = ("访问了", "在", "于", "赴")
VENUE_AFTER = [
    "举行",
    "举办",
    "召开",
    "签署",
    "签订",
    "会晤",
    "会见",
    "会谈",
    "参观",
    "考察",
    "访问",
    "出席",
    "两次",
]
# the particles and separators a place's name may be glued to by the segmenter (同|蒂罗尔州, 至|拉迪斯港)
GLUE = STOP_CHARS + LIST_SEPARATORS
# a province named by its direction (西部省, 北方省, 东高地省)
DIRECTIONS = "东西南北中"
# words the alphabet spells that name no place, in a place's slot or a list (在多次会晤中, 于近日签署, …港和相关设施)
NOT_PLACE_WORDS = (
    "多次",
    "历次",
    "一次",
    "此次",
    "本次",
    "每次",
    "相关",
    "有关",
    "近日",
    "那里",
    "这里",
    "当地",
    "其他",
    "其中",
)
# the most characters of a member of a list of places
LIST_MEMBER_LENGTH = 8
# what separates the ports of a series (景洪港、关累港，老挝会晒港和泰国清盛港)
PORT_SEPARATOR = re.compile("[、和及，]")
# the prepositions the segmenter may leave before the first port of a series (经卡拉奇港, 以安特卫普港)
PREPOSITIONS_BEFORE_A_PORT = "经以在从向对为至"
# what joins places that share one 地区 (中东和北非地区)
SHARING = "和、与及"
# the last character of a sea, bay, lake, river, cape or island: such a place shares no 地区 with the place after it
# (几内亚湾和大湖地区, 里海和南高加索地区: the 地区 is the second place's own)
FEATURE_ENDINGS = "海湾湖河江角岛峡"


class PlaceMatcher:
    def __init__(
        self,
        *,
        place_heads: dict[str, list[str]],
        alphabet: frozenset[str],
        clause_verbs: list[str],
        route_heads: list[str],
    ) -> None:
        self.region = re.compile(alternation(place_heads["region"]))
        self.port = re.compile(alternation(place_heads["port"]) + f"(?![{NOT_PORT}])")
        # a province or state named after a lake or river (伊塞克湖州), a city or county written with its 市 or 县
        # (连云港市); 州长, 省份, 市场 are other words
        self.province = re.compile(f"[州省市县](?![{NOT_PROVINCE}]|政(?!府))")
        self.venue = re.compile(alternation(place_heads["venue"]))
        self.alphabet = alphabet
        letters = transliterated_letters(alphabet)
        name = letters + "{2,6}"
        # a transliterated name (2 to 6 characters of the alphabet) on each side of 至, closed by 段 or by the head of
        # a route (诺维萨德至苏博蒂察段, 雅温得至杜阿拉高速公路); the name ends where a word of the route's starts
        # (杜阿拉|高速公路, 包考|沿海公路)
        route_words = alternation([*route_heads, *DESCRIPTORS])
        self.route_head = re.compile(route_words)
        end = f"(?:(?!{route_words}){letters}){{2,6}}"
        self.section = re.compile(f"({end})至({end})(?=段|{route_words})")
        # a whole run of the alphabet (from its start, or from the end of a name before it: 俄罗斯外贝加尔边疆区)
        # and a geographic head; 港口, 港务 are no port (NOT_PORT)
        self.geographic_name = re.compile(
            f"{name}(?:{alternation(place_heads['geographic'])})(?![{NOT_PORT}])"
        )
        self.run_start = re.compile(f"(?<!{letters})(?={letters})")
        self.letters = frozenset(letters[1:-1])
        # 堡 ends many places' names (叶卡捷琳堡) and no person's
        place_letters = letters[:-1] + "堡]"
        self.place_slot = re.compile(
            f"(?:{alternation(VENUE_BEFORE)})(?P<place>(?:(?!{alternation(VENUE_AFTER)}){place_letters}){{2,8}}(?:市|城)?)"
            f"(?=(?:{alternation(VENUE_AFTER)})|[，。；\\s]|$)"
        )
        self.direction_province = re.compile(
            f"(?:(?<![\\u4e00-\\u9fff])|(?<=[{STOP_CHARS}{LIST_SEPARATORS}]))[{DIRECTIONS}][部方]?(?:(?![各几一二三四五六七八九十]|沿海){NAME_CHAR}){{0,4}}?省(?![份长会])"
        )
        self.list_end = re.compile("等" + alternation(PLACE_KINDS))
        self.capital_in_slot = re.compile(f"([市城])(?={alternation(VENUE_AFTER)})")
        port_member = f"{NAME_CHAR}{{2,6}}?港(?![{NOT_PORT}])"
        self.ports = re.compile(f"{port_member}(?:[、和及，]{port_member})+")
        self.list_goes_on = re.compile(f"[{LIST_SEPARATORS}{STOP_CHARS}]|[^\u4e00-\u9fff]")
        # a character of a word before a run, where a list's first member cannot start: any but a particle, a
        # separator or a verb of motion (赴, 经: 赴马普托、贝拉…)
        self.inside_a_word = re.compile(f"(?![{STOP_CHARS}{LIST_SEPARATORS}赴经])[\u4e00-\u9fff]")
        self.clause_verb = re.compile(alternation(clause_verbs))

    def find(
        self,
        ents: Sequence[Span],
        text: str,
        persons: Iterable[Match] = (),
        word_starts: set[int] | None = None,
    ) -> Iterator[Match]:
        """Places extended by what follows them (地区, a port, a province's or city's head, a venue, the city of a
        province), both ends of X至Y段 and of a route, ports in a row and the members of lists. ``ents``: the Doc's
        entities; ``word_starts``: where the segmenter's words start (all offsets when None)."""
        places = [(ent.start_char, ent.end_char) for ent in ents if ent.label_ == "LOC"]
        geographic = [
            *self.geographic(ents, text, word_starts),
            *self.slots(ents, text),
            *self.port_series(ents, text, word_starts),
        ]
        # a province and its city written together are one place (云南昆明, 海南三亚, like 安徽屯溪), the city's 市 or 港
        # and a prefecture's 地区 too (新疆维吾尔自治区喀什地区)
        for (start, end), (next_start, next_end) in zip(places, places[1:], strict=False):
            if end == next_start:
                yield (start, self.second_head_end(text, next_start, next_end), "LOC", "")
        for start, end in [*places, *((start, end) for start, end, _, _ in geographic)]:
            extended = self.second_head_end(text, start, end)
            if extended > end:
                yield (start, extended, "LOC", "")
        # a venue takes the name of a place or of a person (the pattern ruler's persons: 尼雷尔)
        for start, end in [*places, *((start, end) for start, end, _, _ in persons)]:
            venue = self.venue.match(text, end)
            if venue:
                yield (start, venue.end(), "LOC", "")
        yield from self.sections(ents, text)
        # a bay named after a state (几内亚湾, 孟加拉湾); a capital that bears its state's name, in a place's slot (在突尼斯市
        # 举行; 中国城建, 突尼斯市场 are no places)
        for ent in ents:
            if ent.label_ != "STATE":
                continue
            if text.startswith("湾", ent.end_char):
                yield (ent.start_char, ent.end_char + 1, "LOC", "")
            capital = self.capital_in_slot.match(text, ent.end_char)
            if capital and text.endswith(VENUE_BEFORE, 0, ent.start_char):
                yield (ent.start_char, capital.end(1), "LOC", "")
        yield from geographic
        yield from self.lists(ents, text, [(start, end) for start, end, _, _ in geographic])

    def second_head_end(self, text: str, start: int, end: int) -> int:
        """Where a place found at (start, end) ends with what names another place after it (蒂巴尔湾港, 伊塞克湖州,
        蒙巴萨港): a port or province of that name, a city written with its 市 (连云港市), a region with 地区 unless the
        place already ends in it (咸海地区, 波斯湾地区); ``end`` when nothing follows."""
        second = self.port.match(text, end) or self.province.match(text, end)
        if not second and not text.endswith("地区", start, end):
            second = self.region.match(text, end)
        return second.end() if second else end

    def port_series(
        self, ents: Sequence[Span], text: str, word_starts: set[int] | None = None
    ) -> Iterator[Match]:
        """Two or more ports named in a row (景洪港、关累港和清盛港; 缅甸万崩港和泰国清盛港): each is a place, without the
        state, the verb or the preposition written before it, from a word's start (推动|鲁珀特王子港)."""
        state_ends = {ent.start_char: ent.end_char for ent in ents if ent.label_ == "STATE"}
        for series in self.ports.finditer(text):
            start = series.start()
            for member in PORT_SEPARATOR.split(series[0]):
                end = start + len(member)
                yield from self.port_member(text, start, end, state_ends, word_starts)
                start = end + 1

    def port_member(
        self, text: str, start: int, end: int, state_ends: dict[int, int], word_starts: set[int] | None
    ) -> Iterator[Match]:
        """A member of a series of ports: after the last verb inside it (支持建设|瓜达尔港), a state (泰国|清盛港), from a
        word's start, and after a preposition the segmenter left before it (经|卡拉奇港)."""
        start = max((verb.end() for verb in self.clause_verb.finditer(text, start, end)), default=start)
        start = state_ends.get(start, start)
        while word_starts is not None and start < end and start not in word_starts:
            start += 1
        if text[start : start + 1] in PREPOSITIONS_BEFORE_A_PORT:
            start += 1
        if end - start >= 3:
            yield (start, end, "LOC", "")

    @staticmethod
    def shared_regions(ents: Sequence[Span], text: str) -> dict[tuple[int, int], tuple[int, int]]:
        """Places that share one 地区 with the place before them (中东和北非地区, 几内亚湾和乍得湖地区) are each a place
        without it (the guidelines): the (start, end) of each such place with 地区 → its span without. A state before
        it shares nothing (阿富汗和中亚地区 keeps 中亚地区), nor a place that has its own (中亚地区和南亚地区), nor a sea,
        bay or lake, which is no region (几内亚湾和大湖地区)."""
        places = sorted((ent.start_char, ent.end_char) for ent in ents if ent.label_ == "LOC")
        without_region = {
            end
            for start, end in places
            if not text.endswith("地区", start, end) and text[end - 1] not in FEATURE_ENDINGS
        }
        return {
            (start, end): (start, end - 2)
            for start, end in places
            if end - start >= 4
            and text.endswith("地区", start, end)
            and text[start - 1 : start] in tuple(SHARING)
            and start - 1 in without_region
        }

    def slots(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """A transliterated name in a place's slot (在乌法举行, 于叶卡捷琳堡 at the end of a line, 赴卢克索参观) and a
        province named by its direction after a particle or separator (和北方省, 在西部省), where no name was
        found."""
        spans = sorted((ent.start_char, ent.end_char) for ent in ents)
        starts, ends = [start for start, _ in spans], [end for _, end in spans]
        for match in self.place_slot.finditer(text):
            place = match.span("place")
            if not self.overlaps(place, starts, ends) and not text.startswith(NOT_PLACE_WORDS, place[0]):
                yield (*place, "LOC", "")
        for match in self.direction_province.finditer(text):
            if not self.overlaps(match.span(), starts, ends):
                yield (match.start(), match.end(), "LOC", "")

    def geographic(
        self, ents: Sequence[Span], text: str, word_starts: set[int] | None = None
    ) -> Iterator[Match]:
        """A transliterated name and a geographic head (边疆区, 港, 省, 州, 河, 湖, 湾, 岛 …). The name starts where a
        run of the alphabet and a word start, after a verb of the clause, or where a name found before it ends (a
        state: 俄罗斯|外贝加尔边疆区), so a head never takes only the tail of a longer word."""
        ends = sorted({ent.end_char for ent in ents})
        for start in name_starts(text, self.run_start, self.clause_verb, word_starts, GLUE, ends):
            match = self.geographic_name.match(text, start)
            if not match:
                continue
            # a name found inside the run ends before the place: the place starts there (蒙古国东方省 → 东方省)
            inside = first_end_after(ends, start)
            if inside is None or inside >= match.end() - 1:
                yield (start, match.end(), "LOC", "")

    def sections(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """Both ends of X至Y段 and of a route X至Y公路 are places; X starts where the name before it ends (匈塞铁路诺维萨德) or after any
        character outside the alphabet."""
        ends = {ent.end_char for ent in ents}
        for match in self.section.finditer(text):
            start = match.start(1)
            for boundary in range(match.start(1) + 1, match.end(1) - 1):
                if boundary in ends:
                    start = boundary
            if (
                start == match.start(1)
                and start > 0
                and text[start - 1] in self.alphabet
                and start not in ends
            ):
                continue  # the run goes on before: no bounded name
            yield (start, match.end(1), "LOC", "")
            yield (match.start(2), match.end(2), "LOC", "")

    def lists(
        self, ents: Sequence[Span], text: str, places: Sequence[tuple[int, int]] = ()
    ) -> Iterator[Match]:
        """The members of a list of places: from a place found, or from the member before 等 and a kind of place,
        each neighbour across a separator that is a transliterated name (a run of the alphabet, after any verb of
        the clause: 在|马兰热、万博和威热等省) is a place too, and the list goes on from it. ``places``: the places
        found by their heads (蒂罗尔州)."""
        loc = {(ent.start_char, ent.end_char) for ent in ents if ent.label_ == "LOC"}.union(places)
        spans = sorted({(ent.start_char, ent.end_char) for ent in ents}.union(places))
        starts, ends = [start for start, _ in spans], [end for _, end in spans]
        anchors = sorted(loc)
        for match in self.list_end.finditer(text):
            member = self.member_before(text, match.start(), ends)
            if member and not self.overlaps(member, starts, ends):
                anchors.append(member)
        found = set(anchors)
        # only a place that ends where a list goes on or the clause does is a member (罗安达、…, 日内瓦举办 are;
        # 罗安达铁路、… names a railway)
        todo = [
            (start, end) for start, end in anchors if self.list_goes_on.match(text, end) or end == len(text)
        ]
        while todo:
            start, end = todo.pop()
            for member in (self.member_after(text, end, starts), self.member_before(text, start - 1, ends)):
                if member and member not in found and not self.overlaps(member, starts, ends):
                    found.add(member)
                    todo.append(member)
        provinces = {end: start for start, end in loc if text[end - 1] in "省州区"}
        for start, end in sorted(found - loc):
            # a province before its city (蒂罗尔州因斯布鲁克等地) is one place with it; a city before a city is not
            yield (provinces.get(start, start), end, "LOC", "")

    def member_after(self, text: str, end: int, starts: list[int]) -> tuple[int, int] | None:
        """The run of the alphabet after the separator at ``end``, up to the next name found; a place's own
        ending or a dash after it says the run is only part of the name (霍尔果斯、阿拉山|口,
        戈尔诺|－巴达赫尚自治州)."""
        if end >= len(text) or text[end] not in LIST_SEPARATORS:
            return None
        following = bisect.bisect_right(starts, end)
        limit = starts[following] if following < len(starts) else len(text)
        stop = end + 1
        while stop < limit and text[stop] in self.letters and not self.route_head.match(text, stop):
            stop += 1  # a route's word ends it (雅温得至杜阿拉|高速公路)
        if stop < limit and text[stop] in PLACE_ENDINGS + "－—":
            return None
        return self.member(text, end + 1, stop)

    def member_before(self, text: str, separator: int, ends: list[int]) -> tuple[int, int] | None:
        """The run of the alphabet before ``separator`` (a list separator, or 等 when it closes the list), back to
        the start of the run or the end of a name found, after any verb of the clause at its start."""
        if separator <= 0 or (text[separator] not in LIST_SEPARATORS and text[separator] != "等"):
            return None
        inside = bisect.bisect_left(ends, separator) - 1
        limit = ends[inside] if inside >= 0 else 0
        start = separator
        while start > limit and text[start - 1] in self.letters:
            start -= 1
        if start > limit and self.inside_a_word.match(text, start - 1):
            return None  # the run is the tail of a longer word (桑给|巴尔)
        while verb := self.clause_verb.match(text, start, separator):
            start = verb.end()
        return self.member(text, start, separator)

    @staticmethod
    def member(text: str, start: int, end: int) -> tuple[int, int] | None:
        if not 2 <= end - start <= LIST_MEMBER_LENGTH or text.startswith(NOT_PLACE_WORDS, start):
            return None
        return (start, end)

    @staticmethod
    def overlaps(member: tuple[int, int], starts: list[int], ends: list[int]) -> bool:
        """Whether a name found overlaps the member (bisect on the sorted starts: the names found do not overlap)."""
        index = bisect.bisect_left(starts, member[1]) - 1
        return index >= 0 and ends[index] > member[0]
