"""Events: numbered meetings and games (第N届…博览会, …委员会第N次会议, 第三轮中德政府磋商), what follows 举办/举行
(…论坛/峰会, …问题高级别国际会议), China–partner forums (ORG when the text treats one as a standing framework:
…论坛框架下), a summit named by its organisation and its city (上海合作组织天津峰会, 二十国集团领导人杭州峰会), games
and expositions named by their year (2030年世界博览会), climate conferences named by their city (德班气候变化会议),
quoted competitions (“汉语桥”中文比赛 → 汉语桥), themed years (宣布2024年为…年, 中俄旅游年, “…年”)."""

import re
from collections.abc import Iterator, Sequence

from communique.components.patterns.common import NAME_CHAR, NAME_CHARS, ORDINAL, Match, alternation
from spacy.tokens import Span

# particles that open a clause and stand inside no meeting's name
CLAUSE_MARKS = "将的在是把由已于"
# words that say who meets or how, and name no meeting (第九届|部长级|会议, 首次|领导人|会议, 第七次|单独|会晤)
GENERIC_SESSION_WORDS = [
    "领导人",
    "国家元首",
    "元首",
    "外长",
    "部长级",
    "部长",
    "首脑",
    "高官",
    "单独",
    "正式",
    "非正式",
]


ORGANISING_COMMITTEE = re.compile("组织委员会|组委会")
# what makes a clause of the words between 举行的 and a head (举行的会谈中达成的共识为两国峰会)
CLAUSE_INSIDE = re.compile("[的了在]")
# words before a meeting held that name no meeting (举行的双边会晤, 举行的此次会议)
NOT_HELD_NAMES = re.compile(
    "双边|多边|首次|此次|本次|这次|上次|下次|两国|三国|四国|双方|各方|年度|定期|系列|有关|相关|各种|各类"
)
# the UN's officers and what they do, which name no conference of it (联合国秘书长主持会议)
NOT_IN_CONFERENCE_NAMES = ["秘书长", "主持", "致信", "发表", "出席"]
# the meetings of leaders, ministers and officials that a China–partners format holds as a standing mechanism
MINISTERIAL_HEADS = [
    "部长会议",
    "部长级会议",
    "外长会议",
    "外长会",
    "财长会议",
    "领导人会议",
    "高官会议",
    "高官会",
    "负责人会议",
]


