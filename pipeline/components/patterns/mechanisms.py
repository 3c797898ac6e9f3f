"""Bilateral and multilateral mechanisms (ORG) composed from a China–partner prefix and a mechanism head:
中乌政府间合作委员会, 中坦经贸联委会, 中乌经贸科技联合小组, 中国－拉共体“四驾马车”外长对话, and their funds
(中哈产能合作基金). The open class is composed rather than listed; a bare head (工作组, 委员会) or a clause
(中美两国加强对话) is no name."""

import re
from collections.abc import Iterator

from communique.components.patterns.common import NAME_CHAR, NAME_CHARS, Match, alternation


class MechanismMatcher:
    def __init__(
        self, *, compound: str, org_heads: list[str], dialogue_heads: list[str], clause_words: list[str]
    ) -> None:
        # 等 and 以及 end a name: 中阿合作论坛等多边机制 names a forum and a kind of mechanism, 中国—东盟自由贸易区建设以及
        # 湄公河委员会 two things
        # a portfolio may list its fields with 、 (中阿经济、贸易和技术合作混合委员会, 中印经济关系、贸易和科学技术联合小组)
        self.compound_org = re.compile(
            compound
            + "(?:(?!等|以及)(?:"
            + NAME_CHARS
            + r"|、(?=[\u4e00-\u9fff]{2}))){0,14}?"
            + alternation(org_heads)
        )
        # a dialogue is a mechanism only when no verb or subject of the clause stands between the parties and it
        self.dialogue = re.compile(
            compound
            + "(?:(?!"
            + alternation(clause_words)
            + ")(?:"
            + NAME_CHAR
            + "|[“”0-9+]))"
            + r"{0,12}?"
            + alternation(dialogue_heads)
        )

        # a fund: 中哈产能合作基金, 中日韩合作基金; its name holds no particle nor verb of the clause (中亚国家欢迎中方通过丝路
        # 基金 names one fund, 丝路基金)
        self.fund = re.compile(
            compound + "(?:(?!" + alternation(clause_words) + ")" + NAME_CHAR + "){0,8}?基金会?"
        )

    def find(self, text: str) -> Iterator[Match]:
        for match in self.compound_org.finditer(text):
            yield (match.start(), match.end(), "ORG", "")
        for match in self.dialogue.finditer(text):
            yield (match.start(), match.end(), "ORG", "")
        for match in self.fund.finditer(text):
            yield (match.start(), match.end(), "ORG", "")
