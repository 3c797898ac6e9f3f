"""Named infrastructure and zones (INITIATIVE) whose names no list holds: a transliterated name and an
infrastructure head (曼维莱水电站, 孔多克里夫－拉巴朗科萨水电站, 贝拉经济特区, 捷斯－图巴高速公路), a port or
airport named as a project (汉班托塔港项目, 博卡拉国际机场项目), and a China–partner prefix with a descriptor and a
head (中马友谊大桥, 中尼跨境铁路, 中新天津生态城). A place or state before the head is the institutions family's
(卡拉奇环城铁路项目); a generic head (公路, 经济特区, 该项目) is no name."""

import bisect
import re
from collections.abc import Iterator, Sequence

from communique.components.patterns.common import NAME_CHAR, Match, alternation, transliterated_letters

# a project of a named infrastructure keeps its 项目 (胡努特鲁电厂项目), and the work done on it when named with it
# (贝尔格拉诺货运铁路改造项目); 工程 and 建设 after a name are the work, not the name (中尼跨境铁路|工程)
PROJECT_TAILS = ["项目", "改造项目", "扩建项目", "升级改造项目"]
# heads that name a place on their own (汉班托塔港 is LOC) and a project only with 项目
PLACE_HEADS = ["深水港", "港", "国际机场", "机场"]
# heads too common after ordinary words to follow a transliterated name, named only with a China–partner prefix
# (中法海洋卫星; 发射通信卫星 is no name)
COMPOUND_HEADS = ["卫星"]
# a number or ordinal inside the name: 阿图查三号核电站, 卡姆巴拉塔1号水电站
UNIT_NUMBER = "(?:[0-9０-９一二三四五六七八九十]+[号期])?"
# descriptors between a transliterated name and its head: 货运 (铁路), 跨海 (大桥), 太阳能 (公园)
DESCRIPTOR = NAME_CHAR + "{0,4}?"


class ProjectMatcher:
    def __init__(
        self, *, project_heads: list[str], alphabet: frozenset[str], compound: str, clause_verbs: list[str]
    ) -> None:
        # verbs of the clause whose characters are also letters of the alphabet (实施, 加强): the name starts after
        # them, so that 加强卫星 is no satellite's name
        self.clause_verb = re.compile(alternation(clause_verbs))
        letters = transliterated_letters(alphabet)
        name = f"{letters}{{2,8}}(?:[·•]{letters}{{1,8}})*"
        joined = f"{name}(?:[－—-]{name})?"
        heads = alternation(project_heads)
        tails = alternation(PROJECT_TAILS)
        self.named = re.compile(
            f"{joined}{UNIT_NUMBER}{DESCRIPTOR}(?:{heads}(?:{tails})?|{alternation(PLACE_HEADS)}{tails})"
        )
        self.tail = re.compile(tails)
        compound_heads = alternation([*project_heads, *COMPOUND_HEADS])
        self.compound = re.compile(f"{compound}{DESCRIPTOR}{compound_heads}(?:{tails})?")
        self.run_start = re.compile(f"(?<!{letters})(?={letters})")

    def find(self, text: str, places: Sequence[tuple[int, int]]) -> Iterator[Match]:
        """Projects whose name starts where a run of the alphabet starts; ``places``: the (start, end) of the
        states and places found, before or by the places family. A name that runs over a place is the
        institutions family's (莫桑比克贝拉经济特区) or no project (罗克尔河流域电站, 桑托岛公路二期), unless the
        place is the whole name of a port or airport project (汉班托塔港项目)."""
        ends = sorted({end for _, end in places})
        # a name starts where its run starts or after a verb of the clause (中国企业利用|香农自由区)
        starts = {run.start() for run in self.run_start.finditer(text)}
        starts.update(verb.end() for verb in self.clause_verb.finditer(text))
        for start in sorted(starts):
            if self.clause_verb.match(text, start):
                continue  # the name starts after the verb
            match = self.named.match(text, start)
            if not match:
                continue
            inside = bisect.bisect_right(ends, start)
            if (
                inside < len(ends)
                and ends[inside] < match.end()
                and not self.tail.fullmatch(text, ends[inside], match.end())
            ):
                continue
            yield (start, match.end(), "INITIATIVE", "")
        for match in self.compound.finditer(text):
            yield (match.start(), match.end(), "INITIATIVE", "")
