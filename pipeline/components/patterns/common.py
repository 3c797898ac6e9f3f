"""What several families share: the match tuple, ordinals, name characters and building alternations."""

import bisect
import re
from collections.abc import Iterable

Match = tuple[int, int, str, str]
ORDINAL = r"(?:第[0-9一二三四五六七八九十百]+|首)"
NAME_CHARS = r"[\u4e00-\u9fff0-9A-Za-z“”‘’－—\-·]"
# characters that end a name: particles, conjunctions, prepositions and common verbs between names
STOP_CHARS = "的和与及同在对向为是将把由等并也已于举"
# …but 自由, 和平, 对外 and 共同 are words of many names (自由工业园, 自由城, 和平安全论坛, 对外经济贸易部, 共同投资
# 基金, 共同市场): taken whole, their 由, 和, 对 and 同 end nothing (共同 only before a word of a name: 中俄共同|签署 is a
# clause)
NAME_WORDS_WITH_STOP_CHARS = ("自由", "和平", "对外", "共同(?=投资|市场|体|基金)")
NAME_CHAR = "(?:" + "|".join(NAME_WORDS_WITH_STOP_CHARS) + "|(?![" + STOP_CHARS + "])[\u4e00-\u9fff])"


def first_end_after(ends: list[int], start: int) -> int | None:
    """The first of the sorted ``ends`` after ``start`` (by bisect: a scan of every end for every match was
    quadratic on long texts), or None: where a name found inside a run ends."""
    index = bisect.bisect_right(ends, start)
    return ends[index] if index < len(ends) else None


def outermost(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans no other span contains, in text order (中国国家发展和改革委员会 over 国家发展和改革委员会)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or end > kept[-1][1]:
            if kept and start < kept[-1][1]:
                continue  # overlaps the one before without containing it: the earlier, longer one stays
            kept.append((start, end))
    return kept


def alternation(words: Iterable[str]) -> str:
    """Longest first, so that the regex engine tries 政府间合作委员会 before 委员会."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def compound_prefix(abbreviations: list[str]) -> str:
    """A China–partner prefix: 中国－中亚, 中国—拉共体, or 中 with one to three one-character state
    abbreviations (中乌, 中巴, 中坦), and the partner written out in brackets where the abbreviation is shared
    (中阿（联酋）)."""
    return (
        "(?:中国[－—-][\u4e00-\u9fff]{2,4}?|中["
        + "".join(abbreviations)
        + "]{1,3}(?:[（(][\u4e00-\u9fff]{1,5}[）)])?)"
    )


def transliterated_letters(alphabet: frozenset[str]) -> str:
    """A character class of the transliteration alphabet for names bounded by their run: the particles of
    ``STOP_CHARS`` are in the alphabet (在, 和 are parts of some names) but never start or join a name found by its
    head, 国 ends a state's name (蒙古国|东方省) and 各 starts a phrase (东南沿海|各省)."""
    return "[" + "".join(sorted(alphabet - set(STOP_CHARS) - {"国", "各"})) + "]"


def name_starts(
    text: str,
    run_start: re.Pattern,
    clause_verb: re.Pattern,
    word_starts: set[int] | None,
    glue: str,
    found_ends: Iterable[int] = (),
) -> list[int]:
    """Where a name found by its head may start, in text order: where a run of the alphabet starts (``run_start``),
    right after a verb of the clause whose characters are letters too (加强|罗斯托克港), or where a name found before
    it ends (``found_ends``: 俄罗斯|外贝加尔边疆区); never on the verb itself, and only where the segmenter starts a
    word (``word_starts``; all offsets when None), unless it glued the name to one of the particles or separators of
    ``glue`` before it (和金|三角经济特区, 同|蒂罗尔州)."""
    found = set(found_ends)
    starts = {run.start() for run in run_start.finditer(text)} | found
    starts.update(verb.end() for verb in clause_verb.finditer(text))
    kept = []
    for start in sorted(starts):
        if clause_verb.match(text, start):
            continue  # the name starts after the verb
        glued = text[start - 1 : start] in glue
        if word_starts is not None and start not in word_starts and start not in found and not glued:
            continue  # inside a word (双|方赞赏海湾 is no bay, 对方 no name)
        kept.append(start)
    return kept


# what a name may carry in brackets after it: a place, a partner or a short name of its own (中国－葡语国家经贸合作论坛
# （澳门）, 中国石油大学（北京）, 巴勒斯坦民族解放运动（法塔赫）)
BRACKETED = re.compile("[（(][\u4e00-\u9fff]{2,6}[）)]")


def bracketed_suffixes(ents: Iterable, text: str) -> Iterable[Match]:
    """A name of an institution, event or initiative and the bracket right after it that holds two to six Chinese
    characters are one name; ``ents``: the Doc's entities (Span objects)."""
    for ent in ents:
        if ent.label_ in ("ORG", "EVENT", "INITIATIVE"):
            bracket = BRACKETED.match(text, ent.end_char)
            if bracket:
                yield (ent.start_char, bracket.end(), ent.label_, ent.kb_id_)
