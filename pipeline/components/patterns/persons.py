"""Persons: a name right after a head-of-state title (总统米尔济约耶夫), transliterated names with a separator
(穆罕默德·本·扎耶德, 阿卜杜勒－法塔赫·塞西, 卡瑟姆-若马尔特·托卡耶夫), then every later mention of them or of
their parts. A name has no title, no particle (的, 前, 了) and no neighbouring word: its outer edges stop where the
transliteration alphabet stops, and two names joined by 和 or 与 are two names."""

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.components.patterns.common import STOP_CHARS, Match, alternation

TRANSLITERATION_PATH = Path(__file__).parents[2] / "lexicons" / "transliteration_chars.txt"
SURNAMES_PATH = Path(__file__).parents[2] / "lexicons" / "surnames.txt"
# a name written in characters after a title (外长王毅, 总统文在寅, 首相安倍晋三) has two to four of them
CHARACTER_NAME_LENGTH = (2, 4)
# the dot forms statements use between the parts of a name (· U+00B7, • U+2022, ‧ U+2027, ・ U+30FB)
DOTS = "·•‧・"
# hyphens and dashes also join parts, but only in a name that has a dot too (中国－中亚 is no person)
DASHES = "－—-"
# the most parts a name has (穆罕默德·本·扎耶德·阿勒纳哈扬 has four; Iberian names up to six)
MAX_PARTS = 8
# particles and words never part of a name: a name ends before them, or starts after them
NOT_IN_NAME = "的前了后"
# words next to a name that are none of it: verbs after it (代表两国政府签署), titles and forms of address
# before it (夫人埃列娜·齐奥塞斯库, 外交秘书米洛什·米尼奇)
# …and forms of address after it (诺曼·白求恩大夫, …博士, …阁下)
NOT_NAME_WORDS = [
    "邀请",
    "会见",
    "感谢",
    "出席",
    "代表",
    "夫人",
    "秘书",
    "大夫",
    "博士",
    "先生",
    "女士",
    "阁下",
    "殿下",
    "陛下",
]
# what follows a transliterated place or founder's name in the name of a thing (爱德华多·蒙德拉内大学)
THING_HEADS = ["大学", "学院", "大桥", "大街", "大道", "大厦", "大坝", "港口", "项目", "公司", "基金"]


def transliteration_alphabet(names: Iterable[str] = ()) -> frozenset[str]:
    """The curated transliteration characters and those of the known names."""
    with TRANSLITERATION_PATH.open(encoding="utf-8") as handle:
        chars = {c for line in handle if not line.startswith("#") for c in line.strip()}
    for name in names:
        chars.update(c for c in name if "\u4e00" <= c <= "\u9fff")
    return frozenset(chars)


def bundled_surnames() -> list[str]:
    """The surnames that may begin a name written in characters (``lexicons/surnames.txt``)."""
    with SURNAMES_PATH.open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


