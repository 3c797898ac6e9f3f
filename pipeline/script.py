"""The text the pipeline analyses, and the map back to the text the user gave.

Rules, knowledge base and models are all written for simplified script with half-width digits and “” quotes. Input
in traditional script, with full-width digits or 「」 quotes is converted to that form for analysis, and every offset
found there is mapped back, so records always point into the user's original text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class AnalysisText:
    """``text`` is what the pipeline sees; ``to_original[i]`` is the original offset of its character ``i``
    (with one extra entry for the end of the text)."""

    original: str
    text: str
    to_original: tuple[int, ...] | None  # None: offsets are the same in both texts

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map an end-exclusive span of the analysed text to the original text."""
        if self.to_original is None:
            return start, end
        if end <= start:
            position = self.to_original[start]
            return position, position
        return self.to_original[start], self.to_original[end - 1] + 1


def _alignment(original: str, converted: str) -> tuple[int, ...]:
    """Character alignment for conversions that changed the length (rare OpenCC phrase rewrites)."""
    mapping = [0] * (len(converted) + 1)
    matcher = difflib.SequenceMatcher(a=original, b=converted, autojunk=False)
    for _tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for offset in range(b1 - b0):
            # inside a replaced stretch, point at the nearest original character of that stretch
            mapping[b0 + offset] = a0 + min(offset, max(a1 - a0 - 1, 0))
    mapping[len(converted)] = len(original)
    return tuple(mapping)


def to_analysis_text(original: str) -> AnalysisText:
    """Simplified script, half-width digits, “” quotes; with the offset map back to ``original``."""
    converted = _converter().convert(original.translate(_CHARACTER_FORMS))
    if len(converted) == len(original):
        return AnalysisText(original, converted, None)
    return AnalysisText(original, converted, _alignment(original, converted))