class EventMatcher:
    def __init__(
        self,
        *,
        compound: str,
        event_heads: list[str],
        event_verbs: list[str],
        summit_heads: list[str],
        themed_year_heads: list[str],
        games_heads: list[str],
        standing_cues: list[str],
    ) -> None:
        # at least two characters of name between the ordinal and the head: 首届峰会 alone names no event
        # (a numbered dialogue or meeting is one session of a mechanism: 第九次中欧高级别战略对话)
        # the name holds no verb of the clause nor a particle that opens one (首次|将支持…写入峰会, 首次|举行单独会晤);
        # 和, 与 and 对 may stand inside (第二届中非和平安全论坛, 世界和平与发展大会)
        self.ordinal_event = re.compile(
            ORDINAL
            + r"(?:、"
            + ORDINAL
            + r"){0,5}[届次](?P<name>(?:(?!"
            + alternation(event_verbs)
            + f")[^{CLAUSE_MARKS}，。；、：\n])"
            + r"{2,30}?)"
            + alternation([*event_heads, "对话", "会晤"])
        )
        # who meets is no name of the meeting: 第九届部长级会议, 第七次单独会晤 are sessions of something named before
        self.generic_session = re.compile(alternation(GENERIC_SESSION_WORDS))
        # “一带一路”国际合作高峰论坛: a quoted name and an event head
        self.quoted_event = re.compile(
            r"“[^“”\n]{2,20}”[\u4e00-\u9fff]{0,12}?" + alternation(event_heads[:6])
        )
        # 举办中拉文明对话论坛和中拉媒体论坛: two events joined by 和, 与, 及 or 、
        self.joined_events = re.compile(
            "(?:" + "|".join(f"(?<={re.escape(head)})" for head in event_heads) + ")[和与及、]"
        )
        # …委员会第七次会议, 二十国集团领导人第十九次峰会, 联合国第四次最不发达国家问题会议: the preceding
        # organisation opens the EVENT
        # (the organisation's council or its leaders may stand between: 上海合作组织成员国元首理事会第十六次会议)
        self.ordinal_meeting = re.compile(
            r"(?:成员国)?(?:元首理事会|政府首脑理事会|外长理事会|领导人|元首|外长|首脑|部长级)?"
            + ORDINAL
            + r"[次届]"
            + NAME_CHAR
            + r"{0,12}?"
            + alternation([*event_heads, "会晤"])
        )
        # an event named by the clause that held it (在哈尔滨举行的|中俄印三国外长第六次会晤, 在万隆举行的|亚非会议, 1995年
        # 5月举行的|不扩散核武器条约缔约国审议和延期大会): between 举行的 and the first head, a name that may hold 和 or 同
        self.held_event = re.compile(
            "(?:举行|召开|举办)的"
            + r"(?P<name>[\u4e00-\u9fff0-9“”－—]{2,30}?)"
            + alternation([*event_heads, "会晤", "外长会晤", "领导人会晤", "元首会晤", "首脑会晤", "对话会"])
        )
        # 每年举办一次…论坛: how often is no part of the name; the name holds no particle (参加明年举办的第三届…)
        self.verb_event = re.compile(
            alternation(event_verbs)
            + r"了?的?(?:一次|每年|定期)?("
            + compound
            + NAME_CHARS
            + r"{0,30}"
            + alternation(event_heads)
            + r"|"
            + NAME_CHAR
            + r"{2,10}(?:国际|高级别)"
            + NAME_CHARS
            + r"{0,20}?"
            + alternation(event_heads)
            + ")"
        )
        # 下一次会议, 新一次会议 name no meeting of their own (the mechanism before them is the name)
        self.unnumbered_meeting = re.compile(r"[新下]一?次|全体会议")
        self.themed_year = re.compile(
            r"(?:\d{4}年|[该今明]年)(?:定为|确定为|为)“?([\u4e00-\u9fff－—-]{2,14}?年)”?(?=[，。；、]|$)"
        )
        # 中俄旅游年, 中国—中亚人文交流年: a China–partner prefix and a themed-year head (not 中乌建交30年)
        self.compound_year = re.compile(
            compound + r"[\u4e00-\u9fff]{0,8}?" + alternation(themed_year_heads) + r"(?![来代度份轻])"
        )
        self.compound_event = re.compile(compound + r"[\u4e00-\u9fff]{0,10}?" + alternation(event_heads[:4]))
        # 中日韩经贸部长会议, 中国－拉共体论坛部长级会议: the ministers of a China–partners format meeting on a field
        # are a standing mechanism (ORG), one session only when held (举行中日韩外长会议) or numbered
        self.compound_ministerial = re.compile(
            compound
            + r"(?:(?!第|首届|首次|愿|"
            + alternation(event_verbs)
            + ")"
            + NAME_CHAR
            + r"){0,8}?"
            + alternation(MINISTERIAL_HEADS)
        )
        # 举行, 举办的 …: what holds an event, found inside a match or right before one
        held = alternation(event_verbs) + "[了的]?"
        self.held_by = re.compile(held)
        self.held_just_before = re.compile(held + r"\Z")
        self.held_reach = max(map(len, event_verbs)) + 1  # the longest verb and its particle (举办的)
        # 中蒙俄元首第三次会晤: a China–partners prefix, who meets, and a numbered session
        self.compound_session = re.compile(
            compound
            + r"(?:元首|领导人|外长|首脑|总理)"
            + ORDINAL
            + r"[次届]"
            + alternation(["会晤", "会议", "峰会"])
        )
        self.quoted_year = re.compile(r"“([\u4e00-\u9fff]{1,9}[^一二三四五六七八九十百千\W\d]年)”")
        # after an organisation: an optional city and a summit head (上海合作组织天津峰会, 中非合作论坛约翰内斯堡峰会,
        # 二十国集团领导人杭州峰会)
        self.summit = re.compile(
            r"(?:成员国)?(?:领导人)?(?P<place>[\u4e00-\u9fff]{0,6}?)" + alternation(summit_heads)
        )
        # an organisation's annual meeting of a year: 博鳌亚洲论坛2018年年会
        self.annual_meeting = re.compile(r"(?:\d{4}年)?年会")
        # a number before a named mechanism makes one session of it: 第三轮中德政府磋商
        self.ordinal_before = re.compile(ORDINAL + r"[届次轮]$")
        # games and expositions named by their year (and city), in either numerals: 2030年世界博览会, 2026年达喀尔青年
        # 奥运会, 二○○八年北京奥运会
        games = alternation(games_heads)
        self.year_games = re.compile(
            r"(?:\d{4}|[○〇零一二三四五六七八九]{4})年" + NAME_CHAR + "{0,6}?" + games
        )
        # numbered games after their city: 杭州第19届亚洲运动会
        self.numbered_games = re.compile(ORDINAL + "届" + NAME_CHAR + "{0,6}?" + games)
        # two events, or an occasion and an event, joined by 暨 are one (中缅建交70周年暨中缅文化旅游年, …论坛暨第十三届
        # …交易会): the occasion opens with a China–partner prefix
        self.occasion = re.compile(compound + "(?:" + NAME_CHAR + "|[0-9])" + "{1,10}?暨")
        # …or an event named after a place or organisation found (大湄公河次区域|工商论坛暨…)
        self.event_before_mark = re.compile(NAME_CHAR + "{0,8}?" + alternation(event_heads) + "(?=暨)")
        # after a place: 德班气候变化会议, (联合国)格拉斯哥气候变化大会
        self.climate_conference = re.compile("气候变化(?:大会|会议)")
        # “汉语桥”中文比赛: the quoted name of a competition is the EVENT
        self.quoted_competition = re.compile(r"“([^“”\n]{2,12})”(?:中文|汉语|国际)?(?:比赛|大赛|竞赛)")
        self.standing_cues = tuple(standing_cues)
        # a conference of the United Nations on a subject: 联合国生物多样性大会, 联合国气候变化巴黎大会 (联合国大会 alone is
        # the organisation)
        self.un_conference = re.compile(
            "(?:(?!"
            + alternation([*event_verbs, *NOT_IN_CONFERENCE_NAMES])
            + ")"
            + NAME_CHAR
            + "){2,10}?(?:大会|会议)"
        )

    def find(self, text: str, named: list[tuple[int, int]]) -> Iterator[Match]:
        for match in self.quoted_year.finditer(text):
            yield (match.start(1), match.end(1), "EVENT", "")
        for match in self.compound_event.finditer(text):
            # 在中拉数字技术合作论坛框架下: a standing forum is an institution
            standing = match[0].endswith("论坛") and text.startswith(self.standing_cues, match.end())
            yield (match.start(), match.end(), "ORG" if standing else "EVENT", "")
        for match in self.compound_ministerial.finditer(text):
            held = self.held_just_before.search(text, max(0, match.start() - self.held_reach), match.start())
            yield (match.start(), match.end(), "EVENT" if held else "ORG", "")
        for match in self.compound_session.finditer(text):
            yield (match.start(), match.end(), "EVENT", "")
        for match in self.year_games.finditer(text):
            yield (match.start(), match.end(), "EVENT", "")
        for match in self.quoted_competition.finditer(text):
            yield (match.start(1), match.end(1), "EVENT", "")
        for start, end in named:
            ordinal = self.ordinal_before.search(text, max(0, start - 8), start)
            if ordinal:
                yield (ordinal.start(), end, "EVENT", "")
        for match in self.ordinal_event.finditer(text):
            if len(self.generic_session.sub("", match["name"])) >= 2:
                yield (match.start(), match.end(), "EVENT", "")
        # from the end of each name: a match found by scanning could start inside the name (…成员国|元首理事会第六次
        # 会议 when the name holds the council) and hide the one at its end
        for start, end in named:
            match = self.ordinal_meeting.match(text, end)
            if match:
                yield (start, match.end(), "EVENT", "")
        for match in self.held_event.finditer(text):
            # who meets is no name (举行的双边会晤, 举行的领导人会议), nor a meeting of the statement's own (举行的本次会议),
            # a kind of meeting (举办的各类商品交易会) or a plenary of a body (…委员会全体会议)
            name = match["name"]
            if (
                NOT_HELD_NAMES.match(name)
                or self.unnumbered_meeting.search(match[0])
                or CLAUSE_INSIDE.search(name)
            ):
                continue
            if len(self.generic_session.sub("", NOT_HELD_NAMES.sub("", name))) >= 2:
                yield (match.start("name"), match.end(), "EVENT", "")
        for match in self.verb_event.finditer(text):
            if self.unnumbered_meeting.search(match[1]):
                continue
            start = match.start(1)
            for joint in self.joined_events.finditer(text, start, match.end(1)):
                yield (start, joint.start(), "EVENT", "")
                start = joint.end()
            # the last event may be held by a clause of its own (…博览会和在厦门举办的|中国国际投资贸易洽谈会)
            start = max(
                (held.end() for held in self.held_by.finditer(text, start, match.end(1))), default=start
            )
            yield (start, match.end(1), "EVENT", "")
        for match in self.quoted_event.finditer(text):
            yield (match.start(), match.end(), "EVENT", "")
        for match in self.themed_year.finditer(text):
            yield (match.start(1), match.end(1), "EVENT", "")
        for match in self.compound_year.finditer(text):
            yield (match.start(), match.end(), "EVENT", "")

    @staticmethod
    def organising_committees(ents: Sequence[Span], text: str) -> Iterator[Match]:
        """The organising committee of an event is an institution named with it (第二十九届奥林匹克运动会组织委员会,
        温哥华冬奥会组委会)."""
        for ent in ents:
            if ent.label_ == "EVENT":
                committee = ORGANISING_COMMITTEE.match(text, ent.end_char)
                if committee:
                    yield (ent.start_char, committee.end(), "ORG", "")

    def joined(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """An event joined by 暨 to the name before it is one event with it: an organisation or event found
        (大湄公河次区域工商论坛暨第十三届昆明进出口商品交易会, the guidelines' …论坛暨“乌兹别克斯坦制造”展) or an occasion of
        a China–partner prefix (中缅建交70周年暨中缅文化旅游年). ``ents``: the Doc's entities after every family."""
        # where the name before a 暨 starts, by the offset of the 暨
        before = {ent.end_char: ent.start_char for ent in ents if ent.label_ in ("ORG", "EVENT")}
        for ent in ents:
            named = self.event_before_mark.match(text, ent.end_char) if ent.label_ in ("LOC", "ORG") else None
            if named:
                before.setdefault(named.end(), ent.start_char)
        for ent in ents:
            if ent.label_ != "EVENT" or text[ent.start_char - 1 : ent.start_char] != "暨":
                continue
            start = before.get(ent.start_char - 1)
            if start is None:
                occasion = self.occasion.search(text, max(0, ent.start_char - 16), ent.start_char)
                start = occasion.start() if occasion and occasion.end() == ent.start_char else None
            if start is not None:
                yield (start, ent.end_char, "EVENT", "")

    def summits(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """An organisation, then nothing or a known place, then a summit head: one EVENT; and a place before a
        climate conference or a summit. ``ents``: the Doc's entities, read once (``Doc.ents`` builds every span anew
        on each access)."""
        places = {(ent.start_char, ent.end_char) for ent in ents if ent.label_ in ("LOC", "STATE")}
        for start, end in places:
            conference = self.climate_conference.match(text, end)
            if conference:
                start = start - 3 if text.endswith("联合国", 0, start) else start
                yield (start, conference.end(), "EVENT", "")
        # a summit named by its city alone: 出席北京峰会 (a standing summit the knowledge base lists, 东亚峰会, wins);
        # numbered games after their city (杭州第19届亚洲运动会)
        for ent in ents:
            if ent.label_ == "LOC" and text.startswith("峰会", ent.end_char):
                yield (ent.start_char, ent.end_char + 2, "EVENT", "")
            games = self.numbered_games.match(text, ent.end_char) if ent.label_ == "LOC" else None
            if games:
                yield (ent.start_char, games.end(), "EVENT", "")
        for ent in ents:
            if ent.label_ != "ORG":
                continue
            # a session of an organisation's council named with its organisation (上海合作组织成员国元首理事会会议; the
            # council named alone stays the body: 出席元首理事会会议)
            if ent.text.endswith("理事会") and "组织" in ent.text and text.startswith("会议", ent.end_char):
                yield (ent.start_char, ent.end_char + 2, "EVENT", "")
            conference = self.un_conference.match(text, ent.end_char) if ent.text == "联合国" else None
            if conference:
                yield (ent.start_char, conference.end(), "EVENT", "")
            annual = self.annual_meeting.match(text, ent.end_char)
            if annual:
                yield (ent.start_char, annual.end(), "EVENT", "")
            match = self.summit.match(text, ent.end_char)
            if match and (not match["place"] or (match.start("place"), match.end("place")) in places):
                yield (ent.start_char, match.end(), "EVENT", "")
