"""Dates and money amounts; their values are set later by the normaliser (``communique.normalise``), whose
patterns these are, so that what is found is always what can be read."""

from collections.abc import Iterator

from communique.components.patterns.common import Match
from communique.normalise import DATE_PATTERN, Currencies


class NumberMatcher:
    def __init__(self, currencies: Currencies) -> None:
        self.money_pattern = currencies.pattern

    def find(self, text: str) -> Iterator[Match]:
        for match in DATE_PATTERN.finditer(text):
            if match["ay"] or (match["am"] and match["ad"]):
                yield (match.start(), match.end(), "DATE", "")
        for match in self.money_pattern.finditer(text):
            yield (match.start(), match.end(), "MONEY", "")
