"""Titled names: 《…》 and quoted titles (DOC, INITIATIVE when the title is an 倡议), the statement's own heading,
titles written out without marks (中华人民共和国政府和X政府关于…的协定, 中欧全面投资协定), quoted initiatives
(“…”倡议), named principles and communities with a shared future (INITIATIVE)."""

import re
from collections.abc import Iterator, Sequence

from communique.components.patterns.common import NAME_CHAR, Match, alternation

# what joins the bodies that sign one agreement
BODY_JOINERS = ("和", "与", "同", "、", "及")
# what a title written out without marks never holds: punctuation that ends a clause or opens a quote
TITLE_CHAR = r"[^，。；：、《》“”「」\n]"
# …but what an agreement is about may list its subjects (关于促进、便利及保护投资的协定)
SUBJECT_CHAR = r"[^，。；：《》“”「」\n]"
# the heads of the agreements two governments sign, and of the plans they execute (…文化交流执行计划)
AGREEMENT_HEADS = ["执行计划", "议定书", "换文"]
# the verbs that end a clause's subject before an untitled agreement (…政府签署了合作协议, …政府高度重视执行计划的落实)
AGREEMENT_NAME_EDGES = [
    "签署",
    "签订",
    "决定",
    "同意",
    "商定",
    "了",
    "高度",
    "重视",
    "认为",
    "积极",
    "愿",
    "支持",
    "欢迎",
    "强调",
    "表示",
]
# the heads of an agreement named with a China–partner prefix (中欧全面投资协定, 中国－巴拿马自由贸易协定)
COMPOUND_AGREEMENT_HEADS = ["自由贸易协定", "协定", "协议", "条约", "议定书"]


# what a statement does with a named principle (坚持|和平共处五项原则)
PRINCIPLE_VERBS = "(?:坚持|恪守|遵循|奉行|践行)"