class PersonMatcher:
    def __init__(self, *, person_titles: list[str], alphabet: frozenset[str], surnames: list[str]) -> None:
        self.alphabet = alphabet
        self.surnames = tuple(surnames)
        self.after_title = re.compile(
            alternation(person_titles)
            # a signature line spaces the name from the title (外交部长　姬鹏飞)
            + r"\s*"
            # a particle or preposition after a title starts no name (主席在成都会见…: 在 is in the alphabet)
            + f"(?!邀请|会见|感谢|出席|举行|访问|[{STOP_CHARS}])"
            + r"([\u4e00-\u9fff"
            + DOTS
            + DASHES
            + r"]{2,24}?)"
            r"(?=邀请|于|对(?!话)|，|、|感谢|和|同|与|举行|进行|出席|表示|会见|会谈|访|来华|主持|共同|也|分别|在|的|等|\s|$)"
        )
        # from the start of a run of characters and separators only, each part taken whole: a match from inside
        # the run would end where the one from its start ends, and trying every position made long runs quadratic
        part = r"[\u4e00-\u9fff]++"
        self.dotted = re.compile(
            rf"(?<![\u4e00-\u9fff{DOTS}{DASHES}]){part}(?:[{DASHES}]{part})*+(?:[{DOTS}]{part})(?:[{DOTS}{DASHES}]{part})*+"
        )
        self.split = re.compile(f"[{DOTS}{DASHES}]")
        self.joined = re.compile("[和与及]")
        self.edge = re.compile(
            alternation([*person_titles, *STOP_CHARS, *NOT_IN_NAME, *THING_HEADS, *NOT_NAME_WORDS])
        )
        self.title = re.compile(alternation([*person_titles, "兼"]))

    def trim(self, run: str) -> str | None:
        """The name inside a run like 总理穆罕默德·夏巴兹·谢里夫于 or 支持爱德华多·蒙德拉内大学: titles, particles
        and characters outside the transliteration alphabet cut off the outer edges; None when a part is left
        empty."""
        separators = self.split.findall(run)
        parts = self.split.split(run)
        # 让-克洛德·容克在布鲁塞尔主持中国—欧盟…: a word inside a middle part ends the name there
        for index in range(1, len(parts) - 1):
            if self.edge.search(parts[index], 1):
                parts, separators = parts[: index + 1], separators[:index]
                break
        first = [m.end() for m in self.edge.finditer(parts[0])]
        parts[0] = parts[0][first[-1] :] if first else parts[0]
        last = self.edge.search(parts[-1], 1)
        parts[-1] = parts[-1][: last.start()] if last else parts[-1]
        keep = len(parts[0])
        while keep and parts[0][keep - 1] in self.alphabet:
            keep -= 1
        parts[0] = parts[0][keep:][-6:]
        keep = 0
        while keep < len(parts[-1]) and parts[-1][keep] in self.alphabet:
            keep += 1
        parts[-1] = parts[-1][:keep][:8]
        if not all(parts):
            # 中国－阿卜杜勒·塞西: an outer part with nothing of a name left is dropped with its separator
            if len(parts) > 2 and not parts[0]:
                return self.trim(run[run.index(separators[0]) + 1 :])
            if len(parts) > 2 and not parts[-1]:
                return self.trim(run[: run.rindex(separators[-1])])
            return None
        return parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))

    def is_name(self, run: str) -> bool:
        """Whether the run after a title is a name: written in the transliteration alphabet (索利斯, 基思·米切尔), or
        two to four characters after a surname (王毅, 文在寅). What else follows a title is a word (外长战略对话,
        国家主席首次访问, 外交部长和代表)."""
        if all(c in self.alphabet or c in DOTS or c in DASHES for c in run):
            return True
        shortest, longest = CHARACTER_NAME_LENGTH
        return shortest <= len(run) <= longest and run.startswith(self.surnames)

    def names(self, text: str, taken: Iterable[tuple[int, int]] = ()) -> set[str]:
        """Names after titles and dotted names; a dot inside a ``taken`` span (a name of another label the
        knowledge base found: 中埃·泰达苏伊士经贸合作区) joins no person."""
        names = set()
        for match in self.after_title.finditer(text):
            # 国务委员兼外长杨志远: the name begins after the last title in the run
            edges = [edge.end() for edge in self.title.finditer(match[1])]
            run = match[1][edges[-1] :] if edges else match[1]
            if self.is_name(run.rstrip(NOT_IN_NAME)):
                names.add(run)
        taken = list(taken)
        for match in self.dotted.finditer(text):
            # “图帕克·卡塔里”通信卫星: a quoted name is the name of a thing
            if text[match.start() - 1 : match.start()] == "“" and text[match.end() : match.end() + 1] == "”":
                continue
            dot = match.start() + self.split.search(match[0]).start()
            if any(start <= dot < end for start, end in taken):
                continue
            # 萨尔瓦多·阿连德和巴勃罗·聂鲁达: no transliteration has 和, 与 or 及, so they join two names
            for run in self.joined.split(match[0]):
                # a real name has a few parts; a run of hundreds (阿·阿·阿…) is none, and taking every run of
                # its parts below would be quadratic
                if len(self.split.findall(run)) >= MAX_PARTS:
                    continue
                name = self.trim(run) if self.split.search(run) else None
                if name:
                    names.add(name)
        return {name.rstrip(NOT_IN_NAME) for name in names}

    def find(self, text: str, taken: Iterable[tuple[int, int]] = ()) -> Iterator[Match]:
        """Every mention of the names found, or of a run of their parts (穆罕默德·本·扎耶德 is later 穆罕默德总统;
        穆罕默德·夏巴兹·谢里夫 is later 夏巴兹·谢里夫 or 谢里夫)."""
        names = self.names(text, taken)
        for name in list(names):
            parts = self.split.split(name)
            separators = self.split.findall(name)
            for i in range(len(parts)):
                for j in range(i + 1, len(parts) + 1):
                    names.add(
                        parts[i]
                        + "".join(s + p for s, p in zip(separators[i : j - 1], parts[i + 1 : j], strict=True))
                    )
        for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
            for match in re.finditer(re.escape(name), text):
                yield (match.start(), match.end(), "PERSON", "")
