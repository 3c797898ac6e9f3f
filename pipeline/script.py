"""The text the pipeline analyses, and the map back to the text the user gave.

Rules, knowledge base and models are all written for simplified script with half-width digits and “” quotes. Input
in traditional script, with full-width digits or 「」 quotes is converted to that form for analysis, and every offset
found there is mapped back, so records always point into the user's original text.

Text that means the same is analysed the same: compatibility forms become their ordinary characters by NFKC
(Kangxi radicals from PDF copy-paste, ⽉ → 月, ⽇ → 日; full-width letters; ① → 1), and invisible format characters
that only hide names from matching are removed (bidirectional marks and isolates such as LRM, RLM, RLO, LRI; zero
widths; the Mongolian vowel separator; the combining grapheme joiner; variation selectors). NFKC is applied one
character at a time, and not to punctuation and spaces: the rules read Chinese punctuation (，；：！？（）), which
NFKC would turn into ASCII.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

# Width and quote forms that change no meaning; each is one character for one character.
_CHARACTER_FORMS = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "「": "“",
        "」": "”",
        "『": "‘",
        "』": "’",
        "\u3000": " ",
    }
)


def _is_invisible(char: str) -> bool:
    """Format characters (Unicode category Cf: LRM, RLM, RLO, LRI, ZWSP, MVS, soft hyphen …), the combining
    grapheme joiner and the variation selectors: nothing to see, nothing to analyse."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or code == 0x034F
        or 0x180B <= code <= 0x180F
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def _normal_form(char: str) -> str:
    """What one character becomes for analysis ("" when it is invisible)."""
    if _is_invisible(char):
        return ""
    mapped = char.translate(_CHARACTER_FORMS)
    if mapped != char or unicodedata.category(char)[0] in "PZ":
        return mapped
    return unicodedata.normalize("NFKC", char)


class _NormalForms(dict):
    """A ``str.translate`` table filled on first sight of each character (the text is translated in C)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _normal_form(chr(code))
        if len(value) != 1:
            _RESIZING.add(chr(code))
        return value


_TABLE = _NormalForms()
_RESIZING: set[str] = set()  # characters seen so far that become no character or several


def normalise_characters(original: str) -> tuple[str, tuple[int, ...] | None]:
    """The text with compatibility forms and invisible characters normalised, and the map of each of its
    characters to the original offset (None when every character stayed one character)."""
    text = original.translate(_TABLE)
    if len(text) == len(original) and not (_RESIZING & set(original)):
        return text, None
    mapping: list[int] = []
    for index, char in enumerate(original):
        mapping.extend([index] * len(_TABLE[ord(char)]))
    mapping.append(len(original))
    return text, tuple(mapping)


# Plain t2s leaves the Taiwan and Hong Kong forms of names unchanged (義大利, 奈及利亞, 網際網路), so the
# knowledge base written in mainland forms would miss them: OpenCC's tw2sp (Taiwan phrases) is used on text that
# shows Taiwan forms (lexicons/taiwan_markers.txt), hk2s (Hong Kong variants) on text where it changes anything.
TAIWAN_MARKERS_PATH = Path(__file__).parent / "lexicons" / "taiwan_markers.txt"
# Place names OpenCC's phrase tables lack (雪梨 → 悉尼, 坎培拉 → 堪培拉): one "regional<TAB>mainland" pair a line
REGIONAL_NAMES_PATH = Path(__file__).parent / "lexicons" / "regional_names.tsv"


@lru_cache(maxsize=4)
def _converter(config: str = "t2s") -> opencc.OpenCC:
    # OpenCC's own tables come with the opencc package, like spaCy's code with spaCy: a dependency, not our data
    return opencc.OpenCC(config)


def _lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#")]


class ScriptLexicons:
    """The project's data for script conversion: the Taiwan forms that choose tw2sp, and the regional place names
    OpenCC lacks. A saved pipeline carries its own copy (``communique_script``, ``components/script_lexicons.py``);
    ``bundled_lexicons()`` reads the source tree's files for the tools that work without a pipeline."""

    def __init__(self, taiwan_markers: list[str], regional_names: dict[str, str]) -> None:
        self.taiwan_markers = list(taiwan_markers)
        self.regional_names = dict(regional_names)
        self._markers = (
            re.compile("|".join(map(re.escape, self.taiwan_markers))) if self.taiwan_markers else None
        )
        names = sorted(self.regional_names, key=len, reverse=True)
        self._names = re.compile("|".join(map(re.escape, names))) if names else None

    @classmethod
    def from_files(cls, taiwan_markers: Path, regional_names: Path) -> ScriptLexicons:
        pairs = (line.split("\t")[:2] for line in _lines(regional_names))
        markers = [line.strip() for line in _lines(taiwan_markers)]
        return cls(markers, {regional: mainland for regional, mainland in pairs})

    def convert(self, text: str) -> tuple[str, str]:
        """Simplified text and the OpenCC configuration that made it ("none" for text already simplified).

        tw2sp when the text holds a Taiwan form (then the regional place names OpenCC lacks are mapped too: 雪梨 →
        悉尼), else hk2s when it differs from t2s (Hong Kong variant characters), else t2s."""
        plain = _converter("t2s").convert(text)
        if plain == text:
            return text, "none"
        if self._markers is not None and self._markers.search(text):
            converted = _converter("tw2sp").convert(text)
            if self._names is not None:
                converted = self._names.sub(lambda match: self.regional_names[match.group()], converted)
            # a text of both usages keeps Hong Kong's variant characters through tw2sp (衞 of 卫生, 安特卫普): hk2s maps
            # them, character for character, and leaves simplified text as it is
            return _converter("hk2s").convert(converted), "tw2sp"
        converted = _converter("hk2s").convert(text)
        return (converted, "hk2s") if converted != plain else (plain, "t2s")

    def analysis_text(self, original: str) -> AnalysisText:
        """Simplified script, half-width digits, “” quotes, compatibility forms normalised and invisible characters
        removed; with the offset map back to ``original``."""
        normalised, to_original = normalise_characters(original)
        converted, config = self.convert(normalised)
        # aligned in two steps, plain character conversion then the regional phrases: aligning the regional text
        # with the traditional one directly lets a rewritten name (三蘭港 → 达累斯萨拉姆) absorb its neighbours,
        # whose characters differ too (舉 → 举)
        steps = [normalised]
        if config in ("tw2sp", "hk2s"):
            steps.append(_converter("t2s").convert(normalised))
        steps.append(converted)
        for before, after in zip(steps, steps[1:], strict=False):
            if len(after) != len(before) or (before != after and after is converted and config != "t2s"):
                step = _alignment(before, after)
                to_original = step if to_original is None else tuple(to_original[i] for i in step)
        return AnalysisText(original, converted, to_original)


