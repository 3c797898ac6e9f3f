"""Places composed from a place already found (LOC): a region with 地区 (南高加索地区, 印度洋地区), a port named after its
place (蒙巴萨港, 巴库国际海港), a venue named after a place or a person (尼雷尔国际会议中心), the two ends of a
railway or road section (诺维萨德至苏博蒂察段), and a transliterated name before a geographic head (拉迪斯港,
蒂罗尔州, 色楞格河, 外贝加尔边疆区), whose names no list holds but whose shape says they are places."""

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

from communique.components.patterns.common import Match, alternation, transliterated_letters
from spacy.tokens import Span

# what follows 港 when it is a word of its own and no port of the place before it (港口, 港务, 港澳)
NOT_PORT = "口务澳湾"


class PlaceMatcher:
    def __init__(self, *, place_heads: dict[str, list[str]], alphabet: frozenset[str]) -> None:
        self.region = re.compile(alternation(place_heads["region"]))
        self.port = re.compile(alternation(place_heads["port"]) + f"(?![{NOT_PORT}])")
        self.venue = re.compile(alternation(place_heads["venue"]))
        # a transliterated name (2 to 6 characters of the alphabet) on each side of 至, closed by 段: 诺维萨德至苏博蒂察段
        self.alphabet = alphabet
        letters = transliterated_letters(alphabet)
        name = letters + "{2,6}"
        self.section = re.compile(f"({name})至({name})段")
        # a whole run of the alphabet (from its start, or from the end of a name before it: 俄罗斯外贝加尔边疆区)
        # and a geographic head; 港口, 港务 are no port (NOT_PORT)
        self.geographic_name = re.compile(
            f"{name}(?:{alternation(place_heads['geographic'])})(?![{NOT_PORT}])"
        )
        self.run_start = re.compile(f"(?<!{letters})(?={letters})")

    def find(self, ents: Sequence[Span], text: str, persons: Iterable[Match] = ()) -> Iterator[Match]:
        """Places extended by what follows them (地区, a port, a venue) and both ends of X至Y段. ``ents``: the Doc's
        entities."""
        places = [(ent.start_char, ent.end_char) for ent in ents if ent.label_ == "LOC"]
        for start, end in places:
            # a region and 地区 are one name (咸海地区), unless the place already ends in it
            if not text.endswith("地区", start, end):
                region = self.region.match(text, end)
                if region:
                    yield (start, region.end(), "LOC", "")
            port = self.port.match(text, end)
            if port:
                yield (start, port.end(), "LOC", "")
        # a venue takes the name of a place or of a person (the pattern ruler's persons: 尼雷尔)
        for start, end in [*places, *((start, end) for start, end, _, _ in persons)]:
            venue = self.venue.match(text, end)
            if venue:
                yield (start, venue.end(), "LOC", "")
        yield from self.sections(ents, text)
        yield from self.geographic(ents, text)

    def geographic(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """A transliterated name and a geographic head (边疆区, 港, 省, 州, 河, 湖, 湾, 岛 …). The name starts where a
        run of the alphabet starts or where a name found before it ends (a state: 俄罗斯|外贝加尔边疆区), so a
        head never takes only the tail of a longer word."""
        ends = sorted({ent.end_char for ent in ents})
        starts = {match.start() for match in self.run_start.finditer(text)}.union(ends)
        for start in sorted(starts):
            match = self.geographic_name.match(text, start)
            if not match:
                continue
            # a name found inside the run ends before the place: the place starts there (蒙古国东方省 → 东方省); the
            # first entity end after ``start`` (bisect, not a scan of every end: that was quadratic on long texts)
            inside = bisect.bisect_right(ends, start)
            if inside == len(ends) or ends[inside] >= match.end() - 1:
                yield (start, match.end(), "LOC", "")

    def sections(self, ents: Sequence[Span], text: str) -> Iterator[Match]:
        """Both ends of X至Y段 are places; X starts where the name before it ends (匈塞铁路诺维萨德) or after any
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