class TitleMatcher:
    def __init__(
        self,
        *,
        compound: str,
        initiative_heads: list[str],
        document_heads: list[str],
        clause_words: list[str],
    ) -> None:
        self.title = re.compile(r"《([^《》\n]{2,120})》")
        # the agreement of China's government (or state) with another, up to its head: after 关于 its subject up to
        # 的 and a kind (关于恢复互设总领事馆的协定, 关于…的谅解备忘录), else a short name of name characters
        # (1992年至1994年文化交流执行计划)
        agreement_heads = alternation([*document_heads, *AGREEMENT_HEADS])
        # what an agreement is about, up to the kind of document: 关于恢复互设总领事馆的协定, 关于…的谅解备忘录
        # (a list may stand in the subject: 关于促进、便利及保护投资的协定)
        subject = "关于" + SUBJECT_CHAR + "{1,60}?的" + NAME_CHAR + "{0,4}?"
        untitled_name = "(?:(?!" + alternation(AGREEMENT_NAME_EDGES) + ")" + NAME_CHAR + "|[0-9]){0,16}?"
        self.agreement = re.compile(
            "中华人民共和国(?:政府)?[和与同]"
            + TITLE_CHAR
            + "{2,30}?(?:"
            + subject
            + "|政府"
            + untitled_name
            + ")"
            + agreement_heads
        )
        # what follows the second of two bodies that sign an agreement
        self.agreement_subject = re.compile(subject + agreement_heads)
        # what continues an agreement's title: the instrument that amends or carries it out (…运输协定修订议定书,
        # 文化合作协定一九八四年至一九八五年执行计划)
        year = "[0-9〇○零一二三四五六七八九]{4}年"
        self.instrument = re.compile(f"(?:修订|补充)议定书|(?:{year}(?:至{year})?(?:度)?)?执行计划")
        not_clause = "(?!" + alternation(clause_words) + ")"
        self.compound_agreement = re.compile(
            compound + "(?:" + not_clause + NAME_CHAR + "){0,8}?" + alternation(COMPOUND_AGREEMENT_HEADS)
        )
        heads = alternation(initiative_heads)
        # “新乌兹别克斯坦”发展战略: the quotes stay inside; “撒马尔罕团结倡议－…”: the quotes wrap the name
        self.quoted_initiative = re.compile(r"“[^“”\n]{2,30}”" + NAME_CHAR + "{0,2}?" + heads)
        self.quoted_named_initiative = re.compile(r"“([^“”\n]{0,20}" + heads + r"[^“”\n]{0,30})”")
        self.quoted_document = re.compile(r"“([^“”\n]{2,80}?" + alternation(document_heads) + ")”")
        self.community = re.compile(
            r"(?:"
            + compound
            + r"|人类|中国－[\u4e00-\u9fff]{2,4}|中国—[\u4e00-\u9fff]{2,4})"
            + r"[\u4e00-\u9fff]{0,6}?命运共同体"
        )
        # the statement's own heading line: 中华人民共和国和…联合声明, …行动计划（2022—2024年） (Markdown marks allowed
        # around it)
        self.heading = re.compile(
            r"^[#*\s]*(?:全文\s*\|\s*)?([^\n《》]{4,150}?(?:联合声明|联合宣言|联合公报|宣言|声明|公报|行动计划(?:（[^（）\n]{4,20}）)?))[*\s]*$",
            re.M,
        )
        self.named_principle = re.compile(PRINCIPLE_VERBS + r"([\u4e00-\u9fff]{2,12}原则)")
        # …and principles counted by their number after a list's joiner (和平共处五项原则和|亚非会议十项原则)
        self.counted_principle = re.compile(
            r"(?:[和、与及]|"
            + PRINCIPLE_VERBS
            + r")((?:(?![的和与及])[\u4e00-\u9fff]){2,8}?[一二三四五六七八九十]+项原则)"
        )
        self.initiative_heads = tuple(initiative_heads)

    def agreements(self, bodies: Sequence[tuple[int, int]], text: str) -> Iterator[Match]:
        """The agreement of two or more named bodies, its title written out without marks (中华人民共和国商务部和格鲁吉亚
        经济和可持续发展部关于…的谅解备忘录, 中华人民共和国政府、日本国政府及大韩民国政府关于…的协定): ``bodies``, the
        (start, end) of the organisations found, in text order."""
        first = None  # where the run of joined bodies starts
        for (start, end), (next_start, next_end) in zip(bodies, bodies[1:], strict=False):
            if text[end:next_start] not in BODY_JOINERS:
                first = None
                continue
            first = start if first is None else first
            subject = self.agreement_subject.match(text, next_end)
            if subject:
                yield (first, subject.end(), "DOC", "")

    def instruments(self, documents: Sequence[tuple[int, int]], text: str) -> Iterator[Match]:
        """A document found and the instrument named after it are one title: ``documents``, the (start, end) of the
        documents found."""
        for start, end in documents:
            instrument = self.instrument.match(text, end)
            if instrument:
                yield (start, instrument.end(), "DOC", "")

    def find(self, text: str) -> Iterator[Match]:
        for match in self.heading.finditer(text):
            yield (match.start(1), match.end(1), "DOC", "")
        for match in self.named_principle.finditer(text):
            if not re.search(r"宗旨|的|和(?!平)|与|及", match[1]):
                yield (match.start(1), match.end(1), "INITIATIVE", "")
        for match in self.counted_principle.finditer(text):
            yield (match.start(1), match.end(1), "INITIATIVE", "")
        for match in self.title.finditer(text):
            inner = match[1]
            start, end = match.start(1), match.end(1)
            if inner.startswith("“") and inner.endswith("”"):
                start, end, inner = start + 1, end - 1, inner[1:-1]
            yield (start, end, "INITIATIVE" if inner.endswith("倡议") else "DOC", "")
        for match in self.quoted_document.finditer(text):
            yield (match.start(1), match.end(1), "DOC", "")
        for match in self.agreement.finditer(text):
            yield (match.start(), match.end(), "DOC", "")
        for match in self.compound_agreement.finditer(text):
            yield (match.start(), match.end(), "DOC", "")
        for match in self.quoted_initiative.finditer(text):
            quoted = match.group()[1 : match.group().index("”")]
            # 共建“一带一路”旗舰项目: the quotes wrap a name the knowledge base has; what follows is no name
            if not quoted.endswith(self.initiative_heads) and not text.endswith("共建", 0, match.start()):
                yield (match.start(), match.end(), "INITIATIVE", "")
        for match in self.quoted_named_initiative.finditer(text):
            yield (match.start(1), match.end(1), "INITIATIVE", "")
        for match in self.community.finditer(text):
            yield (match.start(), match.end(), "INITIATIVE", "")