@lru_cache(maxsize=1)
def bundled_lexicons() -> ScriptLexicons:
    """The lexicons of the source tree (``lexicons/``), for the tools and tests that run without a pipeline."""
    return ScriptLexicons.from_files(TAIWAN_MARKERS_PATH, REGIONAL_NAMES_PATH)


def convert_script(text: str) -> tuple[str, str]:
    """``ScriptLexicons.convert`` with the bundled lexicons."""
    return bundled_lexicons().convert(text)


@dataclass(frozen=True)
class AnalysisText:
    """``text`` is what the pipeline sees; ``to_original[i]`` is the original offset of its character ``i``
    (with one extra entry for the end of the text)."""

    original: str
    text: str
    to_original: tuple[int, ...] | None  # None: offsets are the same in both texts

    @property
    def same_offsets(self) -> bool:
        """Every character kept its offset (also when a phrase conversion was aligned and changed no length)."""
        return self.to_original is None or all(i == j for i, j in enumerate(self.to_original))

    def analysis_offset(self, original: int) -> int:
        """The offset in the analysed text of the original offset ``original`` (the first analysed character that
        comes from it or after it): the inverse of ``to_original``, for gold spans written on the original text."""
        if self.to_original is None:
            return original
        return bisect.bisect_left(self.to_original, original)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map an end-exclusive span of the analysed text to the original text."""
        if self.to_original is None:
            return start, end
        if end <= start:
            position = self.to_original[start]
            return position, position
        begin = self.to_original[start]
        # a character inserted by the conversion shares the original of the one before it (桑吉巴 → 桑给巴尔): a
        # span that starts with it starts after that character
        if start > 0 and begin == self.to_original[start - 1] and begin + 1 <= self.to_original[end - 1]:
            begin += 1
        return begin, self.to_original[end - 1] + 1


def _alignment(original: str, converted: str) -> tuple[int, ...]:
    """Character alignment for conversions that changed the length (rare OpenCC phrase rewrites)."""
    mapping = [0] * (len(converted) + 1)
    matcher = difflib.SequenceMatcher(a=original, b=converted, autojunk=False)
    for _tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if a1 == a0:
            # inserted characters lengthen the original character before them (桑吉巴 → 桑给巴尔: 尔 is 巴's), so a
            # name that ends with them maps back to that character, not to the one after it
            for offset in range(b1 - b0):
                mapping[b0 + offset] = max(a0 - 1, 0)
            continue
        for offset in range(b1 - b0):
            # inside a replaced stretch, point at the nearest original character of that stretch; its last
            # character at the stretch's last, so that a name rewritten shorter (索馬利亞 → 索马里) maps back whole
            last = offset == b1 - b0 - 1 and a1 > a0
            mapping[b0 + offset] = a1 - 1 if last else a0 + min(offset, max(a1 - a0 - 1, 0))
    mapping[len(converted)] = len(original)
    return tuple(mapping)


def to_analysis_text(original: str) -> AnalysisText:
    """``ScriptLexicons.analysis_text`` with the bundled lexicons (the extractor uses its pipeline's own)."""
    return bundled_lexicons().analysis_text(original)
