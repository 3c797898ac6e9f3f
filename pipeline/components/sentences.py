"""Sentence splitter for statements: a sentence ends at 。！？ (with the closing quotes after it) or a line break.

Not at ；— statements chain long clauses with semicolons, and the guidelines type the whole sentence.
"""

import re
from functools import lru_cache

import numpy
from communique.spans import doc_text, ensure_boundaries
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=8)
def sentence_pattern(end_punct: str, closing: str) -> re.Pattern:
    """A sentence: anything up to its end punctuation (with the closing quotes after it) or a line break."""
    return re.compile(
        f"[^\n{re.escape(end_punct)}]*(?:[{re.escape(end_punct)}]+[{re.escape(closing)}]*|\n|$)"
    )


def sentence_bounds(
    text: str, end_punct: str = "。！？!?", closing: str = "”’」』）)"
) -> list[tuple[int, int]]:
    """(start, end) of every non-blank sentence, without surrounding whitespace."""
    pattern = sentence_pattern(end_punct, closing)
    bounds = []
    for match in pattern.finditer(text):
        chunk = match.group()
        stripped = chunk.strip()
        if not stripped:
            continue
        start = match.start() + (len(chunk) - len(chunk.lstrip()))
        bounds.append((start, start + len(stripped)))
    return bounds


class StatementSentencizer:
    def __init__(self, name: str, *, end_punct: str, closing: str) -> None:
        self.name = name
        self.end_punct = end_punct
        self.closing = closing

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        bounds = sentence_bounds(text, self.end_punct, self.closing)
        doc = ensure_boundaries(doc, (offset for bound in bounds for offset in bound))
        starts = {start for start, _ in bounds}
        # one array write: Token.is_sent_start's setter scans the whole Doc on every call (quadratic in length)
        offsets = doc.to_array([IDX]).tolist()
        flags = [1 if index == 0 or idx in starts else -1 for index, idx in enumerate(offsets)]
        doc.from_array([SENT_START], numpy.array(flags, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("communique_sentencizer", default_config={"end_punct": "。！？!?", "closing": "”’」』）)"})
def make_sentencizer(nlp: Language, name: str, end_punct: str, closing: str) -> StatementSentencizer:
    return StatementSentencizer(name, end_punct=end_punct, closing=closing)
