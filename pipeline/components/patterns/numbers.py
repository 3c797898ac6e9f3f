"""Dates and money amounts; their values are set later by the normaliser (``communique.normalise``), whose
patterns these are, so that what is found is always what can be read."""

import re
from collections.abc import Iterator

from communique.components.patterns.common import Match
from communique.normalise import CN_DIGITS, DATE_PATTERN, MONEY_RANGE_JOINERS, Currencies

# the first amount of a range that names its currency once (10亿至15亿美元, 40亿—50亿美元): an amount with its unit
# right before 至, 到 or a dash and the second amount
RANGE_FIRST = re.compile(
    rf"(?:(?<![\d.．])\d+(?:[.．]\d+)?|(?<![{CN_DIGITS}])[{CN_DIGITS}]+)[万亿]+[{re.escape(MONEY_RANGE_JOINERS)}]\Z"
)
RANGE_REACH = 16


class NumberMatcher:
    def __init__(self, currencies: Currencies) -> None:
        self.money_pattern = currencies.pattern

    def find(self, text: str) -> Iterator[Match]:
        for match in DATE_PATTERN.finditer(text):
            if match["ay"] or (match["am"] and match["ad"]):
                yield (match.start(), match.end(), "DATE", "")
        for match in self.money_pattern.finditer(text):
            yield (match.start(), match.end(), "MONEY", "")
            first = RANGE_FIRST.search(text, max(0, match.start() - RANGE_REACH), match.start())
            if first:
                yield (first.start(), first.end() - 1, "MONEY", "")
